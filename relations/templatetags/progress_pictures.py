"""The pledge page's progress: ``{% progress_chart pledge %}`` draws its chart, and
``{% progress_reading pledge as reading %}`` gives what the page says beside the editor's status
(the verdict, the share covered, the pace needed, the latest figure, overdue or silent).

Both read a pledge from `relations.pledge_page`, whose observations come with their sources in
period order: no query here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django import template
from django.utils.safestring import SafeString, mark_safe

from relations.dates import FuzzyDate
from relations.models.observations import period_text
from relations.models.pledge_status import PledgeStatus
from relations.models.progress import RECENT_MONTHS, Verdict, reading_order
from relations.models.targets import Unit, quantity_text
from relations.pictures.progress import Chart, Figure
from relations.pictures.progress import progress_chart as draw

register = template.Library()

# The rule of relations/models/progress.py, step by step, as the page explains it to a reader.
# Its docstring is the rule of record; this is its plain reading, in the same order.
RULE_STEPS = (
    "Only a pledge with a target amount gets a verdict.",
    "Figures for periods that ended before the pledge was made are the record before it and never "
    "count as progress. Progress is measured from the baseline, or else from the latest of those "
    "figures, or else from the first figure since.",
    "The latest figure is the one whose period ends last; of two that end together, the shorter "
    "(a year's last quarter comes after the year).",
    "Met: the latest figure reaches the target.",
    "No recent data: no figure since the pledge was made, or the latest figure's period ended more "
    f"than {RECENT_MONTHS} months ago.",
    "With a due date: on track if the latest figure is at least where a straight line from the "
    "start (when the pledge was made) to the target (at the due date) stands at the end of that "
    "figure's period; behind if it falls short, or if its period ended after the due date.",
    "Without a due date: on track if the latest figure has moved from the start toward the target; "
    "behind if it has not.",
)


def rule_steps() -> tuple[str, ...]:
    """How a verdict is reached, in the rule's order (relations/models/progress.py)."""
    return RULE_STEPS


def pledge_quantity(pledge, value: Decimal) -> str:
    """``value`` in the pledge's currency or unit, as its target reads ("US$1.4 billion",
    "20 instructors", "40%")."""
    unit = Unit(pledge.target_unit) if pledge.target_unit else None
    counted = unit is not None and unit.counts_things
    return quantity_text(
        value,
        currency=pledge.target_currency,
        unit=pledge.target_unit,
        measure=pledge.target_measure if counted else "",
    )


def about(value: Decimal, digits: int = 3) -> Decimal:
    """``value`` to ``digits`` significant figures: an estimate reads as one (1.23 billion)."""
    value = Decimal(value)
    if not value:
        return value
    exponent = value.adjusted() - digits + 1
    return value.quantize(Decimal(1).scaleb(exponent)).normalize()


def chart_of(pledge, on: dt.date | None = None) -> Chart | None:
    """What the chart draws of ``pledge``; None for a pledge without a target amount."""
    if pledge.target_amount is None:
        return None
    figures = [
        Figure(period=o.period, value=o.value, period_text=period_text(o.period))
        for o in pledge.observations.all()
        if o.period is not None
    ]
    return Chart(
        made_on=pledge.date_start,
        made_text=pledge.event.date.display() if pledge.event.date else pledge.date_start.isoformat(),
        target=pledge.target_amount,
        text=lambda value: pledge_quantity(pledge, value),
        figures=figures,
        baseline=pledge.baseline_amount,
        start=pledge.progress_start if pledge.progress_start is not None else pledge.baseline_amount,
        due=pledge.due,
        due_text=pledge.due.display() if pledge.due else "",
        today=on or dt.date.today(),
        open=pledge.current_status not in PledgeStatus.outcomes(),
        title=f"Progress toward the target: {pledge.target_text}",
    )


@register.simple_tag
def progress_chart(pledge, on: dt.date | None = None) -> SafeString:
    """The chart, both drawings and the legend; "" for a pledge without a target amount."""
    chart = chart_of(pledge, on)
    if chart is None:
        return mark_safe("")
    return draw(chart, prefix=f"progress-{pledge.pk}")


@dataclass(frozen=True)
class ProgressReading:
    """What the page says of a pledge's progress, beside the editor's status."""

    verdict: Verdict | None
    share: str  # "28% of the way from US$1.4 billion to US$5 billion"
    pace: str  # "about US$1.2 billion a year"
    observations: list  # in the rule's order: by the end of their period, the longer first
    latest: object | None  # the latest observation
    latest_value: str
    latest_period: str
    overdue: bool
    silent: bool
    heard_last: FuzzyDate | None  # the date of the making, status change or figure last heard of
    disagreement: str
    steps: tuple[str, ...]

    @property
    def verdict_label(self) -> str:
        return self.verdict.label if self.verdict else ""


def in_rule_order(pledge) -> list:
    """The pledge's observations (prefetched) as the rule reads them: by the last day of their
    period, and the longer period last when two end together: the latest is last."""
    dated = [o for o in pledge.observations.all() if o.period is not None]
    return sorted(dated, key=lambda o: reading_order(o.period.start, o.period.end))


def share_text(pledge) -> str:
    """ "28% of the way from US$1.4 billion to US$5 billion"; "" where no share is derived."""
    share, start = pledge.progress_share, pledge.progress_start
    if share is None or start is None or pledge.target_amount is None:
        return ""
    percent = round(share * 100)
    start_text, target_text = pledge_quantity(pledge, start), pledge_quantity(pledge, pledge.target_amount)
    if percent < 0:
        return f"further from {target_text} than the start, {start_text}"
    return f"{percent}% of the way from {start_text} to {target_text}"


def disagreement_text(pledge, latest: str) -> str:
    if not pledge.disagrees_with_evidence:
        return ""
    if pledge.current_status == PledgeStatus.FULFILLED:
        return f"The status says fulfilled, but the latest figure ({latest}) falls short of the target."
    return f"The status says not fulfilled, but the latest figure ({latest}) has reached the target."


@register.simple_tag
def progress_reading(pledge, on: dt.date | None = None) -> ProgressReading:
    """``{% progress_reading pledge as reading %}``: the verdict on ``on`` (today by default)
    and what goes with it."""
    observations = in_rule_order(pledge)
    latest = observations[-1] if observations and pledge.target_amount is not None else None
    latest_value = pledge_quantity(pledge, latest.value) if latest else ""
    latest_period = period_text(latest.period) if latest else ""
    described = f"{latest_value} for {latest_period}" if latest else ""
    pace = ""
    # The pace is what is still needed before the due date: once it has passed, none is.
    if (
        pledge.pace_needed is not None
        and pledge.due_end is not None
        and pledge.due_end >= (on or dt.date.today())
    ):
        pace = f"about {pledge_quantity(pledge, about(abs(pledge.pace_needed)))} a year"
    changes = list(pledge.status_changes.all())
    heard = [pledge.event.date, changes[-1].as_of if changes else None, latest.period if latest else None]
    heard = [date for date in heard if date is not None]
    return ProgressReading(
        verdict=pledge.verdict(on),
        share=share_text(pledge),
        pace=pace,
        observations=observations,
        latest=latest,
        latest_value=latest_value,
        latest_period=latest_period,
        overdue=pledge.is_overdue(on),
        silent=pledge.is_silent(on),
        heard_last=max(heard, key=lambda date: date.end) if heard else None,
        disagreement=disagreement_text(pledge, described),
        steps=rule_steps(),
    )
