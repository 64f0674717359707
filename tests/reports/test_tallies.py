"""The summary rows add up to the raw data: every report reads the same either way."""

from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from applicants.models import Application, SelfIdentification
from reports.models import ApplicationTally, CriterionTally, TallyRefresh
from reports.services import TALLY_MAX_AGE, refresh_tallies
from tests.reports.factories import DAY, another_role, application_at, moves
from tests.reports.test_reports import csv_url, fairness_data, history, page_tables, url

pytestmark = pytest.mark.django_db
history = history  # the fixture, shared with test_reports

TALLIED = ("funnel", "time", "volume", "assessments", "fairness")
FILTERS = [
    {},
    {"source": "referral"},
    {"date_from": "2026-09-01", "date_to": "2026-09-30"},
    {"groups": "gender-ethnicity"},
]


@pytest.fixture(autouse=True)
def _fresh_sources():
    cache.clear()


@pytest.fixture
def spread(history):
    """The history, with applications spread over months and two sources, stage moves, and
    self-identification for the applicants whose assessments are scored."""
    for n, application in enumerate(Application.objects.order_by("pk")):
        created = timezone.make_aware(datetime(2026, 8 + n % 3, 1 + n % 28, 10))
        Application.objects.filter(pk=application.pk).update(
            created_at=created, source="referral" if n % 3 == 0 else "job board"
        )
        if n % 4 == 0:
            moves(application, [("applied", created), ("screening", created + (1 + n % 5) * DAY)])
    scored = Application.objects.filter(attempts__result__isnull=False, self_identification=None)
    for n, application in enumerate(scored.order_by("pk")):
        SelfIdentification.objects.create(
            application=application, gender="woman" if n % 2 else "man", ethnicity="white"
        )
    return history


def readings(client, slug, query):
    return page_tables(client.get(url(slug, **query))), client.get(csv_url(slug, **query)).content


@pytest.mark.parametrize("slug", TALLIED)
@pytest.mark.parametrize("query", FILTERS)
def test_reports_read_the_same_from_tallies_as_from_raw_rows(recruiter_client, spread, slug, query):
    if "groups" in query and slug != "fairness":
        return
    raw = readings(recruiter_client, slug, query)
    refresh_tallies()
    tallied = recruiter_client.get(url(slug, **query))
    assert "Counts of every role as of" in tallied.content.decode()
    assert readings(recruiter_client, slug, query) == raw


def test_tallies_add_up_to_every_application_and_level(spread):
    refresh_tallies()
    total = sum(ApplicationTally.objects.values_list("applications", flat=True))
    assert total == Application.objects.count()
    assert sum(CriterionTally.objects.values_list("levels", flat=True)) > 0
    again = refresh_tallies()  # rebuilt whole: never doubled
    assert sum(ApplicationTally.objects.values_list("applications", flat=True)) == total
    assert again["applications"] == ApplicationTally.objects.count()
    assert TallyRefresh.objects.count() == 1


def test_new_applications_wait_for_the_next_refresh_unless_a_role_is_chosen(recruiter_client):
    role = another_role()
    application_at(role, "applied")
    refresh_tallies()
    application_at(role, "applied")
    applied = lambda response: page_tables(response)[0][1][1]  # noqa: E731
    assert applied(recruiter_client.get(url("funnel"))) == "1"
    assert applied(recruiter_client.get(url("funnel", role=role.pk))) == "2"
    refresh_tallies()
    assert applied(recruiter_client.get(url("funnel"))) == "2"


def test_stale_tallies_are_not_read(recruiter_client):
    role = another_role()
    application_at(role, "applied")
    refresh_tallies()
    application_at(role, "applied")
    TallyRefresh.objects.update(refreshed_at=timezone.now() - TALLY_MAX_AGE - timedelta(minutes=1))
    response = recruiter_client.get(url("funnel"))
    assert page_tables(response)[0][1][1] == "2"
    assert "Counts of every role as of" not in response.content.decode()


def test_managers_never_read_the_tallies_of_every_role(manager_client, hiring_manager):
    mine = another_role("Mine")
    mine.hiring_managers.add(hiring_manager)
    application_at(mine, "applied")
    fairness_data(another_role("Theirs"))
    refresh_tallies()
    response = manager_client.get(url("funnel"))
    assert page_tables(response)[0][1][1] == "1"
    assert "Counts of every role" not in response.content.decode()


def test_beat_refreshes_the_tallies_every_ten_minutes():
    entry = settings.CELERY_BEAT_SCHEDULE["refresh-report-tallies"]
    assert entry == {"task": "reports.tasks.refresh_tallies", "schedule": 600.0}
    from reports.tasks import refresh_tallies as task

    assert task().keys() >= {"applications", "criteria", "seconds"}
