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
PLEDGE = re.compile(
    r"\b(?:agree[ds]?|agreeing|pledg(?:e|ed|es|ing)|resolv(?:e|ed|es)|vow(?:ed|s)?|commit(?:ted|s)?\s+to|"
    r"promis(?:ed|es)|undert(?:ook|ake)|(?:an?\s+)?agreement\s+(?:has|had)\s+been\s+reached|reached\s+an?\s+"
    r"agreement|(?<!to\s)(?:sign(?:s|ed)?|initial(?:l)?ed)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}(?:agreements?|accords?|deals?|"
    r"memorand(?:um|a)|MoUs?|treaty|treaties|contracts?|protocols?|declarations?|communiqués?|pacts?|minutes|"
    r"letters?\s+of\s+intent|frameworks?|roadmaps?)|announced\s+plans\s+to|"
    rf"(?:will|would|shall)\s+(?:also\s+)?(?:{COMMITMENTS})|set\s+aside|set\s+(?:a|the)\s+target|"
    r"target\s+of|aim(?:s|ed)?\s+to|(?:agreements?|accords?|deals?|pacts?|treaty|memorandum|protocol)\s+"
    r"(?:was|were|has\s+been|had\s+been)\s+signed|renew(?:s|ed)?\s+(?:an?\s+|the\s+|their\s+|its\s+)?"
    r"(?:[\w-]+\s+){0,3}(?:agreements?|accords?|deals?|swaps?|pacts?|treaty|memorandum))\b",
    re.IGNORECASE,
)
# Never across a line break: a quotation left open at a paragraph's end (as the press does when
# a quotation runs on) is not closed by the next speaker's.
_QUOTE = re.compile(r"“(?P<a>[^”\n]{2,}?)”|\"(?P<b>[^\"\n]{2,}?)\"")
_SAYS = r"(?:said|says|added|adds|told|stated|noted|stressed|announced|declared|wrote|explained|insisted)"
_WHO = r"(?P<who>(?:the\s+|an?\s+)?[\w’'\-]+(?:\s+[\w’'\-]+){0,5}?)"
_AFTER = [
    # A full stop after the closing quotation mark ends the sentence: the next one's speaker is not it.
    re.compile(rf"^\s*,?\s*{_WHO}\s+{_SAYS}\b"),
    re.compile(rf"^\s*,?\s*{_SAYS}\s+{_WHO}(?=[,.;]|\s+(?:in|on|at|during|after|before|who)\b|$)"),
]
_BEFORE = re.compile(rf"{_WHO}\s+{_SAYS}(?:\s+that)?\s*[:,]?\s*$")
_DESCRIBED = re.compile(r"(?:described|called|termed|hailed|praised|welcomed)\s+by\s+(?P<who>[^,.]+?)\s+as\b")
# A short phrase quoted in a sentence whose subject speaks: "Wang urged both blocs to resist “…”".
_SUBJECT_SPEAKS = re.compile(
    r"^\s*(?P<who>[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+){0,3})\s+(?:urged|called|warned|asked|vowed|"
    r"promised|described|praised|hailed|welcomed|rejected|denied|accused|critici[sz]ed|dismissed|"
    r"defended|argued|claimed|demanded|appealed|pledged|spoke)\b"
)


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
        if PLEDGE.search(sentence):
            found.append(PledgeSentence(start, end, sentence.strip(), [(start, end)]))
    return found


# The verbs of a commitment whose subject is a party: PLEDGE's, and "announced collaboration".
COMMITS = re.compile(
    PLEDGE.pattern
    + r"|\b(?:announced\s+(?:collaboration|cooperation|joint)|initial(?:l)?ed|pledging|agreeing|committed|"
    r"(?:will|would|shall)\s+(?:also\s+)?(?!be\b)[a-z]+)\b",
    re.IGNORECASE,
)
# Where a clause ends, so that the subject of a verb is looked for in its own clause.
_CLAUSE = re.compile(r"[,;:—]|\b(?:while|whereas|but)\b", re.IGNORECASE)
# Words that are no subject: "…, and also agreed" takes the subject of the clause before.
_NO_SUBJECT = re.compile(r"(?i:\s|and|also|jointly|further|then|have|has|had|in\s+return|together)*")
# A subject that is the sides themselves: "the two sides pledged", "the ministers agreed".
_SIDES = re.compile(
    r"\b(?:both|two|three|four|all|the)\s+(?:sides|countries|governments|nations|ministers|leaders|"
    r"delegations|neighbours|neighbors|parties|partners|states|presidents|premiers|cabinets)\b|\bthey\b|\bwe\b",
    re.IGNORECASE,
)
SIDES = "*"  # in `pledge_parties`' answer: the meeting's own countries
# A co-signatory: "signed supply contracts with Equatorial Guinea", "agreed with Japan".
_WITH = re.compile(
    r"\bsign(?:s|ed|ing)?\b[^,;.]{0,60}?\bwith\s+|\bagreed\s+with\s+|"
    r"\b(?:deals?|contracts?|agreements?|accords?|pacts?)\s+with\s+",
    re.IGNORECASE,
)
# A reporting verb: who says a country will act is not a party ("Danladi said China had agreed").
_REPORTED = re.compile(
    r"\b(?:said|says|told\s+\w+|added|announced|stated|noted)\b(?:\s+that)?", re.IGNORECASE
)


def pledge_parties(text: str, start: int, end: int, subjects: list[tuple[int, int, str]]) -> list[str]:
    """The countries that commit in the pledge sentence ``text[start:end]``: those written as
    the subject of a verb of commitment ("Kenya said it would contribute…, and Uganda pledged…"),
    through a country's name or adjective, an official of it or its capital ("Bangkok will
    lend"), and co-signatories ("signed contracts with Equatorial Guinea"). Not a country the
    commitment is made to, or named in passing ("to Niger", "the war in Sudan"). ``subjects``
    are (start, end, code) of what can name a country. A subject that is the sides themselves
    ("the two sides pledged") is answered as ``SIDES``. Empty when no subject names one."""
    found: list[str] = []
    for verb in COMMITS.finditer(text, start, end):
        region_end = verb.start()
        region_start = region_end
        while region_start > start:
            chunk_end = region_start
            boundary = max((m.end() for m in _CLAUSE.finditer(text, start, region_start)), default=start)
            region_start = boundary
            chunk = text[boundary:chunk_end]
            # Keep going back over a list ("Kenya, Uganda and Tanzania agreed"), a coordinated
            # subject ("…, and Argentina's secretary of mining, Martín Echeverría, signed") and a
            # name set off by commas after its title.
            listed = text[boundary - 1 : boundary] == "," and (
                any(boundary - 3 <= e <= boundary for _, e, _ in subjects)
                and any(boundary <= s <= boundary + 2 for s, _, _ in subjects)
                or re.match(r"\s*and\s", chunk)
                and any(boundary <= s < chunk_end for s, _, _ in subjects)
                or re.fullmatch(r"\s*(?:[A-Z][\w’'\-]*\s*)+", chunk)
            )
            if not listed and not _NO_SUBJECT.fullmatch(text[region_start:region_end]):
                break
            region_start = max(start, region_start - 1)
        reported = [m.end() for m in _REPORTED.finditer(text, region_start, region_end)]
        if reported and any(reported[-1] <= s < region_end for s, _, _ in subjects):
            region_start = reported[-1]
        named = [code for s, _, code in subjects if region_start <= s < region_end]
        if not named and _SIDES.search(text, region_start, region_end):
            named = [SIDES]
        found += named
    for match in _WITH.finditer(text, start, end):
        clause_end = next((m.start() for m in _CLAUSE.finditer(text, match.end(), end)), end)
        found += [code for s, _, code in subjects if match.end() <= s < clause_end]
    return list(dict.fromkeys(found))


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
    # A quotation closed on its own full stop, then "Fidan said:", is followed by Fidan's words,
    # not spoken by Fidan.
    closed = text[end - 2 : end - 1] in {".", "!", "?"}
    for pattern in _AFTER:
        found = pattern.search(after)
        if found and not (closed and re.match(r"\s*(?:that\s*)?:", after[found.end() :])):
            return _clean(found["who"]), (end + found.start("who"), end + found.end("who"))
    before = text[sentence[0] : start]
    found = _BEFORE.search(before)
    if found:
        return _clean(found["who"]), (sentence[0] + found.start("who"), sentence[0] + found.end("who"))
    found = _DESCRIBED.search(text, sentence[0], start)
    if found:
        return _clean(found["who"]), found.span("who")
    found = _SUBJECT_SPEAKS.match(text[sentence[0] : start])
    if found:
        return _clean(found["who"]), (sentence[0] + found.start("who"), sentence[0] + found.end("who"))
    return "", None


def _clean(who: str) -> str:
    return " ".join(who.split())
