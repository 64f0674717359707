"""The role editor's rows: added, moved and removed in the page, saved in one go."""

import re
from decimal import Decimal

from playwright.sync_api import expect

from roles.models import RoleProfile
from tests.browser.test_role_publishing import sign_in
from tests.roles.factories import KpiTargetFactory, complete_role, published_role


def responsibility_texts(role) -> list[str]:
    return list(RoleProfile.objects.get(pk=role.pk).responsibilities.values_list("text", flat=True))


def test_recruiter_adds_moves_and_removes_rows_without_a_round_trip(page, a11y, recruiter):
    role = complete_role(owner=recruiter)
    KpiTargetFactory(role=role, value=Decimal("90"))
    first, second = responsibility_texts(role)
    sign_in(page, recruiter)
    page.goto(f"/staff/roles/{role.pk}/edit/")
    section = page.get_by_role("region", name="Responsibilities")
    rows = section.locator("[data-formset-row]:visible")
    expect(rows).to_have_count(4)  # two saved, two blank
    # The plain form's order numbers and ticks give way to buttons.
    expect(section.locator("[data-row-order]:visible")).to_have_count(0)
    page.evaluate("window.stillTheSamePage = true")
    a11y()

    section.get_by_role("button", name="Add a responsibility").click()
    expect(rows).to_have_count(5)
    new_text = section.locator("#id_responsibilities-4-text")
    new_category = section.locator("#id_responsibilities-4-category")
    expect(new_category).to_be_focused()
    expect(page.get_by_role("status")).to_have_text("Responsibility 5 added.")
    new_text.fill("Coach newer colleagues on difficult calls.")

    # Up to the top with the keyboard: the button keeps focus after each move.
    section.get_by_role("button", name="Move responsibility 5 up").focus()
    for _ in range(4):
        page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Responsibility moved to position 1 of 5.")
    expect(section.get_by_role("button", name="Move responsibility 1 up")).to_be_focused()
    expect(rows.first.locator("textarea")).to_have_value(
        "Coach newer colleagues on difficult calls."
    )

    # Remove the first saved one, undo, and remove it again.
    section.get_by_role("button", name="Remove responsibility 2").click()
    expect(rows).to_have_count(4)
    undo = section.get_by_role("button", name="Undo")
    expect(undo).to_be_focused()
    page.keyboard.press("Enter")
    expect(rows).to_have_count(5)
    expect(page.get_by_role("status")).to_have_text("Responsibility 2 is back.")
    section.get_by_role("button", name="Remove responsibility 2").click()
    expect(page.get_by_role("status")).to_contain_text("Responsibility 2 removed.")
    a11y()

    # The KPI value reads as saved, whole, in its box.
    value = page.locator("#id_kpi_targets-1-value")
    expect(value).to_have_value("90")
    assert value.evaluate("box => box.scrollWidth <= box.clientWidth")

    assert page.evaluate("window.stillTheSamePage") is True
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Saved.", exact=True)).to_be_visible()
    assert responsibility_texts(role) == ["Coach newer colleagues on difficult calls.", second]
    positions = RoleProfile.objects.get(pk=role.pk).responsibilities.values_list("position")
    assert [p for (p,) in positions] == [1, 2]
    assert first not in responsibility_texts(role)


def test_a_form_sent_back_with_errors_keeps_the_rows_as_arranged(page, recruiter):
    role = complete_role(owner=recruiter)
    first, second = responsibility_texts(role)
    page.expected_errors = ["status of 400"]  # the refused save, on purpose
    sign_in(page, recruiter)
    page.goto(f"/staff/roles/{role.pk}/edit/")
    section = page.get_by_role("region", name="Responsibilities")
    section.get_by_role("button", name="Move responsibility 2 up").click()
    page.get_by_label("Title").fill("")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Some fields need attention")).to_be_visible()
    texts = section.locator("[data-formset-row]:visible textarea")
    expect(texts.nth(0)).to_have_value(second)
    expect(texts.nth(1)).to_have_value(first)
    page.get_by_label("Title").fill("Customer Service Associate")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Saved.", exact=True)).to_be_visible()
    assert responsibility_texts(role) == [second, first]


def test_the_editor_script_runs_under_the_content_security_policy(chromium, live_server, recruiter):
    """The other browser tests bypass the CSP to inject axe; this one keeps it."""
    context = chromium.new_context(base_url=live_server.url)
    violations: list[str] = []
    try:
        page = context.new_page()
        page.on(
            "console",
            lambda msg: violations.append(msg.text) if "Content Security" in msg.text else None,
        )
        role = complete_role(owner=recruiter)
        sign_in(page, recruiter)
        page.goto(f"/staff/roles/{role.pk}/edit/")
        page.get_by_role("button", name="Add a qualification").click()
        expect(page.get_by_role("status")).to_have_text(re.compile("Qualification 5 added"))
        assert violations == []
    finally:
        context.close()


def test_without_javascript_the_order_numbers_and_remove_ticks_still_work(
    chromium, live_server, recruiter
):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        role = complete_role(owner=recruiter)
        first, second = responsibility_texts(role)
        sign_in(page, recruiter)
        page.goto(f"/staff/roles/{role.pk}/edit/")
        section = page.get_by_role("region", name="Responsibilities")
        expect(section.get_by_role("button", name="Add a responsibility")).to_be_hidden()
        section.locator("#id_responsibilities-0-ORDER").fill("2")
        section.locator("#id_responsibilities-1-ORDER").fill("1")
        section.locator("#id_responsibilities-2-text").fill("Keep notes on every contact.")
        section.locator("#id_responsibilities-2-ORDER").fill("3")
        page.get_by_role("button", name="Save draft").click()
        expect(page.get_by_text("Saved.", exact=True)).to_be_visible()
        assert responsibility_texts(role) == [second, first, "Keep notes on every contact."]
    finally:
        context.close()


def test_the_role_list_and_editor_on_a_phone(chromium, live_server, recruiter):
    from tests.applicants.factories import ApplicationFactory
    from tests.browser.conftest import A11yChecker

    role = published_role(owner=recruiter, title="Phone Role")
    ApplicationFactory(role=role)
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, bypass_csp=True
    )
    try:
        page = context.new_page()
        sign_in(page, recruiter)
        page.goto("/staff/roles/")
        row = page.get_by_role("row", name=re.compile("Phone Role"))
        expect(row).to_contain_text("Applied 1")
        A11yChecker(page)()
        page.goto(f"/staff/roles/{role.pk}/edit/")
        section = page.get_by_role("region", name="Career path")
        section.get_by_role("button", name="Add a career step").click()
        expect(section.locator("[data-formset-row]:visible")).to_have_count(3)
        A11yChecker(page)()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        context.close()
