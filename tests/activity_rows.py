"""Activity counts built from Event rows, for the tests and the chart's preview page only.

The pages will read stored totals (one query); these helpers count over events instead, which is
fine for a handful of test rows and nowhere else. `synthetic_counts` makes a busy pair's decade
without a database.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Iterable

from relations.activity import PeriodCount, quarter_start
from relations.dates import Precision
from relations.models import Event


def counts_from_events(events: Iterable[Event]) -> list[PeriodCount]:
    """Events per quarter and kind (per year for a year-precision date), oldest first."""
    counter: Counter[tuple] = Counter()
    for event in events:
        year_only = event.date_precision == Precision.YEAR
        start = dt.date(event.date_start.year, 1, 1) if year_only else quarter_start(event.date_start)
        counter[start, event.kind_id, event.kind.name, event.kind.tone, year_only] += 1
    return [PeriodCount(*key[:4], events=n, year_only=key[4]) for key, n in sorted(counter.items())]


KINDS = [
    ("commission_session", "commission session", "cooperation", 1),
    ("visit", "visit", "cooperation", 4),
    ("meeting", "meeting", "cooperation", 6),
    ("agreement", "agreement signing", "cooperation", 2),
    ("call", "call", "neutral", 3),
    ("statement", "statement", "neutral", 3),
    ("protest", "protest", "conflict", 1),
    ("conflict", "conflict", "conflict", 1),
]


def synthetic_counts(
    first_year: int, last_year: int, *, seed: int = 7, year_only: int = 0
) -> list[PeriodCount]:
    """A busy pair: every kind of every tone, quarter by quarter, a flare-up of conflict in the
    middle; ``year_only`` events a year dated only to the year, on every third year."""
    rng = random.Random(seed)
    counts = []
    middle = (first_year + last_year) // 2
    for year in range(first_year, last_year + 1):
        for month in (1, 4, 7, 10):
            for kind, name, tone, weight in KINDS:
                flare = 4 if tone == "conflict" and year == middle else 1
                events = sum(rng.random() < 0.35 for _ in range(weight * flare))
                if events:
                    counts.append(PeriodCount(dt.date(year, month, 1), kind, name, tone, events))
        if year_only and year % 3 == 0:
            start = dt.date(year, 1, 1)
            counts.append(PeriodCount(start, "meeting", "meeting", "cooperation", year_only, year_only=True))
            counts.append(PeriodCount(start, "statement", "statement", "neutral", 1, year_only=True))
    return counts
