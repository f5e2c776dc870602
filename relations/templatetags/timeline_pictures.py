"""The visual timeline above a page's list, and the list's rows nested by the events they belong with."""

from django import template
from django.utils.safestring import SafeString

from relations import rows
from relations.models.event_related import TimelineRow, timeline_rows
from relations.pictures.timeline import visual_timeline as draw_timeline

register = template.Library()


@register.simple_tag
def visual_timeline(events) -> SafeString:
    """``{% visual_timeline page.items %}``: the picture of the events the page already read
    (events from `Event.objects.for_list()`, or participations with their events); no query."""
    return draw_timeline(events)


@register.filter
def nested_rows(events) -> list[TimelineRow]:
    """The events as `TimelineRow`s, each child under its parent when both are on the page, each
    with the first part of its row (relations/rows.py: stored, or rendered and stored now)."""
    return rows.with_heads_of(timeline_rows(events))


@register.simple_tag
def event_rows(listed, between="") -> SafeString:
    """``{% event_rows group.list between %}``: these rows (from `nested_rows`) as the list shows
    them; on a pair's page, ``between`` names the pair ("Pakistan and Türkiye")."""
    return rows.rows_html(listed, between)
