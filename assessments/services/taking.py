"""Taking an assessment: starting a task, saving answers, recordings, submitting.

The server's clock decides everything. A task's deadline is fixed when the candidate starts
it (time limit x the attempt's time factor); a save at or after it is refused, and what was
saved before it is submitted by the server, on the next request that touches the attempt
(``settle``) or by the minute job (``deadlines.sweep``), whichever comes first. A save
carries the whole answer of one task, so a later save replaces an earlier one whole and two
tabs can never leave a mixture of both.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from csa_portal.handoff import request_task

from .. import answers as answer_rules
from .. import timing
from ..audio import check_recording
from ..models import (
    OPEN_ATTEMPT_STATUSES,
    Attempt,
    AttemptStatus,
    IntegrityEvent,
    IntegrityEventKind,
    TaskKind,
    TaskResponse,
    TurnRecording,
)
from ..selectors import revision_task

MAX_EVENTS_PER_SAVE = 20
MAX_EVENTS_PER_RESPONSE = 300


class AttemptClosed(Exception):
    """The attempt is submitted, expired or cancelled; nothing more can change in it."""


class TaskClosed(Exception):
    """The task is submitted, or its time is up; the message says which."""


class TaskNotStarted(Exception):
    """A save or recording for a task the candidate has not started."""


# --- the clock ------------------------------------------------------------------------------


@transaction.atomic
def settle(attempt: Attempt, *, now: datetime | None = None) -> Attempt:
    """Submit what is overdue: tasks past their deadline, and the attempt when it is done.

    Runs at the start of every candidate request on the attempt and in the minute job, so a
    candidate who closed the tab loses nothing and gains no time. Returns ``attempt`` itself
    when nothing changed, or the attempt read again when something did.
    """
    now = now or timezone.now()
    overdue = list(
        TaskResponse.objects.select_for_update().filter(
            attempt=attempt, submitted_at__isnull=True, deadline__lte=now
        )
    )
    for response in overdue:
        _submit_response(response, at=response.deadline, auto=True)
    closing = attempt.status in OPEN_ATTEMPT_STATUSES and attempt.expires_at <= now
    if not overdue and not closing:
        return attempt
    return finish_if_done(attempt, now=now)


def finish_if_done(attempt: Attempt, *, now: datetime | None = None) -> Attempt:
    """Submit the attempt when every task is submitted, or it has expired with none under way."""
    now = now or timezone.now()
    attempt = Attempt.objects.select_for_update().select_related("revision").get(pk=attempt.pk)
    if attempt.status not in OPEN_ATTEMPT_STATUSES:
        return attempt
    responses = list(TaskResponse.objects.filter(attempt=attempt).only("submitted_at"))
    under_way = any(r.submitted_at is None for r in responses)
    every_task_done = len(responses) == len(attempt.revision.snapshot["tasks"]) and not under_way
    expired = attempt.expires_at <= now and not under_way
    if every_task_done or (expired and responses):
        _submit_attempt(attempt, now=now)
    elif expired:
        attempt.status = AttemptStatus.EXPIRED
        attempt.closed_reason = "The invitation closed before any task was started."
        attempt.save(update_fields=["status", "closed_reason", "updated_at"])
    return attempt


def _submit_attempt(attempt: Attempt, *, now: datetime) -> None:
    from ..tasks import score_attempt

    attempt.status = AttemptStatus.SUBMITTED
    attempt.submitted_at = now
    attempt.scoring_requested_at = now
    attempt.save(update_fields=["status", "submitted_at", "scoring_requested_at", "updated_at"])
    attempt_id = attempt.pk
    # A down broker delays scoring: the minute job finds the unscored attempt again.
    transaction.on_commit(lambda: request_task(score_attempt, attempt_id))


def _submit_response(response: TaskResponse, *, at: datetime, auto: bool) -> bool:
    """Mark one response submitted, once: True if this call did it."""
    updated = TaskResponse.objects.filter(pk=response.pk, submitted_at__isnull=True).update(
        submitted_at=at, auto_submitted=auto
    )
    return bool(updated)


# --- a task ---------------------------------------------------------------------------------


@transaction.atomic
def start_task(*, attempt: Attempt, task_key: str) -> TaskResponse:
    """Start the clock of one task (a second start returns the same response)."""
    now = timezone.now()
    attempt = settle(attempt, now=now)
    existing = TaskResponse.objects.filter(attempt=attempt, task_key=task_key).first()
    if existing is not None:
        return existing
    if attempt.status not in OPEN_ATTEMPT_STATUSES:
        raise AttemptClosed("This assessment is closed, so no new task can start.")
    if attempt.expires_at <= now:
        raise AttemptClosed("This invitation has closed, so no new task can start.")
    task = attempt.revision.task(task_key)
    if task is None:
        raise LookupError(task_key)
    response = TaskResponse(
        attempt=attempt,
        task_key=task_key,
        kind=task["kind"],
        started_at=now,
        deadline=timing.deadline(now, task["time_limit_minutes"], attempt.time_factor),
    )
    if task["kind"] == TaskKind.SITUATIONAL_QUIZ:
        response.option_order = {
            question["key"]: timing.shuffled(
                [option["key"] for option in question["options"]],
                seed=f"{attempt.pk}:{secrets.token_hex(8)}:{question['key']}",
            )
            for question in task["questions"]
        }
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:  # started in another tab at the same moment
        return TaskResponse.objects.get(attempt=attempt, task_key=task_key)
    if attempt.status == AttemptStatus.INVITED:
        attempt.status = AttemptStatus.IN_PROGRESS
        attempt.started_at = now
        attempt.save(update_fields=["status", "started_at", "updated_at"])
    return response


@dataclass(frozen=True)
class SaveOutcome:
    response: TaskResponse
    stored: bool  # False when an older save arrived after a newer one and was ignored


def option_secret(attempt: Attempt) -> str:
    """The key that turns option keys into the ids the browser sees, per attempt."""
    return f"{settings.SECRET_KEY}:attempt:{attempt.pk}:{attempt.invited_at.isoformat()}"


def save_answers(
    *, response: TaskResponse, payload: dict, tab: str, seq: int, events=()
) -> SaveOutcome:
    """Store the task's whole answer if the task is open and this save is the newest.

    ``tab`` names the browser tab and ``seq`` counts its saves: a save from the same tab
    with a number not above the last one stored arrived late and is ignored. Saves from
    another tab simply come later. The browser's own times are never read.
    """
    now = timezone.now()
    with transaction.atomic():
        response = (
            TaskResponse.objects.select_for_update(of=("self",))
            .select_related("attempt__revision")
            .defer("attempt__revision__snapshot")  # the task comes from selectors.revision_task
            .get(pk=response.pk)
        )
        attempt = response.attempt
        late = _check_open(response, attempt, now=now)
        if not late:
            return _store(response, attempt, payload, tab=tab, seq=seq, events=events, now=now)
    # Outside the block, so the submission at the deadline above is committed.
    raise TaskClosed(TIME_UP)


TIME_UP = (
    "Time is up for this task, so this change was not saved. Everything you saved before "
    "the time ran out is kept and has been submitted."
)


def _store(response, attempt, payload, *, tab, seq, events, now) -> SaveOutcome:
    task = revision_task(attempt.revision, response.task_key)
    cleaned = clean_payload(attempt, task, payload)
    if tab == response.save_tab and seq <= response.save_seq:
        return SaveOutcome(response, stored=False)
    fields = ["answers", "autosaved_at", "save_tab", "save_seq"]
    if response.kind == TaskKind.SITUATIONAL_QUIZ:
        first_seen = {key: now.isoformat() for key in cleaned if key not in response.answered_at}
        if first_seen:
            response.answered_at = {**response.answered_at, **first_seen}
            fields.append("answered_at")
        cleaned = {"choices": cleaned}
    response.answers = cleaned
    response.autosaved_at = now
    response.save_tab, response.save_seq = tab[:40], seq
    response.save(update_fields=fields)
    record_events(response, events, now=now)
    return SaveOutcome(response, stored=True)


def clean_payload(attempt: Attempt, task: dict, payload: dict):
    if task["kind"] == TaskKind.WRITTEN_ESCALATION:
        return answer_rules.clean_written(task, payload)
    if task["kind"] == TaskKind.MOCK_CALL:
        return answer_rules.clean_call(task, payload)
    options = {q["key"]: [o["key"] for o in q["options"]] for q in task["questions"]}
    secret = option_secret(attempt)
    return answer_rules.clean_quiz(
        task,
        payload,
        option_key=lambda question, public_id: timing.option_for_public_id(
            secret, question, options.get(question, ()), public_id
        ),
    )


def _check_open(response: TaskResponse, attempt: Attempt, *, now: datetime) -> bool:
    """Raise if the task cannot change; True if its time is up (it is then submitted)."""
    if attempt.status not in OPEN_ATTEMPT_STATUSES:
        raise AttemptClosed("This assessment is closed, so nothing more can be saved.")
    if response.submitted_at is not None:
        raise TaskClosed("This task is already submitted, so it can no longer change.")
    if timing.is_late(now, response.deadline):
        _submit_response(response, at=response.deadline, auto=True)
        finish_if_done(attempt, now=now)
        return True
    return False


def record_events(response: TaskResponse, events, *, now: datetime) -> None:
    """Advisory signals sent with a save (the page lost focus, text was pasted)."""
    kinds = set(IntegrityEventKind.values)
    rows = [
        IntegrityEvent(
            response=response,
            kind=event.get("kind"),
            at=now,
            detail=str(event.get("detail", ""))[:100],
        )
        for event in list(events or [])[:MAX_EVENTS_PER_SAVE]
        if isinstance(event, dict) and event.get("kind") in kinds
    ]
    if not rows:
        return
    stored = IntegrityEvent.objects.filter(response=response).count()
    room = MAX_EVENTS_PER_RESPONSE - stored
    if room > 0:
        IntegrityEvent.objects.bulk_create(rows[:room])


@transaction.atomic
def submit_task(*, response: TaskResponse) -> TaskResponse:
    """The candidate submits a task. A second submit, or one after the deadline, changes
    nothing: the task was already submitted with what was saved."""
    now = timezone.now()
    response = TaskResponse.objects.select_for_update().get(pk=response.pk)
    if response.submitted_at is None:
        late = timing.is_late(now, response.deadline)
        _submit_response(response, at=response.deadline if late else now, auto=late)
    attempt = response.attempt
    finish_if_done(attempt, now=now)
    response.refresh_from_db()
    return response


@transaction.atomic
def submit_attempt(*, attempt: Attempt) -> Attempt:
    """The candidate is done, with tasks left untaken. A task under way must be submitted
    first, so nothing is cut short by a click."""
    now = timezone.now()
    attempt = settle(attempt, now=now)
    if attempt.status not in OPEN_ATTEMPT_STATUSES:
        return attempt
    responses = TaskResponse.objects.filter(attempt=attempt)
    if not responses.exists():
        raise TaskClosed("Start at least one task before you submit the assessment.")
    if responses.filter(submitted_at__isnull=True).exists():
        raise TaskClosed("Submit the task you are working on first.")
    attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
    _submit_attempt(attempt, now=now)
    return attempt


# --- recordings -----------------------------------------------------------------------------


def save_recording(
    *, response: TaskResponse, turn_key: str, data: bytes, content_type: str
) -> TurnRecording:
    """Store one turn's spoken answer (privately), replacing an earlier take of that turn."""
    now = timezone.now()
    with transaction.atomic():
        response = (
            TaskResponse.objects.select_for_update(of=("self",))
            .select_related("attempt__revision")
            .get(pk=response.pk)
        )
        attempt = response.attempt
        if not _check_open(response, attempt, now=now):
            return _store_recording(response, attempt, turn_key, data, content_type)
    raise TaskClosed(TIME_UP)


def _store_recording(response, attempt, turn_key, data, content_type) -> TurnRecording:
    if response.kind != TaskKind.MOCK_CALL:
        raise LookupError("only the call takes recordings")
    task = attempt.revision.task(response.task_key)
    path = answer_rules.call_path(task["call"], response.answers.get("choices", {}))
    if turn_key not in path:
        raise answer_rules.AnswerRejected("That part of the call has not been reached yet.")
    checked = check_recording(data, content_type, max_bytes=settings.ASSESSMENT_AUDIO_MAX_BYTES)
    previous = TurnRecording.objects.filter(response=response, turn_key=turn_key).first()
    recording = previous or TurnRecording(response=response, turn_key=turn_key)
    old_file = previous.audio.name if previous else None
    recording.audio.save(
        f"{secrets.token_hex(16)}{checked.extension}", ContentFile(data), save=False
    )
    recording.content_type = checked.content_type
    recording.size = checked.size
    recording.duration_ms = checked.duration_ms
    new_file = recording.audio.name
    storage = recording.audio.storage
    # The file is written before the row commits: delete it if the row rolls back, and the
    # replaced take once the new row is safe.
    transaction.on_commit(lambda: old_file and storage.delete(old_file))
    try:
        recording.save()
    except BaseException:
        storage.delete(new_file)
        raise
    return recording
