"""Reads of assessments that pages share. Every one runs a fixed number of queries."""

import functools
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Prefetch, QuerySet
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


@functools.lru_cache(maxsize=128)
def _revision_tasks(revision_id: int, published_at: datetime) -> dict[str, dict]:
    snapshot = TemplateRevision.objects.values_list("snapshot", flat=True).get(pk=revision_id)
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
    """The newest attempt of each application, for the pipeline cards (one query)."""
    latest: dict[int, Attempt] = {}
    rows = (
        Attempt.objects.filter(application_id__in=application_ids)
        .only("id", "application_id", "status", "expires_at", "submitted_at", "scored_at")
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
