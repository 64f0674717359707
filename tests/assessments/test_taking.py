"""The server's clock: deadlines, saves, late saves, automatic submission, the attempt's end."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from assessments import services
from assessments.answers import AnswerRejected
from assessments.models import Attempt, AttemptStatus, IntegrityEvent, TaskResponse
from assessments.selectors import quiz_questions
from assessments.services import deadlines
from assessments.timing import public_option_id
from tests.assessments.factories import invited_attempt

pytestmark = pytest.mark.django_db

WRITTEN = "written_escalation"


def written(text: str) -> dict:
    return {"parts": {"handoff": text, "reply": ""}}


@pytest.fixture
def attempt():
    return invited_attempt()


@pytest.mark.parametrize(
    ("factor", "minutes"), [("1.00", 15), ("1.25", 18.75), ("1.50", 22.5), ("2.00", 30)]
)
def test_the_deadline_is_the_start_plus_the_limit_times_the_factor(attempt, factor, minutes):
    Attempt.objects.filter(pk=attempt.pk).update(time_factor=factor)
    attempt.refresh_from_db()
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        response = services.start_task(attempt=attempt, task_key=WRITTEN)
    assert response.started_at == start
    assert response.deadline - start == timedelta(minutes=minutes)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.IN_PROGRESS
    assert attempt.started_at == start


def test_starting_twice_keeps_the_first_start(attempt):
    first = services.start_task(attempt=attempt, task_key=WRITTEN)
    with time_machine.travel(timezone.now() + timedelta(minutes=3)):
        again = services.start_task(attempt=attempt, task_key=WRITTEN)
    assert again.pk == first.pk
    assert again.deadline == first.deadline


def test_a_save_before_the_deadline_is_kept(attempt):
    response = services.start_task(attempt=attempt, task_key=WRITTEN)
    outcome = services.save_answers(response=response, payload=written("First"), tab="a", seq=1)
    assert outcome.stored
    assert TaskResponse.objects.get(pk=response.pk).answers == {"handoff": "First", "reply": ""}


def test_a_save_after_the_deadline_is_refused_and_what_was_saved_is_submitted(attempt):
    response = services.start_task(attempt=attempt, task_key=WRITTEN)
    services.save_answers(response=response, payload=written("In time"), tab="a", seq=1)
    with (
        time_machine.travel(response.deadline + timedelta(seconds=1)),
        pytest.raises(services.TaskClosed, match="Time is up"),
    ):
        services.save_answers(response=response, payload=written("Late"), tab="a", seq=2)
    response.refresh_from_db()
    assert response.answers["handoff"] == "In time"
    assert response.submitted_at == response.deadline
    assert response.auto_submitted


def test_a_save_at_the_exact_deadline_is_late(attempt):
    response = services.start_task(attempt=attempt, task_key=WRITTEN)
    with time_machine.travel(response.deadline, tick=False), pytest.raises(services.TaskClosed):
        services.save_answers(response=response, payload=written("Late"), tab="a", seq=1)


def test_an_older_save_arriving_late_from_the_same_tab_is_ignored(attempt):
    response = services.start_task(attempt=attempt, task_key=WRITTEN)
    services.save_answers(response=response, payload=written("Newer"), tab="a", seq=5)
    outcome = services.save_answers(response=response, payload=written("Older"), tab="a", seq=4)
    assert not outcome.stored
    assert TaskResponse.objects.get(pk=response.pk).answers["handoff"] == "Newer"


def test_two_tabs_saving_the_later_save_wins_whole(attempt):
    response = services.start_task(attempt=attempt, task_key=WRITTEN)
    services.save_answers(
        response=response, payload={"parts": {"handoff": "A1", "reply": "A2"}}, tab="a", seq=9
    )
    services.save_answers(
        response=response, payload={"parts": {"handoff": "B1", "reply": ""}}, tab="b", seq=1
    )
    assert TaskResponse.objects.get(pk=response.pk).answers == {"handoff": "B1", "reply": ""}


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"parts": {"other": "x"}}, "part this task does not have"),
        ({"parts": {"handoff": "x" * 10_001}}, "too long to save"),
        ({"parts": {"handoff": 42}}, "must be text"),
        ({"parts": ["handoff"]}, "not in the expected form"),
    ],
)
def test_bad_saves_are_refused_and_nothing_changes(attempt, payload, message):
    response = services.start_task(attempt=attempt, task_key=WRITTEN)
    services.save_answers(response=response, payload=written("Kept"), tab="a", seq=1)
    with pytest.raises(AnswerRejected, match=message):
        services.save_answers(response=response, payload=payload, tab="a", seq=2)
    assert TaskResponse.objects.get(pk=response.pk).answers["handoff"] == "Kept"


def test_submitting_twice_is_harmless(attempt):
    response = services.start_task(attempt=attempt, task_key=WRITTEN)
    first = services.submit_task(response=response)
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        second = services.submit_task(response=response)
    assert second.submitted_at == first.submitted_at
    assert not second.auto_submitted
    with pytest.raises(services.TaskClosed, match="already submitted"):
        services.save_answers(response=response, payload=written("After"), tab="a", seq=9)


def test_a_submit_after_the_deadline_counts_as_submitted_at_the_deadline(attempt):
    response = services.start_task(attempt=attempt, task_key=WRITTEN)
    with time_machine.travel(response.deadline + timedelta(minutes=5)):
        submitted = services.submit_task(response=response)
    assert submitted.submitted_at == response.deadline
    assert submitted.auto_submitted


def test_settling_submits_overdue_tasks_and_the_attempt_once_every_task_is_done(
    attempt, django_capture_on_commit_callbacks
):
    responses = [services.start_task(attempt=attempt, task_key=key) for key in
                 ("mock_call", WRITTEN, "situational_quiz")]  # fmt: skip
    services.save_answers(response=responses[1], payload=written("Saved"), tab="a", seq=1)
    latest = max(r.deadline for r in responses)
    with (
        time_machine.travel(latest + timedelta(seconds=1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.settle(attempt)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED
    assert attempt.scored_at is not None  # the scoring task ran (eagerly) after commit
    assert all(r.auto_submitted for r in TaskResponse.objects.filter(attempt=attempt))
    assert TaskResponse.objects.get(pk=responses[1].pk).answers["handoff"] == "Saved"


def test_the_minute_job_finds_overdue_tasks_without_any_request(attempt):
    response = services.start_task(attempt=attempt, task_key=WRITTEN)
    with time_machine.travel(response.deadline + timedelta(seconds=30)):
        assert deadlines.due_attempt_ids() == [attempt.pk]
        assert deadlines.sweep() == 1
        assert deadlines.due_attempt_ids() == []
    assert TaskResponse.objects.get(pk=response.pk).submitted_at == response.deadline


def test_an_invitation_never_started_expires(attempt):
    with time_machine.travel(attempt.expires_at + timedelta(minutes=1)):
        deadlines.sweep()
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.EXPIRED


def test_an_invitation_closing_with_some_tasks_done_is_submitted_with_them(attempt):
    response = services.start_task(attempt=attempt, task_key=WRITTEN)
    services.submit_task(response=response)
    with time_machine.travel(attempt.expires_at + timedelta(minutes=1)):
        deadlines.sweep()
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED


def test_a_task_under_way_at_closing_time_keeps_its_own_deadline(attempt):
    Attempt.objects.filter(pk=attempt.pk).update(expires_at=timezone.now() + timedelta(minutes=5))
    attempt.refresh_from_db()
    response = services.start_task(attempt=attempt, task_key=WRITTEN)
    with time_machine.travel(attempt.expires_at + timedelta(minutes=1)):
        deadlines.sweep()
        services.save_answers(response=response, payload=written("Still time"), tab="a", seq=1)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.IN_PROGRESS
    with time_machine.travel(response.deadline + timedelta(seconds=1)):
        deadlines.sweep()
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED


def test_no_task_starts_once_the_invitation_has_closed(attempt):
    with (
        time_machine.travel(attempt.expires_at + timedelta(seconds=1)),
        pytest.raises(services.AttemptClosed),
    ):
        services.start_task(attempt=attempt, task_key=WRITTEN)


def test_finishing_early_needs_a_task_done_and_none_under_way(attempt):
    with pytest.raises(services.TaskClosed, match="at least one task"):
        services.submit_attempt(attempt=attempt)
    response = services.start_task(attempt=attempt, task_key=WRITTEN)
    with pytest.raises(services.TaskClosed, match="working on first"):
        services.submit_attempt(attempt=attempt)
    services.submit_task(response=response)
    assert services.submit_attempt(attempt=attempt).status == AttemptStatus.SUBMITTED


def test_unscored_attempts_are_found_again_after_a_lost_message(attempt):
    response = services.start_task(attempt=attempt, task_key=WRITTEN)
    services.submit_task(response=response)
    Attempt.objects.filter(pk=attempt.pk).update(
        status=AttemptStatus.SUBMITTED,
        submitted_at=timezone.now(),
        scoring_requested_at=timezone.now(),
        scored_at=None,
    )
    assert deadlines.unscored_attempt_ids() == []
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        assert deadlines.unscored_attempt_ids() == [attempt.pk]


# --- the quiz -------------------------------------------------------------------------------


def test_quiz_options_are_shuffled_per_attempt_and_the_order_is_kept(attempt):
    response = services.start_task(attempt=attempt, task_key="situational_quiz")
    assert sorted(response.option_order) == ["q01", "q02", "q03"]
    for order in response.option_order.values():
        assert sorted(order) == ["a", "b", "c", "d"]
    task = attempt.revision.task("situational_quiz")
    shown = quiz_questions(task, response, services.option_secret(attempt))
    texts = {o["text"] for o in shown[0]["options"]}
    assert texts == {"Poor answer 1", "Best answer 1", "Fair answer 1", "Weak answer 1"}
    assert all("credit" not in option for q in shown for option in q["options"])


def test_quiz_choices_arrive_as_per_attempt_ids_and_are_stored_as_keys(attempt):
    response = services.start_task(attempt=attempt, task_key="situational_quiz")
    secret = services.option_secret(attempt)
    choice = public_option_id(secret, "q01", "b")
    services.save_answers(response=response, payload={"choices": {"q01": choice}}, tab="a", seq=1)
    response.refresh_from_db()
    assert response.answers == {"choices": {"q01": "b"}}
    assert list(response.answered_at) == ["q01"]


@pytest.mark.parametrize(
    "choices",
    [
        {"q01": "b"},  # a bare key, not this attempt's id for it
        {"q09": "anything"},  # no such question
        {"q01": ["b"]},
    ],
)
def test_quiz_choices_that_are_not_options_of_the_question_are_refused(attempt, choices):
    response = services.start_task(attempt=attempt, task_key="situational_quiz")
    with pytest.raises(AnswerRejected):
        services.save_answers(response=response, payload={"choices": choices}, tab="a", seq=1)


def test_another_questions_or_attempts_id_is_refused(attempt):
    other = invited_attempt()
    response = services.start_task(attempt=attempt, task_key="situational_quiz")
    theirs = public_option_id(services.option_secret(other), "q01", "b")
    q2 = public_option_id(services.option_secret(attempt), "q02", "b")
    for choice in ({"q01": theirs}, {"q01": q2}):
        with pytest.raises(AnswerRejected):
            services.save_answers(response=response, payload={"choices": choice}, tab="a", seq=1)


# --- the call -------------------------------------------------------------------------------


def test_call_answers_must_follow_the_path_the_candidate_chose(attempt):
    response = services.start_task(attempt=attempt, task_key="mock_call")
    turns = {key: f"Answer {key}" for key in ("t1", "t2", "t3", "t4", "t5", "t6")}
    with pytest.raises(AnswerRejected, match="not reached"):
        services.save_answers(
            response=response, payload={"turns": {**turns, "t7a": "x"}}, tab="a", seq=1
        )
    with pytest.raises(AnswerRejected, match="not one the call offers"):
        services.save_answers(
            response=response, payload={"turns": turns, "choices": {"t6": "t8"}}, tab="a", seq=2
        )
    services.save_answers(
        response=response,
        payload={"turns": {**turns, "t7b": "A refund"}, "choices": {"t6": "t7b"}},
        tab="a",
        seq=3,
    )
    response.refresh_from_db()
    assert response.answers["choices"] == {"t6": "t7b"}
    assert response.answers["turns"]["t7b"] == "A refund"


def test_integrity_events_are_recorded_with_the_servers_time_and_capped(attempt):
    response = services.start_task(attempt=attempt, task_key=WRITTEN)
    events = [{"kind": "paste", "detail": "120 characters", "at": "1999-01-01"}] * 30
    events.append({"kind": "something-else"})
    services.save_answers(response=response, payload=written("x"), tab="a", seq=1, events=events)
    stored = IntegrityEvent.objects.filter(response=response)
    assert stored.count() == services.taking.MAX_EVENTS_PER_SAVE
    assert {e.at.year for e in stored} == {timezone.now().year}
