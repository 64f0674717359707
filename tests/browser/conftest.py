"""Playwright on the system Chromium, against pytest-django's live server.

No test downloads a browser: ``executable_path`` points at Debian's Chromium. Every page a
test looks at is checked with axe-core (from npm); serious and critical violations fail.
"""

import json
import os
from pathlib import Path

import pytest

from tests import services

ROOT = Path(__file__).resolve().parents[2]
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"

# Playwright's sync API keeps an event loop in this thread; Django's guard against using the
# ORM from async code would otherwise trip in fixtures that create data between page steps.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    executable = services.require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def axe_violations(page) -> list[dict]:
    if not AXE_SOURCE.exists():
        services.missing("node_modules/axe-core is not installed (run npm ci)")
    page.add_script_tag(path=str(AXE_SOURCE))
    results = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ["violations"]});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
        }"""
    )
    return [v for v in results if v["impact"] in {"serious", "critical"}]


class A11yChecker:
    def __init__(self, page):
        self.page = page
        self.checked: list[str] = []

    def __call__(self) -> None:
        self.page.wait_for_load_state("load")
        violations = axe_violations(self.page)
        self.checked.append(self.page.url)
        assert not violations, (
            f"axe found serious accessibility problems on {self.page.url}:\n"
            + json.dumps(violations, indent=2)
        )


@pytest.fixture
def browser_context(chromium, live_server, request):
    # bypass_csp lets the test inject axe-core; the portal's own pages never need it.
    context = chromium.new_context(
        base_url=live_server.url,
        bypass_csp=True,
        viewport={"width": 1280, "height": 900},
        locale="en-US",
    )
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(browser_context, request):
    page = browser_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: errors.append(msg.text) if msg.type == "error" else None,
    )
    # A test that takes the page offline on purpose lists the errors that causes here.
    page.expected_errors = []
    yield page
    if request.node.rep_call_failed if hasattr(request.node, "rep_call_failed") else False:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    unexpected = [e for e in errors if not any(x in e for x in page.expected_errors)]
    assert not unexpected, f"the page logged errors: {unexpected}"


@pytest.fixture
def a11y(page):
    """Call after reaching each page: ``a11y()`` runs axe-core and fails on serious issues."""
    return A11yChecker(page)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rep_call_failed = report.failed
    return report
