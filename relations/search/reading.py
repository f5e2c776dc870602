"""Reading a search query: the countries it names, by any name, adjective or code, and its words.

The country names are read once per process (`country_index`) and matched by the article
extractor's own matcher (`relations.extract.gazetteer`); reading a query then costs no query.
The rules are in `relations.search`'s docstring.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from django.db.models.signals import post_delete, post_save
from django_countries.data import ALT_CODES

from relations.extract.gazetteer import CountryEntry, Gazetteer
from relations.extract.text import Document, TokenMatcher
from relations.models import Country, CountryName
from relations.names import fold

MAX_LENGTH = 200  # characters: names and a few words; anything longer is refused, not cut
MAX_WORDS = 20  # words read for officials' names
MAX_NAME_WORDS = 5  # the longest official's name looked up, in words
INDEX_SECONDS = 600  # how stale another process's edit of a country name may be here
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
