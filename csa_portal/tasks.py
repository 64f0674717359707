import socket
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

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
