"""The activity chart: events per quarter (or per year) stacked by tone and kind, as inline SVG.

A pure renderer: it takes `PeriodCount` rows (`relations.activity`) and returns HTML; it runs no
query, so a page pays only for reading the rows. What it draws:

* Quarters while the axis spans at most ``MOST_QUARTERS`` (24, six years); past that, years, so
  that a bar stays wide enough to point at on a phone.
* The axis is continuous: every period between the first and the last is drawn, empty ones as
  zero. A year that holds year-only events is on the axis whole.
* Each bar is stacked bottom to top by tone (cooperation, neutral, conflict) and, within a tone,
  by kind: one segment per kind, the tone's colour in a shade of its own (the most frequent kind
  of a tone in the chart gets the tone's main shade). The legend names every kind shown.
* An event dated only to a year ("in 2019") belongs to no quarter. In quarterly mode its year's
  count is a hatched band under the bars over all four quarters of the year, a quarter of the
  count high in each (so its area is its number of events, and nothing lands in Q1); in yearly
  mode it is a hatched segment at the foot of the year's bar.
* Numbers: every segment has a ``<title>`` (shown on hover: "2025 Q3: 2 cooperation events
  (1 visit, 1 commission session)"), every period one for its total, and a table under "Show the
  numbers" holds the same figures for those who would rather read.
* The SVG has no viewBox: x positions are percentages of the width and heights and text are in
  pixels, so the chart fills its column at any width and its text stays readable at 390 px. The
  y-axis numbers sit left of the plot, in the wrapper's padding (``overflow: visible``).
* Colours, hatching and text are classes styled in ``static/css/tracker.css`` (CSP forbids style
  attributes), through custom properties that a dark scheme can redefine.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from relations.activity import PeriodCount

TONES = ("cooperation", "neutral", "conflict")
MOST_QUARTERS = 24  # past six years a quarter's bar is too thin to point at on a phone
SHADES = 4  # kinds of one tone beyond this share shades (the legend still names each)
QUARTER_LABELS_ALWAYS = 12  # more quarters than this: "Q1"… only on wide screens
YEAR_LABELS_WIDE, YEAR_LABELS_NARROW = 16, 6  # most year labels that fit at ~700 px and ~330 px
LABEL_STEPS = (1, 2, 5, 10, 20, 25, 50, 100)
MIN_SLOTS = 6  # fewer periods are centred at this width, not stretched into wide slabs
BAR = 0.72  # a bar's share of its period's width

# Heights in pixels: caption above the plot, the plot, two rows of labels below.
TOP, PLOT, BOTTOM = 24, 180, 40
HEIGHT = TOP + PLOT + BOTTOM
BASE = TOP + PLOT


@dataclass
class Stack:
    """One tone's events in one period, by kind: one group of segments in a bar or a band."""

    tone: str
    kinds: dict[str, int] = field(default_factory=dict)  # kind slug -> events

    @property
    def events(self) -> int:
        return sum(self.kinds.values())


@dataclass
class Column:
    """What is drawn over some slots of the axis: a period's bar, or a year's year-only band."""

    label: str
    first_slot: int
    slots: int
    year_only: bool
    stacks: dict[str, Stack] = field(default_factory=dict)  # by tone, in TONES order once sorted

    @property
    def events(self) -> int:
        return sum(stack.events for stack in self.stacks.values())

    def per_slot(self) -> float:
        """How high the column stands over each of its slots (a band spreads over its quarters)."""
        return self.events / self.slots


class ActivityChart:
    """The chart's layout, worked out from the counts; ``html()`` draws it."""

    def __init__(self, counts: Iterable[PeriodCount], *, title: str | None = None, uid: str | None = None):
        # A tone this chart does not know is drawn as neutral rather than dropped.
        counts = [c if c.tone in TONES else replace(c, tone="neutral") for c in counts if c.events > 0]
        self.counts = counts
        self.kind_names = {c.kind: c.kind_name for c in counts}
        self.yearly = False
        self.columns: list[Column] = []
        self.bands: list[Column] = []
        self.slot_starts: list[dt.date] = []
        if counts:
            self._lay_out()
        self.title = title or f"Events per {self.period_noun}, by tone and kind"
        if uid:
            self.uid = re.sub(r"[^\w-]", "-", uid)
        else:
            self.uid = f"activity-{hashlib.sha1(repr((self.title, counts)).encode()).hexdigest()[:8]}"

    # Layout

    @property
    def period_noun(self) -> str:
        return "year" if self.yearly else "quarter"

    def _lay_out(self) -> None:
        quarters = [_quarter_index(c.start) for c in self.counts if not c.year_only]
        quarters += [q for c in self.counts if c.year_only for q in (c.start.year * 4, c.start.year * 4 + 3)]
        first, last = min(quarters), max(quarters)
        self.yearly = last - first + 1 > MOST_QUARTERS
        if self.yearly:
            first, last = first // 4, last // 4
            self.slot_starts = [dt.date(year, 1, 1) for year in range(first, last + 1)]
        else:
            self.slot_starts = [_quarter_date(q) for q in range(first, last + 1)]
        self.columns = [
            Column(_period_label(s, self.yearly), i, 1, False) for i, s in enumerate(self.slot_starts)
        ]
        bands: dict[int, Column] = {}
        for count in self.counts:
            if count.year_only:
                year = count.start.year
                if year not in bands:
                    slot = year - first if self.yearly else year * 4 - first
                    bands[year] = Column(str(year), slot, 1 if self.yearly else 4, True)
                column = bands[year]
            else:
                slot = count.start.year - first if self.yearly else _quarter_index(count.start) - first
                column = self.columns[slot]
            stack = column.stacks.setdefault(count.tone, Stack(count.tone))
            stack.kinds[count.kind] = stack.kinds.get(count.kind, 0) + count.events
        self.bands = [bands[year] for year in sorted(bands)]
        # Kinds by frequency within their tone: the commonest gets the tone's main shade.
        totals: dict[tuple[str, str], int] = {}
        for column in self.columns + self.bands:
            column.stacks = {tone: column.stacks[tone] for tone in TONES if tone in column.stacks}
            for stack in column.stacks.values():
                for kind, events in stack.kinds.items():
                    totals[stack.tone, kind] = totals.get((stack.tone, kind), 0) + events
        ranked = sorted(totals, key=lambda key: (TONES.index(key[0]), -totals[key], self.kind_names[key[1]]))
        self.shades: dict[tuple[str, str], int] = {}
        for tone, kind in ranked:
            self.shades[tone, kind] = sum(1 for t, _ in self.shades if t == tone) % SHADES + 1
        self.kind_order = ranked
        position = {key: i for i, key in enumerate(ranked)}
        for column in self.columns + self.bands:
            for stack in column.stacks.values():
                if len(stack.kinds) > 1:
                    tone = stack.tone
                    stack.kinds = dict(sorted(stack.kinds.items(), key=lambda item: position[tone, item[0]]))

    def band_over(self, slot: int) -> Column | None:
        return self._bands_over().get(slot)

    def _bands_over(self) -> dict[int, Column]:
        """The first band over each slot that has one (the bands are laid out once)."""
        if not hasattr(self, "_band_of_slot"):
            found: dict[int, Column] = {}
            for band in self.bands:
                for slot in range(band.first_slot, band.first_slot + band.slots):
                    found.setdefault(slot, band)
            self._band_of_slot = found
        return self._band_of_slot

    def total(self, column: Column) -> int:
        """A period's events; in yearly mode those dated only to the year included."""
        band = self.band_over(column.first_slot) if self.yearly else None
        return column.events + (band.events if band else 0)

    def base(self, slot: int) -> float:
        """The height of the year-only band under a slot's bar."""
        return sum(b.per_slot() for b in self.bands if b.first_slot <= slot < b.first_slot + b.slots)

    def highest(self) -> float:
        return max(self.base(c.first_slot) + c.events for c in self.columns)

    def ticks(self) -> list[int]:
        """Round numbers for the gridlines, from 0 to the first at or above the highest bar."""
        highest = self.highest()
        step = next(
            s * 10**power
            for power in range(12)
            for s in (1, 2, 5)
            if math.ceil(highest / (s * 10**power)) <= 4
        )
        top = max(1, math.ceil(highest / step)) * step
        return list(range(0, top + 1, step))

    # Drawing

    def html(self) -> SafeString:
        if not self.counts:
            return mark_safe('<p class="empty activity-empty">No events recorded.</p>')
        return mark_safe(
            '<figure class="activity-chart">'
            f'<div class="activity-plot">{self.svg()}</div>'
            f"{self.legend()}{self.table()}</figure>"
        )

    def svg(self) -> str:
        ticks = self.ticks()
        self.top = ticks[-1]
        uid = self.uid
        parts = [
            f'<svg class="activity-svg" width="100%" height="{HEIGHT}" role="img" '
            f'aria-labelledby="{uid}-title {uid}-desc" xmlns="http://www.w3.org/2000/svg">',
            f'<title id="{uid}-title">{escape(self.title)}</title>',
            f'<desc id="{uid}-desc">{escape(self.description())}</desc>',
            f'<defs><pattern id="{uid}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)"><rect class="hatch-line" width="2.5" height="6"/>'
            "</pattern></defs>",
            f'<text class="axis-caption" x="0" y="12">events per {self.period_noun}</text>',
        ]
        for value in ticks:
            y = self.y(value)
            css = "axis" if value == 0 else "grid"
            parts.append(f'<line class="{css}" x1="0" x2="100%" y1="{y}" y2="{y}"/>')
            parts.append(
                f'<text class="tick-label value-label" x="-6" y="{y + 4}" text-anchor="end">'
                f"{_short(value)}</text>"
            )
        parts += [self.slot_hover(column) for column in self.columns]
        for band in self.bands:
            parts.append(self.draw_column(band, bottom=0.0))
        for column in self.columns:
            parts.append(self.draw_column(column, bottom=self.base(column.first_slot)))
        parts.append(self.x_labels())
        parts.append("</svg>")
        return "".join(parts)

    def slot_width(self) -> float:
        return 100 / max(len(self.slot_starts), MIN_SLOTS)

    def slot_left(self, slot: int) -> float:
        width = self.slot_width()
        return (100 - width * len(self.slot_starts)) / 2 + slot * width

    def y(self, value: float) -> float:
        return round(BASE - value / self.top * PLOT, 2)

    def slot_hover(self, column: Column) -> str:
        """An invisible full-height target, so that pointing at an empty period says so too."""
        band = self.band_over(column.first_slot)
        total = self.total(column)
        text = f"{column.label}: {_events(total)}" if total else f"{column.label}: no events"
        if band is not None:
            if self.yearly:
                text += f", {band.events:,} of them dated only to the year"
            else:
                text += f", and {_events(band.events)} dated only to {band.label}"
        return (
            f'<rect class="slot" x="{_pc(self.slot_left(column.first_slot))}" y="{TOP}" '
            f'width="{_pc(self.slot_width())}" height="{PLOT}"><title>{escape(text)}</title></rect>'
        )

    def draw_column(self, column: Column, *, bottom: float) -> str:
        margin = self.slot_width() * (1 - BAR) / 2
        x = self.slot_left(column.first_slot) + margin
        width = self.slot_width() * column.slots - 2 * margin
        level = bottom
        parts = []
        for stack in column.stacks.values():
            group_bottom = level
            rects = []
            for kind, events in stack.kinds.items():
                height = events / column.slots
                rects.append(
                    self.rect(
                        x,
                        width,
                        level,
                        height,
                        f"seg tone-{stack.tone} shade-{self.shades[stack.tone, kind]}",
                    )
                )
                level += height
            if column.year_only:
                hatch = f'fill="url(#{self.uid}-hatch)"'
                rects.append(self.rect(x, width, group_bottom, level - group_bottom, "hatch", hatch))
            css = f"stack tone-{stack.tone}" + (" year-only" if column.year_only else "")
            title = escape(self.stack_title(column, stack))
            parts.append(f'<g class="{css}"><title>{title}</title>{"".join(rects)}</g>')
        return "".join(parts)

    def rect(self, x: float, width: float, bottom: float, height: float, css: str, extra: str = "") -> str:
        top = self.y(bottom + height)
        return (
            f'<rect class="{css}" x="{_pc(x)}" y="{top}" width="{_pc(width)}" '
            f'height="{round(self.y(bottom) - top, 2)}"{" " + extra if extra else ""}/>'
        )

    def stack_title(self, column: Column, stack: Stack) -> str:
        kinds = ", ".join(_kind_events(events, self.kind_names[kind]) for kind, events in stack.kinds.items())
        label = column.label
        if column.year_only:
            label += ", only the year known" + ("" if self.yearly else " (drawn over its four quarters)")
        noun = f"{stack.tone} event" + ("" if stack.events == 1 else "s")
        return f"{label}: {stack.events:,} {noun} ({kinds})"

    def x_labels(self) -> str:
        parts = []
        count = len(self.slot_starts)
        width = self.slot_width()
        for slot, start in enumerate(self.slot_starts):
            centre = _pc(self.slot_left(slot) + width / 2)
            parts.append(f'<line class="tick" x1="{centre}" x2="{centre}" y1="{BASE}" y2="{BASE + 4}"/>')
            if self.yearly:
                wide, narrow = (_label_step(count, most) for most in (YEAR_LABELS_WIDE, YEAR_LABELS_NARROW))
                if start.year % wide == 0 or wide == 1:
                    minor = " minor" if start.year % narrow and narrow > 1 else ""
                    parts.append(
                        self.text(centre, BASE + 16, str(start.year), "tick-label year-label" + minor)
                    )
                continue
            quarter = (start.month - 1) // 3 + 1
            minor = " minor" if count > QUARTER_LABELS_ALWAYS else ""
            parts.append(self.text(centre, BASE + 16, f"Q{quarter}", "tick-label quarter-label" + minor))
            if quarter == 1 and slot > 0:
                left = _pc(self.slot_left(slot))
                parts.append(f'<line class="year-tick" x1="{left}" x2="{left}" y1="{BASE}" y2="{HEIGHT}"/>')
        if not self.yearly:
            years: dict[int, list[int]] = {}
            for slot, start in enumerate(self.slot_starts):
                years.setdefault(start.year, []).append(slot)
            for year, slots in years.items():
                centre = _pc(self.slot_left(slots[0]) + width * len(slots) / 2)
                lift = (
                    " lift" if count > QUARTER_LABELS_ALWAYS else ""
                )  # into the quarters' row when it hides
                parts.append(self.text(centre, BASE + 34, str(year), "tick-label year-label" + lift))
        return "".join(parts)

    @staticmethod
    def text(x: str, y: float, text: str, css: str) -> str:
        return f'<text class="{css}" x="{x}" y="{y}" text-anchor="middle">{escape(text)}</text>'

    def description(self) -> str:
        total = sum(c.events for c in self.counts)
        busiest = max(self.columns, key=lambda c: (self.total(c), -c.first_slot))
        by_tone = {tone: sum(c.events for c in self.counts if c.tone == tone) for tone in TONES}
        tones = ", ".join(f"{events:,} {tone}" for tone, events in by_tone.items() if events)
        text = (
            f"{_events(total)} from {self.columns[0].label} to {self.columns[-1].label}: {tones}. "
            f"The busiest {self.period_noun}: {busiest.label}, with {_events(self.total(busiest))}."
        )
        year_only = sum(c.events for c in self.counts if c.year_only)
        if year_only:
            text += f" {_events(year_only)} dated only to a year."
        return text

    def legend(self) -> str:
        rows = []
        for tone in TONES:
            kinds = [kind for t, kind in self.kind_order if t == tone]
            if not kinds:
                continue
            items = "".join(
                f'<li><span class="swatch tone-{tone} shade-{self.shades[tone, kind]}"></span>'
                f"{escape(self.kind_names[kind])}</li>"
                for kind in kinds
            )
            name = f'<span class="legend-tone-name">{tone.capitalize()}</span>'
            rows.append(f'<li class="legend-tone">{name}<ul>{items}</ul></li>')
        if self.bands:
            where = "a segment of the year’s bar" if self.yearly else "a band spread over its four quarters"
            rows.append(
                '<li class="legend-tone"><ul><li><span class="swatch swatch-year-only"></span>'
                f"Hatched: dated only to a year, drawn as {where}</li></ul></li>"
            )
        return f'<ul class="activity-legend">{"".join(rows)}</ul>'

    def table(self) -> str:
        """The same numbers as a table: one row per period that has events, oldest first."""
        rows = []
        for column in self.columns:
            band = next((b for b in self.bands if b.first_slot == column.first_slot), None)
            if band is not None and not self.yearly:
                rows.append(self.table_row(band))
            if column.events:
                rows.append(self.table_row(column))
            if band is not None and self.yearly:
                rows.append(self.table_row(band))
        by_tone = {tone: sum(c.events for c in self.counts if c.tone == tone) for tone in TONES}
        totals = "".join(f'<td data-label="{tone.capitalize()}">{n:,}</td>' for tone, n in by_tone.items())
        noun = "Year" if self.yearly else "Quarter"
        everything = sum(c.events for c in self.counts)
        return (
            '<details class="activity-numbers"><summary>Show the numbers</summary><div class="table-scroll">'
            '<table class="data-table activity-table">'
            f"<caption>Events per {self.period_noun} by tone and kind; "
            f"{self.period_noun}s without events are left out.</caption>"
            f'<thead><tr><th scope="col">{noun}</th>'
            + "".join(f'<th scope="col">{tone.capitalize()}</th>' for tone in TONES)
            + '<th scope="col">Total</th></tr></thead><tbody>'
            + "".join(rows)
            + f'</tbody><tfoot><tr><th scope="row">All</th>{totals}'
            f'<td data-label="Total">{everything:,}</td></tr></tfoot>'
            "</table></div></details>"
        )

    def table_row(self, column: Column) -> str:
        label = escape(column.label)
        if column.year_only:
            label += ' <span class="kinds">only the year known</span>'
        cells = []
        for tone in TONES:
            stack = column.stacks.get(tone)
            if stack is None:
                cells.append(f'<td data-label="{tone.capitalize()}">0</td>')
                continue
            kinds = ", ".join(
                _kind_events(events, self.kind_names[kind]) for kind, events in stack.kinds.items()
            )
            cells.append(
                f'<td data-label="{tone.capitalize()}">{stack.events:,} '
                f'<span class="kinds">{escape(kinds)}</span></td>'
            )
        total = f'<td data-label="Total">{column.events:,}</td>'
        return f'<tr><th scope="row">{label}</th>{"".join(cells)}{total}</tr>'


def activity_chart(
    counts: Sequence[PeriodCount], *, title: str | None = None, uid: str | None = None
) -> SafeString:
    """The chart, its legend and its numbers as HTML; "No events recorded." when there are none.

    ``title`` names the chart for screen readers; ``uid`` prefixes its element ids (two charts on
    one page need different ones; by default it is derived from the title and the counts).
    """
    return ActivityChart(counts, title=title, uid=uid).html()


def _quarter_index(day: dt.date) -> int:
    return day.year * 4 + (day.month - 1) // 3


def _quarter_date(index: int) -> dt.date:
    return dt.date(index // 4, index % 4 * 3 + 1, 1)


def _period_label(start: dt.date, yearly: bool) -> str:
    return str(start.year) if yearly else f"{start.year} Q{(start.month - 1) // 3 + 1}"


def _label_step(count: int, most: int) -> int:
    return next((step for step in LABEL_STEPS if math.ceil(count / step) <= most), LABEL_STEPS[-1])


def _pc(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".") + "%"


def _short(value: int) -> str:
    """Gridline numbers kept short enough for the margin: 2,500 and 40k."""
    if value >= 10_000 and value % 1000 == 0:
        return f"{value // 1000:,}k"
    return f"{value:,}"


def _events(number: int) -> str:
    return f"{number:,} event" + ("" if number == 1 else "s")


def _kind_events(number: int, name: str) -> str:
    """ "1 visit", "2 commission sessions", "3 other events"."""
    if name == "other":
        name = "other event"
    if number != 1:
        if name.endswith(("s", "x", "ch", "sh")):
            name += "es"
        elif name.endswith("y") and name[-2:-1] not in "aeiou":
            name = name[:-1] + "ies"
        else:
            name += "s"
    return f"{number:,} {name}"
