import socket
from datetime import timedelta

from celery import shared_task
from django.db import DatabaseError
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from . import outbox
from .models import Heartbeat

# For tasks that read or parse (resume text, scoring): a database restart or a broker blip is
# worth retrying soon, on top of the catch-up sweep that finds the row anyway. 2, 4, 8... s
# with jitter, at most ten minutes apart (well inside the broker's visibility timeout).
RETRY_ON_OUTAGE = {
    "autoretry_for": (DatabaseError, BrokerError),
    "retry_backoff": 2,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 6,
}


@shared_task(
    acks_late=True, reject_on_worker_lost=True, idempotent=True, time_limit=30, soft_time_limit=20
)
def record_heartbeat(source: str = "worker") -> str:
    """Stamp the time a worker ran a task for ``source``; running it twice is harmless."""
    Heartbeat.objects.update_or_create(
        source=source[:40],
        defaults={"seen_at": timezone.now(), "hostname": socket.gethostname()[:255]},
    )
    return source


@shared_task(
    acks_late=True, reject_on_worker_lost=True, idempotent=True, time_limit=60, soft_time_limit=50
)
def purge_stale_heartbeats(days: int = 30) -> int:
    deleted, _ = Heartbeat.objects.filter(
        seen_at__lt=timezone.now() - timedelta(days=days)
    ).delete()
    return deleted


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    idempotent=True,
    time_limit=60,
    soft_time_limit=45,
    autoretry_for=(Exception,),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=5,
)
def send_mail_message(self, message_id: int) -> bool:
    """Send one outbox row. A second run finds it sent (or claimed) and does nothing."""
    return outbox.send_message(message_id)


@shared_task(
    acks_late=True, reject_on_worker_lost=True, idempotent=True, time_limit=280, soft_time_limit=250
)
def sweep_outbox() -> int:
    """Have mail sent that is due and unsent: delayed, stuck, or queued while the broker was
    down. Each row becomes a send task of its own, run by every pool process at once."""
    return outbox.sweep()
