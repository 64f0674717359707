"""Demo candidates for ``seed_demo``: months of applications over every role and stage.

Two kinds, both dated along each role's history (the roles were posted over the past five
months, ``roles.demo.POSTED_DAYS_AGO``):

- forty made through the services, as a person applying and a recruiter moving them would
  (mail, resume parsing, history), then dated back: the ones the README's walk-through and
  the assessment demo use;
- a few hundred more written in bulk (``bulk_create``: no mail, no tasks), so the board, the
  dashboard and the reports show shapes: arrivals spread over the months, stage changes
  spread in time, hires after realistic durations, varied sources, rejections and
  withdrawals at each stage, and voluntary self-identification for a share of them.

Journeys are planned by ``plan_journey`` (plain Python, tested without a database).
"""

import io
import random
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import docx
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from csa_portal.access import StaffGroup
from csa_portal.models import OutboundMessage
from roles.demo import demo_slugs
from roles.models import RoleProfile, RoleStatus

from . import services
from .models import (
    Application,
    ApplicationStatus,
    Candidate,
    RejectionReason,
    SelfIdentification,
    StageChange,
    application_outbox_key,
    candidate_outbox_key,
)
from .resumes import check_resume
from .services.applying import RECEIVED_TEMPLATE

DEMO_EMAIL_DOMAIN = "demo.example.org"
FIRST_NAMES = [
    "Amara", "Ben", "Chloe", "Diego", "Elif", "Farah", "Gabriel", "Hana", "Ivan", "Jasmine",
    "Kwame", "Lucia", "Mateo", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Samuel", "Tariq",
    "Aisha", "Bruno", "Camila", "Dev", "Emeka", "Fatima", "Grace", "Hugo", "Imani", "Jonas",
    "Keiko", "Leila", "Marcus", "Noor", "Olivia", "Pedro", "Ravi", "Sofia", "Tomas", "Yara",
]  # fmt: skip
LAST_NAMES = [
    "Adeyemi", "Brennan", "Castillo", "Dubois", "Eriksen", "Fischer", "Gupta", "Haddad",
    "Ivanova", "Johnson", "Kowalski", "Lopez", "Mensah", "Nakamura", "Okafor", "Petrov",
    "Quintero", "Rossi", "Silva", "Tanaka", "Usman", "Vargas", "Williams", "Zhou",
]  # fmt: skip
CITIES = ["Columbus", "Tampa", "Phoenix", "Chicago", "Denver", "Austin"]
EXPERIENCE = [
    "Two years answering billing and delivery questions by phone and chat at a retail contact "
    "centre; CSAT consistently above 90 %.",
    "Eighteen months on an IT service desk: password resets, VPN issues and escalations to "
    "second-line engineers, all logged in Freshdesk.",
    "Four years in hospitality front-of-house, handling complaints calmly and training new staff.",
    "Three years in a healthcare call centre following HIPAA rules and identity checks.",
    "Team lead for ten agents in an insurance contact centre; coached quality scores from 78 % "
    "to 88 %.",
    "Recent graduate with volunteer experience on a crisis text line and fluent Spanish.",
]
SHORT_ANSWERS = [
    "A two-day onboarding refresher on our returns policy for twelve new associates.",
    "Weekly fifteen-minute call reviews with each person, one skill at a time.",
    "I built a short quiz and job aid after a product change doubled our contact volume.",
]
# How far along the pipeline each service-made application goes (stage index), by position.
STAGE_PLAN = [0, 0, 0, 1, 1, 1, 2, 2, 3, 4, 5, 6]
HISTORY_COUNT = 300
# (where the application came from, weight)
SOURCES = [
    ("job board", 40), ("LinkedIn", 18), ("Indeed", 14), ("referral", 11),
    ("careers site", 9), ("job feed", 5), ("careers fair", 3),
]  # fmt: skip

# Days an application spends in each stage before the next (Applied, Screening, Assessment,
# Review, Interview, Offer): applied to hired takes three to eight weeks.
STAGE_DAYS = [(1, 5), (2, 6), (3, 7), (2, 6), (4, 11), (2, 7)]
HIRED = 6
# Active applications sit in their stage for up to this many days; the Applied column holds
# the newest, so "new this week" counts something.
ACTIVE_WAIT_DAYS = [(0, 14), (0.5, 10), (0.2, 6), (0.5, 8), (1, 12), (1, 9)]
# What becomes of a bulk application: (outcome, weight, {furthest stage index: weight}).
OUTCOMES = [
    ("active", 30, {0: 45, 1: 30, 3: 10, 4: 9, 5: 6}),
    ("rejected", 56, {0: 50, 1: 30, 2: 10, 3: 5, 4: 4, 5: 1}),
    ("withdrawn", 9, {0: 35, 1: 30, 2: 15, 3: 10, 4: 7, 5: 3}),
    ("hired", 5, {HIRED: 1}),
]
# Voluntary self-identification: about three in five answer; some groups are large enough to
# judge in the adverse-impact report and some stay below its minimum size.
SELF_ID_SHARE = 0.6
GENDERS = [("woman", 50), ("man", 40), ("non_binary", 3), ("decline", 7)]
ETHNICITIES = [
    ("white", 42), ("hispanic", 21), ("black", 16), ("asian", 10), ("multiple", 4),
    ("native", 1), ("pacific", 1), ("decline", 5), ("", 0),
]  # fmt: skip
YES_NO_DECLINE = [("no", 82), ("yes", 8), ("decline", 10)]


def weighted(rng: random.Random, pairs) -> str:
    choices, weights = zip(*pairs, strict=True)
    return rng.choices(choices, weights=weights)[0]


@dataclass
class Journey:
    """When an application arrived, entered each later stage, and closed (if it did)."""

    applied_at: datetime
    moves: list[datetime] = field(default_factory=list)  # entering stage 1, 2, ...
    closed_at: datetime | None = None

    @property
    def entered_current_stage(self) -> datetime:
        return self.moves[-1] if self.moves else self.applied_at


def plan_journey(
    rng: random.Random, *, posted_at: datetime, now: datetime, reached: int, outcome: str
) -> Journey:
    """Times for an application that reached stage ``reached`` and ended in ``outcome``.

    Spans come from ``STAGE_DAYS``; an active application has sat in its stage for a while
    up to now; a closed one closed a few days after its last move. Everything falls between
    the role's posting and now, squeezed in proportion when the role is too young for it.
    """
    spans = [timedelta(days=rng.uniform(*STAGE_DAYS[i])) for i in range(reached)]
    if outcome == "active":
        tail = timedelta(days=rng.uniform(*ACTIVE_WAIT_DAYS[min(reached, 5)]))
    elif outcome == "hired":
        tail = timedelta(0)
    else:
        tail = timedelta(days=rng.uniform(0.3, 5))
    total = sum(spans, timedelta(0)) + tail
    room = now - posted_at - timedelta(hours=1)
    if total > room:  # a young role: the same journey, faster
        factor = room / total * rng.uniform(0.6, 0.95)
        spans, tail, total = [s * factor for s in spans], tail * factor, total * factor
    if outcome == "active":
        applied_at = now - total
    else:
        # Arrivals come sooner after posting more often than later (a skew towards the start).
        applied_at = posted_at + timedelta(hours=1) + (room - total) * (rng.random() ** 1.3)
    moves, moment = [], applied_at
    for span in spans:
        moment += span
        moves.append(moment)
    closed_at = None
    if outcome == "hired":
        closed_at = moves[-1]
    elif outcome != "active":
        closed_at = moment + tail
    return Journey(applied_at=applied_at, moves=moves, closed_at=closed_at)


def resume_docx(name: str, summary: str) -> bytes:
    document = docx.Document()
    document.add_heading(name, level=1)
    document.add_paragraph(summary)
    document.add_heading("Skills", level=2)
    document.add_paragraph("Active listening, de-escalation, CRM tools (Zendesk, Salesforce).")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def demo_candidates():
    return Candidate.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}")


def seed_candidates(
    *, users: dict, stdout=None, count: int = 40, history: int | None = None
) -> None:
    """Create the demo applications once; later runs leave them alone."""
    history = HISTORY_COUNT if history is None else history
    if demo_candidates().exists():
        if stdout:
            stdout.write("Demo candidates: already there.")
        return
    rng = random.Random(2026)  # noqa: S311  # nosec B311 # demo data, not security
    roles = list(
        RoleProfile.objects.filter(status=RoleStatus.PUBLISHED, slug__in=demo_slugs())
        .select_related("current_revision")
        .order_by("published_at", "pk")
    )
    if not roles:
        return
    recruiter = users[StaffGroup.RECRUITER]
    reasons = list(RejectionReason.objects.filter(is_active=True))
    now = timezone.now()
    # Demo mail is recorded as sent without printing forty messages to the console.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        # The walk-through's forty, the hires among them on the role with the most openings.
        by_openings = sorted(roles, key=lambda role: (role.openings, role.pk))
        for n in range(count):
            with transaction.atomic():
                application = _seed_one(n, rng, by_openings, recruiter, reasons)
                _date_back(application, rng, now=now)
    with transaction.atomic():
        made = seed_history(rng, roles=roles, recruiter=recruiter, count=history, now=now)
    if stdout:
        stdout.write(
            f"Demo candidates: {count + made} applications over {len(roles)} roles and "
            f"{(now - roles[0].published_at).days} days."
        )


def _seed_one(n: int, rng: random.Random, roles, recruiter, reasons) -> Application:
    first, last = FIRST_NAMES[n % 20], LAST_NAMES[n % 16]
    name = f"{first} {last}"
    role = roles[n % len(roles)]
    revision = role.current_revision
    data = resume_docx(name, rng.choice(EXPERIENCE))
    typed = {"yes_no": "yes", "number": "3"}
    answers = {
        str(q["id"]): typed.get(q["answer_type"], rng.choice(SHORT_ANSWERS))
        for q in revision.snapshot["screening_questions"]
    }
    application = services.submit_application(
        revision=revision,
        name=name,
        email=f"{first}.{last}.{n}@{DEMO_EMAIL_DOMAIN}".lower(),
        phone=f"+1 555 010 {1000 + n}",
        location=rng.choice(CITIES),
        resume_name="resume.docx",
        resume_data=data,
        resume=check_resume(data),
        cover_letter="I enjoy helping people and I learn new tools quickly.",
        screening_answers=answers,
        source=weighted(rng, SOURCES),
        self_identification=_self_identification(rng) if n % 5 < 3 else None,
    )
    stages = services.ensure_stages(role)
    target = STAGE_PLAN[n % len(STAGE_PLAN)]
    for stage in stages[1 : target + 1]:
        application = services.move_application(
            application=application, to_stage=stage, by=recruiter, reason="Demo progress"
        )
    if n % 9 == 4 and reasons:
        services.reject_application(
            application=application, reason=reasons[n % len(reasons)], by=recruiter,
            note="Demo rejection", delay_hours=0,
        )  # fmt: skip
    elif n % 13 == 7:
        services.withdraw_application(application=application, candidate=application.candidate)
    return application


def _date_back(application: Application, rng: random.Random, *, now) -> None:
    """Spread a service-made application's history over its role's months, mail included."""
    outcome = Application.objects.values_list("status", flat=True).get(pk=application.pk)
    history = list(application.history.order_by("at", "pk"))
    closing = 1 if outcome in ("rejected", "withdrawn") else 0
    reached = len(history) - 1 - closing
    journey = plan_journey(
        rng, posted_at=application.role.published_at, now=now, reached=reached, outcome=outcome
    )
    times = [journey.applied_at, *journey.moves] + ([journey.closed_at] if closing else [])
    for change, at in zip(history, times, strict=True):
        change.at = at
    StageChange.objects.bulk_update(history, ["at"])
    Application.objects.filter(pk=application.pk).update(
        created_at=journey.applied_at,
        stage_entered_at=journey.entered_current_stage,
        closed_at=journey.closed_at,
        resume_text_extracted_at=journey.applied_at,
    )
    Candidate.objects.filter(pk=application.candidate_id).update(
        created_at=journey.applied_at, consent_given_at=journey.applied_at
    )
    # Each mail at the moment of the change that caused it: the receipt when they applied,
    # the rest at the last change (stage mails, a rejection after its notice delay).
    mails = OutboundMessage.objects.filter(
        related_key__in=[
            application_outbox_key(application.pk),
            candidate_outbox_key(application.candidate_id),
        ]
    )
    last = times[-1]
    mails.filter(template=RECEIVED_TEMPLATE).update(
        created_at=journey.applied_at, send_after=journey.applied_at, sent_at=journey.applied_at
    )
    mails.exclude(template=RECEIVED_TEMPLATE).update(created_at=last, send_after=last, sent_at=last)


def _self_identification(rng: random.Random) -> dict[str, str]:
    return {
        "gender": weighted(rng, GENDERS),
        "ethnicity": weighted(rng, ETHNICITIES),
        "veteran": weighted(rng, YES_NO_DECLINE),
        "disability": weighted(rng, YES_NO_DECLINE),
    }


# --- the bulk history -----------------------------------------------------------------------


def seed_history(rng: random.Random, *, roles, recruiter, count: int, now) -> int:
    """``count`` applications written in bulk, with their history and answers."""
    stages = {role.pk: services.ensure_stages(role) for role in roles}
    reasons = list(RejectionReason.objects.filter(is_active=True))
    knockout = services.knockout_reason()
    resumes = [resume_docx("Resume", summary) for summary in EXPERIENCE]
    # Older roles have had longer to collect applications; the entry role draws the most.
    weights = [
        max(1, (now - role.published_at).days) * (2.0 if role.openings >= 4 else 1.0)
        for role in roles
    ]
    hires = {role.pk: 0 for role in roles}
    for role_id in Application.objects.filter(status=ApplicationStatus.HIRED).values_list(
        "role_id", flat=True
    ):
        hires[role_id] = hires.get(role_id, 0) + 1
    people: list[Candidate] = []
    roles_of: dict[int, set[int]] = {}
    plans = []
    for n in range(count):
        role = rng.choices(roles, weights=weights)[0]
        outcome, _weight, reach = OUTCOMES[
            rng.choices(range(len(OUTCOMES)), weights=[o[1] for o in OUTCOMES])[0]
        ]
        reached = int(weighted(rng, reach.items()))
        if outcome == "hired" and hires[role.pk] >= role.openings:
            outcome, reached = "rejected", rng.choice([4, 5])  # the posts are filled
        hires[role.pk] += outcome == "hired"
        journey = plan_journey(
            rng, posted_at=role.published_at, now=now, reached=reached, outcome=outcome
        )
        # One in ten is someone who applied before, to another role.
        earlier = [
            p for p in people
            if role.pk not in roles_of[id(p)] and p.created_at < journey.applied_at
        ][-5:] if n % 10 == 9 else []  # fmt: skip
        if earlier:
            person = rng.choice(earlier)
        else:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            person = Candidate(
                name=f"{first} {last}",
                email=f"{first}.{last}.h{n}@{DEMO_EMAIL_DOMAIN}".lower(),
                phone=f"+1 555 020 {1000 + n}",
                location=rng.choice(CITIES),
                consent_given_at=journey.applied_at,
                privacy_notice_version=services.PRIVACY_NOTICE_VERSION,
                created_at=journey.applied_at,
            )
            people.append(person)
            roles_of[id(person)] = set()
        roles_of[id(person)].add(role.pk)
        plans.append((person, role, outcome, reached, journey))
    Candidate.objects.bulk_create(people)
    for person in people:  # auto_now_add stamped them now: the history says otherwise
        person.created_at = person.consent_given_at
    Candidate.objects.bulk_update(people, ["created_at"])

    applications = []
    for n, (person, role, outcome, reached, journey) in enumerate(plans):
        summary = n % len(EXPERIENCE)
        name = default_storage.save(
            f"resumes/demo/{secrets.token_hex(16)}.docx", ContentFile(resumes[summary])
        )
        application = Application(
            candidate=person, role=role, revision=role.current_revision,
            stage=stages[role.pk][reached], stage_entered_at=journey.entered_current_stage,
            status=ApplicationStatus.ACTIVE if outcome == "active" else outcome,
            source=weighted(rng, SOURCES), name=person.name, email=person.email,
            phone=person.phone,
            location=person.location, consent_given_at=journey.applied_at,
            privacy_notice_version=services.PRIVACY_NOTICE_VERSION, resume=name,
            resume_kind="docx", resume_size=len(resumes[summary]),
            resume_text=f"{person.name}\n{EXPERIENCE[summary]}",
            resume_text_extracted_at=journey.applied_at,
            cover_letter=rng.choice(["", "", "I enjoy helping people and learn tools fast."]),
            screening_answers=_answers(role.current_revision, rng),
            closed_at=journey.closed_at,
        )  # fmt: skip
        if outcome == "rejected":
            knocked = reached == 0 and rng.random() < 0.25
            application.knocked_out = knocked
            application.rejection_reason = knockout if knocked else rng.choice(reasons)
        applications.append(application)
    Application.objects.bulk_create(applications)
    # created_at is auto_now_add: set it to when they applied, in one statement per batch.
    for application, (*_rest, journey) in zip(applications, plans, strict=True):
        application.created_at = journey.applied_at
    Application.objects.bulk_update(applications, ["created_at"], batch_size=200)

    changes, answers = [], []
    for application, (_person, role, outcome, reached, journey) in zip(
        applications, plans, strict=True
    ):
        changes += _history(application, stages[role.pk], outcome, reached, journey, recruiter)
        if rng.random() < SELF_ID_SHARE:
            answers.append(SelfIdentification(application=application, **_self_identification(rng)))
    StageChange.objects.bulk_create(changes, batch_size=500)
    SelfIdentification.objects.bulk_create(answers)
    return len(applications)


def _answers(revision, rng: random.Random) -> list[dict]:
    typed = {"yes_no": "yes", "number": str(rng.choice([1, 2, 3, 4]))}
    return [
        {
            "id": q["id"],
            "question": q["text"],
            "answer": typed.get(q["answer_type"], rng.choice(SHORT_ANSWERS)),
        }
        for q in revision.snapshot.get("screening_questions", [])
    ]


def _history(application, stages, outcome, reached, journey, recruiter) -> list[StageChange]:
    status = application.status
    changes = [
        StageChange(
            application=application, to_stage=stages[0], to_status=ApplicationStatus.ACTIVE,
            at=journey.applied_at, reason="Applied",
        )
    ]  # fmt: skip
    for index, at in enumerate(journey.moves, start=1):
        hired = index == HIRED
        changes.append(
            StageChange(
                application=application, from_stage=stages[index - 1], to_stage=stages[index],
                from_status=ApplicationStatus.ACTIVE,
                to_status=ApplicationStatus.HIRED if hired else ApplicationStatus.ACTIVE,
                by=recruiter, at=at,
            )
        )  # fmt: skip
    if outcome in ("rejected", "withdrawn"):
        changes.append(
            StageChange(
                application=application, from_stage=stages[reached], to_stage=stages[reached],
                from_status=ApplicationStatus.ACTIVE, to_status=status,
                by=None if outcome == "withdrawn" or application.knocked_out else recruiter,
                at=journey.closed_at,
                reason=(
                    "Withdrawn by the candidate" if outcome == "withdrawn"
                    else application.rejection_reason.label
                ),
            )
        )  # fmt: skip
    return changes


# --- seed_demo --reset ----------------------------------------------------------------------


def reset_candidates(*, role_slugs: list[str], stdout=None) -> None:
    """Delete the demo candidates and every application to the demo roles, files and mail
    included (``seed_demo --reset``; the assessments' rows go first)."""
    applications = Application.objects.filter(
        role__slug__in=role_slugs
    ) | Application.objects.filter(candidate__in=demo_candidates())
    rows = list(applications.values_list("pk", "candidate_id", "resume"))
    for _pk, _candidate, resume in rows:
        if resume:
            default_storage.delete(resume)
    keys = [application_outbox_key(pk) for pk, _c, _r in rows]
    keys += [candidate_outbox_key(pk) for pk in demo_candidates().values_list("pk", flat=True)]
    OutboundMessage.objects.filter(related_key__in=keys).delete()
    OutboundMessage.objects.filter(to_email__iendswith=f"@{DEMO_EMAIL_DOMAIN}").delete()
    ids = [pk for pk, _c, _r in rows]
    StageChange.objects.filter(application_id__in=ids).delete()
    deleted = Application.objects.filter(pk__in=ids).delete()[1].get("applicants.Application", 0)
    demo_candidates().delete()
    # Whoever applied only to demo roles (an erased demo candidate, a developer trying the
    # form) has nothing left: the person goes with the applications.
    Candidate.objects.filter(pk__in={c for _p, c, _r in rows}, applications__isnull=True).delete()
    if stdout:
        stdout.write(f"Demo candidates: {deleted} applications removed.")
