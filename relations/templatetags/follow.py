"""What the "Follow" row and the page head's feed links need: the page's filters as a query
string, and whether an event can be put on a calendar."""

from __future__ import annotations

from django import template

from relations.dates import FuzzyDate, Precision

register = template.Library()

# A page position, not a filter: a feed or a calendar is always the whole first page.
POSITION = ("before", "page")


@register.simple_tag(takes_context=True)
def filtered(context, url: str) -> str:
    """``url`` (a feed's, a calendar's) with the page's filters: ``/timeline/feed/?kind=visit``.
    Empty if ``url`` is (a route that does not exist: ``{% url … as name %}`` leaves it empty)."""
    if not url:
        return ""
    query = context["request"].GET.copy()
    for name in POSITION:
        query.pop(name, None)
    return f"{url}?{query.urlencode()}" if query else url


@register.filter
def on_days(date: FuzzyDate | None) -> bool:
    """Whether a calendar can show it: dated to the day or a range of days (a month or a year
    is never put on a day)."""
    return date is not None and date.precision == Precision.DAY
