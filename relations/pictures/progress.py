"""A pledge's progress chart: its baseline, each observation and its target over time, as inline SVG.

The y axis is in the target's own currency or unit (never converted), from zero; the x axis is
time. What it draws:

* Each observation as a bar over the whole period it covers, from zero to its value: a year's
  figure is a year wide, a quarter's a quarter, a month's a month, so that a month-precision
  figure is visibly a month and never a point. Longer periods are drawn first, shorter ones over
  them; an approximate period is faded.
* Figures of periods that ended before the pledge was made are faded: the record before it, never
  progress (progress.py, step 2).
* The baseline as a level at the day the pledge was made, labelled "baseline".
* The target as a line at its level over its due date's period, with a dotted line down to the
  axis at the due date and the straight path from the start to it that the verdict reads
  (relations/models/progress.py, step 6); with no due date, a target line across the chart,
  labelled "target, no date set".
* The gap between the latest observation and the target, bracketed and labelled ("US$3.6
  billion to go"); "target met" when it is reached.
* Today, when it falls on the axis: an open pledge's axis runs to today, so a silence shows.

Two drawings of the same chart are made, a wide one and a narrow one with fewer ticks; the
stylesheet shows one by the page's width (as the visual timeline does: an SVG's text scales
with it). Each mark has a <title> with its period and value, the SVG a title and a description;
the numbers table on the page holds the same figures.

Pure Python: it takes plain values (`Figure`, `Chart`) and never queries; the template tag
(relations/templatetags/progress_pictures.py) reads them off a pledge from `relations.pledge_page`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from relations.dates import FuzzyDate, Precision
from relations.models.progress import reading_order
from relations.pictures.timeline import Axis

__all__ = ["WIDE", "NARROW", "Chart", "Figure", "Layout", "draw", "progress_chart"]

ONE_DAY = dt.timedelta(days=1)
NICE_STEPS = (1, 2, 2.5, 5)  # gridline spacings, times a power of ten
HEADROOM = 1.12  # the top gridline stands at least this far above the highest level


@dataclass(frozen=True)
class Layout:
    """One drawing's geometry, in SVG user units (the drawing is as wide as its column)."""

    name: str
    width: int
    max_intervals: int  # most intervals between time ticks
    left: int  # where the plot starts: room for the value labels, unless they sit inside
    right: int = 12
    top: int = 30  # room for the labels of a target at the top of the plot
    plot: int = 220
    bottom: int = 34  # the time axis's labels
    char: float = 6.6  # about the width of a character of the 12-unit text
    labels_inside: bool = False  # value labels above their gridlines, over the plot
    min_width: float = 2.5  # least width of a bar, however short its period

    @property
    def height(self) -> int:
        return self.top + self.plot + self.bottom

    @property
    def base(self) -> int:
        return self.top + self.plot


WIDE = Layout("wide", 800, 10, left=108)
NARROW = Layout("narrow", 360, 4, left=6, right=6, plot=200, labels_inside=True)


@dataclass(frozen=True)
class Figure:
    """An observation as the chart draws it."""

    period: FuzzyDate
    value: Decimal
    period_text: str  # "Q1 2024"

    @property
    def after(self) -> dt.date:
        return self.period.end + ONE_DAY

    @property
    def kind(self) -> str:
        """``year``, ``quarter``, ``month`` or ``days``: what the bar spans, for its class."""
        period = self.period
        if period.precision == Precision.YEAR:
            return "year" if not period.is_range else "years"
        if period.precision == Precision.MONTH:
            if not period.is_range:
                return "month"
            return "quarter" if self.period_text.startswith("Q") else "months"
        return "days"


@dataclass
class Chart:
    """What is known of one pledge's progress, in the target's currency or unit.

    ``text`` writes a value as pages do ("US$1.4 billion"); ``start`` is the level the rule
    measures from (progress.py), which the path to a due date starts from; ``open`` says the
    pledge has no outcome yet, so its axis runs to ``today``.
    """

    made_on: dt.date
    made_text: str
    target: Decimal
    text: Callable[[Decimal], str]
    figures: list[Figure] = field(default_factory=list)
    baseline: Decimal | None = None
    start: Decimal | None = None
    due: FuzzyDate | None = None
    due_text: str = ""
    today: dt.date | None = None
    open: bool = True
    title: str = "Progress toward the target"

    def __post_init__(self) -> None:
        self.figures = sorted(self.figures, key=lambda f: reading_order(f.period.start, f.period.end))

    @property
    def latest(self) -> Figure | None:
        """The observation whose period ends last (the longer when two end together): step 3 of
        the rule."""
        return self.figures[-1] if self.figures else None

    @property
    def rising(self) -> bool:
        start = self.start if self.start is not None else self.baseline
        return start is None or self.target >= start

    @property
    def met(self) -> bool:
        latest = self.latest
        if latest is None:
            return False
        return latest.value >= self.target if self.rising else latest.value <= self.target

    def gap_text(self) -> str:
        """ "US$3.6 billion to go", "target met"; "" with no observation."""
        if self.latest is None:
            return ""
        if self.met:
            return "target met"
        return f"{self.text(abs(self.target - self.latest.value))} to go"

    def first_day(self) -> dt.date:
        days = [self.made_on, *(f.period.start for f in self.figures)]
        if self.due is not None:
            days.append(self.due.start)
        return min(days)

    def after_day(self) -> dt.date:
        days = [self.made_on + ONE_DAY, *(f.after for f in self.figures)]
        if self.due is not None:
            days.append(self.due.end + ONE_DAY)
        if self.open and self.today is not None:
            days.append(self.today + ONE_DAY)
        return max(days)

    def shows_today(self) -> bool:
        """Whether today falls within what the chart spans (an open pledge's runs to today)."""
        return self.today is not None and self.first_day() <= self.today < self.after_day()

    def highest(self) -> Decimal:
        levels = [self.target, *(f.value for f in self.figures)]
        levels += [level for level in (self.baseline, self.start) if level is not None]
        return max(levels)

    def description(self) -> str:
        parts = []
        if self.baseline is not None:
            parts.append(f"Baseline {self.text(self.baseline)} when the pledge was made ({self.made_text}).")
        if self.figures:
            latest = self.latest
            count = len(self.figures)
            parts.append(
                f"{count} observation{'' if count == 1 else 's'}, from {self.figures[0].period_text} "
                f"to {latest.period_text}; the latest {self.text(latest.value)} for {latest.period_text}."
            )
        else:
            parts.append("No observation recorded yet.")
        due = f"due {self.due_text}" if self.due is not None else "no date set"
        parts.append(f"Target {self.text(self.target)}, {due}.")
        if gap := self.gap_text():
            parts.append(gap[0].upper() + gap[1:] + ".")
        return " ".join(parts)


class Scale:
    def __init__(self, chart: Chart, layout: Layout) -> None:
        self.layout = layout
        self.axis = Axis.spanning(chart.first_day(), chart.after_day(), layout.max_intervals)
        self.days = (self.axis.after - self.axis.first).days
        self.x0, self.x1 = layout.left, layout.width - layout.right
        self.ticks = value_ticks(chart.highest())
        self.top_value = self.ticks[-1]

    def x(self, day: dt.date) -> float:
        return self.x0 + (day - self.axis.first).days / self.days * (self.x1 - self.x0)

    def y(self, value: Decimal | float) -> float:
        return self.layout.base - float(value) / self.top_value * self.layout.plot


def value_ticks(highest: Decimal) -> list[float]:
    """Round levels for the gridlines, from zero to the first that clears ``highest`` with some
    headroom: at most five intervals."""
    top = max(float(highest) * HEADROOM, 1e-9)
    power = 10 ** math.floor(math.log10(top / 5))
    step = next(
        s * power * scale for scale in (1, 10, 100) for s in NICE_STEPS if top / (s * power * scale) <= 5
    )
    count = math.ceil(top / step - 1e-9)
    return [step * i for i in range(count + 1)]


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _text(x: float, y: float, text: str, css: str, anchor: str = "start") -> str:
    return f'<text class="{css}" x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}">{escape(text)}</text>'


def _placed(x: float, text: str, scale: Scale, prefer: str = "start", pad: float = 6) -> tuple[float, str]:
    """Where a label beside ``x`` fits inside the drawing: to the right by preference, else left."""
    width = len(text) * scale.layout.char
    order = (prefer, "end" if prefer == "start" else "start")
    for anchor in order:
        if anchor == "start" and x + pad + width <= scale.layout.width:
            return x + pad, "start"
        if anchor == "end" and x - pad - width >= 0:
            return x - pad, "end"
    return (scale.layout.width, "end") if prefer == "start" else (0.0, "start")


def _value_label(value: float, chart: Chart) -> str:
    return chart.text(Decimal(str(round(value, 6))).normalize())


def draw(chart: Chart, layout: Layout, *, prefix: str = "progress") -> str:
    """One drawing of ``chart`` in ``layout``, as SVG markup."""
    ident = f"{prefix}-{layout.name}"
    scale = Scale(chart, layout)
    top = layout.top
    parts = [
        f'<svg class="progress-svg progress-{layout.name}" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {layout.width} {layout.height}" width="100%" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{escape(chart.title)}</title>',
        f'<desc id="{ident}-desc">{escape(chart.description())}</desc>',
    ]
    # Gridlines, then the time axis.
    for value in scale.ticks:
        y = scale.y(value)
        css = "progress-axis" if value == 0 else "progress-grid"
        parts.append(
            f'<line class="{css}" x1="{_n(scale.x0)}" x2="{_n(scale.x1)}" y1="{_n(y)}" y2="{_n(y)}"/>'
        )
    parts.append(_time_axis(scale))
    # The observations, the longest periods first so that shorter ones stand over them.
    for figure in sorted(
        chart.figures, key=lambda f: (-(f.period.end - f.period.start).days, f.period.start)
    ):
        parts.append(_bar(figure, chart, scale))
    # The straight path from the start to the target at its due date (what step 6 reads).
    if chart.due is not None and chart.start is not None and chart.due.end >= chart.made_on:
        x_made, x_due = scale.x(chart.made_on), scale.x(chart.due.end + ONE_DAY)
        parts.append(
            f'<line class="progress-path" x1="{_n(x_made)}" y1="{_n(scale.y(chart.start))}" '
            f'x2="{_n(x_due)}" y2="{_n(scale.y(chart.target))}"/>'
        )
    parts.append(_target(chart, scale))
    if chart.baseline is not None:
        parts.append(_baseline(chart, scale))
    if chart.shows_today():
        parts.append(_today(chart.today, scale))
    parts.append(_gap(chart, scale))
    if not chart.figures:
        middle = (scale.x0 + scale.x1) / 2
        parts.append(
            _text(middle, top + layout.plot / 2, "no figures recorded yet", "progress-note", "middle")
        )
    # The value labels last, so that they stay readable over the bars.
    for value in scale.ticks:
        y = scale.y(value)
        label = _value_label(value, chart)
        if layout.labels_inside:
            if value == 0:
                continue  # the axis is zero; its label would sit on the time labels
            parts.append(_text(scale.x0 + 2, y - 4, label, "progress-tick-label progress-halo"))
        else:
            parts.append(_text(scale.x0 - 8, y + 4, label, "progress-tick-label", "end"))
    parts.append("</svg>")
    return "".join(parts)


def _time_axis(scale: Scale) -> str:
    axis, layout = scale.axis, scale.layout
    parts, labels = [], []
    for index, tick in enumerate(axis.ticks):
        x = scale.x(tick)
        parts.append(
            f'<line class="progress-tick" x1="{_n(x)}" x2="{_n(x)}" '
            f'y1="{layout.top}" y2="{layout.base + 5}"/>'
        )
        if axis.centred_labels and index + 1 < len(axis.ticks):
            labels.append(((x + scale.x(axis.ticks[index + 1])) / 2, axis.label(tick)))
        elif not axis.centred_labels:
            labels.append((x, axis.label(tick)))
    right = -math.inf  # a label that would touch the one before it is left out
    for x, text in labels:
        half = len(text) * layout.char / 2
        x = min(max(x, half), layout.width - half)
        if x - half < right + layout.char:
            continue
        right = x + half
        parts.append(_text(x, layout.base + 20, text, "progress-tick-label", "middle"))
    return "".join(parts)


def _bar(figure: Figure, chart: Chart, scale: Scale) -> str:
    x0, x1 = scale.x(figure.period.start), scale.x(figure.after)
    if x1 - x0 < scale.layout.min_width:
        middle = (x0 + x1) / 2
        x0, x1 = middle - scale.layout.min_width / 2, middle + scale.layout.min_width / 2
    y = scale.y(figure.value)
    y0 = scale.y(0)
    low, high = sorted((y, y0))
    css = f"progress-obs progress-{figure.kind}" + (" progress-approx" if figure.period.approximate else "")
    latest = " progress-latest" if figure is chart.latest else ""
    title = f"{figure.period_text}: {chart.text(figure.value)}"
    if figure.period.end < chart.made_on:
        css += " progress-before"
        title += " (before the pledge was made)"
    return (
        f'<g class="{css}{latest}" data-period="{escape(figure.period.edtf())}">'
        f"<title>{escape(title)}</title>"
        f'<rect x="{_n(x0)}" y="{_n(low)}" width="{_n(x1 - x0)}" height="{_n(max(high - low, 0))}"/>'
        f'<line class="progress-level" x1="{_n(x0)}" x2="{_n(x1)}" y1="{_n(y)}" y2="{_n(y)}"/></g>'
    )


def _baseline(chart: Chart, scale: Scale) -> str:
    x, y = scale.x(chart.made_on), scale.y(chart.baseline)
    title = f"Baseline: {chart.text(chart.baseline)} when the pledge was made, {chart.made_text}"
    lx, anchor = _placed(x, "baseline", scale, "start", 8)
    return (
        f'<g class="progress-baseline"><title>{escape(title)}</title>'
        f'<line x1="{_n(x - 10)}" x2="{_n(x + 10)}" y1="{_n(y)}" y2="{_n(y)}"/>'
        f'<circle cx="{_n(x)}" cy="{_n(y)}" r="4.5"/>'
        + _text(lx, y - 7, "baseline", "progress-label progress-halo", anchor)
        + "</g>"
    )


def _target(chart: Chart, scale: Scale) -> str:
    y = scale.y(chart.target)
    target = chart.text(chart.target)
    if chart.due is None:
        title = f"Target: {target}, no date set"
        label = "target, no date set"
        return (
            f'<g class="progress-target progress-undated"><title>{escape(title)}</title>'
            f'<line x1="{_n(scale.x0)}" x2="{_n(scale.x1)}" y1="{_n(y)}" y2="{_n(y)}"/>'
            + _text(scale.x1, y - 7, label, "progress-label progress-halo", "end")
            + "</g>"
        )
    start, after = scale.x(chart.due.start), scale.x(chart.due.end + ONE_DAY)
    if after - start < 6:
        start = after - 6
    title = f"Target: {target}, due {chart.due_text}"
    label = f"target, due {chart.due_text}"
    lx, anchor = _placed(after, label, scale, "end", 0)
    return (
        f'<g class="progress-target progress-dated"><title>{escape(title)}</title>'
        f'<line class="progress-due" x1="{_n(after)}" x2="{_n(after)}" '
        f'y1="{_n(y)}" y2="{scale.layout.base}"/>'
        f'<line class="progress-target-line" x1="{_n(start)}" x2="{_n(after)}" y1="{_n(y)}" y2="{_n(y)}"/>'
        f'<circle cx="{_n(after)}" cy="{_n(y)}" r="4"/>'
        + _text(lx, y - 8, label, "progress-label progress-halo", anchor)
        + "</g>"
    )


def _today(day: dt.date, scale: Scale) -> str:
    x, top = scale.x(day), scale.layout.top
    lx, anchor = _placed(x, "today", scale, "end", 4)
    return (
        f'<g class="progress-today"><line x1="{_n(x)}" x2="{_n(x)}" y1="{top - 4}" y2="{scale.layout.base}"/>'
        + _text(lx, top - 8, "today", "progress-label", anchor)
        + "</g>"
    )


def _gap(chart: Chart, scale: Scale) -> str:
    latest = chart.latest
    if latest is None:
        return ""
    text = chart.gap_text()
    x = scale.x(latest.after)
    y_latest = scale.y(latest.value)
    if chart.met:
        lx, anchor = _placed(x, text, scale, "start", 6)
        label = _text(lx, y_latest - 8, text, "progress-label progress-halo", anchor)
        return f'<g class="progress-gap progress-met">{label}</g>'
    bracket = x + 5
    y_target = scale.y(chart.target)
    middle = (y_latest + y_target) / 2
    lx, anchor = _placed(bracket, text, scale, "start", 6)
    return (
        f'<g class="progress-gap"><title>{escape(text)} from the latest figure to the target</title>'
        f'<path d="M{_n(bracket - 4)} {_n(y_latest)} H{_n(bracket)} V{_n(y_target)} H{_n(bracket - 4)}"/>'
        + _text(lx, middle + 4, text, "progress-label progress-gap-label progress-halo", anchor)
        + "</g>"
    )


LEGEND = (
    ("obs", "a figure, as wide as the period it covers"),
    ("before", "faded: a figure from before the pledge was made"),
    ("baseline", "the baseline, when the pledge was made"),
    ("target", "the target"),
    ("path", "a straight path to the target by its due date"),
    ("today", "today"),
)


def _legend(chart: Chart) -> str:
    swatches = {
        "obs": '<rect class="progress-swatch-obs" x="2" y="3" width="20" height="11"/>'
        '<line class="progress-level" x1="2" x2="22" y1="3" y2="3"/>',
        "before": '<g class="progress-obs progress-before"><rect x="2" y="3" width="20" height="11"/></g>',
        "baseline": '<g class="progress-baseline"><line x1="2" x2="22" y1="8" y2="8"/>'
        '<circle cx="12" cy="8" r="4"/></g>',
        "target": '<g class="progress-target"><line x1="2" x2="22" y1="8" y2="8"/></g>',
        "path": '<line class="progress-path" x1="2" x2="22" y1="14" y2="2"/>',
        "today": '<g class="progress-today"><line x1="12" x2="12" y1="1" y2="15"/></g>',
    }
    shown = {"obs": bool(chart.figures), "baseline": chart.baseline is not None}
    shown["before"] = any(figure.period.end < chart.made_on for figure in chart.figures)
    shown["path"] = chart.due is not None and chart.start is not None
    shown["today"] = chart.shows_today()
    items = []
    for key, text in LEGEND:
        if not shown.get(key, True):
            continue
        items.append(
            '<li><svg class="progress-swatch" viewBox="0 0 24 16" width="24" height="16" aria-hidden="true">'
            f"{swatches[key]}</svg> {escape(text)}</li>"
        )
    return f'<ul class="progress-legend">{"".join(items)}</ul>'


def progress_chart(chart: Chart, *, prefix: str = "progress") -> SafeString:
    """The chart as HTML: a figure holding the wide and the narrow drawing and the legend."""
    return mark_safe(  # noqa: S308 - every text above is escaped
        f'<figure class="progress-chart">{draw(chart, WIDE, prefix=prefix)}'
        f"{draw(chart, NARROW, prefix=prefix)}"
        f"<figcaption>{_legend(chart)}</figcaption></figure>"
    )
