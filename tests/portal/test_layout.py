import re

import pytest


@pytest.mark.django_db
def test_home_page_uses_only_local_assets(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    external = [s for s in sources if s.startswith(("http:", "https:", "//"))]
    assert external == []
    assert "/static/vendor/bootstrap/bootstrap.min.css" in html
    assert "/static/vendor/htmx/htmx.min.js" in html


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_pages_have_no_inline_scripts_or_styles(client):
    html = client.get("/").content.decode()
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None
    assert " style=" not in html
    assert "<style" not in html


@pytest.mark.django_db
def test_navigation_offers_public_and_staff_areas(client):
    html = client.get("/jobs/").content.decode()
    assert 'href="/jobs/"' in html
    assert 'href="/accounts/login/"' in html
    assert "Skip to main content" in html


@pytest.mark.django_db
def test_staff_navigation_appears_once_signed_in(recruiter_client):
    html = recruiter_client.get("/jobs/").content.decode()
    assert 'href="/staff/"' in html
    assert "Sign out" in html


@pytest.mark.django_db
def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"We could not find that page" in response.content


@pytest.mark.parametrize("path", ["/accounts/login/", "/candidate/login/", "/jobs/", "/privacy/"])
@pytest.mark.django_db
def test_public_forms_are_not_nested(client, path):
    """A form inside a form is invalid HTML: the browser drops the inner tag, and with it
    whatever the inner form meant (the staff sign-in's crispy helper wrote a second one)."""
    html = client.get(path).content.decode()
    depth = 0
    for tag in re.findall(r"<(/?)form\b", html):
        depth += -1 if tag else 1
        assert depth in (0, 1), f"a <form> inside a <form> on {path}"
    assert depth == 0
