"""Reads of assessments that pages share. Every one runs a fixed number of queries."""

import functools
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from applicants.models import Application, Candidate
from applicants.selectors import applications_visible_to

from . import answers as answer_rules
from . import timing
from .models import (
    AccommodationRequest,
    AssessmentTemplate,
    Attempt,
    AttemptStatus,
    CallTurn,
    Criterion,
    Question,
    Task,
    TaskKind,
    TaskResponse,
    TemplateRevision,
    TurnRecording,
)


def template_for_editing(pk: int) -> AssessmentTemplate:
    """A template with every row its snapshot reads, in one query per table."""
    return (
        AssessmentTemplate.objects.select_related("current_revision")
        .prefetch_related(
            Prefetch(
                "tasks",
                queryset=Task.objects.select_related("rubric").prefetch_related(
                    Prefetch("turns", queryset=CallTurn.objects.prefetch_related("branches")),
                    "ticket_entries",
                    "parts",
                    Prefetch("questions", queryset=Question.objects.prefetch_related("options")),
                    Prefetch(
                        "rubric__criteria", queryset=Criterion.objects.prefetch_related("levels")
                    ),
                    "calibration_samples",
                ),
            )
        )
        .get(pk=pk)
    )


# --- the candidate's side -------------------------------------------------------------------


def attempts_for_candidate(candidate: Candidate) -> QuerySet[Attempt]:
    return Attempt.objects.filter(application__candidate=candidate)


def attempt_for_candidate(candidate: Candidate, pk: int) -> Attempt | None:
    return (
        attempts_for_candidate(candidate)
        .select_related("revision", "application__revision", "application__role")
        .filter(pk=pk)
        .first()
    )


def response_for_candidate(candidate: Candidate, attempt_pk: int, task_key: str):
    """The response with its attempt and revision (a task page, a submission, a recording):
    one query. A save uses ``response_to_save``."""
    return (
        TaskResponse.objects.filter(
            attempt__application__candidate=candidate, attempt_id=attempt_pk, task_key=task_key
        )
        .select_related("attempt__revision")
        .first()
    )


def response_to_save(candidate: Candidate, attempt_pk: int, task_key: str):
    """The response a save is for, or None if it is not this candidate's: the row alone.

    The save reads the row again under its lock, with the attempt; reading the template
    revision here too would fetch and decode its whole snapshot (80 KB for the shipped
    assessments) on every save, and the answers the save replaces are not needed either.
    """
    return (
        TaskResponse.objects.filter(
            attempt__application__candidate=candidate, attempt_id=attempt_pk, task_key=task_key
        )
        .defer("answers", "option_order", "answered_at")
        .first()
    )


def revision_task(revision: TemplateRevision, task_key: str) -> dict | None:
    """One task of a template revision as published, read once per process and revision.

    A revision is a record of what was published and never changes (``TemplateRevision``
    refuses a second save), so its tasks can be kept; fetching and decoding the whole
    snapshot on every autosave was a fifth of the save's CPU. The key holds the publication
    time besides the id, so an id that a rolled-back test hands out again never finds
    another revision's tasks. Callers must not change the dict they get.
    """
    return _revision_tasks(revision.pk, revision.published_at).get(task_key)


def revision_snapshot(revision: TemplateRevision) -> dict:
    """A template revision's whole snapshot, read and decoded once per process and revision.

    For hot paths (scoring reads it once per attempt; decoding the 80 KB document was most of
    a quiz's scoring time): load the revision with ``defer("snapshot")`` and ask here. The
    same rules as ``revision_task``: the dict is shared, never change it.
    """
    return _revision_snapshot(revision.pk, revision.published_at)


@functools.lru_cache(maxsize=128)
def _revision_snapshot(revision_id: int, published_at: datetime) -> dict:
    return TemplateRevision.objects.values_list("snapshot", flat=True).get(pk=revision_id)


@functools.lru_cache(maxsize=128)
def _revision_tasks(revision_id: int, published_at: datetime) -> dict[str, dict]:
    snapshot = _revision_snapshot(revision_id, published_at)
    return {task["key"]: task for task in snapshot["tasks"]}


@dataclass
class TaskState:
    """One task of an attempt as its overview shows it."""

    task: dict
    response: TaskResponse | None
    now: datetime

    @property
    def key(self) -> str:
        return self.task["key"]

    @property
    def started(self) -> bool:
        return self.response is not None

    @property
    def submitted(self) -> bool:
        return self.response is not None and self.response.submitted_at is not None

    @property
    def seconds_left(self) -> int:
        if self.response is None or self.submitted:
            return 0
        return timing.seconds_left(self.now, self.response.deadline)

    @property
    def label(self) -> str:
        if self.response is None:
            return "Not started"
        if self.submitted:
            return "Time ran out: submitted" if self.response.auto_submitted else "Submitted"
        return f"In progress: {timing.time_left_label(self.seconds_left)}"


@dataclass
class AttemptOverview:
    attempt: Attempt
    tasks: list[TaskState] = field(default_factory=list)

    @property
    def under_way(self) -> TaskState | None:
        return next((t for t in self.tasks if t.started and not t.submitted), None)

    @property
    def can_submit(self) -> bool:
        return (
            self.attempt.is_open
            and any(t.submitted for t in self.tasks)
            and self.under_way is None
            and not all(t.submitted for t in self.tasks)
        )


def attempt_overview(attempt: Attempt, *, now: datetime | None = None) -> AttemptOverview:
    now = now or timezone.now()
    responses = {r.task_key: r for r in TaskResponse.objects.filter(attempt=attempt)}
    return AttemptOverview(
        attempt=attempt,
        tasks=[
            TaskState(task, responses.get(task["key"]), now)
            for task in attempt.revision.snapshot["tasks"]
        ],
    )


def portal_attempts(candidate: Candidate) -> list[AttemptOverview]:
    """The candidate's assessments, newest first, with each task's state (two queries)."""
    now = timezone.now()
    attempts = list(
        attempts_for_candidate(candidate)
        .exclude(status=AttemptStatus.CANCELLED)
        .select_related("revision", "application__revision")
        .prefetch_related("responses")
        .order_by("-invited_at", "-pk")
    )
    overviews = []
    for attempt in attempts:
        responses = {r.task_key: r for r in attempt.responses.all()}
        overviews.append(
            AttemptOverview(
                attempt=attempt,
                tasks=[
                    TaskState(task, responses.get(task["key"]), now)
                    for task in attempt.revision.snapshot["tasks"]
                ],
            )
        )
    return overviews


# --- what a task page shows the candidate ---------------------------------------------------


def quiz_questions(task: dict, response: TaskResponse, secret: str) -> list[dict]:
    """The questions with options in this attempt's order and ids; never a credit."""
    chosen = response.answers.get("choices", {})
    questions = []
    for number, question in enumerate(task["questions"], 1):
        by_key = {option["key"]: option for option in question["options"]}
        order = response.option_order.get(question["key"]) or list(by_key)
        questions.append(
            {
                "number": number,
                "key": question["key"],
                "scenario": question["scenario"],
                "prompt": question["prompt"],
                "options": [
                    {
                        "id": timing.public_option_id(secret, question["key"], key),
                        "text": by_key[key]["text"],
                        "chosen": chosen.get(question["key"]) == key,
                    }
                    for key in order
                    if key in by_key
                ],
            }
        )
    return questions


def visible_turns(task: dict, response: TaskResponse, recorded: set[str]) -> list[dict]:
    """The customer's turns the candidate has reached: those answered, and the next one.

    The script is never sent ahead: a turn appears once the one before it is answered (by
    text or a recording), so the candidate meets the customer as on a real call.
    """
    answers = response.answers.get("turns", {})
    choices = response.answers.get("choices", {})
    turns = {turn["key"]: turn for turn in task["call"]["turns"]}
    shown = []
    for key in answer_rules.call_path(task["call"], choices):
        turn = turns[key]
        answered = bool(answers.get(key, "").strip()) or key in recorded
        shown.append(
            {
                "key": key,
                "text": turn["text"],
                "answer": answers.get(key, ""),
                "recorded": key in recorded,
                "branches": turn["branches"],
                "choice": choices.get(key, ""),
                "answered": answered and (not turn["branches"] or key in choices),
            }
        )
        if not shown[-1]["answered"]:
            break
    return shown


def recorded_turns(response: TaskResponse) -> set[str]:
    return set(TurnRecording.objects.filter(response=response).values_list("turn_key", flat=True))


# --- the staff side -------------------------------------------------------------------------


def attempts_visible_to(user) -> QuerySet[Attempt]:
    return Attempt.objects.filter(application__in=applications_visible_to(user))


def attempts_for_application(application: Application) -> list[Attempt]:
    """The application's attempts, with what the application page lists (three queries)."""
    return list(
        Attempt.objects.filter(application=application)
        .select_related("revision", "invited_by")
        .prefetch_related(
            Prefetch(
                "responses",
                queryset=TaskResponse.objects.annotate(
                    recording_count=Count("recordings", distinct=True),
                    event_count=Count("events", distinct=True),
                ).order_by("started_at"),
            ),
            Prefetch(
                "accommodation_requests",
                queryset=AccommodationRequest.objects.order_by("created_at"),
            ),
        )
        .order_by("-invited_at", "-pk")
    )


def attempt_for_staff(user, pk: int) -> Attempt | None:
    return (
        attempts_visible_to(user)
        .select_related("revision", "application__candidate", "application__role",
                        "application__revision")
        .filter(pk=pk)
        .first()
    )  # fmt: skip


def attempt_states_for_cards(application_ids: list[int]) -> dict[int, Attempt]:
    """The newest attempt of each application with its result, for the pipeline cards (one
    query)."""
    latest: dict[int, Attempt] = {}
    rows = (
        Attempt.objects.filter(application_id__in=application_ids)
        .select_related("result")
        .only(
            "id",
            "application_id",
            "status",
            "expires_at",
            "submitted_at",
            "scored_at",
            "result__total",
            "result__complete",
        )
        .order_by("application_id", "-invited_at", "-pk")
    )
    for attempt in rows:
        latest.setdefault(attempt.application_id, attempt)
    return latest


TASK_KIND_ICONS = {
    TaskKind.MOCK_CALL: "bi-telephone",
    TaskKind.WRITTEN_ESCALATION: "bi-envelope-paper",
    TaskKind.SITUATIONAL_QUIZ: "bi-ui-checks",
}


# --- reviewing ------------------------------------------------------------------------------


def open_reviews(user) -> QuerySet:
    from .models import Review

    return (
        Review.objects.filter(reviewer=user, submitted_at__isnull=True, superseded_at__isnull=True)
        .select_related("response__attempt__revision", "response__attempt__application__revision")
        .order_by("assigned_at", "pk")
    )


def recent_reviews(user, limit: int = 20) -> list:
    from .models import Review

    return list(
        Review.objects.filter(reviewer=user, submitted_at__isnull=False, superseded_at__isnull=True)
        .select_related("response__attempt__revision", "response__attempt__application__revision")
        .order_by("-submitted_at", "-pk")[:limit]
    )


def calibrated_rubrics(user) -> set[tuple[int, str]]:
    from .models import CalibrationRecord

    return set(
        CalibrationRecord.objects.filter(reviewer=user).values_list("template_id", "task_key")
    )


def review_for_reviewer(user, pk: int):
    """A review assigned to this user (submitted or not), with what its page reads."""
    from .models import Review

    return (
        Review.objects.filter(reviewer=user, pk=pk)
        .select_related(
            "response__attempt__revision",
            "response__attempt__application__revision",
            "response__attempt__application__candidate",
        )
        .first()
    )


def evidence_rows(auto) -> list[dict]:
    """The machine's advisory checks as rows: what, found or not, and the words that matched."""
    if auto is None:
        return []
    details = auto.details
    groups = []
    if "handoff" in details:
        groups = [("Hand-off", details["handoff"]["checks"]), ("Reply", details["reply"]["checks"])]
    elif "checks" in details:
        groups = [("Call", details["checks"])]
    rows = []
    for where, checks in groups:
        for check in checks:
            rows.append(
                {
                    "where": where,
                    "label": check["label"],
                    "passed": check["passed"],
                    "detail": check["detail"],
                    "flag": check.get("flag"),
                    "quotes": [span["text"] for span in check.get("spans", [])][:5],
                }
            )
    return rows


def response_view(response: TaskResponse, task: dict) -> dict:
    """What any page that shows one answer needs: turns, parts or choices, and recordings."""
    answers = response.answers or {}
    view = {"task": task, "response": response}
    if task["kind"] == TaskKind.MOCK_CALL:
        recordings = {r.turn_key: r for r in response.recordings.all()}
        turns = {t["key"]: t for t in task["call"]["turns"]}
        labels = {b["next"]: b["label"] for t in task["call"]["turns"] for b in t["branches"]}
        choices = answers.get("choices", {})
        view["turns"] = [
            {
                "key": key,
                "text": turns[key]["text"],
                "answer": answers.get("turns", {}).get(key, ""),
                "recording": recordings.get(key),
                "choice": labels.get(choices.get(key, ""), ""),
            }
            for key in answer_rules.call_path(task["call"], choices)
        ]
    elif task["kind"] == TaskKind.WRITTEN_ESCALATION:
        view["parts"] = [
            {
                **part,
                "text": answers.get(part["key"], ""),
                "words": answer_rules.word_count(answers.get(part["key"], "")),
            }
            for part in task["parts"]
        ]
    return view


def other_reviews(review) -> list:
    """Everyone else's current, submitted reviews of the same answer. Only ever called once
    the reviewer's own review is submitted (the views check), so nothing leaks before."""
    from .models import Review

    if review.submitted_at is None:
        return []
    return list(
        Review.objects.filter(
            response_id=review.response_id, submitted_at__isnull=False, superseded_at__isnull=True
        )
        .exclude(reviewer=review.reviewer)
        .select_related("reviewer")
        .prefetch_related("scores")
    )


# --- rater agreement ------------------------------------------------------------------------

MIN_PAIR_RESPONSES = 5  # a kappa between two reviewers on fewer answers says little


def agreement_report() -> list[dict]:
    """Per rubric and criterion: ICC(1) with its 95% interval read by Koo and Li, the
    quadratic-weighted kappa of each pair of reviewers, and each reviewer's leniency; plus
    each reviewer's latest calibration. Four queries, then arithmetic."""
    import math
    from collections import defaultdict
    from itertools import combinations

    from django.contrib.auth import get_user_model

    from . import statistics
    from .models import CalibrationRecord, CriterionScore

    scores = (
        CriterionScore.objects.filter(
            review__submitted_at__isnull=False, review__superseded_at__isnull=True
        )
        .values_list(
            "review__response__attempt__template_id",
            "review__response__task_key",
            "criterion_key",
            "review__response_id",
            "review__reviewer_id",
            "level",
        )
        .order_by("review__submitted_at", "review_id")
    )
    grid: dict = defaultdict(lambda: defaultdict(dict))
    for template_id, task_key, criterion, response_id, reviewer_id, level in scores:
        grid[(template_id, task_key, criterion)][response_id][reviewer_id] = level
    templates = {t.pk: t for t in AssessmentTemplate.objects.select_related("current_revision")}
    names = {
        u.pk: u.get_full_name() or u.username
        for u in get_user_model().objects.filter(reviews__isnull=False).distinct()
    }
    calibrations = defaultdict(dict)
    for record in CalibrationRecord.objects.order_by("completed_at", "pk"):
        calibrations[(record.template_id, record.task_key)][record.reviewer_id] = record
    rubrics: dict = {}
    for (template_id, task_key, criterion_key), by_response in sorted(grid.items()):
        template = templates.get(template_id)
        task = template.current_revision.task(task_key) if template else None
        criteria = {c["key"]: c["name"] for c in (task or {}).get("rubric", {}).get("criteria", [])}
        rubric = rubrics.setdefault(
            (template_id, task_key),
            {
                "template": template.name if template else template_id,
                "task": task["title"] if task else task_key,
                "criteria": [],
                "calibration": [
                    {
                        "reviewer": names.get(r, r),
                        "agreement": rec.agreement,
                        "exact_share": rec.exact_share,
                        "at": rec.completed_at,
                    }
                    for r, rec in calibrations[(template_id, task_key)].items()
                ],
            },
        )
        pairs = [list(levels.values())[:2] for levels in by_response.values() if len(levels) >= 2]
        row = {"name": criteria.get(criterion_key, criterion_key), "responses": len(pairs)}
        if len(pairs) >= 2:
            icc = statistics.intraclass_correlation(pairs)["ICC1"]
            low, high = statistics.icc_confidence_interval(pairs, "ICC1")
            row.update(
                icc=None if math.isnan(icc) else round(icc, 2),
                low=None if math.isnan(low) else round(low, 2),
                high=None if math.isnan(high) else round(high, 2),
                reading=statistics.icc_agreement_label(low),
            )
        reviewers = sorted({r for levels in by_response.values() for r in levels})
        row["pairs"] = []
        for a, b in combinations(reviewers, 2):
            both = [(lv[a], lv[b]) for lv in by_response.values() if a in lv and b in lv]
            if len(both) >= MIN_PAIR_RESPONSES:
                kappa = statistics.cohens_kappa(
                    [x for x, _ in both], [y for _, y in both], weights="quadratic"
                )
                row["pairs"].append(
                    {"a": names.get(a, a), "b": names.get(b, b), "n": len(both),
                     "kappa": None if math.isnan(kappa) else round(kappa, 2)}
                )  # fmt: skip
        matrix = [[levels.get(r) for r in reviewers] for levels in by_response.values()]
        lean = statistics.leniency(matrix) if len(reviewers) >= 2 else [None] * len(reviewers)
        row["leniency"] = [
            {"reviewer": names.get(r, r), "difference": None if d is None else round(d, 2)}
            for r, d in zip(reviewers, lean, strict=True)
        ]
        rubric["criteria"].append(row)
    return list(rubrics.values())


# --- the scorecard --------------------------------------------------------------------------


def scorecard(attempt: Attempt) -> dict | None:
    """Everything the hiring manager reads about one scored attempt, in a fixed number of
    queries: per task the score, per criterion the level with its anchor, every reviewer's
    level and comment, the disagreements, the machine's evidence and the integrity signals."""
    from .models import AutoScore, Result, Review
    from .services.results import criterion_levels

    result = Result.objects.filter(attempt=attempt).first()
    if result is None:
        return None
    responses = {
        r.task_key: r
        for r in TaskResponse.objects.filter(attempt=attempt).prefetch_related(
            Prefetch(
                "reviews",
                queryset=Review.objects.select_related("reviewer").prefetch_related("scores"),
            ),
            "settlements",
            "events",
        )
    }
    autos = {a.task_key: a for a in AutoScore.objects.filter(attempt=attempt)}
    tasks = []
    for task in attempt.revision.snapshot["tasks"]:
        response = responses.get(task["key"])
        entry = {
            "task": task,
            "response": response,
            "numbers": result.tasks.get(task["key"], {}),
            "evidence": evidence_rows(autos.get(task["key"])),
            "events": list(response.events.all()) if response else [],
        }
        if task.get("rubric") and response is not None:
            entry["criteria"] = _criteria_rows(task["rubric"], response, criterion_levels(response))
            entry["reviews"] = [
                r for r in response.reviews.all() if r.submitted_at and not r.superseded_at
            ]
        if task["kind"] == TaskKind.SITUATIONAL_QUIZ and task["key"] in autos:
            entry["competencies"] = autos[task["key"]].details.get("per_competency", {})
        tasks.append(entry)
    return {"result": result, "tasks": tasks}


def _criteria_rows(rubric: dict, response: TaskResponse, levels: dict) -> list[dict]:
    comments: dict[str, list] = {}
    for review in response.reviews.all():
        if review.submitted_at is None or review.superseded_at is not None:
            continue
        for score in review.scores.all():
            comments.setdefault(score.criterion_key, []).append(
                {"reviewer": review.reviewer, "level": score.level, "comment": score.comment}
            )
    rows = []
    for criterion in rubric["criteria"]:
        found = levels.get(criterion["key"])
        level = found["level"] if found else None
        rounded = None if level is None else max(1, min(5, int(level + 0.5)))
        rows.append(
            {
                "criterion": criterion,
                "level": level,
                "anchor": criterion["levels"][str(rounded)]["anchor"] if rounded else "",
                "by_reviewer": comments.get(criterion["key"], []),
                "disagree": bool(found and found["disagree"]),
                "unsettled": bool(found and found["unsettled"]),
                "settlement": found["settlement"] if found else None,
            }
        )
    return rows


def latest_scored_attempt(application: Application) -> Attempt | None:
    return (
        Attempt.objects.filter(application=application, result__isnull=False)
        .select_related("revision")
        .order_by("-submitted_at", "-pk")
        .first()
    )


def results_for_role(role, *, limit: int = 200) -> list:
    """The role's scored attempts, the newest per application, best total first."""
    from .models import Result

    latest = {}
    rows = (
        Result.objects.filter(attempt__application__role=role)
        .select_related("attempt__application__candidate", "attempt__application__stage")
        .order_by("attempt__application_id", "-attempt__submitted_at", "-pk")
    )
    for result in rows:
        latest.setdefault(result.attempt.application_id, result)
    return sorted(latest.values(), key=lambda r: (-r.total, r.pk))[:limit]


def awaiting_decision(user) -> QuerySet:
    """Active applications of the roles this user decides on, at the Review or Interview
    stage, with no final decision taken at that stage yet."""
    from applicants.models import StageKind

    from .models import Decision

    decided_here = Decision.objects.filter(
        application=OuterRef("pk"),
        stage=OuterRef("stage"),
        outcome__in=["advance", "reject"],
    )
    return (
        applications_visible_to(user)
        .filter(status="active", stage__kind__in=[StageKind.REVIEW, StageKind.INTERVIEW])
        .exclude(Exists(decided_here))
    )
