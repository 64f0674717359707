"""A recruiter opens the reports from the dashboard, filters them, and reads the figures."""

import re

from django.test import override_settings
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_pipeline import sign_in
from tests.factories import UserFactory
from tests.reports.factories import another_role, application_at, reviewed, scored_attempt
from tests.reports.test_reports import fairness_data, funnel_data, outcomes_data
from tests.roles.factories import published_role


def history():
    chat = published_role(title="Weekend Chat Associate")
    funnel_data(chat)
    outcomes_data(chat)
    fairness_data(chat)
    ann = UserFactory(username="ann", first_name="Ann", last_name="Ames", groups=["reviewer"])
    bo = UserFactory(username="bo", first_name="Bo", last_name="Berg", groups=["reviewer"])
    for a, b in ((5, 4), (3, 3), (2, 1), (4, 4)):
        attempt = scored_attempt(application_at(chat, "review"), total=50, tasks={})
        reviewed(attempt, "mock_call", {ann: {"empathy": a}, bo: {"empathy": b}})
    phone = another_role("Phone Support Lead")
    for _ in range(3):
        application_at(phone, "applied", source="referral")
    return chat, phone


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(ARTIFACTS / f"reports-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


@override_settings(REPORTS_MIN_GROUP_SIZE=10)
def test_recruiter_opens_the_reports_and_filters_them(page, a11y, recruiter):
    _, phone = history()
    sign_in(page, recruiter)
    page.get_by_role("link", name="Open the reports").click()
    expect(page).to_have_url(re.compile("/staff/reports/$"))
    expect(page.get_by_role("heading", name="Funnel")).to_be_visible()
    expect(page.get_by_role("img", name="How many applications reached each stage")).to_be_visible()
    funnel = page.get_by_role("table", name=re.compile("reached each stage"))
    applied = funnel.get_by_role("row", name=re.compile("^Applied"))
    whole = applied.get_by_role("cell").first.inner_text()
    a11y()
    shoot(page, "funnel")

    page.get_by_label("Role").select_option(label="Phone Support Lead")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(rf"role={phone.pk}"))
    expect(applied.get_by_role("cell").first).to_have_text("3")
    assert whole != "3"

    page.get_by_role("link", name="Adverse impact").click()
    expect(page).to_have_url(re.compile(rf"/staff/reports/fairness/\?.*role={phone.pk}"))
    page.get_by_label("Role").select_option(label="Weekend Chat Associate")
    page.get_by_role("button", name="Show").click()
    stages = page.get_by_role("table", name=re.compile("Moving on from each stage"))
    small = stages.get_by_role("row", name=re.compile("Applied to Screening Non-binary"))
    expect(small).to_contain_text("too few to judge")
    a11y()
    shoot(page, "fairness")

    page.expected_errors = ["status of 400"]  # the refused filter's own answer
    page.get_by_label("Applied from").fill("2026-10-02")
    page.get_by_label("Applied until").fill("2026-10-01")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("alert")).to_contain_text("The start date is after the end date")
    expect(page.get_by_role("img")).to_have_count(0)
    a11y()

    page.goto("/staff/reports/raters/")
    expect(page.get_by_role("img", name=re.compile("drift"))).to_be_visible()
    a11y()
    shoot(page, "raters")
    page.goto("/staff/reports/assessments/")
    a11y()
    shoot(page, "assessments")
