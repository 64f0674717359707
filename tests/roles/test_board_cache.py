"""The page cache never hands one visitor what another visitor's request put in a page."""

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory

from roles.board_cache import cached_for_visitors
from roles.filters import cacheable_board_query
from tests.roles.factories import published_role

pytestmark = pytest.mark.django_db

PLANTED = "This portal has moved: reapply at careers-portal.example"


def messages_cookie(text: str) -> str:
    """A validly signed ``messages`` cookie, as any visitor who was once shown one holds."""
    storage = CookieStorage(RequestFactory().get("/"))
    return storage._encode([Message(constants.WARNING, text)])


def visitor(**cookies: str) -> Client:
    client = Client()
    for name, value in cookies.items():
        client.cookies[name] = value
    return client


@pytest.fixture
def role():
    return published_role(title="Cached Associate")


@pytest.fixture
def board_renders(monkeypatch):
    """How many times the board view built its page (a page-cache hit builds none).

    Not the query count: a plain board page's list is kept per process, so a page built
    from scratch may run no query at all.
    """
    from roles import views

    calls = []
    original = views.render
    monkeypatch.setattr(
        views, "render", lambda *args, **kwargs: calls.append(args[1]) or original(*args, **kwargs)
    )
    return calls


@pytest.mark.parametrize("path", ["/jobs/", "/", "role"])
def test_a_planted_message_never_reaches_clean_visitors(role, path):
    url = role.get_absolute_url() if path == "role" else path
    attacker = visitor(messages=messages_cookie(PLANTED))

    attacked = attacker.get(url).content.decode()
    clean = Client().get(url).content.decode()

    assert PLANTED in attacked  # the attacker sees their own message, as Django intends
    assert PLANTED not in clean


def test_a_visitor_with_a_message_is_not_served_the_cached_page(role):
    Client().get("/jobs/")  # cached
    html = visitor(messages=messages_cookie("Your application is withdrawn.")).get("/jobs/")
    assert "Your application is withdrawn." in html.content.decode()


@pytest.mark.parametrize("cookie", ["sessionid", "messages", "something_else"])
def test_any_cookie_but_the_csrf_cookie_bypasses_the_cache(role, cookie, board_renders):
    Client().get("/jobs/")
    assert board_renders == ["roles/board.html"]
    visitor(**{cookie: "x"}).get("/jobs/")
    assert len(board_renders) == 2, "served from the cache"


def test_the_csrf_cookie_alone_still_gets_the_cached_page(role, django_assert_num_queries):
    first = Client().get("/jobs/").content
    with django_assert_num_queries(0):
        assert visitor(csrftoken="a" * 32).get("/jobs/").content == first


def counting_view(body):
    calls = []

    def view(request):
        calls.append(1)
        return body(request)

    return view, calls


def test_a_page_that_renders_a_csrf_token_is_never_stored():
    view, calls = counting_view(lambda request: HttpResponse(f"token {get_token(request)}"))
    cached = cached_for_visitors(view)
    first = cached(RequestFactory().get("/x/"))
    second = cached(RequestFactory().get("/x/"))
    assert len(calls) == 2
    assert first.content != second.content  # each visitor their own token


@pytest.mark.parametrize(
    "respond",
    [
        pytest.param(lambda r: _with_cookie(HttpResponse("hi")), id="sets-a-cookie"),
        pytest.param(lambda r: _private(HttpResponse("hi")), id="private"),
        pytest.param(lambda r: HttpResponse("gone", status=404), id="not-found"),
        pytest.param(lambda r: _with_session_change(r), id="changes-the-session"),
        pytest.param(lambda r: _with_message(r), id="adds-a-message"),
    ],
)
def test_answers_that_belong_to_one_request_are_never_stored(client, respond):
    view, calls = counting_view(respond)
    cached = cached_for_visitors(view)
    for _ in range(2):
        request = RequestFactory().get("/x/")
        request.session = client.session
        request._messages = CookieStorage(request)
        cached(request)
    assert len(calls) == 2


def _with_cookie(response):
    response.set_cookie("seen", "1")
    return response


def _private(response):
    response["Cache-Control"] = "private"
    return response


def _with_session_change(request):
    request.session["visited"] = True
    return HttpResponse("hi")


def _with_message(request):
    request._messages.add(constants.INFO, "Hello you")
    return HttpResponse("hi")


# --- canonical URLs only ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ""),
        ("page=2", "page=2"),
        (
            "workplace=remote&employment_type=full_time",
            "employment_type=full_time&workplace=remote",
        ),
        ("q=&location=&workplace=remote&employment_type=&pay_at_least=", "workplace=remote"),
        ("location=Columbus", "location=Columbus"),
        ("q=billing", None),  # free text: every search would be an entry
        ("pay_at_least=40000", None),
        ("utm_source=newsletter", None),
        ("workplace=remote&workplace=remote", None),
        ("workplace=moon", None),
        ("location=Atlantis", None),
        ("page=0", None),
        ("page=01", None),
        ("page=abc", None),
        ("page=501", None),
        ("page=²", None),
    ],
)
def test_only_what_the_board_offers_is_a_cache_key(role, query, expected):
    from django.http import QueryDict

    assert cacheable_board_query(QueryDict(query)) == expected


@pytest.mark.parametrize(
    "query", ["?utm_source=x", "?q=help", "?workplace=moon", "?page=99", "?page=1&page=1"]
)
def test_non_canonical_board_urls_are_rendered_every_time(role, query, board_renders):
    client = Client()
    client.get(f"/jobs/{query}")
    client.get(f"/jobs/{query}")
    assert len(board_renders) == 2, "served from the cache"


def test_the_form_submission_and_the_clean_link_share_one_entry(role, django_assert_num_queries):
    client = Client()
    workplace = role.current_revision.workplace
    client.get(f"/jobs/?q=&location=&workplace={workplace}&employment_type=&pay_at_least=")
    with django_assert_num_queries(0):
        assert "Cached Associate" in client.get(f"/jobs/?workplace={workplace}").content.decode()


def test_links_on_the_board_carry_only_the_boards_own_parameters(role):
    for n in range(25):
        published_role(title=f"Role {n}")
    html = Client().get("/jobs/?utm_source=newsletter&q=Role&junk=%3Cb%3E").content.decode()
    links = re.findall(r'href="\?([^"]*)"', html)
    assert links
    for link in links:
        assert "utm_source" not in link
        assert "junk" not in link
        assert "q=Role" in link


def test_the_role_page_names_the_site_from_settings_not_the_host_header(role, settings):
    settings.ALLOWED_HOSTS = ["careers.example.com", "evil.example.com"]
    settings.SITE_URL = "https://careers.example.com"
    Client().get(role.get_absolute_url(), HTTP_HOST="evil.example.com")
    html = Client().get(role.get_absolute_url(), HTTP_HOST="careers.example.com").content
    assert b"evil.example.com" not in html
    assert b"https://careers.example.com/jobs/cached-associate/" in html
