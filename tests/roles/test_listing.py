"""The board's listing (``BoardListing``) that the search pages over: always the live roles.

Every service that changes what is live keeps the listing in its transaction; a closing date
that passes at midnight hides a role from the search without any write.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from roles import services
from roles.models import BoardListing, RoleProfile, RoleStatus
from roles.selectors import live_listings, live_revisions
from tests.roles.factories import ResponsibilityFactory, complete_role, published_role
from tests.roles.test_staff_views import role_payload

pytestmark = pytest.mark.django_db


def listed() -> set[tuple[int, int]]:
    return set(live_listings().values_list("role_id", "revision_id"))


def live() -> set[tuple[int, int]]:
    return set(live_revisions().values_list("role_id", "pk"))


def search(client, **params) -> str:
    response = client.get("/jobs/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_listing_follows_publish_republish_close_and_archive():
    role = published_role(title="Zephyr Billing Associate")
    other = published_role(title="Payroll Clerk")
    assert (
        listed()
        == live()
        == {
            (role.pk, role.current_revision_id),
            (other.pk, other.current_revision_id),
        }
    )

    RoleProfile.objects.filter(pk=role.pk).update(title="Zephyr Billing Lead")
    revision = services.publish_role(role=RoleProfile.objects.get(pk=role.pk), by=role.owner)
    assert (role.pk, revision.pk) in listed()
    assert listed() == live()

    services.close_role(role=role)
    assert listed() == live() == {(other.pk, other.current_revision_id)}
    services.archive_role(role=role)
    assert listed() == live()
    assert BoardListing.objects.count() == 1


def test_a_closed_role_published_again_is_listed_again():
    role = published_role()
    services.close_role(role=role)
    services.publish_role(role=RoleProfile.objects.get(pk=role.pk), by=role.owner)
    assert (
        listed() == live() == {(role.pk, RoleProfile.objects.get(pk=role.pk).current_revision_id)}
    )


def test_the_listing_carries_what_the_filters_read_from_the_revision():
    role = published_role(city="Tampa", workplace="hybrid", employment_type="part_time")
    listing = BoardListing.objects.get(role=role)
    revision = role.current_revision
    assert (listing.revision_id, listing.published_at, listing.valid_through) == (
        revision.pk, revision.published_at, role.valid_through,
    )  # fmt: skip
    assert (listing.city, listing.workplace, listing.employment_type) == (
        "Tampa", "hybrid", "part_time",
    )  # fmt: skip
    assert listing.annual_pay_maximum == revision.annual_pay_maximum


def test_an_edit_of_a_published_roles_closing_date_reaches_the_listing(recruiter_client):
    role = published_role()
    closing = timezone.localdate() + timedelta(days=2)
    response = recruiter_client.post(
        f"/staff/roles/{role.pk}/edit/", role_payload(valid_through=closing.isoformat())
    )
    assert response.status_code == 302
    assert BoardListing.objects.get(role=role).valid_through == closing
    assert listed() == live()


def test_a_closing_date_passing_at_midnight_hides_the_role_from_search_without_a_write(
    client, monkeypatch
):
    today = timezone.localdate()
    published_role(title="Zephyr Billing Associate", valid_through=today)
    published_role(title="Zephyr Billing Lead", valid_through=today + timedelta(days=1))
    assert "2 open roles match your search" in search(client, q="zephyr")

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today + timedelta(days=1))
    html = search(client, q="zephyr")
    assert "1 open role match your search" in html
    assert ">Zephyr Billing Associate</a>" not in html
    assert ">Zephyr Billing Lead</a>" in html
    assert BoardListing.objects.count() == 2  # nothing was written
    assert listed() == live()


def test_the_expiry_job_removes_the_rows_of_the_roles_it_closes():
    expired = published_role()
    kept = published_role()
    RoleProfile.objects.filter(pk=expired.pk).update(
        valid_through=timezone.localdate() - timedelta(days=1)
    )
    assert services.close_expired_roles() == 1
    assert set(BoardListing.objects.values_list("role_id", flat=True)) == {kept.pk}
    assert listed() == live()


def test_a_draft_or_an_unpublished_edit_is_never_listed():
    complete_role(title="Zephyr Draft")
    role = published_role(title="Zephyr Billing Associate")
    RoleProfile.objects.filter(pk=role.pk).update(title="Zephyr Billing Lead")
    assert listed() == live() == {(role.pk, role.current_revision_id)}


def test_search_pages_list_every_match_once_in_order(client):
    for n in range(23):
        role = complete_role(title=f"Associate {n}")
        ResponsibilityFactory(role=role, text="Resolve zephyr billing questions by chat")
        services.publish_role(role=role, by=role.owner)
    published_role(title="Zephyr Billing Lead")  # the only title match: first
    first, second = search(client, q="zephyr"), search(client, q="zephyr", page="2")
    assert "24 open roles match your search" in first
    assert first.index(">Zephyr Billing Lead</a>") < first.index(">Associate 22</a>")
    titles = [f">Associate {n}</a>" for n in range(23)]
    on_first = [t for t in titles if t in first]
    on_second = [t for t in titles if t in second]
    assert len(on_first) == 19
    assert len(on_second) == 4
    assert not set(on_first) & set(on_second)
    # newest first among the rest: the last published leads
    assert first.index(">Associate 22</a>") < first.index(">Associate 21</a>")


@pytest.mark.parametrize("page", ["3", "99999", "5000001", "12345678901234567890"])
def test_a_search_page_past_the_end_shows_the_last_page(client, page):
    for n in range(21):
        published_role(title=f"Zephyr Associate {n}")
    html = search(client, q="zephyr", page=page)
    assert "21 open roles match your search" in html
    assert "Page 2 of 2" in html
    assert html.count('<li class="col-md-6">') == 1


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE roles_boardlisting; --",
        "zephyr & | ! ( ) : * <->",
        '"unterminated',
        "-zephyr",
        "or or or",
        "<script>alert(1)</script>",
        "ünïcödé 漢字 🙂",
        "x" * 199,
        "zephyr " * 28,
        "%_\\",
    ],
)
@pytest.mark.parametrize("workplace", ["", "remote", "not-a-workplace"])
def test_hostile_or_huge_searches_get_a_clean_page(client, query, workplace):
    published_role(title="Zephyr Billing Associate", workplace="remote", remote_eligibility="US")
    html = search(client, q=query, workplace=workplace)
    assert "<script>alert(1)</script>" not in html


def test_a_search_with_cities_cached_is_one_query(client, django_assert_num_queries):
    for n in range(3):
        published_role(title=f"Zephyr Associate {n}", workplace="remote", remote_eligibility="US")
    search(client)  # the cities are cached
    with django_assert_num_queries(1):  # the page, its count and its cards' rows
        html = search(client, q="zephyr", workplace="remote")
    assert "3 open roles match your search" in html


def test_the_listing_matches_the_live_roles_after_a_mixed_history():
    roles = [published_role(title=f"Zephyr {n}") for n in range(6)]
    services.close_role(role=roles[0])
    services.close_role(role=roles[1])
    services.archive_role(role=roles[1])
    RoleProfile.objects.filter(pk=roles[2].pk).update(
        valid_through=timezone.localdate() - timedelta(days=1)
    )
    services.close_expired_roles()
    RoleProfile.objects.filter(pk=roles[3].pk).update(summary="Changed, then published.")
    services.publish_role(role=RoleProfile.objects.get(pk=roles[3].pk), by=roles[3].owner)
    assert listed() == live()
    assert set(BoardListing.objects.values_list("role_id", flat=True)) == set(
        RoleProfile.objects.filter(status=RoleStatus.PUBLISHED).values_list("pk", flat=True)
    )
