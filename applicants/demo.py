"""Demo candidates for ``seed_demo``: forty applications spread over every role and stage."""

import io
import random

import docx
from django.db import transaction
from django.test.utils import override_settings

from csa_portal.access import StaffGroup
from roles.models import RoleProfile, RoleStatus

from . import services
from .models import Application, Candidate, RejectionReason
from .resumes import check_resume

DEMO_EMAIL_DOMAIN = "demo.example.org"
FIRST_NAMES = [
    "Amara", "Ben", "Chloe", "Diego", "Elif", "Farah", "Gabriel", "Hana", "Ivan", "Jasmine",
    "Kwame", "Lucia", "Mateo", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Samuel", "Tariq",
]  # fmt: skip
LAST_NAMES = [
    "Adeyemi", "Brennan", "Castillo", "Dubois", "Eriksen", "Fischer", "Gupta", "Haddad",
    "Ivanova", "Johnson", "Kowalski", "Lopez", "Mensah", "Nakamura", "Okafor", "Petrov",
]  # fmt: skip
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
# How far along the pipeline each demo application goes (stage index), by position.
STAGE_PLAN = [0, 0, 0, 1, 1, 1, 2, 2, 3, 4, 5, 6]


def resume_docx(name: str, summary: str) -> bytes:
    document = docx.Document()
    document.add_heading(name, level=1)
    document.add_paragraph(summary)
    document.add_heading("Skills", level=2)
    document.add_paragraph("Active listening, de-escalation, CRM tools (Zendesk, Salesforce).")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def seed_candidates(*, users: dict, stdout=None, count: int = 40) -> None:
    """Create the demo applications once; later runs leave them alone."""
    if Candidate.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}").exists():
        if stdout:
            stdout.write("Demo candidates: already there.")
        return
    rng = random.Random(2026)  # noqa: S311  # nosec B311 # demo data, not security
    roles = list(
        RoleProfile.objects.filter(status=RoleStatus.PUBLISHED).select_related("current_revision")
    )
    if not roles:
        return
    recruiter = users[StaffGroup.RECRUITER]
    reasons = list(RejectionReason.objects.filter(is_active=True))
    # Demo mail is recorded as sent without printing forty messages to the console.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        for n in range(count):
            with transaction.atomic():
                _seed_one(n, rng, roles, recruiter, reasons)
    if stdout:
        stdout.write(f"Demo candidates: {count} applications over {len(roles)} roles.")


def _seed_one(n: int, rng: random.Random, roles, recruiter, reasons) -> Application:
    first, last = FIRST_NAMES[n % len(FIRST_NAMES)], LAST_NAMES[n % len(LAST_NAMES)]
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
        location=rng.choice(["Columbus", "Tampa", "Phoenix", "Chicago", "Denver", "Austin"]),
        resume_name="resume.docx",
        resume_data=data,
        resume=check_resume(data),
        cover_letter="I enjoy helping people and I learn new tools quickly.",
        screening_answers=answers,
        source=rng.choice(["job board", "referral", "job feed"]),
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
