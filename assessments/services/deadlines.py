"""The minute job: deadlines reached, invitations closed, scoring that never started.

Everything here is found from rows in the database, never from a Celery message, so a
worker or broker that was down for a while loses nothing: the next run picks it all up.
"""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from ..models import OPEN_ATTEMPT_STATUSES, Attempt, AttemptStatus
from .taking import settle

BATCH = 500
# A scoring request older than this without a result is asked for again.
SCORING_PATIENCE = timedelta(minutes=10)


def due_attempt_ids(*, now=None, limit: int = BATCH) -> list[int]:
    """Open attempts with a task past its deadline, or past their own closing time."""
    now = now or timezone.now()
    return list(
        Attempt.objects.filter(status__in=OPEN_ATTEMPT_STATUSES)
        .filter(
            Q(expires_at__lte=now)
            | Q(responses__submitted_at__isnull=True, responses__deadline__lte=now)
        )
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()[:limit]
    )


def sweep(*, now=None) -> int:
    """Submit what time has ended; returns how many attempts were looked at."""
    now = now or timezone.now()
    ids = due_attempt_ids(now=now)
    for attempt in Attempt.objects.filter(pk__in=ids):
        settle(attempt, now=now)
    return len(ids)


def unscored_attempt_ids(*, now=None, limit: int = BATCH) -> list[int]:
    """Submitted attempts whose scoring was never asked for, or asked for long ago."""
    now = now or timezone.now()
    return list(
        Attempt.objects.filter(status=AttemptStatus.SUBMITTED, scored_at__isnull=True)
        .filter(
            Q(scoring_requested_at__isnull=True)
            | Q(scoring_requested_at__lte=now - SCORING_PATIENCE)
        )
        .order_by("submitted_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
