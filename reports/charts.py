"""Server-drawn SVG charts: bars across, columns up, with a title and a description.

Plain functions over plain data; no Django. Each returns a string of SVG markup that is safe
to put in a page as it is: every piece of text passes through ``html.escape`` here, so the
caller may mark it safe. What the pages need from a chart, and why it is drawn this way
(docs/architecture.md, "Reports"):

- ``role="img"`` with ``aria-labelledby`` naming its ``<title>`` and ``<desc>``: a screen
  reader announces one picture with its name and summary; the numbers are in the table the
  page always shows next to it, so nothing is only in the picture.
- No ``style`` attribute and no script (the site's CSP allows neither inline): colours are
  presentation attributes and classes styled in ``static/css/portal.css``.
- A ``viewBox`` and no fixed size, so the picture scales to the width of its column. Scaled
  down to a phone, a picture drawn 600 units wide would shrink its text to 8 px, so
  ``for_every_width`` draws each chart twice, ``narrow`` the second time: 360 units wide
  (its text stays at about 13 px on a 390 px screen), a bar's label on a line above it, a
  column's labels thinned out. The CSS shows one picture and hides the other (``display:
  none``, so a screen reader meets one), and both carry the same numbers.
- A bar's ``<title>`` is its tooltip: the caller decides what a bar may say, so a report on
  self-identified groups passes labels and values that are aggregates already.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 600
NARROW_WIDTH = 360
CHAR_WIDTH = 7.5  # about what a 13 px character takes, to space labels that must not touch
BAR_HEIGHT = 18
BAR_GAP = 8
LABEL_WIDTH = 190
VALUE_WIDTH = 70
TOP = 8
COLUMN_HEIGHT = 200
AXIS_HEIGHT = 40
SERIES_CLASSES = ("chart-series-0", "chart-series-1", "chart-series-2")
SERIES_COLOURS = ("#0b5b6b", "#c46a0a", "#5a4e9e")  # fallback fills; the CSS sets the same
MAX_LABEL_CHARS = 24
NARROW_LABEL_CHARS = 46  # a label on a line of its own, across the narrow picture
NARROW_LABEL_LINE = 16


@dataclass(frozen=True)
class Bar:
    """One labelled row of a bar chart: one value per series (None: no bar)."""

    label: str
    values: Sequence[float | None]


def _text(value: object) -> str:
    return escape(str(value), quote=True)


def _short(label: str, limit: int = MAX_LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _number(value: float) -> str:
    """A coordinate, rounded so the markup stays small and stable."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _open(chart_id: str, title: str, desc: str, height: float, *, narrow: bool) -> list[str]:
    width, form = (NARROW_WIDTH, "narrow") if narrow else (WIDTH, "wide")
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart report-chart-{form}" '
        f'viewBox="0 0 {width} {_number(height)}" role="img" '
        f'aria-labelledby="{_text(chart_id)}-title {_text(chart_id)}-desc" '
        f'preserveAspectRatio="xMinYMin meet">',
        f'<title id="{_text(chart_id)}-title">{_text(title)}</title>',
        f'<desc id="{_text(chart_id)}-desc">{_text(desc)}</desc>',
    ]


def _scale(values: list[float], *, low: float | None, high: float | None) -> tuple[float, float]:
    low = min([0.0, *values]) if low is None else low
    high = max([0.0, *values]) if high is None else high
    if high <= low:
        high = low + 1
    return low, high


def bar_chart(
    bars: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    desc: str,
    series: Sequence[str] = ("",),
    value_label: Callable[[float], str] = lambda v: f"{v:g}",
    low: float | None = None,
    high: float | None = None,
    reference: float | None = None,
    reference_label: str = "",
    narrow: bool = False,
) -> str:
    """Horizontal bars, one row per ``Bar``, a bar per series in each row.

    ``low``/``high`` fix the scale (0 and the largest value otherwise); negative values grow
    left of a zero line. ``reference`` draws a dashed line at that value (a target, the
    four-fifths line) named by ``reference_label``. An empty chart says so in its picture.
    ``narrow`` draws it for a phone: each row's label on a line above its bars, which take
    the whole width.
    """
    rows = list(bars)
    numbers = [v for bar in rows for v in bar.values if v is not None and math.isfinite(v)]
    low, high = _scale(numbers + ([reference] if reference is not None else []), low=low, high=high)
    label_line = NARROW_LABEL_LINE if narrow else 0
    per_row = label_line + len(series) * BAR_HEIGHT + BAR_GAP
    legend = 22 if len(series) > 1 else 0
    height = TOP + legend + max(len(rows), 1) * per_row + 24
    width = NARROW_WIDTH if narrow else WIDTH
    plot_left = 2 if narrow else LABEL_WIDTH
    plot_right = width - (56 if narrow else VALUE_WIDTH)

    def x(value: float) -> float:
        return plot_left + (value - low) / (high - low) * (plot_right - plot_left)

    out = _open(chart_id, title, desc, height, narrow=narrow)
    if legend:
        for n, name in enumerate(series):
            left = plot_left + n * 150
            cls = SERIES_CLASSES[n % len(SERIES_CLASSES)]
            colour = SERIES_COLOURS[n % len(SERIES_COLOURS)]
            out.append(
                f'<rect class="{cls}" fill="{colour}" x="{left}" y="{TOP}" width="12" height="12"/>'
                f'<text class="chart-text" x="{left + 18}" y="{TOP + 11}">{_text(name)}</text>'
            )
    if not rows:
        out.append(f'<text class="chart-text" x="{plot_left}" y="{TOP + 20}">No data.</text>')
    zero = x(max(low, min(0.0, high)))
    for index, bar in enumerate(rows):
        top = TOP + legend + index * per_row
        if narrow:
            out.append(
                f'<text class="chart-text" x="{plot_left}" y="{top + 12}">'
                f"{_text(_short(bar.label, NARROW_LABEL_CHARS))}</text>"
            )
        else:
            middle = top + len(series) * BAR_HEIGHT / 2 + 4
            out.append(
                f'<text class="chart-text" x="{plot_left - 6}" y="{_number(middle)}" '
                f'text-anchor="end">{_text(_short(bar.label))}</text>'
            )
        for n, value in enumerate(bar.values):
            if value is None or not math.isfinite(value):
                continue
            y = top + label_line + n * BAR_HEIGHT
            start, end = sorted((zero, x(value)))
            cls = SERIES_CLASSES[n % len(SERIES_CLASSES)]
            colour = SERIES_COLOURS[n % len(SERIES_COLOURS)]
            name = f"{series[n]}: " if series[n] else ""
            out.append(
                f'<rect class="{cls}" fill="{colour}" x="{_number(start)}" y="{y}" '
                f'width="{_number(max(end - start, 1))}" height="{BAR_HEIGHT - 2}">'
                f"<title>{_text(bar.label)}, {_text(name)}{_text(value_label(value))}"
                "</title></rect>"
                f'<text class="chart-value" x="{_number(max(end, zero) + 4)}" '
                f'y="{y + BAR_HEIGHT - 5}">{_text(value_label(value))}</text>'
            )
    bottom = height - 20
    out.append(
        f'<line class="chart-axis" stroke="#6c757d" x1="{_number(zero)}" y1="{TOP + legend}" '
        f'x2="{_number(zero)}" y2="{_number(bottom)}"/>'
    )
    if reference is not None:
        rx = _number(x(reference))
        out.append(
            f'<line class="chart-reference" stroke="#b02a37" stroke-dasharray="4 3" x1="{rx}" '
            f'y1="{TOP + legend}" x2="{rx}" y2="{_number(bottom)}"/>'
            f'<text class="chart-text" x="{rx}" y="{_number(bottom + 14)}" '
            f'text-anchor="middle">{_text(reference_label)}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def column_chart(
    columns: Sequence[tuple[str, float]],
    *,
    chart_id: str,
    title: str,
    desc: str,
    value_label: Callable[[float], str] = lambda v: f"{v:g}",
    every: int | None = None,
    narrow: bool = False,
) -> str:
    """Vertical columns in order (a time line, a histogram); a label under every ``every``-th
    column (all of them when they fit), and fewer where the labels would touch (``narrow``:
    drawn for a phone)."""
    points = list(columns)
    height = TOP + COLUMN_HEIGHT + AXIS_HEIGHT
    out = _open(chart_id, title, desc, height, narrow=narrow)
    left, right = 40, (NARROW_WIDTH if narrow else WIDTH) - 10
    base = TOP + COLUMN_HEIGHT
    if not points:
        out.append(f'<text class="chart-text" x="{left}" y="{TOP + 20}">No data.</text></svg>')
        return "".join(out)
    values = [v for _, v in points if v is not None and math.isfinite(v)]
    _, high = _scale(values, low=0.0, high=None)
    slot = (right - left) / len(points)
    longest = max(len(_short(label, 12)) for label, _ in points)
    fit = max(1, math.floor((right - left) / (longest * CHAR_WIDTH + 6)))
    every = max(every or math.ceil(len(points) / 12), math.ceil(len(points) / fit))
    out.append(
        f'<text class="chart-value" x="{left - 4}" y="{TOP + 10}" text-anchor="end">'
        f"{_text(value_label(high))}</text>"
        f'<text class="chart-value" x="{left - 4}" y="{base}" text-anchor="end">0</text>'
    )
    for n, (label, value) in enumerate(points):
        x = left + n * slot
        if value is not None and math.isfinite(value) and value > 0:
            tall = value / high * (COLUMN_HEIGHT - 10)
            out.append(
                f'<rect class="chart-series-0" fill="{SERIES_COLOURS[0]}" x="{_number(x + 1)}" '
                f'y="{_number(base - tall)}" width="{_number(max(slot - 2, 1))}" '
                f'height="{_number(tall)}"><title>{_text(label)}: {_text(value_label(value))}'
                "</title></rect>"
            )
        if n % every == 0:
            out.append(
                f'<text class="chart-text" x="{_number(x + slot / 2)}" y="{base + 16}" '
                f'text-anchor="middle">{_text(_short(label, 12))}</text>'
            )
    out.append(
        f'<line class="chart-axis" stroke="#6c757d" x1="{left}" y1="{base}" x2="{right}" '
        f'y2="{base}"/></svg>'
    )
    return "".join(out)


def for_every_width(
    draw: Callable[..., str], data: Sequence, /, *, chart_id: str, **options
) -> str:
    """``draw`` (``bar_chart`` or ``column_chart``) twice: for a wide column, then for a phone
    (``narrow``, with ids of its own). The page's CSS shows the one that fits."""
    return draw(data, chart_id=chart_id, **options) + draw(
        data, chart_id=f"{chart_id}-narrow", narrow=True, **options
    )
