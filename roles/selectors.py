"""Reads of role profiles that several pages share."""

from django.core.cache import cache
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from csa_portal.access import StaffGroup, group_names, is_recruiting

from .models import RoleProfile, RoleRevision

# On PostgreSQL, migration 0004 keeps a generated ``search_vector`` column with a GIN index.
WEBSEARCH = "websearch_to_tsquery('english'::regconfig, %s)"
BOARD_VERSION_KEY = "roles:board-version"
BOARD_CACHE_SECONDS = 300
NOT_LIVE = "not-live"  # cached too, so unknown slugs do not reach the database each time


def live_revisions() -> QuerySet[RoleRevision]:
    """The published revision of every role on the public board today, newest first.

    A semi-join (``EXISTS``) rather than a join on two columns: PostgreSQL estimates it
    correctly and walks the ``published_at`` index, stopping after one page of rows.
    """
    live_role = RoleProfile.objects.live().filter(current_revision=OuterRef("pk"))
    return (
        RoleRevision.objects.filter(Exists(live_role))
        .select_related("role")
        .order_by("-published_at", "-pk")
    )


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


def board_list(revisions: QuerySet[RoleRevision]) -> QuerySet[RoleRevision]:
    """What a board card needs, without the heavy snapshot and search text."""
    return revisions.defer("snapshot", "search_document", "role__summary")


def search_revisions(revisions: QuerySet[RoleRevision], query: str) -> QuerySet[RoleRevision]:
    """Full-text search on PostgreSQL (ranked, stemmed); every word must match elsewhere."""
    query = query.strip()
    if not query:
        return revisions
    if connection.vendor == "postgresql":
        # The stored column is not a model field, so the match and rank are written in SQL;
        # the query text is always a bound parameter.
        table = RoleRevision._meta.db_table
        return (
            revisions.extra(where=[f"{table}.search_vector @@ {WEBSEARCH}"], params=[query])  # noqa: S610
            .annotate(rank=RawSQL(f"ts_rank({table}.search_vector, {WEBSEARCH})", [query]))  # noqa: S611
            .order_by("-rank", "-published_at", "-pk")
        )
    condition = Q()
    for word in query.split()[:10]:
        condition &= Q(search_document__icontains=word)
    return revisions.filter(condition)


def board_cities() -> list[str]:
    """Cities with at least one live role, for the location filter; cached with the board."""
    key = board_cache_key("cities")
    cities = cache.get(key)
    if cities is None:
        rows = live_revisions().exclude(city="").order_by().values_list("city", flat=True)
        cities = sorted(set(rows.distinct()))
        cache.set(key, cities, BOARD_CACHE_SECONDS)
    return cities


def live_revision_for_slug(slug: str) -> RoleRevision | None:
    """The revision a role's page and apply form show; cached until the board changes."""
    key = board_cache_key(f"revision:{slug}")
    revision = cache.get(key)
    if revision is None:
        revision = live_revisions().filter(role__slug=slug).first() or NOT_LIVE
        cache.set(key, revision, BOARD_CACHE_SECONDS)
    return None if revision == NOT_LIVE else revision


def roles_visible_to(user) -> QuerySet[RoleProfile]:
    """Recruiters and admins see every role; a hiring manager only the roles they manage."""
    roles = RoleProfile.objects.all()
    if is_recruiting(user):
        return roles
    if StaffGroup.HIRING_MANAGER in group_names(user):
        return roles.filter(hiring_managers=user)
    return roles.none()


def role_for_editing(pk: int) -> RoleProfile:
    return (
        RoleProfile.objects.prefetch_related(*RoleProfile.CHILD_RELATIONS, "hiring_managers")
        .select_related("training", "compensation", "current_revision", "owner")
        .get(pk=pk)
    )
