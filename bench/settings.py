"""Settings for the benchmark: the project's settings, plus the bench URLs (a bare view).

``bench/run.py`` sets the environment (DEBUG=0, DATABASE_URL, SECRET_KEY, STATIC_ROOT...)
before these are imported, so this is the production configuration with one extra URL.

For the apply load test, three changes from production: the rate limits on applying are
lifted (thousands of posts come from one address), mail goes to Django's dummy backend (with
Celery eager, every application's confirmation is sent in-process and the console backend
would print each one), and resumes are stored under ``BENCH_MEDIA_ROOT``, a temporary folder
``run.py`` deletes afterwards.

``BENCH_PAGE_CACHE=1`` (``run.py --page-cache``) is an experiment, not the app as shipped:
Django's per-site cache middleware with a per-process memory cache, to measure what caching
whole anonymous pages would give (docs/performance.md).
"""

import os
import tempfile
from pathlib import Path

from csa_portal.settings import *  # noqa: F403
from csa_portal.settings import MIDDLEWARE, RATE_LIMITS

ROOT_URLCONF = "bench.urls"

RATE_LIMITS = {scope: (10**9, window) for scope, (_, window) in RATE_LIMITS.items()}
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
MEDIA_ROOT = Path(
    os.environ.get("BENCH_MEDIA_ROOT") or Path(tempfile.gettempdir()) / "csa-bench-media"
)

if os.environ.get("BENCH_PAGE_CACHE") == "1":
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    CACHE_MIDDLEWARE_SECONDS = 60
    CACHE_MIDDLEWARE_KEY_PREFIX = "bench"
    MIDDLEWARE = [
        "django.middleware.cache.UpdateCacheMiddleware",
        *MIDDLEWARE,
        "django.middleware.cache.FetchFromCacheMiddleware",
    ]
