"""Staff sign-in lockout: per address, per user name across addresses, and never for ever."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _small_limits(settings):
    settings.STAFF_LOCKOUT_PER_ADDRESS = 5
    settings.STAFF_LOCKOUT_PER_ACCOUNT = 20


def from_address(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def guess(username: str, address: str) -> int:
    return (
        from_address(address).post(LOGIN, {"username": username, "password": "guess"}).status_code
    )


def sign_in(username: str, address: str) -> int:
    return (
        from_address(address)
        .post(LOGIN, {"username": username, "password": TEST_PASSWORD})
        .status_code
    )


def cool_off_passes(settings) -> None:
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )


def test_guesses_spread_over_many_addresses_lock_the_user_name(recruiter, settings):
    """40 guesses from 10 addresses, 4 each: under the per-address limit every time."""
    statuses = [guess(recruiter.username, f"10.0.0.{n % 10}") for n in range(40)]

    assert 429 in statuses
    assert statuses.index(429) <= settings.STAFF_LOCKOUT_PER_ACCOUNT
    assert sign_in(recruiter.username, "10.0.0.99") == 429  # right password, new address


def test_the_real_user_signs_in_once_the_cool_off_has_passed(recruiter, settings):
    for n in range(settings.STAFF_LOCKOUT_PER_ACCOUNT):
        guess(recruiter.username, f"10.0.1.{n}")
    assert sign_in(recruiter.username, "192.0.2.7") == 429

    cool_off_passes(settings)

    assert sign_in(recruiter.username, "192.0.2.7") == 302


def test_guessing_during_a_lockout_does_not_make_it_longer(recruiter, settings):
    for n in range(settings.STAFF_LOCKOUT_PER_ACCOUNT):
        guess(recruiter.username, f"10.0.2.{n}")
    last_counted = max(AccessAttempt.objects.values_list("attempt_time", flat=True))

    for n in range(30):
        assert guess(recruiter.username, f"10.0.3.{n}") == 429

    assert max(AccessAttempt.objects.values_list("attempt_time", flat=True)) == last_counted


def test_a_familiar_address_is_not_locked_by_guesses_from_elsewhere(recruiter, settings):
    assert sign_in(recruiter.username, "192.0.2.10") == 302  # the user's own desk, before
    for n in range(settings.STAFF_LOCKOUT_PER_ACCOUNT + 5):
        guess(recruiter.username, f"10.0.4.{n}")
    assert sign_in(recruiter.username, "10.0.4.250") == 429

    assert sign_in(recruiter.username, "192.0.2.10") == 302


def test_the_familiar_address_keeps_its_own_limit(recruiter, settings):
    assert sign_in(recruiter.username, "192.0.2.11") == 302
    for _ in range(settings.STAFF_LOCKOUT_PER_ADDRESS):
        guess(recruiter.username, "192.0.2.11")

    assert sign_in(recruiter.username, "192.0.2.11") == 429


def test_other_users_are_not_locked_by_an_attack_on_one(recruiter, hiring_manager, settings):
    for n in range(settings.STAFF_LOCKOUT_PER_ACCOUNT + 5):
        guess(recruiter.username, f"10.0.5.{n}")

    assert sign_in(hiring_manager.username, "10.0.5.1") == 302
