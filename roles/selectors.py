"""Reads of role profiles that several pages share. The cached ones are in ``board_cache``."""

from django.db import connection
from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, When
from django.db.models.expressions import RawSQL

from csa_portal.access import StaffGroup, group_names, is_recruiting

from .models import RoleProfile, RoleRevision

# On PostgreSQL, migration 0004 keeps a generated ``search_vector`` column with a GIN index.
WEBSEARCH = "websearch_to_tsquery('english'::regconfig, %s)"


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


def board_city_names() -> list[str]:
    """Cities with at least one live role, for the location filter."""
    rows = live_revisions().exclude(city="").order_by().values_list("city", flat=True)
    return sorted(set(rows.distinct()))


def live_revision_by_slug(slug: str) -> RoleRevision | None:
    return live_revisions().filter(role__slug=slug).first()


# What a board card shows (templates/roles/_role_card.html) and what its key needs.
CARD_FIELDS = (
    "title", "summary", "workplace", "employment_type", "currency", "pay_minimum",
    "pay_maximum", "pay_period", "published_at", "role__slug", "role__team", "role__city",
    "role__region", "role__country", "role__workplace", "role__remote_eligibility",
    "role__valid_through", "role__updated_at",
)  # fmt: skip


def board_list(revisions: QuerySet[RoleRevision]) -> QuerySet[RoleRevision]:
    """Only what a board card needs: forty model instances a page, each kept small."""
    return revisions.only(*CARD_FIELDS)


def search_revisions(revisions: QuerySet[RoleRevision], query: str) -> QuerySet[RoleRevision]:
    """The revisions where every word matches, those whose title matches first, then newest.

    PostgreSQL matches stemmed words through the stored ``search_vector`` (migration 0004)
    and tests the title on ``title_vector`` (0005); SQLite looks for each word as written.
    Either way a search for "team lead" lists "Customer Service Team Lead" before a role
    that mentions leading a team in its duties. Ordering by ``ts_rank`` instead read every
    match's whole vector, the search's main cost on a large board.
    """
    query = query.strip()
    if not query:
        return revisions
    if connection.vendor == "postgresql":
        # The stored columns are not model fields, so the tests are written in SQL; the
        # query text is always a bound parameter.
        table = RoleRevision._meta.db_table
        match = f"{table}.search_vector @@ {WEBSEARCH}"
        matching = revisions.extra(where=[match], params=[query])  # noqa: S610  # nosec B610 # constant SQL
        in_title = RawSQL(  # noqa: S611  # nosec B611 # constant SQL
            f"{table}.title_vector @@ {WEBSEARCH}", [query], output_field=BooleanField()
        )
    else:
        words = query.split()[:10]
        condition = Q()
        title_condition = Q()
        for word in words:
            condition &= Q(search_document__icontains=word)
            title_condition &= Q(title__icontains=word)
        matching = revisions.filter(condition)
        in_title = Case(
            When(title_condition, then=True), default=False, output_field=BooleanField()
        )
    return matching.annotate(in_title=in_title).order_by("-in_title", "-published_at", "-pk")


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
