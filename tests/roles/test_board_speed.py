"""What keeps a board page cheap when the page cache misses or the cache is down.

The filter form is written out by hand (no crispy-forms), each card's HTML is kept per
process under what it shows, and the count of live roles and the city list are kept per
process beside the shared cache. None of it may show a visitor something stale or unsafe.
"""

import pytest
from django.test.utils import CaptureQueriesContext

from roles import board_cache
from roles.models import RoleProfile
from tests.portal.test_cache import UNREACHABLE_CACHE
from tests.roles.factories import published_role

pytestmark = pytest.mark.django_db


def board(client, **params) -> str:
    response = client.get("/jobs/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_form_keeps_what_the_visitor_chose(client):
    published_role(title="Tampa Lead", city="Tampa", region="Florida")
    published_role(title="Chicago Lead", city="Chicago")
    html = board(client, q="lead", location="Tampa", workplace="on_site", pay_at_least="30000")
    assert 'value="lead"' in html
    assert '<option selected value="Tampa">Tampa</option>' in html
    assert '<option value="Chicago">Chicago</option>' in html
    assert '<option selected value="on_site">On-site</option>' in html
    assert 'name="pay_at_least" id="id_pay_at_least"' in html
    assert 'value="30000"' in html
    assert '<label for="id_location" class="form-label">Location</label>' in html


def test_city_names_and_search_words_are_escaped(client):
    published_role(title="Odd City Role", city='Ville "<b>X</b>"')
    html = board(client, q='"><script>alert(1)</script>')
    assert "<b>X</b>" not in html
    assert "Ville &quot;&lt;b&gt;X&lt;/b&gt;&quot;" in html
    assert "<script>alert(1)</script>" not in html


def test_on_a_phone_the_filters_fold_unless_one_is_set(client):
    published_role(title="Remote Helper", workplace="remote", remote_eligibility="US", city="")
    plain = board(client)
    assert 'class="collapse d-md-block" id="board-filters"' in plain
    assert 'aria-controls="board-filters" aria-expanded="false"' in plain
    searched = board(client, q="helper")  # the search box never folds: still closed
    assert 'class="collapse d-md-block" id="board-filters"' in searched
    narrowed = board(client, workplace="remote")
    assert 'class="collapse d-md-block show" id="board-filters"' in narrowed
    assert "Filters (on)" in narrowed
    wrong = board(client, pay_at_least="lots")  # an error is never folded away
    assert 'class="collapse d-md-block show" id="board-filters"' in wrong


def test_a_card_is_rendered_once_per_process(client, monkeypatch):
    published_role(title="Counted Card")
    board(client)
    rendered = []
    original = board_cache.render_to_string
    monkeypatch.setattr(
        board_cache,
        "render_to_string",
        lambda *args, **kwargs: rendered.append(args) or original(*args, **kwargs),
    )
    html = board(client, workplace="on_site")  # another page: a page-cache miss
    assert "Counted Card" in html
    assert rendered == []


def test_the_unfiltered_form_is_rendered_once_per_process_for_its_cities(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    published_role(title="Tampa Lead", city="Tampa")
    first = board(client)
    rendered = []
    original = board_cache.render_to_string
    monkeypatch.setattr(
        board_cache,
        "render_to_string",
        lambda *args, **kwargs: rendered.append(args[0]) or original(*args, **kwargs),
    )
    again = board(client, utm_source="mail")  # no field has a value: the same form
    assert rendered == []
    form = first[first.index('<form method="get"') : first.index("</form>")]
    assert form in again
    assert '<option value="Tampa">Tampa</option>' in form

    with django_capture_on_commit_callbacks(execute=True):  # the board version moves on
        published_role(title="Austin Lead", city="Austin")  # a new city: a new form
    html = board(client)
    assert "roles/_board_filters.html" in rendered
    assert '<option value="Austin">Austin</option>' in html
    rendered.clear()
    chosen = board(client, location="Austin")  # a value chosen: made for this request
    assert '<option selected value="Austin">Austin</option>' in chosen
    assert "roles/_board_filters.html" not in rendered  # the view's template, not the memo


def test_a_card_shows_a_change_to_its_role_at_once(client):
    role = published_role(title="Team Card", team="Billing care")
    assert "Billing care" in board(client, q="team")
    role = RoleProfile.objects.get(pk=role.pk)
    role.team = "Claims care"
    role.save()  # no new revision, no board version bump: the card's key still changes
    html = board(client, q="card")
    assert "Claims care" in html
    assert "Billing care" not in html


def test_with_the_cache_down_the_count_and_cities_are_read_once_per_process(client, settings):
    settings.CACHES = UNREACHABLE_CACHE
    for n in range(3):
        published_role(title=f"Outage Role {n}", city=f"City {n}")
    from django.db import connection

    with CaptureQueriesContext(connection) as first:
        assert "3 open roles" in board(client)
    with CaptureQueriesContext(connection) as second:
        assert "3 open roles" in board(client, page="1")
    assert len(first) == 3  # the list, the count, the cities
    assert len(second) == 1  # the list only


def test_with_the_cache_down_a_change_shows_within_the_local_read_time(client, settings):
    settings.CACHES = UNREACHABLE_CACHE
    published_role(title="First Outage Role")
    assert "1 open role" in board(client)
    published_role(title="Second Outage Role")
    assert "Second Outage Role" in board(client)  # the list is never kept
    board_cache._local_reads.clear()  # as LOCAL_READ_SECONDS passing does
    assert "2 open roles" in board(client)
    assert board_cache.LOCAL_READ_SECONDS <= board_cache.BOARD_CACHE_SECONDS


def test_with_the_cache_up_a_publish_shows_in_the_count_at_once(
    client, django_capture_on_commit_callbacks
):
    published_role(title="Only Role")
    assert "1 open role" in board(client)
    from roles import services

    with django_capture_on_commit_callbacks(execute=True):
        second = published_role(title="Another Role")
        services.close_role(role=second)
        third = published_role(title="Third Role")
    assert third
    assert "2 open roles" in board(client, page="1")


def test_a_role_page_body_is_rendered_once_per_revision(client, monkeypatch):
    role = published_role(title="Body Once")
    first = client.get(role.get_absolute_url()).content.decode()
    rendered = []
    original = board_cache.render_to_string
    monkeypatch.setattr(
        board_cache,
        "render_to_string",
        lambda *args, **kwargs: rendered.append(args) or original(*args, **kwargs),
    )
    again = client.get(f"{role.get_absolute_url()}?utm_source=mail")  # a page-cache miss
    assert again.status_code == 200
    assert rendered == []
    assert "What you will do" in again.content.decode()
    assert again.content.decode() == first


def test_a_new_revision_gets_its_own_body(client, django_capture_on_commit_callbacks):
    from roles import services

    role = published_role(title="Body Before")
    assert "Body Before" in client.get(role.get_absolute_url()).content.decode()
    role = RoleProfile.objects.get(pk=role.pk)
    role.title = "Body After"
    role.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_role(role=role, by=role.owner)
    html = client.get(role.get_absolute_url()).content.decode()
    assert '<h1 class="display-6 fw-semibold">Body After</h1>' in html


# --- a filtered page and its count in one query (views.SinglePassPaginator) ----------------


@pytest.fixture
def hybrid_roles():
    return [published_role(title=f"Hybrid Associate {n}", workplace="hybrid") for n in range(25)]


def card_count(html: str) -> int:
    return html.count('<li class="col-md-6">')


@pytest.mark.parametrize("params", [{"workplace": "hybrid"}, {"q": "associate"}])
def test_a_filtered_page_counts_every_match_not_just_its_own(client, hybrid_roles, params):
    first = board(client, **params)
    assert "25 open roles match your search" in first
    assert card_count(first) == 20
    assert "Page 1 of 2" in first
    second = board(client, page="2", **params)
    assert "25 open roles match your search" in second
    assert card_count(second) == 5
    assert "Page 2 of 2" in second


@pytest.mark.parametrize("page", ["3", "99999", "12345678901234567890"])
def test_a_filtered_page_past_the_end_shows_the_last_page(client, hybrid_roles, page):
    html = board(client, workplace="hybrid", page=page)
    assert "25 open roles match your search" in html
    assert card_count(html) == 5
    assert "Page 2 of 2" in html


@pytest.mark.parametrize("page", ["abc", "-3", "0", ""])
def test_a_filtered_page_number_that_is_not_one_shows_the_first(client, hybrid_roles, page):
    html = board(client, workplace="hybrid", page=page)
    assert "25 open roles match your search" in html
    assert card_count(html) == 20


def test_a_filtered_board_with_no_match_says_so_in_one_query(
    client, hybrid_roles, django_assert_num_queries
):
    board(client)  # the cities are cached
    with django_assert_num_queries(1):
        html = board(client, q="astronaut", workplace="hybrid")
    assert "0 open roles match your search" in html
    assert "No roles match that search" in html


def test_a_filtered_page_past_the_end_of_no_match_is_the_empty_first(client, hybrid_roles):
    html = board(client, q="astronaut", page="4")
    assert "0 open roles match your search" in html
    assert "No roles match that search" in html


# --- the plain board's list, kept per process under the board version ----------------------


def test_the_plain_boards_list_is_kept_per_process(client, django_assert_num_queries):
    published_role(title="Kept Role")
    board(client)
    with django_assert_num_queries(0):  # a URL the page cache leaves alone
        assert "Kept Role" in board(client, utm_source="mail")


def test_the_kept_list_shows_a_publish_and_a_close_at_once(
    client, django_capture_on_commit_callbacks
):
    from roles import services

    first = published_role(title="Early Role")
    assert "Early Role" in board(client, utm_source="a")
    with django_capture_on_commit_callbacks(execute=True):
        published_role(title="Later Role")
    html = board(client, utm_source="b")
    assert "Later Role" in html
    assert "2 open roles" in html
    with django_capture_on_commit_callbacks(execute=True):
        services.close_role(role=first)
    html = board(client, utm_source="c")
    assert "Early Role" not in html
    assert "1 open role" in html


def test_with_the_cache_down_the_plain_list_is_read_every_time(client, settings):
    settings.CACHES = UNREACHABLE_CACHE
    published_role(title="First Down Role")
    board(client)
    from django.db import connection

    with CaptureQueriesContext(connection) as again:
        board(client, utm_source="mail")
    assert len(again) == 1  # the list: no process can learn of another's publish
