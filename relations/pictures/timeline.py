"""The visual timeline: a page's events on a time axis, drawn so that a date's uncertainty shows.

A day is a dot, a range of days a bar over its days, a month- or year-precision date a band over
the whole month or year it may be (never a point on the 1st), an approximate date ("c.") faded
and hatched. Marks sit in one lane per tone (cooperation, neutral, conflict: the reader's first
question is which way the relation went; the kind is in each mark's title), packed into
sub-rows so that none overlaps another. Lines join related events on the picture: a visit and
the meetings held during it, a follow-up, context or response and what it answers, an event at
which a pledge was made again and the event where it was first made.

Two drawings of the same marks are made, a wide one and a narrow one with fewer ticks, and the
stylesheet shows one by the page's width: an SVG scales its text with its width, so one drawing
cannot be readable both at 1280 and at 390 pixels. Each mark is a link to its event with a
<title> (its title, date at its precision and kind), the SVG an image with a title and a
description; the list below the picture stays the accessible record.

Pure Python: it reads what the page's query already read (the date parts, ``kind.tone``, the
parent's key, ``link_rows`` and ``reaffirmed_rows`` from `EventQuerySet.for_list()`), and never
queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from relations.dates import FuzzyDate, Precision

__all__ = ["WIDE", "NARROW", "Layout", "Mark", "draw", "visual_timeline"]

TONES = (("cooperation", "Cooperation"), ("neutral", "Neutral"), ("conflict", "Conflict"))
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Tick spacings, in months: the first that gives at most a layout's number of intervals is used.
TICK_STEPS = (1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200)


@dataclass(frozen=True)
class Layout:
    """One drawing's geometry, in SVG user units (the SVG is as wide as the page's column)."""

    name: str
    width: int
    max_intervals: int
    margin: int = 32  # room for a tick's label centred on the first or last tick
    lane_label: int = 18  # height of a lane's name above its marks
    row: int = 22  # height of one sub-row of marks
    axis: int = 30  # height of the axis and its labels
    gap: float = 3  # least space between two marks in one sub-row
    min_width: float = 12  # least width of a bar or band, however short its span
    dot: float = 5  # radius of a day's dot
    band: float = 14  # height of a band (a month or a year)
    bar: float = 9  # height of a bar (a range of days)
    char: float = 7  # the width of a character of the axis's labels, about


WIDE = Layout("wide", 800, 10)
NARROW = Layout("narrow", 360, 5)


@dataclass(frozen=True)
class Mark:
    """An event as the picture draws it."""

    pk: int
    title: str
    url: str
    tone: str
    kind: str
    date: FuzzyDate
    parent: int | None
    # (other event's key, link kind), outgoing links only; "reaffirmed" to where a pledge made
    # again at this event was first made.
    links: tuple[tuple[int, str], ...]

    # Each read once per mark, however many drawings and sub-rows ask (`cached_property` writes
    # to the instance's dict, which a frozen dataclass allows).
    @cached_property
    def shape(self) -> str:
        """``dot`` for a single day, ``bar`` for a range of days, ``band`` for a month or year."""
        if self.date.precision != Precision.DAY:
            return "band"
        return "bar" if self.date.is_range else "dot"

    @cached_property
    def first(self) -> dt.date:
        return self.date.start

    @cached_property
    def after(self) -> dt.date:
        """The day after the last possible day: the mark covers [first, after)."""
        return self.date.end + dt.timedelta(days=1)

    @cached_property
    def label(self) -> str:
        """The text alternative: title, date at its precision, kind."""
        return f"{self.title} — {self.date.display()} ({self.kind})"

    @cached_property
    def opening(self) -> str:
        """The mark's link and title, the same in every drawing."""
        classes = f"vtl-mark vtl-{self.shape}" + (" vtl-approx" if self.date.approximate else "")
        edtf = escape(self.date.edtf())
        return (
            f'<a class="{classes}" href="{escape(self.url)}" tabindex="-1" data-date="{edtf}" '
            f'data-start="{self.date.start.isoformat()}" data-end="{self.date.end.isoformat()}">'
            f"<title>{escape(self.label)}</title>"
        )

    @classmethod
    def of(cls, event) -> Mark | None:
        """The mark of an event (or of a participation's event); None for an undated one."""
        event = getattr(event, "event", event)
        date = event.date
        if date is None:
            return None
        kind = event.kind
        rows = getattr(event, "link_rows", None) or []
        links = [(row["id"], row["kind"]) for row in rows if row["out"]]
        links += [(row["first"], "reaffirmed") for row in getattr(event, "reaffirmed_rows", None) or []]
        return cls(
            pk=event.pk,
            title=event.title,
            url=event.get_absolute_url(),
            tone=kind.tone if kind.tone in dict(TONES) else "neutral",
            kind=kind.name,
            date=date,
            parent=event.parent_id,
            links=tuple(dict.fromkeys(links)),
        )


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _from_month_index(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Axis:
    first: dt.date  # left edge
    after: dt.date  # right edge (exclusive)
    step: int  # months between ticks
    ticks: tuple[dt.date, ...]

    @classmethod
    def spanning(cls, first: dt.date, after: dt.date, max_intervals: int) -> Axis:
        """The axis from the tick at or before ``first`` to the tick at or after ``after``, with
        the smallest tick step that gives at most ``max_intervals`` intervals."""
        low, high = _month_index(first), _month_index(after - dt.timedelta(days=1)) + 1
        for step in TICK_STEPS:
            start = low - low % step
            end = -(-high // step) * step
            if (end - start) // step <= max_intervals:
                break
        ticks = tuple(_from_month_index(index) for index in range(start, end + 1, step))
        return cls(ticks[0], ticks[-1], step, ticks)

    def label(self, day: dt.date) -> str:
        if self.step % 12 == 0:
            return str(day.year)
        return f"{MONTHS[day.month - 1]} {day.year}"

    @property
    def centred_labels(self) -> bool:
        """Single months or years are named in the middle of their interval, other steps at the
        tick: a year-precision band then sits under its year's name."""
        return self.step in (1, 12)


class Scale:
    def __init__(self, axis: Axis, layout: Layout) -> None:
        self.axis, self.layout = axis, layout
        self.left = layout.margin
        self.span = layout.width - 2 * layout.margin
        self.days = (axis.after - axis.first).days

    def x(self, day: dt.date) -> float:
        return self.left + (day - self.axis.first).days / self.days * self.span

    def extent(self, mark: Mark) -> tuple[float, float]:
        """Where the mark is drawn, left to right: its days, widened about its middle to the
        least visible width (a dot's diameter for a single day)."""
        x0, x1 = self.x(mark.first), self.x(mark.after)
        least = 2 * self.layout.dot if mark.shape == "dot" else self.layout.min_width
        if x1 - x0 < least:
            middle = (x0 + x1) / 2
            x0, x1 = middle - least / 2, middle + least / 2
        return x0, x1


@dataclass
class Placed:
    mark: Mark
    x0: float
    x1: float
    y: float  # the middle of its sub-row

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


def pack(marks: list[Mark], scale: Scale) -> list[list[tuple[Mark, float, float]]]:
    """Sub-rows of one lane: each mark, earliest first, in the first sub-row where it clears
    the last mark by the layout's gap."""
    rows: list[list[tuple[Mark, float, float]]] = []
    ends: list[float] = []
    for mark in sorted(marks, key=lambda m: (m.first, m.after, m.pk)):
        x0, x1 = scale.extent(mark)
        for index, end in enumerate(ends):
            if x0 >= end + scale.layout.gap:
                rows[index].append((mark, x0, x1))
                ends[index] = x1
                break
        else:
            rows.append([(mark, x0, x1)])
            ends.append(x1)
    return rows


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _mark_svg(placed: Placed, layout: Layout, hatch: str) -> str:
    mark = placed.mark
    if mark.shape == "dot":
        circle = f'cx="{_n(placed.cx)}" cy="{_n(placed.y)}" r="{_n(layout.dot)}"'
        shape = f'<circle class="vtl-shape" {circle}/>'
        overlay = f'<circle class="vtl-hatch" {circle} fill="url(#{hatch})"/>'
    else:
        height = layout.band if mark.shape == "band" else layout.bar
        box = (
            f'x="{_n(placed.x0)}" y="{_n(placed.y - height / 2)}" '
            f'width="{_n(placed.x1 - placed.x0)}" height="{_n(height)}" rx="2"'
        )
        shape = f'<rect class="vtl-shape" {box}/>'
        overlay = f'<rect class="vtl-hatch" {box} fill="url(#{hatch})"/>'
    if not mark.date.approximate:
        overlay = ""
    return f"{mark.opening}{shape}{overlay}</a>"


def _connector(a: Placed, b: Placed, kind: str) -> str:
    """A curve from one mark's middle to the other's, bowed upwards so that it does not run
    along the marks of a sub-row."""
    (x1, y1), (x2, y2) = sorted([(a.cx, a.y), (b.cx, b.y)])
    if abs(x2 - x1) < 12:
        line = f"M{_n(x1)} {_n(y1)} L{_n(x2)} {_n(y2)}"
        return f'<path class="vtl-connector vtl-connector-{escape(kind)}" d="{line}"/>'
    lift = min(y1, y2) - 6 - min(abs(x2 - x1) / 8, 10)
    return (
        f'<path class="vtl-connector vtl-connector-{escape(kind)}" '
        f'd="M{_n(x1)} {_n(y1)} Q{_n((x1 + x2) / 2)} {_n(lift)} {_n(x2)} {_n(y2)}"/>'
    )


def _description(marks: list[Mark]) -> str:
    first = min(marks, key=lambda m: m.first).date
    last = max(marks, key=lambda m: m.after).date
    counts = [
        f"{label.lower()} {sum(1 for m in marks if m.tone == tone)}"
        for tone, label in TONES
        if any(m.tone == tone for m in marks)
    ]
    return (
        f"{len(marks)} event{'s' if len(marks) != 1 else ''} from {first.display()} to "
        f"{last.display()}, in lanes by tone: {', '.join(counts)}. A dot is a single day, a bar a "
        "range of days, a band the whole month or year of a date known only to that precision; "
        "faded, hatched marks are approximate dates. Lines join related events. The list below "
        "gives every event in full."
    )


def draw(marks: list[Mark], layout: Layout, *, prefix: str = "vtl") -> str:
    """One drawing of ``marks`` (at least one) in ``layout``, as SVG markup."""
    ident = f"{prefix}-{layout.name}"
    first = min(m.first for m in marks)
    after = max(m.after for m in marks)
    axis = Axis.spanning(first, after, layout.max_intervals)
    scale = Scale(axis, layout)

    lanes: list[str] = []  # backgrounds and names, under the connectors
    body: list[str] = []  # the marks, over them
    placed: dict[int, Placed] = {}
    y = 6.0
    for tone, label in TONES:
        lane = [m for m in marks if m.tone == tone]
        if not lane:
            continue
        rows = pack(lane, scale)
        height = layout.lane_label + layout.row * len(rows)
        lanes.append(
            f'<rect class="vtl-lane-bg" x="0" y="{_n(y)}" width="{layout.width}" height="{_n(height)}"/>'
            f'<text class="vtl-lane-label" x="6" y="{_n(y + 13)}">{label}</text>'
        )
        for index, row in enumerate(rows):
            middle = y + layout.lane_label + layout.row * index + layout.row / 2
            for mark, x0, x1 in row:
                placed[mark.pk] = Placed(mark, x0, x1, middle)
        hatch = f"{ident}-hatch"
        body.append(
            f'<g class="vtl-lane vtl-tone-{tone}">'
            + "".join(_mark_svg(placed[m.pk], layout, hatch) for row in rows for m, _, _ in row)
            + "</g>"
        )
        y += height + 4

    connectors = []
    for mark in marks:
        pairs = [(mark.parent, "part")] if mark.parent else []
        for other, kind in [*pairs, *mark.links]:
            if other in placed and other != mark.pk:
                connectors.append(_connector(placed[mark.pk], placed[other], kind))

    axis_y = y + 2
    ticks = []
    labels = []  # (x of the label's middle, text)
    for index, tick in enumerate(axis.ticks):
        x = scale.x(tick)
        ticks.append(f'<line class="vtl-tick" x1="{_n(x)}" y1="6" x2="{_n(x)}" y2="{_n(axis_y + 5)}"/>')
        if axis.centred_labels and index + 1 < len(axis.ticks):
            labels.append(((x + scale.x(axis.ticks[index + 1])) / 2, axis.label(tick)))
        elif not axis.centred_labels:
            labels.append((x, axis.label(tick)))
    right = -float("inf")  # a label that would touch the one before it is left out
    for x, text in labels:
        half = len(text) * layout.char / 2
        x = min(max(x, half), layout.width - half)
        if x - half < right + layout.char:
            continue
        right = x + half
        ticks.append(
            f'<text class="vtl-tick-label" x="{_n(x)}" y="{_n(axis_y + 18)}" '
            f'text-anchor="middle">{text}</text>'
        )
    total = axis_y + layout.axis
    return (
        f'<svg class="vtl-chart vtl-{layout.name}" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {layout.width} {_n(total)}" width="100%" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc">'
        f'<title id="{ident}-title">Timeline of the events listed below</title>'
        f'<desc id="{ident}-desc">{escape(_description(marks))}</desc>'
        f'<defs><pattern id="{ident}-hatch" width="5" height="5" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><line class="vtl-hatch-line" x1="0" y1="0" x2="0" y2="5"/>'
        f"</pattern></defs>"
        f'<g class="vtl-grid">{"".join(ticks)}'
        f'<line class="vtl-axis" x1="{layout.margin}" y1="{_n(axis_y)}" x2="{layout.width - layout.margin}" '
        f'y2="{_n(axis_y)}"/></g>'
        f'<g class="vtl-lanes">{"".join(lanes)}</g>'
        f'<g class="vtl-connectors" aria-hidden="true">{"".join(connectors)}</g>'
        f"{''.join(body)}"
        "</svg>"
    )


LEGEND = (
    ("dot", "a day"),
    ("bar", "a range of days"),
    ("band", "a month or a year, drawn whole"),
    ("approx", "approximate (c.)"),
    ("connector", "related events"),
)


def _legend(prefix: str) -> str:
    swatches = {
        "dot": '<circle class="vtl-shape" cx="12" cy="8" r="4.5"/>',
        "bar": '<rect class="vtl-shape" x="2" y="3.5" width="20" height="9" rx="2"/>',
        "band": '<rect class="vtl-shape" x="2" y="2" width="20" height="12" rx="2"/>',
        "approx": (
            '<rect class="vtl-shape" x="2" y="2" width="20" height="12" rx="2"/>'
            '<rect class="vtl-hatch" x="2" y="2" width="20" height="12" rx="2" '
            f'fill="url(#{prefix}-legend-hatch)"/>'
        ),
        "connector": '<path class="vtl-connector" d="M2 13 Q12 1 22 13"/>',
    }
    items = []
    for key, text in LEGEND:
        group = "vtl-mark vtl-approx vtl-band" if key == "approx" else f"vtl-mark vtl-{key}"
        if key == "connector":
            group = "vtl-connectors"
        items.append(
            '<li><svg class="vtl-swatch" viewBox="0 0 24 16" width="24" height="16" aria-hidden="true">'
            + (
                f'<defs><pattern id="{prefix}-legend-hatch" width="5" height="5" '
                'patternUnits="userSpaceOnUse" '
                'patternTransform="rotate(45)"><line class="vtl-hatch-line" x1="0" y1="0" x2="0" y2="5"/>'
                "</pattern></defs>"
                if key == "approx"
                else ""
            )
            + f'<g class="{group}">{swatches[key]}</g></svg> {escape(text)}</li>'
        )
    return f'<ul class="vtl-legend">{"".join(items)}</ul>'


def visual_timeline(events: Iterable, *, prefix: str = "vtl") -> SafeString:
    """The picture of ``events`` (or of participations' events) as HTML: a figure holding the
    wide and the narrow drawing and the legend; "" for no dated events."""
    marks, seen = [], set()
    for event in events:
        mark = Mark.of(event)
        if mark is not None and mark.pk not in seen:
            seen.add(mark.pk)
            marks.append(mark)
    if not marks:
        return mark_safe("")
    return mark_safe(  # noqa: S308 - every text above is escaped
        f'<figure class="vtl">{draw(marks, WIDE, prefix=prefix)}{draw(marks, NARROW, prefix=prefix)}'
        f"<figcaption>{_legend(prefix)}</figcaption></figure>"
    )
