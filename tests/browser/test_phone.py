"""A candidate on a phone (390 x 844): the board, a role page and the apply form."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import A11yChecker
from tests.roles.factories import published_role

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, viewport=PHONE, bypass_csp=True)
    yield context.new_page()
    context.close()


def test_the_first_role_is_on_the_first_screen_and_the_filters_unfold(phone):
    published_role(title="Customer Service Associate")
    published_role(title="Billing Support Associate")
    phone.goto("/jobs/")
    card = phone.locator(".role-card").first
    box = card.bounding_box()
    assert box["y"] + 80 < PHONE["height"], box  # its title and place, at least
    expect(card.get_by_role("link")).to_be_in_viewport()
    expect(phone.get_by_label("Location")).to_be_hidden()
    expect(phone.get_by_role("searchbox", name="Search")).to_be_visible()
    phone.get_by_role("button", name="Filters").click()
    expect(phone.get_by_label("Location")).to_be_visible()
    A11yChecker(phone)()


def test_a_role_page_leads_with_its_key_facts_and_a_slim_apply_bar(phone):
    role = published_role(
        title="Customer Service Associate",
        city="Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch",
        region="Isle of Anglesey",
    )
    phone.goto(role.get_absolute_url())
    facts = phone.get_by_role("list", name="At a glance")
    for text in ["Llanfairpwll", "On-site", "$36,000 – $44,000 per year", "Apply by"]:
        expect(facts.get_by_text(text, exact=False)).to_be_in_viewport()
    # The long address wraps: nothing is wider than the screen.
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    bar = phone.locator(".apply-bar").bounding_box()
    assert bar["height"] <= 64, bar
    expect(phone.get_by_role("link", name="Apply for this role")).to_be_in_viewport()
    A11yChecker(phone)()


def test_the_apply_form_lists_what_to_fix(phone):
    role = published_role(title="Customer Service Associate")
    phone.goto(f"{role.get_absolute_url()}apply/")
    phone.get_by_label("Full name").fill("Jane Doe")
    phone.get_by_role("button", name="Send application").click()
    summary = phone.get_by_role("alert")
    expect(summary).to_contain_text("Please check your application")
    expect(summary.get_by_role("link", name="Email")).to_be_visible()
    expect(summary.get_by_role("link", name="Resume")).to_be_visible()
    expect(summary).not_to_contain_text("choose your resume again")  # none was chosen
    summary.get_by_role("link", name="Email").click()
    expect(phone).to_have_url(re.compile("#id_email$"))
    A11yChecker(phone)()
