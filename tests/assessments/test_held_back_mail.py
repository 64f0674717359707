"""Assessment mail still waiting in the outbox when an application closes is held back with
the attempt, and goes after all when the close is taken back (as if it had not happened)."""

import logging
from datetime import timedelta
from smtplib import SMTPException
from urllib.parse import urlsplit

import pytest
import time_machine
from django.utils import timezone

from applicants import services as applicant_services
from applicants.models import StageChange, StageKind
from applicants.services import ensure_stages
from assessments import services
from assessments.models import Attempt, AttemptStatus
from assessments.services.invitations import INVITATION_MAIL, REMINDER_MAIL
from csa_portal import outbox
from csa_portal.models import OutboundMessage
from tests.applicants.factories import ApplicationFactory
from tests.applicants.mail import INVITATION_LINK
from tests.applicants.test_pipeline import active_reason
from tests.applicants.test_undo import make_due, rejected, rejection_change, rejection_mail
from tests.assessments.factories import invited_attempt
from tests.outbox_race import worker_claiming
from tests.services import require_postgresql

pytestmark = pytest.mark.django_db

Status = OutboundMessage.Status
LOCMEM_SEND = "django.core.mail.backends.locmem.EmailBackend.send_messages"


@pytest.fixture
def sent(mailbox, django_capture_on_commit_callbacks):
    """Run the on-commit sends of the outbox inside the test."""
    return django_capture_on_commit_callbacks


def mail_of(attempt: Attempt, template: str = INVITATION_MAIL) -> OutboundMessage:
    return OutboundMessage.objects.get(template=template, context__attempt_id=attempt.pk)


def assessment_mails(mailbox, attempt: Attempt) -> list:
    """The invitations and reminders the candidate received."""
    email = attempt.application.candidate.email
    return [m for m in mailbox if m.to == [email] and INVITATION_LINK.search(m.body)]


def link_in(message) -> str:
    return urlsplit(INVITATION_LINK.search(message.body).group()).path


def close(attempt: Attempt, how: str, recruiter) -> None:
    application = attempt.application
    if how == "rejected":
        rejected(application, recruiter)
    elif how == "withdrawn":
        applicant_services.withdraw_application(
            application=application, candidate=application.candidate
        )
    else:
        hired = next(s for s in ensure_stages(application.role) if s.kind == StageKind.HIRED)
        applicant_services.move_application(application=application, to_stage=hired, by=recruiter)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.CANCELLED


def remind(attempt: Attempt) -> OutboundMessage:
    """The reminder job queues the attempt's reminder (its send request not run yet)."""
    with time_machine.travel(attempt.expires_at - timedelta(hours=12)):
        assert services.send_reminders() == 1
    return mail_of(attempt, REMINDER_MAIL)


# --- the close holds the mail back ----------------------------------------------------------


@pytest.mark.parametrize("how", ["rejected", "withdrawn", "hired"])
def test_an_invitation_waiting_when_the_application_closes_is_never_sent(mailbox, recruiter, how):
    attempt = invited_attempt()  # its send request is lost: the mail waits for the sweep
    close(attempt, how, recruiter)

    mail = mail_of(attempt)
    assert mail.status == Status.CANCELLED
    outbox.sweep()
    assert outbox.send_message(mail.pk) is False
    assert assessment_mails(mailbox, attempt) == []
    assert not attempt.links.exists()  # never rendered, so no link was ever made


@pytest.mark.parametrize("how", ["rejected", "withdrawn"])
def test_a_reminder_waiting_when_the_application_closes_is_never_sent(
    mailbox, sent, recruiter, how
):
    with sent(execute=True):
        attempt = invited_attempt()
    reminder = remind(attempt)
    close(attempt, how, recruiter)

    reminder.refresh_from_db()
    assert reminder.status == Status.CANCELLED
    assert outbox.sweep() == 0
    assert len(assessment_mails(mailbox, attempt)) == 1  # the invitation, sent before
    assert mail_of(attempt).status == Status.SENT  # what went is left as it was


def test_a_delayed_invitation_after_a_failed_send_is_cancelled_too(monkeypatch, recruiter):
    attempt = invited_attempt()
    mail = mail_of(attempt)
    monkeypatch.setattr(
        LOCMEM_SEND, lambda self, *a, **k: (_ for _ in ()).throw(SMTPException("421 busy"))
    )
    with pytest.raises(SMTPException):
        outbox.send_message(mail.pk)
    monkeypatch.undo()
    mail.refresh_from_db()
    assert (mail.status, mail.send_after > timezone.now()) == (Status.QUEUED, True)

    close(attempt, "rejected", recruiter)

    mail.refresh_from_db()
    assert mail.status == Status.CANCELLED
    make_due(mail)
    assert outbox.send_message(mail.pk) is False


def test_a_failed_invitation_cannot_be_sent_again_once_the_application_closed(recruiter):
    attempt = invited_attempt()
    OutboundMessage.objects.filter(pk=mail_of(attempt).pk).update(status=Status.FAILED)
    close(attempt, "withdrawn", recruiter)
    assert mail_of(attempt).status == Status.CANCELLED
    assert outbox.send_again(message_ids=[mail_of(attempt).pk]) == 0


def test_a_mail_a_worker_already_claimed_is_left_alone_and_logged(recruiter, caplog):
    attempt = invited_attempt()
    mail = mail_of(attempt)
    assert outbox._claim(mail.pk) is not None  # "sending": it may be in the inbox already
    caplog.set_level(logging.INFO, logger="assessments.services.invitations")

    close(attempt, "rejected", recruiter)

    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (Status.SENDING, 1)
    assert f"Message {mail.pk} about application {attempt.application_id} was already" in (
        caplog.text
    )


@pytest.mark.django_db(transaction=True)
def test_a_close_waits_for_a_worker_claiming_the_mail_and_leaves_it_to_go(recruiter):
    """The race itself: a worker holds the row's lock while it marks it "sending"; the
    withdrawal waits for that lock instead of cancelling a mail that is leaving, and then
    closes the application all the same. Row locks need PostgreSQL (fails under CI=true)."""
    require_postgresql()
    attempt = invited_attempt()
    mail = mail_of(attempt)
    with worker_claiming(mail.pk):
        close(attempt, "withdrawn", recruiter)
    assert mail_of(attempt).status == Status.SENDING


def test_only_the_closed_applications_mail_is_held_back(recruiter):
    closing = invited_attempt()
    other = invited_attempt(ApplicationFactory(role=closing.application.role))
    close(closing, "rejected", recruiter)
    assert mail_of(closing).status == Status.CANCELLED
    assert mail_of(other).status == Status.QUEUED


def test_the_rejection_mail_of_the_close_is_not_held_back(recruiter):
    attempt = invited_attempt()
    close(attempt, "rejected", recruiter)
    assert rejection_mail(attempt.application).status == Status.QUEUED


# --- taking the close back lets it go -------------------------------------------------------


def test_undoing_the_rejection_sends_the_held_back_invitation_once(
    client, mailbox, sent, recruiter
):
    attempt = invited_attempt()
    mail = mail_of(attempt)
    application = rejected(attempt.application, recruiter)
    assert mail_of(attempt).status == Status.CANCELLED

    with sent(execute=True):
        applicant_services.undo_change(change=rejection_change(application), by=recruiter)
    assert len(assessment_mails(mailbox, attempt)) == 1  # asked for as the undo committed
    assert outbox.sweep() == 0  # and nothing is left for the sweep

    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.INVITED
    [message] = assessment_mails(mailbox, attempt)
    assert message.message()["Message-ID"] == mail.message_id  # the same mail, held back
    assert OutboundMessage.objects.filter(template=INVITATION_MAIL).count() == 1
    assert mail_of(attempt).status == Status.SENT
    assert client.post(link_in(message)).status_code == 302


@pytest.mark.parametrize("how", ["hired", "bulk rejected"])
def test_undoing_a_hire_or_a_bulk_rejection_sends_the_held_back_invitation(
    mailbox, sent, recruiter, how
):
    attempt = invited_attempt()
    application = attempt.application
    if how == "hired":
        close(attempt, "hired", recruiter)
        change = StageChange.objects.filter(application=application).latest("at", "pk")
        with sent(execute=True):
            applicant_services.undo_change(change=change, by=recruiter)
    else:
        batch = applicant_services.new_batch()
        applicant_services.bulk_reject(
            applications=[application], reason=active_reason(), by=recruiter, batch=batch
        )
        with sent(execute=True):
            applicant_services.undo_batch(batch=batch, role_id=application.role_id, by=recruiter)
    assert len(assessment_mails(mailbox, attempt)) == 1
    assert mail_of(attempt).status == Status.SENT


def test_reopening_after_the_rejection_mail_sends_the_held_back_invitation(
    client, mailbox, sent, recruiter
):
    attempt = invited_attempt()
    application = rejected(attempt.application, recruiter)
    notice = rejection_mail(application)
    make_due(notice)
    assert outbox.send_message(notice.pk) is True

    with sent(execute=True):
        applicant_services.reopen_application(
            application=application, by=recruiter, reason="Rejected by mistake"
        )

    [message] = assessment_mails(mailbox, attempt)
    assert client.post(link_in(message)).status_code == 302


def test_a_held_back_reminder_goes_when_the_close_is_undone(client, mailbox, sent, recruiter):
    """The reminder job marks ``reminded_at`` as it queues a reminder, so it would never
    queue another one for this attempt: the held-back one has to come back."""
    with sent(execute=True):
        attempt = invited_attempt()
    reminder = remind(attempt)
    with time_machine.travel(attempt.expires_at - timedelta(hours=11)):
        application = rejected(attempt.application, recruiter)
        with sent(execute=True):
            applicant_services.undo_change(change=rejection_change(application), by=recruiter)
        assert services.send_reminders() == 0  # the job does not remind twice

    invitation, again = assessment_mails(mailbox, attempt)
    assert again.message()["Message-ID"] == reminder.message_id
    assert client.post(link_in(invitation)).status_code == 410  # the reminder replaced it
    assert client.post(link_in(again)).status_code == 302


def test_a_held_back_mail_stays_cancelled_when_its_attempt_closed_meanwhile(
    mailbox, sent, recruiter
):
    attempt = invited_attempt()
    application = rejected(attempt.application, recruiter, delay_hours=24 * 10)
    with time_machine.travel(attempt.expires_at + timedelta(hours=1)):
        with sent(execute=True):
            applicant_services.undo_change(change=rejection_change(application), by=recruiter)
        outbox.sweep()
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.EXPIRED
    assert mail_of(attempt).status == Status.CANCELLED
    assert assessment_mails(mailbox, attempt) == []


def test_a_withdrawals_held_back_mail_stays_cancelled_when_a_later_close_is_undone(
    mailbox, sent, recruiter
):
    withdrawn = invited_attempt()
    close(withdrawn, "withdrawn", recruiter)
    again = ApplicationFactory(
        role=withdrawn.application.role, candidate=withdrawn.application.candidate
    )
    newer = invited_attempt(again)
    application = rejected(again, recruiter)
    with sent(execute=True):
        applicant_services.undo_change(change=rejection_change(application), by=recruiter)

    assert mail_of(withdrawn).status == Status.CANCELLED
    assert mail_of(newer).status == Status.SENT
    assert len(assessment_mails(mailbox, newer)) == 1


def test_a_mail_that_had_given_up_goes_back_to_failed_not_to_the_queue(recruiter):
    attempt = invited_attempt()
    OutboundMessage.objects.filter(pk=mail_of(attempt).pk).update(
        status=Status.FAILED, attempts=outbox.MAX_ATTEMPTS
    )
    application = rejected(attempt.application, recruiter)
    applicant_services.undo_change(change=rejection_change(application), by=recruiter)
    assert mail_of(attempt).status == Status.FAILED  # as it was: an operator's to send again
