"""Numbered sessions of a standing body: "the joint ministerial commission's 16th meeting", "the
7th session of the Kenya–Uganda Joint Economic Commission", "the fifth JMC".

The body is matched to a known commission of the same kind whose members are all among the
countries around the phrase (those written in it, else the article's main countries); its
acronym or name written in the phrase settles a tie. Failing that, a new commission is proposed,
named from those countries and the body as written ("Pakistan–Türkiye Joint Ministerial
Commission").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from relations.extract.gazetteer import Gazetteer, KnownCommission
from relations.extract.text import Span
from relations.names import fold

ORDINALS = {
    word: n
    for n, word in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
        "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split(),
        start=1,
    )
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
ORDINALS |= {word.removesuffix("y") + "ieth": n for word, n in _TENS.items()} | {"hundredth": 100}
ORDINALS |= {
    f"{tens}{joiner}{unit}": n + u
    for tens, n in _TENS.items()
    for unit, u in list(ORDINALS.items())[:9]
    for joiner in ("-", " ")
}

# Kinds of body, most specific first, as the words that name them.
BODIES: list[tuple[str, str]] = [
    (r"joint\s+ministerial\s+commission|JMC", "joint_ministerial"),
    (r"high[- ]level\s+(?:strategic\s+)?(?:cooperation\s+)?council|HLSCC|HLCC", "high_level_council"),
    (r"strategic\s+dialogue", "strategic_dialogue"),
    (r"annual\s+summit", "annual_summit"),
    (
        r"joint\s+(?:economic\s+|trade\s+|intergovernmental\s+|permanent\s+|cooperation\s+)*"
        r"(?:commission|committee)|JEC|JCC|JPC",
        "joint",
    ),
    (r"intergovernmental\s+commission|IGC|bilateral\s+commission|binational\s+commission", "joint"),
]
_BODY = "(?i:" + "|".join(f"(?:{pattern})" for pattern, _ in BODIES) + ")"
_ORD = (
    r"(?P<num>\d{1,3})(?:st|nd|rd|th)|(?i:(?P<word>"
    + "|".join(sorted(ORDINALS, key=len, reverse=True))
    + "))"
)
_MEETING = r"(?i:meeting|session|round|edition|sitting|summit)"
# "the first session of the body since 2019" counts years, not sessions.
_NOT_SINCE = r"(?!\s+(?:since|in\s+(?:\d|years|decades|a\s+decade)|for\s+(?:\d|years)))"
_PREFIX = r"(?:[A-Z][\w’'\-–]*\s+)"  # capitalised words before the body: "Kenya–Uganda"
_PATTERNS = [
    # the joint ministerial commission's 16th meeting
    re.compile(rf"(?P<body>{_PREFIX}*(?:{_BODY}))['’]s\s+(?:{_ORD})\s+{_MEETING}"),
    # the 7th session of the Kenya–Uganda Joint Economic Commission
    re.compile(rf"(?:{_ORD})\s+{_MEETING}\s+of\s+(?:the\s+)?(?P<body>{_PREFIX}*(?:{_BODY})){_NOT_SINCE}"),
    # the 16th JMC, the fifth Joint Economic Commission meeting
    re.compile(rf"(?:{_ORD})\s+(?P<body>{_PREFIX}*?(?:{_BODY}))(?:\s+{_MEETING})?"),
]
# Any numbered meeting of a series, the body named after it or not: "the seventh round of talks",
# "its 3rd meeting", "their sixth trilateral meeting", "the second edition of the summit". Not a
# round of voting, nor "the second day of talks".
_SERIES = (
    r"meeting|session|round|edition|sitting|summit|talks|dialogue|consultations|conference|forum|"
    r"negotiations|congress|assembly|plenary|ministerial"
)
_FILLER = r"(?!(?:of|day|days|week|time|phase|stage|part|half|year|leg|visit|trip)\b)[a-z][a-z\-]*"
_GENERIC = re.compile(
    rf"\b(?i:the|its|their|a|this|his|her)\s+(?P<ord>{_ORD})\s+(?:{_FILLER}\s+){{0,2}}?(?P<meeting>(?i:{_SERIES}))\b"
    r"(?!\s+of\s+(?:the\s+)?(?:voting|vote|elections?|presidential|parliamentary|polls?|play|matches)\b)"
    rf"(?:\s+of\s+(?:the\s+)?(?P<body>(?:{_PREFIX}|[a-z\-]+\s+){{0,4}}?(?i:{_SERIES}|commission|committee|council|"
    r"summit|forum|dialogue|group|body)))?" + _NOT_SINCE
)
# A series named in capitals: "the 25th Franco-German Council of Ministers", "the third ASEAN–GCC
# Summit", "the second Japan–Philippines Foreign and Defence Ministerial Meeting"; and "would meet
# for a fourth time", "the first summit was held in Riyadh".
_NAMED_SERIES = re.compile(
    rf"\b(?i:the|its|their|a)\s+(?P<ord>{_ORD})\s+(?P<body>[A-Z][\w’'\-–]*(?:\s+(?:(?:and|of|for|on|the)\s+)?"
    r"[A-Z][\w’'\-–]*){0,7})"
)
_SERIES_END = re.compile(
    r"(?:Summit|Meeting|Council|Commission|Conference|Dialogue|Forum|Committee|Consultations|Talks|"
    r"Round|Session|Ministers|Assembly|Congress)$"
)
_TIME = re.compile(
    rf"\b(?:meet|met|meets|meeting|convene[sd]?|gather(?:ed|s)?)\s+for\s+(?:a|the)\s+(?P<ord>{_ORD})\s+time\b"
)
_FIRST_HELD = re.compile(
    r"\b(?i:the)\s+first\s+(?P<body>summit|meeting|session|round|council|conference)\s+(?:was|had\s+been)\s+held\b"
)
_SINCE_AFTER = re.compile(
    r"(?:\s+(?:of|between|for)\s+[\w\-–’' ]{0,40}?)?"
    r"\s+(?:since|in\s+(?:\d+\s+)?(?:years|decades|a\s+decade))\b"
)
# "the fifth meeting of the commission", "the committee's next session": the body named last before.
_ANAPHORA = [
    re.compile(
        rf"(?:{_ORD})\s+{_MEETING}\s+of\s+(?:the|this|that)\s+(?i:commission|committee|council|body)\b{_NOT_SINCE}"
    ),
    re.compile(rf"\b(?i:the\s+(?:commission|committee|council))['’]s\s+(?:{_ORD})\s+{_MEETING}"),
]


@dataclass
class Session:
    number: int
    kind: str
    body: str  # as written
    start: int
    end: int
    commission: KnownCommission | None = None
    name: str = ""
    countries: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    country_spans: list[Span] = field(default_factory=list)  # of the countries written in ``body``
    guessed: bool = False  # a numbered meeting of a series the text does not name as a known body


def find_sessions(text: str, gazetteer: Gazetteer, mentions, main_countries: list[str]) -> list[Session]:
    """Each numbered session, once per commission and number, with every place it is written."""
    found: dict[tuple[str, int], Session] = {}
    taken: list[Span] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(s < end and start < e for s, e in taken):
                continue
            number = int(match["num"]) if match["num"] else ORDINALS[match["word"].lower()]
            body = match["body"]
            kind = next(k for p, k in BODIES if re.search(p, body, re.IGNORECASE))
            body_start = match.start("body")
            inside = [m for m in mentions if body_start <= m.start < match.end("body")]
            countries = list(dict.fromkeys(m.code for m in inside)) or main_countries
            session = Session(number, kind, body, start, end, countries=countries)
            session.country_spans = [(m.start - body_start, m.end - body_start) for m in inside]
            _resolve(session, gazetteer)
            key = (session.commission.slug if session.commission else session.name, number)
            kept = found.setdefault(key, session)
            kept.spans.append((start, end))
            taken.append((start, end))
    for match in (match for pattern in _ANAPHORA for match in pattern.finditer(text)):
        start, end = match.span()
        earlier = [(s, session) for session in found.values() for s, _ in session.spans if s < start]
        if not earlier or any(s < end and start < e for s, e in taken):
            continue
        named = max(earlier, key=lambda item: item[0])[1]
        number = int(match["num"]) if match["num"] else ORDINALS[match["word"].lower()]
        key = (named.commission.slug if named.commission else named.name, number)
        session = Session(
            number, named.kind, named.body, start, end, named.commission, named.name, named.countries
        )
        found.setdefault(key, session).spans.append((start, end))
        taken.append((start, end))
    named = [
        m
        for m in _NAMED_SERIES.finditer(text)
        if _SERIES_END.search(m["body"]) or _known(m["body"], gazetteer)
    ]
    for match in [*named, *_TIME.finditer(text), *_FIRST_HELD.finditer(text), *_GENERIC.finditer(text)]:
        start, end = match.span()
        if any(s < end and start < e for s, e in taken) or _SINCE_AFTER.match(text, end):
            continue
        number = (
            1
            if match.re is _FIRST_HELD
            else int(match["num"])
            if match["num"]
            else ORDINALS[match["word"].lower()]
        )
        if match.re is _GENERIC and number == 1 and not (match["body"] and match["body"][:1].isupper()):
            continue  # "the first meeting" of a pair opens no series the text numbers
        written = (match["body"] if "body" in match.re.groupindex else None) or text[
            match.end("ord") : match.end()
        ]
        body = "meeting" if match.re is _TIME else " ".join(written.split())
        session = Session(number, "", body, start, end, countries=main_countries)
        _resolve(session, gazetteer)
        body = (match["body"] if "body" in match.re.groupindex else None) or ""
        unnamed = match.re is not _NAMED_SERIES and not body[:1].isupper()
        session.guessed = session.commission is None and unnamed
        key = (session.commission.slug if session.commission else session.name, number)
        found.setdefault(key, session).spans.append((start, end))
        taken.append((start, end))
    return sorted(found.values(), key=lambda session: session.spans[0])


def _known(body: str, gazetteer: Gazetteer) -> bool:
    written = fold(body)
    return any(
        fold(c.name) in written or (c.acronym and fold(c.acronym) == written) for c in gazetteer.commissions
    )


def _resolve(session: Session, gazetteer: Gazetteer) -> None:
    written = fold(session.body)
    # Countries written with the body are its members, all of them; the article's main countries
    # only bound them.
    around = set(session.countries)
    candidates = [
        commission
        for commission in gazetteer.commissions
        if commission.members
        and (commission.members == around if session.country_spans else commission.members <= around)
    ]
    same_kind = [c for c in candidates if c.kind == session.kind]
    named = [
        c
        for c in candidates
        if (c.acronym and re.search(rf"\b{re.escape(fold(c.acronym))}\b", written)) or fold(c.name) in written
    ]
    chosen = named[:1] or (same_kind if len(same_kind) == 1 else [])
    if not chosen and len(same_kind) > 1:
        # The one whose members are exactly the countries around the phrase.
        exact = [c for c in same_kind if c.members == set(session.countries)]
        chosen = exact[:1]
    if chosen:
        commission = chosen[0]
        session.commission = commission
        session.name = commission.name
        session.countries = sorted(commission.members, key=_order(session.countries))
        return
    session.name = _new_name(session, gazetteer)


def _order(countries: list[str]):
    return lambda code: countries.index(code) if code in countries else len(countries)


def _new_name(session: Session, gazetteer: Gazetteer) -> str:
    """The countries' current names joined by dashes, then the body as written without them:
    "Kenya–Uganda–Tanzania Tripartite Joint Commission"."""
    body = session.body
    for start, end in sorted(session.country_spans, reverse=True):
        body = body[:start] + body[end:]
    body = re.sub(r"^[\s\-–—/]*(?:the\s+)?", "", body, flags=re.IGNORECASE).strip(" -–—/")
    body = re.sub(r"^(?:and|of)\s+", "", body).strip()
    if body.isupper():
        body = dict(BODIES_DISPLAY)[session.kind]
    else:
        body = " ".join(word if word[:1].isupper() else word.capitalize() for word in body.split())
    names = "–".join(gazetteer.country_name[code] for code in session.countries)
    return f"{names} {body}".strip()


BODIES_DISPLAY = [
    ("joint_ministerial", "Joint Ministerial Commission"),
    ("high_level_council", "High-Level Council"),
    ("strategic_dialogue", "Strategic Dialogue"),
    ("annual_summit", "Annual Summit"),
    ("joint", "Joint Commission"),
]
