"""The pair index: one row per event and pair of countries taking part in it.

A pair's timeline through the event–country table is a double join whose cost grows with the
table and whose plan flips with the data; this denormalised table answers it from one index,
(low, high, date_start desc, event desc), at any size. An event with three countries has three
rows (every pair among them). Rows are derived, never typed:
relations/models/derived.py writes them (see its table). Each pair's number of events is kept
beside it, in `PairTotal`. `pair_rows` stays here for the migration that first filled the table.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations

from django.db import models
from django.db.models import F, Q


def pair_rows(memberships: Iterable[tuple[int, str, dt.date]]) -> list[tuple[int, str, str, dt.date]]:
    """(event, low, high, date_start) for every pair among each event's countries, from
    (event, country code, date_start) memberships."""
    countries: dict[int, set[str]] = defaultdict(set)
    dates: dict[int, dt.date] = {}
    for event_id, code, day in memberships:
        countries[event_id].add(code)
        dates[event_id] = day
    return [
        (event_id, low, high, dates[event_id])
        for event_id, codes in countries.items()
        for low, high in combinations(sorted(codes), 2)
    ]


class EventPair(models.Model):
    event = models.ForeignKey("relations.Event", on_delete=models.CASCADE, related_name="pairs")
    low = models.CharField(max_length=2, help_text="The alphabetically first ISO code.")
    high = models.CharField(max_length=2, help_text="The alphabetically second ISO code.")
    date_start = models.DateField(help_text="A copy of the event's first possible day, for ordering.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "low", "high"], name="event_pair_once"),
            models.CheckConstraint(condition=Q(low__lt=F("high")), name="event_pair_low_before_high"),
        ]
        indexes = [
            # A pair's timeline, newest first, and keyset pages of it: EventQuerySet.for_pair().
            models.Index(
                F("low"), F("high"), F("date_start").desc(), F("event").desc(), name="event_pair_timeline"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.low}–{self.high}: event {self.event_id}"
