"""Moving applications through the pipeline: moves, rejections, withdrawals and notes.

A change can be taken back (``undo_change``, ``undo_batch``) until the candidate has been
told: the mail that tells them (``StageChange.notice``) is cancelled through the outbox,
which locks it against a worker claiming it that instant. Once it has gone, a rejected
application can still be reopened with a reason (``reopen_application``). Either way, what
the close ended in the apps above (the candidate's assessment) comes back through
``extensions.APPLICATION_REOPENED``, in the same transaction.
"""

import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from csa_portal.models import OutboundMessage
from csa_portal.outbox import cancel_unsent, queue_mail

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

REJECTION_MAIL = "applicants/rejection"
STAGE_MOVED_MAIL = "applicants/stage_moved"
# What an undone change leaves in the history, and what a reopened application does.
UNDONE_PREFIX = "Undone before the candidate was told"
REOPENED_PREFIX = "Reopened"
APPLIED_AGAIN = (
    "The candidate has applied to this role again since, so this application cannot be "
    "active as well. Work on the newer application."
)


class ApplicationClosed(Exception):
    """The action does not fit the application's status."""


class UndoRefused(Exception):
    """The change cannot be taken back; the message says why, for staff."""

    def __init__(self, message: str, *, told: bool = False):
        super().__init__(message)
        self.told = told  # the candidate was (or is being) told: reopening is the way now


def _require_active(application: Application) -> None:
    if application.status != ApplicationStatus.ACTIVE:
        raise ApplicationClosed(
            f"This application is {application.get_status_display().lower()}; it cannot move."
        )


@transaction.atomic
def move_application(
    *,
    application: Application,
    to_stage: Stage,
    by,
    reason: str = "",
    batch: uuid.UUID | None = None,
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
    notice = None
    if to_stage.notify_candidate:
        notice = queue_mail(
            to=application.candidate.email,
            template=STAGE_MOVED_MAIL,
            context=mail_context(application),
            related_key=application_outbox_key(application.pk),
        )
    StageChange.objects.create(
        application=application,
        from_stage=from_stage,
        to_stage=to_stage,
        from_status=ApplicationStatus.ACTIVE,
        to_status=application.status,
        by=by,
        at=now,
        reason=reason,
        notice=notice,
        batch=batch,
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


def _make_active(application: Application, *, refused: type[Exception]) -> None:
    """A closed application active again (an undo, a reopen), its rejection cleared. Refused
    when the candidate has applied to the role again since: one active application a role."""
    application.status = ApplicationStatus.ACTIVE
    application.closed_at = None
    application.rejection_reason = None
    application.rejection_note = ""
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as clash:  # the one-active-application constraint
        raise refused(APPLIED_AGAIN) from clash


def _reopened(application: Application, *, by) -> None:
    for hook in extensions.APPLICATION_REOPENED:
        hook(application=application, by=by)


def _close(
    application: Application, *, status: str, by, reason: str, batch: uuid.UUID | None = None
) -> StageChange:
    """End an active application where it stands, with its entry in the history."""
    now = timezone.now()
    application.status = status
    application.closed_at = now
    application.save()
    change = StageChange.objects.create(
        application=application,
        from_stage=application.stage,
        to_stage=application.stage,
        from_status=ApplicationStatus.ACTIVE,
        to_status=status,
        by=by,
        at=now,
        reason=reason[:500],
        batch=batch,
    )
    _closed(application)
    return change


def reject_with_notice(
    application: Application,
    *,
    reason: RejectionReason,
    by,
    note: str,
    delay_hours: int,
    knocked_out: bool = False,
    batch: uuid.UUID | None = None,
) -> Application:
    application.rejection_reason = reason
    application.rejection_note = note[:500]
    application.knocked_out = application.knocked_out or knocked_out
    change = _close(
        application,
        status=ApplicationStatus.REJECTED,
        by=by,
        reason=f"{reason.label}. {note}".strip(),
        batch=batch,
    )
    change.notice = queue_mail(
        to=application.candidate.email,
        template=REJECTION_MAIL,
        context=mail_context(
            application, email_subject=reason.email_subject, email_body=reason.email_body
        ),
        related_key=application_outbox_key(application.pk),
        send_after=change.at + timedelta(hours=delay_hours),
    )
    change.save(update_fields=["notice"])
    return application


@transaction.atomic
def reject_application(
    *,
    application: Application,
    reason: RejectionReason,
    by,
    note: str = "",
    delay_hours: int | None = None,
    batch: uuid.UUID | None = None,
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
    return reject_with_notice(
        application, reason=reason, by=by, note=note, delay_hours=delay, batch=batch
    )


@transaction.atomic
def bulk_move(
    *, applications, to_stage: Stage, by, reason: str = "", batch: uuid.UUID | None = None
) -> int:
    """Move every still-active application; ones closed meanwhile are skipped, not errors.

    ``batch`` marks the moves as one action, so ``undo_batch`` can take them back together.
    """
    moved = 0
    for application in applications:
        try:
            move_application(
                application=application, to_stage=to_stage, by=by, reason=reason, batch=batch
            )
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
    batch: uuid.UUID | None = None,
) -> int:
    """Reject every still-active application; ones closed meanwhile are skipped."""
    rejected = 0
    for application in applications:
        try:
            reject_application(
                application=application,
                reason=reason,
                by=by,
                note=note,
                delay_hours=delay_hours,
                batch=batch,
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


# --- taking a change back -------------------------------------------------------------------


def new_batch() -> uuid.UUID:
    """The mark shared by the changes of one bulk action."""
    return uuid.uuid4()


def _unsent_notices(change: StageChange) -> list[int]:
    """The mails that tell of this change: its own, or (a change recorded before changes
    kept their mail) the rejection or stage mails queued about the application since."""
    if change.notice_id is not None:
        return [change.notice_id]
    if change.from_stage_id == change.to_stage_id and change.from_status == change.to_status:
        return []
    return list(
        OutboundMessage.objects.filter(
            related_key=application_outbox_key(change.application_id),
            template__in=[REJECTION_MAIL, STAGE_MOVED_MAIL],
            created_at__gte=change.at,
        ).values_list("pk", flat=True)
    )


def _check_undoable(change: StageChange, application: Application) -> None:
    if change.undone_at is not None:
        raise UndoRefused("This change has already been undone.")
    if application.candidate.anonymised_at is not None:
        raise UndoRefused("The candidate's data has been erased; nothing can change now.")
    moved = change.from_stage_id != change.to_stage_id
    closed = change.from_status == ApplicationStatus.ACTIVE and change.to_status in (
        ApplicationStatus.REJECTED,
        ApplicationStatus.HIRED,
    )
    if change.from_status != ApplicationStatus.ACTIVE or not (moved or closed):
        raise UndoRefused("Only a recruiter's move or rejection can be undone.")
    if moved and change.to_stage.kind == StageKind.ASSESSMENT:
        raise UndoRefused(
            "A move to the Assessment stage may have invited the candidate, so it cannot be "
            "undone. Move the application back if you need to."
        )
    latest = StageChange.objects.filter(application=application).order_by("-at", "-pk").first()
    stands = application.status == change.to_status and application.stage_id == change.to_stage_id
    if latest is None or latest.pk != change.pk or not stands:
        raise UndoRefused("The application has changed since, so this change cannot be undone.")


def _entered_stage_at(application: Application, change: StageChange):
    """When the application had entered the stage it goes back to."""
    earlier = (
        StageChange.objects.filter(
            Q(at__lt=change.at) | Q(at=change.at, pk__lt=change.pk),
            application=application,
            to_stage=change.from_stage_id,
        )
        .exclude(from_stage=change.from_stage_id)
        .order_by("-at", "-pk")
        .values_list("at", flat=True)
        .first()
    )
    return earlier or application.created_at


@transaction.atomic
def undo_change(*, change: StageChange, by) -> Application:
    """Take back a move or a rejection before the candidate is told of it.

    The mail that would tell them is cancelled in the same transaction; if a worker has
    already taken it (or sent it) the undo is refused with ``told=True``, and the
    application stays as it is: a rejected one can then be reopened with a reason.
    """
    application = (
        Application.objects.select_for_update()
        .select_related("candidate", "stage")
        .get(pk=change.application_id)
    )
    change = (
        StageChange.objects.select_for_update(of=("self",))
        .select_related("to_stage")
        .get(pk=change.pk)
    )
    _check_undoable(change, application)
    for message_id in _unsent_notices(change):
        if not cancel_unsent(message_id=message_id):
            raise UndoRefused(
                "The candidate has already been told, so this can no longer be undone.",
                told=True,
            )
    now = timezone.now()
    if change.from_stage_id != change.to_stage_id:
        application.stage_id = change.from_stage_id
        application.stage_entered_at = _entered_stage_at(application, change)
    _make_active(application, refused=UndoRefused)
    change.undone_at = now
    change.save(update_fields=["undone_at"])
    StageChange.objects.create(
        application=application,
        from_stage_id=change.to_stage_id,
        to_stage_id=change.from_stage_id,
        from_status=change.to_status,
        to_status=ApplicationStatus.ACTIVE,
        by=by,
        at=now,
        reason=f"{UNDONE_PREFIX}: {change.reason}".rstrip(": ")[:500],
    )
    application.refresh_from_db(fields=["stage"])
    if change.to_status != ApplicationStatus.ACTIVE:  # a rejection or a hire taken back
        _reopened(application, by=by)
    return application


@dataclass
class UndoOutcome:
    """What undoing a bulk action did, application by application."""

    undone: int = 0
    told: list[str] = field(default_factory=list)  # names: reopen them one by one
    changed: list[str] = field(default_factory=list)  # names: changed since, left alone


def undo_batch(*, batch: uuid.UUID, role_id: int, by) -> UndoOutcome:
    """Undo every change of one bulk action that can still be undone, each on its own.

    A candidate already told, or an application changed since, is left as it is and named
    in the outcome; the others are undone. Raises ``UndoRefused`` for an unknown batch.
    """
    changes = list(
        StageChange.objects.filter(batch=batch, application__role_id=role_id, undone_at=None)
        .select_related("application")
        .order_by("pk")
    )
    if not changes:
        raise UndoRefused("There is nothing left to undo in that action.")
    outcome = UndoOutcome()
    for change in changes:
        try:
            undo_change(change=change, by=by)
        except UndoRefused as refused:
            names = outcome.told if refused.told else outcome.changed
            names.append(change.application.name)
            continue
        outcome.undone += 1
    return outcome


@transaction.atomic
def reopen_application(*, application: Application, by, reason: str) -> Application:
    """Make a rejected application active again at its stage, with the reason on record.

    For after the candidate was told (before, ``undo_change`` takes the rejection back). A
    rejection mail still waiting is cancelled: the decision it announces no longer stands.
    Nobody is mailed: the recruiter tells the candidate in their own words.
    """
    reason = " ".join(reason.split())
    if not reason:
        raise ValueError("Say why the application is reopened: it is kept in the history.")
    application = (
        Application.objects.select_for_update()
        .select_related("candidate", "stage")
        .get(pk=application.pk)
    )
    if application.status != ApplicationStatus.REJECTED:
        raise ApplicationClosed(
            f"This application is {application.get_status_display().lower()}; only one that "
            "is not progressing can be reopened."
        )
    if application.candidate.anonymised_at is not None:
        raise ApplicationClosed("The candidate's data has been erased; it cannot be reopened.")
    pending = OutboundMessage.objects.filter(
        related_key=application_outbox_key(application.pk),
        template=REJECTION_MAIL,
        status__in=[OutboundMessage.Status.QUEUED, OutboundMessage.Status.FAILED],
    ).values_list("pk", flat=True)
    for message_id in list(pending):
        cancel_unsent(message_id=message_id)
    _make_active(application, refused=ApplicationClosed)
    StageChange.objects.create(
        application=application,
        from_stage=application.stage,
        to_stage=application.stage,
        from_status=ApplicationStatus.REJECTED,
        to_status=ApplicationStatus.ACTIVE,
        by=by,
        reason=f"{REOPENED_PREFIX}: {reason}"[:500],
    )
    _reopened(application, by=by)
    return application
