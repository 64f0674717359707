"""Search puts roles whose title matches first, on SQLite as on PostgreSQL.

Run on both: ``pytest tests/roles/test_search_order.py`` (SQLite) and with ``DATABASE_URL``
set to PostgreSQL (stemmed full-text search on the stored vectors, migrations 0004-0005).
"""

import pytest

from roles import services
from roles.models import RoleRevision
from roles.selectors import live_listings, search_listings
from tests.roles.factories import ResponsibilityFactory, complete_role, published_role

pytestmark = pytest.mark.django_db


def publish_with_duty(title: str, duty: str):
    role = complete_role(title=title)
    ResponsibilityFactory(role=role, text=duty)
    services.publish_role(role=role, by=role.owner)
    return role


@pytest.fixture
def team_lead_roles():
    # The title match is published first, so newest-first alone would list it last.
    published_role(title="Customer Service Team Lead")
    publish_with_duty("Trainer", "Lead onboarding classes so each new team settles in fast")
    publish_with_duty("Insights Analyst", "Help every team lead read the weekly contact trends")
    published_role(title="Payroll Clerk")


def titles_found(client, query: str) -> list[str]:
    html = client.get("/jobs/", {"q": query}).content.decode()
    known = ["Customer Service Team Lead", "Trainer", "Insights Analyst", "Payroll Clerk"]
    return sorted((t for t in known if f">{t}</a>" in html), key=lambda t: html.index(f">{t}</a>"))


def test_a_title_match_comes_before_roles_that_only_mention_the_words(client, team_lead_roles):
    found = titles_found(client, "team lead")
    assert found[0] == "Customer Service Team Lead"
    assert set(found[1:]) == {"Trainer", "Insights Analyst"}


def test_among_equals_the_newest_comes_first(client, team_lead_roles):
    found = titles_found(client, "team lead")
    assert found[1:] == ["Insights Analyst", "Trainer"]


def test_the_selector_orders_title_matches_first():
    published_role(title="Billing Specialist")
    publish_with_duty("Claims Associate", "Answer billing questions by phone and chat")
    published_role(title="Senior Billing Specialist")
    listings = search_listings(live_listings(), "billing").select_related("revision")
    ordered = [listing.revision.title for listing in listings]
    assert ordered == ["Senior Billing Specialist", "Billing Specialist", "Claims Associate"]


def test_every_word_must_match_somewhere(client, team_lead_roles):
    assert titles_found(client, "payroll lead") == []


def test_the_search_query_count_does_not_grow_with_matches(client, django_assert_num_queries):
    for n in range(12):
        publish_with_duty(f"Associate {n}", "Lead a small team of chat agents")
    with django_assert_num_queries(2):  # the page with its count (one query), the cities
        assert client.get("/jobs/", {"q": "team lead"}).status_code == 200
    assert RoleRevision.objects.count() == 12


def test_search_words_with_every_filter_beside_them(client):
    """On PostgreSQL the filters beside a search are checked on the rows the words found."""
    from decimal import Decimal

    from roles.models import Compensation, RoleProfile

    published_role(title="Remote Zephyr Helper", workplace="remote", remote_eligibility="US",
                   city="", region="", employment_type="part_time")  # fmt: skip
    published_role(title="Tampa Zephyr Lead", city="Tampa", region="Florida")
    rich = published_role(title="Chicago Zephyr Analyst", city="Chicago")
    Compensation.objects.filter(role=rich).update(maximum=Decimal(90000))
    services.publish_role(role=RoleProfile.objects.get(pk=rich.pk), by=rich.owner)
    published_role(title="Tampa Claims Lead", city="Tampa", region="Florida")

    def found(**params):
        html = client.get("/jobs/", {"q": "zephyr", **params}).content.decode()
        titles = ["Remote Zephyr Helper", "Tampa Zephyr Lead", "Chicago Zephyr Analyst",
                  "Tampa Claims Lead"]  # fmt: skip
        return {t for t in titles if f">{t}</a>" in html}

    assert found(workplace="remote") == {"Remote Zephyr Helper"}
    assert found(employment_type="part_time") == {"Remote Zephyr Helper"}
    assert found(location="Tampa") == {"Tampa Zephyr Lead"}
    assert found(pay_at_least="60000") == {"Chicago Zephyr Analyst"}
    assert found(location="Tampa", workplace="remote") == set()
    assert found() == {"Remote Zephyr Helper", "Tampa Zephyr Lead", "Chicago Zephyr Analyst"}
