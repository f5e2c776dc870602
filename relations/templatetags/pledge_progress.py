"""A pledge's evidence beside its status: the verdict, a small bar of the share covered and the
marks of what an editor should check next (overdue, silent), all read from the columns stored
on the pledge, so that a list of pledges shows them without a query per row."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template

from relations.models import Pledge
from relations.models.progress import Attention

register = template.Library()

# The bar's width goes in steps of this many percent: one class each (`.progress-fill.w-25`),
# since the pages' Content-Security-Policy forbids a style attribute.
BAR_STEP = 5

# What each mark means, said where it is shown.
ATTENTION_HELP = {
    Attention.OVERDUE: "past its due date without an outcome",
    Attention.SILENT: "no outcome, and nothing heard for more than a year",
}


def percent(share: Decimal | None) -> int | None:
    """The share covered as a whole percentage, as it is: below 0 when the measure fell, above
    100 past the target."""
    if share is None:
        return None
    return int((share * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def bar_width(share: Decimal | None) -> int:
    """The bar's width in percent: the share clamped to 0–100, to the nearest `BAR_STEP`."""
    if share is None:
        return 0
    clamped = min(max(share * 100, Decimal(0)), Decimal(100))
    steps = (clamped / BAR_STEP).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(steps) * BAR_STEP


@register.inclusion_tag("relations/includes/_pledge_progress.html")
def pledge_progress(pledge: Pledge, marks: bool = True) -> dict:
    """The evidence beside a pledge's status: today's verdict and the share covered (for a
    pledge with a target amount), then its marks (`Pledge.attention`) unless ``marks`` is off."""
    verdict = pledge.verdict()
    shown = percent(pledge.progress_share) if verdict else None
    return {
        "verdict": verdict,
        "percent": shown,
        "width": bar_width(pledge.progress_share),
        "attention": [(mark, ATTENTION_HELP[mark]) for mark in pledge.attention()] if marks else [],
    }
