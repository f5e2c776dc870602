"""What the consistency checks read: the records they compare with (the session holding a
number, the events a new one may duplicate, an official's offices, the parties of pledges made
at an event), each in a fixed number of queries, and the words two titles are compared by."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from typing import Any, NamedTuple

from django_countries.data import COUNTRIES

from relations.country_names import OTHER_NAMES
from relations.country_names.demonyms import DEMONYMS
from relations.dates import FuzzyDate
from relations.models import Country, Event, EventCountry, OfficeHeld, PledgeParty
from relations.names import fold

CountryLike = Country | str


def code_of(country: CountryLike) -> str:
    return country if isinstance(country, str) else country.pk


def name_of(country: CountryLike) -> str:
    return country if isinstance(country, str) else country.name


class OtherEvent(NamedTuple):
    """An event already recorded, as the duplicate check compares it."""

    record: Any
    title: str
    date: FuzzyDate
    countries: frozenset[str]


# Title similarity ---------------------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    "a an and as at between by de du for from in into its of on or the their to with s st nd rd th".split()
)
#: Share of the shorter title's words the two titles must have in common.
SIMILAR_SHARE = 0.5


def title_words(title: str, *, ignore: Collection[str] = frozenset()) -> frozenset[str]:
    """The words of a title that tell it apart: folded, without small words and ``ignore``
    (folded words), with a plural's ``s`` dropped ("talks" and "talk" meet)."""
    words = set()
    for word in _WORD.findall(fold(title)):
        if word in _STOP or word in ignore:
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.add(word)
    return frozenset(words)


def country_words(countries: Iterable[CountryLike]) -> frozenset[str]:
    """The folded words of the countries' names, other names and adjectives: "pakistan",
    "pakistani", "turkiye", "turkey", "turkish". Titles of events between the same countries
    all name them, so they say nothing about whether two titles tell of the same event."""
    codes = {code_of(c) for c in countries}
    names = [name_of(c) for c in countries if not isinstance(c, str)]
    names += [str(COUNTRIES[code]) for code in codes if code in COUNTRIES]  # the ISO names
    names += [name for code, name, *_ in OTHER_NAMES if code in codes]
    names += [adjective for code in codes for adjective in DEMONYMS.get(code, ())]
    return frozenset(word for name in names for word in _WORD.findall(fold(name)))


def similar_titles(a: str, b: str, *, ignore: Iterable[CountryLike] = ()) -> bool:
    """Whether two titles likely tell of the same event: at least half the words of the shorter
    one are in the other (`title_words`), leaving out the names of the countries ``ignore``
    unless a title says nothing else. "16th session of the Pakistan–Türkiye JMC" and "JMC, 16th
    session" are similar; "Pakistan–Türkiye trade talks" and "Pakistan–Türkiye LNG deal" are not."""
    skip = country_words(ignore)
    first, second = title_words(a, ignore=skip), title_words(b, ignore=skip)
    if not first or not second:
        first, second = title_words(a), title_words(b)
    if not first or not second:
        return False
    shared = len(first & second)
    return shared > 0 and shared >= SIMILAR_SHARE * min(len(first), len(second))


# Lookups: what the checks compare with, each in a fixed number of queries -------------------

#: Events read at most as possible duplicates of one event.
DUPLICATE_CANDIDATES = 20
#: How long before an event another may have begun and still overlap it: a year-precision date
#: spans a year. Longer ranges (rare) that began earlier are not looked for.
OVERLAP_REACH = dt.timedelta(days=366)


def session_holder(
    *, commission: Any, session_number: int | None, exclude: int | None = None
) -> Event | None:
    """The commission's session with this number, other than ``exclude``. One query, through the
    unique index (commission, session_number)."""
    if commission is None or session_number is None:
        return None
    sessions = Event.objects.filter(commission=commission, session_number=session_number)
    if exclude is not None:
        sessions = sessions.exclude(pk=exclude)
    return sessions.only("pk", "slug", "title", *Event.date.columns()).first()


def duplicate_candidates(
    *, date: FuzzyDate | None, countries: Sequence[CountryLike], exclude: Iterable[int] = ()
) -> list[OtherEvent]:
    """Events with the same countries whose dates overlap ``date``, other than ``exclude``. Two
    queries: the events are read through the pair index of two of the countries (one country:
    its timeline index), within [date's start − `OVERLAP_REACH`, date's end] of the index's own
    date column, at most `DUPLICATE_CANDIDATES` of them; then their countries."""
    codes = sorted({code_of(c) for c in countries})
    if date is None or not codes:
        return []
    events = (
        Event.objects.involving(*codes)
        .filter(
            index_date__gte=date.start - OVERLAP_REACH, index_date__lte=date.end, date_end__gte=date.start
        )
        .exclude(pk__in=list(exclude))
        .only("pk", "slug", "title", "parent", *Event.date.columns())
    )
    found = list(events[:DUPLICATE_CANDIDATES])
    if not found:
        return []
    rows: dict[int, set[str]] = defaultdict(set)
    for event_id, code in EventCountry.objects.filter(event__in=found).values_list("event_id", "country_id"):
        rows[event_id].add(code)
    return [OtherEvent(event, event.title, event.date, frozenset(rows[event.pk])) for event in found]


def offices_by_official(officials: Iterable[Any]) -> dict[Any, list[OfficeHeld]]:
    """The offices on file of these officials (objects or ids), by official id. One query."""
    ids = {getattr(official, "pk", official) for official in officials if official is not None}
    if not ids:
        return {}
    offices: dict[Any, list[OfficeHeld]] = defaultdict(list)
    for office in OfficeHeld.objects.filter(official__in=ids).order_by("start_start", "pk"):
        offices[office.official_id].append(office)
    return offices


def countries_of_event(event: Event) -> list[Country]:
    """The event's countries as stored. One query."""
    return [row.country for row in EventCountry.objects.filter(event=event).select_related("country")]


def parties_of_pledges_at(event: Event, *, exclude: Iterable[int] = ()) -> list[tuple[Any, list[str]]]:
    """The pledges made at ``event`` (other than ``exclude``) with their parties' codes. One query."""
    pledges: dict[int, tuple[Any, list[str]]] = {}
    rows = (
        PledgeParty.objects.filter(pledge__event=event)
        .exclude(pledge__in=list(exclude))
        .select_related("pledge", "country")
        .only("pledge__id", "pledge__title", "country__code", "country__name")
        .order_by("pledge_id", "country_id")
    )
    for row in rows:
        pledges.setdefault(row.pledge_id, (row.pledge, []))[1].append(row.country)
    return list(pledges.values())
