"""Rebuilding the report tallies from the raw rows (see models)."""

import time
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import CharField, Count, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from applicants.models import Application, StageChange
from assessments.models import CriterionScore, Result

from .models import (
    ApplicationTally,
    CriterionTally,
    DurationTally,
    TallyRefresh,
    TaskPassTally,
)
from .selectors import SELF_ID_FIELDS, seconds_between, task_keys, task_score

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
    for model in (ApplicationTally, CriterionTally, DurationTally, TaskPassTally):
        model.objects.all().delete()
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
    durations = _insert_durations()
    passes = _insert_task_passes()
    seconds = round(time.monotonic() - started, 3)
    TallyRefresh.objects.all().delete()
    TallyRefresh.objects.create(refreshed_at=timezone.now(), seconds=seconds)
    return {
        "applications": rows,
        "criteria": criteria,
        "durations": durations,
        "task_passes": passes,
        "seconds": seconds,
    }


def _insert_durations() -> int:
    """Every hired application's time to hire, and every stay in a stage that ended."""
    columns = {"day": "day", "source": "source", "measure": "measure", "seconds": "duration"}
    hires = (
        Application.objects.filter(status="hired", closed_at__isnull=False)
        .annotate(
            day=TruncDate("created_at"),
            measure=Value("hire", output_field=CharField()),
            duration=seconds_between("closed_at", "created_at"),
        )
        .order_by()
        .values("day", "source", "measure", "duration")
    )
    entered = (
        StageChange.objects.filter(application_id=OuterRef("application_id"), at__lt=OuterRef("at"))
        .order_by("-at", "-pk")
        .values("at")[:1]
    )
    moves = (
        StageChange.objects.filter(from_stage__isnull=False)
        .exclude(from_stage=F("to_stage"))
        .annotate(entered=Subquery(entered))
        .filter(entered__isnull=False)
        .annotate(
            day=TruncDate("application__created_at"),
            source=F("application__source"),
            measure=F("from_stage__kind"),
            duration=seconds_between("at", F("entered")),
        )
        .order_by()
        .values("day", "source", "measure", "duration")
    )
    return _insert_grouped(DurationTally, columns, hires) + _insert_grouped(
        DurationTally, columns, moves
    )


def _insert_task_passes() -> int:
    """Per task key: complete results of self-identified applicants, grouped by answers."""
    prefix = "attempt__application__self_identification__"
    answers = {f"answer_{name}": F(prefix + name) for name in SELF_ID_FIELDS}
    inserted = 0
    for key in task_keys():
        grouped = (
            Result.objects.filter(complete=True, **{f"{prefix}isnull": False})
            .annotate(score=task_score(key))
            .filter(score__isnull=False)
            .annotate(
                day=TruncDate("attempt__application__created_at"),
                source=F("attempt__application__source"),
                template=F("attempt__template_id"),
                task=Value(key, output_field=CharField()),
                **answers,
            )
            .order_by()
            .values("day", "source", "template", "task", *answers)
            .annotate(taken=Count("pk"), passed=Count("pk", filter=Q(score__gte=F("pass_mark"))))
        )
        inserted += _insert_grouped(
            TaskPassTally,
            {
                "day": "day",
                "source": "source",
                "template_id": "template",
                "task_key": "task",
                **{alias.removeprefix("answer_"): alias for alias in answers},
                "taken": "taken",
                "passed": "passed",
            },
            grouped,
        )
    return inserted


def fresh_tallies_at():
    """When the tallies were rebuilt, if recently enough to read; else None."""
    refresh = TallyRefresh.objects.order_by("-refreshed_at").first()
    if refresh is None or refresh.refreshed_at < timezone.now() - TALLY_MAX_AGE:
        return None
    return refresh.refreshed_at
