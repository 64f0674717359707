"""Settings for the benchmark: the project's settings, plus the bench URLs (a bare view).

``bench/run.py`` sets the environment (DEBUG=0, DATABASE_URL, SECRET_KEY, STATIC_ROOT...)
before these are imported, so this is the production configuration with one extra URL.

``BENCH_PAGE_CACHE=1`` (``run.py --page-cache``) is an experiment, not the app as shipped:
Django's per-site cache middleware with a per-process memory cache, to measure what caching
whole anonymous pages would give (docs/performance.md).
"""

import os

from csa_portal.settings import *  # noqa: F403
from csa_portal.settings import MIDDLEWARE

ROOT_URLCONF = "bench.urls"

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
