"""The mail outbox: queue a message with the change that causes it, send it after commit.

``queue_mail`` is called inside the caller's transaction. After commit it asks a worker to
send the row now; if the broker is down that request is lost, which is fine: the sweep that
beat runs every minute finds every due row and sends it. Rows are claimed with
``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL, so two workers never send one row.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from .models import OutboundMessage

logger = logging.getLogger(__name__)

# Templates whose context is completed at send time, for secrets that must never be stored
# in the outbox row (a sign-in link, say). Registered by the apps that own the templates.
SEND_TIME_CONTEXT: dict = {}

CLAIM_SECONDS = 120
MAX_ATTEMPTS = 8
SWEEP_BATCH = 100


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
    from .tasks import send_mail_message

    try:
        send_mail_message.delay(message_id)
    except Exception:  # a down broker or mail server must never fail the request
        logger.warning("Message %s not sent now; the outbox sweep will send it", message_id)


def render(message: OutboundMessage) -> tuple[str, str, str]:
    """Subject, text body and HTML body of a message."""
    extra = SEND_TIME_CONTEXT.get(message.template)
    context = {
        **message.context,
        **(extra(message.context) if extra else {}),  # nosec B610 # a callable, not .extra()
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
        message.status = OutboundMessage.Status.SENDING
        message.claimed_until = now + timedelta(seconds=CLAIM_SECONDS)
        message.attempts += 1
        message.save(update_fields=["status", "claimed_until", "attempts"])
    return message


def send_message(message_id: int) -> bool:
    """Send one message if it is due and unclaimed. True when this call sent it.

    Raises on a delivery failure after recording it, so the task can retry with backoff.
    """
    message = _claim(message_id)
    if message is None:
        return False
    try:
        subject, text, html = render(message)
        mail = EmailMultiAlternatives(
            subject, text, settings.DEFAULT_FROM_EMAIL, [message.to_email]
        )
        mail.attach_alternative(html, "text/html")
        mail.send()
    except Exception as error:
        _record_failure(message, error)
        raise
    OutboundMessage.objects.filter(pk=message.pk).update(
        status=OutboundMessage.Status.SENT,
        subject=subject,
        sent_at=timezone.now(),
        claimed_until=None,
        last_error="",
    )
    return True


def _record_failure(message: OutboundMessage, error: Exception) -> None:
    gave_up = message.attempts >= MAX_ATTEMPTS
    backoff = timedelta(seconds=min(3600, 30 * 2 ** (message.attempts - 1)))
    OutboundMessage.objects.filter(pk=message.pk).update(
        status=OutboundMessage.Status.FAILED if gave_up else OutboundMessage.Status.QUEUED,
        claimed_until=None,
        send_after=timezone.now() + backoff,
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )
    logger.warning(
        "Sending message %s failed (attempt %s): %s", message.pk, message.attempts, error
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
    """Send every due message (stuck, delayed or never requested); returns how many went."""
    sent = 0
    for message_id in due_message_ids(limit):
        try:
            sent += send_message(message_id)
        except Exception:  # recorded on the row; the next sweep retries it after its backoff
            logger.info("Message %s failed in the sweep; it will be retried", message_id)
    return sent


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
