import socket
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from . import outbox
from .models import Heartbeat


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
    """Send mail that is due and unsent: delayed, stuck, or queued while the broker was down."""
    return outbox.sweep()
