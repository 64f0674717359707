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
