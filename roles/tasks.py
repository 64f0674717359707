from celery import shared_task

from . import services


@shared_task(
    acks_late=True, reject_on_worker_lost=True, idempotent=True, time_limit=120, soft_time_limit=100
)
def close_expired_roles() -> int:
    """Close published roles past their closing date (the board already hides them)."""
    return services.close_expired_roles()
