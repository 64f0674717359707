"""Fixed-window rate limits on the cache, for the public endpoints that send mail or store files.

django-ratelimit refuses Django's own Redis and local-memory caches in its system checks,
and this needs only an atomic counter per key, so it is a few lines here instead.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is trivially forged unless a trusted proxy sets it.
    return request.META.get("REMOTE_ADDR", "unknown")


def hit(scope: str, identity: str) -> bool:
    """Count one request; True while ``identity`` is within the limit for ``scope``."""
    limit, window = settings.RATE_LIMITS[scope]
    digest = hashlib.sha256(identity.strip().lower().encode()).hexdigest()[:32]
    key = f"rate:{scope}:{digest}"
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return True
    return count <= limit
