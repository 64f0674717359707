"""The reads behind the reports: every count is added up in the database.

Each function takes a ``Scope`` (who asks, which role, which dates, which source) and returns
plain numbers for the pure modules (``maths``, ``assessments.statistics``) to arrange. A
query groups and counts; Python then loops over the groups (a few dozen rows), never over
applications. The two statistical reports that need one row per rated answer (quiz items,
rater agreement) read a bounded, most recent sample, and say so on the page.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Aggregate,
    Avg,
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Cast, Floor, Least, Trunc
from django.utils import timezone

from applicants.models import Application, SelfIdentification, StageChange
from assessments.models import (
    AutoScore,
    Criterion,
    CriterionScore,
    Question,
    Result,
    Task,
    TaskKind,
    TaskResponse,
)
from roles.selectors import roles_visible_to

from . import maths
from .models import ApplicationTally, CriterionTally, DurationTally, TaskPassTally

ITEM_SAMPLE = 3000  # latest scored quizzes in the selection that the item analysis reads
RATER_SAMPLE = 1500  # latest answers rated by two reviewers or more, per report
ROLE_CHOICES = 300  # roles offered in the filter's list (any visible role may be typed in)
SOURCES_CACHE_KEY = "reports:sources"
SOURCES_CACHE_SECONDS = 600
SELF_ID_FIELDS = ("gender", "ethnicity", "veteran", "disability")
NOT_A_GROUP = ("", "decline")  # blank or "prefer not to say": in no group


@dataclass(frozen=True)
class Scope:
    """Which applications a report counts: the asker's roles, narrowed by the filters."""

    user: object
    managed_only: bool  # a hiring manager: only the roles they manage
    role_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    source: str | None = None
    tallies_at: datetime | None = None  # summary rows fresh enough to count every role

    @property
    def tallied(self) -> bool:
        """Whether the counts of every role may come from the summary rows."""
        return self.tallies_at is not None and self.role_id is None and not self.managed_only

    def tally_lookups(self) -> Q:
        q = Q()
        if self.source is not None:
            q &= Q(source=self.source)
        if self.date_from is not None:
            q &= Q(day__gte=self.date_from)
        if self.date_to is not None:
            q &= Q(day__lte=self.date_to)
        return q

    def lookups(self, prefix: str = "") -> Q:
        """The filter as lookups from a model that reaches Application through ``prefix``."""
        q = Q()
        if self.role_id is not None:
            q &= Q(**{f"{prefix}role_id": self.role_id})
        elif self.managed_only:
            q &= Q(**{f"{prefix}role__hiring_managers": self.user})
        if self.source is not None:
            q &= Q(**{f"{prefix}source": self.source})
        if self.date_from is not None:
            q &= Q(**{f"{prefix}created_at__gte": _start_of(self.date_from)})
        if self.date_to is not None:
            q &= Q(**{f"{prefix}created_at__lt": _start_of(self.date_to + timedelta(days=1))})
        return q


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def scope_for(user, *, role_id=None, date_from=None, date_to=None, source=None) -> Scope:
    from csa_portal.access import is_recruiting

    from .services import fresh_tallies_at

    every_role = role_id is None and is_recruiting(user)
    return Scope(
        user=user,
        managed_only=not is_recruiting(user),
        tallies_at=fresh_tallies_at() if every_role else None,
        role_id=role_id,
        date_from=date_from,
        date_to=date_to,
        source=source,
    )


# --- the filter's choices ---------------------------------------------------------------------


def role_choices(user, *, include: int | None = None) -> list[tuple[int, str]]:
    """The newest visible roles for the filter's list (and the chosen one, if older)."""
    roles = roles_visible_to(user).order_by("-pk")
    wanted = Q(pk__in=roles.values("pk")[:ROLE_CHOICES])
    if include is not None:
        wanted |= Q(pk=include)
    rows = roles_visible_to(user).filter(wanted).order_by("title", "pk").values_list("pk", "title")
    return [(pk, title) for pk, title in rows]


def visible_role(user, role_id: int) -> bool:
    return roles_visible_to(user).filter(pk=role_id).exists()


def known_sources() -> list[str]:
    """Every source applications came from, cached for ten minutes: it is a scan of every
    application, and a source new in the last minutes can wait."""
    sources = cache.get(SOURCES_CACHE_KEY)
    if sources is None:
        sources = sorted(
            s
            for s in Application.objects.order_by().values_list("source", flat=True).distinct()
            if s
        )
        cache.set(SOURCES_CACHE_KEY, sources, SOURCES_CACHE_SECONDS)
    return sources


# --- durations and percentiles ----------------------------------------------------------------


class EpochSeconds(Func):
    """Seconds in an interval (PostgreSQL) or between two timestamps (SQLite's julianday)."""

    output_field = FloatField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="EXTRACT(EPOCH FROM %(expressions)s)")

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, **extra)


class PercentileCont(Aggregate):
    """PostgreSQL's ``percentile_cont(f) WITHIN GROUP (ORDER BY x)``."""

    function = "PERCENTILE_CONT"
    output_field = FloatField()

    def __init__(self, expression, fraction: float, **extra):
        if not 0 <= fraction <= 1:
            raise ValueError("fraction must be between 0 and 1.")
        super().__init__(expression, **extra)
        self.fraction = float(fraction)

    def as_sql(self, compiler, connection, **extra):
        expression, params = compiler.compile(self.source_expressions[0])
        return (
            f"PERCENTILE_CONT({self.fraction!r}) WITHIN GROUP (ORDER BY {expression})",
            params,
        )


def _duration_stats(queryset, group: str, seconds) -> dict[str, dict]:
    """Per value of ``group``: how many, and the median and 90th percentile of ``seconds``.

    PostgreSQL computes the percentiles itself; SQLite (the embedded default) has no
    percentile, so its path reads the durations and interpolates the same way in Python.
    """
    queryset = queryset.annotate(duration=seconds).order_by()
    if connection.vendor == "postgresql":
        rows = queryset.values(group).annotate(
            n=Count("pk"),
            median=PercentileCont("duration", 0.5),
            p90=PercentileCont("duration", 0.9),
        )
        return {r[group]: {"n": r["n"], "median": r["median"], "p90": r["p90"]} for r in rows}
    found: dict[str, list[float]] = defaultdict(list)
    for key, value in queryset.values_list(group, "duration"):
        found[key].append(value)
    return {
        key: {
            "n": len(values),
            "median": maths.percentile(values, 0.5),
            "p90": maths.percentile(values, 0.9),
        }
        for key, values in found.items()
    }


def seconds_between(later: str, earlier) -> Func:
    earlier = F(earlier) if isinstance(earlier, str) else earlier
    if connection.vendor == "postgresql":
        return EpochSeconds(F(later) - earlier)
    return Func(
        Func(F(later), function="julianday", output_field=FloatField())
        - Func(earlier, function="julianday", output_field=FloatField()),
        template="(%(expressions)s) * 86400.0",
        output_field=FloatField(),
    )


# --- the reports' reads -----------------------------------------------------------------------


def stage_counts(scope: Scope) -> dict[tuple[str, str], int]:
    """Applications by (current stage kind, status). One query."""
    if scope.tallied:
        rows = (
            ApplicationTally.objects.filter(scope.tally_lookups())
            .order_by()
            .values_list("stage_kind", "status")
            .annotate(n=Sum("applications"))
        )
        return {(kind, status): n for kind, status, n in rows}
    rows = (
        Application.objects.filter(scope.lookups())
        .order_by()
        .values_list("stage__kind", "status")
        .annotate(n=Count("pk"))
    )
    return {(kind, status): n for kind, status, n in rows}


def times(scope: Scope) -> dict:
    """Time to hire (application to hired) and time spent in each stage, in seconds."""
    if scope.tallied:
        found = _duration_stats(
            DurationTally.objects.filter(scope.tally_lookups()), "measure", F("seconds")
        )
        empty = {"n": 0, "median": None, "p90": None}
        return {"to_hire": found.pop("hire", empty), "in_stage": found}
    hired = Application.objects.filter(scope.lookups(), status="hired", closed_at__isnull=False)
    to_hire = _duration_stats(hired, "status", seconds_between("closed_at", "created_at"))
    to_hire = to_hire.get("hired", {"n": 0, "median": None, "p90": None})
    entered = (
        StageChange.objects.filter(application_id=OuterRef("application_id"), at__lt=OuterRef("at"))
        .order_by("-at", "-pk")
        .values("at")[:1]
    )
    moves = StageChange.objects.filter(
        scope.lookups("application__"), from_stage__isnull=False
    ).exclude(from_stage=F("to_stage"))
    in_stage = _duration_stats(
        moves.annotate(entered=Subquery(entered)).filter(entered__isnull=False),
        "from_stage__kind",
        seconds_between("at", F("entered")),
    )
    return {"to_hire": to_hire, "in_stage": in_stage}


def applications_over_time(scope: Scope, period: str) -> list[tuple[datetime, int]]:
    if scope.tallied:
        return list(
            ApplicationTally.objects.filter(scope.tally_lookups())
            .annotate(period=Trunc("day", period))
            .order_by("period")
            .values_list("period")
            .annotate(n=Sum("applications"))
        )
    rows = (
        Application.objects.filter(scope.lookups())
        .annotate(period=Trunc("created_at", period))
        .order_by("period")
        .values_list("period")
        .annotate(n=Count("pk"))
    )
    return list(rows)


def _task_names() -> list[dict]:
    return list(
        Task.objects.order_by("template__name", "template_id", "position").values(
            "template_id", "template__name", "key", "title", "kind"
        )
    )


def task_keys() -> list[str]:
    return sorted(set(Task.objects.values_list("key", flat=True)))


def task_score(key: str):
    return Cast(KeyTextTransform("score", KeyTransform(key, "tasks")), FloatField())


def assessment_outcomes(scope: Scope) -> dict:
    """Complete results: pass counts per template and per task, the totals' histogram
    (10-point bins) and each rubric criterion's average level. Five queries."""
    tasks = _task_names()
    keys = sorted({t["key"] for t in tasks})
    results = Result.objects.filter(scope.lookups("attempt__application__"), complete=True)
    scored = results.annotate(**{f"s{n}": task_score(key) for n, key in enumerate(keys)})
    aggregates = {"n": Count("pk"), "passed": Count("pk", filter=Q(total__gte=F("pass_mark")))}
    for n in range(len(keys)):
        aggregates[f"n{n}"] = Count("pk", filter=Q(**{f"s{n}__isnull": False}))
        aggregates[f"p{n}"] = Count("pk", filter=Q(**{f"s{n}__gte": F("pass_mark")}))
    per_template = {
        row["attempt__template"]: row
        for row in scored.order_by().values("attempt__template").annotate(**aggregates)
    }
    histogram = defaultdict(dict)
    bins = (
        results.annotate(
            bin=Least(Floor(F("total") / Value(10)), Value(9), output_field=IntegerField())
        )
        .order_by()
        .values_list("attempt__template", "bin")
        .annotate(n=Count("pk"))
    )
    for template_id, bin_, n in bins:
        histogram[template_id][int(bin_)] = n
    criteria = list(
        Criterion.objects.order_by(
            "rubric__task__template_id", "rubric__task__position", "position"
        ).values("rubric__task__template_id", "rubric__task__key", "key", "name")
    )
    if scope.tallied:
        levels = [
            (t, task, c, total / n, n)
            for t, task, c, total, n in CriterionTally.objects.filter(scope.tally_lookups())
            .order_by()
            .values_list("template_id", "task_key", "criterion_key")
            .annotate(total=Sum("level_sum"), n=Sum("levels"))
        ]
    else:
        levels = (
            CriterionScore.objects.filter(
                scope.lookups("review__response__attempt__application__"),
                review__submitted_at__isnull=False,
                review__superseded_at__isnull=True,
            )
            .order_by()
            .values_list(
                "review__response__attempt__template_id",
                "review__response__task_key",
                "criterion_key",
            )
            .annotate(average=Avg("level"), n=Count("pk"))
        )
    averages = {(t, task, c): (average, n) for t, task, c, average, n in levels}
    return {
        "tasks": tasks,
        "keys": keys,
        "per_template": per_template,
        "histogram": dict(histogram),
        "criteria": criteria,
        "averages": averages,
    }


def quiz_credits(scope: Scope) -> dict:
    """Per template with a quiz: its questions in order, and the credit each of the latest
    ``ITEM_SAMPLE`` scored quizzes in scope earned on each (with how many there are in all).
    Three queries."""
    questions = defaultdict(list)
    for row in (
        Question.objects.filter(task__kind=TaskKind.SITUATIONAL_QUIZ)
        .order_by("task__template__name", "task__template_id", "position")
        .values("task__template_id", "task__template__name", "key", "scenario", "competency")
        .annotate(best=Max("options__credit"))
    ):
        questions[row["task__template_id"]].append(row)
    quizzes = AutoScore.objects.filter(
        scope.lookups("attempt__application__"), kind=TaskKind.SITUATIONAL_QUIZ
    )
    latest = quizzes.order_by("-pk").values_list(
        "attempt__template_id", KeyTransform("per_question", "details")
    )[:ITEM_SAMPLE]
    credits = defaultdict(list)
    for template_id, per_question in latest:
        credits[template_id].append(per_question or {})
    totals = dict(quizzes.order_by().values_list("attempt__template_id").annotate(n=Count("pk")))
    return {"questions": dict(questions), "credits": dict(credits), "totals": totals}


def rater_levels(scope: Scope) -> dict:
    """The levels reviewers gave each criterion of the latest ``RATER_SAMPLE`` answers in
    scope that two reviewers or more have scored (current reviews only), with the names of
    criteria and reviewers. Three queries."""
    current = Q(reviews__submitted_at__isnull=False, reviews__superseded_at__isnull=True)
    sample = (
        TaskResponse.objects.filter(scope.lookups("attempt__application__"))
        .annotate(reviewed=Count("reviews", filter=current))
        .filter(reviewed__gte=2)
        .order_by("-pk")
        .values("pk")[:RATER_SAMPLE]
    )
    rows = list(
        CriterionScore.objects.filter(
            review__response__in=sample,
            review__submitted_at__isnull=False,
            review__superseded_at__isnull=True,
        )
        .order_by("review__response_id", "review_id")
        .values_list(
            "review__response__attempt__template_id",
            "review__response__task_key",
            "criterion_key",
            "review__response_id",
            "review__reviewer_id",
            "level",
            "review__reviewer__first_name",
            "review__reviewer__last_name",
            "review__reviewer__username",
        )
    )
    criteria = {
        (r["rubric__task__template_id"], r["rubric__task__key"], r["key"]): (
            r["rubric__task__template__name"],
            r["rubric__task__title"],
            r["name"],
        )
        for r in Criterion.objects.values(
            "rubric__task__template_id",
            "rubric__task__key",
            "key",
            "name",
            "rubric__task__template__name",
            "rubric__task__title",
        )
    }
    return {"rows": rows, "criteria": criteria}


def self_identified_stage_counts(scope: Scope) -> dict[tuple, int]:
    """Self-identified applications by (stage kind, status, gender, ethnicity, veteran,
    disability): counts only, never a person. One query."""
    if scope.tallied:
        rows = (
            ApplicationTally.objects.filter(scope.tally_lookups())
            .exclude(gender="", ethnicity="", veteran="", disability="")
            .order_by()
            .values_list("stage_kind", "status", *SELF_ID_FIELDS)
            .annotate(n=Sum("applications"))
        )
        return {tuple(row[:-1]): row[-1] for row in rows}
    rows = (
        SelfIdentification.objects.filter(scope.lookups("application__"))
        .order_by()
        .values_list("application__stage__kind", "application__status", *SELF_ID_FIELDS)
        .annotate(n=Count("pk"))
    )
    return {tuple(row[:-1]): row[-1] for row in rows}


def self_identified_task_counts(scope: Scope) -> dict:
    """Complete results of self-identified applicants: per template, task and group
    answers, how many took each task and how many reached the pass mark on it. Two
    queries."""
    tasks = _task_names()
    if scope.tallied:
        rows = (
            TaskPassTally.objects.filter(scope.tally_lookups())
            .order_by()
            .values_list("template_id", "task_key", *SELF_ID_FIELDS)
            .annotate(passed=Sum("passed"), taken=Sum("taken"))
        )
        return {"tasks": tasks, "counts": {tuple(r[:-2]): (r[-2], r[-1]) for r in rows}}
    keys = sorted({t["key"] for t in tasks})
    prefix = "attempt__application__self_identification__"
    results = Result.objects.filter(
        scope.lookups("attempt__application__"),
        complete=True,
        attempt__application__self_identification__isnull=False,
    ).annotate(**{f"s{n}": task_score(key) for n, key in enumerate(keys)})
    aggregates = {}
    for n in range(len(keys)):
        aggregates[f"n{n}"] = Count("pk", filter=Q(**{f"s{n}__isnull": False}))
        aggregates[f"p{n}"] = Count("pk", filter=Q(**{f"s{n}__gte": F("pass_mark")}))
    rows = (
        results.order_by()
        .values_list("attempt__template_id", *(prefix + f for f in SELF_ID_FIELDS))
        .annotate(**aggregates)
    )
    counts = {}
    for row in rows:
        template_id, groups, numbers = row[0], tuple(row[1:5]), row[5:]
        for n, key in enumerate(keys):
            taken, passed = numbers[2 * n], numbers[2 * n + 1]
            if taken:
                counts[(template_id, key, *groups)] = (passed, taken)
    return {"tasks": tasks, "counts": counts}
