"""The SVG charts: accessible, CSP-safe, escaped. No database, no Django."""

import ast
import xml.etree.ElementTree as ET
from pathlib import Path

from reports import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)


def test_a_bar_chart_is_one_named_image_with_a_description():
    svg = parse(
        charts.bar_chart(
            [charts.Bar("Applied", [10]), charts.Bar("Hired", [2])],
            chart_id="c1",
            title="Reached each stage",
            desc="Ten applied, two hired.",
        )
    )
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "c1-title c1-desc"
    assert svg.find(f"{SVG}title").text == "Reached each stage"
    assert svg.find(f"{SVG}title").get("id") == "c1-title"
    assert svg.find(f"{SVG}desc").text == "Ten applied, two hired."
    assert svg.get("viewBox")
    assert svg.get("width") is None


def test_bars_are_as_long_as_their_values():
    svg = parse(
        charts.bar_chart(
            [charts.Bar("a", [10]), charts.Bar("b", [5])], chart_id="c", title="t", desc="d"
        )
    )
    widths = [float(r.get("width")) for r in svg.iter(f"{SVG}rect")]
    assert widths[0] == 2 * widths[1]


def test_text_is_escaped_so_a_role_title_cannot_inject_markup():
    hostile = '<script>alert(1)</script>" onload="x'
    markup = charts.bar_chart(
        [charts.Bar(hostile, [1])], chart_id='x"y', title=hostile, desc=hostile
    )
    assert "<script" not in markup
    assert 'onload="x' not in markup
    parse(markup)  # still well-formed


def test_no_inline_style_or_script_for_the_csp():
    markup = charts.bar_chart(
        [charts.Bar("a", [1, 2])], chart_id="c", title="t", desc="d", series=("x", "y")
    ) + charts.column_chart([("Jan", 3), ("Feb", 0)], chart_id="k", title="t", desc="d")
    assert "style=" not in markup
    assert "<style" not in markup
    assert "<script" not in markup
    assert "javascript:" not in markup


def test_negative_values_grow_left_of_zero():
    svg = parse(
        charts.bar_chart(
            [charts.Bar("severe", [-0.5]), charts.Bar("lenient", [0.5])],
            chart_id="c", title="t", desc="d", low=-1, high=1,
        )
    )  # fmt: skip
    severe, lenient = list(svg.iter(f"{SVG}rect"))
    assert float(severe.get("x")) + float(severe.get("width")) == float(lenient.get("x"))


def test_bar_tooltip_says_what_the_caller_gave_and_nothing_else():
    svg = parse(
        charts.bar_chart(
            [charts.Bar("Screening: Woman", [0.75])], chart_id="c", title="t", desc="d",
            value_label=lambda v: f"{v:.2f}",
        )
    )  # fmt: skip
    rect = next(svg.iter(f"{SVG}rect"))
    assert rect.find(f"{SVG}title").text == "Screening: Woman, 0.75"


def test_empty_charts_say_so():
    assert "No data." in charts.bar_chart([], chart_id="c", title="t", desc="d")
    assert "No data." in charts.column_chart([], chart_id="c", title="t", desc="d")


def test_reference_line_is_drawn_and_labelled():
    markup = charts.bar_chart(
        [charts.Bar("a", [0.5])], chart_id="c", title="t", desc="d", low=0, high=1,
        reference=0.8, reference_label="0.8",
    )  # fmt: skip
    svg = parse(markup)
    line = next(x for x in svg.iter(f"{SVG}line") if x.get("class") == "chart-reference")
    assert float(line.get("x1")) > float(next(svg.iter(f"{SVG}rect")).get("x"))


def test_columns_skip_labels_when_there_are_many():
    svg = parse(
        charts.column_chart([(f"d{n}", n) for n in range(48)], chart_id="c", title="t", desc="d")
    )
    labels = [t.text for t in svg.iter(f"{SVG}text") if t.text and t.text.startswith("d")]
    assert 8 <= len(labels) <= 13


def test_the_module_imports_no_django():
    tree = ast.parse(Path(charts.__file__).read_text())
    modules = {
        node.module.split(".")[0] if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (node.names if isinstance(node, ast.Import) else [node])
    }
    assert "django" not in modules


def test_every_chart_comes_drawn_for_a_wide_column_and_for_a_phone():
    bars = [charts.Bar("Applied to Screening: Woman · Black or African American", [0.75])]
    markup = charts.for_every_width(charts.bar_chart, bars, chart_id="c", title="t", desc="d")
    wide, narrow = (parse(f"<svg{part}") for part in markup.split("<svg")[1:])
    assert wide.get("class") == "report-chart report-chart-wide"
    assert wide.get("viewBox").split()[2] == str(charts.WIDTH)
    assert narrow.get("class") == "report-chart report-chart-narrow"
    assert narrow.get("viewBox").split()[2] == str(charts.NARROW_WIDTH)
    assert narrow.get("aria-labelledby") == "c-narrow-title c-narrow-desc"  # no id twice
    # The same numbers in both: each bar's tooltip is the same.
    tips = [[r.find(f"{SVG}title").text for r in svg.iter(f"{SVG}rect")] for svg in (wide, narrow)]
    assert tips[0] == tips[1] == ["Applied to Screening: Woman · Black or African American, 0.75"]


def test_on_a_phone_a_bar_label_has_its_own_line_and_the_bars_the_width():
    svg = parse(
        charts.bar_chart(
            [charts.Bar("Practice call: an order that went wrong", [100])],
            chart_id="c", title="t", desc="d", low=0, high=100, narrow=True,
        )
    )  # fmt: skip
    label = next(t for t in svg.iter(f"{SVG}text") if t.text.startswith("Practice"))
    assert label.text == "Practice call: an order that went wrong"  # not cut at 24 characters
    bar = next(svg.iter(f"{SVG}rect"))
    assert float(bar.get("y")) > float(label.get("y"))
    assert float(bar.get("width")) > charts.NARROW_WIDTH * 0.8


def test_column_labels_thin_out_where_they_would_touch():
    bands = [(f"{n * 10}-{n * 10 + 9}", n) for n in range(10)]

    def labels(**options):
        svg = parse(charts.column_chart(bands, chart_id="c", title="t", desc="d", **options))
        return [t.text for t in svg.iter(f"{SVG}text") if t.text and "-" in t.text]

    assert len(labels(every=1)) == 10
    assert len(labels(every=1, narrow=True)) == 5
