"""Site-wide answers: the body cap, the client's address behind the proxy, the headers."""

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory

from csa_portal.permissions_policy import allow_microphone, policy_header

pytestmark = pytest.mark.django_db


# --- the body cap ----------------------------------------------------------------------------


def post_declaring(client: Client, url: str, declared: int):
    """A POST whose Content-Length says ``declared`` bytes while one byte is there.

    If anything tried to read the body Django would fail loudly (the test client's payload
    refuses to read past its end): a 413 here proves the body was never read.
    """
    return client.post(
        url, data=b"x", content_type="application/octet-stream", CONTENT_LENGTH=str(declared)
    )


@pytest.mark.parametrize("url", ["/jobs/some-role/apply/", "/candidate/login/", "/accounts/login/"])
def test_a_512_mb_body_is_refused_before_it_is_read(client, url):
    response = post_declaring(client, url, 512 * 1024 * 1024)

    assert response.status_code == 413
    html = response.content.decode()
    assert "more than we can receive at once" in html
    assert "up to 12 MB" in html
    assert not response.has_header("Connection")  # hop-by-hop: WSGI servers refuse it
    assert "Content-Security-Policy" in response  # the portal's own page, with its headers


def test_the_cap_is_a_setting(client, settings):
    settings.MAX_REQUEST_BODY_BYTES = 1024
    assert post_declaring(client, "/candidate/login/", 1025).status_code == 413
    assert post_declaring(client, "/candidate/login/", 1024).status_code != 413


def test_a_length_that_is_not_a_number_is_not_a_server_error(client):
    response = post_declaring(client, "/candidate/login/", 0)
    assert response.status_code != 500
    response = client.post(
        "/candidate/login/", data=b"", content_type="text/plain", CONTENT_LENGTH="lots"
    )
    assert response.status_code in {400, 403}


# --- the client's address behind the proxy ---------------------------------------------------


def magic_link_requests(settings, *, real_ips: list[str]) -> list[int]:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "magic-link-ip": (1, 3600)}
    statuses = []
    for n, real_ip in enumerate(real_ips):
        client = Client(REMOTE_ADDR="172.18.0.5", headers={"x-real-ip": real_ip})  # all via nginx
        statuses.append(
            client.post("/candidate/login/", {"email": f"p{n}@example.com"}).status_code
        )
    return statuses


def test_behind_the_proxy_each_client_has_its_own_limit(settings):
    settings.CLIENT_IP_HEADER = "X-Real-IP"
    assert magic_link_requests(settings, real_ips=["203.0.113.1", "203.0.113.2"]) == [302, 302]


def test_without_the_setting_the_header_is_ignored(settings):
    """Anyone can send X-Real-IP: it counts only when our own proxy is the one way in."""
    settings.CLIENT_IP_HEADER = ""
    assert magic_link_requests(settings, real_ips=["203.0.113.1", "203.0.113.2"]) == [302, 429]


def test_a_header_that_is_not_an_address_is_ignored(settings):
    settings.CLIENT_IP_HEADER = "X-Real-IP"
    assert magic_link_requests(settings, real_ips=["not-an-ip", "<script>"]) == [302, 429]


# --- headers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/", "/jobs/", "/privacy/", "/candidate/login/", "/accounts/login/", "/no-such-page/"]
)
def test_every_answer_switches_off_powerful_browser_features(client, path):
    policy = client.get(path)["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in policy


def test_a_view_that_records_may_use_the_microphone_on_our_origin_only():
    view = allow_microphone(lambda request: HttpResponse("record"))

    policy = view(RequestFactory().get("/"))["Permissions-Policy"]

    assert "microphone=(self)" in policy
    assert "camera=()" in policy
    assert policy == policy_header(microphone=("self",))


def test_the_middleware_keeps_a_views_own_policy(client, settings):
    settings.ROOT_URLCONF = "tests.portal.microphone_urls"
    assert "microphone=(self)" in client.get("/record/")["Permissions-Policy"]
    assert "microphone=()" in client.get("/elsewhere/")["Permissions-Policy"]


@pytest.mark.parametrize(
    "path",
    ["/candidate/login/abcDEF123-_x/", "/candidate/assessment/abcDEF123-_x/"],
)
def test_a_page_whose_address_holds_a_token_never_sends_it_on(client, path):
    assert client.get(path)["Referrer-Policy"] == "strict-origin"


@pytest.mark.parametrize("path", ["/jobs/", "/candidate/login/"])
def test_other_pages_keep_the_sites_referrer_policy(client, path):
    assert client.get(path)["Referrer-Policy"] == "same-origin"
