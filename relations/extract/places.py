"""The meeting an article reports: the day it took place and the city it took place in.

- A dateline ("DOHA, Oct 4 –", "BONN, June 13 (Reuters) -") opens the body: its city is the
  place when the text names no other place for the meeting, and its day is the day the report
  was filed, never the meeting's: weekdays ("on Thursday") are counted back from it.
- The place is a city (from `cities.tsv`, GeoNames' places of 20,000 people or more and every
  capital) written after "in", "at" or "to" where the sentence speaks of the meeting before it
  ("talks in Abidjan", "signed the agreement in Santo Domingo", "a visit to Hanoi"), in the
  body's first sentence, or its first four when there is no dateline; else the dateline's city.
  A sentence about another meeting of the series ("the previous summit") names no place. A city
  that shares its name with a country is the country unless it is that country's own city ("in
  Jordan" is no city; "in Singapore" is).
- The day is the first day the body gives that is not in the future; a range of days given for
  the meeting ("held from 10 to 14 March", "talks on 10–11 May") that holds it or ends just
  before it is the meeting's instead. With no day, the first month in the lead sentence.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple

from relations.dates import Precision
from relations.extract.dates import MONTHS, FoundDate
from relations.names import fold

CITIES = Path(__file__).with_name("cities.tsv")


class City(NamedTuple):
    name: str
    country: str
    population: int


@cache
def cities() -> dict[str, City]:
    """Folded name -> the city of that name (the capital, else the most populous)."""
    found = {}
    # Forty thousand small objects at once: the collector would walk the whole heap many times
    # over while they are made, and none of them can be garbage.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for line in CITIES.read_text(encoding="utf-8").splitlines():
            if line and line[0] != "#":
                name, country, population, *_ = line.split("\t")
                found[fold(name)] = City(name, country, int(population))
    finally:
        if collecting:
            gc.enable()
    return found


@dataclass
class Dateline:
    city: str  # as written
    start: int  # the city's span
    end: int
    after: int  # where the body proper starts, after the dateline
    day: dt.date | None = None


_DATELINE = re.compile(
    r"^(?P<city>[A-ZÀ-Þ][A-ZÀ-Þ'’.\- ]+?)(?:,\s+[A-Z][\w.' ]+?)?,\s+"
    r"(?P<month>[A-Z][a-z]{2,8})\.?\s+(?P<day>[0-3]?\d)(?:,\s+\d{4})?(?:\s*\([^)\n]{1,40}\))?\s*[–—-]+\s",
    re.MULTILINE,
)


def find_dateline(text: str, body_start: int, published_on: dt.date) -> Dateline | None:
    """The dateline at the start of the body's first line, with its day (the latest such day on
    or before publication)."""
    match = _DATELINE.search(text, body_start)
    if not match or text[body_start : match.start()].strip():
        return None
    month = MONTHS.get(match["month"].lower())
    day = None
    if month:
        try:
            day = dt.date(published_on.year, month, int(match["day"]))
            if day > published_on:
                day = day.replace(year=day.year - 1)
        except ValueError:
            day = None
    return Dateline(match["city"].strip().title(), match.start("city"), match.end("city"), match.end(), day)


_BYLINE_START = re.compile(
    r"^\s*(?:By\s+[A-Z]|(?:First\s+|Last\s+)?(?:Published|Updated|Posted|Modified)\b|Reporting\s+by\b)",
)
# The words a line that only dates the report is made of: "Tue 9 Sep 2025, 10:41 PM PKT".
_DATE_LINE_WORDS = re.compile(
    r"(?i:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|am|pm|gmt|utc|on|at|updated|published|"
    r"posted|last|first)|[A-Z]{2,5}|\d+(?:st|nd|rd|th)?|[^\w\s]"
)


def find_bylines(text: str, body_start: int) -> list[tuple[int, int]]:
    """The lines near the top that name the writer or date the report rather than tell it ("By
    Staff Reporter", "Published: 9 September 2025", "September 9, 2025 10:41 PM"): what they
    say is about the report, not the meeting. The first three lines of the body, and any lines
    before it."""
    found = []
    seen = 0
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        if not line.strip():
            continue
        if match.start() >= body_start:
            seen += 1
            if seen > 3:
                break
        if len(line) > 120:
            continue
        words = _DATE_LINE_WORDS.sub(" ", line).split()
        if _BYLINE_START.match(line) or (not words and re.search(r"\d", line)):
            found.append(match.span())
    return found


# What a clause says of the meeting before its place: "talks in", "signed … in", "a visit to".
_MEETING_WORDS = re.compile(
    r"\b(?:met|meet|meets|meeting|talks|held|hold|holds|signed|signing|initialled|summit|council|"
    r"session|round|consultations|negotiations|conference|visit|visited|visiting|trip|travelled|"
    r"traveled|arrived|hosted|gathered|convened|co-chaired|chaired|residence|ceremony|forum)\b",
    re.IGNORECASE,
)
_PLACE = re.compile(
    r"\b(?:in|at|to)\s+(?P<place>[A-ZÀ-Þ][\w'’\-]*(?:\s+(?:[A-ZÀ-Þ][\w'’\-]*|de|del|el|es|al)){0,3})"
)
_LEAD_SENTENCES = 4
# A sentence about another meeting of the series: "The first summit was held in Riyadh".
_OTHER_MEETING = re.compile(
    r"\b(?:first|previous|last|next|earlier|former)\s+(?:\w+\s+)?(?:summit|meeting|round|session|talks)\b",
    re.IGNORECASE,
)


def find_place(
    text: str, sentences: list[tuple[int, int]], dateline: Dateline | None, mentions
) -> tuple[str, str, tuple[int, int]] | None:
    """(city as written, ISO code, span) of the meeting, or None."""
    for index, (start, end) in enumerate(sentences[:_LEAD_SENTENCES]):
        if index and dateline:
            break  # past the lead, the dateline's city is the likelier place
        for match in _PLACE.finditer(text, start, end):
            before = text[start : match.start()]
            clause = re.split(r"[,;:(]|\bwhich\b|\bwho\b", before)[-1]
            if not _MEETING_WORDS.search(before) or re.search(r"\b(?:since|from)\b", clause[-25:]):
                continue
            if _OTHER_MEETING.search(before):
                continue
            city = _city(match["place"], match.start("place"), mentions)
            if city:
                written, found = city
                return written, found.country, (match.start("place"), match.start("place") + len(written))
    if dateline:
        city = cities().get(fold(dateline.city))
        if city:
            return dateline.city, city.country, (dateline.start, dateline.end)
    return None


def _city(words: str, position: int, mentions) -> tuple[str, City] | None:
    """The longest run of ``words`` from its start that is a city, not a country's name."""
    parts = words.split()
    for length in range(len(parts), 0, -1):
        written = " ".join(parts[:length])
        city = cities().get(fold(written))
        if city is None:
            continue
        end = position + len(written)
        country = [m for m in mentions if m.start < end and position < m.end]
        if country and country[0].code != city.country:
            return None
        return written, city
    return None


_RANGE_FOR_MEETING = re.compile(
    r"\b(?:held|talks|meeting|meetings|round|session|sessions|summit|consultations|conference|"
    r"negotiations|met|council)\b(?![^,;]*\b(?:visit|trip|tour)\b)[^.;]{0,60}$",
    re.IGNORECASE,
)


def meeting_day(text: str, dates: list[FoundDate], body_start: int, dateline: Dateline | None, lead_end: int):
    """The day of the meeting among ``dates`` (in text order, each read against the dateline's
    day), or None."""
    reference = dateline.day if dateline else None
    after = dateline.after if dateline else body_start
    past = [d for d in dates if d.start >= after and (reference is None or d.date.start <= reference)]
    days = [d for d in past if d.date.precision == Precision.DAY]
    if not days:
        months = [d for d in past if d.date.precision == Precision.MONTH and d.start < lead_end]
        return months[0] if months else None
    first = next((d for d in days if d.date.start == d.date.end), days[0])
    for found in days:
        if found.date.start == found.date.end:
            continue
        line_start = text.rfind("\n", 0, found.start) + 1
        if not _RANGE_FOR_MEETING.search(text[max(line_start, found.start - 80) : found.start]):
            continue
        if found.date.start <= first.date.start and (first.date.start - found.date.end).days <= 3:
            return found
    return first
