"""Officials named in an article: the ones the tracker knows, through any of their names, and new
ones introduced by their title ("Commerce Minister Jam Kamal Khan").

- A known official is found by any recorded name or alias, folding case and accents ("Yasar
  Guler" is Yaşar Güler). A title written before the name becomes the proposed office, even if
  it is not the one on record: a known official with a new title is proposed with it.
- A new official is a run of capitalised words after a title: optional words of a portfolio
  ("Foreign", "Commerce", "Deputy Prime"), a head word ("Minister", "President", "Ambassador"…)
  and an optional "of/for …" ("Minister of National Defense").
- The office's country is the one written just before the title ("Pakistan's", "Turkish") or
  "of <country>" just after the name; a known official named without one is proposed with their
  recorded nationality, and without an office.
- Once a person's full name has appeared, their surname alone is them too ("Khan said"); a
  surname alone after a title is the known official of that surname ("Foreign Minister Dar").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from relations.extract.countries import Mention
from relations.extract.gazetteer import Gazetteer, KnownOfficial
from relations.extract.text import Document, Span, TokenMatcher
from relations.extract.titles import (
    COUNTERPART,
    DESCRIBED,
    NOT_NAMES,
    OFFICE_AFTER,
    OFFICE_BEFORE,
    PARTICLE,
    TITLE,
    is_title_word,
    plain_title,
    strip_country,
)
from relations.names import fold


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


@dataclass
class _Candidate:
    start: int  # the name's span
    end: int
    name: str
    title: str
    title_span: Span | None
    country: str | None


def find_officials(doc: Document, gazetteer: Gazetteer, mentions: list[Mention]) -> list[Person]:
    """Known and new officials in text order of their first mention, each with every span."""
    known_at = {}
    for match in gazetteer.official_names.find(doc, accept=_capitalised):
        start, end = doc.span(doc.tokens[match.first].start, doc.tokens[match.last].end)
        known_at[start] = (end, match.payloads[0])

    candidates: list[_Candidate] = []

    def taken(start: int, end: int) -> bool:
        return any(c.start < end and start < c.end for c in candidates)

    def titled(patterns: list[re.Pattern]) -> Iterator[tuple[re.Match, list[Mention]]]:
        """Each match of ``patterns`` naming someone not found yet, with the countries in its title."""
        for pattern in patterns:
            for match in pattern.finditer(doc.text):
                if not taken(*match.span("name")) and _is_full_name(doc.text, match):
                    title_start, title_end = match.span("title")
                    yield match, [m for m in mentions if title_start <= m.start < title_end]

    def add(match: re.Match, title: str, country: str | None) -> None:
        candidates.append(_Candidate(*match.span("name"), match["name"], title, match.span("title"), country))

    for match in TITLE.finditer(doc.text):
        name, start, end = _trim_name(match)
        if name and not taken(start, end) and not is_title_word(name.split()[0]):
            country = _country_before(doc.text, match.start("title"), mentions) or _country_after(
                doc.text, end, mentions
            )
            title = " ".join(match["title"].split())
            candidates.append(_Candidate(start, end, name, title, match.span("title"), country))
    for match, inside in titled([OFFICE_BEFORE]):
        add(match, *_office(doc.text, match, inside, mentions))
    for match, inside in titled(DESCRIBED):
        title_start, title_end = match.span("title")
        title = plain_title(doc.text, title_start, title_end, inside)
        if title:
            add(match, title, inside[-1].code if inside else _country_before(doc.text, title_start, mentions))
    for match, inside in titled([OFFICE_AFTER]):
        add(match, *_office(doc.text, match, inside, mentions))
    for match in COUNTERPART.finditer(doc.text):
        start, end = match.span("name")
        if taken(start, end):
            continue
        adjective = (
            [m for m in mentions if match.start("adj") <= m.start < match.end("adj")] if match["adj"] else []
        )
        sentence = doc.sentence_of(start)
        before = [c for c in candidates if sentence[0] <= c.start < start and c.title]
        title = max(before, key=lambda c: c.start).title if before else ""
        country = adjective[0].code if adjective else None
        candidates.append(_Candidate(start, end, match["name"], title, None, country))

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

    for candidate in sorted(candidates, key=lambda c: c.start):
        start, end = candidate.start, candidate.end
        if start in known_at:
            end, official = known_at.pop(start)
            person = Person(
                official.name, official, candidate.title, candidate.country or official.nationality
            )
        elif any(m.start <= start < m.end for m in mentions):
            continue
        else:
            same = _same_person(candidate.name, start, found)
            known = None if same else _known_by_surname(candidate, gazetteer, mentions)
            if known:
                person = Person(known.name, known, candidate.title, candidate.country or known.nationality)
            else:
                person = same or Person(candidate.name, None, candidate.title, candidate.country)
        kept = add(person, start, end)
        if candidate.title_span:
            kept.titles.append(candidate.title_span)

    for start, (end, official) in known_at.items():
        add(Person(official.name, official, "", official.nationality), start, end)

    _add_surnames(doc, people, found)
    for person in people.values():
        person.spans.sort()
    return sorted(people.values(), key=lambda person: person.spans[0])


def _office(
    text: str, match: re.Match, inside: list[Mention], mentions: list[Mention]
) -> tuple[str, str | None]:
    """An office written beside a name with a comma, and its country: the first named in the
    title, else the one written just before it."""
    title_start, title_end = match.span("title")
    country = (inside[0].code if inside else None) or _country_before(text, title_start, mentions)
    return strip_country(text, title_start, title_end, inside), country


def _is_full_name(text: str, match: re.Match) -> bool:
    """A name after a comma must be the whole run of capitalised words, not the tail of one."""
    before = text[: match.start("name")].rstrip(" ")
    words = match["name"].split()
    return (
        not (before and before[-1].isalpha() and before.split()[-1][:1].isupper())
        and not any(fold(word) in NOT_NAMES for word in words)
        and not all(is_title_word(word) for word in words)
    )


def _known_by_surname(
    candidate: _Candidate, gazetteer: Gazetteer, mentions: list[Mention]
) -> KnownOfficial | None:
    """A one-word name after a title ("Foreign Minister Dar") is the known official of that
    surname: the only one, else the only one of the office's country, else of a country the
    article names."""
    folded = fold(candidate.name)
    if " " in folded or not candidate.title:
        return None
    same = [
        official
        for official in gazetteer.officials
        if any(len(name.split()) > 1 and fold(name).split()[-1] == folded for name in official.names)
    ]
    named = {mention.code for mention in mentions}
    for choice in (
        same,
        [o for o in same if candidate.country and o.nationality == candidate.country],
        [o for o in same if o.nationality in named],
    ):
        if len(choice) == 1:
            return choice[0]
    return None


def _same_person(name: str, start: int, found: list[tuple[int, int, Person]]) -> Person | None:
    """A one-word name after a title ("Minister Khan") is someone already named in full."""
    folded = fold(name)
    if " " in folded:
        return None
    earlier = [(s, person) for s, _, person in found if s < start and fold(person.name).split()[-1] == folded]
    return max(earlier, key=lambda item: item[0])[1] if earlier else None


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
    while kept and re.fullmatch(PARTICLE, kept[-1].group()):
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


def _add_surnames(doc: Document, people: dict[str, Person], found: list[tuple[int, int, Person]]) -> None:
    """A surname alone, after the full name, is the last person of that name mentioned before it.

    Surnames are the words after the first: "Khan" and "Kamal Khan" for Jam Kamal Khan, "Peña",
    "Soto" and "Peña Soto" for Rafael Peña Soto, "Okonkwo-Bello" whole.
    """
    entries = []
    for person in people.values():
        for name in person.official.names if person.official else [person.name]:
            words = [word for word in name.split() if not re.fullmatch(PARTICLE, word)]
            for first in range(1, len(words)):
                entries.append((" ".join(words[first:]), person))
            if len(words) > 2:
                entries.append((words[1], person))
    taken = [(start, end) for start, end, _ in found]
    for match in TokenMatcher(entries).find(doc, accept=_capitalised):
        start, end = doc.span(doc.tokens[match.first].start, doc.tokens[match.last].end)
        if any(s < end and start < e for s, e in taken):
            continue
        earlier = [(s, person) for s, _, person in found if s < start and person in match.payloads]
        if earlier:
            person = max(earlier, key=lambda item: item[0])[1]
            person.spans.append((start, end))
