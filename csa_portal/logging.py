"""Keep secrets that travel in URLs out of every log line.

A candidate's sign-in link (and, later, an assessment invitation) carries its token in the
path. The paths that carry one are listed in ``settings.SECRET_PATH_PREFIXES``; whatever
follows such a prefix, up to the next slash or quote, is replaced before a record is written.
"""

import logging
import re

from django.conf import settings


def secret_path_pattern(prefixes) -> re.Pattern:
    alternatives = "|".join(re.escape(prefix) for prefix in prefixes)
    return re.compile(rf"({alternatives})[^/\s\"'?&]+")


class RedactSecretPaths(logging.Filter):
    def __init__(self, name: str = "") -> None:
        super().__init__(name)
        self.prefixes = tuple(settings.SECRET_PATH_PREFIXES)
        self.pattern = secret_path_pattern(self.prefixes)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(prefix in message for prefix in self.prefixes):
            record.msg = self.pattern.sub(r"\1[redacted]", message)
            record.args = ()
        return True
