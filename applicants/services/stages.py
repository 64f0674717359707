"""A role's pipeline stages, created with sensible defaults the first time they are needed."""

from roles.models import RoleProfile

from ..models import RejectionReason, Stage, StageKind

KNOCKOUT_REASON_LABEL = "Did not meet a stated requirement"

DEFAULT_STAGES = [
    # kind, board name, what the candidate reads, what happens next, mail the candidate?
    (
        StageKind.APPLIED,
        "Applied",
        "Received",
        "We read every application. Expect to hear from us within a week.",
        False,
    ),
    (
        StageKind.SCREENING,
        "Screening",
        "Being reviewed",
        "A recruiter is reading your application and answers.",
        False,
    ),
    (
        StageKind.ASSESSMENT,
        "Assessment",
        "Online tasks",
        "You will get an email with a link to short online tasks.",
        True,
    ),
    (
        StageKind.REVIEW,
        "Review",
        "Tasks being scored",
        "Trained reviewers are scoring your tasks against a shared guide.",
        False,
    ),
    (
        StageKind.INTERVIEW,
        "Interview",
        "Interview",
        "We will email you to arrange a conversation with the hiring manager.",
        True,
    ),
    (
        StageKind.OFFER,
        "Offer",
        "Offer",
        "We are preparing an offer and will be in touch very soon.",
        True,
    ),
    (
        StageKind.HIRED,
        "Hired",
        "Hired",
        "Welcome aboard. Your onboarding details are on their way.",
        True,
    ),
]


def ensure_stages(role: RoleProfile) -> list[Stage]:
    """The role's pipeline, created with the default stages the first time it is needed."""
    stages = list(Stage.objects.filter(role=role).order_by("position"))
    if stages:
        return stages
    Stage.objects.bulk_create(
        [
            Stage(
                role=role,
                kind=kind,
                name=name,
                position=n,
                candidate_label=label,
                next_step=next_step,
                notify_candidate=notify,
            )
            for n, (kind, name, label, next_step, notify) in enumerate(DEFAULT_STAGES, 1)
        ],
        ignore_conflicts=True,
    )
    return list(Stage.objects.filter(role=role).order_by("position"))


def knockout_reason() -> RejectionReason:
    reason, _ = RejectionReason.objects.get_or_create(
        label=KNOCKOUT_REASON_LABEL,
        defaults={
            "email_subject": "Your application for {{ role_title }}",
            "email_body": DEFAULT_REJECTION_BODY,
            "position": 99,
        },
    )
    return reason


DEFAULT_REJECTION_BODY = (
    "Thank you for applying for the {{ role_title }} role and for the time you gave it. "
    "We have decided not to take your application further this time.\n\n"
    "This decision is about the requirements of this particular role, not about you. "
    "You are welcome to apply for other roles on our careers page at any time."
)
