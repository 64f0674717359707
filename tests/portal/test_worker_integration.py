"""A real worker process runs a real task against the real broker and database."""

import pytest

from csa_portal.models import Heartbeat
from csa_portal.tasks import record_heartbeat
from tests.conftest import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_worker_runs_a_queued_task_end_to_end(celery_worker_process):
    record_heartbeat.delay(source="integration-test")
    heartbeat = wait_for(lambda: Heartbeat.objects.filter(source="integration-test").first())
    assert heartbeat.hostname


def test_healthz_sees_the_live_broker_and_worker(celery_worker_process, client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.HEALTHZ_TOKEN = "integration-monitor"
    record_heartbeat.delay(source="beat")
    wait_for(lambda: Heartbeat.objects.filter(source="beat").exists())
    body = client.get("/healthz", headers={"X-Health-Token": "integration-monitor"}).json()
    assert body["broker"] == "ok"
    assert body["beat"] == "ok"
    assert body["details"]["database_vendor"] == "postgresql"
    assert body["details"]["beat_last_seen_seconds_ago"] < 60
