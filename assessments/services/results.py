"""From a submitted attempt to its result. (Scoring proper arrives with the scoring work;
until then a submitted attempt is only marked ready for review.)"""

from django.db import transaction
from django.utils import timezone

from ..models import Attempt, AttemptStatus


@transaction.atomic
def score_attempt(*, attempt_id: int) -> bool:
    """Mark a submitted attempt scored, once. False when there is nothing to do."""
    attempt = Attempt.objects.select_for_update().filter(pk=attempt_id).first()
    if attempt is None or attempt.status != AttemptStatus.SUBMITTED or attempt.scored_at:
        return False
    attempt.scored_at = timezone.now()
    attempt.save(update_fields=["scored_at", "updated_at"])
    return True
