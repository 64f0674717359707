"""A request hands work to the broker once, quickly, and never fails because of it."""

import logging
import subprocess
import sys

import pytest
from kombu.exceptions import OperationalError

from csa_portal import handoff
from csa_portal.tasks import record_heartbeat
from tests.conftest import ROOT


def broker_down(*args, **kwargs):
    raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


def test_a_hand_off_publishes_once_without_retries(monkeypatch):
    calls = []
    monkeypatch.setattr(record_heartbeat, "apply_async", lambda *a, **k: calls.append((a, k)))
    assert handoff.request_task(record_heartbeat, "web") is True
    assert calls == [((("web",),), {"retry": False})]


def test_a_down_broker_is_logged_and_then_left_alone_for_a_while(monkeypatch, caplog):
    calls = []

    def refuse(*args, **kwargs):
        calls.append(args)
        broker_down()

    monkeypatch.setattr(record_heartbeat, "apply_async", refuse)
    with caplog.at_level(logging.WARNING, logger="csa_portal.handoff"):
        assert handoff.request_task(record_heartbeat, "web") is False
        assert handoff.request_task(record_heartbeat, "web") is False
    assert len(calls) == 1  # the second request did not wait for the broker at all
    assert "Broker did not take csa_portal.tasks.record_heartbeat('web',)" in caplog.text

    monkeypatch.setattr(handoff, "_broker_resting_until", 0.0)  # the pause is over
    handoff.request_task(record_heartbeat, "web")
    assert len(calls) == 2


def test_a_task_failing_in_process_does_not_rest_the_broker(monkeypatch, caplog):
    def task_failed(*args, **kwargs):
        raise RuntimeError("the task itself failed, run eagerly")

    monkeypatch.setattr(record_heartbeat, "apply_async", task_failed)
    with caplog.at_level(logging.WARNING, logger="csa_portal.handoff"):
        assert handoff.request_task(record_heartbeat, "web") is False
    assert handoff._broker_resting_until == 0.0
    assert "failed in the request" in caplog.text


PROBE = """
import time
import django
django.setup()
from csa_portal.handoff import request_task
from csa_portal.tasks import record_heartbeat
request_task(record_heartbeat, "warm-up")  # imports and the first connection attempt
from csa_portal import handoff
handoff._broker_resting_until = 0.0
started = time.monotonic()
taken = request_task(record_heartbeat, "probe")
print(taken, round(time.monotonic() - started, 3))
"""


def test_a_refused_broker_costs_the_request_milliseconds():
    """With the project's settings, a publish to a closed port gives up at once (no retry)."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "csa_portal.settings",
            "CELERY_BROKER_URL": "redis://127.0.0.1:1/0",
            "LOG_LEVEL": "ERROR",
        },
    )
    assert result.returncode == 0, result.stderr
    taken, seconds = result.stdout.split()[-2:]
    assert taken == "False"
    assert float(seconds) < 0.5


@pytest.mark.django_db
def test_applying_with_the_broker_down_is_accepted_and_the_mail_waits(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    from applicants.models import Application
    from applicants.tasks import extract_resume_text
    from csa_portal.models import OutboundMessage
    from csa_portal.tasks import send_mail_message
    from tests.applicants.test_apply import apply_url, payload
    from tests.roles.factories import published_role

    role = published_role(title="Customer Service Associate")
    monkeypatch.setattr(send_mail_message, "apply_async", broker_down)
    monkeypatch.setattr(extract_resume_text, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url(role), payload(role))
    assert response.status_code == 302
    assert Application.objects.count() == 1
    assert OutboundMessage.objects.get().status == OutboundMessage.Status.QUEUED
