"""The reports: each turns the selectors' counts into a chart and the tables behind it.

A report is a ``ReportPage``: a chart (SVG from ``charts``) and tables of display strings.
The page renders those tables and the CSV download writes the very same cells, so what a
recruiter downloads is what they read.
"""

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from applicants.models import SelfIdentification, StageKind
from assessments import statistics

from . import charts, maths, selectors
from .selectors import Scope

DASH = "—"
TOO_FEW = "too few to judge"
DAY = 86400.0


# A phone's column holds about three columns of words and figures; a wider table is drawn on
# a phone as one block per row, each cell beside its column's name (the page's CSS).
PHONE_COLUMNS = 3


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)

    @property
    def stacks_on_phone(self) -> bool:
        return len(self.header) > PHONE_COLUMNS

    @property
    def labelled_rows(self) -> list[list[tuple[str, str]]]:
        """Each row's cells with their column's name, which a stacked row shows beside them."""
        return [list(zip(self.header, row, strict=False)) for row in self.rows]


@dataclass
class ReportPage:
    chart: SafeString
    tables: list[Table]
    notes: list[str] = field(default_factory=list)


def _pct(value: float | None) -> str:
    return DASH if value is None else f"{value * 100:.1f}%"


def _num(value: float | None, places: int = 2) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return DASH
    return f"{value:.{places}f}"


def _days(seconds: float | None) -> str:
    return DASH if seconds is None else f"{seconds / DAY:.1f}"


def _p(value: float | None) -> str:
    if value is None:
        return DASH
    return "<0.001" if value < 0.001 else f"{value:.3f}"


def _svg(markup: str) -> SafeString:
    return mark_safe(markup)  # noqa: S308  # nosec B308 B703 # charts.py escapes every text


STAGE_LABELS = dict(StageKind.choices)


def _with_tally_note(page: ReportPage, scope: Scope) -> ReportPage:
    """Say when the counts of every role come from the summary rows, and how old they are."""
    if scope.tallied:
        at = timezone.localtime(scope.tallies_at)
        page.notes.append(
            f"Counts of every role as of {at:%H:%M} ({at:%d %b}): they are added up every "
            "ten minutes. Choose a role for counts of this moment."
        )
    return page


# --- funnel -----------------------------------------------------------------------------------


def funnel(scope: Scope, options: dict) -> ReportPage:
    stages = maths.funnel(selectors.stage_counts(scope))
    table = Table(
        "Applications that reached each stage",
        ["Stage", "Reached", "Still here", "Stopped here", "Moved on", "Drop-off"],
    )
    for stage in stages:
        table.rows.append(
            [
                STAGE_LABELS[stage.kind],
                str(stage.reached),
                str(stage.here),
                str(stage.left),
                _pct(stage.next_share),
                str(stage.drop_off),
            ]
        )
    first = stages[0].reached
    chart = charts.for_every_width(
        charts.bar_chart,
        [charts.Bar(STAGE_LABELS[s.kind], [s.reached]) for s in stages],
        chart_id="chart-funnel",
        title="How many applications reached each stage",
        desc=(
            f"{first} applications; {stages[-1].reached} hired. "
            "The table below gives each stage's numbers."
        ),
        value_label=lambda v: f"{v:,.0f}",
    )
    page = ReportPage(
        _svg(chart),
        [table],
        [
            "An application at a stage has reached it and every stage before it. "
            "Moved on: the share of those who reached a stage who reached the next one."
        ],
    )
    return _with_tally_note(page, scope)


# --- time -------------------------------------------------------------------------------------


def time_to_hire(scope: Scope, options: dict) -> ReportPage:
    found = selectors.times(scope)
    hire = found["to_hire"]
    table = Table(
        "Days from application to hire, and days spent in each stage",
        ["Measure", "Applications", "Median (days)", "90th percentile (days)"],
    )
    table.rows.append(
        ["Application to hire", str(hire["n"]), _days(hire["median"]), _days(hire["p90"])]
    )
    bars = [charts.Bar("Application to hire", [_as_days(hire["median"]), _as_days(hire["p90"])])]
    for kind in maths.STAGE_ORDER:
        stats = found["in_stage"].get(kind)
        if not stats:
            continue
        label = f"In {STAGE_LABELS[kind]}"
        table.rows.append([label, str(stats["n"]), _days(stats["median"]), _days(stats["p90"])])
        bars.append(charts.Bar(label, [_as_days(stats["median"]), _as_days(stats["p90"])]))
    chart = charts.for_every_width(
        charts.bar_chart,
        bars,
        chart_id="chart-time",
        title="Days to hire and days in each stage",
        desc="Median and 90th percentile, in days; the table below gives the figures.",
        series=("Median", "90th percentile"),
        value_label=lambda v: f"{v:.1f} d",
    )
    page = ReportPage(
        _svg(chart),
        [table],
        [
            "Time in a stage counts from the move into it to the move out of it, for "
            "applications that left it; time to hire from the application to the hire."
        ],
    )
    return _with_tally_note(page, scope)


def _as_days(seconds: float | None) -> float | None:
    return None if seconds is None else seconds / DAY


# --- volume -----------------------------------------------------------------------------------

PERIOD_LABELS = {"day": "Day", "week": "Week starting", "month": "Month"}


def period_for(scope: Scope) -> str:
    if scope.date_from and scope.date_to:
        span = (scope.date_to - scope.date_from).days
        if span <= 62:
            return "day"
        if span <= 366:
            return "week"
    return "month"


def _period_label(moment: datetime, period: str) -> str:
    return moment.strftime("%b %Y") if period == "month" else moment.strftime("%Y-%m-%d")


def applications_over_time(scope: Scope, options: dict) -> ReportPage:
    period = period_for(scope)
    rows = selectors.applications_over_time(scope, period)
    points = [(_period_label(moment, period), n) for moment, n in rows]
    table = Table(f"Applications per {period}", [PERIOD_LABELS[period], "Applications"])
    table.rows = [[label, str(n)] for label, n in points]
    total = sum(n for _, n in points)
    chart = charts.for_every_width(
        charts.column_chart,
        points,
        chart_id="chart-volume",
        title=f"Applications per {period}",
        desc=f"{total} applications over {len(points)} {period}s with applications.",
        value_label=lambda v: f"{v:,.0f}",
    )
    page = ReportPage(_svg(chart), [table], ["Periods with no application are left out."])
    return _with_tally_note(page, scope)


# --- assessment outcomes ----------------------------------------------------------------------


def assessment_outcomes(scope: Scope, options: dict) -> ReportPage:
    found = selectors.assessment_outcomes(scope)
    names = {t["template_id"]: t["template__name"] for t in found["tasks"]}
    index = {key: n for n, key in enumerate(found["keys"])}
    passes = Table(
        "Pass rate per assessment and task (complete results)",
        ["Assessment", "Task", "Results", "Passed", "Pass rate"],
    )
    bars = []
    several = len(found["per_template"]) > 1
    for template_id, name in names.items():
        row = found["per_template"].get(template_id)
        if not row:
            continue
        rate = maths.share(row["passed"], row["n"])
        prefix = f"{name}: " if several else ""
        passes.rows.append([name, "Overall", str(row["n"]), str(row["passed"]), _pct(rate)])
        bars.append(charts.Bar(f"{prefix}Overall", [rate * 100 if rate is not None else None]))
        for task in (t for t in found["tasks"] if t["template_id"] == template_id):
            n = index[task["key"]]
            taken, passed = row[f"n{n}"], row[f"p{n}"]
            rate = maths.share(passed, taken)
            passes.rows.append([name, task["title"], str(taken), str(passed), _pct(rate)])
            bars.append(
                charts.Bar(f"{prefix}{task['title']}", [rate * 100 if rate is not None else None])
            )
    histogram = Table("Distribution of total scores", ["Assessment", "Score band", "Results"])
    columns = []
    for template_id, bins in found["histogram"].items():
        for band in range(10):
            label = f"{band * 10}-{band * 10 + 9}" if band < 9 else "90-100"
            histogram.rows.append(
                [names.get(template_id, str(template_id)), label, str(bins.get(band, 0))]
            )
            if len(found["histogram"]) == 1:
                columns.append((label, bins.get(band, 0)))
    criteria = Table(
        "Average level per rubric criterion (1-5, current submitted reviews)",
        ["Assessment", "Task", "Criterion", "Levels given", "Average level"],
    )
    titles = {(t["template_id"], t["key"]): t["title"] for t in found["tasks"]}
    for c in found["criteria"]:
        key = (c["rubric__task__template_id"], c["rubric__task__key"], c["key"])
        average, n = found["averages"].get(key, (None, 0))
        if not n:
            continue
        criteria.rows.append(
            [
                names.get(key[0], str(key[0])),
                titles.get(key[:2], key[1]),
                c["name"],
                str(n),
                _num(average),
            ]
        )
    chart = charts.for_every_width(
        charts.bar_chart,
        bars,
        chart_id="chart-assessments",
        title="Pass rate per assessment and task",
        desc="Share of complete results at or above the pass mark; the tables below give "
        "the counts, the score distribution and the criterion averages.",
        value_label=lambda v: f"{v:.0f}%",
        low=0,
        high=100,
    )
    page = ReportPage(_svg(chart), [passes, histogram, criteria])
    if columns:
        page.chart = _svg(
            chart
            + charts.for_every_width(
                charts.column_chart,
                columns,
                chart_id="chart-histogram",
                title="Distribution of total scores",
                desc="How many results fell in each 10-point band; the table gives the counts.",
                value_label=lambda v: f"{v:,.0f}",
                every=1,
            )
        )
    return _with_tally_note(page, scope)


# --- quiz items -------------------------------------------------------------------------------

FLAG_TEXT = {
    "low_discrimination": "discrimination below .20",
    "probable_wrong_key": "negative: probable wrong key",
    "too_easy": "too easy (above .90)",
    "too_hard": "too hard (below .30)",
}


def quiz_items(scope: Scope, options: dict) -> ReportPage:
    found = selectors.quiz_credits(scope)
    items = Table(
        "Item analysis per quiz question",
        ["Assessment", "Question", "Competency", "Difficulty", "Discrimination", "Review"],
    )
    summary = Table(
        "Reliability of each quiz",
        ["Assessment", "Quizzes read", "Quizzes in all", "Cronbach's alpha"],
    )
    bars = []
    for template_id, questions in found["questions"].items():
        credits = found["credits"].get(template_id, [])
        keys = [q["key"] for q in questions]
        table = [[float(row.get(key, 0) or 0) for key in keys] for row in credits]
        max_credit = max((q["best"] or 1 for q in questions), default=1)
        rows, alpha = maths.item_flags(table, max_credit)
        name = questions[0]["task__template__name"]
        summary.rows.append(
            [name, str(len(credits)), str(found["totals"].get(template_id, 0)), _num(alpha)]
        )
        for n, (question, row) in enumerate(zip(questions, rows, strict=False), 1):
            flags = "; ".join(FLAG_TEXT[f] for f in row["flags"]) or "fine"
            items.rows.append(
                [
                    name,
                    f"Q{n}: {question['scenario'][:60]}",
                    question["competency"].replace("_", " "),
                    _num(row["difficulty"]),
                    _num(row["discrimination"]),
                    flags,
                ]
            )
            bars.append(charts.Bar(f"{name[:12]} Q{n}", [row["discrimination"]]))
    chart = charts.for_every_width(
        charts.bar_chart,
        bars,
        chart_id="chart-items",
        title="Discrimination of each quiz question",
        desc="Corrected item-total correlation per question; below the .20 line a question "
        "is flagged. The table gives difficulty, discrimination and flags.",
        value_label=lambda v: f"{v:.2f}",
        low=min([-0.2, *(b.values[0] for b in bars if b.values[0] is not None)]),
        high=1,
        reference=statistics.LOW_DISCRIMINATION,
        reference_label=".20",
    )
    return ReportPage(
        _svg(chart),
        [summary, items],
        [
            f"Read from the latest {selectors.ITEM_SAMPLE:,} scored quizzes in this "
            "selection. Difficulty is the mean credit over the best credit (higher is "
            "easier)."
        ],
    )


# --- rater agreement --------------------------------------------------------------------------


def rater_agreement(scope: Scope, options: dict) -> ReportPage:
    found = selectors.rater_levels(scope)
    grid: dict = defaultdict(lambda: defaultdict(list))
    names: dict[int, str] = {}
    for template_id, task, criterion, response, reviewer, level, first, last, user in found["rows"]:
        grid[(template_id, task, criterion)][response].append((reviewer, level))
        names[reviewer] = f"{first} {last}".strip() or user
    table = Table(
        "Agreement per rubric criterion",
        [
            "Assessment",
            "Task",
            "Criterion",
            "Answers",
            "ICC(1)",
            "ICC 95% lower bound",
            "Reading",
            "Weighted kappa",
        ],
    )
    reviewers = sorted(names)
    column = {r: n for n, r in enumerate(reviewers)}
    drift_rows = []
    for key in sorted(grid):
        by_response = grid[key]
        pairs = [[lv[0][1], lv[1][1]] for lv in by_response.values() if len(lv) >= 2]
        template_name, task_title, criterion_name = found["criteria"].get(key, key)
        icc = low = kappa = None
        reading = DASH
        if len(pairs) >= 2:
            icc = statistics.intraclass_correlation(pairs)["ICC1"]
            low = statistics.icc_confidence_interval(pairs, "ICC1")[0]
            reading = statistics.icc_agreement_label(low) or DASH
            kappa = statistics.cohens_kappa(
                [a for a, _ in pairs], [b for _, b in pairs], weights="quadratic"
            )
        table.rows.append(
            [
                template_name,
                task_title,
                criterion_name,
                str(len(pairs)),
                _num(icc),
                _num(low),
                reading,
                _num(kappa),
            ]
        )
        for levels in by_response.values():
            row = [None] * len(reviewers)
            for reviewer, level in levels:
                row[column[reviewer]] = level
            drift_rows.append(row)
    drift = statistics.leniency(drift_rows) if drift_rows else []
    compared = [sum(1 for row in drift_rows if row[c] is not None) for c in range(len(reviewers))]
    panel = Table(
        "Each reviewer's drift from the panel",
        ["Reviewer", "Levels compared", "Drift (levels)"],
    )
    bars = []
    for n, reviewer in enumerate(reviewers):
        panel.rows.append([names[reviewer], str(compared[n]), _num(drift[n])])
        bars.append(charts.Bar(names[reviewer], [drift[n]]))
    chart = charts.for_every_width(
        charts.bar_chart,
        bars,
        chart_id="chart-raters",
        title="Each reviewer's drift from the other reviewers",
        desc="Mean level given minus the mean of the other reviewers of the same answer; "
        "right of zero is lenient, left severe. The tables give the figures.",
        value_label=lambda v: f"{v:+.2f}",
        low=min([-1.0, *(d for d in drift if d is not None)]),
        high=max([1.0, *(d for d in drift if d is not None)]),
    )
    return ReportPage(
        _svg(chart),
        [table, panel],
        [
            f"Read from the latest {selectors.RATER_SAMPLE:,} answers in this selection "
            "scored by two reviewers or more. ICC(1) and quadratic-weighted kappa compare "
            "the first two reviews of each answer; the reading is Koo and Li's, from the "
            "lower bound of the ICC's 95% interval."
        ],
    )


# --- adverse impact ---------------------------------------------------------------------------

FIELD_LABELS = {
    "gender": dict(SelfIdentification.Gender.choices),
    "ethnicity": dict(SelfIdentification.Ethnicity.choices),
    "veteran": {"yes": "Veteran", "no": "Not a veteran"},
    "disability": {"yes": "Disabled", "no": "Not disabled"},
}
DIMENSIONS = {
    "gender": ("Gender", ("gender",)),
    "ethnicity": ("Race or ethnicity", ("ethnicity",)),
    "veteran": ("Veteran status", ("veteran",)),
    "disability": ("Disability", ("disability",)),
    "gender-ethnicity": ("Gender and race or ethnicity", ("gender", "ethnicity")),
    "gender-disability": ("Gender and disability", ("gender", "disability")),
    "ethnicity-disability": ("Race or ethnicity and disability", ("ethnicity", "disability")),
    "gender-veteran": ("Gender and veteran status", ("gender", "veteran")),
}
FIELD_INDEX = {name: n for n, name in enumerate(selectors.SELF_ID_FIELDS)}


def _group(answers: tuple, fields: tuple[str, ...]) -> str | None:
    """The group a set of answers falls in for the dimension, or None (not answered)."""
    values = [answers[FIELD_INDEX[f]] for f in fields]
    if any(v in selectors.NOT_A_GROUP for v in values):
        return None
    return " · ".join(FIELD_LABELS[f].get(v, v) for f, v in zip(fields, values, strict=True))


FAIRNESS_HEADER = [
    "People",
    "Selected",
    "Selection rate",
    "Impact ratio",
    "Four-fifths rule",
    "Fisher p",
    "Shortfall",
]


def _judgement_cells(row: maths.GroupJudgement) -> list[str]:
    if row.selected is None:
        return [str(row.total), DASH, DASH, TOO_FEW, DASH, DASH, DASH]
    if not row.judged:
        return [str(row.total), str(row.selected), _pct(row.rate), DASH, DASH, DASH, DASH]
    verdict = "reference group" if row.reference else ("below" if row.flagged else "meets")
    return [
        str(row.total),
        str(row.selected),
        _pct(row.rate),
        _num(row.impact_ratio),
        verdict,
        _p(row.p_value),
        _num(row.shortfall),
    ]


def adverse_impact(scope: Scope, options: dict) -> ReportPage:
    dimension = options.get("dimension") or "gender"
    title, fields = DIMENSIONS[dimension]
    minimum = settings.REPORTS_MIN_GROUP_SIZE
    stage_groups: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    for (kind, status, *answers), n in selectors.self_identified_stage_counts(scope).items():
        group = _group(tuple(answers), fields)
        if group is not None:
            stage_groups[group][(kind, status)] += n
    selections = {g: maths.stage_selections(c) for g, c in sorted(stage_groups.items())}
    stages = Table(
        f"Moving on from each stage, by {title.lower()}",
        ["Stage", "Group", *FAIRNESS_HEADER],
    )
    bars = []
    for n, kind in enumerate(maths.STAGE_ORDER[:-1]):
        label = f"{STAGE_LABELS[kind]} to {STAGE_LABELS[maths.STAGE_ORDER[n + 1]]}"
        groups = {g: s[kind] for g, s in selections.items() if s[kind][1]}
        for row in maths.judge_groups(groups, min_size=minimum):
            stages.rows.append([label, row.group, *_judgement_cells(row)])
            if row.judged and row.impact_ratio is not None:
                bars.append(charts.Bar(f"{STAGE_LABELS[kind]}: {row.group}", [row.impact_ratio]))
    found = selectors.self_identified_task_counts(scope)
    task_groups: dict = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for (template_id, key, *answers), (passed, taken) in found["counts"].items():
        group = _group(tuple(answers), fields)
        if group is not None:
            cell = task_groups[(template_id, key)][group]
            cell[0] += passed
            cell[1] += taken
    tasks = Table(
        f"Passing each assessment task, by {title.lower()}",
        ["Assessment", "Task", "Group", *FAIRNESS_HEADER],
    )
    for task in found["tasks"]:
        groups = task_groups.get((task["template_id"], task["key"]))
        if not groups:
            continue
        pairs = {g: (p, t) for g, (p, t) in sorted(groups.items())}
        for row in maths.judge_groups(pairs, min_size=minimum):
            tasks.rows.append(
                [task["template__name"], task["title"], row.group, *_judgement_cells(row)]
            )
            if row.judged and row.impact_ratio is not None:
                bars.append(charts.Bar(f"{task['title']}: {row.group}", [row.impact_ratio]))
    chart = charts.for_every_width(
        charts.bar_chart,
        bars,
        chart_id="chart-fairness",
        title=f"Impact ratio by {title.lower()} at each stage and task",
        desc="Each group's selection rate over the highest group's; below the 0.8 line the "
        "four-fifths rule flags it. Groups too small to judge are not drawn; the tables "
        "give every group's counts.",
        value_label=lambda v: f"{v:.2f}",
        low=0,
        high=max([1.0, *(b.values[0] for b in bars)]),
        reference=0.8,
        reference_label="0.8",
    )
    page = ReportPage(
        _svg(chart),
        [stages, tasks],
        [
            "Only voluntary self-identification counts here, and only in groups: nobody's "
            f"answers are shown. A group of fewer than {minimum} people shows its size and "
            "is too few to judge. People who preferred not to say are in no group. At a "
            "stage, selected means moved on; those still waiting there are left out."
        ],
    )
    return _with_tally_note(page, scope)


@dataclass(frozen=True)
class Report:
    slug: str
    title: str
    summary: str
    build: Callable[[Scope, dict], ReportPage]

    @property
    def page_name(self) -> str:
        return f"staff:reports:{self.slug}"

    @property
    def csv_name(self) -> str:
        return f"staff:reports:{self.slug}_csv"


REPORTS = {
    report.slug: report
    for report in (
        Report("funnel", "Funnel", "How many applications reached each stage.", funnel),
        Report("time", "Time to hire", "Days to hire and days in each stage.", time_to_hire),
        Report(
            "volume", "Applications over time", "Applications per period.", applications_over_time
        ),
        Report(
            "assessments",
            "Assessment outcomes",
            "Pass rates, score distribution, criterion averages.",
            assessment_outcomes,
        ),
        Report("items", "Quiz items", "Difficulty and discrimination of questions.", quiz_items),
        Report(
            "raters", "Rater agreement", "ICC, kappa and each reviewer's drift.", rater_agreement
        ),
        Report("fairness", "Adverse impact", "Selection by self-identified group.", adverse_impact),
    )
}
