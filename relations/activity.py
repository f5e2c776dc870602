"""How active a pair of countries or a country has been: events per quarter, by kind and tone.

The activity charts and summaries read these rows. `PeriodCount` is the one shape they share.
A year-precision event ("in 2019") belongs to no quarter: it is counted in its year
(``year_only``), and charts draw it over the whole year, never in its first quarter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class PeriodCount:
    """How many events of one kind fell in one quarter (or, ``year_only``, somewhere in a year)."""

    start: dt.date  # the first day of the quarter; of the year when ``year_only``
    kind: str  # the event kind's slug ("visit")
    kind_name: str  # as pages show it ("visit")
    tone: str  # the kind's tone: "cooperation", "neutral" or "conflict"
    events: int
    year_only: bool = False

    @property
    def end(self) -> dt.date:
        """The last day of the quarter (of the year when ``year_only``)."""
        if self.year_only:
            return dt.date(self.start.year, 12, 31)
        month = self.start.month + 3
        year = self.start.year + (month > 12)
        return dt.date(year, (month - 1) % 12 + 1, 1) - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        """ "2025 Q3", or "2025" for a year-only count."""
        if self.year_only:
            return str(self.start.year)
        return f"{self.start.year} Q{(self.start.month - 1) // 3 + 1}"


def quarter_start(day: dt.date) -> dt.date:
    """The first day of the quarter that holds ``day``."""
    return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
