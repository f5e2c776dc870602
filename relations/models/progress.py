"""How far a pledge with a measurable target has come: the one place that decides its verdict.

A pledge's progress is derived from its baseline, its observations (`Observation`) and its
target, and stored on the pledge (``progress_*`` columns, refreshed by derived.py on every write
that moves it). The editor's status stays the rating of record; the verdict is the evidence
shown beside it.

The rule, in order (`assess` and `verdict_on`; tests/test_progress.py has a test for each step):

1. Only a pledge with a target amount is assessed; any other has no verdict.
2. Observations of periods that ended before the pledge was made are the record before it: they
   never count as progress, and the latest of them is the starting level when no baseline is
   typed. Without either, the start is the first observation made since.
3. The latest observation is the one whose period ends last; of two that end on the same day,
   the longer period's (a year's figure, not its last quarter's: a target is most often a
   yearly level).
4. **met**: the latest observation reaches the target (at or above it; at or below it for a
   target below its starting level, such as a cut in tariffs).
5. **no recent data**: no observation since the pledge was made, or the latest ended more
   than `RECENT_MONTHS` months before the day asked about (today by default). This step is read
   at query time (`verdict_on`, `verdict_expression`), since it moves with the calendar.
6. With a due date: **on track** if the latest observation is at least where a straight line
   from the start (on the day the pledge was made) to the target (on the due date's last day)
   stands at the end of the latest observation's period; **behind** if it is short of it, or if
   its period ended after the due date.
7. Without a due date: **on track** if the latest observation is beyond the start, toward the
   target; **behind** if it is not.

Also derived: the share of the way covered at the latest observation, (latest − start) ÷
(target − start), and the pace needed to meet the due date, (target − latest) per year of the
time between the end of the latest observation's period and the due date's last day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.db.models import Case, F, Q, Value, When

RECENT_MONTHS = 18  # a year's trade figure is usually published within the first half of the next
SILENT_DAYS = 365  # "no status change or observation for more than a year"
DAYS_PER_YEAR = Decimal("365.25")


class Verdict(models.TextChoices):
    MET = "met", "met"
    ON_TRACK = "on_track", "on track"
    BEHIND = "behind", "behind"
    NO_RECENT_DATA = "no_recent_data", "no recent data"


class Attention(models.TextChoices):
    """What an editor should check next (`?attention=`)."""

    OVERDUE = "overdue", "overdue"
    SILENT = "silent", "silent"


@dataclass(frozen=True)
class Reading:
    """One observation as the rule reads it."""

    start: dt.date  # the period's first day
    end: dt.date  # the period's last day
    value: Decimal


@dataclass(frozen=True)
class Progress:
    """What is stored on the pledge: the verdict before step 5's calendar check ("" when there
    is no observation since the pledge was made), the start level, the latest observation and its
    period's last day, the share covered and the pace needed (None where they do not apply)."""

    verdict: str = ""
    start: Decimal | None = None
    latest: Decimal | None = None
    observed_until: dt.date | None = None
    share: Decimal | None = None
    pace_needed: Decimal | None = None


NOT_ASSESSED = Progress()


def assess(
    *,
    target: Decimal | None,
    baseline: Decimal | None,
    made_on: dt.date,
    due_end: dt.date | None,
    readings: list[Reading],
) -> Progress:
    """Steps 1–4, 6 and 7 of the rule for one pledge, made on ``made_on``."""
    if target is None:
        return NOT_ASSESSED
    readings = sorted(readings, key=lambda r: reading_order(r.start, r.end))
    before = [r for r in readings if r.end < made_on]
    since = [r for r in readings if r.end >= made_on]
    if baseline is not None:
        start = baseline
    elif before:
        start = before[-1].value
    elif since:
        start = since[0].value
    else:
        start = None
    latest = readings[-1] if readings else None
    if not since:
        return Progress(
            start=start,
            latest=latest.value if latest else None,
            observed_until=latest.end if latest else None,
            share=_share(start, latest.value, target) if latest and start is not None else None,
        )
    latest = since[-1]
    rising = target >= start
    reached = latest.value >= target if rising else latest.value <= target
    share = _share(start, latest.value, target)
    pace = None
    if due_end is not None and not reached and latest.end < due_end:
        years = Decimal((due_end - latest.end).days) / DAYS_PER_YEAR
        pace = ((target - latest.value) / years).quantize(Decimal("0.01"))
    if reached:
        verdict = Verdict.MET
    elif due_end is not None:
        if latest.end >= due_end:
            verdict = Verdict.BEHIND
        else:
            span = max((due_end - made_on).days, 1)
            elapsed = min(max((latest.end - made_on).days, 0), span)
            expected = start + (target - start) * Decimal(elapsed) / Decimal(span)
            ahead = latest.value >= expected if rising else latest.value <= expected
            verdict = Verdict.ON_TRACK if ahead else Verdict.BEHIND
    else:
        moved = latest.value > start if rising else latest.value < start
        verdict = Verdict.ON_TRACK if moved else Verdict.BEHIND
    return Progress(
        verdict=verdict.value,
        start=start,
        latest=latest.value,
        observed_until=latest.end,
        share=share,
        pace_needed=pace,
    )


def reading_order(start: dt.date, end: dt.date) -> tuple[dt.date, int]:
    """Step 3's order, for every list of observations that names a latest: by the period's last
    day, and of two that end together the longer period last (it is the latest)."""
    return end, (end - start).days


def _share(start: Decimal, value: Decimal, target: Decimal) -> Decimal | None:
    """(value − start) ÷ (target − start), to four places; None when the start is the target."""
    if target == start:
        return None
    return ((value - start) / (target - start)).quantize(Decimal("0.0001"))


def recent_since(on: dt.date | None = None) -> dt.date:
    """The first day of a period whose end still counts as recent on ``on`` (today by default)."""
    on = on or dt.date.today()
    month = on.month - RECENT_MONTHS
    year = on.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return _clamped(year, month, on.day)


def silent_since(on: dt.date | None = None) -> dt.date:
    """A pledge with no status change, observation or making on or after this day is silent."""
    return (on or dt.date.today()) - dt.timedelta(days=SILENT_DAYS)


def _clamped(year: int, month: int, day: int) -> dt.date:
    import calendar

    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def verdict_on(
    stored: str, observed_until: dt.date | None, *, assessed: bool, on: dt.date | None = None
) -> Verdict | None:
    """Step 5: the verdict on ``on`` (today by default), from what is stored on the pledge."""
    if not assessed:
        return None
    if stored == Verdict.MET:
        return Verdict.MET
    if not stored or observed_until is None or observed_until < recent_since(on):
        return Verdict.NO_RECENT_DATA
    return Verdict(stored)


def verdict_expression(on: dt.date | None = None) -> Case:
    """`verdict_on` in SQL, for a list query's annotation or filter: "" for a pledge that is not
    assessed."""
    return Case(
        When(target_amount__isnull=True, then=Value("")),
        When(progress_verdict=Verdict.MET, then=Value(Verdict.MET.value)),
        When(
            Q(progress_verdict="") | Q(observed_until__isnull=True) | Q(observed_until__lt=recent_since(on)),
            then=Value(Verdict.NO_RECENT_DATA.value),
        ),
        default=F("progress_verdict"),
        output_field=models.CharField(),
    )


def disagrees(status: str, progress: Progress) -> bool:
    """Whether the editor's status and the evidence disagree: "fulfilled" while the latest
    observation falls short of the target, or "not fulfilled" while it has reached it. However
    old the observation: it is what the record holds."""
    from relations.models.pledge_status import PledgeStatus

    if progress.observed_until is None:
        return False
    met = progress.verdict == Verdict.MET
    return (status == PledgeStatus.FULFILLED and not met) or (status == PledgeStatus.NOT_FULFILLED and met)


def disagreeing_q() -> Q:
    """`disagrees` in SQL, over the columns stored on the pledge: the admin's filter."""
    from relations.models.pledge_status import PledgeStatus

    observed = Q(target_amount__isnull=False, observed_until__isnull=False)
    fulfilled = Q(current_status=PledgeStatus.FULFILLED) & ~Q(progress_verdict=Verdict.MET)
    not_fulfilled = Q(current_status=PledgeStatus.NOT_FULFILLED, progress_verdict=Verdict.MET)
    return observed & (fulfilled | not_fulfilled)
