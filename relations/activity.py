"""How active a pair of countries or a country has been: events per quarter, by kind and tone.

The activity charts and summaries read these rows. `PeriodCount` is the one shape they share.
A year-precision event ("in 2019") belongs to no quarter: it is counted in its year
(``year_only``), and charts draw it over the whole year, never in its first quarter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from relations.prepared import Prepared


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
# used: they import `quarter_start` from here. Each query is compiled once per process
# (relations/prepared.py): the pages that read them are read often.


def _pair_activity_rows(low: str, high: str):
    from relations.models.totals import PairActivityTotal

    return PairActivityTotal.objects.filter(low=low, high=high).period_rows()


def _country_activity_rows(country: str):
    from relations.models.totals import CountryActivityTotal

    return CountryActivityTotal.objects.filter(country=country).period_rows()


_PAIR_ACTIVITY = Prepared(_pair_activity_rows)
_COUNTRY_ACTIVITY = Prepared(_country_activity_rows)


def pair_activity(a, b) -> list[PeriodCount]:
    """Events two countries (objects or ISO codes) share per quarter and kind, oldest first,
    read from `PairActivityTotal` in one query whatever the number of events."""
    from relations.codes import Pair, country_code
    from relations.models.totals import as_period_counts

    pair = Pair.of(country_code(a), country_code(b))
    return as_period_counts(_PAIR_ACTIVITY.rows(low=pair.low, high=pair.high))


def country_activity(country) -> list[PeriodCount]:
    """Events a country (object or ISO code) takes part in per quarter and kind, oldest first,
    read from `CountryActivityTotal` in one query whatever the number of events."""
    from relations.codes import country_code
    from relations.models.totals import as_period_counts

    return as_period_counts(_COUNTRY_ACTIVITY.rows(country=country_code(country)))


@dataclass(frozen=True)
class KindCount:
    """How many events of one kind, over all periods."""

    kind: str
    kind_name: str
    tone: str
    events: int


def _kind_parent_rows():
    from relations.models.event_kinds import EventKind

    return EventKind.objects.filter(parent__isnull=False).values_list(
        "slug", "parent_id", "parent__name", "parent__tone"
    )


_KIND_PARENTS = Prepared(_kind_parent_rows)


def kind_parents() -> dict[str, tuple[str, str, str]]:
    """Each sub-kind's parent (slug, name, tone), by the sub-kind's slug: one query of the
    small table of kinds."""
    return {slug: (parent, name, tone) for slug, parent, name, tone in _KIND_PARENTS.rows()}


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


def _top_official_rows(per_side: int, low: str, high: str):
    from django.db.models import F, Window
    from django.db.models.functions import RowNumber

    from relations.models.totals import PairOfficialTotal

    return (
        PairOfficialTotal.objects.filter(low=low, high=high, events__gt=0)
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


_TOP_OFFICIALS = Prepared(_top_official_rows)


def pair_top_officials(a, b, per_side: int = 3) -> dict[str, list[OfficialCount]]:
    """The officials who took part in most of two countries' events, for each side (keyed by
    code, both always present), most first: one query of at most ``2 × per_side`` rows, read
    from `PairOfficialTotal` (ranked per side by a window function)."""
    from relations.codes import Pair, country_code

    pair = Pair.of(country_code(a), country_code(b))
    found: dict[str, list[OfficialCount]] = {pair.low: [], pair.high: []}
    for name, slug, side, n in _TOP_OFFICIALS.rows(per_side, low=pair.low, high=pair.high):
        found[side].append(OfficialCount(name, slug, side, n))
    return found
