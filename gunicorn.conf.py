"""gunicorn's settings for CSA Portal: ``gunicorn -c gunicorn.conf.py csa_portal.wsgi``.

The reason this file exists: gunicorn writes its own access log, outside Django's logging,
and a candidate's sign-in link carries its token in the path (and, from the page it opens,
in the Referer). Every gunicorn log line passes through the same filter as Django's
(``csa_portal.logging.RedactSecretPaths``, ``SECRET_PATH_PREFIXES``), so no token reaches a
log file. Command-line flags still override what is here (``--bind``, ``--workers``).
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csa_portal.settings")

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# nginx buffers whole requests and answers slow clients itself: a worker only ever waits on
# our own code, so a request that takes longer than this is stuck, not slow.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
accesslog = "-"
errorlog = "-"

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_tokens": {"()": "csa_portal.logging.RedactSecretPaths"}},
    "formatters": {
        "access": {"format": "%(message)s"},
        "generic": {"format": "%(asctime)s [%(process)d] [%(levelname)s] %(message)s"},
    },
    "handlers": {
        "access": {
            "class": "logging.StreamHandler",
            "formatter": "access",
            "filters": ["redact_tokens"],
            "stream": "ext://sys.stdout",
        },
        "error": {
            "class": "logging.StreamHandler",
            "formatter": "generic",
            "filters": ["redact_tokens"],
            "stream": "ext://sys.stderr",
        },
    },
    "root": {"level": "INFO", "handlers": ["error"]},
    "loggers": {
        "gunicorn.access": {"level": "INFO", "handlers": ["access"], "propagate": False},
        "gunicorn.error": {"level": "INFO", "handlers": ["error"], "propagate": False},
    },
}
