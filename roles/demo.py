"""Load the demo role profiles into the database and publish them (used by ``seed_demo``)."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from csa_portal.access import StaffGroup

from . import services
from .board_cache import bump_board_version
from .demo_content import DEMO_ROLES
from .models import (
    CareerStep,
    Compensation,
    KpiTarget,
    Qualification,
    Responsibility,
    RoleProfile,
    RoleRevision,
    RoleStatus,
    ScreeningQuestion,
    Training,
)


def _decimal(value: str) -> Decimal | None:
    return Decimal(value) if value not in ("", None) else None


def create_demo_role(data: dict, *, owner, managers) -> RoleProfile:
    role = RoleProfile(
        title=data["title"],
        slug=slugify(data["title"]),
        owner=owner,
        valid_through=timezone.localdate() + timedelta(days=data["valid_for_days"]),
        **{
            key: data[key]
            for key in (
                "family", "level", "team", "summary", "city", "region", "country", "workplace",
                "remote_eligibility", "employment_type", "shift_pattern", "hours_per_week",
                "coverage", "channels", "openings",
            )
        },
    )  # fmt: skip
    role.full_clean()
    role.save()
    role.hiring_managers.set(managers)
    children = [
        Responsibility(role=role, position=n, category=category, text=text)
        for n, (category, text) in enumerate(data["responsibilities"], 1)
    ]
    children += [
        Qualification(role=role, position=n, kind=kind, category=category, text=text)
        for n, (kind, category, text) in enumerate(data["qualifications"], 1)
    ]
    children += [
        KpiTarget(
            role=role, position=n, metric=metric, comparator=comparator,
            value=Decimal(value), unit=unit, channel=channel, note=note,
        )
        for n, (metric, comparator, value, unit, channel, note) in enumerate(data["kpis"], 1)
    ]  # fmt: skip
    children += [
        CareerStep(
            role=role, position=n, title=title, after_months_min=low, after_months_max=high,
            typical_raise_percent=raise_percent,
        )
        for n, (title, low, high, raise_percent) in enumerate(data["career_steps"], 1)
    ]  # fmt: skip
    children += [
        ScreeningQuestion(
            role=role, position=n, text=text, answer_type=answer_type,
            knockout_when=rule, knockout_value=_decimal(value),
        )
        for n, (text, answer_type, rule, value) in enumerate(data["screening_questions"], 1)
    ]  # fmt: skip
    children += [
        Training(role=role, **data["training"]),
        Compensation(
            role=role,
            **{
                **data["compensation"],
                "minimum": Decimal(data["compensation"]["minimum"]),
                "maximum": Decimal(data["compensation"]["maximum"]),
            },
        ),
    ]
    for child in children:
        child.full_clean()
        child.save()
    return role


# How long ago each demo role (in DEMO_ROLES order) was posted: a history of about five
# months, so "posted", applications over time and time to hire have something to show.
POSTED_DAYS_AGO = [150, 124, 96, 68, 40, 19]


def demo_slugs() -> list[str]:
    return [slugify(data["title"]) for data in DEMO_ROLES]


def seed_roles(*, users: dict, stdout=None) -> None:
    """Create and publish each demo role once; later runs leave existing roles alone."""
    owner = users[StaffGroup.RECRUITER]
    managers = [users[StaffGroup.HIRING_MANAGER]]
    created = 0
    for n, data in enumerate(DEMO_ROLES):
        if RoleProfile.objects.filter(slug=slugify(data["title"])).exists():
            continue
        role = create_demo_role(data, owner=owner, managers=managers)
        services.publish_role(role=role, by=owner)
        backdate_role(role, days_ago=POSTED_DAYS_AGO[n % len(POSTED_DAYS_AGO)])
        created += 1
    # A role whose closing date passed is re-dated so the demo board is never empty.
    for role in RoleProfile.objects.filter(
        slug__in=[slugify(d["title"]) for d in DEMO_ROLES],
        valid_through__lt=timezone.localdate(),
    ):
        role.valid_through = timezone.localdate() + timedelta(days=30)
        role.status = RoleStatus.DRAFT if role.status == RoleStatus.CLOSED else role.status
        role.save(update_fields=["valid_through", "status"])
        services.publish_role(role=role, by=owner)
    if stdout:
        stdout.write(f"Demo roles: {created} published, {len(DEMO_ROLES) - created} already there.")


def backdate_role(role: RoleProfile, *, days_ago: int) -> None:
    """Written a few days before it was posted ``days_ago`` days ago, open long enough since."""
    posted = timezone.now() - timedelta(days=days_ago)
    RoleProfile.objects.filter(pk=role.pk).update(
        created_at=posted - timedelta(days=3), published_at=posted
    )
    RoleRevision.objects.filter(role=role).update(published_at=posted)
    services.sync_board_listing(role_ids=[role.pk])
    bump_board_version()


def reset_roles(*, role_slugs: list[str] | None = None, stdout=None) -> None:
    """Delete the demo roles (``seed_demo --reset``); their applications are gone by now."""
    roles = RoleProfile.objects.filter(slug__in=role_slugs or demo_slugs())
    RoleProfile.objects.filter(pk__in=roles).update(current_revision=None, status=RoleStatus.DRAFT)
    services.sync_board_listing(role_ids=roles.values_list("pk", flat=True))
    RoleRevision.objects.filter(role__in=roles).delete()
    deleted = roles.delete()[1].get("roles.RoleProfile", 0)
    bump_board_version()
    if stdout:
        stdout.write(f"Demo roles: {deleted} removed.")
