"""Sentences that state a pledge, and quotations with who said them.

A pledge sentence says that sides agreed, pledged, resolved, vowed or committed to something,
that "an agreement has been reached", that one "will/would facilitate" (or invest, supply…), or
that they "announced plans to". Talks that were only held or discussed are not pledges.

A quotation is text in “curly” or "straight" quotes of three words or more; its speaker is what
the sentence says around it: “…,” the ministry said; “…,” said Khan; Khan said: “…”; the
statement added. A short quoted phrase (“deepening strategic ties”) takes the speaker of its
sentence ("was described by Pakistan's foreign office as").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from relations.extract.text import Span

# What sides commit to doing, after "will" or "would": "would facilitate", "will invest".
COMMITMENTS = (
    "facilitate|invest|provide|supply|build|finance|fund|expand|increase|double|raise|establish|set up|"
    "open|reopen|extend|grant|lend|deliver|support|train|help|cooperate|contribute|spend|allocate|"
    "set aside|offer|pay|host|import|export|buy|purchase|send|deploy|give|donate|create|launch|develop|"
    "upgrade|modernise|modernize|reduce|cut|remove|lift|abolish|simplify|guarantee|protect|strengthen|"
    "enhance|deepen|boost|resume|restore|implement|sign|ratify|work|jointly|station|share|coordinate|"
    "harmoni[sz]e|promote|complete|finish|construct|repair|rebuild"
)
_PLEDGE = re.compile(
    r"\b(?:agree[ds]?|agreeing|pledg(?:e|ed|es|ing)|resolv(?:e|ed|es)|vow(?:ed|s)?|commit(?:ted|s)?\s+to|"
    r"promis(?:ed|es)|undert(?:ook|ake)|(?:an?\s+)?agreement\s+(?:has|had)\s+been\s+reached|reached\s+an?\s+"
    r"agreement|(?<!to\s)sign(?:s|ed)?\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}(?:agreements?|accords?|deals?|"
    r"memorand(?:um|a)|MoUs?|treaty|treaties|contracts?|protocols?|declarations?|communiqués?|"
    r"letters?\s+of\s+intent|frameworks?|roadmaps?)|announced\s+plans\s+to|"
    rf"(?:will|would|shall)\s+(?:also\s+)?(?:{COMMITMENTS})|set\s+aside|set\s+(?:a|the)\s+target|"
    r"target\s+of|aim(?:s|ed)?\s+to)\b",
    re.IGNORECASE,
)
_QUOTE = re.compile(r"“(?P<a>[^”]{2,}?)”|\"(?P<b>[^\"]{2,}?)\"")
_SAYS = r"(?:said|says|added|adds|told|stated|noted|stressed|announced|declared|wrote|explained|insisted)"
_WHO = r"(?P<who>(?:the\s+|an?\s+)?[\w’'\-]+(?:\s+[\w’'\-]+){0,5}?)"
_AFTER = [
    re.compile(rf"^\s*[,.!?]?\s*[,]?\s*{_WHO}\s+{_SAYS}\b"),
    re.compile(rf"^\s*[,.!?]?\s*{_SAYS}\s+{_WHO}(?=[,.;]|\s+(?:in|on|at|during|after|before|who)\b|$)"),
]
_BEFORE = re.compile(rf"{_WHO}\s+{_SAYS}(?:\s+that)?\s*[:,]?\s*$")
_DESCRIBED = re.compile(r"(?:described|called|termed|hailed|praised|welcomed)\s+by\s+(?P<who>[^,.]+?)\s+as\b")


@dataclass
class Quote:
    text: str
    speaker: str
    start: int
    end: int
    speaker_span: Span | None = None


@dataclass
class PledgeSentence:
    start: int
    end: int
    text: str
    spans: list[Span] = field(default_factory=list)


def find_pledges(text: str, sentences: list[Span]) -> list[PledgeSentence]:
    found = []
    for start, end in sentences:
        sentence = text[start:end]
        if _PLEDGE.search(sentence):
            found.append(PledgeSentence(start, end, sentence.strip(), [(start, end)]))
    return found


def find_quotes(text: str, sentences: list[Span]) -> list[Quote]:
    quotes = []
    for match in _QUOTE.finditer(text):
        words = match["a"] if match["a"] is not None else match["b"]
        if len(words.split()) < 2:
            continue
        start, end = match.span()
        sentence = next(((s, e) for s, e in sentences if s <= start < e or s < end <= e), (start, end))
        line_end = min(text.find("\n", end) % (len(text) + 1), sentence[1] + 200)
        speaker, span = _speaker(text, start, end, sentence, line_end)
        quotes.append(Quote(words.strip().rstrip(","), speaker, start, end, span))
    return quotes


def _speaker(text: str, start: int, end: int, sentence: Span, line_end: int) -> tuple[str, Span | None]:
    after = text[end:line_end]
    for pattern in _AFTER:
        found = pattern.search(after)
        if found:
            return _clean(found["who"]), (end + found.start("who"), end + found.end("who"))
    before = text[sentence[0] : start]
    found = _BEFORE.search(before)
    if found:
        return _clean(found["who"]), (sentence[0] + found.start("who"), sentence[0] + found.end("who"))
    found = _DESCRIBED.search(text, sentence[0], start)
    if found:
        return _clean(found["who"]), found.span("who")
    return "", None


def _clean(who: str) -> str:
    return " ".join(who.split())
