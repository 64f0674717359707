"""Taking a rejection or a bulk action back before the candidate is told, and reopening after."""

from datetime import timedelta

import pytest
from django.utils import timezone

from applicants import services
from applicants.models import Application, ApplicationStatus, StageChange, StageKind
from applicants.services import ensure_stages
from csa_portal import outbox
from csa_portal.models import OutboundMessage
from tests.applicants.factories import ApplicationFactory, CandidateFactory
from tests.applicants.test_pipeline import active_reason, applied
from tests.outbox_race import worker_claiming
from tests.roles.factories import published_role
from tests.services import require_postgresql

pytestmark = pytest.mark.django_db

REJECTION = "applicants/rejection"


@pytest.fixture
def role():
    return published_role(title="Chat Associate")


def stage(role, kind: str):
    return next(s for s in ensure_stages(role) if s.kind == kind)


def rejected(application, by, *, delay_hours: int = 24, **extra):
    services.reject_application(
        application=application,
        reason=active_reason(),
        by=by,
        note="Not this time",
        delay_hours=delay_hours,
        **extra,
    )
    application.refresh_from_db()
    return application


def rejection_change(application) -> StageChange:
    return StageChange.objects.filter(
        application=application, to_status=ApplicationStatus.REJECTED
    ).latest("at", "pk")


def rejection_mail(application) -> OutboundMessage:
    return OutboundMessage.objects.get(
        template=REJECTION, related_key=f"application:{application.pk}"
    )


def make_due(mail: OutboundMessage) -> None:
    OutboundMessage.objects.filter(pk=mail.pk).update(send_after=timezone.now())


# --- undoing one rejection ------------------------------------------------------------------


def test_undo_takes_a_rejection_back_and_its_mail_is_never_sent(role, recruiter, mailbox):
    application = rejected(ApplicationFactory(role=role), recruiter)
    change = rejection_change(application)
    assert change.notice == rejection_mail(application)

    services.undo_change(change=change, by=recruiter)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACTIVE
    assert application.rejection_reason is None
    assert application.closed_at is None
    mail = rejection_mail(application)
    assert mail.status == OutboundMessage.Status.CANCELLED
    make_due(mail)
    assert outbox.send_message(mail.pk) is False  # the worker comes later: nothing goes
    assert mailbox == []
    change.refresh_from_db()
    assert change.undone_at is not None
    reversal = StageChange.objects.filter(application=application).latest("at", "pk")
    assert (reversal.from_status, reversal.to_status) == ("rejected", "active")
    assert reversal.by == recruiter
    assert reversal.reason.startswith("Undone before the candidate was told: ")


def test_undo_is_refused_once_a_worker_has_taken_the_mail(role, recruiter):
    """The mail went while the recruiter was undoing: the worker's claim came first."""
    application = rejected(ApplicationFactory(role=role), recruiter)
    mail = rejection_mail(application)
    make_due(mail)
    assert outbox._claim(mail.pk) is not None  # "sending" now

    with pytest.raises(services.UndoRefused, match="already been told") as refused:
        services.undo_change(change=rejection_change(application), by=recruiter)

    assert refused.value.told is True
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert rejection_change(application).undone_at is None
    assert StageChange.objects.filter(application=application).count() == 1


def test_undo_is_refused_after_the_mail_was_sent(role, recruiter, mailbox):
    application = rejected(ApplicationFactory(role=role), recruiter)
    mail = rejection_mail(application)
    make_due(mail)
    assert outbox.send_message(mail.pk) is True
    with pytest.raises(services.UndoRefused) as refused:
        services.undo_change(change=rejection_change(application), by=recruiter)
    assert refused.value.told is True
    assert len(mailbox) == 1


def test_a_failed_mail_told_nobody_so_the_rejection_can_still_be_undone(role, recruiter):
    application = rejected(ApplicationFactory(role=role), recruiter)
    mail = rejection_mail(application)
    OutboundMessage.objects.filter(pk=mail.pk).update(status=OutboundMessage.Status.FAILED)
    services.undo_change(change=rejection_change(application), by=recruiter)
    mail.refresh_from_db()
    assert mail.status == OutboundMessage.Status.CANCELLED
    assert outbox.send_again(message_ids=[mail.pk]) == 0  # an operator cannot revive it


def test_undo_twice_is_refused(role, recruiter):
    application = rejected(ApplicationFactory(role=role), recruiter)
    change = rejection_change(application)
    services.undo_change(change=change, by=recruiter)
    with pytest.raises(services.UndoRefused, match="already been undone"):
        services.undo_change(change=change, by=recruiter)


def test_undo_is_refused_when_the_application_changed_since(role, recruiter):
    application = rejected(ApplicationFactory(role=role), recruiter)
    change = rejection_change(application)
    services.record_in_history(application=application, by=recruiter, reason="Held")
    with pytest.raises(services.UndoRefused, match="changed since"):
        services.undo_change(change=change, by=recruiter)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED


def test_a_withdrawal_or_a_history_note_cannot_be_undone(role, recruiter):
    application = ApplicationFactory(role=role)
    services.withdraw_application(application=application, candidate=application.candidate)
    change = StageChange.objects.get(application=application, to_status="withdrawn")
    with pytest.raises(services.UndoRefused, match="Only a recruiter's move or rejection"):
        services.undo_change(change=change, by=recruiter)


def test_a_knock_out_rejection_at_apply_can_be_undone_before_the_mail(role, recruiter):
    application = applied(role, answer="no")  # the role's first question knocks out on "no"
    assert application.status == ApplicationStatus.REJECTED
    services.undo_change(change=rejection_change(application), by=recruiter)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACTIVE
    assert application.knocked_out is True  # the answer stays on record


def test_a_rejection_recorded_before_changes_kept_their_mail_finds_it(role, recruiter):
    application = rejected(ApplicationFactory(role=role), recruiter)
    change = rejection_change(application)
    StageChange.objects.filter(pk=change.pk).update(notice=None)
    change.refresh_from_db()
    services.undo_change(change=change, by=recruiter)
    assert rejection_mail(application).status == OutboundMessage.Status.CANCELLED


def test_undo_is_refused_when_the_candidate_applied_again(role, recruiter):
    application = rejected(ApplicationFactory(role=role), recruiter)
    ApplicationFactory(role=role, candidate=application.candidate)  # active again, anew
    with pytest.raises(services.UndoRefused, match="applied to this role again"):
        services.undo_change(change=rejection_change(application), by=recruiter)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    # Refused as a whole: the mail still waits, nothing recorded.
    assert rejection_mail(application).status == OutboundMessage.Status.QUEUED
    assert rejection_change(application).undone_at is None


@pytest.mark.django_db(transaction=True)
def test_undo_waits_for_a_worker_claiming_the_mail_and_then_refuses(recruiter):
    """The race itself: a worker holds the outbox row's lock while it marks it "sending"; the
    undo waits for that lock instead of cancelling a mail that is leaving. Row locks need
    PostgreSQL: under CI=true its absence fails the test instead of skipping it."""
    require_postgresql()
    role = published_role(title="Race Associate")
    application = rejected(ApplicationFactory(role=role), recruiter)
    mail = rejection_mail(application)
    make_due(mail)
    outcome = {}
    with worker_claiming(mail.pk):
        try:
            services.undo_change(change=rejection_change(application), by=recruiter)
        except services.UndoRefused as refused:
            outcome["told"] = refused.told
    assert outcome == {"told": True}
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED


# --- bulk actions ---------------------------------------------------------------------------


def test_a_bulk_rejection_is_undone_in_one_go(role, recruiter, mailbox):
    applications = ApplicationFactory.create_batch(3, role=role)
    batch = services.new_batch()
    services.bulk_reject(
        applications=applications, reason=active_reason(), by=recruiter, batch=batch
    )
    outcome = services.undo_batch(batch=batch, role_id=role.pk, by=recruiter)
    assert (outcome.undone, outcome.told, outcome.changed) == (3, [], [])
    assert set(Application.objects.filter(role=role).values_list("status", flat=True)) == {
        ApplicationStatus.ACTIVE
    }
    assert set(
        OutboundMessage.objects.filter(template=REJECTION).values_list("status", flat=True)
    ) == {OutboundMessage.Status.CANCELLED}
    with pytest.raises(services.UndoRefused, match="nothing left to undo"):
        services.undo_batch(batch=batch, role_id=role.pk, by=recruiter)


def test_bulk_undo_leaves_the_candidates_already_told_and_names_them(role, recruiter, mailbox):
    first, second = (
        ApplicationFactory(role=role, candidate=CandidateFactory(name=name))
        for name in ("Ana Told", "Ben Waiting")
    )
    batch = services.new_batch()
    services.bulk_reject(
        applications=[first, second], reason=active_reason(), by=recruiter, batch=batch
    )
    told_mail = rejection_mail(first)
    make_due(told_mail)
    outbox.send_message(told_mail.pk)

    outcome = services.undo_batch(batch=batch, role_id=role.pk, by=recruiter)

    assert (outcome.undone, outcome.told) == (1, ["Ana Told"])
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("rejected", "active")
    assert len(mailbox) == 1


def test_a_bulk_move_is_undone_back_to_each_stage_and_its_time_there(role, recruiter):
    entered = timezone.now() - timedelta(days=4)
    application = ApplicationFactory(role=role, stage_entered_at=entered)
    batch = services.new_batch()
    services.bulk_move(
        applications=[application],
        to_stage=stage(role, StageKind.SCREENING),
        by=recruiter,
        batch=batch,
    )
    services.undo_batch(batch=batch, role_id=role.pk, by=recruiter)
    application.refresh_from_db()
    assert application.stage == stage(role, StageKind.APPLIED)
    # No earlier move into Applied is recorded, so the time there counts from applying.
    assert application.stage_entered_at == application.created_at


def test_a_move_that_mailed_the_candidate_cannot_be_undone_once_sent(
    role, recruiter, mailbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(role=role)
    batch = services.new_batch()
    with django_capture_on_commit_callbacks(execute=True):  # the stage mail goes at once
        services.bulk_move(
            applications=[application],
            to_stage=stage(role, StageKind.INTERVIEW),
            by=recruiter,
            batch=batch,
        )
    assert len(mailbox) == 1
    outcome = services.undo_batch(batch=batch, role_id=role.pk, by=recruiter)
    assert (outcome.undone, outcome.told) == (0, [application.name])


def test_a_move_to_the_assessment_stage_is_not_undone(role, recruiter):
    application = ApplicationFactory(role=role)
    batch = services.new_batch()
    services.bulk_move(
        applications=[application],
        to_stage=stage(role, StageKind.ASSESSMENT),
        by=recruiter,
        batch=batch,
    )
    outcome = services.undo_batch(batch=batch, role_id=role.pk, by=recruiter)
    assert (outcome.undone, outcome.changed) == (0, [application.name])


def test_another_roles_batch_is_not_found(role, recruiter):
    application = ApplicationFactory(role=role)
    batch = services.new_batch()
    services.bulk_reject(
        applications=[application], reason=active_reason(), by=recruiter, batch=batch
    )
    other = published_role(title="Phone Associate")
    with pytest.raises(services.UndoRefused):
        services.undo_batch(batch=batch, role_id=other.pk, by=recruiter)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED


# --- reopening ------------------------------------------------------------------------------


def test_reopen_after_the_candidate_was_told_records_the_reason(role, recruiter, mailbox):
    application = rejected(ApplicationFactory(role=role), recruiter)
    mail = rejection_mail(application)
    make_due(mail)
    outbox.send_message(mail.pk)

    services.reopen_application(application=application, by=recruiter, reason="  Wrong   pick ")

    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACTIVE
    assert application.rejection_reason is None
    entry = StageChange.objects.filter(application=application).latest("at", "pk")
    assert (entry.from_status, entry.to_status, entry.reason) == (
        "rejected",
        "active",
        "Reopened: Wrong pick",
    )
    assert len(mailbox) == 1  # only the rejection: reopening mails nobody


def test_reopen_cancels_a_rejection_mail_still_waiting(role, recruiter):
    application = rejected(ApplicationFactory(role=role), recruiter)
    services.reopen_application(application=application, by=recruiter, reason="Changed mind")
    assert rejection_mail(application).status == OutboundMessage.Status.CANCELLED


@pytest.mark.parametrize("reason", ["", "   "])
def test_reopen_needs_a_reason(role, recruiter, reason):
    application = rejected(ApplicationFactory(role=role), recruiter)
    with pytest.raises(ValueError, match="Say why"):
        services.reopen_application(application=application, by=recruiter, reason=reason)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED


def test_only_a_rejected_application_can_be_reopened(role, recruiter):
    active = ApplicationFactory(role=role)
    with pytest.raises(services.ApplicationClosed, match="only one that is not progressing"):
        services.reopen_application(application=active, by=recruiter, reason="Why not")
    withdrawn = ApplicationFactory(role=role)
    services.withdraw_application(application=withdrawn, candidate=withdrawn.candidate)
    with pytest.raises(services.ApplicationClosed):
        services.reopen_application(application=withdrawn, by=recruiter, reason="Why not")


def test_reopen_is_refused_when_the_candidate_applied_again(role, recruiter):
    application = rejected(ApplicationFactory(role=role), recruiter)
    ApplicationFactory(role=role, candidate=application.candidate)
    before = StageChange.objects.count()
    with pytest.raises(services.ApplicationClosed, match="applied to this role again"):
        services.reopen_application(application=application, by=recruiter, reason="Oops")
    assert StageChange.objects.count() == before
    assert rejection_mail(application).status == OutboundMessage.Status.QUEUED


def test_an_erased_candidate_cannot_be_reopened_or_undone(role, recruiter):
    application = rejected(ApplicationFactory(role=role), recruiter)
    change = rejection_change(application)
    services.erase_candidate(candidate=application.candidate)
    with pytest.raises(services.UndoRefused):
        services.undo_change(change=change, by=recruiter)
    with pytest.raises(services.ApplicationClosed, match="erased"):
        services.reopen_application(application=application, by=recruiter, reason="Oops")
