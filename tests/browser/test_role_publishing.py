"""A recruiter writes a role in the browser, reads the checker, publishes, finds it public."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD


def sign_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile("/staff/$"))


def test_recruiter_writes_checks_and_publishes_a_role(page, a11y, recruiter, hiring_manager):
    sign_in(page, recruiter)
    page.get_by_role("link", name="Role profiles").click()
    a11y()
    page.get_by_role("link", name="New role").click()
    expect(page.get_by_role("heading", name="New role profile")).to_be_visible()
    a11y()

    page.get_by_label("Title").fill("Weekend Chat Associate")
    page.get_by_label("Family").select_option("customer_service")
    page.get_by_label("Summary").fill(
        "You will answer customer chats at weekends. We want a rockstar who thrives under pressure."
    )
    page.get_by_label("City").fill("Denver")
    page.get_by_label("Region").fill("Colorado")
    page.get_by_label("Country").fill("US")
    page.get_by_label("Chat").check()
    page.get_by_label("Closing date").fill((timezone.localdate() + timedelta(days=20)).isoformat())
    page.get_by_label(hiring_manager.get_full_name()).check()
    page.locator("#id_responsibilities-0-text").fill(
        "Answer customer chats about orders and returns, two or three at a time."
    )
    page.locator("#id_responsibilities-1-text").fill("Other duties as assigned.")
    page.locator("#id_qualifications-0-category").select_option("communication")
    page.locator("#id_qualifications-0-text").fill("Friendly, accurate written English.")
    page.locator("#id_kpi_targets-0-metric").select_option("csat")
    page.locator("#id_kpi_targets-0-comparator").select_option("at_least")
    page.locator("#id_kpi_targets-0-value").fill("85")
    page.locator("#id_kpi_targets-0-unit").select_option("percent")
    page.get_by_label("Pay from").fill("17")
    page.get_by_label("Pay up to").fill("20")
    page.locator("#id_pay-currency").fill("USD")
    page.locator("#id_pay-pay_period").select_option("hour")
    page.get_by_role("button", name="Save and preview").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Weekend Chat Associate"))
    checker = page.get_by_role("region", name=re.compile("Profile checker"))
    expect(checker).to_contain_text("rockstar")
    expect(checker).to_contain_text("Other duties as assigned")
    expect(page.get_by_text("As candidates will see it")).to_be_visible()
    a11y()

    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text("Published: the role is on the board.")).to_be_visible()
    a11y()

    page.get_by_role("link", name="Open roles").first.click()
    page.get_by_role("searchbox", name="Search").fill("weekend chat")
    page.get_by_role("button", name="Search roles").click()
    expect(page.get_by_text("1 open role match your search")).to_be_visible()
    a11y()
    page.get_by_role("link", name="Weekend Chat Associate").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Weekend Chat Associate")
    expect(
        page.get_by_role("complementary", name="Key facts").get_by_text("$17 – $20 per hour")
    ).to_be_visible()
    a11y()


def test_candidate_browses_and_filters_the_board_on_a_phone(chromium, live_server):
    from tests.roles.factories import published_role

    published_role(title="Remote Helper", workplace="remote", remote_eligibility="United States",
                   city="", region="")  # fmt: skip
    published_role(title="Office Helper")
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, bypass_csp=True
    )
    try:
        page = context.new_page()
        page.goto("/jobs/")
        # The filters fold behind a button, so the first role shows on the first screen.
        first_card = page.locator(".role-card").first.bounding_box()
        assert first_card["y"] < 844
        expect(page.get_by_label("Workplace")).to_be_hidden()
        page.get_by_role("button", name="Filters").click()
        page.get_by_label("Workplace").select_option("remote")
        page.get_by_role("button", name="Search roles").click()
        expect(page.get_by_role("link", name="Remote Helper")).to_be_visible()
        expect(page.get_by_role("link", name="Office Helper")).to_have_count(0)
        expect(page.get_by_label("Workplace")).to_be_visible()  # a filter in use stays open
        expect(page.get_by_role("button", name="Filters (on)")).to_be_visible()
        from tests.browser.conftest import A11yChecker

        A11yChecker(page)()
    finally:
        context.close()
