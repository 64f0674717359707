from celery import shared_task

from csa_portal.tasks import RETRY_ON_OUTAGE

from . import services


@shared_task(idempotent=True, acks_late=True, reject_on_worker_lost=True, time_limit=280,
             soft_time_limit=250, **RETRY_ON_OUTAGE)  # fmt: skip
def refresh_tallies() -> dict:
    """Rebuild the reports' summary rows (every ten minutes, by beat)."""
    return services.refresh_tallies()
