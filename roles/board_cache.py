"""The public board's cache, and its invalidation, in one place.

Board reads (the count of live roles, the city list, a role's live revision, whole pages
for anonymous visitors) are cached under a *board version*. Publishing, closing, an edit
to a published role and the expiry job bump the version after they commit, so every
cached read is stale at once without deleting keys one by one. Entries also carry the day,
because a role's closing date ends its life at midnight without any write.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone

from .models import RoleProfile, RoleRevision
from .selectors import board_city_names, live_revision_by_slug

BOARD_VERSION_KEY = "roles:board-version"
BOARD_CACHE_SECONDS = 300
NOT_LIVE = "not-live"  # cached too, so unknown slugs do not reach the database each time


def board_version() -> int:
    """A number that changes whenever the board's content may have changed."""
    version = cache.get(BOARD_VERSION_KEY)
    if version is None:
        version = 1
        cache.add(BOARD_VERSION_KEY, version, timeout=None)
    return version


def bump_board_version() -> None:
    """Called after a publish, close or expiry commits: cached board reads are now stale."""
    if not cache.add(BOARD_VERSION_KEY, 2, timeout=None):
        try:
            cache.incr(BOARD_VERSION_KEY)
        except ValueError:
            cache.set(BOARD_VERSION_KEY, 2, timeout=None)


def board_cache_key(name: str) -> str:
    return f"roles:{name}:{board_version()}:{timezone.localdate().isoformat()}"


def live_role_count() -> int:
    """How many roles are on the board; cached until the board changes."""
    key = board_cache_key("count")
    count = cache.get(key)
    if count is None:
        count = RoleProfile.objects.live().count()
        cache.set(key, count, BOARD_CACHE_SECONDS)
    return count


def board_cities() -> list[str]:
    """Cities with at least one live role, for the location filter; cached with the board."""
    key = board_cache_key("cities")
    cities = cache.get(key)
    if cities is None:
        cities = board_city_names()
        cache.set(key, cities, BOARD_CACHE_SECONDS)
    return cities


def live_revision_for_slug(slug: str) -> RoleRevision | None:
    """The revision a role's page and apply form show; cached until the board changes."""
    key = board_cache_key(f"revision:{slug}")
    revision = cache.get(key)
    if revision is None:
        revision = live_revision_by_slug(slug) or NOT_LIVE
        cache.set(key, revision, BOARD_CACHE_SECONDS)
    return None if revision == NOT_LIVE else revision


def cached_for_visitors(view):
    """Serve anonymous GETs of public pages from the cache until the board changes.

    Only requests without a session cookie are cached: their page holds nothing personal
    (no staff navigation, no messages, no form token). The key carries the board version,
    which publishing, closing and expiry bump, so a change shows at once.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return view(request, *args, **kwargs)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = board_cache_key(f"page:{path}")
        cached = cache.get(key)
        if cached is not None:
            status, content_type, content = cached
            return HttpResponse(content, content_type=content_type, status=status)
        response = view(request, *args, **kwargs)
        if response.status_code in {200, 404, 410} and not response.cookies:
            entry = (response.status_code, response["Content-Type"], response.content)
            cache.set(key, entry, BOARD_CACHE_SECONDS)
        return response

    return wrapped
