"""The pasted text as the rules read it: folded, cut into words and sentences, with offsets kept.

Every rule matches on the folded text (lower case, no accents, as `relations.names.fold`) and
reports spans in the original, so highlighting lands on what the editor pasted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from relations.names import fold

Span = tuple[int, int]

_WORD = re.compile(r"[^\W_]+")
# What may stand between the words of one name: "Guinea-Bissau", "Côte d'Ivoire", "U.S.", but not a
# comma or a line break, so that "…in Guinea. Bissau…" is two things only if a full stop and a
# space part them (a name never contains both).
_JOINER = re.compile(r"[ '\-.]|' |\. | - ")


def fold_char(ch: str) -> str:
    """``fold`` for one character, keeping whitespace (a line break stays a break)."""
    if ch.isspace():
        return "\n" if ch in "\n\r\u2029\u2028" else " "
    return fold(ch)


@dataclass(frozen=True)
class Token:
    start: int  # offsets into the folded text
    end: int
    text: str  # folded


class Document:
    """The original text, its folded copy and the map between them.

    ``folded[i]`` comes from ``text[origin[i]]``; a letter that folds to two ("æ" -> "ae") maps
    both back to itself, a combining accent that folds to nothing maps nowhere.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        parts: list[str] = []
        origin: list[int] = []
        for index, ch in enumerate(text):
            folded = fold_char(ch)
            parts.append(folded)
            origin.extend([index] * len(folded))
        self.folded = "".join(parts)
        self.origin = origin
        self.tokens = [Token(m.start(), m.end(), m.group()) for m in _WORD.finditer(self.folded)]

    def span(self, start: int, end: int) -> Span:
        """The original span of folded ``[start, end)``."""
        if start >= end:
            position = self.origin[start] if start < len(self.origin) else len(self.text)
            return position, position
        return self.origin[start], self.origin[end - 1] + 1

    def original(self, start: int, end: int) -> str:
        first, last = self.span(start, end)
        return self.text[first:last]

    def joined(self, first: int, last: int) -> bool:
        """Whether tokens ``first``..``last`` are close enough to be one name."""
        for n in range(first, last):
            between = self.folded[self.tokens[n].end : self.tokens[n + 1].start]
            if not _JOINER.fullmatch(between):
                return False
        return True

    def is_capitalised(self, token: Token) -> bool:
        first = self.text[self.origin[token.start]]
        return first.isupper() or first.isdigit()

    @cached_property
    def sentences(self) -> list[Span]:
        """Sentences as original spans (a line break always ends one)."""
        return list(_sentences(self.text))

    @cached_property
    def headline(self) -> Span | None:
        """The first line, when it heads a body: followed by a blank line, or without a sentence's
        final punctuation. None for an article pasted without one, or a single line."""
        start, end = _trim(self.text, 0, len(self.text))
        line_end = self.text.find("\n", start, end)
        if line_end < 0:
            return None
        first = self.text[start:line_end].rstrip()
        blank_after = self.text[line_end + 1 :].lstrip(" \t\r").startswith("\n")
        if blank_after or not first.rstrip("\"”’'").endswith(_FINAL):
            return start, start + len(first)
        return None

    def sentence_of(self, position: int) -> Span:
        for start, end in self.sentences:
            if start <= position < end:
                return start, end
        return position, position


_FINAL = (".", "!", "?", "…")
# A full stop after these does not end a sentence: titles and ranks before a name ("Gen. Asim
# Munir", "Dr. Ali"), currencies before a figure ("Rs. 5 billion"), and the short forms of words
# that a name or a number follows ("No. 10", "Sept. 9", "approx. 40", "St. Petersburg").
ABBREVIATIONS = {
    "mr", "mrs", "ms", "mx", "dr", "prof", "sir", "st", "ste", "mt", "ft", "fr", "rev", "hon",
    "gen", "lt", "col", "maj", "capt", "cpt", "cmdr", "cdr", "adm", "brig", "sgt", "cpl", "pvt",
    "gov", "govt", "sen", "rep", "reps", "pres", "amb", "dept", "jr", "sr", "messrs",
    "rs", "tk", "ksh", "shs", "rp", "no", "nos", "fig", "vol", "pp", "vs", "approx",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}  # fmt: skip
_END = re.compile(r"[.!?…][\"”’)]*(?=\s+[\"“‘(]?[A-Z0-9À-Ý])|\n+")


def sentences(text: str) -> list[Span]:
    """``text`` cut into sentences (original spans, without surrounding space): at . ! ? … and
    any closing quote or bracket, before a space and a capital, a figure or an opening quote; at
    every line break. Never after an abbreviation ("Gen.", "Rs.", "Dr.") or a single letter
    ("U.S.", "J. Smith")."""
    return list(_sentences(text))


def _sentences(text: str) -> Iterator[Span]:
    start = 0
    for match in _END.finditer(text):
        if match.group().startswith("."):
            word = re.search(r"(\w+)\.$", text[max(0, match.start() - 12) : match.start() + 1])
            if word and (word.group(1).lower() in ABBREVIATIONS or len(word.group(1)) == 1):
                continue
        end = match.end()
        if text[start:end].strip():
            yield _trim(text, start, end)
        start = end
    if text[start:].strip():
        yield _trim(text, start, len(text))


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@dataclass
class Match:
    first: int  # token indexes, inclusive
    last: int
    payloads: list = field(default_factory=list)


class TokenMatcher:
    """Finds names (token sequences) in a document, longest first, left to right.

    One dictionary lookup per token and length, however many names there are: a country list of
    thousands of names costs the same as ten.
    """

    def __init__(self, entries: Iterable[tuple[str, object]]) -> None:
        self.names: dict[tuple[str, ...], list] = {}
        for name, payload in entries:
            key = tuple(_WORD.findall(fold(name)))
            if key:
                self.names.setdefault(key, []).append(payload)
        self.longest = max((len(key) for key in self.names), default=0)

    def find(self, doc: Document, accept=None) -> list[Match]:
        """Every match; ``accept(doc, first, last, payloads)`` may veto one (then shorter ones
        at the same place are tried)."""
        found: list[Match] = []
        n, count = 0, len(doc.tokens)
        while n < count:
            for length in range(min(self.longest, count - n), 0, -1):
                key = tuple(token.text for token in doc.tokens[n : n + length])
                payloads = self.names.get(key)
                if not payloads or not doc.joined(n, n + length - 1):
                    continue
                if accept is not None:
                    payloads = accept(doc, n, n + length - 1, payloads)
                    if not payloads:
                        continue
                found.append(Match(n, n + length - 1, list(payloads)))
                n += length
                break
            else:
                n += 1
        return found
