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

import difflib
import re
import time
from dataclasses import dataclass, field
from itertools import combinations
from urllib.parse import urlencode

from django.db import connection
from django.db.models import F, FloatField, Func, Q, Value
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django_countries.data import ALT_CODES

from relations.codes import Pair
from relations.extract.gazetteer import CountryEntry, Gazetteer
from relations.extract.text import Document, TokenMatcher
from relations.filters import EventFilter
from relations.models import Commission, Country, CountryName, CountryTotal, Event, Official, PairTotal
from relations.names import fold

MAX_LENGTH = 200  # characters: names and a few words; anything longer is refused, not cut
MAX_WORDS = 20  # words read for officials' names
MAX_NAME_WORDS = 5  # the longest official's name looked up, in words
PAIR_COUNTRIES = 4  # at most six pairs offered
EVENTS_SHOWN = 10
LISTED = 5  # officials, commissions and suggestions
INDEX_SECONDS = 600  # how stale another process's edit of a country name may be here
CLOSE = 0.8  # difflib ratio for "did you mean"
SUGGESTION_POOL = 5000  # names compared in Python where the database has no trigram similarity
STOP_WORDS = frozenset(
    "ties tie relations relation relationship relationships bilateral diplomatic and between vs "
    "versus v with the of in on to & x".split()
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_EDGES = re.compile(r"^[\W_]+|[\W_]+$")


# The country names, read once per process --------------------------------------------------------


@dataclass
class CountryIndex:
    names: dict[str, str]  # code -> current name
    matcher: TokenMatcher  # names and adjectives -> CountryEntry (the extractor's)
    codes: TokenMatcher  # alpha-2 and alpha-3 codes -> code
    words: dict[str, str]  # each folded word of a name -> the word as written, for "did you mean"
    by_word: dict[str, dict[str, str]]  # the same word -> the codes whose names hold it, each name


_index: tuple[float, CountryIndex] | None = None


def country_index() -> CountryIndex:
    """Every country's names, codes and adjectives, read in two queries and kept in this
    process for `INDEX_SECONDS` (an edit in this process drops it at once: `forget_countries`)."""
    global _index
    if _index is None or time.monotonic() - _index[0] > INDEX_SECONDS:
        _index = (time.monotonic(), _read_country_index())
    return _index[1]


def forget_countries(**kwargs) -> None:
    global _index
    _index = None


for _model in (Country, CountryName):
    post_save.connect(forget_countries, sender=_model, dispatch_uid=f"search-forget-{_model.__name__}")
    post_delete.connect(forget_countries, sender=_model, dispatch_uid=f"search-forget-{_model.__name__}-d")


def _read_country_index() -> CountryIndex:
    names = dict(Country.objects.values_list("code", "name"))
    rows = [(code, name, "short") for code, name in names.items()]
    rows += CountryName.objects.exclude(kind="native").values_list("country_id", "name", "kind")
    gazetteer = Gazetteer(countries=names, country_names=rows, officials=[], commissions=[], sectors=[])
    codes = [(code, code) for code in names] + [(ALT_CODES[c][0], c) for c in names if c in ALT_CODES]
    words: dict[str, str] = {}
    by_word: dict[str, dict[str, str]] = {}
    for code, name, _ in sorted(rows, key=lambda row: row[2] != "short"):  # short names first
        for word in re.findall(r"[^\W\d_]{3,}", name):
            words.setdefault(fold(word), word)
            by_word.setdefault(fold(word), {}).setdefault(code, name)
    return CountryIndex(names, gazetteer.countries, TokenMatcher(codes), words, by_word)


# Reading a query: what it names (no queries) -----------------------------------------------------


def clean(text: str) -> str:
    """Control characters become spaces; spaces are squeezed."""
    return " ".join(_CONTROL.sub(" ", text or "").split())


@dataclass
class Word:
    """A word of the query as typed between spaces, without the punctuation around it."""

    start: int  # offsets in the folded text
    end: int
    folded: str
    original: str
    stop: bool
    tokens: list[int]  # the matcher's tokens within it ("pakistan-turkey" holds two)
    covered: bool = False  # by a country's or an official's name


@dataclass
class Mention:
    first: int  # the matcher's token indexes, inclusive
    last: int
    codes: list[str]  # one country, or those a shared name may mean


@dataclass
class Reading:
    text: str
    words: list[Word]
    mentions: list[Mention] = field(default_factory=list)
    official_words: set[int] = field(default_factory=set)  # indexes of words naming an official

    @property
    def countries(self) -> list[str]:
        """The codes of the countries named, in the order named, each once."""
        return list(dict.fromkeys(m.codes[0] for m in self.mentions if len(m.codes) == 1))

    @property
    def choices(self) -> list[list[str]]:
        """For each name several countries share, those countries."""
        return [m.codes for m in self.mentions if len(m.codes) > 1]

    @property
    def rest(self) -> str:
        """The words that name nothing, stop words dropped: the text to search for."""
        return " ".join(word.original for word in self.words if not word.stop and not word.covered)

    def name_official(self, first: int, last: int) -> None:
        """Words ``first``..``last`` name an official: no country is named within them."""
        self.official_words.update(range(first, last + 1))
        tokens = {n for word in self.words[first : last + 1] for n in word.tokens}
        self.mentions = [m for m in self.mentions if not tokens & set(range(m.first, m.last + 1))]
        self._cover()

    def _cover(self) -> None:
        named = {n for m in self.mentions for n in range(m.first, m.last + 1)}
        for n, word in enumerate(self.words):
            word.covered = n in self.official_words or bool(word.tokens) and set(word.tokens) <= named


def read(text: str, index: CountryIndex) -> Reading:
    """The countries ``text`` names and its words, by the rules of the module's docstring."""
    doc = Document(text)
    words = []
    for match in re.finditer(r"\S+", doc.folded):
        bare = _EDGES.sub("", match.group())
        if bare:
            start = match.start() + match.group().index(bare)
            end = start + len(bare)
            tokens = [n for n, t in enumerate(doc.tokens) if t.start >= start and t.end <= end]
            words.append(Word(start, end, bare, doc.original(start, end), bare in STOP_WORDS, tokens))
    reading = Reading(text, words)
    reading.mentions = _mentions(doc, index, lenient=True)
    reading._cover()
    if not all(word.stop or word.covered for word in words):
        reading.mentions = _mentions(doc, index, lenient=False)
        reading._cover()
    return reading


def _mentions(doc: Document, index: CountryIndex, *, lenient: bool) -> list[Mention]:
    """Countries named, longest name first; with ``lenient``, codes in lower case too."""

    def written(first: int, last: int) -> str:
        return doc.original(doc.tokens[first].start, doc.tokens[last].end)

    def accept_name(doc, first, last, entries: list[CountryEntry]) -> list[CountryEntry]:
        # "US" and "UK" in lower case are words, unless the query names nothing but countries.
        if lenient or written(first, last).isupper():
            return entries
        return [entry for entry in entries if not (entry.upper and len(doc.tokens[first].text) <= 2)]

    def accept_code(doc, first, last, codes: list[str]) -> list[str]:
        text = written(first, last)
        return codes if text.isupper() or (lenient and text.lower() not in STOP_WORDS) else []

    found = [
        Mention(m.first, m.last, list(dict.fromkeys(entry.code for entry in m.payloads)))
        for m in index.matcher.find(doc, accept=accept_name)
    ]
    named = {n for m in found for n in range(m.first, m.last + 1)}
    found += [
        Mention(m.first, m.last, list(dict.fromkeys(m.payloads)))
        for m in index.codes.find(doc, accept=accept_code)
        if m.first not in named
    ]
    found.sort(key=lambda m: m.first)
    # A name two countries share goes to the one the query names outright, if it names one.
    outright = {m.codes[0] for m in found if len(m.codes) == 1}
    for mention in found:
        if len(mention.codes) > 1 and len(set(mention.codes) & outright) == 1:
            mention.codes = sorted(set(mention.codes) & outright)
    return found


def name_grams(reading: Reading) -> dict[str, tuple[int, int]]:
    """Runs of up to `MAX_NAME_WORDS` words (of the first `MAX_WORDS`), folded, that could be an
    official's name, each with the first and last word it spans; runs of stop words alone are
    left out."""
    words = reading.words[:MAX_WORDS]
    grams: dict[str, tuple[int, int]] = {}
    for first in range(len(words)):
        for last in range(first, min(first + MAX_NAME_WORDS, len(words))):
            run = words[first : last + 1]
            if not all(word.stop for word in run):
                grams.setdefault(" ".join(word.folded for word in run), (first, last))
    return grams


# Searching ---------------------------------------------------------------------------------------


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
    docstring. At most eight queries (the country names once per process besides)."""
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
    results.choices = [[_place_offer(code, index) for code in choice] for choice in reading.choices]

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
    if list(data) == ["official"]:
        # Through the official's participations, newest first along their index.
        events = Event.objects.for_list().filter(participants__official_id=officials[0]["pk"])
        rows = list(events.read_through("participants", "event_id")[: EVENTS_SHOWN + 1])
    else:
        found = EventFilter(data, queryset=Event.objects.for_list())
        rows = list(found.qs[: EVENTS_SHOWN + 1]) if found.is_valid() else []
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
        _suggest(results, reading, words or text, index)
    return results


OFFICIAL_FIELDS = ("pk", "slug", "name", "nationality_id")


def _events_title(results: Results, names: list[str], officials: list[dict]) -> str:
    """ "Latest events between Pakistan and Türkiye", "Events of Türkiye matching “defence”"…"""
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


def _place_offer(code: str, index: CountryIndex, events: int | None = None) -> Offer:
    url = reverse("relations:country-detail", args=[code.lower()])
    return Offer("country", index.names[code], url, events, [Place(code, index.names[code])])


def _country_offers(codes: list[str], index: CountryIndex) -> list[Offer]:
    if not codes:
        return []
    totals = dict(CountryTotal.objects.filter(country__in=codes).values_list("country_id", "events"))
    return [_place_offer(code, index, totals.get(code, 0)) for code in codes]


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
    url = reverse("relations:official-detail", args=[row["slug"]])
    nationality = row["nationality_id"]
    places = [Place(nationality, index.names[nationality])] if nationality in index.names else []
    return Offer("official", row["name"], url, places=places, note="official")


def _commission_offers(commissions) -> list[Offer]:
    rows = commissions.order_by("name").values_list("slug", "name", "acronym")[:LISTED]
    return [
        Offer("commission", name, reverse("relations:commission-detail", args=[slug]), note=acronym)
        for slug, name, acronym in rows
    ]


# When nothing matches: the closest names ---------------------------------------------------------


class WordSimilarity(Func):
    """pg_trgm's ``word_similarity(a, b)``: how well ``a`` matches some part of ``b``, 0 to 1."""

    function = "word_similarity"
    output_field = FloatField()


def _suggest(results: Results, reading: Reading, text: str, index: CountryIndex) -> None:
    """The countries, officials and commissions whose names are closest to ``text``, and the
    query with each unknown word replaced by the closest name's word ("Pakistn" -> "Pakistan")."""
    probes = [w.folded for w in reading.words if not w.stop and not w.covered and len(w.folded) >= 3]
    named = set(reading.countries)
    scores: dict[str, float] = {}
    names: dict[str, str] = {}  # the name that came closest, if not the current one
    for probe in probes:
        for word in difflib.get_close_matches(probe, index.words, n=LISTED, cutoff=CLOSE):
            ratio = difflib.SequenceMatcher(None, probe, word).ratio()
            for code, name in index.by_word[word].items():
                if code not in named:
                    scores[code] = scores.get(code, 0) + ratio
                    names.setdefault(code, name)
    best = sorted(scores, key=lambda code: (-scores[code], index.names[code]))[:LISTED]
    people = _closest(Official.objects.all(), "name_folded", "name", text)
    bodies = _closest(Commission.objects.all(), "search_text", "name", text)
    countries = [_place_offer(code, index) for code in best]
    for offer, code in zip(countries, best, strict=True):
        if fold(names[code]) not in fold(offer.title):
            offer.note = names[code]  # Bangladesh, for "East Pakistan"
    results.suggestions = countries + people + bodies

    vocabulary = dict(index.words)
    for offer in people + bodies:
        for word in re.findall(r"[^\W\d_]{3,}", offer.title):
            vocabulary.setdefault(fold(word), word)
    corrected, changed = [], False
    for word in reading.words:
        replacement = word.original
        if not word.stop and not word.covered and word.folded not in vocabulary:
            close = difflib.get_close_matches(word.folded, vocabulary, n=1, cutoff=CLOSE)
            if close:
                replacement, changed = vocabulary[close[0]], True
        corrected.append(replacement)
    results.did_you_mean = " ".join(corrected) if changed else ""


def _closest(queryset, field_name: str, title: str, text: str) -> list[Offer]:
    """Up to `LISTED` records whose ``field_name`` (folded) is closest to ``text``: by pg_trgm's
    word similarity on PostgreSQL, else by difflib over at most `SUGGESTION_POOL` of them."""
    folded = fold(text)
    if connection.vendor == "postgresql":
        rows = (
            queryset.annotate(score=WordSimilarity(Value(folded), F(field_name)))
            .filter(score__gte=0.5)
            .order_by("-score", title)
            .values_list("slug", title)[:LISTED]
        )
    else:
        pool = list(queryset.order_by().values_list("slug", title, field_name)[:SUGGESTION_POOL])
        words: dict[str, set[int]] = {}
        for n, (_, _, name) in enumerate(pool):
            for word in name.split():
                words.setdefault(word, set()).add(n)
        scores: dict[int, float] = {}
        for probe in folded.split():
            for word in difflib.get_close_matches(probe, words, n=LISTED, cutoff=0.75):
                for n in words[word]:
                    scores[n] = scores.get(n, 0) + difflib.SequenceMatcher(None, probe, word).ratio()
        ranked = sorted(scores, key=lambda n: (-scores[n], pool[n][1]))[:LISTED]
        rows = [pool[n][:2] for n in ranked]
    kind = queryset.model._meta.model_name
    return [Offer(kind, name, reverse(f"relations:{kind}-detail", args=[slug])) for slug, name in rows]
