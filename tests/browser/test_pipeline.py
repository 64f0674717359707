"""A recruiter works a role's pipeline board in the browser and opens an application."""

import re

from playwright.sync_api import expect

from applicants.models import StageKind
from applicants.services import ensure_stages, knockout_reason
from tests.applicants.factories import ApplicationFactory, CandidateFactory
from tests.factories import TEST_PASSWORD
from tests.roles.factories import published_role


def sign_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile("/staff/$"))


def board_with_two_candidates():
    role = published_role(title="Weekend Chat Associate")
    jo = ApplicationFactory(role=role, candidate=CandidateFactory(name="Jo Park"))
    ApplicationFactory(role=role, candidate=CandidateFactory(name="Sam Roe"), knocked_out=True)
    screening = next(s for s in ensure_stages(role) if s.kind == StageKind.SCREENING)
    return role, jo, screening


def move_jo_to_screening(page, jo, screening):
    card = page.locator(f"#application-{jo.pk}")
    card.get_by_label("Move Jo Park to").select_option(label="Screening")
    card.get_by_role("button", name="Move Jo Park").click()
    column = page.locator(f"#column-{screening.pk}")
    expect(column.get_by_role("link", name="Jo Park")).to_be_visible()
    return column


def test_recruiter_moves_a_card_without_a_reload_and_opens_the_application(page, a11y, recruiter):
    role, jo, screening = board_with_two_candidates()
    sign_in(page, recruiter)
    page.goto(f"/staff/pipeline/{role.slug}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Weekend Chat Associate")
    expect(page.get_by_text("Knocked out", exact=True)).to_be_visible()
    a11y()

    page.evaluate("window.boardLoadedOnce = true")  # gone if the page reloads
    column = move_jo_to_screening(page, jo, screening)
    expect(page.locator("#pipeline-status")).to_have_text("Moved Jo Park to Screening.")
    expect(column.get_by_role("link", name="Jo Park")).to_be_focused()
    assert page.evaluate("window.boardLoadedOnce") is True
    # The next card slid under the pointer; let its hover colour transition finish first.
    page.mouse.move(0, 0)
    page.wait_for_timeout(300)
    a11y()

    column.get_by_role("link", name="Jo Park").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jo Park")
    expect(page.get_by_text("At Screening for less than a day.")).to_be_visible()
    history = page.get_by_role("table", name=re.compile("Every move"))
    expect(history).to_contain_text(recruiter.get_full_name())
    a11y()


def test_the_board_works_under_the_content_security_policy(chromium, live_server, recruiter):
    """No bypass here: an inline script or style, or a blocked htmx feature, logs an error."""
    role, jo, screening = board_with_two_candidates()
    context = chromium.new_context(base_url=live_server.url)
    try:
        page = context.new_page()
        problems: list[str] = []
        page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        sign_in(page, recruiter)
        page.goto(f"/staff/pipeline/{role.slug}/")
        move_jo_to_screening(page, jo, screening)
        page.goto(f"/staff/applications/{jo.pk}/")
        page.wait_for_load_state("networkidle")
        assert problems == []
    finally:
        context.close()


def test_a_card_moves_with_the_arrow_keys_and_the_bulk_panel_follows_the_action(
    page, a11y, recruiter
):
    role, jo, screening = board_with_two_candidates()
    sign_in(page, recruiter)
    page.goto(f"/staff/pipeline/{role.slug}/")
    expect(page.locator("#board-keys-help")).to_be_visible()
    page.evaluate("window.boardLoadedOnce = true")

    handle = page.get_by_role("button", name="Jo Park: move with the arrow keys")
    handle.focus()
    page.keyboard.press("ArrowRight")
    column = page.locator(f"#column-{screening.pk}")
    expect(column.get_by_role("link", name="Jo Park")).to_be_visible()
    expect(page.locator("#pipeline-status")).to_have_text("Moved Jo Park to Screening.")
    # Focus stays on the card's handle, so the arrows carry on from there.
    expect(column.get_by_role("button", name="Jo Park: move with the arrow keys")).to_be_focused()
    page.keyboard.press("ArrowLeft")
    applied_column = page.locator(f"#column-{jo.stage_id}")
    expect(applied_column.get_by_role("button", name="Jo Park: move with")).to_be_focused()
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#pipeline-status")).to_have_text("Already at the first stage.")
    assert page.evaluate("window.boardLoadedOnce") is True

    # The bulk panel: only the chosen action's fields, and the selection counted.
    page.get_by_text("Act on several applications at once").click()
    page.get_by_label("Select Jo Park").check()
    page.get_by_label("Select Sam Roe").check()
    expect(page.locator("[data-selection-count]")).to_have_text("2 selected")
    expect(page.get_by_role("button", name="Apply to 2 selected")).to_be_visible()
    expect(page.locator("#bulk-form").get_by_label("Stage", exact=True)).to_be_visible()
    expect(page.locator("#bulk-form").get_by_label("Reason")).to_be_hidden()
    page.get_by_label("Reject (not progressing)").check()
    expect(page.locator("#bulk-form").get_by_label("Stage", exact=True)).to_be_hidden()
    expect(page.locator("#bulk-form").get_by_label("Reason")).to_be_visible()
    a11y()


def test_a_bulk_rejection_is_undone_before_anyone_is_told(page, recruiter):
    role, _jo, _screening = board_with_two_candidates()
    knockout_reason()  # a live server's database starts without the shipped reasons
    sign_in(page, recruiter)
    page.goto(f"/staff/pipeline/{role.slug}/")
    page.get_by_text("Act on several applications at once").click()
    page.get_by_label("Select Jo Park").check()
    page.get_by_label("Select Sam Roe").check()
    page.get_by_label("Reject (not progressing)").check()
    page.locator("#bulk-form").get_by_label("Reason").select_option(index=1)
    page.get_by_role("button", name="Apply to 2 selected").click()
    expect(page.get_by_role("alert")).to_contain_text("2 applications marked as not progressing.")
    expect(page.get_by_role("link", name="Jo Park")).to_have_count(0)

    page.get_by_role("button", name="Undo that action").click()
    expect(page.get_by_text("Undone for 2 applications.")).to_be_visible()
    expect(page.get_by_role("link", name="Jo Park")).to_be_visible()
    expect(page.get_by_role("link", name="Sam Roe")).to_be_visible()


def test_a_rejection_is_undone_from_the_application_page(page, recruiter):
    _role, jo, _screening = board_with_two_candidates()
    knockout_reason()
    sign_in(page, recruiter)
    page.goto(f"/staff/applications/{jo.pk}/")
    page.get_by_role("combobox", name="Reason").select_option(index=1)
    page.get_by_role("button", name="Reject").click()
    expect(page.get_by_text("Until then you can undo it.")).to_be_visible()
    page.get_by_role("button", name="Undo the rejection").click()
    expect(page.get_by_text("is active again and will not be emailed about it")).to_be_visible()
    expect(page.get_by_role("heading", name="Move to another stage")).to_be_visible()
