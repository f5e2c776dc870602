"""Countries named in an article, through every name, alias and adjective in the tables.

The rules, beyond looking names up:
- the longest name wins: "Papua New Guinea" is not Guinea, "South Sudan" is not Sudan, and
  "Nigeria", "Dominican Republic" are whole words, never "Niger" or "Dominica";
- a name is a proper noun: it must start with a capital ("turkey" the bird is not Türkiye), and a
  name kept in capitals ("US", "UAE") matches only in capitals ("us" is a pronoun);
- "US$" is a currency, not a mention of the United States;
- a name that is also a common first name (Chad, Jordan, Georgia…) is not a country when it sits
  in a run of capitalised words, as in "Chad Smith" or "Michael Jordan";
- an adjective after a region ("Latin American", "West African") or before an ocean or a sea
  ("Indian Ocean") is not the country's;
- an adjective two countries share ("Congolese", "Korean") goes to the one the article names
  outright, and is dropped if it names neither or both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from relations.extract.gazetteer import CountryEntry, Gazetteer
from relations.extract.text import Document
from relations.names import fold

# Country names that are also common first names or surnames in English-language news.
PERSONAL_NAMES = {"chad", "jordan", "georgia", "india", "israel", "kenya", "america", "niger", "jersey"}
REGIONS = {
    "north", "south", "east", "west", "central", "latin", "northern", "southern", "eastern",
    "western", "sub", "saharan", "new",
}  # fmt: skip
WATERS = {"ocean", "sea"}
# A capitalised word before a name that does not make it part of a personal name.
_FUNCTION_WORDS = {
    "the", "in", "on", "at", "to", "from", "with", "and", "or", "of", "for", "by", "as", "while",
    "both", "when", "after", "before", "since", "visiting", "neighbouring", "neighboring", "but",
}  # fmt: skip


@dataclass
class Mention:
    code: str
    start: int  # original offsets
    end: int
    demonym: bool
    first_token: int
    last_token: int


def find_mentions(doc: Document, gazetteer: Gazetteer) -> list[Mention]:
    """Every mention of a country, in text order."""
    raw = gazetteer.countries.find(doc, accept=_accept)
    mentions: list[tuple[set[str], Mention]] = []
    for match in raw:
        first, last = doc.tokens[match.first], doc.tokens[match.last]
        start, end = doc.span(first.start, last.end)
        entries: list[CountryEntry] = match.payloads
        codes = {entry.code for entry in entries}
        demonym = all(entry.demonym for entry in entries)
        mentions.append((codes, Mention("", start, end, demonym, match.first, match.last)))
    named = {next(iter(codes)) for codes, _ in mentions if len(codes) == 1}
    found = []
    for codes, mention in mentions:
        if len(codes) > 1:
            codes = codes & named
        if len(codes) == 1:
            mention.code = next(iter(codes))
            found.append(mention)
    return _short_forms(doc, found)


def _short_forms(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """A short name after a long form "… of (the) <short name>" of another country is that
    country: "Congo" in an article about the "Democratic Republic of Congo" is not the Republic of
    the Congo, unless the article also names the latter by a longer name."""
    written = [(fold(doc.text[m.start : m.end]), m) for m in mentions]
    long_forms = {}
    for text, mention in written:
        tail = re.search(r"\bof (?:the )?(.+)$", text)
        if tail and " " in text:
            long_forms.setdefault(tail.group(1), set()).add(mention.code)
    for text, mention in written:
        codes = long_forms.get(text, set()) - {mention.code}
        if len(codes) == 1 and not any(m.code == mention.code and t != text for t, m in written):
            mention.code = next(iter(codes))
    return mentions


def _accept(doc: Document, first: int, last: int, entries: list[CountryEntry]) -> list[CountryEntry]:
    head, tail = doc.tokens[first], doc.tokens[last]
    if not doc.is_capitalised(head):
        return []
    written_upper = doc.original(head.start, tail.end).replace(".", "").replace(" ", "").isupper()
    entries = [entry for entry in entries if written_upper or not entry.upper]
    if not entries:
        return []
    start, end = doc.span(head.start, tail.end)
    if doc.text[end : end + 1] == "$":
        return []
    before = doc.tokens[first - 1] if first > 0 and doc.joined(first - 1, first) else None
    after = doc.tokens[last + 1] if last + 1 < len(doc.tokens) and doc.joined(last, last + 1) else None
    if first == last and head.text in PERSONAL_NAMES:
        if after is not None and doc.is_capitalised(after) and doc.text[end : end + 1] == " ":
            return []
        if before is not None and _starts_a_personal_name(doc, first - 1):
            return []
    if all(entry.demonym for entry in entries):
        if before is not None and before.text in REGIONS and doc.is_capitalised(before):
            return []
        if after is not None and after.text in WATERS:
            return []
    return entries


def _starts_a_personal_name(doc: Document, index: int) -> bool:
    token = doc.tokens[index]
    if not doc.text[doc.origin[token.start]].isupper() or token.text in _FUNCTION_WORDS:
        return False
    start, _ = doc.span(token.start, token.end)
    sentence_start, _ = doc.sentence_of(start)
    return start != sentence_start
