"""The lists of the pair and country pages, their SQL compiled once per process
(relations/prepared.py): building and compiling a timeline page's queryset costs several times
what reading it does."""

from __future__ import annotations

from dataclasses import dataclass

from relations.codes import Pair
from relations.models import Country, Event, PairTotal, Pledge
from relations.pagination import prepared_pages
from relations.prepared import Prepared

# A pair's shared events, with the pledges between them at each (`ties`).
PAIR_EVENTS = prepared_pages(lambda a, b: Event.objects.for_list().for_pair(a, b).with_pledges_between(a, b))

# A country's events (`country_detail`).
COUNTRY_EVENTS = prepared_pages(lambda country: Event.objects.for_list().for_country(country))


def _pledges_between(shown: int, a, b, **events) -> object:
    return (
        Pledge.objects.filter(event__in=list(events.values()))
        .with_parties(a, b)
        .select_related("event")
        .order_by("-event__date_start", "-event_id", "-pk")[:shown]
    )


_PLEDGES_BETWEEN = Prepared(_pledges_between)


def pledges_between(a: Country, b: Country, events: list[int], shown: int) -> list[Pledge]:
    """The newest ``shown`` pledges to which both ``a`` and ``b`` are parties made at
    ``events`` (ids), newest event first: one query, none without events."""
    if not events:
        return []
    return _PLEDGES_BETWEEN.rows(shown, a=a, b=b, **{f"event_{i}": pk for i, pk in enumerate(events)})


_COUNTRIES = Prepared(lambda low, high: Country.objects.filter(code__in=[low, high]))


def pair_countries(low: str, high: str) -> dict[str, Country]:
    """The countries of two codes that are known, by code: one query."""
    return {country.code: country for country in _COUNTRIES.rows(low=low, high=high)}


@dataclass(frozen=True)
class Partner:
    """The other country of a pair, as a country page lists it: its flag (``code``) and name."""

    code: str
    name: str


_PARTNERS = Prepared(
    lambda limit, country: (
        PairTotal.objects.busiest()
        .involving(country.code)
        .values_list("low_id", "high_id", "events", "low__name", "high__name")[:limit]
    )
)


def country_partners(country: Country, limit: int | None = None) -> list[dict]:
    """`active_pairs` of ``country``: its pairs, busiest first, each with ``partner`` (the
    other country's code and name). One query, of rows rather than records."""
    pairs = []
    for low, high, events, low_name, high_name in _PARTNERS.rows(limit, country=country):
        pairs.append(
            {
                "a": low,
                "b": high,
                "events": events,
                "a_name": low_name,
                "b_name": high_name,
                "url": Pair(low, high).get_absolute_url(),
                "partner": Partner(high, high_name) if low == country.code else Partner(low, low_name),
            }
        )
    return pairs
