"""Retention: candidates whose applications all closed long ago are anonymised.

A beat job (``applicants.tasks.anonymise_expired_candidates``, daily) runs this. Someone is
due when every application of theirs closed (rejected, withdrawn or hired) more than
``CANDIDATE_RETENTION_MONTHS`` ago and they have not agreed to stay in the talent pool.
Anonymising takes the erasure's path (``data_rights.remove_personal_data``), so what the
reports count (applications, their history, scores, reviews, decisions, self-identification
totals) stays and adds up as before; only the link to a person goes.

Safe to run twice or at once: each candidate is locked, checked again and anonymised in its
own transaction, and an anonymised candidate is never due again.
"""

import calendar
import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from ..models import Application, ApplicationStatus, Candidate
from .data_rights import remove_personal_data

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
# One run's ceiling; a backlog larger than this (the first run on old data) finishes on the
# following days, so the job never runs into its time limit.
RUN_LIMIT = 5_000


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months earlier (the 31st becomes the month's
    last day)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def retention_cutoff(now: datetime | None = None) -> datetime:
    """Applications closed before this moment are past the retention period."""
    return months_before(now or timezone.now(), settings.CANDIDATE_RETENTION_MONTHS)


def candidates_due(*, cutoff: datetime) -> QuerySet[Candidate]:
    """Not anonymised, not in the talent pool, and no application open or closed since the
    cutoff (a closed one without a closing time counts as recent: we keep what we cannot
    date)."""
    kept_by = Application.objects.filter(candidate=OuterRef("pk")).filter(
        Q(status=ApplicationStatus.ACTIVE) | Q(closed_at__isnull=True) | Q(closed_at__gte=cutoff)
    )
    return Candidate.objects.filter(
        anonymised_at__isnull=True,
        talent_pool_consent_at__isnull=True,
        created_at__lt=cutoff,
    ).exclude(Exists(kept_by))


@dataclass
class RetentionRun:
    cutoff: datetime
    anonymised: int = 0
    failed: int = 0
    batches: int = 0


def anonymise_expired_candidates(
    *, now: datetime | None = None, batch_size: int = BATCH_SIZE, limit: int = RUN_LIMIT
) -> RetentionRun:
    """Anonymise every candidate due (up to ``limit`` a run), ``batch_size`` ids at a time."""
    run = RetentionRun(cutoff=retention_cutoff(now))
    after = 0
    while run.anonymised + run.failed < limit:
        ids = list(
            candidates_due(cutoff=run.cutoff)
            .filter(pk__gt=after)
            .order_by("pk")
            .values_list("pk", flat=True)[: min(batch_size, limit - run.anonymised - run.failed)]
        )
        if not ids:
            break
        run.batches += 1
        for pk in ids:
            try:
                run.anonymised += _anonymise_if_due(pk, cutoff=run.cutoff)
            except Exception:
                # One bad record must not stop the rest; it is tried again at the next run.
                logger.exception("Retention could not anonymise candidate %s", pk)
                run.failed += 1
        after = ids[-1]
    logger.info(
        "Retention: %s candidates anonymised, %s failed, in %s batches "
        "(applications closed before %s, %s months)",
        run.anonymised,
        run.failed,
        run.batches,
        run.cutoff.isoformat(),
        settings.CANDIDATE_RETENTION_MONTHS,
    )
    return run


@transaction.atomic
def _anonymise_if_due(pk: int, *, cutoff: datetime) -> bool:
    """Lock the person, check again (they may have applied, joined the pool or been
    anonymised by a run beside this one), then anonymise."""
    candidate = Candidate.objects.select_for_update().filter(pk=pk).first()
    # Checked in a statement after the lock, so it sees an application committed meanwhile.
    if candidate is None or not candidates_due(cutoff=cutoff).filter(pk=pk).exists():
        return False
    remove_personal_data(candidate, requested=False)
    return True
