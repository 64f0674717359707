"""Fill the bench database with thousands of published roles, quickly.

The six demo roles are created and published through the real code (``create_demo_role`` and
``publish_role``), so their snapshots are exactly what the app writes. Every other role is a
variant of one of them (title, team, city, workplace, employment type, pay), inserted with
``bulk_create`` in batches: a draft RoleProfile, its RoleRevision with the adjusted snapshot
and every denormalized column the board filters on, then one ``bulk_update`` that publishes
the batch (the ``role_published_has_revision`` constraint needs the revision first).

The generated profiles have no child rows (responsibilities, qualifications, pay...): the
public board and role page render the revision's snapshot and never read them, and skipping
them keeps generation to seconds. Staff pages for a generated role therefore look empty.

Needs Django set up with ``bench.settings`` (``bench/run.py`` does it).
"""

import random
import time
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from roles.demo import create_demo_role
from roles.demo_content import DEMO_ROLES
from roles.models import (
    EmploymentType,
    RoleLevel,
    RoleProfile,
    RoleRevision,
    RoleStatus,
    Workplace,
)
from roles.money import annual_amount, pay_range_label
from roles.selectors import live_revisions
from roles.services import publish_role, search_document

BENCH_USERNAME = "bench-recruiter"

# (city, state): big and mid-sized US cities, so the location filter has ~60 choices.
CITIES = (
    ("New York", "New York"),
    ("Los Angeles", "California"),
    ("Chicago", "Illinois"),
    ("Houston", "Texas"),
    ("Phoenix", "Arizona"),
    ("Philadelphia", "Pennsylvania"),
    ("San Antonio", "Texas"),
    ("San Diego", "California"),
    ("Dallas", "Texas"),
    ("Jacksonville", "Florida"),
    ("Austin", "Texas"),
    ("Fort Worth", "Texas"),
    ("San Jose", "California"),
    ("Columbus", "Ohio"),
    ("Charlotte", "North Carolina"),
    ("Indianapolis", "Indiana"),
    ("San Francisco", "California"),
    ("Seattle", "Washington"),
    ("Denver", "Colorado"),
    ("Oklahoma City", "Oklahoma"),
    ("Nashville", "Tennessee"),
    ("Washington", "District of Columbia"),
    ("El Paso", "Texas"),
    ("Las Vegas", "Nevada"),
    ("Boston", "Massachusetts"),
    ("Detroit", "Michigan"),
    ("Portland", "Oregon"),
    ("Louisville", "Kentucky"),
    ("Memphis", "Tennessee"),
    ("Baltimore", "Maryland"),
    ("Milwaukee", "Wisconsin"),
    ("Albuquerque", "New Mexico"),
    ("Tucson", "Arizona"),
    ("Fresno", "California"),
    ("Sacramento", "California"),
    ("Mesa", "Arizona"),
    ("Atlanta", "Georgia"),
    ("Kansas City", "Missouri"),
    ("Colorado Springs", "Colorado"),
    ("Omaha", "Nebraska"),
    ("Raleigh", "North Carolina"),
    ("Miami", "Florida"),
    ("Virginia Beach", "Virginia"),
    ("Long Beach", "California"),
    ("Oakland", "California"),
    ("Minneapolis", "Minnesota"),
    ("Tulsa", "Oklahoma"),
    ("Tampa", "Florida"),
    ("Arlington", "Texas"),
    ("Wichita", "Kansas"),
    ("Cleveland", "Ohio"),
    ("New Orleans", "Louisiana"),
    ("Honolulu", "Hawaii"),
    ("Boise", "Idaho"),
    ("Salt Lake City", "Utah"),
    ("Pittsburgh", "Pennsylvania"),
    ("Cincinnati", "Ohio"),
    ("St. Louis", "Missouri"),
    ("Orlando", "Florida"),
    ("Richmond", "Virginia"),
    ("Des Moines", "Iowa"),
    ("Buffalo", "New York"),
)

# (title suffix, team): what distinguishes one variant of a role from another.
SPECIALTIES = (
    ("", None),
    (" - Billing", "Billing Support"),
    (" - Payments", "Payments"),
    (" - Returns", "Returns and Refunds"),
    (" - Escalations", "Escalations"),
    (" - Onboarding", "Customer Onboarding"),
    (" - Retail", "Retail Support"),
    (" - Healthcare", "Patient Support"),
    (" - Travel", "Travel Desk"),
    (" - Telecom", "Telecom Support"),
    (" - Insurance", "Insurance Claims"),
    (" (Night Shift)", None),
    (" (Spanish/English)", "Bilingual Support"),
)
PREFIXES = (("", None), ("", None), ("", None), ("Senior ", RoleLevel.SENIOR))

WORKPLACES = (Workplace.ON_SITE, Workplace.HYBRID, Workplace.REMOTE)
WORKPLACE_WEIGHTS = (45, 30, 25)
EMPLOYMENT_TYPES = (
    EmploymentType.FULL_TIME,
    EmploymentType.PART_TIME,
    EmploymentType.CONTRACT,
    EmploymentType.TEMPORARY,
)
EMPLOYMENT_WEIGHTS = (70, 15, 10, 5)
PAY_STEPS = {"hour": Decimal("0.25"), "month": Decimal(50), "year": Decimal(500)}


def _bench_user():
    user, created = get_user_model().objects.get_or_create(
        username=BENCH_USERNAME, defaults={"first_name": "Bench", "last_name": "Recruiter"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def template_snapshots() -> list[dict]:
    """The published snapshot of each demo role, creating and publishing any that are missing."""
    user = _bench_user()
    snapshots = []
    for data in DEMO_ROLES:
        slug = slugify(data["title"])
        role = RoleProfile.objects.filter(slug=slug).first()
        if role is None:
            role = create_demo_role(data, owner=user, managers=[user])
            publish_role(role=role, by=user)
        revision = RoleRevision.objects.filter(role__slug=slug).order_by("-number").first()
        snapshots.append(revision.snapshot)
    return snapshots


def _round_pay(amount: Decimal, period: str) -> Decimal:
    step = PAY_STEPS[period]
    return ((amount / step).to_integral_value(ROUND_HALF_UP) * step).quantize(Decimal("0.01"))


def _variant(rng: random.Random, template: dict, sequence: int, today, now) -> tuple:
    """A new draft profile and its (unsaved) revision, varied from ``template``."""
    prefix, level = rng.choice(PREFIXES)
    suffix, team = rng.choice(SPECIALTIES)
    title = f"{prefix}{template['title']}{suffix}"[:120]
    team = team or template["team"]
    city, region = rng.choice(CITIES)
    workplace = rng.choices(WORKPLACES, WORKPLACE_WEIGHTS)[0]
    employment_type = rng.choices(EMPLOYMENT_TYPES, EMPLOYMENT_WEIGHTS)[0]
    schedule = dict(template["schedule"])
    if employment_type == EmploymentType.PART_TIME:
        schedule["hours_per_week"] = rng.choice((20, 24, 25, 30))
    hours = schedule["hours_per_week"]

    pay = dict(template["compensation"])
    period = pay["pay_period"]
    factor = Decimal(rng.randint(85, 125)) / 100
    minimum = _round_pay(Decimal(pay["minimum"]) * factor, period)
    maximum = max(minimum, _round_pay(Decimal(pay["maximum"]) * factor, period))
    pay.update(
        minimum=str(minimum),
        maximum=str(maximum),
        range_label=pay_range_label(pay["currency"], minimum, maximum, period),
    )

    profile = RoleProfile(
        title=title,
        slug=f"{slugify(f'{title} {city}')[:120]}-{sequence}",
        family=template["family"],
        level=level or template["level"],
        team=team,
        summary=template["summary"],
        city=city,
        region=region,
        country="US",
        workplace=workplace,
        remote_eligibility="United States" if workplace == Workplace.REMOTE else "",
        employment_type=employment_type,
        shift_pattern=schedule["shift_pattern"],
        hours_per_week=hours,
        coverage=schedule["coverage"],
        channels=[channel["code"] for channel in template["channels"]],
        openings=rng.randint(1, 12),
        status=RoleStatus.DRAFT,
        valid_through=today + timedelta(days=rng.randint(21, 120)),
    )
    snapshot = {
        **template,
        "title": title,
        "slug": profile.slug,
        "level": profile.level,
        "level_label": RoleLevel(profile.level).label,
        "team": team,
        "location": {
            "city": city,
            "region": region,
            "country": "US",
            "workplace": workplace,
            "workplace_label": Workplace(workplace).label,
            "remote_eligibility": profile.remote_eligibility,
            "label": profile.location_label,
        },
        "employment_type": employment_type,
        "employment_type_label": EmploymentType(employment_type).label,
        "schedule": schedule,
        "openings": profile.openings,
        "valid_through": profile.valid_through.isoformat(),
        "compensation": pay,
    }
    revision = RoleRevision(
        number=1,
        snapshot=snapshot,
        published_at=now - timedelta(seconds=rng.randint(60, 60 * 86400)),
        title=title,
        summary=profile.summary,
        city=city,
        region=region,
        country="US",
        workplace=workplace,
        employment_type=employment_type,
        currency=pay["currency"],
        pay_period=period,
        pay_minimum=minimum,
        pay_maximum=maximum,
        annual_pay_maximum=annual_amount(maximum, period, hours),
        search_document=search_document(snapshot),
    )
    return profile, revision


def _insert_batch(pairs: list[tuple]) -> None:
    with transaction.atomic():
        profiles = RoleProfile.objects.bulk_create([profile for profile, _ in pairs])
        revisions = []
        for profile, revision in pairs:
            revision.role = profile
            revisions.append(revision)
        RoleRevision.objects.bulk_create(revisions)
        for profile, revision in pairs:
            profile.status = RoleStatus.PUBLISHED
            profile.current_revision = revision
            profile.published_at = revision.published_at
        RoleProfile.objects.bulk_update(
            profiles, ["status", "current_revision", "published_at"], batch_size=len(profiles)
        )


def generate_roles(count: int, *, batch: int = 1000, seed: int = 2026, log=print) -> dict:
    """Make sure at least ``count`` roles are live on the board; returns what was done."""
    started = time.monotonic()
    templates = template_snapshots()
    live = live_revisions().count()
    if live >= count:
        log(f"generate: {live} live roles already, none added")
        return {"live_before": live, "created": 0, "seconds": round(time.monotonic() - started, 2)}

    rng = random.Random(seed + live)
    missing = count - live
    today, now = timezone.localdate(), timezone.now()
    last_pk = RoleProfile.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    created = 0
    while created < missing:
        size = min(batch, missing - created)
        pairs = [
            _variant(rng, rng.choice(templates), last_pk + created + n + 1, today, now)
            for n in range(size)
        ]
        _insert_batch(pairs)
        created += size
        log(f"generate: {created}/{missing} roles inserted ({time.monotonic() - started:.1f} s)")

    insert_seconds = time.monotonic() - started
    with connection.cursor() as cursor:
        # Autovacuum would get there eventually; the bench should not depend on when.
        cursor.execute("VACUUM (ANALYZE) roles_roleprofile, roles_rolerevision")
    seconds = time.monotonic() - started
    live_after = live_revisions().count()
    log(
        f"generate: {created} roles in {seconds:.1f} s "
        f"(inserts {insert_seconds:.1f} s, vacuum/analyze {seconds - insert_seconds:.1f} s); "
        f"{live_after} live"
    )
    return {
        "live_before": live,
        "created": created,
        "live_after": live_after,
        "insert_seconds": round(insert_seconds, 2),
        "seconds": round(seconds, 2),
    }
