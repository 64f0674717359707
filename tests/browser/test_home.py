import re

from playwright.sync_api import expect


def test_home_page_is_readable_and_accessible(page, a11y):
    page.goto("/")
    expect(page).to_have_title(re.compile("Open roles"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Careers in customer service")
    expect(page.get_by_role("link", name="Staff sign in")).to_be_visible()
    a11y()


def test_staff_sign_in_journey(page, a11y, recruiter):
    page.goto("/")
    page.get_by_role("link", name="Staff sign in").click()
    expect(page.get_by_role("heading", name="Staff sign in")).to_be_visible()
    a11y()
    page.get_by_label("Username").fill(recruiter.username)
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Please enter a correct username and password")).to_be_visible()
    page.get_by_label("Password").fill("correct-horse-battery-staple")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile("/staff/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    a11y()


def test_pages_break_no_content_security_policy_rule(chromium, live_server):
    """Without bypass_csp: a blocked inline script or style would log a console error."""
    context = chromium.new_context(base_url=live_server.url)
    try:
        page = context.new_page()
        problems: list[str] = []
        page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
        for path in ["/", "/jobs/", "/accounts/login/"]:
            page.goto(path)
            page.wait_for_load_state("networkidle")
        assert problems == []
    finally:
        context.close()


def test_phone_sized_viewport_collapses_navigation(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto("/")
        toggle = page.get_by_role("button", name="Toggle navigation")
        expect(toggle).to_be_visible()
        toggle.click()
        expect(page.get_by_role("link", name="Staff sign in")).to_be_visible()
    finally:
        context.close()
