"""The mail outbox: queue a message with the change that causes it, send it after commit.

``queue_mail`` is called inside the caller's transaction. After commit it asks a worker to
send the row now; if the broker is down that request is lost, which is fine: the sweep that
beat runs every minute finds every due row and sends it. Rows are claimed with
``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL, so two workers never send one row.

What "once" means (docs/architecture.md): a row is claimed, rendered, handed to the mail
server and marked sent straight after, the mark retried through a database blip. Only a
worker that dies (or a database that stays away) between the server's "accepted" and the
mark leaves the row "sending"; when its claim runs out the sweep sends it again, with the
same Message-ID and, for sign-in mail, the same link (``message_secret``), so the copy is
one message to the receiving side. That window is the one place mail is at least once.
"""

import base64
import logging
import time
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import salted_hmac
from kombu.exceptions import OperationalError as BrokerError

from .handoff import request_task
from .models import OutboundMessage

logger = logging.getLogger(__name__)

# Templates whose context is completed at send time, for secrets that must never be stored
# in the outbox row (a sign-in link, say): ``SEND_TIME_CONTEXT[template] = f`` where
# ``f(message: OutboundMessage) -> dict``. Registered by the apps that own the templates.
# A message may be rendered more than once (a resend); ``message_secret`` gives such a
# function the same secret every time, so the resend carries the same link.
SEND_TIME_CONTEXT: dict[str, Callable[[OutboundMessage], dict]] = {}

MAX_ATTEMPTS = 8
# Rows one sweep hands to the workers: a backlog after an outage goes in one minute.
SWEEP_BATCH = 1000
# Marking a sent row is retried through a database restart: about 25 s in all.
MARK_ATTEMPTS = 7
MARK_BACKOFF_MAX_SECONDS = 8.0


def queue_mail(
    *,
    to: str,
    template: str,
    context: dict | None = None,
    related_key: str = "",
    send_after=None,
) -> OutboundMessage:
    """Record a mail to send. Call it inside the transaction of the change it reports."""
    message = OutboundMessage.objects.create(
        to_email=to,
        template=template,
        context=context or {},
        related_key=related_key,
        send_after=send_after or timezone.now(),
    )
    if message.send_after <= timezone.now():
        transaction.on_commit(lambda: _request_send(message.pk))
    return message


def _request_send(message_id: int) -> None:
    """Ask a worker to send now; a broker that does not answer leaves it to the sweep."""
    from .tasks import send_mail_message

    request_task(send_mail_message, message_id)


def message_secret(message: OutboundMessage, purpose: str) -> str:
    """A secret that is the same on every render of ``message`` and new for every message.

    Derived from SECRET_KEY and the row's random Message-ID, so the row itself holds
    nothing usable. A send-time context uses it as the token of the link the mail carries:
    a resend then carries the same link instead of a second live one.
    """
    digest = salted_hmac(
        f"csa_portal.outbox.{purpose}", message.message_id, algorithm="sha256"
    ).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def render(message: OutboundMessage) -> tuple[str, str, str]:
    """Subject, text body and HTML body of a message."""
    extra = SEND_TIME_CONTEXT.get(message.template)
    context = {
        **message.context,
        **(extra(message) if extra else {}),  # nosec B610 # a callable, not .extra()
        "portal_name": settings.PORTAL_NAME,
        "hiring_organization": settings.HIRING_ORGANIZATION,
        "site_url": settings.SITE_URL,
    }
    base = f"emails/{message.template}"
    subject = " ".join(render_to_string(f"{base}.subject.txt", context).split())
    text = render_to_string(f"{base}.txt", context)
    html = render_to_string(f"{base}.html", context)
    return subject[:200], text, html


def _claim(message_id: int) -> OutboundMessage | None:
    """Take the row for this worker for a short lease, unless someone else holds it."""
    now = timezone.now()
    with transaction.atomic():
        rows = OutboundMessage.objects.select_for_update(skip_locked=True).filter(
            Q(status=OutboundMessage.Status.QUEUED)
            | Q(status=OutboundMessage.Status.SENDING, claimed_until__lt=now),
            pk=message_id,
            send_after__lte=now,
        )
        message = rows.first()
        if message is None:
            return None
        if message.status == OutboundMessage.Status.SENDING:
            logger.warning(
                "Message %s: the claim of attempt %s ran out without a result; sending "
                "again with the same Message-ID",
                message.pk,
                message.attempts,
            )
        message.status = OutboundMessage.Status.SENDING
        # Longer than the send task's hard time limit (settings, check portal.E001).
        message.claimed_until = now + timedelta(seconds=settings.OUTBOX_CLAIM_SECONDS)
        message.attempts += 1
        message.save(update_fields=["status", "claimed_until", "attempts"])
    return message


def send_message(message_id: int) -> bool:
    """Send one message if it is due and unclaimed. True when this call sent it.

    Raises on a delivery failure after recording it, so the task can retry with backoff.
    Everything slow happens before the mail server accepts the message (rendering, which may
    write a sign-in link; connecting and greeting the server); the row is marked sent right
    after, and the connection closed only then.
    """
    message = _claim(message_id)
    if message is None:
        return False
    mail_server = None
    try:
        subject, text, html = render(message)
        mail = EmailMultiAlternatives(
            subject,
            text,
            settings.DEFAULT_FROM_EMAIL,
            [message.to_email],
            headers={"Message-ID": message.message_id},
        )
        mail.attach_alternative(html, "text/html")
        mail_server = get_connection()
        mail_server.open()
        mail_server.send_messages([mail])
    except Exception as error:
        _close(mail_server, message)
        _record_failure(message, error)
        raise
    _mark_sent(message, subject)
    _close(mail_server, message)
    return True


def _mark_sent(message: OutboundMessage, subject: str) -> None:
    """Record the send, retrying through a database blip; never raises.

    A mark that still fails leaves the row "sending": after its claim the sweep sends it
    again, with the same Message-ID. That is logged as an error, with the row id.
    """
    marked = _update_retrying(
        message,
        "marking it sent",
        status=OutboundMessage.Status.SENT,
        subject=subject,
        sent_at=timezone.now(),
        claimed_until=None,
        last_error="",
    )
    if not marked:
        logger.error(
            "Message %s was sent but could not be marked sent; it will be sent again with the "
            "same Message-ID once its claim runs out",
            message.pk,
        )
        return
    log = logger.warning if message.attempts > 1 else logger.info
    log("Message %s sent (attempt %s) to %s", message.pk, message.attempts, message.to_email)


def _update_retrying(message: OutboundMessage, what: str, **values) -> bool:
    """Update the row, retrying through a database restart (about 25 s); False if it never took."""
    for attempt in range(1, MARK_ATTEMPTS + 1):
        try:
            OutboundMessage.objects.filter(pk=message.pk).update(**values)
        except DatabaseError as error:
            logger.warning(
                "Message %s: %s failed (try %s of %s): %s",
                message.pk,
                what,
                attempt,
                MARK_ATTEMPTS,
                error,
            )
            if attempt == MARK_ATTEMPTS:
                return False
            if not connection.in_atomic_block:
                connection.close()  # the next query opens a fresh connection
            time.sleep(min(MARK_BACKOFF_MAX_SECONDS, 0.5 * 2 ** (attempt - 1)))
            continue
        return True
    return False


def _close(mail_server, message: OutboundMessage) -> None:
    if mail_server is None:
        return
    try:
        mail_server.close()
    except Exception as error:  # the message is sent (or recorded as failed) already
        logger.warning("Message %s: closing the mail connection failed: %s", message.pk, error)


def _record_failure(message: OutboundMessage, error: Exception) -> None:
    """Put the row back in the queue after a backoff (or give up on it); retried like the mark.

    If even that fails, the row stays "sending" and the sweep takes it once its claim ends.
    """
    gave_up = message.attempts >= MAX_ATTEMPTS
    backoff = timedelta(seconds=min(3600, 30 * 2 ** (message.attempts - 1)))
    logger.warning(
        "Sending message %s failed (attempt %s): %s", message.pk, message.attempts, error
    )
    _update_retrying(
        message,
        "recording the failure",
        status=OutboundMessage.Status.FAILED if gave_up else OutboundMessage.Status.QUEUED,
        claimed_until=None,
        send_after=timezone.now() + backoff,
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )


def due_message_ids(limit: int = SWEEP_BATCH) -> list[int]:
    now = timezone.now()
    return list(
        OutboundMessage.objects.filter(
            Q(status=OutboundMessage.Status.QUEUED)
            | Q(status=OutboundMessage.Status.SENDING, claimed_until__lt=now),
            send_after__lte=now,
        )
        .order_by("send_after", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def sweep(limit: int = SWEEP_BATCH) -> int:
    """Have every due message sent (stuck, delayed or never requested); returns how many.

    Each due row goes to the workers as a task of its own, so a backlog (the mail queued
    while the broker was down) is sent by every pool process at once, not one by one inside
    this task. A row asked for twice is still sent once (the claim). A row the broker does not
    take is sent here and now; with no broker (eager), every row is sent here.
    """
    from .tasks import send_mail_message

    handed = 0
    for message_id in due_message_ids(limit):
        try:
            send_mail_message.apply_async((message_id,), retry=False)
        except BrokerError:
            handed += _send_here(message_id)
        except Exception as error:  # run eagerly, the send failed: recorded on the row
            logger.warning(
                "Message %s failed in the sweep (%s); it will be retried", message_id, error
            )
        else:
            handed += 1
    return handed


def _send_here(message_id: int) -> bool:
    try:
        return send_message(message_id)
    except Exception as error:  # recorded on the row; the next sweep retries after backoff
        logger.warning("Message %s failed in the sweep (%s); it will be retried", message_id, error)
        return False


@transaction.atomic
def send_again(*, message_ids) -> int:
    """Give failed messages a fresh start (an operator's action); returns how many.

    Only failed rows qualify. A sent row would reach the person twice, and a cancelled one
    was cancelled on purpose (a rejection that was reversed).
    """
    now = timezone.now()
    rows = list(
        OutboundMessage.objects.select_for_update()
        .filter(pk__in=list(message_ids), status=OutboundMessage.Status.FAILED)
        .values_list("pk", flat=True)
    )
    OutboundMessage.objects.filter(pk__in=rows).update(
        status=OutboundMessage.Status.QUEUED, send_after=now, attempts=0, claimed_until=None
    )
    for message_id in rows:
        transaction.on_commit(lambda message_id=message_id: _request_send(message_id))
    return len(rows)


def cancel_pending(*, related_key: str, template: str) -> int:
    """Cancel unsent mails of one kind about one thing (a rejection that was reversed)."""
    return OutboundMessage.objects.filter(
        related_key=related_key, template=template, status=OutboundMessage.Status.QUEUED
    ).update(status=OutboundMessage.Status.CANCELLED)


def cancel_unsent(*, message_id: int) -> bool:
    """Cancel one mail if it has not started to go; True when it never will.

    Call it inside the transaction of the change that takes the mail back (an undone
    rejection). The row is locked, waiting for a worker that is claiming it this instant, so
    the answer is final: a queued row is cancelled and its claim (which skips locked rows and
    sends only queued ones) will never send it, nor will "send again" a failed row once it
    is cancelled; a row a worker already took ("sending") or sent is reported as gone,
    because the candidate may already be reading it.
    """
    status = (
        OutboundMessage.objects.select_for_update()
        .filter(pk=message_id)
        .values_list("status", flat=True)
        .first()
    )
    if status in (OutboundMessage.Status.QUEUED, OutboundMessage.Status.FAILED):
        OutboundMessage.objects.filter(pk=message_id).update(
            status=OutboundMessage.Status.CANCELLED
        )
        return True
    return status == OutboundMessage.Status.CANCELLED


def restore_cancelled(*, message_id: int) -> bool:
    """Put back a mail ``cancel_unsent`` cancelled, when what cancelled it is itself taken
    back (a closed application reopened); True when it will go.

    Only the code that cancelled a row may call this: a cancel is otherwise final. The same
    row goes, so it keeps its Message-ID and, for mail with a link, its link: had a copy
    reached the mail server before the cancel (a send that raised after the server took it),
    the one sent now is the same message. Call it inside the transaction of the change; the
    row is locked like ``cancel_unsent``. A row that had used up its attempts goes back to
    "failed", as it was.
    """
    row = (
        OutboundMessage.objects.select_for_update()
        .filter(pk=message_id, status=OutboundMessage.Status.CANCELLED)
        .values("attempts", "send_after")
        .first()
    )
    if row is None:
        return False
    gave_up = row["attempts"] >= MAX_ATTEMPTS
    OutboundMessage.objects.filter(pk=message_id).update(
        status=OutboundMessage.Status.FAILED if gave_up else OutboundMessage.Status.QUEUED,
        claimed_until=None,
    )
    if gave_up:
        return False
    if row["send_after"] <= timezone.now():
        transaction.on_commit(lambda: _request_send(message_id))
    return True
