"""Moving applications through the pipeline: moves, rejections, withdrawals and notes."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from csa_portal.outbox import queue_mail

from .. import extensions
from ..models import (
    Application,
    ApplicationStatus,
    Candidate,
    Note,
    RejectionReason,
    Stage,
    StageChange,
    StageKind,
    application_outbox_key,
)
from .mail import mail_context


class ApplicationClosed(Exception):
    """The action does not fit the application's status."""


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
            context=mail_context(application),
            related_key=application_outbox_key(application.pk),
        )
    if application.status == ApplicationStatus.HIRED:
        _closed(application)
    else:
        for hook in extensions.STAGE_ENTERED:
            hook(application=application, stage=to_stage, by=by)
    return application


def _closed(application: Application) -> None:
    for hook in extensions.APPLICATION_CLOSED:
        hook(application=application, status=application.status)


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
    _closed(application)
    return now


def reject_with_notice(
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
        context=mail_context(
            application, email_subject=reason.email_subject, email_body=reason.email_body
        ),
        related_key=application_outbox_key(application.pk),
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
    return reject_with_notice(application, reason=reason, by=by, note=note, delay_hours=delay)


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


def record_in_history(*, application: Application, by, reason: str) -> StageChange:
    """An entry in the stage history that moves nothing (a decision to hold, say)."""
    return StageChange.objects.create(
        application=application,
        from_stage=application.stage,
        to_stage=application.stage,
        from_status=application.status,
        to_status=application.status,
        by=by,
        reason=reason[:500],
    )


def add_note(*, application: Application, author, body: str) -> Note:
    note = Note(application=application, author=author, body=body.strip())
    note.full_clean()
    note.save()
    return note
