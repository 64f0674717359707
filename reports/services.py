"""Rebuilding the report tallies from the raw rows (see models)."""

import time
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Count, Sum, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from applicants.models import Application
from assessments.models import CriterionScore

from .models import ApplicationTally, CriterionTally, TallyRefresh

# Older tallies are not used: with beat stopped, reports count the raw rows (slower, exact).
TALLY_MAX_AGE = timedelta(minutes=30)


def _insert_grouped(model, columns: dict[str, str], queryset) -> int:
    """``INSERT INTO model (column, ...) SELECT alias, ... FROM (the grouped query)``: the
    database adds up and writes the rows; nothing passes through Python."""
    sql, params = queryset.query.sql_with_params()
    quote = connection.ops.quote_name
    names = ", ".join(quote(model._meta.get_field(c).column) for c in columns)
    aliases = ", ".join(quote(alias) for alias in columns.values())
    table = quote(model._meta.db_table)
    # Names are quoted model metadata and the ORM's own SQL; the values go as parameters.
    insert = f"INSERT INTO {table} ({names}) SELECT {aliases} FROM ({sql}) grouped"  # noqa: S608  # nosec B608
    with connection.cursor() as cursor:
        cursor.execute(insert, params)
        return cursor.rowcount


@transaction.atomic
def refresh_tallies() -> dict:
    """Rebuild every tally in one transaction: readers see the old rows or the new, whole."""
    started = time.monotonic()
    ApplicationTally.objects.all().delete()
    CriterionTally.objects.all().delete()
    answers = {
        f"answer_{name}": Coalesce(f"self_identification__{name}", Value(""))
        for name in ("gender", "ethnicity", "veteran", "disability")
    }
    applications = (
        Application.objects.annotate(day=TruncDate("created_at"), **answers)
        .order_by()
        .values("day", "source", "stage__kind", "status", *answers)
        .annotate(n=Count("pk"))
    )
    rows = _insert_grouped(
        ApplicationTally,
        {
            "day": "day",
            "source": "source",
            "stage_kind": "stage__kind",
            "status": "status",
            **{alias.removeprefix("answer_"): alias for alias in answers},
            "applications": "n",
        },
        applications,
    )
    levels = (
        CriterionScore.objects.filter(
            review__submitted_at__isnull=False, review__superseded_at__isnull=True
        )
        .annotate(day=TruncDate("review__response__attempt__application__created_at"))
        .order_by()
        .values(
            "day",
            "review__response__attempt__application__source",
            "review__response__attempt__template_id",
            "review__response__task_key",
            "criterion_key",
        )
        .annotate(total=Sum("level"), n=Count("pk"))
    )
    criteria = _insert_grouped(
        CriterionTally,
        {
            "day": "day",
            "source": "review__response__attempt__application__source",
            "template_id": "review__response__attempt__template_id",
            "task_key": "review__response__task_key",
            "criterion_key": "criterion_key",
            "level_sum": "total",
            "levels": "n",
        },
        levels,
    )
    seconds = round(time.monotonic() - started, 3)
    TallyRefresh.objects.all().delete()
    TallyRefresh.objects.create(refreshed_at=timezone.now(), seconds=seconds)
    return {"applications": rows, "criteria": criteria, "seconds": seconds}


def fresh_tallies_at():
    """When the tallies were rebuilt, if recently enough to read; else None."""
    refresh = TallyRefresh.objects.order_by("-refreshed_at").first()
    if refresh is None or refresh.refreshed_at < timezone.now() - TALLY_MAX_AGE:
        return None
    return refresh.refreshed_at
