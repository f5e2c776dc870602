"""The search box: what a query names (countries, a pair, an official) and what it finds.

A query is read before anything is searched:
- countries by any of their names, adjectives or codes, through the same tables and matcher the
  article extractor reads (`relations.extract.gazetteer`), folding case and accents, longest name
  first ("South Korea", "Côte d'Ivoire", "Papua New Guinea"); names in a country's own languages
  are left out, as the extractor leaves them ("Maurice" is a first name here);
- a code ("pk", "PAK") counts in capitals anywhere, and in lower case only when the query names
  nothing but countries ("pk tr"): "in", "it" and "no" are words before they are codes;
- a name two countries share ("Korean") goes to the one the query names outright, and is offered
  as a choice between them otherwise;
- an official by the exact name or other name (folded: "Yasar Guler"), looked up in one indexed
  query; a country inside a matched official's name is not a country ("Chad Smith");
- `STOP_WORDS` ("ties", "relations", "between", "vs"…) are dropped; what is left is the text search.

Two countries offer their pair's page first, with its stored event count; three or more offer
every pair among the first `PAIR_COUNTRIES` of them, busiest first. The events shown are the
timeline's own filter (`relations.filters.EventFilter`): the pair's, countries' or official's
events, searched for the words left if any remain, newest first. When nothing matches, the
closest names (countries, officials, commissions) are suggested with a "did you mean" query.

Costs a fixed number of queries whatever the data: the country names are read once per process
(`country_index`, kept `INDEX_SECONDS`), the rest are single queries bounded by a LIMIT.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from urllib.parse import urlencode

from django.db.models import F, Q
from django.urls import reverse

from relations.codes import Pair
from relations.filters import EventFilter
from relations.models import Commission, CountryTotal, Event, Official, PairTotal
from relations.paths import commission_url, official_url
from relations.search.closest import LISTED, suggest
from relations.search.offers import Offer, Place, place_offer
from relations.search.reading import (
    MAX_LENGTH,
    CountryIndex,
    Reading,
    clean,
    country_index,
    forget_countries,
    name_grams,
    read,
)

__all__ = ["EVENTS_SHOWN", "MAX_LENGTH", "Results", "clean", "country_index", "forget_countries", "search"]

PAIR_COUNTRIES = 4  # at most six pairs offered
EVENTS_SHOWN = 10


@dataclass
class Results:
    query: str
    offers: list[Offer] = field(default_factory=list)  # the pages named, first
    countries: list[Offer] = field(default_factory=list)  # the countries of the pairs offered
    choices: list[list[Offer]] = field(default_factory=list)  # "Korean": South or North Korea?
    events: list[Event] = field(default_factory=list)
    events_more: bool = False
    events_url: str = ""  # the whole result on the timeline
    latest: bool = False  # the events are the latest of what was named, not a text search
    searched_for: str = ""  # the text the events were searched for
    events_title: str = ""
    officials: list[Offer] = field(default_factory=list)
    commissions: list[Offer] = field(default_factory=list)
    suggestions: list[Offer] = field(default_factory=list)
    did_you_mean: str = ""

    @property
    def found(self) -> bool:
        return bool(self.offers or self.choices or self.events or self.officials or self.commissions)


def search(text: str) -> Results:
    """What ``text`` (cleaned, at most `MAX_LENGTH` characters) names and finds; see the module's
    docstring. A fixed number of queries, at most nine, whatever the data (and the country names
    once per process)."""
    index = country_index()
    reading = read(text, index)
    officials = _officials_named(reading) if not all(w.stop or w.covered for w in reading.words) else []
    codes, rest = reading.countries, reading.rest
    results = Results(text)
    results.offers = _pair_offers(codes, index)
    results.offers += [_official_offer(row, index) for row in officials]
    countries = _country_offers(codes, index)
    if len(codes) == 1:
        results.offers += countries
    else:
        results.countries = countries
    choices = reading.choices or ([] if codes else _partial_names(reading, index))
    results.choices = [[place_offer(code, index) for code in choice] for choice in choices]

    data: dict[str, str | list[str]] = {}
    if len(codes) == 2:
        data["pair"] = Pair.of(*codes).slug
    elif codes:
        data["country"] = [code.lower() for code in codes]
    if officials:
        data["official"] = officials[0]["slug"]
    data["q"] = rest if data else text  # named nothing: the timeline's own search, as typed
    if not data["q"]:
        del data["q"]
    results.latest, results.searched_for = "q" not in data, data.get("q", "")
    results.events_title = _events_title(results, [index.names[code] for code in codes], officials)
    results.events_url = f"{reverse('relations:timeline')}?{urlencode(data, doseq=True)}"
    rows = _first_events(data, officials)
    results.events, results.events_more = rows[:EVENTS_SHOWN], len(rows) > EVENTS_SHOWN

    words = rest if codes or officials else " ".join(w.original for w in reading.words if not w.stop)
    if words and not officials:
        results.officials = [
            _official_offer(row, index)
            for row in Official.objects.matching(words).order_by("name").values(*OFFICIAL_FIELDS)[:LISTED]
        ]
    if words:
        results.commissions = _commission_offers(Commission.objects.matching(words))
    elif len(codes) == 2:
        results.commissions = _commission_offers(Commission.objects.of_pair(*codes))
    if not results.events and (words or not results.found):
        results.suggestions, results.did_you_mean = suggest(reading, index)
    return results


OFFICIAL_FIELDS = ("pk", "slug", "name", "nationality_id")


def _first_events(data: dict, officials: list[dict]) -> list[Event]:
    """The first `EVENTS_SHOWN` events (and one more, to know if more follow) that the timeline
    shows for ``data``, its filters; an official's alone through their participations, newest
    first along their index, rather than the timeline's check of every event."""
    if list(data) == ["official"]:
        events = Event.objects.for_list().filter(participants__official_id=officials[0]["pk"])
        return list(events.read_through("participants", "event_id")[: EVENTS_SHOWN + 1])
    found = EventFilter(data, queryset=Event.objects.for_list())
    return list(found.qs[: EVENTS_SHOWN + 1]) if found.is_valid() else []


def _partial_names(reading: Reading, index: CountryIndex) -> list[list[str]]:
    """A word that is part of the names of two or three countries and names none alone: "Korea"
    (South Korea, North Korea)."""
    choices = []
    for word in reading.words:
        held = index.by_word.get(word.folded, {}) if not (word.stop or word.covered) else {}
        if 2 <= len(held) <= 3:
            choices.append(sorted(held, key=index.names.get))
    return choices


def _events_title(results: Results, names: list[str], officials: list[dict]) -> str:
    """The heading over the events: "Latest events between Pakistan and Türkiye", "Events of
    Türkiye matching “defence”"…"""
    whose = ""
    if len(names) == 2:
        whose = f" between {names[0]} and {names[1]}"
    elif len(names) == 1:
        whose = f" of {names[0]}"
    elif names:
        whose = f" of {', '.join(names[:-1])} and {names[-1]} together"
    if officials:
        whose += f" with {officials[0]['name']}"
    if results.latest:
        return f"Latest events{whose}"
    return f"Events{whose} matching “{results.searched_for}”"


def _officials_named(reading: Reading) -> list[dict]:
    """The officials whose name or other name is a run of the query's words, the longest runs
    first, marked in ``reading``: one query, through the indexes of folded names."""
    grams = name_grams(reading)
    if not grams:
        return []
    by_name = Official.objects.filter(name_folded__in=grams).annotate(matched=F("name_folded"))
    by_alias = Official.objects.filter(names__folded__in=grams).annotate(matched=F("names__folded"))
    rows = (
        by_name.values(*OFFICIAL_FIELDS, "matched")
        .order_by()
        .union(by_alias.values(*OFFICIAL_FIELDS, "matched").order_by())
    )
    found: dict[int, dict] = {}
    chosen: list[tuple[int, int]] = []
    for row in sorted(rows[: LISTED * 4], key=lambda row: (-len(row["matched"].split()), row["name"])):
        span = grams[row["matched"]]
        if span not in chosen:
            if any(span[0] <= last and first <= span[1] for first, last in chosen):
                continue  # a shorter name within a longer one already found
            chosen.append(span)
            reading.name_official(*span)
        found.setdefault(row["pk"], row)
    return list(found.values())[:LISTED]


def _country_offers(codes: list[str], index: CountryIndex) -> list[Offer]:
    if not codes:
        return []
    totals = dict(CountryTotal.objects.filter(country__in=codes).values_list("country_id", "events"))
    return [place_offer(code, index, totals.get(code, 0)) for code in codes]


def _pair_offers(codes: list[str], index: CountryIndex) -> list[Offer]:
    """Every pair among the first `PAIR_COUNTRIES` countries, busiest first (one query)."""
    pairs = [Pair.of(a, b) for a, b in combinations(codes[:PAIR_COUNTRIES], 2)]
    if not pairs:
        return []
    wanted = Q()
    for pair in pairs:
        wanted |= Q(low_id=pair.low, high_id=pair.high)
    totals = {
        (low, high): n
        for low, high, n in PairTotal.objects.filter(wanted).values_list("low", "high", "events")
    }
    offers = []
    for pair in pairs:
        a, b = (Place(code, index.names[code]) for code in pair)
        title = f"{a.name}–{b.name}"
        offers.append(
            Offer("pair", title, pair.get_absolute_url(), totals.get((pair.low, pair.high), 0), [a, b])
        )
    return sorted(offers, key=lambda offer: -offer.events) if len(offers) > 1 else offers


def _official_offer(row: dict, index: CountryIndex) -> Offer:
    url = official_url(row["slug"])
    nationality = row["nationality_id"]
    places = [Place(nationality, index.names[nationality])] if nationality in index.names else []
    return Offer("official", row["name"], url, places=places, note="official")


def _commission_offers(commissions) -> list[Offer]:
    rows = commissions.order_by("name").values_list("slug", "name", "acronym")[:LISTED]
    return [Offer("commission", name, commission_url(slug), note=acronym) for slug, name, acronym in rows]
