"""Inviting a candidate to an assessment, the link that brings them to it, and adjustments.

The invitation is an outbox mail written in the same transaction as the attempt. Its link is
made when the mail is rendered (``invitation_link_context``), so the outbox row never holds a
usable token; only the token's hash is stored, the link is spent on first use, and a newer
link for the same attempt (a reminder, a mail sent again) revokes the older ones.
"""

import logging
from datetime import timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from applicants.extensions import BulkResult
from applicants.models import (
    Application,
    ApplicationStatus,
    Candidate,
    Stage,
    StageKind,
    application_outbox_key,
)
from applicants.services import absolute, hash_token
from csa_portal.models import OutboundMessage
from csa_portal.outbox import cancel_unsent, message_secret, queue_mail, restore_cancelled

from ..models import (
    OPEN_ATTEMPT_STATUSES,
    AccommodationRequest,
    Attempt,
    AttemptStatus,
    InvitationLink,
    RoleAssessment,
    TaskKind,
    TaskResponse,
    TemplateStatus,
)
from ..timing import ALLOWED_FACTORS, as_factor, deadline
from .taking import settle

logger = logging.getLogger(__name__)

INVITATION_MAIL = "assessments/invitation"
REMINDER_MAIL = "assessments/reminder"
ACCOMMODATION_MAIL = "assessments/accommodation_requested"
TOKEN_MAX_LENGTH = 100


class InvitationRefused(Exception):
    """The application cannot be invited now; the message says why, for staff."""


def _open_attempts(application: Application):
    return Attempt.objects.filter(application=application, status__in=OPEN_ATTEMPT_STATUSES)


@transaction.atomic
def invite(*, application: Application, by) -> Attempt:
    """Create the attempt on the role's current template revision and mail the invitation."""
    application = (
        Application.objects.select_for_update()
        .select_related("candidate", "role", "revision")
        .get(pk=application.pk)
    )
    if application.status != ApplicationStatus.ACTIVE:
        raise InvitationRefused(
            f"This application is {application.get_status_display().lower()}, so it cannot "
            "be invited to an assessment."
        )
    setting = (
        RoleAssessment.objects.select_related("template__current_revision")
        .filter(role=application.role)
        .first()
    )
    if setting is None:
        raise InvitationRefused(
            "This role has no assessment yet: choose one in the role's assessment settings."
        )
    template = setting.template
    if template.status != TemplateStatus.PUBLISHED or template.current_revision is None:
        raise InvitationRefused(f"“{template.name}” is not published, so nobody can take it.")
    if _open_attempts(application).filter(template=template).exists():
        raise InvitationRefused("This candidate already has an open invitation to it.")
    now = timezone.now()
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                application=application,
                template=template,
                revision=template.current_revision,
                invited_at=now,
                invited_by=by,
                expires_at=now + timedelta(days=setting.days_to_complete),
            )
    except IntegrityError as clash:  # invited at the same moment by someone else
        raise InvitationRefused("This candidate already has an open invitation to it.") from clash
    queue_mail(
        to=application.candidate.email,
        template=INVITATION_MAIL,
        context=_mail_context(attempt, application),
        related_key=application_outbox_key(application.pk),
    )
    return attempt


def bulk_invite(*, applications, by) -> BulkResult:
    """Invite each application on its own: one refused (no assessment set for the role, an
    open invitation already) is named in the result, the others are invited."""
    result = BulkResult()
    for application in applications:
        try:
            with transaction.atomic():
                invite(application=application, by=by)
        except InvitationRefused as refused:
            result.refused.append(f"{application.name}: {refused}")
            continue
        result.done += 1
    return result


def _mail_context(attempt: Attempt, application: Application) -> dict:
    snapshot = attempt.revision.snapshot
    return {
        "attempt_id": attempt.pk,
        "candidate_name": application.candidate.name,
        "role_title": application.revision.title,
        "assessment_name": snapshot["name"],
        "tasks": [
            {"title": task["title"], "minutes": task["time_limit_minutes"]}
            for task in snapshot["tasks"]
        ],
        "expires_on": date_format(timezone.localtime(attempt.expires_at), "l j F Y, H:i e"),
        "portal_url": absolute(reverse("applicants:login")),
    }


def stage_entered(*, application: Application, stage: Stage, by) -> None:
    """Invite automatically when an application reaches the role's Assessment stage.

    Called inside the move's transaction. Nothing here may undo the move: a role without an
    assessment, or a candidate already invited, simply gets no invitation.
    """
    if stage.kind != StageKind.ASSESSMENT:
        return
    automatic = RoleAssessment.objects.filter(
        role_id=application.role_id, invite_automatically=True
    ).exists()
    if not automatic:
        return
    try:
        invite(application=application, by=by)
    except InvitationRefused as refused:
        logger.info("No automatic invitation for application %s: %s", application.pk, refused)


def application_closed(*, application: Application, status: str) -> None:
    """A withdrawn, rejected or hired application's open attempts are closed with it.

    Each keeps the state it was in and the time, which is also the time its live link was
    revoked, so ``application_reopened`` can bring back exactly what this close ended. The
    assessment mails still waiting to go (queued, delayed, or failed and waiting for an
    operator) are cancelled: their links would no longer work.
    """
    _cancel_waiting_mail(application)
    now = timezone.now()
    attempts = _open_attempts(application)
    InvitationLink.objects.filter(
        attempt__in=attempts, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    attempts.update(
        status=AttemptStatus.CANCELLED,
        cancelled_from=F("status"),  # the state before this statement
        cancelled_at=now,
        closed_reason=f"The application was {ApplicationStatus(status).label.lower()}.",
        updated_at=now,
    )


def application_reopened(*, application: Application, by) -> None:
    """The attempts the application's close cancelled come back as they were.

    Only those (``cancelled_from``); an attempt cancelled otherwise stays cancelled. Each
    returns to its state, and the link last mailed for it works again if the close was what
    revoked it. The clock did not stop meanwhile: ``settle`` then treats the attempt like any
    open one, so an invitation that closed meanwhile expires (or is submitted, if tasks were
    done) and a task past its deadline is submitted with what was saved. The mail the close
    held back for an attempt that is open again goes after all.
    """
    now = timezone.now()
    cancelled = Attempt.objects.select_for_update().filter(
        application=application, status=AttemptStatus.CANCELLED
    )
    restored = [
        attempt for attempt in cancelled.exclude(cancelled_from="") if _restore(attempt, now=now)
    ]
    if restored:
        _restore_held_back_mail(application, restored)


def _restore(attempt: Attempt, *, now) -> bool:
    """Bring one attempt back; True when it is open again."""
    cancelled_at = attempt.cancelled_at
    attempt.status = attempt.cancelled_from
    attempt.cancelled_from, attempt.cancelled_at, attempt.closed_reason = "", None, ""
    try:
        with transaction.atomic():
            attempt.save(
                update_fields=[
                    "status",
                    "cancelled_from",
                    "cancelled_at",
                    "closed_reason",
                    "updated_at",
                ]
            )
    except IntegrityError:  # another open attempt on the template, made outside the services
        logger.warning(
            "Attempt %s stays cancelled: its template has another open attempt.", attempt.pk
        )
        return False
    attempt = settle(attempt, now=now)
    if not attempt.is_open:
        return False
    newest = InvitationLink.objects.filter(attempt=attempt).order_by("-created_at", "-pk").first()
    if newest is not None and newest.used_at is None and newest.revoked_at == cancelled_at:
        InvitationLink.objects.filter(pk=newest.pk).update(revoked_at=None)
    return True


# --- the mail a close held back -------------------------------------------------------------


def _assessment_mail(application: Application):
    return OutboundMessage.objects.filter(
        related_key=application_outbox_key(application.pk),
        template__in=[INVITATION_MAIL, REMINDER_MAIL],
    )


def _cancel_waiting_mail(application: Application) -> None:
    """Cancel the application's invitations and reminders that have not started to go.

    Through the outbox's ``cancel_unsent``, which locks each row against a worker claiming
    it that instant. A row a worker already took ("sending") is left alone: it may be in the
    candidate's inbox already, and its link then says the assessment is closed.
    """
    waiting = _assessment_mail(application).filter(
        status__in=[
            OutboundMessage.Status.QUEUED,
            OutboundMessage.Status.FAILED,
            OutboundMessage.Status.SENDING,
        ]
    )
    for message_id in list(waiting.values_list("pk", flat=True)):
        if not cancel_unsent(message_id=message_id):
            logger.info(
                "Message %s about application %s was already being sent when the application "
                "closed; it goes as it is.",
                message_id,
                application.pk,
            )


def _restore_held_back_mail(application: Application, attempts: list[Attempt]) -> None:
    """Put back the mail the close cancelled for the attempts that are open again.

    As if the close had not happened: an invitation that never went out goes after all, so
    nobody holds an open attempt they never heard of, and so does a reminder (the reminder
    job would not queue another: it marks ``reminded_at`` when it queues one). Each is the
    cancelled row itself (``outbox.restore_cancelled``), with its Message-ID and its link.
    Only this module's close cancels these mails, so a cancelled one of the attempt is one
    that a close held back.
    """
    held_back = _assessment_mail(application).filter(
        status=OutboundMessage.Status.CANCELLED,
        context__attempt_id__in=[attempt.pk for attempt in attempts],
    )
    for message_id in list(held_back.order_by("created_at", "pk").values_list("pk", flat=True)):
        restore_cancelled(message_id=message_id)


def candidate_erased(*, candidate: Candidate) -> None:
    """Erasure removes what the candidate said and recorded; scores and decisions stay, so
    the reports still add up."""
    responses = TaskResponse.objects.filter(attempt__application__candidate=candidate)
    from ..models import TurnRecording

    for recording in TurnRecording.objects.filter(response__in=responses):
        recording.audio.delete(save=False)
    TurnRecording.objects.filter(response__in=responses).delete()
    responses.update(answers={})
    AccommodationRequest.objects.filter(attempt__application__candidate=candidate).update(
        message=""
    )
    InvitationLink.objects.filter(attempt__application__candidate=candidate).delete()


# --- the link -------------------------------------------------------------------------------


def invitation_link_context(message) -> dict:
    """Make the mail's link as it is rendered (the outbox calls this with the row).

    The token is derived from the mail's Message-ID (``outbox.message_secret``), so a resend
    of the same mail carries the same link, not a second one; a different mail about the
    same attempt (a reminder) makes a new link and spends the earlier ones. The link lives as
    long as the invitation; it is spent when the candidate opens it, and after that they come
    back through the portal's sign-in.
    """
    attempt = Attempt.objects.filter(pk=message.context.get("attempt_id")).first()
    if attempt is None:
        return {}
    token = message_secret(message, "assessment-invitation")
    now = timezone.now()
    link, _ = InvitationLink.objects.get_or_create(
        token_hash=hash_token(token),
        defaults={"attempt": attempt, "expires_at": attempt.expires_at},
    )
    InvitationLink.objects.filter(
        attempt=attempt, used_at__isnull=True, revoked_at__isnull=True
    ).exclude(pk=link.pk).update(revoked_at=now)
    return {"link": absolute(reverse("assessments:redeem", kwargs={"token": token}))}


@transaction.atomic
def redeem_invitation(*, token: str) -> Attempt | None:
    """The attempt a fresh, unused link belongs to; the link is spent either way."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    link = (
        InvitationLink.objects.select_for_update()
        .select_related("attempt__application__candidate")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if link is None or link.used_at is not None or link.revoked_at is not None:
        return None
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    attempt = link.attempt
    if link.expires_at < link.used_at or attempt.status == AttemptStatus.CANCELLED:
        return None
    if attempt.application.candidate.anonymised_at is not None:
        return None
    return attempt


# --- reminders ------------------------------------------------------------------------------


REMIND_BEFORE = timedelta(hours=24)


@transaction.atomic
def send_reminders(*, now=None, limit: int = 200) -> int:
    """Remind once, a day before an open invitation closes, with a fresh link."""
    now = now or timezone.now()
    due = list(
        Attempt.objects.select_for_update(skip_locked=True)
        .filter(
            status__in=OPEN_ATTEMPT_STATUSES,
            reminded_at__isnull=True,
            expires_at__gt=now,
            expires_at__lte=now + REMIND_BEFORE,
        )
        .select_related("application__candidate", "application__revision", "revision")
        .order_by("expires_at")[:limit]
    )
    for attempt in due:
        queue_mail(
            to=attempt.application.candidate.email,
            template=REMINDER_MAIL,
            context=_mail_context(attempt, attempt.application),
            related_key=application_outbox_key(attempt.application_id),
        )
    Attempt.objects.filter(pk__in=[a.pk for a in due]).update(reminded_at=now)
    return len(due)


# --- adjustments ----------------------------------------------------------------------------


@transaction.atomic
def request_accommodation(*, attempt: Attempt, message: str) -> AccommodationRequest:
    """The candidate asks for an adjustment; the role's recruiter hears at once."""
    request = AccommodationRequest(attempt=attempt, message=message.strip())
    request.full_clean()
    request.save()
    owner = attempt.application.role.owner
    if owner is not None and owner.email:
        queue_mail(
            to=owner.email,
            template=ACCOMMODATION_MAIL,
            context={
                "role_title": attempt.application.revision.title,
                "application_url": absolute(
                    reverse("staff:applicants:application", kwargs={"pk": attempt.application_id})
                ),
            },
            # To staff, with nothing personal in it: not listed with the candidate's mail,
            # and an erasure has nothing to scrub in it.
        )
    return request


@transaction.atomic
def set_accommodation(
    *, attempt: Attempt, time_factor: Decimal | str, typed_call: bool, note: str, by
) -> Attempt:
    """Set the attempt's time factor and typed-call adjustment; answer open requests.

    Tasks not started yet get the new time. A task already under way keeps its start, and
    its deadline moves out if the new factor gives more time (never in, which could end a
    task the candidate is in the middle of).
    """
    attempt = Attempt.objects.select_for_update().select_related("revision").get(pk=attempt.pk)
    if attempt.status not in OPEN_ATTEMPT_STATUSES:
        raise InvitationRefused("This assessment is finished; its time can no longer change.")
    factor = as_factor(time_factor)
    if factor not in ALLOWED_FACTORS:
        raise ValueError("Choose one of the offered time factors.")
    now = timezone.now()
    attempt.time_factor = factor
    attempt.typed_call = typed_call
    attempt.accommodation_note = note.strip()[:300]
    attempt.save(update_fields=["time_factor", "typed_call", "accommodation_note", "updated_at"])
    for response in TaskResponse.objects.filter(attempt=attempt, submitted_at__isnull=True):
        task = attempt.revision.task(response.task_key)
        longer = deadline(response.started_at, task["time_limit_minutes"], factor)
        if longer > response.deadline and response.deadline > now:
            TaskResponse.objects.filter(pk=response.pk).update(deadline=longer)
    AccommodationRequest.objects.filter(attempt=attempt, resolved_at__isnull=True).update(
        resolved_at=now, resolved_by=by
    )
    return attempt


def call_is_typed(attempt: Attempt) -> bool:
    return attempt.typed_call or not any(
        task["kind"] == TaskKind.MOCK_CALL for task in attempt.revision.snapshot["tasks"]
    )
