from celery import shared_task
from django.utils import timezone

from csa_portal.tasks import RETRY_ON_OUTAGE

from .models import Attempt
from .services import deadlines, results, send_reminders

SCORING_BATCH = 50


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    idempotent=True,
    time_limit=60,
    soft_time_limit=45,
    **RETRY_ON_OUTAGE,
)
def score_attempt(attempt_id: int) -> bool:
    """Score one submitted attempt; running it twice, or at once on two workers, gives one
    result (the service locks the attempt and checks it is not scored yet)."""
    return results.score_attempt(attempt_id=attempt_id)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    idempotent=True,
    time_limit=280,
    soft_time_limit=250,
    **RETRY_ON_OUTAGE,
)
def score_attempts(attempt_ids: list[int]) -> int:
    """Score a batch in one task (the sweep's catch-up): one message and one worker round
    trip for many attempts. Each attempt is still its own transaction, so a retry after a
    failure part way re-scores nothing already done."""
    return sum(results.score_attempt(attempt_id=attempt_id) for attempt_id in attempt_ids)


@shared_task(
    acks_late=True, reject_on_worker_lost=True, idempotent=True, time_limit=280, soft_time_limit=250
)
def sweep_deadlines() -> dict:
    """Every minute: submit what time has ended, remind before invitations close, and ask
    again for scoring that never happened."""
    swept = deadlines.sweep()
    reminded = send_reminders()
    unscored = deadlines.unscored_attempt_ids()
    Attempt.objects.filter(pk__in=unscored).update(scoring_requested_at=timezone.now())
    for start in range(0, len(unscored), SCORING_BATCH):
        score_attempts.delay(unscored[start : start + SCORING_BATCH])
    return {"swept": swept, "reminded": reminded, "rescored": len(unscored)}
