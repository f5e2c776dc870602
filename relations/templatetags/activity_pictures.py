"""``{% activity_chart activity %}``: a page's activity chart from its `PeriodCount` rows."""

from __future__ import annotations

from collections.abc import Sequence

from django import template
from django.utils.safestring import SafeString

from relations.activity import PeriodCount
from relations.pictures.activity import activity_chart as draw

register = template.Library()


@register.simple_tag
def activity_chart(counts: Sequence[PeriodCount] | None, title: str = "", uid: str = "") -> SafeString:
    """The chart, legend and table; ``title`` names it for screen readers ("Events between Pakistan
    and Türkiye"), ``uid`` keeps its element ids apart from another chart's on the same page."""
    return draw(counts or [], title=title or None, uid=uid or None)
