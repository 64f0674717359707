"""A candidate asks for a sign-in link, follows it, reads their applications and withdraws one."""

import re

from django.conf import settings
from playwright.sync_api import expect

from applicants import services
from tests.applicants.factories import ApplicationFactory
from tests.applicants.mail import sign_in_link


def emailed_link(live_server, email: str) -> str:
    """The mailed sign-in link, pointed at the test server instead of the real site."""
    return sign_in_link(email).replace(settings.SITE_URL, live_server.url, 1)


def test_candidate_signs_in_by_link_and_withdraws_an_application(page, a11y, live_server):
    staying = ApplicationFactory()
    candidate = staying.candidate
    leaving = ApplicationFactory(candidate=candidate)
    leaving_title = leaving.revision.title

    page.goto("/candidate/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Follow your applications")
    a11y()
    page.get_by_label("The email you applied with").fill(candidate.email)
    page.get_by_role("button", name="Email me a sign-in link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    expect(page.get_by_text(candidate.email)).to_be_visible()
    a11y()

    page.goto(emailed_link(live_server, candidate.email))
    a11y()
    page.get_by_role("button", name="Continue to your applications").click()
    expect(page).to_have_url(re.compile("/candidate/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your applications")
    expect(page.get_by_role("heading", name=staying.revision.title)).to_be_visible()
    expect(page.get_by_role("heading", name=leaving_title)).to_be_visible()
    header = page.locator("header")
    expect(header.get_by_text(f"Signed in as {candidate.name}")).to_be_visible()
    expect(header.get_by_role("link", name="Staff sign in")).to_have_count(0)
    a11y()

    page.get_by_role("link", name="Your details").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your details")
    a11y()
    page.get_by_label("Phone").fill("+1 555 010 4242")
    page.get_by_role("button", name="Save my details").click()
    expect(page.get_by_text("Your details are saved")).to_be_visible()

    page.get_by_role("link", name=f"Withdraw your application for {leaving_title}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(leaving_title)
    a11y()
    page.get_by_role("button", name="Yes, withdraw my application").click()
    expect(page.get_by_text(f"Your application for {leaving_title} is withdrawn")).to_be_visible()
    expect(page.get_by_text("You withdrew this application")).to_be_visible()
    a11y()

    page.goto("/jobs/")  # the header says so on every page, with its own sign-out
    expect(header.get_by_text(f"Signed in as {candidate.name}")).to_be_visible()
    header.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out")).to_be_visible()
    expect(header.get_by_role("link", name="Staff sign in")).to_be_visible()
    page.goto("/candidate/")
    expect(page).to_have_url(re.compile("/candidate/login/$"))


def test_the_sign_in_token_never_leaves_in_a_referer(page, live_server):
    """The link page loads styles and scripts and posts its form: none of it carries the
    token in a Referer (which would write it into access logs), and the post still works."""
    candidate = ApplicationFactory().candidate
    services.request_magic_link(email=candidate.email)
    link = emailed_link(live_server, candidate.email)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    sent = []
    page.on("request", lambda request: sent.append(request.headers.get("referer", "")))

    page.goto(link)
    page.get_by_role("button", name="Continue to your applications").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your applications")
    assert len(sent) > 3  # the page, its styles and scripts, the post
    assert not [referer for referer in sent if token in referer]


def test_candidate_joins_and_leaves_the_talent_pool(page, a11y, live_server):
    candidate = ApplicationFactory().candidate
    services.request_magic_link(email=candidate.email)
    page.goto(emailed_link(live_server, candidate.email))
    page.get_by_role("button", name="Continue to your applications").click()
    expect(page.get_by_text("You are not in our talent pool")).to_be_visible()

    page.get_by_role("link", name="Join the talent pool").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Our talent pool")
    a11y()
    page.get_by_label("Yes, keep my details and contact me about similar roles").check()
    page.get_by_role("button", name="Save my choice").click()
    expect(page.get_by_role("alert")).to_contain_text("You are in our talent pool")
    a11y()
    candidate.refresh_from_db()
    assert candidate.talent_pool_consent_at is not None

    page.get_by_role("link", name="Leave the talent pool").click()
    page.get_by_label(re.compile("No, delete my details")).check()
    page.get_by_role("button", name="Save my choice").click()
    expect(page.get_by_role("alert")).to_contain_text("You are not in our talent pool")
    candidate.refresh_from_db()
    assert candidate.talent_pool_consent_at is None
