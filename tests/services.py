"""Real services that some tests need, and what to do when one is missing.

Under ``CI=true`` a missing service is a failure: CI promises PostgreSQL, Redis and Chromium,
so a test that cannot reach them must say so loudly. Elsewhere (``make test`` on a laptop
with the embedded defaults) the test is skipped with the reason.
"""

import os
import shutil
import socket

import pytest
from django.conf import settings
from django.db import connection

IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def missing(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


def port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        missing(f"the database is {connection.vendor}, not PostgreSQL (set DATABASE_URL)")


def require_broker() -> None:
    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url:
        missing("no CELERY_BROKER_URL is set, so tasks run eagerly and no worker can be tested")
        return
    from kombu.utils.url import url_to_parts

    parts = url_to_parts(url)
    if not port_open(parts.hostname or "127.0.0.1", parts.port or 6379):
        missing(f"the broker at {parts.hostname}:{parts.port} does not answer")


def chromium_path() -> str | None:
    candidates = [os.environ.get("CHROMIUM_PATH"), "chromium", "chromium-browser"]
    for candidate in candidates:
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


def require_chromium() -> str:
    path = chromium_path()
    if not path:
        missing("no system Chromium found (apt-get install -y chromium, or set CHROMIUM_PATH)")
    return path


def database_url_for_current_connection() -> str:
    """A DATABASE_URL naming the database this test process uses (the test database)."""
    db = settings.DATABASES["default"]
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}{host}{port}/{connection.settings_dict['NAME']}"
