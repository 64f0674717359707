import json
import re
from datetime import timedelta
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from roles import board_cache, services
from roles.models import Compensation, RoleProfile
from tests.roles.factories import ResponsibilityFactory, complete_role, published_role

pytestmark = pytest.mark.django_db


def job_posting_of(response) -> dict:
    html = response.content.decode()
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD block"
    return json.loads(match.group(1))


def test_board_lists_published_roles_only(client):
    published_role(title="Customer Service Associate")
    complete_role(title="Draft Trainer")
    closed = published_role(title="Closed Team Lead")
    services.close_role(role=closed)
    html = client.get("/jobs/").content.decode()
    assert "Customer Service Associate" in html
    assert "Draft Trainer" not in html
    assert "Closed Team Lead" not in html
    assert "1 open role" in html


def test_home_and_jobs_show_the_same_board(client):
    published_role(title="Customer Service Associate")
    assert "Customer Service Associate" in client.get("/").content.decode()


def test_board_hides_roles_past_their_closing_date(client):
    role = published_role(title="Yesterday's role")
    RoleProfile.objects.filter(pk=role.pk).update(
        valid_through=timezone.localdate() - timedelta(days=1)
    )
    assert "Yesterday&#x27;s role" not in client.get("/jobs/").content.decode()


def test_search_matches_title_summary_responsibilities_and_qualifications(client):
    billing = complete_role(title="Billing Support Associate")
    ResponsibilityFactory(role=billing, text="Untangle invoices and refunds for small businesses")
    services.publish_role(role=billing, by=billing.owner)
    published_role(title="Technical Support Specialist", summary="Fix router problems for people.")
    html = client.get("/jobs/", {"q": "invoices"}).content.decode()
    assert "Billing Support Associate" in html
    assert "Technical Support Specialist" not in html
    html = client.get("/jobs/", {"q": "router"}).content.decode()
    assert "Technical Support Specialist" in html
    assert "Billing Support Associate" not in html
    html = client.get("/jobs/", {"q": "written english"}).content.decode()
    assert "Billing Support Associate" in html
    assert "Technical Support Specialist" in html


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE roles_roleprofile; --",
        "<script>alert(1)</script>",
        "(*&^%$",
        "a" * 200,
        "ü ñ 漢字",
    ],
)
def test_search_survives_hostile_input(client, query):
    published_role()
    response = client.get("/jobs/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert RoleProfile.objects.count() == 1


def test_overlong_search_is_reported_not_crashed(client):
    published_role(title="Customer Service Associate")
    response = client.get("/jobs/", {"q": "x" * 5000})
    assert response.status_code == 200
    assert "Ensure this value has at most 200 characters" in response.content.decode()


def test_filters_by_workplace_employment_type_location_and_pay(client):
    published_role(title="Remote Part Timer", workplace="remote", remote_eligibility="US",
                   employment_type="part_time", city="", country="")  # fmt: skip
    published_role(title="Tampa Lead", city="Tampa", region="Florida")
    well_paid = published_role(title="Well Paid Analyst", city="Chicago")
    Compensation.objects.filter(role=well_paid).update(maximum=Decimal(90000))
    services.publish_role(role=RoleProfile.objects.get(pk=well_paid.pk), by=well_paid.owner)

    def titles(**params):
        html = client.get("/jobs/", params).content.decode()
        return {t for t in ("Remote Part Timer", "Tampa Lead", "Well Paid Analyst") if t in html}

    assert titles(workplace="remote") == {"Remote Part Timer"}
    assert titles(employment_type="part_time") == {"Remote Part Timer"}
    assert titles(location="Tampa") == {"Tampa Lead"}
    assert titles(pay_at_least="60000") == {"Well Paid Analyst"}
    assert titles(workplace="on_site", location="Chicago") == {"Well Paid Analyst"}


@pytest.mark.parametrize(
    "params",
    [{"workplace": "moon"}, {"pay_at_least": "lots"}, {"pay_at_least": "-5"},
     {"location": "Atlantis"}, {"employment_type": ["full_time", "x"]}],
)  # fmt: skip
def test_bad_filter_values_explain_themselves_instead_of_failing(client, params):
    published_role()
    response = client.get("/jobs/", params)
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999", "1.5", ""])
def test_bad_page_numbers_fall_back_gracefully(client, page):
    published_role()
    response = client.get("/jobs/", {"page": page})
    assert response.status_code == 200
    assert "1 open role" in response.content.decode()


def test_pagination_keeps_the_filters(client):
    for n in range(21):
        published_role(title=f"Associate {n}", workplace="hybrid")
    html = client.get("/jobs/", {"workplace": "hybrid"}).content.decode()
    assert "Page 1 of 2" in html
    assert "?workplace=hybrid&amp;page=2" in html


def _board_queries(client, django_assert_num_queries, count):
    for n in range(count):
        published_role(title=f"Role {count}-{n}")
    with django_assert_num_queries(2):  # the page with its count (one query), the cities
        assert client.get("/jobs/", {"q": "role", "workplace": "on_site"}).status_code == 200


def test_board_query_count_is_the_same_for_5_roles(client, django_assert_num_queries):
    _board_queries(client, django_assert_num_queries, 5)


def test_board_query_count_is_the_same_for_50_roles(client, django_assert_num_queries):
    _board_queries(client, django_assert_num_queries, 50)


@pytest.mark.parametrize("count", [5, 50])
def test_role_page_query_count_does_not_grow(client, django_assert_num_queries, count):
    roles = [published_role(title=f"Role page {count}-{n}") for n in range(count)]
    for role in roles[:3]:
        ResponsibilityFactory.create_batch(5, role=role)
    with django_assert_num_queries(1):
        assert client.get(roles[0].get_absolute_url()).status_code == 200


def test_role_page_shows_every_section_in_plain_language(client):
    role = published_role(title="Customer Service Associate")
    html = client.get(role.get_absolute_url()).content.decode()
    for text in [
        "What you will do",
        "Resolve billing question type",
        "What you need",
        "Nice to have, not required",
        "How success is measured",
        "Customer satisfaction (CSAT)",
        "At least 85 %",
        "Training and support",
        "80 hours of paid onboarding",
        "Where this role can lead",
        "Senior Customer Service Associate",
        "after 12–24 months",
        "$36,000 – $44,000 per year",
        "Health, dental and vision",
        "Phone, Chat",
    ]:
        assert text in html, text


def test_role_page_json_ld_is_a_complete_job_posting(client):
    role = published_role(title="Customer Service Associate")
    posting = job_posting_of(client.get(role.get_absolute_url()))
    assert posting["@context"] == "https://schema.org/"
    assert posting["@type"] == "JobPosting"
    assert posting["title"] == "Customer Service Associate"
    assert "<li>Resolve billing question type" in posting["description"]
    assert posting["datePosted"] == timezone.localdate().isoformat()
    assert posting["validThrough"].startswith(role.valid_through.isoformat())
    assert posting["employmentType"] == "FULL_TIME"
    assert posting["hiringOrganization"]["name"] == "Northwind Support Co."
    assert posting["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Columbus",
        "addressRegion": "Ohio",
        "addressCountry": "US",
    }
    assert posting["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "USD",
        "value": {"@type": "QuantitativeValue", "minValue": 36000, "maxValue": 44000,
                  "unitText": "YEAR"},
    }  # fmt: skip
    assert posting["directApply"] is True


def test_remote_role_json_ld_uses_telecommute_and_location_requirements(client):
    role = published_role(workplace="remote", remote_eligibility="United States", city="",
                          region="", country="US")  # fmt: skip
    posting = job_posting_of(client.get(role.get_absolute_url()))
    assert posting["jobLocationType"] == "TELECOMMUTE"
    assert posting["applicantLocationRequirements"] == {"@type": "Country", "name": "United States"}
    assert "jobLocation" not in posting


def test_json_ld_cannot_be_broken_out_of(client):
    role = published_role(summary="</script><script>alert('x')</script> & more")
    response = client.get(role.get_absolute_url())
    html = response.content.decode()
    assert "</script><script>alert" not in html
    assert job_posting_of(response)["description"].startswith("<p>&lt;/script&gt;")


def test_unknown_role_is_404_and_closed_role_is_410(client):
    assert client.get("/jobs/no-such-role/").status_code == 404
    role = published_role()
    services.close_role(role=role)
    response = client.get(role.get_absolute_url())
    assert response.status_code == 410
    assert "no longer taking applications" in response.content.decode()


def test_draft_role_is_not_reachable_by_url(client):
    role = complete_role()
    assert client.get(role.get_absolute_url()).status_code == 404


def test_feed_lists_live_roles_as_rss(client):
    published_role(title="Customer Service Associate")
    complete_role(title="Unpublished Draft")
    response = client.get("/jobs/feed.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(response.content).find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == ["Customer Service Associate — Columbus, Ohio, US"]
    assert channel.find("item").findtext("link").endswith("/jobs/customer-service-associate/")


def test_a_repeated_anonymous_visit_is_served_from_the_cache(client, django_assert_num_queries):
    role = published_role(title="Cached Associate")
    first = client.get("/jobs/").content
    client.get(role.get_absolute_url())
    with django_assert_num_queries(0):
        assert client.get("/jobs/").content == first
        assert client.get(role.get_absolute_url()).status_code == 200


def test_publishing_and_closing_show_on_the_cached_board_at_once(
    client, django_capture_on_commit_callbacks
):
    role = published_role(title="First Role")
    assert "First Role" in client.get("/jobs/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        second = complete_role(title="Second Role")
        services.publish_role(role=second, by=second.owner)
    assert "Second Role" in client.get("/jobs/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.close_role(role=role)
    html = client.get("/jobs/").content.decode()
    assert "First Role" not in html
    assert "1 open role" in html
    assert client.get(role.get_absolute_url()).status_code == 410


def test_signed_in_visitors_bypass_the_page_cache(recruiter_client, client):
    published_role(title="Some Role")
    client.get("/jobs/")
    html = recruiter_client.get("/jobs/").content.decode()
    assert "Sign out" in html  # not the anonymous page from the cache


def test_unfiltered_board_count_comes_from_the_cache(client, django_assert_num_queries):
    for n in range(3):
        published_role(title=f"Counted {n}")
    client.get("/jobs/")  # warms the count, the cities and page 1's list
    with django_assert_num_queries(0):  # a new page key, but all three are kept
        assert "3 open roles" in client.get("/jobs/?page=1").content.decode()
    board_cache._local_pages.clear()  # as another process would be
    with django_assert_num_queries(1):  # just the list
        assert "3 open roles" in client.get("/jobs/?page=abc").content.decode()


def test_feed_descriptions_are_text_that_no_reader_runs(client):
    published_role(
        title="Customer Service Associate",
        summary='Help people.\n<script>alert(1)</script><img src=x onerror="alert(2)">',
    )
    channel = ElementTree.fromstring(client.get("/jobs/feed.xml").content).find("channel")

    description = channel.find("item").findtext("description")  # what a reader renders

    assert "<script" not in description
    assert "<img" not in description
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in description
    assert description.startswith("<p>Help people.<br>")


def test_on_a_phone_the_role_page_leads_with_its_key_facts(client):
    role = published_role(title="Customer Service Associate")
    html = client.get(role.get_absolute_url()).content.decode()
    facts = html.index('class="list-unstyled role-key-facts d-lg-none')
    for fact in ["Columbus, Ohio, US", "On-site", "$36,000 – $44,000 per year", "Apply by"]:
        assert facts < html.index(fact, facts) < html.index('class="lead"'), fact
    assert facts < html.index('id="duties-heading"')


def test_the_apply_bar_is_one_slim_row(client):
    role = published_role(title="Customer Service Associate")
    html = client.get(role.get_absolute_url()).content.decode()
    bar = html[html.index("apply-bar") :]
    assert "btn-lg" not in bar[: bar.index("</div>\n</div>")]
    assert "py-2" in html[html.index("sticky-bottom") - 50 : html.index("apply-bar")]
