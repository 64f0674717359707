"""Keep sign-in tokens out of logs: a request path can carry one (/candidate/login/<token>/)."""

import logging
import re

TOKEN_PATH = re.compile(r"(/candidate/login/)[^/\s\"']+")


class RedactSignInTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/candidate/login/" in message:
            record.msg = TOKEN_PATH.sub(r"\1[redacted]", message)
            record.args = ()
        return True
