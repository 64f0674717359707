from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import make_msgid
from django.db import models
from django.utils import timezone


class Heartbeat(models.Model):
    """The last time each background process proved it was alive by running a task.

    Beat queues ``record_heartbeat`` every minute; a worker runs it. ``/healthz`` reports the
    age of the newest row, so a stopped worker or beat shows up without reading any logs.
    """

    source = models.CharField(max_length=40, unique=True)
    seen_at = models.DateTimeField()
    hostname = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return f"{self.source} at {self.seen_at:%Y-%m-%d %H:%M:%S}"


def new_message_id() -> str:
    """A Message-ID for a new outbox row: random, in the site's domain, kept for every attempt."""
    return make_msgid(idstring="outbox", domain=urlsplit(settings.SITE_URL).hostname or "localhost")


class OutboundMessage(models.Model):
    """One email, stored before it is sent (the outbox).

    The row is written in the same transaction as the change that causes it, so a mail can
    never be promised without being recorded, nor recorded for a change that rolled back.
    A task sends it; the minute sweep sends whatever is due and unsent, so a broker outage
    only delays mail. Redis keeps nothing on disk: this row, not the Celery message, is what
    makes mail durable.

    ``message_id`` is chosen when the row is written and sent as the Message-ID header on
    every attempt, so a copy sent again (after a worker died between sending and marking
    the row) is one message to a receiving server or mail client, which can drop it.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    to_email = models.EmailField(max_length=254)
    message_id = models.CharField(
        "Message-ID", max_length=255, unique=True, default=new_message_id, editable=False
    )
    template = models.CharField(max_length=100, help_text="Template name under emails/.")
    context = models.JSONField(default=dict, blank=True)
    subject = models.CharField(max_length=200, blank=True, help_text="Filled in when sent.")
    related_key = models.CharField(
        max_length=60,
        blank=True,
        db_index=True,
        help_text="What the mail is about: 'application:42'.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    send_after = models.DateTimeField(default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["send_after"],
                name="outbox_due_idx",
                condition=models.Q(status__in=["queued", "sending"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} to {self.to_email} ({self.status})"
