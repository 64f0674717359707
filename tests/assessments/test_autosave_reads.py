"""What an autosave reads: never the template revision's snapshot once a process knows its tasks.

The snapshot of a shipped assessment is some 80 KB of JSON; fetching and decoding it twice a
save was a fifth of the save's CPU (docs/performance.md, "Autosave").
"""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments import selectors
from tests.assessments.factories import invited_attempt
from tests.test_access_matrix import signed_in_candidate_client

pytestmark = pytest.mark.django_db


def save(client, attempt, task_key, answers, seq):
    return client.post(
        f"/candidate/assessments/{attempt.pk}/{task_key}/save/",
        data=json.dumps({"answers": answers, "seq": seq, "tab": "tab-1", "events": []}),
        content_type="application/json",
    )


@pytest.mark.parametrize(
    ("task_key", "answers"),
    [
        ("written_escalation", {"parts": {"handoff": "Charged twice; refund due."}}),
        ("mock_call", {"turns": {"t1": "Hello, how can I help?"}, "choices": {}}),
    ],
)
def test_a_save_reads_no_snapshot_once_the_tasks_are_known(task_key, answers):
    attempt = invited_attempt()
    client = signed_in_candidate_client(attempt.application.candidate)
    client.post(f"/candidate/assessments/{attempt.pk}/{task_key}/start/")
    save(client, attempt, task_key, answers, seq=1)  # this process reads the tasks once
    with CaptureQueriesContext(connection) as context:
        response = save(client, attempt, task_key, answers, seq=2)
    assert response.status_code == 200
    assert response.json()["stored"]
    assert not [query for query in context.captured_queries if "snapshot" in query["sql"]]
    if task_key == "mock_call":  # the call's turns still come back from the task
        assert response.json()["turns"][0]["key"] == "t1"


def test_a_revisions_tasks_are_read_once_and_are_the_published_ones():
    revision = invited_attempt().revision
    with CaptureQueriesContext(connection) as first:
        task = selectors.revision_task(revision, "written_escalation")
    with CaptureQueriesContext(connection) as again:
        assert selectors.revision_task(revision, "quiz-that-is-not-there") is None
    assert task == revision.task("written_escalation")
    assert (len(first.captured_queries), len(again.captured_queries)) == (1, 0)


def test_another_revision_under_a_reused_id_is_read_afresh():
    """A rolled-back test can hand out the same id again; the publication time tells them
    apart."""
    revision = invited_attempt().revision
    selectors.revision_task(revision, "written_escalation")
    revision.published_at += timedelta(microseconds=1)
    with CaptureQueriesContext(connection) as context:
        selectors.revision_task(revision, "written_escalation")
    assert len(context.captured_queries) == 1
