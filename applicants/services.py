"""Every change to candidates and applications that carries a business rule."""

import hashlib
import logging
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from csa_portal.models import OutboundMessage
from csa_portal.outbox import cancel_pending, queue_mail
from roles.models import RoleProfile, RoleRevision

from .models import (
    Application,
    ApplicationStatus,
    Candidate,
    MagicLink,
    Note,
    RejectionReason,
    SelfIdentification,
    Stage,
    StageChange,
    StageKind,
)
from .resumes import CheckedResume
from .screening import knockout_reasons

logger = logging.getLogger(__name__)

PRIVACY_NOTICE_VERSION = "2026-11"
MAGIC_LINK_LIFETIME = timedelta(minutes=15)
CONFIRMATION_LINK_LIFETIME = timedelta(minutes=60)
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


class DuplicateApplication(Exception):
    """The person already has an active application for this role."""


class ApplicationClosed(Exception):
    """The action does not fit the application's status."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


# --- stages --------------------------------------------------------------------------------


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


# --- applying -------------------------------------------------------------------------------


@transaction.atomic
def submit_application(
    *,
    revision: RoleRevision,
    name: str,
    email: str,
    phone: str = "",
    location: str = "",
    resume_name: str,
    resume_data: bytes,
    resume: CheckedResume,
    cover_letter: str = "",
    screening_answers: dict[str, str] | None = None,
    self_identification: dict[str, str] | None = None,
    source: str = "job board",
) -> Application:
    """Candidate (found or created), application, first stage change and mail, all or nothing.

    Knock-out answers reject the application at once, but the candidate hears only after the
    role's notice delay, so the answer never feels automatic.
    """
    # No lock and no look-up first: the candidate upsert locks the person's row until commit,
    # and the partial unique constraint on active applications turns a second application to
    # the same role (also a simultaneous one) into DuplicateApplication below.
    role = revision.role
    now = timezone.now()
    candidate = _candidate_for(email=email, name=name, phone=phone, location=location, now=now)
    first_stage = ensure_stages(role)[0]
    answers = screening_answers or {}
    questions = revision.snapshot.get("screening_questions", [])
    application = Application(
        candidate=candidate,
        role=role,
        revision=revision,
        stage=first_stage,
        stage_entered_at=now,
        source=source,
        resume_kind=resume.kind.value,
        resume_size=resume.size,
        cover_letter=cover_letter,
        screening_answers=[
            {"id": q["id"], "question": q["text"], "answer": answers.get(str(q["id"]), "")}
            for q in questions
        ],
    )
    application.resume.save(
        f"{secrets.token_hex(16)}{resume.extension}", ContentFile(resume_data), save=False
    )
    try:
        _record_application(
            application,
            role=role,
            questions=questions,
            answers=answers,
            self_identification=self_identification,
            now=now,
        )
    except BaseException:
        application.resume.delete(save=False)  # never keep a file whose record rolled back
        raise
    from .tasks import extract_resume_text

    application_id = application.pk
    transaction.on_commit(lambda: _enqueue(extract_resume_text, application_id))
    return application


# The columns in the order ``_candidate_for`` passes them; the conflict target is the
# expression of the ``candidate_email_unique_ci`` constraint. The email and the creation time
# of a known person stay as they were.
CANDIDATE_UPSERT = """
    INSERT INTO applicants_candidate
        (name, email, phone, location, consent_given_at, privacy_notice_version, created_at)
    VALUES (%s, %s, %s, %s, %s, %s, %s)
    ON CONFLICT (lower(email)) DO UPDATE SET
        name = excluded.name,
        phone = excluded.phone,
        location = excluded.location,
        consent_given_at = excluded.consent_given_at,
        privacy_notice_version = excluded.privacy_notice_version
    RETURNING id, email
"""


def _candidate_for(*, email: str, name: str, phone: str, location: str, now) -> Candidate:
    """The person with this email (any case), created or brought up to date in one statement.

    ``INSERT ... ON CONFLICT (lower(email)) DO UPDATE`` (PostgreSQL and SQLite alike) takes the
    place of a locked look-up, a savepoint and an insert or update; the row it touches stays
    locked until the submission commits.
    """
    email = normalise_email(email)
    at = Candidate._meta.get_field("created_at").get_db_prep_save(now, connection)
    with connection.cursor() as cursor:
        cursor.execute(
            CANDIDATE_UPSERT, [name, email, phone, location, at, PRIVACY_NOTICE_VERSION, at]
        )
        pk, stored_email = cursor.fetchone()
    # created_at is left unset: a known person keeps their own, which this did not read.
    return Candidate(
        pk=pk,
        name=name,
        email=stored_email,
        phone=phone,
        location=location,
        consent_given_at=now,
        privacy_notice_version=PRIVACY_NOTICE_VERSION,
    )


def _record_application(application, *, role, questions, answers, self_identification, now):
    # No savepoint: a constraint failure here ends the whole submission, which rolls back.
    try:
        application.save()
    except IntegrityError as error:
        raise DuplicateApplication from error
    StageChange.objects.create(
        application=application,
        to_stage=application.stage,
        to_status=ApplicationStatus.ACTIVE,
        at=now,
        reason="Applied",
    )
    if self_identification and any(self_identification.values()):
        SelfIdentification.objects.create(application=application, **self_identification)
    queue_mail(
        to=application.candidate.email,
        template="applicants/application_received",
        context=_mail_context(application, candidate_id=application.candidate_id),
        related_key=f"application:{application.pk}",
    )
    reasons = knockout_reasons(questions, answers)
    if reasons:
        _reject(
            application,
            reason=knockout_reason(),
            by=None,
            note="; ".join(reasons),
            delay_hours=role.rejection_notice_delay_hours,
            knocked_out=True,
        )


def _enqueue(task, *args) -> None:
    try:
        task.delay(*args)
    except Exception:  # a down broker delays text extraction; the beat catch-up retries
        logger.warning("Could not queue %s%s; the periodic catch-up will", task.name, args)


def _mail_context(application: Application, **extra: Any) -> dict:
    return {
        "candidate_name": application.candidate.name,
        "role_title": application.revision.title,
        "role_url": absolute(reverse("roles:detail", kwargs={"slug": application.role.slug})),
        "portal_url": absolute(reverse("applicants:login")),
        "stage_label": application.stage.candidate_label,
        "next_step": application.stage.next_step,
        **extra,
    }


# --- moving through the pipeline ------------------------------------------------------------


def _require_active(application: Application) -> None:
    if application.status != ApplicationStatus.ACTIVE:
        raise ApplicationClosed(
            f"This application is {application.get_status_display().lower()}; it cannot move."
        )


@transaction.atomic
def move_application(
    *, application: Application, to_stage: Stage, by, reason: str = ""
) -> Application:
    application = (
        Application.objects.select_for_update()
        .select_related("stage", "candidate", "revision", "role")
        .get(pk=application.pk)
    )
    _require_active(application)
    if to_stage.role_id != application.role_id:
        raise ValueError("That stage belongs to another role.")
    if to_stage.pk == application.stage_id:
        return application
    now = timezone.now()
    from_stage = application.stage
    application.stage, application.stage_entered_at = to_stage, now
    if to_stage.kind == StageKind.HIRED:
        application.status = ApplicationStatus.HIRED
        application.closed_at = now
    application.save()
    StageChange.objects.create(
        application=application,
        from_stage=from_stage,
        to_stage=to_stage,
        from_status=ApplicationStatus.ACTIVE,
        to_status=application.status,
        by=by,
        at=now,
        reason=reason,
    )
    if to_stage.notify_candidate:
        queue_mail(
            to=application.candidate.email,
            template="applicants/stage_moved",
            context=_mail_context(application),
            related_key=f"application:{application.pk}",
        )
    return application


def _close(application: Application, *, status: str, by, reason: str):
    """End an active application where it stands, with its entry in the history."""
    now = timezone.now()
    application.status = status
    application.closed_at = now
    application.save()
    StageChange.objects.create(
        application=application,
        from_stage=application.stage,
        to_stage=application.stage,
        from_status=ApplicationStatus.ACTIVE,
        to_status=status,
        by=by,
        at=now,
        reason=reason[:500],
    )
    return now


def _reject(
    application: Application,
    *,
    reason: RejectionReason,
    by,
    note: str,
    delay_hours: int,
    knocked_out: bool = False,
) -> Application:
    application.rejection_reason = reason
    application.rejection_note = note[:500]
    application.knocked_out = application.knocked_out or knocked_out
    now = _close(
        application,
        status=ApplicationStatus.REJECTED,
        by=by,
        reason=f"{reason.label}. {note}".strip(),
    )
    queue_mail(
        to=application.candidate.email,
        template="applicants/rejection",
        context=_mail_context(
            application, email_subject=reason.email_subject, email_body=reason.email_body
        ),
        related_key=f"application:{application.pk}",
        send_after=now + timedelta(hours=delay_hours),
    )
    return application


@transaction.atomic
def reject_application(
    *,
    application: Application,
    reason: RejectionReason,
    by,
    note: str = "",
    delay_hours: int | None = None,
) -> Application:
    application = (
        Application.objects.select_for_update()
        .select_related("stage", "candidate", "revision", "role")
        .get(pk=application.pk)
    )
    _require_active(application)
    if not reason.is_active:
        raise ValueError("That reason is no longer in use.")
    delay = application.role.rejection_notice_delay_hours if delay_hours is None else delay_hours
    return _reject(application, reason=reason, by=by, note=note, delay_hours=delay)


@transaction.atomic
def bulk_move(*, applications, to_stage: Stage, by, reason: str = "") -> int:
    """Move every still-active application; ones closed meanwhile are skipped, not errors."""
    moved = 0
    for application in applications:
        try:
            move_application(application=application, to_stage=to_stage, by=by, reason=reason)
        except ApplicationClosed:
            continue
        moved += 1
    return moved


@transaction.atomic
def bulk_reject(
    *,
    applications,
    reason: RejectionReason,
    by,
    note: str = "",
    delay_hours: int | None = None,
) -> int:
    """Reject every still-active application; ones closed meanwhile are skipped."""
    rejected = 0
    for application in applications:
        try:
            reject_application(
                application=application, reason=reason, by=by, note=note, delay_hours=delay_hours
            )
        except ApplicationClosed:
            continue
        rejected += 1
    return rejected


@transaction.atomic
def withdraw_application(*, application: Application, candidate: Candidate) -> Application:
    application = (
        Application.objects.select_for_update()
        .select_related("stage")
        .get(pk=application.pk, candidate=candidate)
    )
    _require_active(application)
    _close(
        application,
        status=ApplicationStatus.WITHDRAWN,
        by=None,
        reason="Withdrawn by the candidate",
    )
    return application


def add_note(*, application: Application, author, body: str) -> Note:
    note = Note(application=application, author=author, body=body.strip())
    note.full_clean()
    note.save()
    return note


# --- candidate sign-in ----------------------------------------------------------------------


@transaction.atomic
def request_magic_link(*, email: str) -> None:
    """Mail a sign-in link, or a note that no application uses this address.

    Both paths write one outbox row and return nothing, so the page and its timing say
    nothing about whether the address is known. The token itself is made when the mail is
    rendered (``magic_link_context``): the outbox row never holds a usable link.
    """
    email = normalise_email(email)
    candidate = (
        Candidate.objects.annotate(email_ci=Lower("email"))
        .filter(email_ci=email, anonymised_at__isnull=True)
        .first()
    )
    if candidate is None:
        queue_mail(
            to=email,
            template="applicants/magic_link_unknown",
            context={"apply_url": absolute(reverse("roles:board"))},
        )
        return
    queue_mail(
        to=candidate.email,
        template="applicants/magic_link",
        context={"candidate_id": candidate.pk, "candidate_name": candidate.name},
        related_key=f"candidate:{candidate.pk}",
    )


def confirmation_link_context(context: dict) -> dict:
    """The confirmation mail carries a sign-in link too, valid a little longer (an hour)."""
    if "candidate_id" not in context:
        return {}
    return magic_link_context(context, lifetime=CONFIRMATION_LINK_LIFETIME)


def magic_link_context(context: dict, *, lifetime: timedelta = MAGIC_LINK_LIFETIME) -> dict:
    """Create the link's token as the mail is rendered; only its hash is stored.

    Its fifteen minutes start when the mail is sent, so a mail delayed by a broker outage
    still arrives with a working link.
    """
    token = secrets.token_urlsafe(32)  # 256 random bits
    MagicLink.objects.create(
        candidate_id=context["candidate_id"],
        token_hash=hash_token(token),
        expires_at=timezone.now() + lifetime,
    )
    return {
        "link": absolute(reverse("applicants:redeem", kwargs={"token": token})),
        "minutes": int(lifetime.total_seconds() // 60),
    }


@transaction.atomic
def redeem_magic_link(*, token: str) -> Candidate | None:
    """The candidate a fresh, unused link belongs to; the link is spent either way."""
    if not token or len(token) > 100:
        return None
    link = (
        MagicLink.objects.select_for_update()
        .select_related("candidate")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if link is None or link.used_at is not None:
        return None
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    if link.expires_at < link.used_at or link.candidate.anonymised_at:
        return None
    return link.candidate


# --- candidate data rights ------------------------------------------------------------------


def export_candidate_data(candidate: Candidate) -> dict:
    """Everything held about the candidate, for the download in their portal."""
    from .selectors import status_for_candidate, with_rejection_pending

    applications = with_rejection_pending(
        candidate.applications.select_related("revision", "stage")
    ).prefetch_related("history__to_stage")
    return {
        "exported_at": timezone.now().isoformat(),
        "candidate": {
            "name": candidate.name,
            "email": candidate.email,
            "phone": candidate.phone,
            "location": candidate.location,
            "consent_given_at": candidate.consent_given_at.isoformat(),
            "privacy_notice_version": candidate.privacy_notice_version,
        },
        "applications": [
            {
                "role": application.revision.title,
                "applied_at": application.created_at.isoformat(),
                # The same words as the portal: a rejection whose mail is still delayed is
                # not revealed early here either.
                "status": status_for_candidate(application).label,
                "cover_letter": application.cover_letter,
                "screening_answers": application.screening_answers,
                "resume_file_type": application.resume_kind,
                "resume_text": application.resume_text,
                "history": [
                    {
                        "at": change.at.isoformat(),
                        "stage": change.to_stage.candidate_label,
                        "status": change.to_status,
                    }
                    for change in application.history.all()
                    if not (application.rejection_pending and change.to_status == "rejected")
                ],
                "role_as_advertised": application.revision.snapshot,
            }
            for application in applications
        ],
    }


@transaction.atomic
def erase_candidate(*, candidate: Candidate) -> Candidate:
    """Withdraw active applications, delete resumes and replace personal data.

    The applications stay as anonymous rows so funnel counts remain true; the
    self-identification answers stay only as unlinked aggregates.
    """
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    now = timezone.now()
    for application in candidate.applications.filter(status=ApplicationStatus.ACTIVE):
        withdraw_application(application=application, candidate=candidate)
    for application in candidate.applications.all():
        if application.resume:
            application.resume.delete(save=False)
        application.resume = ""
        application.resume_text = ""
        application.cover_letter = ""
        application.screening_answers = []
        application.save()
        application.notes.all().delete()
        cancel_pending(related_key=f"application:{application.pk}", template="applicants/rejection")
    candidate.magic_links.all().delete()
    keys = [f"application:{a.pk}" for a in candidate.applications.all()]
    OutboundMessage.objects.filter(related_key__in=[*keys, f"candidate:{candidate.pk}"]).update(
        to_email=f"erased-{candidate.pk}@invalid.example", context={}
    )
    candidate.name = "Erased candidate"
    candidate.email = f"erased-{candidate.pk}@invalid.example"
    candidate.phone = candidate.location = ""
    candidate.erasure_requested_at = candidate.erasure_requested_at or now
    candidate.anonymised_at = now
    candidate.save()
    return candidate


def record_resume_text(*, application_id: int) -> bool:
    """Extract the resume's text for search. True once done (again: a no-op)."""
    from .resumes import ResumeKind, ResumeRejected, extract_text

    application = Application.objects.filter(pk=application_id).first()
    if application is None or application.resume_text_extracted_at or not application.resume:
        return False
    with application.resume.open("rb") as handle:
        data = handle.read()
    try:
        text = extract_text(data, ResumeKind(application.resume_kind))
    except ResumeRejected:
        text = ""
    Application.objects.filter(pk=application_id).update(
        resume_text=text, resume_text_extracted_at=timezone.now()
    )
    return True


def applications_missing_resume_text(*, limit: int) -> list[int]:
    cutoff = timezone.now() - timedelta(minutes=5)
    return list(
        Application.objects.filter(resume_text_extracted_at__isnull=True, created_at__lt=cutoff)
        .exclude(resume="")
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
