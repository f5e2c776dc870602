"""Dates with a precision: the building block behind every date a user enters.

News reports dates as a day ("on Tuesday"), a month ("in July") or a year ("founded in 1975"),
sometimes approximately, and events span ranges (8–9 Sep 2025). A `FuzzyDate` keeps

* ``start``: the first possible day (what lists sort by);
* ``end``: the last possible day (the end of the month for "July 2025", the second day of a
  range), so that overlap filters need no knowledge of precision;
* ``precision``: Wikidata's scale, 9 = year, 10 = month, 11 = day; both ends of a range share it;
* ``approximate``: shown as "c." and written as EDTF's ``~``.

A day nobody reported is never invented: "2025-07" stays a month, and a month-precision value
whose start is not the first of its month is refused. This module knows nothing of models.

Two readers: `FuzzyDate.parse` takes EDTF only (the API, the seed, filters), `FuzzyDate.read`
takes what an editor types as people write dates (every date box of the admin) as well as EDTF:

* a day: "9 September 2025", "September 9, 2025", "9 Sept 2025", "2025-09-09";
* a month: "September 2025", "Sept. 2025", "2025-09"; a year: "2025";
* a range, both ends at the same precision, the first taking from the second what it leaves out:
  "8–9 September 2025" (en dash, hyphen or "to"), "September 8–9, 2025",
  "8 September – 2 October 2025", "July–August 2025", "2019–2021", "2025-09-08/2025-09-09";
* a third of a year: "early 2026" is January–April, "mid 2026" (or "mid-2026") May–August,
  "late 2026" September–December, each a month-precision range;
* "c.", "ca.", "circa", "about", "around" or EDTF's "~" mark the value approximate.

Case and extra spaces do not matter. A date without its year is refused (the year is never
guessed), and so are numeric forms such as 09/10/2025, which read as 9 October in most of the
world and as 10 September in the United States.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
from dataclasses import dataclass

__all__ = ["FuzzyDate", "InvalidDate", "Precision", "parse", "period_bounds", "read", "read_day"]


class Precision(enum.IntEnum):
    """Wikidata's date precision codes."""

    YEAR = 9
    MONTH = 10
    DAY = 11

    @property
    def label(self) -> str:
        return self.name.lower()


class InvalidDate(ValueError):
    """A value that is not a date this module accepts; its message is meant for the user."""


ACCEPTED_FORMS = "YYYY, YYYY-MM, YYYY-MM-DD or a range such as 2025-09-08/2025-09-09"

#: What `FuzzyDate.read` takes, as the messages name it.
HUMAN_FORMS = "9 September 2025, Sept 2025, 2025 or 2025-09-09"
HUMAN_RANGES = "8–9 September 2025, July–August 2025 or 2019–2021"

#: Month names and their abbreviations ("Sept" too), in lower case.
MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): n for n, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9

#: "early", "mid" and "late" split a year in three: their first and last month.
THIRDS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}

_PART = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?$")


def period_bounds(value: dt.date, precision: Precision) -> tuple[dt.date, dt.date]:
    """The first and last day of the year, month or day that contains ``value``."""
    if precision == Precision.YEAR:
        return dt.date(value.year, 1, 1), dt.date(value.year, 12, 31)
    if precision == Precision.MONTH:
        last = calendar.monthrange(value.year, value.month)[1]
        return dt.date(value.year, value.month, 1), dt.date(value.year, value.month, last)
    return value, value


def _parse_part(text: str) -> tuple[dt.date, Precision]:
    match = _PART.match(text.strip())
    if not match:
        raise InvalidDate(f"“{text.strip()}” is not a date. Use {ACCEPTED_FORMS}.")
    year, month, day = match["year"], match["month"], match["day"]
    try:
        if day is not None:
            return dt.date(int(year), int(month), int(day)), Precision.DAY
        if month is not None:
            return dt.date(int(year), int(month), 1), Precision.MONTH
        return dt.date(int(year), 1, 1), Precision.YEAR
    except ValueError:
        raise InvalidDate(f"“{text.strip()}” is not a real date.") from None


@dataclass(frozen=True, slots=True)
class FuzzyDate:
    start: dt.date
    end: dt.date
    precision: Precision
    approximate: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "precision", Precision(self.precision))
        if self.end < self.start:
            raise InvalidDate("The end of a date range cannot be before its start.")
        first, _ = period_bounds(self.start, self.precision)
        if first != self.start:
            raise InvalidDate(
                f"A {self.precision.label}-precision date cannot carry a "
                f"{'day' if self.precision == Precision.MONTH else 'month or day'}."
            )
        _, last = period_bounds(self.end, self.precision)
        if last != self.end:
            raise InvalidDate(f"The end of a {self.precision.label}-precision range is not whole.")

    # Construction -------------------------------------------------------------------------

    @classmethod
    def single(cls, value: dt.date, precision: Precision, approximate: bool = False) -> FuzzyDate:
        """The whole day, month or year that contains ``value``."""
        first, last = period_bounds(value, Precision(precision))
        return cls(first, last, precision, approximate)

    @classmethod
    def parse(cls, text: str) -> FuzzyDate:
        """Read ``2025``, ``2025-07``, ``2025-07-09`` or ``2025-09-08/2025-09-09``.

        A leading ``c.`` or ``~`` or a trailing ``~`` (EDTF) marks the value approximate. Both
        ends of a range must have the same precision.
        """
        raw = (text or "").strip()
        if not raw:
            raise InvalidDate(f"Enter a date: {ACCEPTED_FORMS}.")
        approximate = False
        lowered = raw.lower()
        for marker in ("c.", "ca.", "circa", "~"):
            if lowered.startswith(marker):
                approximate, raw = True, raw[len(marker) :].strip()
                break
        if raw.endswith("~"):
            approximate, raw = True, raw[:-1].strip()
        parts = re.split(r"\s*(?:/|\.\.)\s*", raw)
        if any(part.endswith("~") for part in parts):  # EDTF marks each end of a range
            approximate, parts = True, [part.removesuffix("~").strip() for part in parts]
        if len(parts) > 2 or not all(parts):
            raise InvalidDate(f"“{text.strip()}” is not a date. Use {ACCEPTED_FORMS}.")
        start, precision = _parse_part(parts[0])
        end = start
        if len(parts) == 2:
            end, end_precision = _parse_part(parts[1])
            if end_precision != precision:
                raise InvalidDate("Both ends of a date range must have the same precision.")
        return cls(start, period_bounds(end, precision)[1], precision, approximate)

    @classmethod
    def read(cls, text: str, *, ranges: bool = True) -> FuzzyDate:
        """What an editor types, as people write dates or as EDTF (see the module's docstring).
        Without ``ranges``, a range is refused with a message that says what to type instead."""
        return read(text, ranges=ranges)

    # Reading ------------------------------------------------------------------------------

    @property
    def is_range(self) -> bool:
        """True when the value spans more than one day, month or year of its precision."""
        return period_bounds(self.start, self.precision)[1] != self.end

    @property
    def last_start(self) -> dt.date:
        """The first day of the last period: the start of a range's second end."""
        return period_bounds(self.end, self.precision)[0]

    def overlaps(self, first: dt.date | None, last: dt.date | None) -> bool:
        """Whether any possible day of this value falls between ``first`` and ``last`` inclusive."""
        return (last is None or self.start <= last) and (first is None or self.end >= first)

    def edtf(self) -> str:
        """Extended Date/Time Format (ISO 8601-2): ``2025-07``, ``2025-09-08/2025-09-09``."""
        mark = "~" if self.approximate else ""
        text = _iso(self.start, self.precision) + mark
        if self.is_range:
            text += "/" + _iso(self.last_start, self.precision) + mark
        return text

    def display(self) -> str:
        """How people write it: "9 July 2025", "July 2025", "8–9 September 2025", "c. 1975"."""
        return "".join(part for part, _ in self.display_parts())

    def display_parts(self) -> list[tuple[str, str | None]]:
        """The display in pieces, each with the ISO value it shows (None for punctuation):
        ``[("8", "2025-09-08"), ("–", None), ("9 September 2025", "2025-09-09")]``."""
        parts: list[tuple[str, str | None]] = [("c. ", None)] if self.approximate else []
        if self.is_range:
            first, dash, last = _human_range(self.start, self.last_start, self.precision)
            parts += [
                (first, _iso(self.start, self.precision)),
                (dash, None),
                (last, _iso(self.last_start, self.precision)),
            ]
        else:
            parts.append((_human(self.start, self.precision), _iso(self.start, self.precision)))
        return parts

    def __str__(self) -> str:
        return self.display()


def parse(text: str) -> FuzzyDate:
    return FuzzyDate.parse(text)


_APPROXIMATE = re.compile(r"^(?:circa|about|around|ca\.?|c\.?)(?![a-z])\s*")
_NUMERIC = re.compile(r"^\d{1,2}\s*([./-])\s*\d{1,2}\s*\1\s*\d{2,4}$")  # 09/10/2025
_NUMERIC_MONTH = re.compile(r"^\d{1,2}\s*[./]\s*\d{4}$")  # 09/2025
_SLASHED_ISO = re.compile(r"^\d{4}\s*([./])\s*\d{1,2}\s*\1\s*\d{1,2}$")  # 2025/09/10
_TOKEN = re.compile(
    r"(?P<space>[\s,]+)"
    r"|(?P<iso>\d{4}-\d{1,2}(?:-\d{1,2})?)(?!\d)"
    r"|(?P<number>\d+)(?:st|nd|rd|th)?(?![a-z\d])"
    r"|(?P<third>early|mid|late)(?:\s*-\s*|\s+|(?=\d))"
    r"|(?P<word>[a-z]+)\.?"
    r"|(?P<dash>[-‐‑‒–—]|/|\.\.)"
)
_RANGE_WORDS = {"to", "until", "till", "through", "thru"}
_FILLER_WORDS = {"of"}


@dataclass(slots=True)
class _End:
    """One end of what was typed, with what it leaves out still unknown."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    third: str | None = None

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        return Precision.MONTH if self.month is not None or self.third else Precision.YEAR

    def bounds(self, text: str) -> tuple[dt.date, dt.date]:
        if self.year is None:
            raise InvalidDate(f"“{text}” has no year: write it in full, as in {HUMAN_FORMS}.")
        if self.third:
            first, last = THIRDS[self.third]
            last_month = dt.date(self.year, last, 1)
            return dt.date(self.year, first, 1), period_bounds(last_month, Precision.MONTH)[1]
        if self.day is not None and self.month is None:
            raise InvalidDate(f"“{text}” has no month: write it in full, as in {HUMAN_FORMS}.")
        try:
            value = dt.date(self.year, self.month or 1, self.day or 1)
        except ValueError:
            raise InvalidDate(f"“{text}” is not a real date.") from None
        return period_bounds(value, self.precision)


def _not_a_date(text: str, ranges: bool) -> InvalidDate:
    forms = f"{HUMAN_FORMS}, or a range such as {HUMAN_RANGES}" if ranges else HUMAN_FORMS
    return InvalidDate(f"“{text}” is not a date. Write it as {forms}.")


def _tokens(text: str, lowered: str, ranges: bool) -> list[tuple[str, str]]:
    found, position = [], 0
    while position < len(lowered):
        match = _TOKEN.match(lowered, position)
        if match is None:
            raise _not_a_date(text, ranges)
        position = match.end()
        kind = match.lastgroup
        value = match[kind].strip(" -‐‑‒–—") if kind == "third" else match[kind]
        if kind == "word" and value in _RANGE_WORDS:
            kind = "dash"
        if kind == "word" and value in _FILLER_WORDS or kind == "space":
            continue
        found.append((kind, value))
    return found


def _read_end(tokens: list[tuple[str, str]], text: str, ranges: bool) -> _End:
    """One end: an ISO date, or a day, a month name, a year and "early"/"mid"/"late" in one of
    the orders people write them ("9 September 2025", "September 9, 2025", "early 2026")."""
    end, shape = _End(), ""
    for kind, value in tokens:
        if kind == "iso":
            parts = [int(part) for part in value.split("-")]
            end.year, end.month = parts[0], parts[1]
            end.day = parts[2] if len(parts) == 3 else None
            shape += "I"
        elif kind == "number" and len(value) == 4:
            end.year, shape = int(value), shape + "Y"
        elif kind == "number" and len(value) <= 2:
            end.day, shape = int(value), shape + "D"
        elif kind == "word" and value in MONTHS:
            end.month, shape = MONTHS[value], shape + "M"
        elif kind == "third":
            end.third, shape = value, shape + "T"
        else:
            raise _not_a_date(text, ranges)
    if "T" in shape and shape not in {"T", "TY"}:
        raise InvalidDate(
            f"“{text}”: early, mid and late go with a year only (early 2026); "
            f"for part of a month, type its days, as in 1–10 September 2025."
        )
    if shape not in {"I", "Y", "TY", "T", "MY", "M", "DMY", "DM", "MDY", "MD", "D", "DY"}:
        raise _not_a_date(text, ranges)
    return end


def read(text: str, *, ranges: bool = True) -> FuzzyDate:
    """See `FuzzyDate.read`."""
    shown = " ".join((text or "").split())
    if not shown:
        raise InvalidDate(f"Enter a date, as in {HUMAN_FORMS}.")
    lowered = shown.lower()
    if _NUMERIC.match(lowered) or _NUMERIC_MONTH.match(lowered):
        raise _numeric(shown)
    if _SLASHED_ISO.match(lowered):
        raise InvalidDate(f"“{shown}”: write it with hyphens, 2025-09-10, or as 10 September 2025.")
    approximate = "~" in lowered
    lowered = lowered.replace("~", " ").strip()
    if marker := _APPROXIMATE.match(lowered):
        approximate, lowered = True, lowered[marker.end() :]
    tokens = _tokens(shown, lowered, ranges)
    cuts = [i for i, (kind, _) in enumerate(tokens) if kind == "dash"]
    if len(cuts) > 1 or not tokens or (cuts and cuts[0] in (0, len(tokens) - 1)):
        raise _not_a_date(shown, ranges)
    if cuts:
        first = _read_end(tokens[: cuts[0]], shown, ranges)
        last = _read_end(tokens[cuts[0] + 1 :], shown, ranges)
        # The first end takes from the second what it leaves out ("8–9 September 2025") and
        # the second from the first its month ("September 8–9, 2025").
        if first.year is None and last.year is not None:
            first.year = last.year
        if first.day is not None and first.month is None:
            first.month = last.month
        if last.day is not None and last.month is None:
            last.month = first.month
        if first.precision != last.precision:
            raise InvalidDate(
                f"“{shown}”: both ends of a date range must have the same precision "
                f"(two days, two months or two years)."
            )
        start, end = first.bounds(shown)[0], last.bounds(shown)[1]
        precision = first.precision
    else:
        only = _read_end(tokens, shown, ranges)
        (start, end), precision = only.bounds(shown), only.precision
    value = FuzzyDate(start, end, precision, approximate)
    if value.is_range and not ranges:
        raise _single_date_wanted(shown, value, tokens)
    return value


def _numeric(text: str) -> InvalidDate:
    """Day and month in figures are read both ways round around the world: never guessed."""
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    if len(numbers) == 2:
        month, year = numbers
        if not 1 <= month <= 12:
            month, year = 9, 2025
        return InvalidDate(
            f"“{text}”: write the month as a word, as in {calendar.month_name[month]} {year}, "
            f"or as {year:04d}-{month:02d}."
        )
    first, second, year = numbers
    readings = [
        (f"{day} {calendar.month_name[month]} {year}", f"{year:04d}-{month:02d}-{day:02d}")
        for day, month in dict.fromkeys(((first, second), (second, first)))
        if 1 <= month <= 12 and 1 <= day <= 31 and year >= 1000
    ] or [("9 October 2025", "2025-10-09")]
    (words, iso), *other = readings
    could = f" could be {words} or {other[0][0]}" if other else ""
    return InvalidDate(f"“{text}”{could}: write the month as a word, as in {words}, or use ISO: {iso}.")


def _single_date_wanted(text: str, value: FuzzyDate, tokens: list[tuple[str, str]]) -> InvalidDate:
    if any(kind == "third" for kind, _ in tokens):
        last = _human(value.last_start, value.precision)
        return InvalidDate(
            f"“{text}” would read as {value.display()}, a range, and this box takes a single date: "
            f"type one month, such as {last}, or the year, {value.end.year}."
        )
    return InvalidDate(f"Enter a single date here, not a range. “{text}” reads as {value.display()}.")


def read_day(text: str) -> dt.date:
    """A single whole day, read as `FuzzyDate.read` reads it, for boxes that need the day."""
    value = read(text, ranges=False)
    if value.approximate:
        raise InvalidDate(f"“{' '.join(text.split())}”: this date cannot be approximate; give the day.")
    if value.precision != Precision.DAY:
        raise InvalidDate(
            f"“{' '.join(text.split())}” is a {value.precision.label}; this date needs the day, "
            f"as in 9 September 2025 or 2025-09-09."
        )
    return value.start


def parse_bound(text: str, *, end: bool) -> dt.date:
    """A filter bound (``from``/``to``): the first day of ``text``, or its last day if ``end``."""
    value = FuzzyDate.parse(text)
    if value.is_range or value.approximate:
        raise InvalidDate(f"Use a single date: YYYY, YYYY-MM or YYYY-MM-DD, not “{text}”.")
    return value.end if end else value.start


def _iso(value: dt.date, precision: Precision) -> str:
    if precision == Precision.YEAR:
        return f"{value.year:04d}"
    if precision == Precision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def _human(value: dt.date, precision: Precision) -> str:
    month = calendar.month_name[value.month]
    if precision == Precision.YEAR:
        return str(value.year)
    if precision == Precision.MONTH:
        return f"{month} {value.year}"
    return f"{value.day} {month} {value.year}"


def _human_range(first: dt.date, last: dt.date, precision: Precision) -> tuple[str, str, str]:
    """Shares what both ends share: ("8", "–", "9 September 2025"), ("2019", "–", "2021")."""
    month = calendar.month_name
    if precision == Precision.DAY and (first.year, first.month) == (last.year, last.month):
        return str(first.day), "–", f"{last.day} {month[last.month]} {last.year}"
    if precision == Precision.DAY and first.year == last.year:
        return f"{first.day} {month[first.month]}", " – ", f"{last.day} {month[last.month]} {last.year}"
    if precision == Precision.MONTH and first.year == last.year:
        return month[first.month], "–", f"{month[last.month]} {last.year}"
    if precision == Precision.YEAR:
        return str(first.year), "–", str(last.year)
    return _human(first, precision), " – ", _human(last, precision)
