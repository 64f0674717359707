"""Reads of role profiles that several pages share."""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from csa_portal.access import StaffGroup, group_names

from .models import RoleProfile, RoleRevision, RoleStatus

SEARCH_CONFIG = "english"
# Must match the expression of the GIN index created in migration 0002 on PostgreSQL.
SEARCH_VECTOR = SearchVector("search_document", config=SEARCH_CONFIG)


def live_revisions() -> QuerySet[RoleRevision]:
    """The published revision of every role on the public board today, newest first."""
    return (
        RoleRevision.objects.filter(
            role__status=RoleStatus.PUBLISHED,
            role__valid_through__gte=timezone.localdate(),
            role__current_revision=F("pk"),
        )
        .select_related("role")
        .order_by("-published_at", "-pk")
    )


def board_list(revisions: QuerySet[RoleRevision]) -> QuerySet[RoleRevision]:
    """What a board card needs, without the heavy snapshot and search text."""
    return revisions.defer("snapshot", "search_document", "role__summary")


def search_revisions(revisions: QuerySet[RoleRevision], query: str) -> QuerySet[RoleRevision]:
    """Full-text search on PostgreSQL (ranked, stemmed); every word must match elsewhere."""
    query = query.strip()
    if not query:
        return revisions
    if connection.vendor == "postgresql":
        search = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        return (
            revisions.annotate(document=SEARCH_VECTOR)
            .filter(document=search)
            .annotate(rank=SearchRank(F("document"), search))
            .order_by("-rank", "-published_at", "-pk")
        )
    condition = Q()
    for word in query.split()[:10]:
        condition &= Q(search_document__icontains=word)
    return revisions.filter(condition)


def board_cities() -> list[str]:
    """Cities with at least one live role, for the location filter."""
    cities = live_revisions().exclude(city="").order_by().values_list("city", flat=True).distinct()
    return sorted(set(cities))


def live_revision_for_slug(slug: str) -> RoleRevision | None:
    return live_revisions().filter(role__slug=slug).first()


def roles_visible_to(user) -> QuerySet[RoleProfile]:
    """Recruiters and admins see every role; a hiring manager only the roles they manage."""
    groups = group_names(user)
    roles = RoleProfile.objects.all()
    if groups & {StaffGroup.RECRUITER, StaffGroup.ADMIN}:
        return roles
    if StaffGroup.HIRING_MANAGER in groups:
        return roles.filter(hiring_managers=user)
    return roles.none()


def can_edit_roles(user) -> bool:
    return bool(group_names(user) & {StaffGroup.RECRUITER, StaffGroup.ADMIN})


def role_for_editing(pk: int) -> RoleProfile:
    return (
        RoleProfile.objects.prefetch_related(
            "responsibilities",
            "qualifications",
            "kpi_targets",
            "career_steps",
            "screening_questions",
            "hiring_managers",
        )
        .select_related("training", "compensation", "current_revision", "owner")
        .get(pk=pk)
    )
