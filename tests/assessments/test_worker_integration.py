"""The deadline job and scoring on a real worker, the real broker and PostgreSQL."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments import services
from assessments.models import Attempt, AttemptStatus, AutoScore, Result, Review, TaskResponse
from assessments.tasks import sweep_deadlines
from tests.assessments.factories import invited_attempt
from tests.assessments.reviewing import reviewers
from tests.conftest import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_the_worker_submits_overdue_tasks_and_scores_the_attempt(celery_worker_process):
    reviewers(2)
    attempt = invited_attempt()
    responses = [
        services.start_task(attempt=attempt, task_key=key)
        for key in ("mock_call", "written_escalation", "situational_quiz")
    ]
    services.save_answers(
        response=responses[1], payload={"parts": {"handoff": "Saved in time"}}, tab="a", seq=1
    )
    # The clock ran out a minute ago, and no request has touched the attempt since.
    TaskResponse.objects.filter(attempt=attempt).update(
        started_at=timezone.now() - timedelta(minutes=30),
        deadline=timezone.now() - timedelta(minutes=1),
    )
    sweep_deadlines.delay()

    def scored():
        current = Attempt.objects.get(pk=attempt.pk)
        return current if current.scored_at else None

    finished = wait_for(scored, timeout=60)
    assert finished.status == AttemptStatus.SUBMITTED
    stored = TaskResponse.objects.get(pk=responses[1].pk)
    assert stored.auto_submitted
    assert stored.answers["handoff"] == "Saved in time"
    # The worker scored it: the machine's checks, reviewers assigned, a first result.
    assert AutoScore.objects.filter(attempt=attempt).count() == 3
    assert Review.objects.filter(response__attempt=attempt).count() == 4
    assert not Result.objects.get(attempt=attempt).complete


def test_a_lost_scoring_message_is_sent_again_by_the_sweep(celery_worker_process):
    attempt = invited_attempt()
    response = services.start_task(attempt=attempt, task_key="written_escalation")
    services.submit_task(response=response)
    Attempt.objects.filter(pk=attempt.pk).update(
        status=AttemptStatus.SUBMITTED,
        submitted_at=timezone.now() - timedelta(minutes=20),
        scoring_requested_at=timezone.now() - timedelta(minutes=20),
        scored_at=None,
    )
    sweep_deadlines.delay()
    wait_for(lambda: Attempt.objects.get(pk=attempt.pk).scored_at, timeout=60)


def test_scoring_the_same_attempt_twice_at_once_gives_one_result(celery_worker_process):
    from assessments.tasks import score_attempt

    reviewers(2)
    attempt = invited_attempt()
    for key in ("written_escalation", "situational_quiz"):
        services.submit_task(response=services.start_task(attempt=attempt, task_key=key))
    services.submit_attempt(attempt=attempt)
    for _ in range(3):
        score_attempt.delay(attempt.pk)
    wait_for(lambda: Attempt.objects.get(pk=attempt.pk).scored_at, timeout=60)
    wait_for(lambda: not _queued(), timeout=30)
    assert Result.objects.filter(attempt=attempt).count() == 1
    assert AutoScore.objects.filter(attempt=attempt).count() == 2
    assert Review.objects.filter(response__attempt=attempt).count() == 2


def _queued() -> bool:
    from csa_portal.celery import app

    inspect = app.control.inspect(timeout=1)
    active = inspect.active() or {}
    reserved = inspect.reserved() or {}
    return any(active.values()) or any(reserved.values())
