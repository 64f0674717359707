"""Every change to a role profile that carries a business rule."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from csa_portal.formsets import save_ordered

from .board_cache import bump_board_version
from .models import (
    BoardListing,
    Compensation,
    QualificationKind,
    RoleProfile,
    RoleRevision,
    RoleStatus,
    Training,
    Workplace,
)
from .money import annual_amount
from .snapshot import build_snapshot


class RoleNotPublishable(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


class RoleStateError(Exception):
    """The action does not fit the role's status (closing a draft, editing an archive...)."""


class RoleUnchanged(RoleStateError):
    """Publishing again would copy the revision candidates already see."""

    def __init__(self, revision: RoleRevision):
        self.revision = revision
        super().__init__(
            f"Nothing has changed since revision {revision.number} was published, so there is "
            "nothing new to publish: candidates already see this version."
        )


# A published role's listing row, from the role and its current revision (migration 0006
# fills the table the same way). The search vectors exist only on PostgreSQL.
LISTING_COLUMNS = (
    "role_id, revision_id, published_at, valid_through, workplace, employment_type, city, "
    "annual_pay_maximum"
)
LISTING_VALUES = (
    "p.id, r.id, r.published_at, p.valid_through, r.workplace, r.employment_type, r.city, "
    "r.annual_pay_maximum"
)
LISTING_VECTORS = (", search_vector, title_vector", ", r.search_vector, r.title_vector")


def sync_board_listing(*, role_ids) -> None:
    """Make the board's listing agree with these roles: one row for each published one.

    Every write that changes a role's status, current revision, closing date or publication
    time calls it in its own transaction, so the search (``selectors.live_listings``) lists
    exactly the live revisions. Two statements, whatever the number of roles.
    """
    role_ids = [int(pk) for pk in role_ids]
    if not role_ids:
        return
    BoardListing.objects.filter(role_id__in=role_ids).delete()
    columns, values = LISTING_COLUMNS, LISTING_VALUES
    if connection.vendor == "postgresql":
        columns, values = columns + LISTING_VECTORS[0], values + LISTING_VECTORS[1]
    placeholders = ", ".join(["%s"] * len(role_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {BoardListing._meta.db_table} ({columns}) SELECT {values} "  # noqa: S608  # nosec B608 # constant SQL, ids bound
            f"FROM {RoleProfile._meta.db_table} p JOIN {RoleRevision._meta.db_table} r "
            f"ON r.id = p.current_revision_id WHERE p.status = %s AND p.id IN ({placeholders})",
            [RoleStatus.PUBLISHED.value, *role_ids],
        )


def unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:120].strip("-") or "role"
    taken = set(
        RoleProfile.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    if base not in taken:
        return base
    suffix = 2
    while f"{base}-{suffix}" in taken:
        suffix += 1
    return f"{base}-{suffix}"


@transaction.atomic
def save_role_draft(
    *, profile_form, training_form, compensation_form, children: dict, by
) -> RoleProfile:
    """Save a role and all its sections in one transaction; a new role gets a slug and owner.

    ``children`` holds a validated inline formset per ``RoleProfile.CHILD_RELATIONS`` name.
    Editing a published role changes the draft only: candidates keep seeing the published
    revision until the role is published again.
    """
    if set(children) != set(RoleProfile.CHILD_RELATIONS):
        raise ValueError(f"Expected a formset for each of {RoleProfile.CHILD_RELATIONS}.")
    role = profile_form.save(commit=False)
    if role.status == RoleStatus.ARCHIVED:
        raise RoleStateError("An archived role cannot be edited. Duplicate it instead.")
    if role.pk is None:
        role.slug = unique_slug(role.title)
        role.owner = by
    role.save()
    profile_form.save_m2m()
    for form in (training_form, compensation_form):
        section = form.save(commit=False)
        section.role = role
        section.save()
    for formset in children.values():
        formset.instance = role
        save_ordered(formset)
    if role.status == RoleStatus.PUBLISHED:
        # The board reads the closing date live, so an edit to it must reach the board.
        sync_board_listing(role_ids=[role.pk])
        transaction.on_commit(bump_board_version)
    return role


def publication_problems(role: RoleProfile) -> list[str]:
    """Why ``role`` cannot be published yet, in words a recruiter can act on."""
    problems = []
    if not role.responsibilities.exists():
        problems.append("Add at least one responsibility, so candidates know what the job is.")
    if not role.qualifications.filter(kind=QualificationKind.REQUIRED).exists():
        problems.append("Add at least one required qualification.")
    pay = Compensation.objects.filter(role=role).first()
    if pay is None or pay.minimum is None or pay.maximum is None:
        problems.append(
            "Give a pay range (minimum and maximum): roles without pay are not published."
        )
    elif pay.minimum > pay.maximum:
        problems.append("The pay minimum is above the maximum.")
    if pay is not None and not pay.currency:
        problems.append("Choose the currency of the pay range.")
    if role.workplace == Workplace.REMOTE:
        if not (role.remote_eligibility or role.country):
            problems.append("Say where remote applicants may live (for example 'United States').")
    elif not (role.city and role.country):
        problems.append("Give the city and country of the workplace, or make the role remote.")
    if role.valid_through is None:
        problems.append("Set a closing date.")
    elif role.valid_through < timezone.localdate():
        problems.append("The closing date has passed: choose a date in the future.")
    return problems


@transaction.atomic
def publish_role(*, role: RoleProfile, by) -> RoleRevision:
    """Check the role is complete, freeze what candidates will read, and put it on the board."""
    role = RoleProfile.objects.select_for_update().get(pk=role.pk)
    if role.status == RoleStatus.ARCHIVED:
        raise RoleStateError("An archived role cannot be published. Duplicate it instead.")
    problems = publication_problems(role)
    if problems:
        raise RoleNotPublishable(problems)
    snapshot = build_snapshot(role)
    if matches_current_revision(role, snapshot):
        raise RoleUnchanged(role.current_revision)
    pay = role.compensation
    number = (role.revisions.aggregate(last=Max("number"))["last"] or 0) + 1
    now = timezone.now()
    revision = RoleRevision.objects.create(
        role=role,
        number=number,
        snapshot=snapshot,
        published_at=now,
        published_by=by,
        title=role.title,
        summary=role.summary,
        city=role.city,
        region=role.region,
        country=role.country,
        workplace=role.workplace,
        employment_type=role.employment_type,
        currency=pay.currency,
        pay_period=pay.pay_period,
        pay_minimum=pay.minimum,
        pay_maximum=pay.maximum,
        annual_pay_maximum=annual_amount(pay.maximum, pay.pay_period, role.hours_per_week),
        search_document=search_document(snapshot),
    )
    role.current_revision = revision
    role.status = RoleStatus.PUBLISHED
    role.published_at = now
    role.closed_at = None
    role.save(update_fields=["current_revision", "status", "published_at", "closed_at"])
    sync_board_listing(role_ids=[role.pk])
    transaction.on_commit(bump_board_version)
    return revision


def matches_current_revision(role: RoleProfile, snapshot: dict) -> bool:
    """Whether ``role`` is on the board exactly as ``snapshot`` (its ``build_snapshot``) reads.

    A closed role is never a match: publishing it again puts it back on the board.
    """
    revision = role.current_revision
    if role.status != RoleStatus.PUBLISHED or revision is None:
        return False
    return _as_stored(snapshot) == revision.snapshot


def _as_stored(snapshot: dict) -> dict:
    """The snapshot as the revision's JSON column gives it back, so the two compare equal."""
    return json.loads(json.dumps(snapshot, cls=DjangoJSONEncoder))


def search_document(snapshot: dict) -> str:
    parts = [snapshot["title"], snapshot["team"], snapshot["summary"]]
    parts += [item["text"] for item in snapshot["responsibilities"]]
    for items in snapshot["qualifications"].values():
        parts += [item["text"] for item in items]
    return "\n".join(part for part in parts if part)


@transaction.atomic
def close_role(*, role: RoleProfile, by=None) -> RoleProfile:
    """Take a role off the board. Its applications and revisions stay."""
    role = RoleProfile.objects.select_for_update().get(pk=role.pk)
    if role.status != RoleStatus.PUBLISHED:
        raise RoleStateError("Only a published role can be closed.")
    role.status = RoleStatus.CLOSED
    role.closed_at = timezone.now()
    role.save(update_fields=["status", "closed_at"])
    sync_board_listing(role_ids=[role.pk])
    transaction.on_commit(bump_board_version)
    return role


@transaction.atomic
def archive_role(*, role: RoleProfile, by=None) -> RoleProfile:
    role = RoleProfile.objects.select_for_update().get(pk=role.pk)
    if role.status == RoleStatus.PUBLISHED:
        raise RoleStateError("Close the role before archiving it.")
    if role.status == RoleStatus.ARCHIVED:
        raise RoleStateError("The role is already archived.")
    role.status = RoleStatus.ARCHIVED
    role.save(update_fields=["status"])
    sync_board_listing(role_ids=[role.pk])
    return role


@transaction.atomic
def close_expired_roles(*, today=None) -> int:
    """Close every published role whose closing date has passed; returns how many."""
    expired = list(
        RoleProfile.objects.expired(today=today).select_for_update().values_list("pk", flat=True)
    )
    closed = RoleProfile.objects.filter(pk__in=expired).update(
        status=RoleStatus.CLOSED, closed_at=timezone.now()
    )
    sync_board_listing(role_ids=expired)
    if closed:
        transaction.on_commit(bump_board_version)
    return closed


@transaction.atomic
def duplicate_role(*, role: RoleProfile, by) -> RoleProfile:
    """A new draft with the same content, owned by ``by``, ready to edit and publish."""
    source = RoleProfile.objects.prefetch_related(
        *RoleProfile.CHILD_RELATIONS, "hiring_managers"
    ).get(pk=role.pk)
    managers = list(source.hiring_managers.all())
    copy = RoleProfile.objects.get(pk=source.pk)
    copy.pk = None
    copy.title = f"{source.title} (copy)"[:120]
    copy.slug = unique_slug(copy.title)
    copy.status = RoleStatus.DRAFT
    copy.current_revision = None
    copy.published_at = copy.closed_at = None
    copy.valid_through = None
    copy.owner = by
    copy.save()
    copy.hiring_managers.set(managers)
    for relation in RoleProfile.CHILD_RELATIONS:
        children = list(getattr(source, relation).all())
        for child in children:
            child.pk = None
            child.role = copy
        if children:
            type(children[0]).objects.bulk_create(children)
    for section in (Training, Compensation):
        existing = section.objects.filter(role=source).first()
        if existing:
            existing.pk = None
            existing.role = copy
            existing.save()
    return copy
