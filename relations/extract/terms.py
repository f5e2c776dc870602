"""What a pledge sentence says of its terms: when it is due, and a target that is not money.

- The due date is a date of the sentence (`relations.extract.dates`, read as that module reads
  it, with its precision) written as a deadline: "by 2030", "before June", "until the end of
  2026", "by early 2026"; else a span of time from the meeting: "within three years", "within 90
  days", "over the next ten years" (counted from the meeting's day, to the month for months and
  years, to the day for days and weeks); else a date after the meeting that the sentence gives
  for it ("to be opened in December 2026"). Never a date from which something starts ("from
  2027", "since 2019") or one before the meeting.
- A target that is not money is a figure written after the verb of commitment, with what it
  counts: "5,000 scholarships" (units), "200 customs officers" (people), "a 50% rise",
  "60% of tariff lines" (percent), "10 MW", "1.2 GW" (megawatts), "2 million tonnes",
  "120 kilometres", "50,000 barrels a day". Figures in words ("five vessels") are not read:
  "the two governments" would be one.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from relations.dates import FuzzyDate, Precision
from relations.extract.dates import FoundDate

_DEADLINE = re.compile(
    r"(?:\b(?:by|before|until|till|no\s+later\s+than|not\s+later\s+than|ahead\s+of)\s+(?:the\s+)?"
    r"(?:(?:end|close|middle)\s+of\s+(?:the\s+)?)?(?:early|late|mid)?[\s-]*)$",
    re.IGNORECASE,
)
_STARTS_AS_DEADLINE = re.compile(r"^(?:by|before|until|till|end\s+of)\b", re.IGNORECASE)
_FROM = re.compile(r"^(?:from|since|after)\b", re.IGNORECASE)
_FROM_BEFORE = re.compile(r"\b(?:from|since|after|starting|as\s+of|effective)\s+(?:the\s+)?$", re.IGNORECASE)
_NUMBER_WORDS = {
    word: n
    for n, word in enumerate(
        "a one two three four five six seven eight nine ten eleven twelve".split(), start=0
    )
} | {"a": 1, "an": 1, "fifteen": 15, "twenty": 20, "thirty": 30}
_SPAN_OF_TIME = re.compile(
    r"\b(?P<lead>within|in\s+the\s+next|over\s+the\s+next|over|in\s+the\s+coming|over\s+the\s+coming)\s+"
    r"(?:a\s+period\s+of\s+)?(?P<n>\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
    r"\s+(?P<unit>years?|months?|weeks?|days?)\b",
    re.IGNORECASE,
)


# What sets a clause apart from the verb of commitment before it: a clause that only describes
# ("…, which has driven 4 million refugees"), another subject ("while Ghana pledged").
CLAUSE_BREAK = re.compile(
    r"[;:—]|,\s*(?:which|who|whose|where|when)\b|\b(?:while|whereas|but|after|since)\b", re.IGNORECASE
)


@dataclass
class Due:
    text: str  # as written
    date: FuzzyDate


def find_due(text: str, start: int, end: int, dates: list[FoundDate], reference: dt.date) -> Due | None:
    """When the pledge in ``text[start:end]`` is due, as the sentence says; ``dates`` are the
    article's, ``reference`` the meeting's day (else the publication day)."""
    inside = [d for d in dates if start <= d.start < end and d.date.end >= reference]
    for found in inside:
        before = text[max(start, found.start - 40) : found.start]
        deadline = _DEADLINE.search(before)
        if _STARTS_AS_DEADLINE.match(found.text):
            return Due(found.text, found.date)
        if deadline and deadline.group().strip():
            return Due(text[found.start - len(deadline.group()) : found.end], found.date)
    for match in _SPAN_OF_TIME.finditer(text, start, end):
        count = match["n"].lower()
        number = int(count) if count.isdigit() else _NUMBER_WORDS[count]
        if number <= 0:
            continue
        date = _after(reference, number, match["unit"].lower().rstrip("s"))
        if date is not None:
            return Due(match.group(), date)
    for found in inside:
        # A day within the week of the meeting is the meeting's or its statement's.
        later = found.date.start > reference + dt.timedelta(days=7)
        starts = _FROM.match(found.text) or _FROM_BEFORE.search(
            text, max(start, found.start - 16), found.start
        )
        if later and not starts:
            return Due(found.text, found.date)
    return None


def _after(reference: dt.date, number: int, unit: str) -> FuzzyDate | None:
    """The month (for months and years) or the day (for weeks and days) ``number`` units after."""
    if unit in {"day", "week"}:
        days = number * (7 if unit == "week" else 1)
        return FuzzyDate.single(reference + dt.timedelta(days=days), Precision.DAY)
    months = reference.year * 12 + reference.month - 1 + number * (12 if unit == "year" else 1)
    year, month = divmod(months, 12)
    if year > dt.MAXYEAR:
        return None
    day = min(reference.day, calendar.monthrange(year, month + 1)[1])
    return FuzzyDate.single(dt.date(year, month + 1, day), Precision.MONTH)


@dataclass
class Quantity:
    value: Decimal
    unit: str  # a `relations.models.targets.Unit` value
    measure: str  # what is counted or measured: "scholarships", "tariff lines"
    text: str  # as written
    start: int
    end: int


# People counted by what they are: "200 customs officers" is 200 people, measured "customs officers".
PEOPLE = {
    "people", "persons", "workers", "nurses", "doctors", "teachers", "students", "engineers",
    "technicians", "officers", "officials", "instructors", "trainees", "soldiers", "troops",
    "police", "policemen", "experts", "scientists", "researchers", "farmers", "refugees",
    "migrants", "apprentices", "diplomats", "staff", "employees", "jobs", "scholars", "pilots",
    "medics", "specialists", "volunteers", "graduates", "cadets", "judges", "prosecutors",
    "interns", "fellows", "professionals", "labourers", "laborers", "caregivers", "midwives",
}  # fmt: skip
# What a figure never counts as a target: time, money words, and a ranking.
_NOT_COUNTED = {
    "years", "year", "months", "month", "weeks", "week", "days", "day", "hours", "minutes",
    "per", "percent", "times", "countries", "nations", "sides", "governments", "ministers",
    "leaders", "delegations", "billion", "million", "trillion", "thousand", "crore", "lakh",
    "am", "pm", "and", "or", "to", "of", "in", "on", "at", "by", "for", "from", "the", "a",
}  # fmt: skip
_FIGURE = r"(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s*(?P<scale>thousand|million|billion))?"
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9}
# A word of what a percentage measures: "rise in bilateral trade", not "… by 2027".
_WORD = r"(?!(?:by|to|from|in|of|on|within|over|before|until|and|or|for|at|with)\b)[\w-]+"
_MEASURED = [
    (
        re.compile(
            rf"{_FIGURE}\s*(?:%|per\s?cent\b)(?:\s+(?P<after>(?!of\b)[a-z]+(?:\s+in\s+{_WORD}(?:\s+{_WORD})?)?))?"
            r"(?:\s+of\s+(?P<of>(?:[\w'’-]+\s+){0,3}?[\w'’-]+?)(?=[,.;]|\s+(?:in|by|from|over|and|to|with|for|within)\b|$))?",
            re.IGNORECASE,
        ),
        "percent",
        1,
    ),
    (re.compile(rf"{_FIGURE}\s*(?:MW|megawatts?)\b", re.IGNORECASE), "megawatts", 1),
    (re.compile(rf"{_FIGURE}\s*(?:GW|gigawatts?)\b", re.IGNORECASE), "megawatts", 1000),
    (
        re.compile(rf"{_FIGURE}\s*(?:barrels?\s+(?:a|per)\s+day|bpd|b/d)\b", re.IGNORECASE),
        "barrels_per_day",
        1,
    ),
    (re.compile(rf"{_FIGURE}[\s-]*(?:metric\s+)?(?:tonnes|tons|tonne|ton)\b", re.IGNORECASE), "tonnes", 1),
    (re.compile(rf"{_FIGURE}[\s-]*(?:km|kilomet(?:re|er)s?)\b", re.IGNORECASE), "kilometres", 1),
    (re.compile(rf"{_FIGURE}[\s-]*(?:hectares?|ha)\b", re.IGNORECASE), "hectares", 1),
]
_MEASURE_NAMES = {
    "megawatts": "capacity",
    "barrels_per_day": "",
    "tonnes": "",
    "kilometres": "",
    "hectares": "",
}
# "5,000 scholarships", "200 Swazi engineers", "80,000 refugees", "5,000 Vietnamese nurses and technicians".
_COUNTED = re.compile(
    rf"(?<![\w.,$€£¥₹]){_FIGURE}\s+(?P<words>(?:(?:more|new|additional|extra|[A-Z][a-z]+)\s+)?"
    r"(?:[a-z][a-z-]+\s+)?[a-z][a-z-]+s)\b(?P<and>\s+and\s+[a-z][a-z-]+s\b)?"
)


def find_target(
    text: str, start: int, end: int, verbs: list[int], taken: list[tuple[int, int]]
) -> Quantity | None:
    """The first figure that is not money in ``text[start:end]`` in the clause of a verb of
    commitment (``verbs``: where each ends) after it, outside the ``taken`` spans (amounts of
    money, dates). In "from 145% to 30%", the figure reached."""
    found: list[Quantity] = []

    def free(s: int, e: int) -> bool:
        tied = any(verb <= s and not CLAUSE_BREAK.search(text, verb, s) for verb in verbs)
        return tied and not any(ts < e and s < te for ts, te in taken)

    for pattern, unit, factor in _MEASURED:
        for match in pattern.finditer(text, start, end):
            if not free(*match.span()) or re.search(
                r"\bfrom\s+$", text[max(start, match.start() - 6) : match.start()]
            ):
                continue
            value = _value(match) * factor
            if unit == "percent":
                after_word = (match["after"] or "").split(" ")[0].lower()
                measure = match["after"] if after_word and after_word not in _NOT_COUNTED else ""
                measure = measure or match["of"] or ""
            else:
                measure = _MEASURE_NAMES[unit]
            written = match.group()
            written = re.sub(r"\s+(?:to|from|and|in|by|on|for|at|with)$", "", written.strip())
            found.append(Quantity(value, unit, measure, written, match.start(), match.start() + len(written)))
    for match in _COUNTED.finditer(text, start, end):
        words = match["words"].split()
        noun = words[-1].lower()
        if not free(*match.span()) or noun in _NOT_COUNTED or any(w.lower() in _NOT_COUNTED for w in words):
            continue
        if any(q.start <= match.start() < q.end for q in found):
            continue
        if re.fullmatch(r"(?:1[89]|20|21)\d\d", match["n"]):
            continue  # a year: "the 2019 agreement"
        measure = " ".join(w for w in words if w.lower() not in {"more", "new", "additional", "extra"})
        measure += match["and"] or ""
        people = noun in PEOPLE or bool(match["and"] and match["and"].split()[-1].lower() in PEOPLE)
        found.append(
            Quantity(_value(match), "people" if people else "units", measure, match.group(), *match.span())
        )
    return min(found, key=lambda q: q.start) if found else None


def _value(match: re.Match) -> Decimal:
    value = Decimal(match["n"].replace(",", "")) * _SCALES.get((match["scale"] or "").lower(), 1)
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value
