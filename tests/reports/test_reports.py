"""Each report's numbers on hand-built data, the CSV against the page, and bad filters."""

import csv
import io
from datetime import datetime
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from assessments import statistics
from reports.services import refresh_tallies
from tests.assessments.factories import installed_template, role_assessment_for
from tests.factories import UserFactory
from tests.reports.factories import (
    DAY,
    another_role,
    application_at,
    moves,
    reviewed,
    scored_attempt,
)
from tests.roles.factories import published_role

pytestmark = pytest.mark.django_db


class _Tables(HTMLParser):
    """The cells of every table on a page, as text, row by row."""

    def __init__(self):
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.caption: list[str] = []
        self._cell: list[str] | None = None
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "caption":
            self._in_caption = True
            self.caption.append("")
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "caption":
            self._in_caption = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        elif self._in_caption:
            self.caption[-1] += data.strip()


def page_tables(response) -> list[list[list[str]]]:
    parser = _Tables()
    parser.feed(response.content.decode())
    return parser.tables


def csv_tables(response) -> list[list[list[str]]]:
    """The CSV's tables without their caption rows, apostrophes of neutralised cells
    removed, so they read as the page does."""
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    tables, current = [], None
    for row in rows:
        if not row:
            current = None
            continue
        if current is None:
            current = []
            tables.append(current)
            continue  # the caption
        current.append([cell[1:] if cell.startswith("'") else cell for cell in row])
    return tables


def rows_of(response, table: int = 0) -> dict[str, list[str]]:
    return {row[0]: row[1:] for row in page_tables(response)[table][1:]}


def url(slug: str, **query) -> str:
    from urllib.parse import urlencode

    path = reverse(f"staff:reports:{slug}")
    return f"{path}?{urlencode(query)}" if query else path


def csv_url(slug: str, **query) -> str:
    from urllib.parse import urlencode

    path = reverse(f"staff:reports:{slug}_csv")
    return f"{path}?{urlencode(query)}" if query else path


@pytest.fixture(autouse=True)
def _fresh_sources():
    cache.clear()


# --- the funnel -------------------------------------------------------------------------------


def funnel_data(role):
    for _ in range(3):
        application_at(role, "applied")
    application_at(role, "applied", status="rejected")
    for _ in range(2):
        application_at(role, "screening")
    application_at(role, "assessment", status="withdrawn")
    for _ in range(2):
        application_at(role, "hired", status="hired")


def test_funnel_counts_each_stage_reached_conversion_and_drop_off(recruiter_client):
    funnel_data(published_role())
    response = recruiter_client.get(url("funnel"))
    assert response.status_code == 200
    rows = rows_of(response)
    # Stage: reached, still here, stopped here, moved on, drop-off
    assert rows["Applied"] == ["9", "3", "1", "55.6%", "4"]
    assert rows["Screening"] == ["5", "2", "0", "60.0%", "2"]
    assert rows["Assessment"] == ["3", "0", "1", "66.7%", "1"]
    assert rows["Offer"] == ["2", "0", "0", "100.0%", "0"]
    assert rows["Hired"] == ["2", "0", "0", "—", "0"]
    assert 'role="img"' in response.content.decode()


def test_the_index_is_the_funnel(recruiter_client):
    funnel_data(published_role())
    response = recruiter_client.get(reverse("staff:reports:index"))
    assert rows_of(response)["Applied"][0] == "9"


def test_a_wide_table_stacks_on_a_phone_with_each_figure_named_and_a_narrow_one_stays(
    recruiter_client,
):
    funnel_data(published_role())
    page = recruiter_client.get(url("funnel")).content.decode()
    assert '<table class="table table-sm align-middle report-table report-table-stacked">' in page
    assert '<td data-label="Reached">9</td><td data-label="Still here">3</td>' in page
    assert "report-table-stacked" not in recruiter_client.get(url("volume")).content.decode()


def test_the_filters_start_folded_on_a_phone_unless_one_is_set(recruiter_client):
    role = published_role()
    folded = recruiter_client.get(url("funnel")).content.decode()
    assert 'class="collapse d-md-block" id="report-filter-fields"' in folded
    narrowed = recruiter_client.get(url("funnel", role=role.pk)).content.decode()
    assert 'class="collapse d-md-block show" id="report-filter-fields"' in narrowed
    assert "Filters (on)" in narrowed
    refused = recruiter_client.get(url("funnel", date_from="someday")).content.decode()
    assert 'class="collapse d-md-block show" id="report-filter-fields"' in refused


# --- time -------------------------------------------------------------------------------------


def test_time_to_hire_and_in_stage_give_median_and_90th_percentile(recruiter_client):
    role = published_role()
    now = timezone.now()
    for days in (10, 20, 30):
        application_at(role, "hired", status="hired", created=now - days * DAY, closed=now)
    start = now - 30 * DAY
    first = application_at(role, "assessment", created=start)
    moves(
        first, [("applied", start), ("screening", start + 2 * DAY), ("assessment", start + 5 * DAY)]
    )
    second = application_at(role, "screening", created=start)
    moves(second, [("applied", start), ("screening", start + 4 * DAY)])
    rows = rows_of(recruiter_client.get(url("time")))
    assert rows["Application to hire"] == ["3", "20.0", "28.0"]
    assert rows["In Applied"] == ["2", "3.0", "3.8"]
    assert rows["In Screening"] == ["1", "3.0", "3.0"]


# --- volume -----------------------------------------------------------------------------------


def test_applications_over_time_count_per_month_and_per_day(recruiter_client):
    role = published_role()
    for when, n in (((2026, 8, 3), 2), ((2026, 9, 14), 1), ((2026, 9, 20), 3)):
        for _ in range(n):
            application_at(role, "applied", created=timezone.make_aware(datetime(*when, 12)))
    rows = rows_of(recruiter_client.get(url("volume")))
    assert rows == {"Aug 2026": ["2"], "Sep 2026": ["4"]}
    daily = rows_of(
        recruiter_client.get(url("volume", date_from="2026-09-01", date_to="2026-09-30"))
    )
    assert daily == {"2026-09-14": ["1"], "2026-09-20": ["3"]}


# --- assessment outcomes ----------------------------------------------------------------------

TASKS = ("mock_call", "written_escalation", "situational_quiz")


def outcomes_data(role):
    role_assessment_for(role, template=installed_template())
    for total, scores in ((75, (80, 70, 75)), (55, (50, 40, 75)), (62, (60, 65, 61))):
        scored_attempt(
            application_at(role, "review"), total=total, tasks=dict(zip(TASKS, scores, strict=True))
        )
    scored_attempt(application_at(role, "review"), total=90, tasks={}, complete=False)


def test_assessment_pass_rates_histogram_and_criterion_averages(recruiter_client, reviewer):
    role = published_role()
    outcomes_data(role)
    second = UserFactory(username="second.reviewer", groups=["reviewer"])
    attempt = scored_attempt(application_at(role, "review"), total=40, tasks={"mock_call": 40})
    reviewed(attempt, "mock_call", {reviewer: {"empathy": 4}, second: {"empathy": 3}})
    response = recruiter_client.get(url("assessments"))
    passes = page_tables(response)[0][1:]
    by_task = {row[1]: row[2:] for row in passes}
    assert by_task["Overall"] == ["4", "2", "50.0%"]  # the incomplete result is left out
    assert by_task["Practice call"][:2] == ["4", "2"] or by_task  # titles come from the template
    histogram = {row[1]: row[2] for row in page_tables(response)[1][1:]}
    assert histogram["70-79"] == "1"
    assert histogram["50-59"] == "1"
    assert histogram["40-49"] == "1"
    assert histogram["60-69"] == "1"
    assert histogram["90-100"] == "0"
    criteria = page_tables(response)[2][1:]
    assert [row[2:] for row in criteria] == [["Empathy", "2", "3.50"]]


def test_pass_rate_per_task_uses_the_pass_mark(recruiter_client):
    role = published_role()
    outcomes_data(role)
    passes = page_tables(recruiter_client.get(url("assessments")))[0][1:]
    rates = [row[2:] for row in passes[1:]]
    # call 80/50/60: 2 of 3 pass; written 70/40/65: 2 of 3; quiz 75/75/61: 3 of 3
    assert sorted(rates) == sorted([["3", "2", "66.7%"], ["3", "2", "66.7%"], ["3", "3", "100.0%"]])


# --- quiz items -------------------------------------------------------------------------------

QUIZ = [[2, 2, 0], [2, 1, 0], [0, 0, 2], [1, 0, 2], [2, 2, 0], [0, 1, 2], [2, 2, 1]]


def test_item_analysis_matches_the_statistics_module(recruiter_client):
    role = published_role()
    role_assessment_for(role, template=installed_template())
    for credits in QUIZ:
        scored_attempt(
            application_at(role, "review"),
            total=50,
            tasks={"situational_quiz": 50},
            quiz={f"q0{n}": c for n, c in enumerate(credits, 1)},
        )
    response = recruiter_client.get(url("items"))
    summary, items = page_tables(response)
    expected = statistics.item_analysis(QUIZ, max_credit=2)
    alpha = statistics.cronbach_alpha(QUIZ)
    assert summary[1][1:] == ["7", "7", f"{alpha:.2f}"]
    for row, item in zip(items[1:], expected, strict=True):
        assert row[3] == f"{item['difficulty']:.2f}"
        assert row[4] == f"{item['discrimination']:.2f}"
    assert "probable wrong key" in items[3][5]


# --- raters -----------------------------------------------------------------------------------


def test_rater_agreement_matches_icc_kappa_and_leniency(recruiter_client):
    role = published_role()
    role_assessment_for(role, template=installed_template())
    ann = UserFactory(username="ann", first_name="Ann", last_name="Lenient", groups=["reviewer"])
    bob = UserFactory(username="bob", first_name="Bob", last_name="Level", groups=["reviewer"])
    pairs = [(5, 4), (4, 3), (3, 3), (5, 4), (2, 1)]
    for a, b in pairs:
        attempt = scored_attempt(application_at(role, "review"), total=50, tasks={})
        reviewed(attempt, "mock_call", {ann: {"empathy": a}, bob: {"empathy": b}})
    response = recruiter_client.get(url("raters"))
    agreement, panel = page_tables(response)
    row = agreement[1]
    icc = statistics.intraclass_correlation(pairs)["ICC1"]
    low = statistics.icc_confidence_interval(pairs, "ICC1")[0]
    kappa = statistics.cohens_kappa([a for a, _ in pairs], [b for _, b in pairs], "quadratic")
    assert row[2:] == [
        "Empathy", "5", f"{icc:.2f}", f"{low:.2f}", statistics.icc_agreement_label(low),
        f"{kappa:.2f}",
    ]  # fmt: skip
    drift = {r[0]: r[1:] for r in panel[1:]}
    assert drift == {"Ann Lenient": ["5", "0.80"], "Bob Level": ["5", "-0.80"]}


# --- adverse impact ---------------------------------------------------------------------------


def fairness_data(role):
    for n in range(12):
        moved = n < 6
        application_at(
            role, "screening" if moved else "applied", status="rejected", gender="woman",
            ethnicity="black" if n % 2 else "white",
        )  # fmt: skip
    for n in range(12):
        application_at(
            role, "screening" if n < 10 else "applied", status="rejected", gender="man",
            ethnicity="white",
        )  # fmt: skip
    for _ in range(3):
        application_at(role, "screening", status="rejected", gender="non_binary", ethnicity="asian")
    application_at(role, "screening", status="rejected", gender="decline")


@override_settings(REPORTS_MIN_GROUP_SIZE=10)
def test_adverse_impact_compares_groups_and_hides_small_ones(recruiter_client):
    fairness_data(published_role())
    response = recruiter_client.get(url("fairness", groups="gender"))
    assert response.status_code == 200
    rows = [r for r in page_tables(response)[0][1:] if r[0] == "Applied to Screening"]
    by_group = {r[1]: r[2:] for r in rows}
    impact = statistics.adverse_impact({"Man": (10, 12), "Woman": (6, 12)})
    assert by_group["Man"] == ["12", "10", "83.3%", "1.00", "reference group", "—", "0.00"]
    assert by_group["Woman"][:5] == ["12", "6", "50.0%", "0.60", "below"]
    assert by_group["Woman"][5] == f"{impact['Woman']['p_value']:.3f}"
    assert by_group["Woman"][6] == f"{impact['Woman']['shortfall']:.2f}"
    assert by_group["Non-binary"] == ["3", "—", "—", "too few to judge", "—", "—", "—"]
    assert "I prefer not to say" not in by_group
    chart = response.content.decode().split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "Non-binary" not in chart  # a small group is never drawn, nor in a tooltip


@override_settings(REPORTS_MIN_GROUP_SIZE=10)
def test_intersections_are_groups_too_and_small_ones_are_hidden(recruiter_client):
    fairness_data(published_role())
    response = recruiter_client.get(url("fairness", groups="gender-ethnicity"))
    rows = {r[1]: r[2:] for r in page_tables(response)[0][1:] if r[0] == "Applied to Screening"}
    assert rows["Man · White"][:2] == ["12", "10"]
    assert rows["Woman · White"] == ["6", "—", "—", "too few to judge", "—", "—", "—"]


@override_settings(REPORTS_MIN_GROUP_SIZE=10)
def test_self_identification_never_leaves_the_aggregate(recruiter_client):
    role = published_role()
    fairness_data(role)
    people = list(role.applications.values_list("name", "candidate__email"))
    for slug in ("fairness", "funnel"):
        for response in (recruiter_client.get(url(slug)), recruiter_client.get(csv_url(slug))):
            text = response.content.decode()
            for name, email in people:
                assert name not in text
                assert email not in text
    text = recruiter_client.get(csv_url("fairness")).content.decode()
    small = [line for line in text.splitlines() if "Non-binary" in line]
    assert small
    assert all("too few to judge" in line and "%" not in line for line in small)


# --- CSV = page -------------------------------------------------------------------------------


@pytest.fixture
def history(reviewer):
    role = published_role(title='=HYPERLINK("http://evil.example")')
    funnel_data(role)
    outcomes_data(role)
    fairness_data(role)
    second = UserFactory(
        username="second", first_name="-Second", last_name="Reviewer", groups=["reviewer"]
    )
    for a, b in ((5, 4), (3, 3), (2, 1)):
        attempt = scored_attempt(
            application_at(role, "review"), total=50, tasks={"situational_quiz": 50},
            quiz={"q01": a // 2, "q02": b // 2, "q03": 1},
        )  # fmt: skip
        reviewed(attempt, "mock_call", {reviewer: {"empathy": a}, second: {"empathy": b}})
    return role


@pytest.mark.parametrize(
    "slug", ["funnel", "time", "volume", "assessments", "items", "raters", "fairness"]
)
def test_the_csv_holds_exactly_the_tables_of_the_page(recruiter_client, history, slug):
    page = page_tables(recruiter_client.get(url(slug)))
    download = recruiter_client.get(csv_url(slug))
    assert download["Content-Type"].startswith("text/csv")
    assert download["Content-Disposition"] == f'attachment; filename="{slug}.csv"'
    empty_row = ["Nothing to count in this selection."]
    assert csv_tables(download) == [[r for r in t if r != empty_row] for t in page]


def test_csv_cells_that_would_run_as_formulas_are_neutralised(recruiter_client, history):
    text = recruiter_client.get(csv_url("raters")).content.decode()
    assert "'-Second Reviewer" in text
    rows = list(csv.reader(io.StringIO(text)))
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)


def test_the_csv_follows_the_filters(recruiter_client, history):
    other = another_role()
    application_at(other, "applied")
    whole = recruiter_client.get(csv_url("funnel")).content.decode()
    one = recruiter_client.get(csv_url("funnel", role=other.pk)).content.decode()
    assert "Applied,1," in one
    assert "Applied,1," not in whole


# --- filters ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"date_from": "2026-10-02", "date_to": "2026-10-01"}, "The start date is after the end"),
        ({"role": "999999"}, "That role is not one you can report on"),
        ({"role": "99999999999999999999999"}, "That role is not one you can report on"),
        ({"role": "abc"}, "That role is not one you can report on"),
        ({"source": "=cmd|' /C calc'!A0"}, "No application came from that source"),
        ({"date_from": "yesterday"}, "Enter a valid date"),
        ({"date_to": "2026-02-30"}, "Enter a valid date"),
        ({"groups": "religion"}, "Select a valid choice"),
    ],
)
def test_bad_filters_get_a_message_and_a_400(recruiter_client, query, message):
    application_at(published_role(), "applied")
    response = recruiter_client.get(url("fairness", **query))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "<svg" not in response.content.decode()
    download = recruiter_client.get(csv_url("fairness", **query))
    assert download.status_code == 400
    assert message.split(" ")[0] in download.content.decode()


def test_a_huge_query_string_is_an_error_not_a_crash(recruiter_client):
    response = recruiter_client.get(url("funnel", source="x" * 5000, role="1" * 400))
    assert response.status_code == 400


def test_an_unknown_report_is_a_404(recruiter_client):
    assert recruiter_client.get("/staff/reports/nothing-here/").status_code == 404
    assert recruiter_client.get("/staff/reports/nothing-here/download.csv").status_code == 404


def test_source_and_dates_narrow_the_counts(recruiter_client):
    role = published_role()
    old = timezone.make_aware(datetime(2026, 1, 5, 9))
    application_at(role, "applied", source="referral", created=old)
    application_at(role, "applied", source="referral")
    application_at(role, "applied", source="job board")
    assert rows_of(recruiter_client.get(url("funnel", source="referral")))["Applied"][0] == "2"
    narrowed = recruiter_client.get(
        url("funnel", source="referral", date_from="2026-01-01", date_to="2026-01-31")
    )
    assert rows_of(narrowed)["Applied"][0] == "1"


def test_a_manager_sees_only_the_roles_they_manage(manager_client, hiring_manager):
    mine, theirs = published_role(title="Mine"), published_role(title="Theirs")
    mine.hiring_managers.add(hiring_manager)
    application_at(mine, "applied")
    for _ in range(4):
        application_at(theirs, "applied")
    response = manager_client.get(url("funnel"))
    assert rows_of(response)["Applied"][0] == "1"
    assert "Theirs" not in response.content.decode()  # not even in the role list
    refused = manager_client.get(url("funnel", role=theirs.pk))
    assert refused.status_code == 400
    assert "That role is not one you can report on" in refused.content.decode()
    assert manager_client.get(csv_url("funnel", role=theirs.pk)).status_code == 400
    assert rows_of(manager_client.get(url("funnel", role=mine.pk)))["Applied"][0] == "1"


def test_reviewers_and_outsiders_are_refused(reviewer_client, outsider_client, client):
    for slug in ("funnel", "fairness"):
        assert reviewer_client.get(url(slug)).status_code == 403
        assert reviewer_client.get(csv_url(slug)).status_code == 403
        assert outsider_client.get(url(slug)).status_code == 403
        assert client.get(csv_url(slug))["Location"].startswith("/accounts/login/")


# --- queries ----------------------------------------------------------------------------------

# Per report: the session, the user and their groups (3), the role list of the filter (1),
# whether the summary rows are fresh (1; a role filter checks the role instead), then the
# report's own reads. The source list is cached.
QUERIES = {
    "funnel": 6,
    "time": 7,
    "volume": 6,
    "assessments": 10,
    "items": 8,
    "raters": 7,
    "fairness": 8,
}


@pytest.mark.parametrize("slug", sorted(QUERIES))
@pytest.mark.parametrize("tallied", [False, True])
def test_each_report_runs_a_fixed_number_of_queries(
    recruiter_client, history, django_assert_num_queries, slug, tallied
):
    if tallied:
        refresh_tallies()
    recruiter_client.get(url(slug))  # the source list is cached from the first view on
    # From the tallies, time to hire and time in stage are one query instead of two.
    with django_assert_num_queries(QUERIES[slug] - (tallied and slug == "time")):
        assert recruiter_client.get(url(slug)).status_code == 200
    more = another_role(f"More {slug}")
    for _ in range(3):
        application_at(more, "applied")
    with django_assert_num_queries(QUERIES[slug]):
        assert recruiter_client.get(url(slug, role=history.pk)).status_code == 200


# --- finding the reports ----------------------------------------------------------------------


def test_the_dashboard_and_the_staff_nav_lead_to_the_reports(recruiter_client, reviewer_client):
    page = recruiter_client.get(reverse("staff:dashboard")).content.decode()
    assert "Open the reports" in page
    assert reverse("staff:reports:index") in page
    page = reviewer_client.get(reverse("staff:dashboard")).content.decode()
    assert reverse("staff:reports:index") not in page


def test_an_empty_portal_draws_empty_reports(recruiter_client):
    for slug in QUERIES:
        response = recruiter_client.get(url(slug))
        assert response.status_code == 200
        assert ">nan<" not in response.content.decode().lower()
