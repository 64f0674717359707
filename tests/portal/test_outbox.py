from datetime import timedelta
from smtplib import SMTPException

import pytest
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from csa_portal import outbox
from csa_portal.models import OutboundMessage
from csa_portal.tasks import send_mail_message, sweep_outbox

pytestmark = pytest.mark.django_db

RECEIVED = "applicants/application_received"
CONTEXT = {
    "candidate_name": "Jane <b>Doe</b>",
    "role_title": "Customer Service Associate",
    "role_url": "http://127.0.0.1:8000/jobs/csa/",
    "portal_url": "http://127.0.0.1:8000/candidate/login/",
    "next_step": "We read every application.",
}


def test_a_queued_mail_is_sent_after_commit_with_text_and_html(
    mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox.queue_mail(to="jane@example.com", template=RECEIVED, context=CONTEXT)
    assert len(mailbox) == 1
    sent = mailbox[0]
    assert sent.to == ["jane@example.com"]
    assert sent.subject == "We received your application for Customer Service Associate"
    assert "Hello Jane <b>Doe</b>," in sent.body  # plain text is not HTML-escaped
    html = sent.alternatives[0][0]
    assert "Jane &lt;b&gt;Doe&lt;/b&gt;" in html  # HTML is
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT
    assert message.subject == sent.subject
    assert message.sent_at is not None


def test_nothing_is_sent_when_the_transaction_rolls_back(
    mailbox, django_capture_on_commit_callbacks
):
    class Boom(Exception):
        pass

    def change_that_fails():
        with transaction.atomic():
            outbox.queue_mail(to="jane@example.com", template=RECEIVED, context=CONTEXT)
            raise Boom

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Boom):
        change_that_fails()
    assert mailbox == []
    assert not OutboundMessage.objects.exists()


def test_a_broker_that_is_down_delays_mail_but_loses_nothing(
    mailbox, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(send_mail_message, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox.queue_mail(to="jane@example.com", template=RECEIVED, context=CONTEXT)
    assert mailbox == []
    assert OutboundMessage.objects.get().status == OutboundMessage.Status.QUEUED

    monkeypatch.undo()
    assert sweep_outbox.delay().get() == 1
    assert sweep_outbox.delay().get() == 0
    assert len(mailbox) == 1
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT


def test_sending_twice_sends_once(mailbox):
    message = outbox.queue_mail(to="jane@example.com", template=RECEIVED, context=CONTEXT)
    assert outbox.send_message(message.pk) is True
    assert outbox.send_message(message.pk) is False
    assert len(mailbox) == 1


def test_a_row_claimed_by_another_worker_is_left_alone(mailbox):
    message = outbox.queue_mail(to="jane@example.com", template=RECEIVED, context=CONTEXT)
    OutboundMessage.objects.filter(pk=message.pk).update(
        status=OutboundMessage.Status.SENDING,
        claimed_until=timezone.now() + timedelta(seconds=60),
    )
    assert outbox.sweep() == 0
    assert mailbox == []


def test_a_claim_left_by_a_dead_worker_expires_and_the_mail_goes_out(mailbox):
    message = outbox.queue_mail(to="jane@example.com", template=RECEIVED, context=CONTEXT)
    OutboundMessage.objects.filter(pk=message.pk).update(
        status=OutboundMessage.Status.SENDING,
        claimed_until=timezone.now() - timedelta(seconds=1),
    )
    assert outbox.sweep() == 1
    assert len(mailbox) == 1


def test_delayed_mail_waits_for_its_time(mailbox, django_capture_on_commit_callbacks):
    later = timezone.now() + timedelta(hours=48)
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox.queue_mail(
            to="jane@example.com", template=RECEIVED, context=CONTEXT, send_after=later
        )
    assert outbox.sweep() == 0
    OutboundMessage.objects.filter(pk=message.pk).update(send_after=timezone.now())
    assert outbox.sweep() == 1
    assert len(mailbox) == 1


def test_a_failing_mail_server_is_recorded_and_retried_with_backoff(mailbox, monkeypatch):
    message = outbox.queue_mail(to="jane@example.com", template=RECEIVED, context=CONTEXT)

    def refuse(self, *args, **kwargs):
        raise SMTPException("451 try again later")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    with pytest.raises(SMTPException):
        outbox.send_message(message.pk)
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.QUEUED
    assert message.attempts == 1
    assert "451 try again later" in message.last_error
    assert message.send_after > timezone.now() + timedelta(seconds=20)
    assert outbox.sweep() == 0  # not due yet

    monkeypatch.undo()
    OutboundMessage.objects.filter(pk=message.pk).update(send_after=timezone.now())
    assert outbox.sweep() == 1
    assert len(mailbox) == 1


def test_a_mail_that_keeps_failing_is_given_up_and_marked_failed(monkeypatch):
    message = outbox.queue_mail(to="jane@example.com", template=RECEIVED, context=CONTEXT)
    OutboundMessage.objects.filter(pk=message.pk).update(attempts=outbox.MAX_ATTEMPTS - 1)
    monkeypatch.setattr(
        "django.core.mail.EmailMultiAlternatives.send",
        lambda self, *a, **k: (_ for _ in ()).throw(SMTPException("550 no such user")),
    )
    assert outbox.sweep() == 0
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.FAILED


def test_cancel_pending_stops_an_unsent_mail(mailbox):
    later = timezone.now() + timedelta(hours=1)
    outbox.queue_mail(
        to="a@example.com",
        template=RECEIVED,
        context=CONTEXT,
        related_key="application:1",
        send_after=later,
    )
    assert outbox.cancel_pending(related_key="application:1", template=RECEIVED) == 1
    OutboundMessage.objects.update(send_after=timezone.now())
    assert outbox.sweep() == 0
    assert mailbox == []
