from celery import shared_task

from csa_portal.tasks import RETRY_ON_OUTAGE

from . import services
from .selectors import applications_missing_resume_text


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    idempotent=True,
    # A hostile file can stall a parser: kill it rather than a worker.
    time_limit=30,
    soft_time_limit=20,
    **RETRY_ON_OUTAGE,
)
def extract_resume_text(application_id: int) -> bool:
    return services.record_resume_text(application_id=application_id)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    idempotent=True,
    time_limit=280,
    soft_time_limit=250,
    **RETRY_ON_OUTAGE,
)
def extract_pending_resume_texts(limit: int = 200) -> int:
    """Catch up on resumes whose extraction was never requested (broker down at the time)."""
    pending = applications_missing_resume_text(limit=limit)
    for application_id in pending:
        extract_resume_text.delay(application_id)
    return len(pending)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    idempotent=True,
    time_limit=1800,
    soft_time_limit=1700,
)
def anonymise_expired_candidates() -> int:
    """Daily: anonymise candidates past the retention period (``services.retention``)."""
    return services.anonymise_expired_candidates().anonymised
