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
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
from dataclasses import dataclass

__all__ = ["FuzzyDate", "InvalidDate", "Precision", "parse", "period_bounds"]


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
