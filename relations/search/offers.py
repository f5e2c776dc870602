"""What the search page offers: pages of pairs, countries, officials and commissions."""

from __future__ import annotations

from dataclasses import dataclass, field

from relations.paths import country_url
from relations.search.reading import CountryIndex


@dataclass
class Place:
    """A country as offers show it (the `flag` filter reads ``code``)."""

    code: str
    name: str


@dataclass
class Offer:
    """A page a search offers: a pair's, a country's, an official's or a commission's."""

    kind: str
    title: str
    url: str
    events: int | None = None  # the stored total, where there is one
    places: list[Place] = field(default_factory=list)
    note: str = ""


def place_offer(code: str, index: CountryIndex, events: int | None = None) -> Offer:
    url = country_url(code.lower())
    return Offer("country", index.names[code], url, events, [Place(code, index.names[code])])
