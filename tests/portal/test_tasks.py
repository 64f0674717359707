from datetime import timedelta

import pytest
from django.utils import timezone

from csa_portal.models import Heartbeat
from csa_portal.tasks import purge_stale_heartbeats, record_heartbeat


@pytest.mark.django_db
def test_record_heartbeat_is_idempotent():
    record_heartbeat.delay(source="worker")
    first = Heartbeat.objects.get(source="worker").seen_at
    record_heartbeat.delay(source="worker")
    assert Heartbeat.objects.count() == 1
    assert Heartbeat.objects.get(source="worker").seen_at >= first


@pytest.mark.django_db
def test_purge_removes_only_stale_heartbeats():
    now = timezone.now()
    Heartbeat.objects.create(source="old", seen_at=now - timedelta(days=40))
    Heartbeat.objects.create(source="fresh", seen_at=now - timedelta(days=1))
    assert purge_stale_heartbeats.delay(days=30).get() == 1
    assert list(Heartbeat.objects.values_list("source", flat=True)) == ["fresh"]
