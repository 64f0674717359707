"""The whole path of issue 5: apply from a phone, follow the mailed link, get moved on."""

import re

from django.conf import settings
from playwright.sync_api import expect

from applicants.models import Application
from applicants.services import ensure_stages
from tests.applicants.documents import pdf_bytes
from tests.applicants.mail import sign_in_link
from tests.browser.conftest import A11yChecker
from tests.factories import TEST_PASSWORD
from tests.roles.factories import published_role


def mailed_link(live_server, email: str) -> str:
    """The mailed sign-in link, pointed at the test server instead of the real site."""
    return sign_in_link(email).replace(settings.SITE_URL, live_server.url, 1)


def test_candidate_applies_on_a_phone_and_a_recruiter_moves_the_application(
    chromium, live_server, tmp_path, recruiter
):
    role = published_role(title="Weekend Chat Associate")
    resume = tmp_path / "jane-doe.pdf"
    resume.write_bytes(pdf_bytes())
    context = chromium.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        bypass_csp=True,
    )
    try:
        page = context.new_page()
        a11y = A11yChecker(page)
        page.goto(f"/jobs/{role.slug}/")
        a11y()
        page.get_by_role("link", name="Apply for this role").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Apply for Weekend Chat Associate"
        )
        a11y()
        page.get_by_label("Full name").fill("Jane Doe")
        page.get_by_label("Email").fill("jane.doe@example.com")
        page.get_by_label("Phone").fill("+1 555 010 0199")
        page.get_by_label("Resume").set_input_files(str(resume))
        page.get_by_role("radio", name="Yes").first.check()
        page.get_by_label("I have read the privacy notice").check()
        page.get_by_role("button", name="Send application").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("your application for")
        a11y()

        page.goto(mailed_link(live_server, "jane.doe@example.com"))
        page.get_by_role("button", name=re.compile("Continue")).click()
        expect(page.get_by_text("Weekend Chat Associate").first).to_be_visible()
        expect(page.get_by_text("Received").first).to_be_visible()
        a11y()
    finally:
        context.close()

    application = Application.objects.get(candidate__email="jane.doe@example.com")
    screening = ensure_stages(application.role)[1]
    staff = chromium.new_context(base_url=live_server.url, bypass_csp=True)
    try:
        page = staff.new_page()
        a11y = A11yChecker(page)
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(recruiter.username)
        page.get_by_label("Password").fill(TEST_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.goto(f"/staff/pipeline/{role.slug}/")
        a11y()
        card = page.locator(f"#application-{application.pk}")
        card.get_by_label("Move Jane Doe to").select_option(label="Screening")
        card.get_by_role("button", name="Move Jane Doe").click()
        column = page.locator(f"#column-{screening.pk}")
        expect(column.get_by_role("link", name="Jane Doe")).to_be_visible()
        page.mouse.move(0, 0)
        page.wait_for_timeout(300)
        a11y()
    finally:
        staff.close()
    application.refresh_from_db()
    assert application.stage == screening
