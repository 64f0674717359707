"""Applying, the board and the role page while the cache (Redis) does not answer."""

import logging

import pytest

from applicants.models import Application
from csa_portal import cache as degrading
from csa_portal.models import OutboundMessage
from tests.applicants.test_apply import apply_url, payload
from tests.portal.test_cache import UNREACHABLE_CACHE
from tests.roles.factories import published_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cache_down(settings):
    degrading._unreachable_until.clear()
    settings.CACHES = UNREACHABLE_CACHE
    yield
    degrading._unreachable_until.clear()


@pytest.fixture
def role(db):
    return published_role(title="Customer Service Associate")


def test_applying_succeeds_while_the_cache_is_unreachable(
    client, role, django_capture_on_commit_callbacks
):
    assert client.get(apply_url(role)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url(role), payload(role))
    assert response.status_code == 302
    assert Application.objects.count() == 1
    assert OutboundMessage.objects.filter(template="applicants/application_received").exists()


def test_rate_limits_fall_open_with_a_warning_while_the_cache_is_unreachable(
    role, settings, caplog
):
    from django.test import Client

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "apply-ip": (1, 3600)}
    client = Client()
    with caplog.at_level(logging.WARNING, logger="csa_portal.cache"):
        first = client.post(apply_url(role), payload(role, email="one@example.com"))
        second = client.post(apply_url(role), payload(role, email="two@example.com"))
    assert first.status_code == second.status_code == 302  # no 429: nothing could count
    assert "rate limits let requests through" in caplog.text


def test_the_board_search_and_role_page_come_from_the_database(client, role):
    board = client.get("/jobs/")
    assert board.status_code == 200
    assert "Customer Service Associate" in board.content.decode()
    search = client.get("/jobs/", {"q": "customer"})
    assert search.status_code == 200
    assert "Customer Service Associate" in search.content.decode()
    page = client.get(f"/jobs/{role.slug}/")
    assert page.status_code == 200
    assert "application/ld+json" in page.content.decode()
    assert client.get("/jobs/no-such-role/").status_code == 404


def test_publishing_while_the_cache_is_unreachable_shows_at_once(client, role):
    client.get("/jobs/")
    other = published_role(title="Team Lead, Night Shift")
    assert "Team Lead, Night Shift" in client.get("/jobs/").content.decode()
    assert client.get(f"/jobs/{other.slug}/").status_code == 200
