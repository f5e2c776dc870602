"""How active a pair of countries or a country has been: events per quarter, by kind and tone.

The activity charts and summaries read these rows. `PeriodCount` is the one shape they share.
A year-precision event ("in 2019") belongs to no quarter: it is counted in its year
(``year_only``), and charts draw it over the whole year, never in its first quarter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class PeriodCount:
    """How many events of one kind fell in one quarter (or, ``year_only``, somewhere in a year)."""

    start: dt.date  # the first day of the quarter; of the year when ``year_only``
    kind: str  # the event kind's slug ("visit")
    kind_name: str  # as pages show it ("visit")
    tone: str  # the kind's tone: "cooperation", "neutral" or "conflict"
    events: int
    year_only: bool = False

    @property
    def end(self) -> dt.date:
        """The last day of the quarter (of the year when ``year_only``)."""
        if self.year_only:
            return dt.date(self.start.year, 12, 31)
        month = self.start.month + 3
        year = self.start.year + (month > 12)
        return dt.date(year, (month - 1) % 12 + 1, 1) - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        """ "2025 Q3", or "2025" for a year-only count."""
        if self.year_only:
            return str(self.start.year)
        return f"{self.start.year} Q{(self.start.month - 1) // 3 + 1}"


def quarter_start(day: dt.date) -> dt.date:
    """The first day of the quarter that holds ``day``."""
    return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


# Reading the stored totals (relations/models/totals.py). The models are imported where they are
# used: they import `quarter_start` from here.


def pair_activity(a, b) -> list[PeriodCount]:
    """Events two countries (objects or ISO codes) share per quarter and kind, oldest first,
    read from `PairActivityTotal` in one query whatever the number of events."""
    from relations.codes import Pair, country_code
    from relations.models.totals import PairActivityTotal

    pair = Pair.of(country_code(a), country_code(b))
    return PairActivityTotal.objects.filter(low=pair.low, high=pair.high).period_counts()


def country_activity(country) -> list[PeriodCount]:
    """Events a country (object or ISO code) takes part in per quarter and kind, oldest first,
    read from `CountryActivityTotal` in one query whatever the number of events."""
    from relations.codes import country_code
    from relations.models.totals import CountryActivityTotal

    return CountryActivityTotal.objects.filter(country=country_code(country)).period_counts()


@dataclass(frozen=True)
class KindCount:
    """How many events of one kind, over all periods."""

    kind: str
    kind_name: str
    tone: str
    events: int


def kind_parents() -> dict[str, tuple[str, str, str]]:
    """Each sub-kind's parent (slug, name, tone), by the sub-kind's slug: one query of the
    small table of kinds."""
    from relations.models.event_kinds import EventKind

    rows = EventKind.objects.filter(parent__isnull=False).values_list(
        "slug", "parent_id", "parent__name", "parent__tone"
    )
    return {slug: (parent, name, tone) for slug, parent, name, tone in rows}


def kind_totals(counts: list[PeriodCount], parents: dict[str, tuple[str, str, str]]) -> list[KindCount]:
    """The events of each top-level kind in ``counts``, sub-kinds counted in their parent's
    (``parents``: `kind_parents()`), as a filter by a kind includes its sub-kinds; most first,
    then by name. No query."""
    totals: dict[tuple[str, str, str], int] = {}
    for count in counts:
        key = parents.get(count.kind, (count.kind, count.kind_name, count.tone))
        totals[key] = totals.get(key, 0) + count.events
    ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0][1]))
    return [KindCount(kind, name, tone, n) for (kind, name, tone), n in ranked]


@dataclass(frozen=True)
class OfficialCount:
    """An official and how many of a pair's events they took part in for one side."""

    name: str
    slug: str
    side: str  # the country's code
    events: int


def pair_top_officials(a, b, per_side: int = 3) -> dict[str, list[OfficialCount]]:
    """The officials who took part in most of two countries' events, for each side (keyed by
    code, both always present), most first: one query of at most ``2 × per_side`` rows, read
    from `PairOfficialTotal` (ranked per side by a window function)."""
    from django.db.models import F, Window
    from django.db.models.functions import RowNumber

    from relations.codes import Pair, country_code
    from relations.models.totals import PairOfficialTotal

    pair = Pair.of(country_code(a), country_code(b))
    ranked = (
        PairOfficialTotal.objects.filter(low=pair.low, high=pair.high, events__gt=0)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("side"),
                order_by=[F("events").desc(), F("official__name").asc(), F("official_id").asc()],
            )
        )
        .filter(rank__lte=per_side)
        .order_by("side_id", "rank")
        .values_list("official__name", "official__slug", "side_id", "events")
    )
    found: dict[str, list[OfficialCount]] = {pair.low: [], pair.high: []}
    for name, slug, side, n in ranked:
        found[side].append(OfficialCount(name, slug, side, n))
    return found
