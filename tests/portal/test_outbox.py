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
LOCMEM_SEND = "django.core.mail.backends.locmem.EmailBackend.send_messages"
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

    monkeypatch.setattr(send_mail_message, "apply_async", broker_down)
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

    monkeypatch.setattr(LOCMEM_SEND, refuse)
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
        LOCMEM_SEND,
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


def test_a_cancelled_mail_restored_goes_as_the_same_message(
    mailbox, django_capture_on_commit_callbacks
):
    message = outbox.queue_mail(to="a@example.com", template=RECEIVED, context=CONTEXT)
    assert outbox.cancel_unsent(message_id=message.pk) is True
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.restore_cancelled(message_id=message.pk) is True
    [sent] = mailbox
    assert sent.message()["Message-ID"] == message.message_id
    assert outbox.restore_cancelled(message_id=message.pk) is False  # sent: nothing to restore


@pytest.mark.parametrize(
    "status",
    [OutboundMessage.Status.QUEUED, OutboundMessage.Status.SENDING, OutboundMessage.Status.SENT],
)
def test_only_a_cancelled_mail_can_be_restored(status):
    message = outbox.queue_mail(to="a@example.com", template=RECEIVED, context=CONTEXT)
    OutboundMessage.objects.filter(pk=message.pk).update(status=status)
    assert outbox.restore_cancelled(message_id=message.pk) is False
    message.refresh_from_db()
    assert message.status == status
    assert outbox.restore_cancelled(message_id=0) is False


def test_a_restored_delayed_mail_waits_for_its_time(mailbox, django_capture_on_commit_callbacks):
    later = timezone.now() + timedelta(hours=1)
    message = outbox.queue_mail(
        to="a@example.com", template=RECEIVED, context=CONTEXT, send_after=later
    )
    outbox.cancel_unsent(message_id=message.pk)
    with django_capture_on_commit_callbacks(execute=True) as requested:
        assert outbox.restore_cancelled(message_id=message.pk) is True
    assert requested == []
    message.refresh_from_db()
    assert (message.status, message.send_after) == (OutboundMessage.Status.QUEUED, later)
    assert outbox.sweep() == 0


# --- once: a stable Message-ID, a short window, a mark that is retried ----------------------


def message_id_header(sent) -> str:
    return sent.message()["Message-ID"]


def expire_claim(message) -> None:
    OutboundMessage.objects.filter(pk=message.pk).update(
        claimed_until=timezone.now() - timedelta(seconds=1), send_after=timezone.now()
    )


def test_each_row_gets_its_own_message_id_in_the_sites_domain(settings):
    settings.SITE_URL = "https://careers.example.com"
    first = outbox.queue_mail(to="a@example.com", template=RECEIVED, context=CONTEXT)
    second = outbox.queue_mail(to="a@example.com", template=RECEIVED, context=CONTEXT)
    assert first.message_id != second.message_id
    for message in (first, second):
        assert message.message_id.startswith("<")
        assert message.message_id.endswith("@careers.example.com>")


def test_the_message_id_is_sent_and_the_same_on_every_attempt(mailbox, monkeypatch):
    message = outbox.queue_mail(to="jane@example.com", template=RECEIVED, context=CONTEXT)
    monkeypatch.setattr(
        LOCMEM_SEND,
        lambda self, *a, **k: (_ for _ in ()).throw(SMTPException("421 busy")),
    )
    with pytest.raises(SMTPException):
        outbox.send_message(message.pk)
    monkeypatch.undo()
    OutboundMessage.objects.filter(pk=message.pk).update(send_after=timezone.now())
    assert outbox.send_message(message.pk) is True
    assert [message_id_header(sent) for sent in mailbox] == [message.message_id]


def test_a_send_that_fails_after_the_mail_left_goes_again_as_the_same_message(
    mailbox, monkeypatch, caplog
):
    """The server took the mail but the answer never came: the resend is the same message."""
    from django.core.mail.backends.locmem import EmailBackend

    real_send = EmailBackend.send_messages

    def delivered_then_lost(self, messages):
        real_send(self, messages)
        raise SMTPException("connection lost before the server's reply")

    message = outbox.queue_mail(to="jane@example.com", template=RECEIVED, context=CONTEXT)
    monkeypatch.setattr(LOCMEM_SEND, delivered_then_lost)
    with caplog.at_level("WARNING", logger="csa_portal.outbox"), pytest.raises(SMTPException):
        outbox.send_message(message.pk)
    assert f"Sending message {message.pk} failed" in caplog.text
    monkeypatch.undo()
    OutboundMessage.objects.filter(pk=message.pk).update(send_after=timezone.now())
    with caplog.at_level("WARNING", logger="csa_portal.outbox"):
        assert outbox.sweep() == 1
    assert f"Message {message.pk} sent (attempt 2)" in caplog.text
    assert len(mailbox) == 2
    assert message_id_header(mailbox[0]) == message_id_header(mailbox[1]) == message.message_id
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT


@pytest.fixture
def no_sleep(monkeypatch):
    monkeypatch.setattr(outbox.time, "sleep", lambda seconds: None)


def failing_mark(monkeypatch, failures: int):
    """Make the update that marks a row sent fail ``failures`` times, as a restart would."""
    from django.db import OperationalError as DatabaseDown
    from django.db.models.query import QuerySet

    real_update = QuerySet.update
    left = {"failures": failures}

    def update(self, **kwargs):
        if kwargs.get("status") == OutboundMessage.Status.SENT and left["failures"]:
            left["failures"] -= 1
            raise DatabaseDown("terminating connection due to administrator command")
        return real_update(self, **kwargs)

    monkeypatch.setattr(QuerySet, "update", update)


def test_marking_sent_is_retried_through_a_database_blip(mailbox, monkeypatch, no_sleep, caplog):
    message = outbox.queue_mail(to="jane@example.com", template=RECEIVED, context=CONTEXT)
    failing_mark(monkeypatch, failures=3)
    with caplog.at_level("WARNING", logger="csa_portal.outbox"):
        assert outbox.send_message(message.pk) is True
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT
    assert len(mailbox) == 1
    retries = [r for r in caplog.records if "marking it sent failed" in r.getMessage()]
    assert len(retries) == 3
    assert all(f"Message {message.pk}" in r.getMessage() for r in retries)


def test_a_mark_that_never_succeeds_is_logged_and_never_recorded_as_a_failed_send(
    mailbox, monkeypatch, no_sleep, caplog
):
    message = outbox.queue_mail(to="jane@example.com", template=RECEIVED, context=CONTEXT)
    failing_mark(monkeypatch, failures=outbox.MARK_ATTEMPTS)
    with caplog.at_level("WARNING", logger="csa_portal.outbox"):
        assert outbox.send_message(message.pk) is True  # the mail left: no retry of the send
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENDING  # found again after its claim
    assert message.last_error == ""
    errors = [r for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1
    assert f"Message {message.pk} was sent but could not be marked sent" in errors[0].getMessage()
    assert f"Message {message.pk}: marking it sent failed (try 7 of 7)" in caplog.text

    monkeypatch.undo()
    expire_claim(message)
    assert outbox.sweep() == 1
    assert len(mailbox) == 2
    assert message_id_header(mailbox[1]) == message.message_id


def test_the_claim_outlasts_the_send_tasks_hard_time_limit():
    from django.conf import settings

    assert send_mail_message.time_limit < settings.OUTBOX_CLAIM_SECONDS
    backoff = sum(
        min(outbox.MARK_BACKOFF_MAX_SECONDS, 0.5 * 2**attempt)
        for attempt in range(outbox.MARK_ATTEMPTS - 1)
    )
    assert backoff < send_mail_message.soft_time_limit


def test_nothing_slow_happens_between_the_send_and_the_mark(mailbox, monkeypatch):
    """Rendering and connecting come first; the connection closes after the row is marked."""
    from django.core.mail.backends.locmem import EmailBackend

    events = []
    message = outbox.queue_mail(to="jane@example.com", template=RECEIVED, context=CONTEXT)
    real_render, real_send = outbox.render, EmailBackend.send_messages
    monkeypatch.setattr(outbox, "render", lambda m: events.append("render") or real_render(m))
    monkeypatch.setattr(EmailBackend, "open", lambda self: events.append("open"))
    monkeypatch.setattr(
        EmailBackend, "send_messages", lambda self, ms: events.append("send") or real_send(self, ms)
    )

    def close(self):
        status = OutboundMessage.objects.get(pk=message.pk).status
        events.append(f"close ({status})")

    monkeypatch.setattr(EmailBackend, "close", close)
    outbox.send_message(message.pk)
    assert events == ["render", "open", "send", "close (sent)"]


def test_a_resend_after_a_lost_claim_is_logged_as_a_warning(mailbox, caplog):
    message = outbox.queue_mail(to="jane@example.com", template=RECEIVED, context=CONTEXT)
    OutboundMessage.objects.filter(pk=message.pk).update(
        status=OutboundMessage.Status.SENDING, attempts=1
    )
    expire_claim(message)
    with caplog.at_level("WARNING", logger="csa_portal.outbox"):
        assert outbox.sweep() == 1
    assert f"Message {message.pk}: the claim of attempt 1 ran out" in caplog.text
    assert f"Message {message.pk} sent (attempt 2)" in caplog.text


def test_a_first_send_is_logged_at_info_with_the_row_id(mailbox, caplog):
    message = outbox.queue_mail(to="jane@example.com", template=RECEIVED, context=CONTEXT)
    with caplog.at_level("INFO", logger="csa_portal.outbox"):
        outbox.send_message(message.pk)
    record = next(r for r in caplog.records if "sent (attempt 1)" in r.getMessage())
    assert record.levelname == "INFO"
    assert f"Message {message.pk}" in record.getMessage()


def test_message_secret_is_stable_per_message_and_differs_between_messages():
    first = outbox.queue_mail(to="a@example.com", template=RECEIVED, context=CONTEXT)
    second = outbox.queue_mail(to="a@example.com", template=RECEIVED, context=CONTEXT)
    assert outbox.message_secret(first, "sign-in") == outbox.message_secret(first, "sign-in")
    assert outbox.message_secret(first, "sign-in") != outbox.message_secret(second, "sign-in")
    assert outbox.message_secret(first, "sign-in") != outbox.message_secret(first, "other")
    assert len(outbox.message_secret(first, "sign-in")) >= 43  # 256 bits


def test_a_failure_that_cannot_be_recorded_at_once_is_recorded_after_the_database_returns(
    mailbox, monkeypatch, no_sleep
):
    from django.db import OperationalError as DatabaseDown
    from django.db.models.query import QuerySet

    message = outbox.queue_mail(to="jane@example.com", template=RECEIVED, context=CONTEXT)
    real_update = QuerySet.update
    left = {"failures": 2}

    def update(self, **kwargs):
        if kwargs.get("status") == OutboundMessage.Status.QUEUED and left["failures"]:
            left["failures"] -= 1
            raise DatabaseDown("the database system is shutting down")
        return real_update(self, **kwargs)

    monkeypatch.setattr(QuerySet, "update", update)
    monkeypatch.setattr(
        LOCMEM_SEND, lambda self, *a, **k: (_ for _ in ()).throw(SMTPException("421 busy"))
    )
    with pytest.raises(SMTPException):
        outbox.send_message(message.pk)
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.QUEUED
    assert "421 busy" in message.last_error


def test_the_sweep_hands_each_due_row_to_the_workers(monkeypatch):
    first = outbox.queue_mail(to="a@example.com", template=RECEIVED, context=CONTEXT)
    second = outbox.queue_mail(to="b@example.com", template=RECEIVED, context=CONTEXT)
    requested = []
    monkeypatch.setattr(
        send_mail_message, "apply_async", lambda args, **kwargs: requested.append(args)
    )
    assert outbox.sweep() == 2
    assert sorted(requested) == [(first.pk,), (second.pk,)]


def test_the_sweep_sends_here_what_the_broker_does_not_take(mailbox, monkeypatch):
    outbox.queue_mail(to="a@example.com", template=RECEIVED, context=CONTEXT)

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(send_mail_message, "apply_async", broker_down)
    assert outbox.sweep() == 1
    assert len(mailbox) == 1
