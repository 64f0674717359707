"""Applying: the candidate, their application, its history and its mail in one transaction."""

import logging
import secrets

from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from csa_portal.handoff import request_task
from csa_portal.outbox import queue_mail
from roles.models import RoleRevision

from ..models import (
    Application,
    ApplicationStatus,
    Candidate,
    SelfIdentification,
    StageChange,
    application_outbox_key,
)
from ..resumes import CheckedResume
from ..screening import knockout_reasons
from .mail import mail_context
from .pipeline import reject_with_notice
from .stages import ensure_stages, knockout_reason

logger = logging.getLogger(__name__)

PRIVACY_NOTICE_VERSION = "2026-11"


class DuplicateApplication(Exception):
    """The person already has an active application for this role."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


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
    from ..tasks import extract_resume_text

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
        context=mail_context(application, candidate_id=application.candidate_id),
        related_key=application_outbox_key(application.pk),
    )
    reasons = knockout_reasons(questions, answers)
    if reasons:
        reject_with_notice(
            application,
            reason=knockout_reason(),
            by=None,
            note="; ".join(reasons),
            delay_hours=role.rejection_notice_delay_hours,
            knocked_out=True,
        )


def _enqueue(task, *args) -> None:
    # Quick to give up: a down broker delays text extraction; the beat catch-up finds it.
    request_task(task, *args)
