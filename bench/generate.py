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

``generate_applications`` then grows the data to a million applications over those roles
(one role with 5,000) in bulk SQL: see its docstring.

Needs Django set up with ``bench.settings`` (``bench/run.py`` does it).
"""

import json
import random
import time
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.urls import reverse
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
from roles.services import publish_role, search_document, sync_board_listing

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
        sync_board_listing(role_ids=[profile.pk for profile in profiles])


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


# --- applications ---------------------------------------------------------------------------

# Generated applications carry a placeholder resume path under this prefix (no file exists):
# it tells them apart from the ones the apply load test posts, which store real files.
GENERATED_RESUME_PREFIX = "resumes/bench/"

FIRST_NAMES = (
    "Aaliyah", "Aaron", "Abigail", "Adam", "Adrian", "Aisha", "Alejandro", "Alex", "Alicia",
    "Amanda", "Amir", "Ana", "Andre", "Andrea", "Angela", "Anthony", "Ashley", "Ayesha", "Ben",
    "Brandon", "Brianna", "Camila", "Carlos", "Carmen", "Chen", "Chloe", "Chris", "Daniel",
    "Daniela", "David", "Deepa", "Destiny", "Diego", "Dmitri", "Elena", "Elijah", "Emily",
    "Emma", "Eric", "Fatima", "Gabriel", "Grace", "Hannah", "Hector", "Hiroshi", "Imani",
    "Isabella", "Jacob", "Jamal", "James", "Jasmine", "Javier", "Jennifer", "Jessica", "Jin",
    "Jordan", "Jose", "Joseph", "Joshua", "Juan", "Julia", "Kayla", "Kevin", "Keisha", "Kim",
    "Laura", "Leah", "Lucas", "Luis", "Madison", "Malik", "Maria", "Mariana", "Mark",
    "Marcus", "Mei", "Michael", "Michelle", "Miguel", "Mohammed", "Nadia", "Natalie", "Nia",
    "Noah", "Olivia", "Omar", "Pablo", "Patricia", "Priya", "Rachel", "Rahul", "Rebecca",
    "Ricardo", "Robert", "Rosa", "Ryan", "Samantha", "Sara", "Sean", "Sofia", "Sophia",
    "Stephanie", "Tamika", "Taylor", "Thomas", "Tiffany", "Tyler", "Valentina", "Victor",
    "Wei", "William", "Xavier", "Yesenia", "Yusuf", "Zoe",
)  # fmt: skip
LAST_NAMES = (
    "Adams", "Ahmed", "Alexander", "Ali", "Allen", "Alvarez", "Anderson", "Baker", "Banks",
    "Bell", "Bennett", "Brooks", "Brown", "Bryant", "Campbell", "Carter", "Castillo", "Chavez",
    "Chen", "Clark", "Collins", "Cook", "Cooper", "Cruz", "Davis", "Diaz", "Edwards", "Evans",
    "Flores", "Foster", "Garcia", "Gomez", "Gonzalez", "Gray", "Green", "Gupta", "Gutierrez",
    "Hall", "Harris", "Hernandez", "Hill", "Howard", "Hughes", "Jackson", "James", "Jenkins",
    "Johnson", "Jones", "Kaur", "Kelly", "Khan", "Kim", "King", "Lee", "Lewis", "Li", "Lopez",
    "Martin", "Martinez", "Mendoza", "Miller", "Mitchell", "Moore", "Morales", "Morgan",
    "Morris", "Murphy", "Myers", "Nelson", "Nguyen", "O'Brien", "Ortiz", "Parker", "Patel",
    "Perez", "Peterson", "Phillips", "Price", "Ramirez", "Reed", "Reyes", "Richardson",
    "Rivera", "Roberts", "Robinson", "Rodriguez", "Rogers", "Ross", "Ruiz", "Sanchez",
    "Sanders", "Scott", "Shah", "Singh", "Smith", "Stewart", "Sullivan", "Taylor", "Thomas",
    "Thompson", "Torres", "Tran", "Turner", "Walker", "Wang", "Ward", "Washington", "Watson",
    "White", "Williams", "Wilson", "Wong", "Wood", "Wright", "Young", "Zhang",
)  # fmt: skip
EMAIL_DOMAINS = ("example.com", "example.net", "example.org")
# (where the application came from, weight)
SOURCES = (
    ("job board", 60),
    ("LinkedIn", 15),
    ("Indeed", 12),
    ("referral", 8),
    ("careers fair", 5),
)

EMPLOYERS = (
    "Northwind Traders", "Contoso Telecom", "Fabrikam Insurance", "Tailspin Travel",
    "Wide World Importers", "Litware Health", "Adventure Works Retail", "Proseware Bank",
    "Blue Yonder Airlines", "Coho Utilities", "Lucerne Publishing", "Margie's Travel",
    "Alpine Ski House", "Woodgrove Bank", "Trey Research", "City Power & Light",
    "Southridge Video", "Humongous Insurance", "Relecloud", "VanArsdel Foods",
)  # fmt: skip
JOB_TITLES = (
    "Customer Service Representative", "Contact Center Agent", "Customer Support Specialist",
    "Technical Support Agent", "Billing Specialist", "Team Lead, Customer Care",
    "Help Desk Analyst", "Client Services Associate", "Patient Access Representative",
    "Retail Sales Associate", "Claims Processor", "Collections Agent", "Front Desk Agent",
)  # fmt: skip
DUTIES = (
    "Answered 60-80 inbound calls a day on billing and account questions",
    "Resolved chat and email tickets in Zendesk within a 4-hour first-response target",
    "Kept CSAT above 92 % over twelve months",
    "Handled escalations from frustrated customers and wrote up the root cause",
    "Processed refunds, returns and chargebacks in Salesforce Service Cloud",
    "Trained six new starters on the knowledge base and call flow",
    "Reduced average handle time from 7:40 to 6:10 by rewriting macros",
    "Supported Spanish-speaking customers by phone and chat",
    "Troubleshot internet and mobile connectivity with customers step by step",
    "Verified identity and protected payment data to PCI DSS rules",
    "Logged every contact in Freshdesk with clear notes for the next shift",
    "Covered evening and weekend shifts on a rotating schedule",
    "Scheduled appointments and explained insurance coverage to patients",
    "Met a quality score of 95 % on monitored calls",
    "Worked through a backlog of 400 emails after a product recall",
)  # fmt: skip
SKILLS = (
    "Zendesk", "Salesforce Service Cloud", "Freshdesk", "ServiceNow", "Microsoft Excel",
    "Google Workspace", "typing 65 wpm", "de-escalation", "active listening", "bilingual "
    "Spanish/English", "HIPAA", "PCI DSS", "Five9", "Genesys Cloud", "Intercom", "Jira",
    "knowledge base writing", "SQL basics", "Shopify", "Stripe dashboard", "Avaya",
    "live chat", "coaching", "quality assurance", "workforce management",
)  # fmt: skip
SUMMARIES = (
    "Patient, organised support professional who likes solving problems on the first contact.",
    "Calm under pressure; used to busy queues and clear targets.",
    "Moving from retail into remote customer support after five years on the shop floor.",
    "Enjoys explaining technical things in plain words to people of every age.",
    "Reliable team player looking for a long-term role with room to grow into a team lead.",
    "Experienced with billing disputes and keeping customers who want to cancel.",
)  # fmt: skip
EDUCATION = (
    "High school diploma", "Associate degree, Business Administration",
    "BA, Communication", "BS, Psychology", "CompTIA A+ certificate",
    "HDI Customer Service Representative certification", "Some college, Information Technology",
)  # fmt: skip
COVER_LETTERS = (
    "I have followed your company for a while and would love to help your customers.",
    "I am available to start within two weeks and can work evenings.",
    "My last role was remote, so I have a quiet home office and a wired connection.",
    "I speak Spanish and English fluently and often took the bilingual queue.",
    "A friend who works in your support team told me about this opening.",
    "I am looking for a full-time role after two years of part-time work in retail.",
)  # fmt: skip
NOTES = (
    "Phone screen went well: clear, friendly, good examples of de-escalation.",
    "Strong written English in the answers; check typing speed at the assessment.",
    "Available from next month; prefers the early shift.",
    "Good Zendesk experience. Ask about weekend availability at the interview.",
    "Salary expectation at the top of the range; worth a conversation.",
)  # fmt: skip

# Status mix in %, cumulative: (active, rejected, withdrawn); the rest are hired.
STATUS_MIX = (68, 90, 97)
BIG_ROLE_STATUS_MIX = (82, 94, 99)  # the benchmarked board: mostly active
# Stage position (1 Applied ... 6 Offer, 7 Hired) by status, cumulative % for positions 1...
ACTIVE_STAGE_MIX = (38, 62, 76, 86, 94)  # else 6 (Offer)
REJECTED_STAGE_MIX = (45, 70, 85, 93)  # else 5 (Interview)
KNOCKOUT_SHARE = 0.35  # of rejections at Applied: screening answers that knocked them out


def bench_recruiter():
    """The bench's staff user, in the recruiter group (it sees every role and may act)."""
    from django.contrib.auth.models import Group

    from csa_portal.access import StaffGroup

    user = _bench_user()
    user.groups.add(Group.objects.get(name=StaffGroup.RECRUITER))
    return user


def big_pipeline_role() -> RoleProfile | None:
    """The role with the most generated applications: the benchmarked pipeline board."""
    from django.db.models import Count

    from applicants.models import Application

    row = (
        Application.objects.filter(resume__startswith=GENERATED_RESUME_PREFIX)
        .values("role_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "role_id")
        .first()
    )
    return RoleProfile.objects.filter(pk=row["role_id"]).first() if row else None


def _resume_bodies(rng: random.Random, count: int) -> list[str]:
    """Plain-text resumes (about 900 characters), the kind text extraction gives."""
    bodies = []
    for _ in range(count):
        years = rng.randint(1, 12)
        jobs = []
        end = 2026
        for _ in range(rng.randint(2, 3)):
            start = end - rng.randint(1, 4)
            duties = "; ".join(rng.sample(DUTIES, 2))
            city, region = rng.choice(CITIES)
            jobs.append(
                f"{rng.choice(JOB_TITLES)}, {rng.choice(EMPLOYERS)}, {city}, {region} "
                f"({start}-{end if end < 2026 else 'present'}). {duties}."
            )
            end = start
        bodies.append(
            f"{rng.choice(JOB_TITLES)} with {years} year{'s' if years > 1 else ''} of experience. "
            f"{rng.choice(SUMMARIES)}\n\nEXPERIENCE\n"
            + "\n".join(jobs)
            + f"\n\nSKILLS\n{', '.join(rng.sample(SKILLS, 6))}\n\nEDUCATION\n"
            + rng.choice(EDUCATION)
        )
    return bodies


def _role_counts(rng, role_ids, big_role_id, missing, big_missing) -> list[int]:
    """Applications per role: the big role gets what it lacks, the others a skewed share."""
    others = [role_id for role_id in role_ids if role_id != big_role_id]
    share = missing - big_missing
    weights = [rng.lognormvariate(0, 0.6) for _ in others]
    scale = share / sum(weights)
    counts = {role_id: int(weight * scale) for role_id, weight in zip(others, weights, strict=True)}
    for role_id in rng.sample(others, share - sum(counts.values())):  # the rounding remainder
        counts[role_id] += 1
    counts[big_role_id] = big_missing
    return [counts[role_id] for role_id in role_ids]


def _screening_sets(revisions: list[tuple[int, list]]) -> tuple[list, list, list, list]:
    """Per revision: answers that pass, answers that knock out, and the knock-out note."""
    revision_ids, passing, failing, notes = [], [], [], []
    fine = {"yes_no": "yes", "number": "4", "short_text": "Coached new starters on triage."}
    for revision_id, questions in revisions:
        questions = questions or []
        good = [
            {"id": q["id"], "question": q["text"], "answer": fine.get(q["answer_type"], "Yes")}
            for q in questions
        ]
        bad = [dict(answer) for answer in good]
        note = ""
        for answer, question in zip(bad, questions, strict=True):
            if question["knockout_when"] == "answer_is_no":
                answer["answer"], note = "no", f"Answered no to: {question['text']}"
                break
            if question["knockout_when"] == "number_below":
                answer["answer"] = "0"
                note = f"Answered 0 (below {question['knockout_value']}) to: {question['text']}"
                break
        revision_ids.append(revision_id)
        passing.append(json.dumps(good))
        failing.append(json.dumps(bad))
        notes.append(note)
    return revision_ids, passing, failing, notes


def _mail_subject(template: str, **context) -> str:
    from django.template.loader import render_to_string

    return " ".join(render_to_string(f"emails/{template}.subject.txt", context).split())


def generate_applications(
    total: int = 1_000_000,
    big_role_applications: int = 5000,
    *,
    seed: int = 2026,
    log=print,
) -> dict:
    """Make sure ``total`` generated applications exist over the live roles; bulk SQL.

    One candidate per application (a case-insensitively unique email each), the application
    itself, its first ``StageChange`` ("Applied") and its "application received" outbox row
    (sent); rejected ones also carry a reason and their rejection mail. Every live role gets
    the default stages (``applicants.services.DEFAULT_STAGES``, as ``ensure_stages`` would)
    and a skewed share of the applications (log-normal, about 100 on average); one role gets
    ``big_role_applications`` (82 % active, across every stage), and only its applications
    also get their full stage history and some notes, for the pages the bench loads.

    Everything is computed in PostgreSQL (``INSERT ... SELECT`` over ``generate_series``,
    values from ``hashint8extended`` so a run is repeatable) in one transaction: either all
    rows are there or none. Resumes are placeholder paths (``GENERATED_RESUME_PREFIX``, no
    file), their extracted text a realistic plain-text resume. A second call counts the
    generated applications and adds only what is missing.
    """
    from applicants.models import Application, RejectionReason
    from applicants.services import DEFAULT_STAGES, PRIVACY_NOTICE_VERSION, absolute
    from applicants.services import knockout_reason as get_knockout_reason

    started = time.monotonic()
    recruiter = bench_recruiter()
    generated = Application.objects.filter(resume__startswith=GENERATED_RESUME_PREFIX)
    existing = generated.count()
    if existing >= total:
        log(f"generate: {existing:,} generated applications already, none added")
        return {"before": existing, "created": 0, "seconds": round(time.monotonic() - started, 2)}

    live = list(live_revisions().order_by("role_id").values_list("role_id", "pk"))
    role_ids = [role_id for role_id, _ in live]
    big_role = big_pipeline_role() if existing else None
    big_role_id = big_role.pk if big_role else role_ids[len(role_ids) // 3]
    missing = total - existing
    big_missing = min(
        missing, max(big_role_applications - generated.filter(role_id=big_role_id).count(), 0)
    )
    rng = random.Random(seed + existing)
    counts = _role_counts(rng, role_ids, big_role_id, missing, big_missing)
    revisions = list(
        RoleRevision.objects.filter(pk__in=[pk for _, pk in live]).values_list(
            "pk", "snapshot__screening_questions"
        )
    )
    knockout = get_knockout_reason()
    reasons = list(
        RejectionReason.objects.filter(is_active=True)
        .exclude(pk=knockout.pk)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    role_url = absolute(reverse("roles:detail", kwargs={"slug": "SLUG"}))
    params = {
        "now": timezone.now(),
        "first_n": existing + 1,
        "big": big_role_id,
        "role_ids": role_ids,
        "revision_ids": [pk for _, pk in live],
        "counts": counts,
        "first_names": list(FIRST_NAMES),
        "last_names": list(LAST_NAMES),
        "domains": list(EMAIL_DOMAINS),
        "cities": [city for city, _ in CITIES],
        "first_count": len(FIRST_NAMES),
        "last_count": len(LAST_NAMES),
        "city_count": len(CITIES),
        "sources": [name for name, weight in SOURCES for _ in range(weight)],
        "source_count": sum(weight for _, weight in SOURCES),
        "reasons": reasons,
        "reason_count": len(reasons),
        "status_mix": list(STATUS_MIX),
        "big_status_mix": list(BIG_ROLE_STATUS_MIX),
        "active_stage_mix": list(ACTIVE_STAGE_MIX),
        "rejected_stage_mix": list(REJECTED_STAGE_MIX),
        "knockout_share": KNOCKOUT_SHARE,
        "knockout": knockout.pk,
        "recruiter": recruiter.pk,
        "prefix": GENERATED_RESUME_PREFIX,
        "notice": PRIVACY_NOTICE_VERSION,
        "role_url_start": role_url.split("SLUG")[0],
        "role_url_end": role_url.split("SLUG")[1],
        "portal_url": absolute(reverse("applicants:login")),
        "received_subject": _mail_subject("applicants/application_received", role_title="TITLE"),
        "first_label": DEFAULT_STAGES[0][2],
        "first_next_step": DEFAULT_STAGES[0][3],
    }
    steps = {}
    with transaction.atomic(), connection.cursor() as cursor:

        def step(name: str, sql: str, values=None) -> None:
            begun = time.monotonic()
            cursor.execute(sql, values if values is not None else params)
            steps[name] = round(time.monotonic() - begun, 2)
            log(f"generate: {name} ({steps[name]:.1f} s, {cursor.rowcount:,} rows)")

        cursor.execute("SET LOCAL statement_timeout = '30min'")
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("SET LOCAL synchronous_commit = off")  # a bench database: speed first
        # Nothing else may take ids while ours are reserved (apply requests wait, not fail).
        cursor.execute(
            "LOCK TABLE applicants_candidate, applicants_application IN SHARE ROW EXCLUSIVE MODE"
        )
        _create_work_tables(cursor, rng, params, revisions, DEFAULT_STAGES)
        step("stages", _STAGES_SQL)
        cursor.execute(_STAGE_IDS_SQL, params)
        step("plan", _PLAN_SQL)
        cursor.execute("ANALYZE bench_plan")
        cursor.execute(
            "SELECT (SELECT COALESCE(MAX(id), 0) FROM applicants_candidate),"
            " (SELECT COALESCE(MAX(id), 0) FROM applicants_application)"
        )
        params["candidate_base"], params["application_base"] = cursor.fetchone()
        step("candidates", _CANDIDATES_SQL)
        step("applications", _APPLICATIONS_SQL)
        step("first stage changes", _FIRST_CHANGES_SQL)
        step("big role: stage history", _HISTORY_SQL)
        step("big role: notes", _NOTES_SQL)
        step("outbox: received", _RECEIVED_MAIL_SQL)
        step("outbox: rejections", _REJECTION_MAIL_SQL)
        cursor.execute(_SEQUENCES_SQL)
        committing = time.monotonic()
    # The foreign keys are DEFERRABLE INITIALLY DEFERRED: PostgreSQL checks them all here.
    steps["commit (deferred foreign-key checks)"] = round(time.monotonic() - committing, 2)
    log(f"generate: committed ({steps['commit (deferred foreign-key checks)']:.1f} s)")
    insert_seconds = time.monotonic() - started
    with connection.cursor() as cursor:
        begun = time.monotonic()
        cursor.execute(
            "VACUUM (ANALYZE) applicants_candidate, applicants_application, "
            "applicants_stagechange, applicants_stage, applicants_note, portal_outboundmessage"
        )
        steps["vacuum analyze"] = round(time.monotonic() - begun, 2)
    seconds = time.monotonic() - started
    after = generated.count()
    log(
        f"generate: {after - existing:,} applications in {seconds:.1f} s (inserts "
        f"{insert_seconds:.1f} s, vacuum/analyze {steps['vacuum analyze']:.1f} s); "
        f"{after:,} generated in all"
    )
    return {
        "before": existing,
        "created": after - existing,
        "after": after,
        "big_role_id": big_role_id,
        "steps": steps,
        "insert_seconds": round(insert_seconds, 2),
        "seconds": round(seconds, 2),
    }


def _create_work_tables(cursor, rng, params, revisions, default_stages) -> None:
    """Temporary tables (dropped at commit): a uniform hash, text pools, answers, stages."""
    cursor.execute(
        # u(n, k): a repeatable uniform number in [0, 1) for row n and draw k.
        "CREATE FUNCTION pg_temp.u(n bigint, k int) RETURNS float8 IMMUTABLE LANGUAGE sql"
        " AS $$ SELECT (hashint8extended(n, k) & 2147483647)::float8 / 2147483648 $$"
    )
    pools = {"resume": _resume_bodies(rng, 400), "cover": COVER_LETTERS, "note": NOTES}
    rows = [(pool, k, body) for pool, texts in pools.items() for k, body in enumerate(texts)]
    cursor.execute(
        "CREATE TEMP TABLE bench_text ON COMMIT DROP AS"
        " SELECT * FROM unnest(%s::text[], %s::int[], %s::text[]) AS t(pool, k, body)",
        [list(column) for column in zip(*rows, strict=True)],
    )
    cursor.execute("ALTER TABLE bench_text ADD PRIMARY KEY (pool, k)")
    params.update({f"{pool}_count": len(texts) for pool, texts in pools.items()})
    cursor.execute(
        "CREATE TEMP TABLE bench_revision ON COMMIT DROP AS SELECT * FROM"
        " unnest(%s::bigint[], %s::jsonb[], %s::jsonb[], %s::text[])"
        " AS t(revision_id, answers, knockout_answers, knockout_note)",
        _screening_sets(revisions),
    )
    kinds, names, labels, next_steps, notify = zip(*default_stages, strict=True)
    params.update(
        stage_kinds=[str(kind) for kind in kinds],
        stage_names=list(names),
        stage_labels=list(labels),
        stage_next_steps=list(next_steps),
        stage_notify=list(notify),
    )


# Each role without stages gets the default ones, as ensure_stages(role) would create them.
_STAGES_SQL = """
INSERT INTO applicants_stage
    (role_id, kind, name, position, candidate_label, next_step, notify_candidate)
SELECT role.id, d.kind, d.name, d.position, d.label, d.next_step, d.notify
FROM unnest(%(role_ids)s::bigint[]) AS role(id)
CROSS JOIN unnest(%(stage_kinds)s::text[], %(stage_names)s::text[], %(stage_labels)s::text[],
                  %(stage_next_steps)s::text[], %(stage_notify)s::boolean[])
    WITH ORDINALITY AS d(kind, name, label, next_step, notify, position)
WHERE NOT EXISTS (SELECT 1 FROM applicants_stage s WHERE s.role_id = role.id)
ON CONFLICT DO NOTHING
"""

_STAGE_IDS_SQL = """
CREATE TEMP TABLE bench_stages ON COMMIT DROP AS
SELECT role_id, array_agg(id ORDER BY position) AS ids
FROM applicants_stage WHERE role_id = ANY(%(role_ids)s::bigint[]) GROUP BY role_id
"""

# One row per application to create, numbered n in the order of creation time, with every
# value drawn from u(n, k). Status and stage follow STATUS_MIX and the stage mixes.
_PLAN_SQL = """
CREATE TEMP TABLE bench_plan ON COMMIT DROP AS
WITH slot AS (
    SELECT t.role_id, t.revision_id, t.role_id = %(big)s AS big,
           row_number() OVER (ORDER BY t.ord, g) AS k
    FROM unnest(%(role_ids)s::bigint[], %(revision_ids)s::bigint[], %(counts)s::int[])
        WITH ORDINALITY AS t(role_id, revision_id, cnt, ord)
    CROSS JOIN LATERAL generate_series(1, t.cnt) AS g
), timed AS (
    SELECT slot.*, role.slug, role.city, revision.title,
           LEAST(role.published_at, %(now)s - interval '1 hour')
             + (%(now)s - interval '1 minute' - LEAST(role.published_at, %(now)s
                - interval '1 hour')) * pg_temp.u(slot.k, 1) AS created_at
    FROM slot
    JOIN roles_roleprofile role ON role.id = slot.role_id
    JOIN roles_rolerevision revision ON revision.id = slot.revision_id
), numbered AS (
    SELECT timed.*, %(first_n)s - 1 + row_number() OVER (ORDER BY created_at, k) AS n
    FROM timed
), drawn AS (
    SELECT numbered.*, pg_temp.u(n, 2) * 100 AS p, pg_temp.u(n, 3) * 100 AS q,
           (%(first_names)s::text[])[1 + floor(pg_temp.u(n, 12) * %(first_count)s)::int]
               AS first_name,
           (%(last_names)s::text[])[1 + floor(pg_temp.u(n, 13) * %(last_count)s)::int]
               AS last_name,
           CASE WHEN big THEN %(big_status_mix)s::int[] ELSE %(status_mix)s::int[] END AS mix
    FROM numbered
), placed AS (
    SELECT drawn.*,
           CASE WHEN p < mix[1] THEN 'active' WHEN p < mix[2] THEN 'rejected'
                WHEN p < mix[3] THEN 'withdrawn' ELSE 'hired' END AS status
    FROM drawn
), staged AS (
    SELECT placed.*,
           CASE WHEN status = 'hired' THEN 7
                WHEN status = 'rejected' THEN
                    -- the first position whose cumulative share is above q, else the last
                    COALESCE((SELECT min(i) FROM unnest(%(rejected_stage_mix)s::int[])
                              WITH ORDINALITY AS m(share, i) WHERE q < share), 5)
                ELSE LEAST(COALESCE((SELECT min(i) FROM unnest(%(active_stage_mix)s::int[])
                                     WITH ORDINALITY AS m(share, i) WHERE q < share), 6),
                           CASE WHEN status = 'withdrawn' THEN 5 ELSE 6 END)
           END AS pos
    FROM placed
)
SELECT n, role_id, revision_id, big, slug, title, status, pos, created_at,
       first_name || ' ' || last_name AS name,
       lower(regexp_replace(first_name || '.' || last_name, '[^A-Za-z.]', '', 'g'))
         || '.' || n || '@' || (%(domains)s::text[])[1 + floor(pg_temp.u(n, 14) * 3)::int]
         AS email,
       CASE WHEN pg_temp.u(n, 15) < 0.8
            THEN format('+1 (%%s) 555-%%s', 201 + n %% 797, lpad((n %% 10000)::text, 4, '0'))
            ELSE '' END AS phone,
       CASE WHEN pg_temp.u(n, 16) < 0.8 THEN city
            ELSE (%(cities)s::text[])[1 + floor(pg_temp.u(n, 17) * %(city_count)s)::int]
       END AS location,
       status = 'rejected' AND pos = 1 AND pg_temp.u(n, 7) < %(knockout_share)s AS knocked_out,
       CASE WHEN pos = 1 THEN created_at
            ELSE created_at + (%(now)s - created_at) * pg_temp.u(n, 5) * 0.9 END
         AS stage_entered_at
FROM staged
"""

_CANDIDATES_SQL = """
INSERT INTO applicants_candidate
    (id, name, email, phone, location, consent_given_at, privacy_notice_version, created_at)
SELECT %(candidate_base)s + n, name, email, phone, location, created_at, %(notice)s, created_at
FROM bench_plan ORDER BY n
"""

_APPLICATIONS_SQL = """
INSERT INTO applicants_application
    (id, candidate_id, role_id, revision_id, stage_id, stage_entered_at, status, source,
     name, email, phone, location, consent_given_at, privacy_notice_version, resume,
     resume_kind, resume_size, resume_text, resume_text_extracted_at, cover_letter,
     screening_answers, knocked_out, rejection_reason_id, rejection_note, closed_at,
     created_at, updated_at)
SELECT %(application_base)s + p.n, %(candidate_base)s + p.n, p.role_id, p.revision_id,
       s.ids[p.pos], p.stage_entered_at, p.status,
       (%(sources)s::text[])[1 + floor(pg_temp.u(p.n, 9) * %(source_count)s)::int],
       p.name, p.email, p.phone, p.location, p.created_at, %(notice)s,
       %(prefix)s || p.n || '.' || kind.value, kind.value,
       30000 + floor(pg_temp.u(p.n, 18) * 400000)::int,
       p.name || E'\\n' || p.location || ' | ' || p.email || E'\\n\\n' || r.body,
       p.created_at + interval '40 seconds',
       CASE WHEN pg_temp.u(p.n, 10) < 0.3 THEN c.body ELSE '' END,
       CASE WHEN p.knocked_out THEN rev.knockout_answers ELSE rev.answers END,
       p.knocked_out,
       CASE WHEN p.knocked_out THEN %(knockout)s
            WHEN p.status = 'rejected'
            THEN (%(reasons)s::bigint[])[1 + floor(pg_temp.u(p.n, 7) * %(reason_count)s)::int]
       END,
       CASE WHEN p.knocked_out THEN rev.knockout_note ELSE '' END,
       closed.at, p.created_at, COALESCE(closed.at, p.stage_entered_at)
FROM bench_plan p
JOIN bench_stages s ON s.role_id = p.role_id
JOIN bench_revision rev ON rev.revision_id = p.revision_id
JOIN bench_text r
    ON r.pool = 'resume' AND r.k = floor(pg_temp.u(p.n, 11) * %(resume_count)s)::int
JOIN bench_text c
    ON c.pool = 'cover' AND c.k = floor(pg_temp.u(p.n, 19) * %(cover_count)s)::int
CROSS JOIN LATERAL (
    SELECT CASE WHEN pg_temp.u(p.n, 8) < 0.8 THEN 'pdf' ELSE 'docx' END AS value
) AS kind
CROSS JOIN LATERAL (
    SELECT CASE WHEN p.status = 'active' THEN NULL
                WHEN p.knocked_out THEN p.created_at
                ELSE p.stage_entered_at + (%(now)s - p.stage_entered_at) * pg_temp.u(p.n, 6)
           END AS at
) AS closed
ORDER BY p.n
"""

_FIRST_CHANGES_SQL = """
INSERT INTO applicants_stagechange
    (application_id, from_stage_id, to_stage_id, from_status, to_status, by_id, at, reason)
SELECT %(application_base)s + p.n, NULL, s.ids[1], '', 'active', NULL, p.created_at, 'Applied'
FROM bench_plan p JOIN bench_stages s ON s.role_id = p.role_id
ORDER BY p.n
"""

# The big role's applications also get every move up to their stage and how they closed.
_HISTORY_SQL = """
INSERT INTO applicants_stagechange
    (application_id, from_stage_id, to_stage_id, from_status, to_status, by_id, at, reason)
SELECT a.id, s.ids[i - 1], s.ids[i], 'active',
       CASE WHEN a.status = 'hired' AND i = p.pos THEN 'hired' ELSE 'active' END,
       %(recruiter)s,
       a.created_at + (a.stage_entered_at - a.created_at) * ((i - 1)::float8 / (p.pos - 1)), ''
FROM bench_plan p
JOIN applicants_application a ON a.id = %(application_base)s + p.n
JOIN bench_stages s ON s.role_id = p.role_id
CROSS JOIN LATERAL generate_series(2, p.pos) AS i
WHERE p.big
UNION ALL
SELECT a.id, a.stage_id, a.stage_id, 'active', a.status,
       CASE WHEN a.status = 'rejected' AND NOT a.knocked_out THEN %(recruiter)s END,
       a.closed_at,
       CASE WHEN a.status = 'withdrawn' THEN 'Withdrawn by the candidate'
            ELSE left(reason.label || '. ' || a.rejection_note, 500) END
FROM bench_plan p
JOIN applicants_application a ON a.id = %(application_base)s + p.n
LEFT JOIN applicants_rejectionreason reason ON reason.id = a.rejection_reason_id
WHERE p.big AND a.status IN ('rejected', 'withdrawn')
"""

_NOTES_SQL = """
INSERT INTO applicants_note (application_id, author_id, body, created_at)
SELECT %(application_base)s + p.n, %(recruiter)s, n.body,
       p.stage_entered_at + (%(now)s - p.stage_entered_at) * pg_temp.u(p.n, 21)
FROM bench_plan p
JOIN bench_text n
    ON n.pool = 'note' AND n.k = floor(pg_temp.u(p.n, 22) * %(note_count)s)::int
WHERE p.big AND p.pos > 1 AND pg_temp.u(p.n, 20) < 0.4
"""

_RECEIVED_MAIL_SQL = """
INSERT INTO portal_outboundmessage
    (to_email, template, context, subject, related_key, status, send_after, attempts,
     last_error, created_at, sent_at, message_id)
SELECT p.email, 'applicants/application_received',
       jsonb_build_object(
           'candidate_name', p.name, 'role_title', p.title,
           'role_url', %(role_url_start)s || p.slug || %(role_url_end)s,
           'portal_url', %(portal_url)s, 'stage_label', %(first_label)s,
           'next_step', %(first_next_step)s, 'candidate_id', %(candidate_base)s + p.n),
       replace(%(received_subject)s, 'TITLE', p.title),
       'application:' || (%(application_base)s + p.n), 'sent', p.created_at, 1, '',
       p.created_at, p.created_at + interval '3 seconds',
       '<bench.received.' || (%(application_base)s + p.n) || '@bench.invalid>'
FROM bench_plan p ORDER BY p.n
"""

_REJECTION_MAIL_SQL = """
INSERT INTO portal_outboundmessage
    (to_email, template, context, subject, related_key, status, send_after, attempts,
     last_error, created_at, sent_at, message_id)
SELECT p.email, 'applicants/rejection',
       jsonb_build_object(
           'candidate_name', p.name, 'role_title', p.title,
           'role_url', %(role_url_start)s || p.slug || %(role_url_end)s,
           'portal_url', %(portal_url)s, 'stage_label', stage.candidate_label,
           'next_step', stage.next_step, 'email_subject', reason.email_subject,
           'email_body', reason.email_body),
       CASE WHEN due.at <= %(now)s THEN replace(reason.email_subject, '{{ role_title }}', p.title)
            ELSE '' END,
       'application:' || a.id,
       CASE WHEN due.at <= %(now)s THEN 'sent' ELSE 'queued' END,
       due.at, CASE WHEN due.at <= %(now)s THEN 1 ELSE 0 END, '', a.closed_at,
       CASE WHEN due.at <= %(now)s THEN due.at + interval '3 seconds' END,
       '<bench.rejection.' || a.id || '@bench.invalid>'
FROM bench_plan p
JOIN applicants_application a ON a.id = %(application_base)s + p.n
JOIN applicants_stage stage ON stage.id = a.stage_id
JOIN applicants_rejectionreason reason ON reason.id = a.rejection_reason_id
JOIN roles_roleprofile role ON role.id = p.role_id
CROSS JOIN LATERAL (
    SELECT a.closed_at + make_interval(hours => role.rejection_notice_delay_hours) AS at
) AS due
WHERE p.status = 'rejected'
ORDER BY p.n
"""

_SEQUENCES_SQL = """
SELECT setval(pg_get_serial_sequence('applicants_candidate', 'id'),
              (SELECT MAX(id) FROM applicants_candidate)),
       setval(pg_get_serial_sequence('applicants_application', 'id'),
              (SELECT MAX(id) FROM applicants_application))
"""
