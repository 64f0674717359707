"""Reads of role profiles that several pages share. The cached ones are in ``board_cache``."""

from functools import lru_cache

from django.db import connection
from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Q, QuerySet, When, Window
from django.db.models.expressions import RawSQL
from django.utils import timezone

from csa_portal.access import StaffGroup, group_names, is_recruiting

from .models import BoardListing, RoleProfile, RoleRevision

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


def live_listings(*, today=None) -> QuerySet[BoardListing]:
    """The listing rows (``BoardListing``) of the roles on the board today.

    A row exists only for a published role, so of the live rule (``RoleProfile.objects.live``)
    only the closing date is left to test: at midnight a role leaves the search without a
    write, as it leaves the board.
    """
    return BoardListing.objects.filter(valid_through__gte=today or timezone.localdate())


def search_listings(listings: QuerySet[BoardListing], query: str) -> QuerySet[BoardListing]:
    """The listings where every word matches, those whose title matches first, then newest.

    PostgreSQL matches stemmed words through the listing's copy of the revision's
    ``search_vector`` (migrations 0004, 0006) and tests the title on ``title_vector`` (0005);
    SQLite looks for each word as written in the revision. Either way a search for "team
    lead" lists "Customer Service Team Lead" before a role that mentions leading a team in
    its duties. Ordering by ``ts_rank`` instead read every match's whole vector.
    """
    query = query.strip()
    if not query:
        return listings
    if connection.vendor == "postgresql":
        # The stored columns are not model fields, so the tests are written in SQL; the
        # query text is always a bound parameter.
        table = BoardListing._meta.db_table
        match = f"{table}.search_vector @@ {WEBSEARCH}"
        matching = listings.extra(where=[match], params=[query])  # noqa: S610  # nosec B610 # constant SQL
        in_title = RawSQL(  # noqa: S611  # nosec B611 # constant SQL
            f"{table}.title_vector @@ {WEBSEARCH}", [query], output_field=BooleanField()
        )
    else:
        words = query.split()[:10]
        condition = Q()
        title_condition = Q()
        for word in words:
            condition &= Q(revision__search_document__icontains=word)
            title_condition &= Q(revision__title__icontains=word)
        matching = listings.filter(condition)
        in_title = Case(
            When(title_condition, then=True), default=False, output_field=BooleanField()
        )
    return matching.annotate(in_title=in_title).order_by(
        "-in_title", "-published_at", "-revision_id"
    )


def listing_cards(
    listings: QuerySet[BoardListing], start: int, stop: int
) -> tuple[list[RoleRevision], int | None]:
    """``listings[start:stop]`` as revisions ready for their cards, and how many match.

    One query: the page of listing rows with ``COUNT(*) OVER ()``, and only then, for those
    rows alone, the revision and role columns a card shows (``CARD_FIELDS``). Joining them
    before the page is cut would probe both tables for every match. Returns ``([], None)``
    for a page past the end (no row to carry the count).
    """
    page = listings.annotate(total=Window(Count("*"))).values(
        "revision_id", "in_title", "published_at", "total"
    )[start:stop]
    page_sql, params = page.query.sql_with_params()
    revision_fields, role_fields = _card_columns()
    columns = [f"r.{field.column}" for field in revision_fields]
    columns += [f"p.{field.column}" for field in role_fields]
    sql = (
        f"SELECT page.total, {', '.join(columns)} FROM ({page_sql}) page "  # noqa: S608  # nosec B608 # columns from the models
        f"JOIN {RoleRevision._meta.db_table} r ON r.id = page.revision_id "
        f"JOIN {RoleProfile._meta.db_table} p ON p.id = r.role_id "
        "ORDER BY page.in_title DESC, page.published_at DESC, page.revision_id DESC"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    revisions = []
    revision_convert = _converters(revision_fields)
    role_convert = _converters(role_fields)
    split = 1 + len(revision_fields)  # after the count, the revision's columns, then the role's
    for row in rows:
        revision = RoleRevision.from_db(
            connection.alias,
            [field.attname for field in revision_fields],
            _convert(row[1:split], revision_convert),
        )
        revision.role = RoleProfile.from_db(
            connection.alias,
            [field.attname for field in role_fields],
            _convert(row[split:], role_convert),
        )
        revisions.append(revision)
    return revisions, (rows[0][0] if rows else None)


@lru_cache(maxsize=1)
def _card_columns() -> tuple[list, list]:
    """The revision's and the role's fields in ``CARD_FIELDS``, in their models' order."""
    revision_names = {"id", "role"} | {name for name in CARD_FIELDS if "__" not in name}
    role_names = {"id"} | {name[6:] for name in CARD_FIELDS if name.startswith("role__")}
    return (
        [f for f in RoleRevision._meta.concrete_fields if f.name in revision_names],
        [f for f in RoleProfile._meta.concrete_fields if f.name in role_names],
    )


def _converters(fields) -> list[tuple]:
    """What the ORM applies to each column read from the database (dates on SQLite...)."""
    result = []
    for field in fields:
        column = field.get_col(field.model._meta.db_table)
        converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        result.append((column, converters))
    return result


def _convert(values, converters) -> list:
    converted = []
    for value, (column, functions) in zip(values, converters, strict=True):
        for function in functions:
            value = function(value, column, connection)
        converted.append(value)
    return converted


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
