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
from django.http import HttpResponse, QueryDict
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from .memo import MISSING, LocalMemo
from .models import RoleProfile, RoleRevision
from .selectors import board_city_names, live_revision_by_slug

BOARD_VERSION_KEY = "roles:board-version"
BOARD_CACHE_SECONDS = 300
NOT_LIVE = "not-live"  # cached too, so unknown slugs do not reach the database each time
# Page answers worth sharing: a page and a closed role's notice. Not 404: every made-up slug
# would be an entry of its own.
SHARED_STATUSES = frozenset({200, 410})

# In each process, beside the shared cache (roles/memo.py):
# * the board-wide reads (count, cities) under their shared key, so a miss in the shared cache
#   (or the cache down) costs PostgreSQL at most once per process every LOCAL_READ_SECONDS.
#   With the cache up the key carries the board version, so a change still shows at once;
#   with it down the version is unknown and a change shows within LOCAL_READ_SECONDS.
# * each role card's HTML, keyed by everything the card shows (the revision, which never
#   changes, the role's last save, the day for "Posted today"): never stale, only evicted.
LOCAL_READ_SECONDS = 30
LOCAL_CARD_SECONDS = 24 * 3600
_local_reads = LocalMemo(64)
_local_cards = LocalMemo(4000)  # about 1.5 KB each: a few MB per process at most
# * the plain board's cards, page by page, under the board version and the day: a board URL
#   the page cache leaves alone (a tracking parameter, a page number written another way)
#   costs no query for its list. Only while the shared cache vouches for the version.
_local_pages = LocalMemo(100)  # 20 cards each: a few MB per process at most
# * each role page's body, rendered from its revision's snapshot, which never changes.
_local_bodies = LocalMemo(300)  # about 12 KB each
# * the unfiltered board's search form, keyed by the city list it offers.
_local_forms = LocalMemo(8)  # about 8 KB each


def board_version() -> int:
    """A number that changes whenever the board's content may have changed."""
    return _board_version()[0]


def _board_version() -> tuple[int, bool]:
    """The version, and whether the shared cache vouched for it (not while it is down)."""
    version = cache.get(BOARD_VERSION_KEY)
    if version is not None:
        return version, True
    cache.add(BOARD_VERSION_KEY, 1, timeout=None)
    return 1, False


def bump_board_version() -> None:
    """Called after a publish, close or expiry commits: cached board reads are now stale."""
    if not cache.add(BOARD_VERSION_KEY, 2, timeout=None):
        try:
            cache.incr(BOARD_VERSION_KEY)
        except ValueError:
            cache.set(BOARD_VERSION_KEY, 2, timeout=None)


def board_cache_key(name: str) -> str:
    return f"roles:{name}:{board_version()}:{timezone.localdate().isoformat()}"


def _board_read(name: str, compute):
    """A board-wide read: this process's memo, then the shared cache, then the database."""
    key = board_cache_key(name)
    value = _local_reads.get(key)
    if value is MISSING:
        value = cache.get(key)
        if value is None:
            value = compute()
            cache.set(key, value, BOARD_CACHE_SECONDS)
        _local_reads.set(key, value, LOCAL_READ_SECONDS)
    return value


def live_role_count() -> int:
    """How many roles are on the board; cached until the board changes."""
    return _board_read("count", lambda: RoleProfile.objects.live().count())


def board_cities() -> list[str]:
    """Cities with at least one live role, for the location filter; cached with the board."""
    return _board_read("cities", board_city_names)


def role_cards(revisions) -> list[SafeString]:
    """The HTML of each board card, rendered once per process for what it shows.

    Half of a board page's rendering was its twenty cards; a card only changes when its
    revision, its role or the day does, so those make its key.
    """
    today = timezone.localdate()
    cards = []
    for revision in revisions:
        key = (revision.pk, revision.role_id, revision.role.updated_at, today)
        card = _local_cards.get(key)
        if card is MISSING:
            card = render_to_string("roles/_role_card.html", {"revision": revision})
            _local_cards.set(key, card, LOCAL_CARD_SECONDS)
        cards.append(card)
    return cards


def plain_board_cards(page) -> list[SafeString]:
    """The cards of one page of the unfiltered board, kept per process with the board.

    Only under a board version the shared cache vouched for, so a publish anywhere shows at
    once. With the cache down no process can learn of another's publish: the list is then
    read every time, as the newest roles matter more than the count beside them.
    """
    version, vouched = _board_version()
    if not vouched:
        return role_cards(page.object_list)
    key = (version, timezone.localdate(), page.number)
    cards = _local_pages.get(key)
    if cards is MISSING:
        cards = role_cards(page.object_list)
        _local_pages.set(key, cards, LOCAL_READ_SECONDS)
    return cards


def role_body(revision: RoleRevision) -> SafeString:
    """The role page's body for a published revision, rendered once per process."""
    body = _local_bodies.get(revision.pk)
    if body is MISSING:
        body = render_to_string("roles/_role_body.html", {"role": revision.snapshot})
        _local_bodies.set(revision.pk, body, LOCAL_CARD_SECONDS)
    return body


def unfiltered_form_html(filters) -> SafeString:
    """The search and filters as the unfiltered board shows them, rendered once per process.

    Every visitor of the plain board sees the same form, but for the cities it offers; making
    it afresh (django-filter copies its fields and the form for each request) was a fifth of a
    board page's time when the page cache could not help.
    """
    key = tuple(filters.cities)
    html = _local_forms.get(key)
    if html is MISSING:
        html = render_to_string("roles/_board_filters.html", {"filters": filters})
        _local_forms.set(key, html, LOCAL_CARD_SECONDS)
    return html


def forget_local() -> None:
    """Empty this process's memos (tests, and whoever swaps the shared cache)."""
    _local_reads.clear()
    _local_cards.clear()
    _local_pages.clear()
    _local_bodies.clear()
    _local_forms.clear()


def live_revision_for_slug(slug: str) -> RoleRevision | None:
    """The revision a role's page and apply form show; cached until the board changes."""
    key = board_cache_key(f"revision:{slug}")
    revision = cache.get(key)
    if revision is None:
        revision = live_revision_by_slug(slug) or NOT_LIVE
        cache.set(key, revision, BOARD_CACHE_SECONDS)
    return None if revision == NOT_LIVE else revision


def bare_url_only(query: QueryDict) -> str | None:
    """For pages that take no query parameters: only the bare URL is cached."""
    return "" if not query else None


def cached_for_visitors(view=None, *, canonical_query=bare_url_only):
    """Serve anonymous GETs of public pages from the cache until the board changes.

    A cached page is served to everyone, so it may hold nothing that came from the request
    that made it:

    * Only a request whose cookies cannot change the page is served from the cache or made
      into an entry: none, or only the CSRF cookie (``PAGE_NEUTRAL_COOKIES``). The session,
      the signed ``messages`` cookie (replayable by anyone who once received it) and any
      cookie we do not know bypass the cache both ways.
    * Only canonical URLs are cached: ``canonical_query`` turns the query string into the
      key's part, or None for a URL the cache leaves alone (unknown or repeated parameters,
      free text). The key space stays bounded by what the board offers, not by what a
      client can type.
    * Nothing is stored when the view set a cookie, used the CSRF token, changed the session,
      added a message, or marked its response private or no-store, or answered with anything
      but 200 or 410 (a 404 for every made-up slug would be one more entry each).

    The key carries the board version, which publishing, closing and expiry bump, so a change
    shows at once.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            query = canonical_query(request.GET) if _page_is_shared(request) else None
            if query is None:
                return view(request, *args, **kwargs)
            digest = hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()
            key = board_cache_key(f"page:{digest}")
            cached = cache.get(key)
            if cached is not None:
                status, content_type, content = cached
                return HttpResponse(content, content_type=content_type, status=status)
            response = view(request, *args, **kwargs)
            if _may_be_shared(request, response):
                entry = (response.status_code, response["Content-Type"], response.content)
                cache.set(key, entry, BOARD_CACHE_SECONDS)
            return response

        return wrapped

    return decorator(view) if view is not None else decorator


def page_neutral_cookies() -> frozenset[str]:
    """Cookies that never change a cached page (a page that renders a CSRF token is never
    stored, so the CSRF cookie cannot matter to one that is)."""
    return frozenset({settings.CSRF_COOKIE_NAME})


def _page_is_shared(request) -> bool:
    return request.method == "GET" and not (request.COOKIES.keys() - page_neutral_cookies())


def _may_be_shared(request, response) -> bool:
    if response.status_code not in SHARED_STATUSES or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control:
        return False
    # Each of these ends up in the response after this decorator returns (the CSRF and
    # message middleware set their cookies then), so it is checked on the request.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    return not getattr(getattr(request, "_messages", None), "added_new", False)
