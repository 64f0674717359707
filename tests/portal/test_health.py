import pytest
from django.db import connection
from django.utils import timezone

from csa_portal.celery import app
from csa_portal.models import Heartbeat


@pytest.mark.django_db
def test_healthz_reports_database_and_eager_broker(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == {"state": "ok", "vendor": connection.vendor}
    assert body["broker"] == {"state": "eager"}
    assert body["worker"]["last_seen_seconds_ago"] is None
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_healthz_reports_an_unreachable_broker_but_stays_up(client, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    monkeypatch.setattr(app.conf, "broker_write_url", "redis://127.0.0.1:1/0")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["broker"] == {"state": "unavailable"}


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_fails(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise connection.Database.OperationalError("database is gone")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"]["state"] == "unavailable"


@pytest.mark.django_db
def test_healthz_reports_worker_heartbeat_age(client):
    Heartbeat.objects.create(
        source="worker", seen_at=timezone.now() - timezone.timedelta(seconds=90)
    )
    body = client.get("/healthz").json()
    assert 89 <= body["worker"]["last_seen_seconds_ago"] <= 95


@pytest.mark.django_db
def test_healthz_refuses_post(client):
    assert client.post("/healthz").status_code == 405
