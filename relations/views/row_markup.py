"""The markup of rows that the commission and official pages repeat, built in Python.

A template renders a row through dozens of variable lookups, filters and an ``{% include %}``
per country: on the commissions list (120 rows) that was most of the page's 60 ms. These
functions write the same HTML, character for character, as the template fragments they stand
for (named in each docstring); every value is escaped as the template escaped it.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from relations.dates import FuzzyDate
from relations.paths import country_url
from relations.templatetags.tracker import flag, fuzzy_time


class _Code:
    """What the `flag` filter reads of a country: its code."""

    __slots__ = ("code",)

    def __init__(self, code: str) -> None:
        self.code = code


def country_link(code: str, name: str) -> str:
    """relations/includes/_country_link.html for the country ``code`` named ``name``."""
    href = escape(country_url(code.lower()))
    return f'<a class="country" href="{href}">{flag(_Code(code))}{escape(name)}</a>'


@lru_cache(maxsize=8192)
def date_html(start: dt.date, end: dt.date, precision: int, approximate: bool) -> SafeString:
    """``{{ date|fuzzy_time }}`` for a date read as its four columns (a pure function of them,
    kept for the process: a page repeats the same dates)."""
    return fuzzy_time(FuzzyDate(start, end, precision, approximate))


def optional_date_html(start, end, precision, approximate) -> str:
    """`date_html`, or "—" for a date that is not set, as `fuzzy_time` writes None."""
    return "—" if start is None else date_html(start, end, precision, approximate)


def safe(text: str) -> SafeString:
    return mark_safe(text)  # noqa: S308 - built from escaped values only
