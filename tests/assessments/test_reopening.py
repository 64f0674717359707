"""A close taken back (an undone rejection or hire, a reopened application) brings back the
assessment the close cancelled, as it was, with its link; the clock did not stop meanwhile."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine

from applicants import services as applicant_services
from applicants.models import ApplicationStatus, StageChange, StageKind
from applicants.services import ensure_stages
from assessments import services
from assessments.models import Attempt, AttemptStatus, InvitationLink, TaskResponse
from csa_portal import outbox
from tests.applicants.factories import ApplicationFactory
from tests.applicants.mail import invitation_link
from tests.applicants.test_pipeline import active_reason
from tests.applicants.test_undo import make_due, rejected, rejection_change, rejection_mail
from tests.assessments.factories import invited_attempt

pytestmark = pytest.mark.django_db

WRITTEN = "written_escalation"
# The closed reason the rejection left on the attempt.
REJECTED = f"The application was {ApplicationStatus.REJECTED.label.lower()}."


@pytest.fixture
def sent(mailbox, django_capture_on_commit_callbacks):
    """Run the on-commit sends of the outbox inside the test."""
    return django_capture_on_commit_callbacks


@pytest.fixture
def invited(sent):
    """An invitation whose mail (and so its link) has reached the candidate."""
    with sent(execute=True):
        return invited_attempt()


def link_of(attempt: Attempt) -> str:
    return urlsplit(invitation_link(attempt.application.candidate.email)).path


def live_links(attempt: Attempt) -> list[InvitationLink]:
    return list(attempt.links.filter(used_at__isnull=True, revoked_at__isnull=True))


def undo_rejection(attempt: Attempt, recruiter) -> None:
    application = rejected(attempt.application, recruiter)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.CANCELLED
    applicant_services.undo_change(change=rejection_change(application), by=recruiter)
    attempt.refresh_from_db()


# --- the attempt comes back -----------------------------------------------------------------


def test_undoing_a_rejection_brings_the_invitation_back_and_its_link_works(
    client, invited, recruiter
):
    link = link_of(invited)
    undo_rejection(invited, recruiter)

    assert invited.status == AttemptStatus.INVITED
    assert (invited.closed_reason, invited.cancelled_from, invited.cancelled_at) == ("", "", None)
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == f"/candidate/assessments/{invited.pk}/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert REJECTED not in page.content.decode()


def test_while_rejected_the_link_does_not_work_and_is_not_spent(client, invited, recruiter):
    link = link_of(invited)
    application = rejected(invited.application, recruiter)
    assert client.post(link).status_code == 410
    applicant_services.undo_change(change=rejection_change(application), by=recruiter)
    assert client.post(link).status_code == 302


def test_an_attempt_under_way_comes_back_in_progress_with_its_task_clock(invited, recruiter):
    response = services.start_task(attempt=invited, task_key=WRITTEN)
    undo_rejection(invited, recruiter)

    assert invited.status == AttemptStatus.IN_PROGRESS
    kept = TaskResponse.objects.get(pk=response.pk)
    assert (kept.deadline, kept.submitted_at) == (response.deadline, None)
    saved = services.save_answers(
        response=kept, payload={"parts": {"handoff": "Back", "reply": ""}}, tab="a", seq=1
    )
    assert saved.stored


def test_a_task_whose_time_ran_out_while_rejected_is_submitted_when_it_comes_back(
    invited, recruiter
):
    response = services.start_task(attempt=invited, task_key=WRITTEN)
    application = rejected(invited.application, recruiter)
    with time_machine.travel(response.deadline + timedelta(minutes=5)):
        applicant_services.undo_change(change=rejection_change(application), by=recruiter)
    invited.refresh_from_db()
    response.refresh_from_db()
    assert invited.status == AttemptStatus.IN_PROGRESS  # the other tasks can still be taken
    assert response.submitted_at == response.deadline
    assert response.auto_submitted


def test_undoing_a_hire_brings_the_invitation_back(invited, recruiter):
    hired = next(s for s in ensure_stages(invited.application.role) if s.kind == StageKind.HIRED)
    applicant_services.move_application(
        application=invited.application, to_stage=hired, by=recruiter
    )
    invited.refresh_from_db()
    assert invited.status == AttemptStatus.CANCELLED
    change = StageChange.objects.filter(application=invited.application).latest("at", "pk")
    applicant_services.undo_change(change=change, by=recruiter)
    invited.refresh_from_db()
    assert invited.status == AttemptStatus.INVITED


def test_undoing_a_bulk_rejection_brings_back_each_invitation(client, sent, recruiter):
    with sent(execute=True):
        first = invited_attempt()
        second = invited_attempt(ApplicationFactory(role=first.application.role))
    links = [link_of(first), link_of(second)]
    batch = applicant_services.new_batch()
    applicant_services.bulk_reject(
        applications=[first.application, second.application],
        reason=active_reason(),
        by=recruiter,
        batch=batch,
    )
    outcome = applicant_services.undo_batch(
        batch=batch, role_id=first.application.role_id, by=recruiter
    )

    assert outcome.undone == 2
    for attempt, link in zip((first, second), links, strict=True):
        attempt.refresh_from_db()
        assert attempt.status == AttemptStatus.INVITED
        assert client.post(link).status_code == 302


def test_reopening_after_the_rejection_mail_brings_the_invitation_back_without_a_mail(
    client, invited, recruiter, mailbox
):
    link = link_of(invited)
    application = rejected(invited.application, recruiter)
    mail = rejection_mail(application)
    make_due(mail)
    assert outbox.send_message(mail.pk) is True
    told = len(mailbox)

    applicant_services.reopen_application(
        application=application, by=recruiter, reason="Rejected by mistake"
    )

    invited.refresh_from_db()
    assert invited.status == AttemptStatus.INVITED
    assert len(mailbox) == told  # reopening mails nobody: the recruiter tells the candidate
    assert client.post(link).status_code == 302


def test_the_staff_page_shows_the_attempt_open_again(recruiter_client, invited, recruiter):
    page_url = f"/staff/applications/{invited.application_id}/"
    rejected(invited.application, recruiter)
    assert REJECTED in recruiter_client.get(page_url).content.decode()

    applicant_services.undo_change(change=rejection_change(invited.application), by=recruiter)

    html = recruiter_client.get(page_url).content.decode()
    panel = html[html.index('id="assessment"') :]
    assert REJECTED not in panel
    assert ">Invited</span>" in panel
    assert f"/staff/attempts/{invited.pk}/adjustments/" in panel
    assert "Invite to" not in panel  # the open invitation is the one to use


# --- what does not come back ----------------------------------------------------------------


def test_an_attempt_cancelled_for_another_reason_stays_cancelled(invited, recruiter):
    Attempt.objects.filter(pk=invited.pk).update(
        status=AttemptStatus.CANCELLED, closed_reason="Invited by mistake."
    )
    newer = invited_attempt(invited.application)
    undo_rejection(newer, recruiter)

    invited.refresh_from_db()
    assert (invited.status, invited.closed_reason) == (
        AttemptStatus.CANCELLED,
        "Invited by mistake.",
    )
    assert newer.status == AttemptStatus.INVITED


def test_a_withdrawal_keeps_its_cancelled_attempts_when_a_later_close_is_undone(recruiter):
    withdrawn = invited_attempt()
    applicant_services.withdraw_application(
        application=withdrawn.application, candidate=withdrawn.application.candidate
    )
    again = ApplicationFactory(
        role=withdrawn.application.role, candidate=withdrawn.application.candidate
    )
    newer = invited_attempt(again)
    undo_rejection(newer, recruiter)

    withdrawn.refresh_from_db()
    assert withdrawn.status == AttemptStatus.CANCELLED
    assert newer.status == AttemptStatus.INVITED


def test_an_invitation_that_closed_while_rejected_comes_back_expired(client, invited, recruiter):
    link = link_of(invited)
    application = rejected(invited.application, recruiter, delay_hours=24 * 10)
    with time_machine.travel(invited.expires_at + timedelta(hours=1)):
        applicant_services.undo_change(change=rejection_change(application), by=recruiter)
        invited.refresh_from_db()
        assert invited.status == AttemptStatus.EXPIRED
        assert invited.closed_reason == "The invitation closed before any task was started."
        assert client.post(link).status_code == 410
        assert live_links(invited) == []


def test_an_invitation_that_closed_while_rejected_submits_the_tasks_done(invited, recruiter):
    response = services.start_task(attempt=invited, task_key=WRITTEN)
    services.submit_task(response=response)
    application = rejected(invited.application, recruiter, delay_hours=24 * 10)
    with time_machine.travel(invited.expires_at + timedelta(hours=1)):
        applicant_services.undo_change(change=rejection_change(application), by=recruiter)
    invited.refresh_from_db()
    assert invited.status == AttemptStatus.SUBMITTED  # as any invitation closing with work in it


def test_only_the_newest_link_comes_back(client, sent, recruiter):
    """A reminder queued before the rejection and sent after it made a newer link: that one
    stays the candidate's only live link, and the one the close revoked stays revoked."""
    with sent(execute=True):
        attempt = invited_attempt()
    first = link_of(attempt)
    reminder = services.invitations.queue_mail(  # its send request is lost: not sent yet
        to=attempt.application.candidate.email,
        template=services.invitations.REMINDER_MAIL,
        context=services.invitations._mail_context(attempt, attempt.application),
    )
    application = rejected(attempt.application, recruiter)
    assert outbox.send_message(reminder.pk) is True  # the sweep sends it, after the rejection
    second = link_of(attempt)
    assert second != first

    applicant_services.undo_change(change=rejection_change(application), by=recruiter)

    assert len(live_links(attempt)) == 1
    assert client.post(first).status_code == 410
    assert client.post(second).status_code == 302


def test_an_open_attempt_made_meanwhile_outside_the_services_does_not_block_the_undo(
    invited, recruiter, caplog
):
    application = rejected(invited.application, recruiter)
    stray = Attempt.objects.create(  # an operator's shell, say: nothing in the product does it
        application=application,
        template=invited.template,
        revision=invited.revision,
        expires_at=invited.expires_at,
    )

    applicant_services.undo_change(change=rejection_change(application), by=recruiter)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACTIVE
    invited.refresh_from_db()
    assert (invited.status, invited.cancelled_from) == (AttemptStatus.CANCELLED, "invited")
    assert Attempt.objects.get(pk=stray.pk).status == AttemptStatus.INVITED
    assert f"Attempt {invited.pk} stays cancelled" in caplog.text
