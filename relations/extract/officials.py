"""Officials named in an article: the ones the tracker knows, through any of their names, and new
ones introduced by their title ("Commerce Minister Jam Kamal Khan").

- A known official is found by any recorded name or alias, folding case and accents ("Yasar
  Guler" is Yaşar Güler). A title written before the name becomes the proposed office, even if
  it is not the one on record: a known official with a new title is proposed with it.
- A new official is a run of capitalised words after a title: optional words of a portfolio
  ("Foreign", "Commerce", "Deputy Prime"), a head word ("Minister", "President", "Ambassador"…)
  and an optional "of/for …" ("Minister of National Defense").
- The office's country is the one written just before the title ("Pakistan's", "Turkish") or
  "of <country>" just after the name.
- Once a person's full name has appeared, their surname alone is them too ("Khan said").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from relations.extract.countries import Mention
from relations.extract.gazetteer import Gazetteer, KnownOfficial
from relations.extract.text import Document, Span
from relations.names import fold

HEADS = (
    r"Prime Minister|Minister|President|Vice[- ]President|Secretary[- ]General|Secretary|Ambassador|"
    r"High Commissioner|Commissioner|Envoy|Chancellor|King|Queen|Emir|Crown Prince|Prince|Sultan|"
    r"Sheikh|Governor|Speaker|Chairman|Chairwoman|Chairperson|Chair|Premier|Director[- ]General|"
    r"Director|Chief|General|Admiral|Marshal|Mayor|Senator|Representative|Consul[- ]General|Adviser|"
    r"Advisor|Spokesperson|Spokesman|Spokeswoman|Counsellor|Governor|Head"
)
PORTFOLIO = (
    r"Deputy|Vice|Acting|Federal|Interim|Senior|Junior|First|Foreign|Defen[cs]e|Finance|Commerce|"
    r"Trade|Economy|Economic|Energy|Oil|Petroleum|Gas|Interior|Home|Health|Education|Agriculture|"
    r"Industry|Industries|Investment|Tourism|Culture|Information|Planning|Development|Transport|"
    r"Communications|Digital|Technology|Science|Labour|Labor|Justice|Environment|Climate|Mines|Mining|"
    r"Water|Maritime|Infrastructure|Treasury|State|Security|Cabinet|External|Affairs|Overseas|Natural|"
    r"Resources|National|International|Cooperation|Relations|Fisheries|Housing|Power|Railways|Aviation|"
    r"Revenue|Public|Works|Youth|Sports|Women|Social|Food|Rural|Urban|European|Integration|"
    r"Telecommunications|IT|Army|Navy|Air|Force|Staff|Military|Armed|Forces|Joint|Central|Bank|Parliament|"
    r"Assembly|Senate|Ministry|Office|Intelligence|Organi[sz]ation|Department|Strategic|Regional|Union|"
    r"Commission|Council|General|Attorney|Chief|Minister|Prime|Crown|Special|Permanent|Trade|Investment"
)
_PORTFOLIO_WORD = rf"(?:{PORTFOLIO})"
_CAP = r"[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’\-]*"
_PARTICLE = r"(?:bin|bint|ibn|al|el|de|da|dos|das|del|della|di|du|van|von|der|den|la|le|y|ul|ud)"
_NAME = rf"(?P<name>{_CAP}(?:\s+(?:{_PARTICLE}\s+)*{_CAP}){{0,4}})"
_TITLE = re.compile(
    rf"(?P<title>(?:{_PORTFOLIO_WORD}(?:\s+and|\s*&)?\s+)*(?:{HEADS})"
    rf"(?:\s+(?:of|for|on)\s+(?:the\s+)?{_PORTFOLIO_WORD}(?:(?:\s+and|\s*&|,)?\s+{_PORTFOLIO_WORD})*)?)"
    rf"\s+{_NAME}"
)
# Capitalised words that end a name rather than continue it, or are never one.
NOT_NAMES = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "and", "the", "of", "office", "ministry", "house", "palace",
    "secretariat", "department", "council", "commission", "on", "in", "said", "says", "also",
    "himself", "herself", "minister", "president", "government", "state", "visit", "it", "he", "she",
}  # fmt: skip


@dataclass
class Person:
    name: str
    official: KnownOfficial | None = None
    office: str = ""
    country: str | None = None
    spans: list[Span] = field(default_factory=list)
    titles: list[Span] = field(default_factory=list)  # where its title is written

    @property
    def key(self) -> str:
        return self.official.slug if self.official else fold(self.name)


def find_officials(doc: Document, gazetteer: Gazetteer, mentions: list[Mention]) -> list[Person]:
    """Known and new officials in text order of their first mention, each with every span."""
    people: dict[str, Person] = {}
    found: list[tuple[int, int, Person]] = []

    def add(person: Person, start: int, end: int) -> Person:
        kept = people.setdefault(person.key, person)
        if person is not kept:
            kept.office = kept.office or person.office
            kept.country = kept.country or person.country
        kept.spans.append((start, end))
        found.append((start, end, kept))
        return kept

    known = gazetteer.official_names.find(doc, accept=_capitalised)
    known_at = {}
    for match in known:
        start, end = doc.span(doc.tokens[match.first].start, doc.tokens[match.last].end)
        known_at[start] = (end, match.payloads[0])

    for match in _TITLE.finditer(doc.text):
        name, start, end = _trim_name(match)
        if not name:
            continue
        title = " ".join(match["title"].split())
        country = _country_before(doc.text, match.start("title"), mentions) or _country_after(
            doc.text, end, mentions
        )
        if start in known_at:
            end, official = known_at.pop(start)
            person = Person(official.name, official, title, country or official.nationality)
        else:
            if any(m.start <= start < m.end for m in mentions) or _surname_of_known(name, people):
                continue
            person = Person(name, None, title, country)
        add(person, start, end).titles.append(match.span("title"))

    for start, (end, official) in known_at.items():
        add(Person(official.name, official, "", official.nationality), start, end)

    _add_surnames(doc, people, found)
    for person in people.values():
        person.spans.sort()
    return sorted(people.values(), key=lambda person: person.spans[0])


def _trim_name(match: re.Match) -> tuple[str, int, int]:
    words = list(re.finditer(r"\S+", match["name"]))
    kept = []
    for word in words:
        bare = word.group().rstrip("’'").removesuffix("’s").removesuffix("'s")
        if fold(bare) in NOT_NAMES:
            break
        kept.append(word)
        if bare != word.group():  # a possessive ends the name
            break
    while kept and re.fullmatch(_PARTICLE, kept[-1].group()):
        kept.pop()
    if not kept:
        return "", 0, 0
    start = match.start("name") + kept[0].start()
    end = match.start("name") + kept[-1].end()
    name = match.string[start:end]
    bare = re.sub(r"['’]s$|['’]$", "", name)
    return bare, start, start + len(bare)


def _country_before(text: str, position: int, mentions: list[Mention]) -> str | None:
    for mention in mentions:
        between = text[mention.end : position]
        if re.fullmatch(r"(?:['’]s)?\s+(?:the\s+)?", between):
            return mention.code
    return None


def _country_after(text: str, position: int, mentions: list[Mention]) -> str | None:
    for mention in mentions:
        if not mention.demonym and re.fullmatch(r",?\s+of\s+(?:the\s+)?", text[position : mention.start]):
            return mention.code
    return None


def _capitalised(doc, first, last, payloads):
    return payloads if doc.is_capitalised(doc.tokens[first]) else []


def _surname_of_known(name: str, people: dict[str, Person]) -> bool:
    folded = fold(name)
    return any(folded == fold(person.name).split()[-1] for person in people.values())


def _add_surnames(doc: Document, people: dict[str, Person], found: list[tuple[int, int, Person]]) -> None:
    """A surname alone, after the full name, is the last person of that name mentioned before it."""
    by_surname: dict[str, list[Person]] = {}
    for person in people.values():
        names = person.official.names if person.official else [person.name]
        for name in names:
            words = fold(name).split()
            if len(words) > 1:
                by_surname.setdefault(words[-1], []).append(person)
    taken = [(start, end) for start, end, _ in found]
    for token in doc.tokens:
        candidates = by_surname.get(token.text)
        if not candidates or not doc.is_capitalised(token):
            continue
        start, end = doc.span(token.start, token.end)
        if any(s <= start < e for s, e in taken):
            continue
        earlier = [(s, person) for s, _, person in found if s < start and person in candidates]
        if earlier:
            person = max(earlier, key=lambda item: item[0])[1]
            person.spans.append((start, end))
