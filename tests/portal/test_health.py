from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from csa_portal.celery import app
from csa_portal.models import Heartbeat
from tests.portal.test_cache import LOCAL_CACHE, UNREACHABLE_CACHE

pytestmark = pytest.mark.django_db

TOKEN = "monitor-token-for-tests"


@pytest.fixture
def broker_down(settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    monkeypatch.setattr(app.conf, "broker_write_url", "redis://127.0.0.1:1/0")


@pytest.fixture
def database_down(monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise connection.Database.OperationalError("database is gone")

    monkeypatch.setattr(connection, "cursor", broken_cursor)


def fresh_beat(seconds_ago: int = 30) -> Heartbeat:
    return Heartbeat.objects.create(
        source="beat", seen_at=timezone.now() - timedelta(seconds=seconds_ago)
    )


def test_healthz_is_ok_with_the_database_and_eager_tasks(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.CACHES = LOCAL_CACHE
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "broker": "eager",
        "cache": "local",
        "beat": "eager",
    }
    assert response["Cache-Control"].startswith("max-age=0")


def test_an_unreachable_broker_is_degraded_but_stays_in_the_load_balancer(client, broker_down):
    fresh_beat()
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["broker"] == "unavailable"
    assert body["degraded"] == ["broker"]


def test_an_unreachable_cache_is_degraded(client, settings):
    settings.CACHES = UNREACHABLE_CACHE
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["cache"] == "unavailable"
    assert "cache" in body["degraded"]
    assert body["status"] == "degraded"


def test_a_stale_beat_heartbeat_is_degraded(client, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr("csa_portal.views.broker_state", lambda: "ok")
    fresh_beat(seconds_ago=600)
    body = client.get("/healthz").json()
    assert body["beat"] == "stale"
    assert body["degraded"] == ["beat"]


def test_a_beat_never_seen_with_a_broker_is_degraded(client, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr("csa_portal.views.broker_state", lambda: "ok")
    body = client.get("/healthz").json()
    assert body["beat"] == "stale"
    assert body["status"] == "degraded"


def test_a_recent_beat_heartbeat_is_ok(client, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CACHES = LOCAL_CACHE
    monkeypatch.setattr("csa_portal.views.broker_state", lambda: "ok")
    fresh_beat(seconds_ago=30)
    body = client.get("/healthz").json()
    assert body == {
        "status": "ok",
        "database": "ok",
        "broker": "ok",
        "cache": "local",
        "beat": "ok",
    }


def test_healthz_is_503_when_the_database_fails(client, database_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["database"] == "unavailable"


def test_anonymous_callers_learn_neither_the_debug_flag_nor_the_database_vendor(client):
    body = client.get("/healthz").json()
    assert "details" not in body
    text = str(body)
    assert connection.vendor not in text
    assert "debug" not in text


def test_a_wrong_token_shows_no_details(client, settings):
    settings.HEALTHZ_TOKEN = TOKEN
    body = client.get("/healthz", headers={"X-Health-Token": "guess"}).json()
    assert "details" not in body


def test_an_empty_configured_token_never_matches(client, settings):
    settings.HEALTHZ_TOKEN = ""
    body = client.get("/healthz", headers={"X-Health-Token": ""}).json()
    assert "details" not in body


def test_the_monitor_token_shows_the_details(client, settings):
    settings.HEALTHZ_TOKEN = TOKEN
    fresh_beat(seconds_ago=90)
    body = client.get("/healthz", headers={"X-Health-Token": TOKEN}).json()
    details = body["details"]
    assert details["database_vendor"] == connection.vendor
    assert details["debug"] is settings.DEBUG
    assert 89 <= details["beat_last_seen_seconds_ago"] <= 95


def test_the_monitor_token_shows_details_while_the_database_is_down(
    client, settings, database_down
):
    settings.HEALTHZ_TOKEN = TOKEN
    response = client.get("/healthz", headers={"X-Health-Token": TOKEN})
    assert response.status_code == 503
    assert response.json()["details"]["database_vendor"] == connection.vendor


def test_signed_in_staff_see_the_details(recruiter_client):
    body = recruiter_client.get("/healthz").json()
    assert body["details"]["database_vendor"] == connection.vendor


def test_a_signed_in_account_outside_the_staff_groups_sees_no_details(outsider_client):
    assert "details" not in outsider_client.get("/healthz").json()


def test_healthz_refuses_post(client):
    assert client.post("/healthz").status_code == 405
