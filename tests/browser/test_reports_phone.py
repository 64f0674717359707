"""The reports on a phone (390 x 844) and on a laptop (1366 x 768): nothing scrolls sideways."""

import re

from django.test import override_settings
from playwright.sync_api import expect

from reports.catalogue import REPORTS
from tests.browser.test_pipeline import sign_in
from tests.browser.test_reports import history

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}

# Boxes in the page that scroll sideways: a chart or a table wider than its column hides part
# of itself behind a scroll bar, which on a phone reads as a page that moves under the thumb.
SIDEWAYS_BOXES = """() => [...document.querySelectorAll("main *")]
    .filter(el => ["auto", "scroll"].includes(getComputedStyle(el).overflowX)
                  && el.scrollWidth > el.clientWidth + 1)
    .map(el => `${el.className}: ${el.scrollWidth}px in ${el.clientWidth}px`)"""

# A chart's text is drawn 13 units high in its viewBox; this is how tall it comes out.
CHART_TEXT_PX = """svg => svg.getBoundingClientRect().width / svg.viewBox.baseVal.width * 13"""


def assert_fits(page, slug: str) -> None:
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], (slug, width)
    assert page.evaluate(SIDEWAYS_BOXES) == [], slug


@override_settings(REPORTS_MIN_GROUP_SIZE=10)
def test_every_report_fits_a_phone_and_a_laptop_with_its_chart_and_tables(page, a11y, recruiter):
    history()
    sign_in(page, recruiter)
    page.set_viewport_size(PHONE)
    for slug in REPORTS:
        page.goto(f"/staff/reports/{slug}/")
        charts = page.get_by_role("img")
        expect(charts.first).to_be_visible()
        for n in range(charts.count()):
            chart = charts.nth(n)
            expect(chart).to_be_visible()
            assert chart.evaluate(CHART_TEXT_PX) >= 12, (slug, n)
        tables = page.get_by_role("table")
        assert tables.count() >= 1, slug
        for n in range(tables.count()):
            expect(tables.nth(n)).to_be_visible()
        assert_fits(page, slug)
        a11y()

    page.set_viewport_size(LAPTOP)
    for slug in REPORTS:
        page.goto(f"/staff/reports/{slug}/")
        expect(page.get_by_role("img").first).to_be_visible()
        expect(page.get_by_role("table").first).to_be_visible()
        expect(page.get_by_label("Role")).to_be_visible()  # the filter is unfolded here
        assert_fits(page, slug)


def test_a_wide_table_reads_as_one_block_per_row_on_a_phone(page, recruiter):
    history()
    sign_in(page, recruiter)
    page.set_viewport_size(PHONE)
    page.goto("/staff/reports/funnel/")
    funnel = page.get_by_role("table", name=re.compile("reached each stage"))
    applied = funnel.get_by_role("row", name=re.compile("^Applied"))
    reached = applied.get_by_role("cell").first
    expect(reached).to_be_visible()
    # The column's name is beside the figure (drawn by the CSS from data-label).
    label = reached.evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"Reached"', label
    expect(funnel.get_by_role("columnheader", name="Reached")).to_be_attached()
    assert funnel.locator("thead").bounding_box()["width"] <= 1  # out of sight, still read out


def test_the_filters_fold_away_on_a_phone_and_stay_open_once_used(page, recruiter):
    _, phone_role = history()
    sign_in(page, recruiter)
    page.set_viewport_size(PHONE)
    page.goto("/staff/reports/")
    role = page.get_by_label("Role")
    expect(role).to_be_hidden()
    toggle = page.get_by_role("button", name="Filters")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(role).to_be_visible()
    role.select_option(label="Phone Support Lead")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(rf"role={phone_role.pk}"))
    expect(page.get_by_role("button", name="Filters (on)")).to_have_attribute(
        "aria-expanded", "true"
    )
    expect(page.get_by_label("Role")).to_be_visible()
