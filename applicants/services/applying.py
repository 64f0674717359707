"""Applying: the candidate, their application, its history and its mail in one transaction."""

import logging
import secrets
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from csa_portal.handoff import request_task
from csa_portal.models import OutboundMessage
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

# Recorded with every consent: change it whenever the notice's content changes (2026-12: the
# retention period, the talent pool and a contact address were added).
PRIVACY_NOTICE_VERSION = "2026-12"
RECEIVED_TEMPLATE = "applicants/application_received"


class DuplicateApplication(Exception):
    """The person already has an active application for this role."""


# A second application to a role answers like the first, and the owner of the address hears
# by mail instead. At most one such mail an hour per application (the confirmation counts):
# a double click, a retry or fifty identical posts send nothing more, and nobody can use the
# form to flood someone's inbox.
ALREADY_APPLIED_TEMPLATE = "applicants/already_applied"
ALREADY_APPLIED_QUIET = timedelta(hours=1)


def normalise_email(email: str) -> str:
    return email.strip().lower()


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
    talent_pool: bool = False,
) -> Application | None:
    """Apply; None when the person already had an open application for this role.

    Both outcomes look the same to whoever filled in the form (ASVS 6.3.8: the form must not
    tell anyone whether an address has applied). The new application is written whole or not
    at all; a repeat leaves no row and no file, and its owner is told by mail.
    """
    try:
        return _record_submission(
            revision=revision,
            name=name,
            email=email,
            phone=phone,
            location=location,
            resume_data=resume_data,
            resume=resume,
            cover_letter=cover_letter,
            screening_answers=screening_answers,
            self_identification=self_identification,
            source=source,
            talent_pool=talent_pool,
        )
    except DuplicateApplication:
        tell_already_applied(revision=revision, email=email)
        return None


@transaction.atomic
def _record_submission(
    *,
    revision: RoleRevision,
    name: str,
    email: str,
    phone: str,
    location: str,
    resume_data: bytes,
    resume: CheckedResume,
    cover_letter: str,
    screening_answers: dict[str, str] | None,
    self_identification: dict[str, str] | None,
    source: str,
    talent_pool: bool = False,
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
    candidate = _candidate_for(
        email=email, name=name, phone=phone, location=location, now=now, talent_pool=talent_pool
    )
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
        name=name,
        email=candidate.email,  # as stored: the person's address whatever case was typed
        phone=phone,
        location=location,
        consent_given_at=now,
        privacy_notice_version=PRIVACY_NOTICE_VERSION,
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
# expression of the ``candidate_email_unique_ci`` constraint. A known person's row is left
# exactly as it was: the update only takes its lock and returns it, because this form is
# public and proves nothing about who typed the address.
CANDIDATE_UPSERT = """
    INSERT INTO applicants_candidate
        (name, email, phone, location, consent_given_at, privacy_notice_version, created_at,
         talent_pool_consent_at)
    VALUES (%s, %s, %s, %s, %s, %s, %s, %s)
    ON CONFLICT (lower(email)) DO UPDATE SET email = applicants_candidate.email
    RETURNING id, email, name
"""


def _candidate_for(
    *, email: str, name: str, phone: str, location: str, now, talent_pool: bool = False
) -> Candidate:
    """The person with this email (any case), found or created in one statement.

    ``INSERT ... ON CONFLICT (lower(email)) DO UPDATE`` (PostgreSQL and SQLite alike) takes the
    place of a locked look-up, a savepoint and an insert; the row it touches stays locked
    until the submission commits. Only the id, email and name are read back: the rest of a
    known person's record is not this form's business: that includes the talent pool, which
    the form's tick sets only for a new person (a known one joins from the portal, signed in).
    """
    email = normalise_email(email)
    at = Candidate._meta.get_field("created_at").get_db_prep_save(now, connection)
    with connection.cursor() as cursor:
        cursor.execute(
            CANDIDATE_UPSERT,
            [
                name,
                email,
                phone,
                location,
                at,
                PRIVACY_NOTICE_VERSION,
                at,
                at if talent_pool else None,
            ],
        )
        pk, stored_email, stored_name = cursor.fetchone()
    # As if read from the database with only these fields (in the model's field order): the
    # rest is read on access, and a save writes only these, so nothing typed in the form can
    # reach a known person's record through this object.
    return Candidate.from_db(
        connection.alias, ["id", "name", "email"], [pk, stored_name, stored_email]
    )


@transaction.atomic
def tell_already_applied(*, revision: RoleRevision, email: str) -> bool:
    """Mail the address's owner that their open application for this role stands.

    True when a mail was queued. Nothing is written when the address has no open application
    for the role (it was withdrawn meanwhile: the next post makes a new one) or when this
    application had a mail within ``ALREADY_APPLIED_QUIET``.
    """
    application = (
        Application.objects.filter(
            role_id=revision.role_id,
            status=ApplicationStatus.ACTIVE,
            candidate__in=Candidate.objects.annotate(email_ci=Lower("email")).filter(
                email_ci=normalise_email(email), anonymised_at__isnull=True
            ),
        )
        .select_related("candidate", "revision", "role", "stage")
        .first()
    )
    if application is None:
        return False
    key = application_outbox_key(application.pk)
    recently_mailed = OutboundMessage.objects.filter(
        related_key=key,
        template__in=[RECEIVED_TEMPLATE, ALREADY_APPLIED_TEMPLATE],
        created_at__gte=timezone.now() - ALREADY_APPLIED_QUIET,
    )
    if recently_mailed.exists():
        return False
    queue_mail(
        to=application.candidate.email,
        template=ALREADY_APPLIED_TEMPLATE,
        context=mail_context(application),
        related_key=key,
    )
    return True


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
        template=RECEIVED_TEMPLATE,
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
