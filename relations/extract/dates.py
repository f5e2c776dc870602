"""Dates in an article, read against its publication date, with the precision the words give.

The rules (our own, so that they are predictable):
- "9 September 2025", "September 9, 2025", "8–9 September 2025" are days (a range for the last);
  "March 2024" is a month; "in 1975", "since 2019", "by 2030" are years.
- Without a year, a month ("in July") or a day ("September 9") is the latest one on or before the
  publication date when the sentence speaks of the past, and the earliest one after it when it
  speaks of the future ("will", "next", "is scheduled to"…).
- A weekday ("on Tuesday") is a day: the latest such weekday on or before the publication date
  (news reports what happened), the next one after it in a sentence about the future; "last
  Tuesday" is always before, "next Tuesday" always after.
- "last year", "next month", "earlier this month" are the year or month they point to.
- Nothing else: a day nobody wrote is never produced ("in July" never becomes 1 July).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from relations.dates import FuzzyDate, Precision

MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): n for n, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): n for n, name in enumerate(calendar.day_name)}

_MONTH = (
    r"(?P<{}>January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?)"
)
_DAY = r"(?P<{}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{}>(?:1[89]|20|21)\d\d)(?!\d)"
_MONTH_PREPOSITIONS = (
    "in|since|by|until|till|from|for|to|during|through|throughout|before|after|last|next|this|early|late|mid"
    "|end of|beginning of|start of"
)
_YEAR_PREPOSITIONS = (
    "in|since|by|until|till|from|during|before|after|of|through|early|late|mid|end of|start of"
    "|in early|in late|in mid"
)
_DASH = r"\s*(?:-|–|—|to|and|until)\s*"


def _p(template: str, name: str) -> str:
    return template.format(name)


_RULES: list[tuple[str, re.Pattern]] = [
    # 8–9 September 2025, 8-9 Sep
    (
        "day_range",
        re.compile(
            rf"\b{_p(_DAY, 'd1')}{_DASH}{_p(_DAY, 'd2')}\s+(?:of\s+)?{_p(_MONTH, 'm')}"
            rf"(?:,?\s+{_p(_YEAR, 'y')})?\b"
        ),
    ),
    # September 8-9, 2025
    (
        "day_range",
        re.compile(
            rf"\b{_p(_MONTH, 'm')}\s+{_p(_DAY, 'd1')}{_DASH}{_p(_DAY, 'd2')}(?:,?\s+{_p(_YEAR, 'y')})?\b"
        ),
    ),
    # 9 September 2025, 9th of September
    ("day", re.compile(rf"\b{_p(_DAY, 'd')}\s+(?:of\s+)?{_p(_MONTH, 'm')}(?:,?\s+{_p(_YEAR, 'y')})?\b")),
    # September 9, 2025
    (
        "day",
        re.compile(
            rf"\b{_p(_MONTH, 'm')}\s+{_p(_DAY, 'd')}(?!\d)(?:,\s+{_p(_YEAR, 'y')}|\s+{_p(_YEAR, 'y2')})?\b"
        ),
    ),
    # March 2024, March of 2024, mid-March 2024
    ("month", re.compile(rf"\b{_p(_MONTH, 'm')}(?:,|\s+of)?\s+{_p(_YEAR, 'y')}\b")),
    # in July, early July, since May, by December
    (
        "month",
        re.compile(
            rf"\b(?:(?P<prep>{_MONTH_PREPOSITIONS})[\s-]+(?:(?:early|late|mid)[\s-]+)?)"
            rf"(?-i:{_p(_MONTH, 'm')})(?![\w-])",
            re.IGNORECASE,
        ),
    ),
    (
        "weekday",
        re.compile(
            r"\b(?:(?P<rel>last|next|this|on|since|by|until|from|late|early)\s+)?(?P<w>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
        ),
    ),
    (
        "relative",
        re.compile(
            r"\b(?P<rel>last|next|this|earlier this|later this|past)\s+(?P<unit>year|month)\b", re.IGNORECASE
        ),
    ),
    ("relative", re.compile(r"\b(?P<rel>yesterday)\b", re.IGNORECASE)),
    (
        "year",
        re.compile(
            rf"\b(?:{_YEAR_PREPOSITIONS})[\s-]+{_p(_YEAR, 'y')}\b(?!\s*(?:%|per|billion|million))",
            re.IGNORECASE,
        ),
    ),
    # the 2019 agreement, the 2023 crop
    (
        "year",
        re.compile(rf"\b(?:in\s+|since\s+|of\s+|after\s+|before\s+)?the\s+{_p(_YEAR, 'y')}(?=\s+[A-Za-z])"),
    ),
    (
        "year_range",
        re.compile(rf"\b(?:between|from)\s+{_p(_YEAR, 'y1')}\s*(?:-|–|and|to)\s*{_p(_YEAR, 'y2')}\b"),
    ),
]

# The tense of the clause before a date decides which side of the publication date a month or a
# weekday without a year falls on: the last of these markers before the date wins; with none,
# the past (news reports what happened).
_FUTURE = re.compile(
    r"\b(?:will|shall|'ll|is to|are to|to be held|is due|are due|due to|scheduled|expected to|set to|"
    r"plans? to|planned|upcoming|next|coming|would|is slated|are slated|be\s+[a-z]+|"
    # an intention: "pledged to open a free zone in March"
    r"(?:pledged|agreed|promised|vowed|resolved|committed|decided|undertook|aims?|intends?|wants?) to|"
    # the present tense before a date speaks of what is to come: "heads of government meet in July"
    # (only forms that are rarely nouns: "a visit in May" says nothing of tense)
    r"is|are|meet|meets|begins|starts|opens|holds|hosts|visits|travels|arrives|returns|convenes)\b",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"\b(?:was|were|had|did|been|ago|last|earlier|previous|previously|"
    # a past participle, but not the words that only look like one
    r"(?!(?:speed|need|feed|seed|proceed|exceed|succeed|indeed|breed|embed|hundred|red|bed|shed|sacred|"
    r"kindred|wed|bred)\b)[a-z]{2,}ed|said|told|met|held|made|"
    r"took|gave|came|went|began|left|saw|won|led|sent|spent|paid|sought|brought|bought|built|struck|fell|"
    r"rose|grew|wrote|spoke|broke|chose|flew|ran|sat|stood|thought|became|kept|found|lost|hit|"
    r"agreed|signed|broke out)\b",
    re.IGNORECASE,
)


@dataclass
class FoundDate:
    text: str
    date: FuzzyDate
    start: int
    end: int


def find_dates(text: str, published_on: dt.date, sentences: list[tuple[int, int]]) -> list[FoundDate]:
    """Every date the text gives, in text order; overlapping phrases keep the first rule's."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _RULES:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(s < end and start < e for s, e in taken):
                continue
            future = _is_future(text, start, sentences)
            try:
                value = _READERS[kind](match, published_on, future)
            except ValueError:
                continue
            if value is None:
                continue
            taken.append((start, end))
            found.append(FoundDate(text[start:end], value, start, end))
    found.sort(key=lambda item: item.start)
    return found


def _is_future(text: str, position: int, sentences: list[tuple[int, int]]) -> bool:
    for start, end in sentences:
        if start <= position < end:
            before = text[start:position]
            # The clause of the date first; if it has no verb to go by, the sentence up to it.
            for clause in (re.split(r"[,;:—]", before)[-1], before):
                future = max((m.end() for m in _FUTURE.finditer(clause)), default=-1)
                past = max((m.end() for m in _PAST.finditer(clause)), default=-1)
                if future >= 0 or past >= 0:
                    return future >= past
    return False


def _year(match: re.Match, *names: str) -> int | None:
    for name in names:
        if name in match.re.groupindex and match[name]:
            return int(match[name])
    return None


def _month(match: re.Match) -> int:
    return MONTHS[match["m"].lower().rstrip(".")]


def _guess_year(month: int, day: int | None, published_on: dt.date, future: bool) -> int:
    """The year that puts month (and day) on the right side of the publication date."""
    year = published_on.year
    if day is None:
        if future:
            return year if month >= published_on.month else year + 1
        return year if month <= published_on.month else year - 1
    if future:
        return year if (month, day) >= (published_on.month, published_on.day) else year + 1
    return year if (month, day) <= (published_on.month, published_on.day) else year - 1


def _read_day(match, published_on, future):
    month = _month(match)
    day = int(match["d"])
    year = _year(match, "y", "y2") or _guess_year(month, day, published_on, future)
    return FuzzyDate.single(dt.date(year, month, day), Precision.DAY)


def _read_day_range(match, published_on, future):
    month = _month(match)
    first, last = int(match["d1"]), int(match["d2"])
    if last <= first:
        return None
    year = _year(match, "y") or _guess_year(month, last, published_on, future)
    return FuzzyDate(dt.date(year, month, first), dt.date(year, month, last), Precision.DAY)


def _read_month(match, published_on, future):
    month = _month(match)
    year = _year(match, "y")
    if year is None:
        prep = (match["prep"] or "").lower() if "prep" in match.re.groupindex else ""
        if prep == "last":
            year = published_on.year if month < published_on.month else published_on.year - 1
        elif prep == "next":
            year = published_on.year if month > published_on.month else published_on.year + 1
        elif prep == "this":
            year = published_on.year
        elif prep in {"since", "by"}:  # "since May" is past, "by December" a deadline to come
            year = _guess_year(month, None, published_on, prep == "by")
        else:
            year = _guess_year(month, None, published_on, future)
    return FuzzyDate.single(dt.date(year, month, 1), Precision.MONTH)


def _read_weekday(match, published_on, future):
    weekday = WEEKDAYS[match["w"].lower()]
    rel = (match["rel"] or "").lower()
    back = (published_on.weekday() - weekday) % 7
    ahead = (weekday - published_on.weekday()) % 7
    if rel == "last":
        day = published_on - dt.timedelta(days=back or 7)
    elif rel == "next":
        day = published_on + dt.timedelta(days=ahead or 7)
    elif future:
        day = published_on + dt.timedelta(days=ahead)
    else:
        day = published_on - dt.timedelta(days=back)
    return FuzzyDate.single(day, Precision.DAY)


def _read_relative(match, published_on, future):
    rel = match["rel"].lower()
    if rel == "yesterday":
        return FuzzyDate.single(published_on - dt.timedelta(days=1), Precision.DAY)
    unit = match["unit"].lower()
    step = {"last": -1, "past": -1, "next": 1}.get(rel, 0)
    if unit == "year":
        return FuzzyDate.single(dt.date(published_on.year + step, 1, 1), Precision.YEAR)
    month = published_on.month + step
    year = published_on.year + (month - 1) // 12
    return FuzzyDate.single(dt.date(year, (month - 1) % 12 + 1, 1), Precision.MONTH)


def _read_year(match, published_on, future):
    return FuzzyDate.single(dt.date(int(match["y"]), 1, 1), Precision.YEAR)


def _read_year_range(match, published_on, future):
    first, last = int(match["y1"]), int(match["y2"])
    if last <= first:
        return None
    return FuzzyDate(dt.date(first, 1, 1), dt.date(last, 12, 31), Precision.YEAR)


_READERS = {
    "day": _read_day,
    "day_range": _read_day_range,
    "month": _read_month,
    "weekday": _read_weekday,
    "relative": _read_relative,
    "year": _read_year,
    "year_range": _read_year_range,
}
