"""The events' list query (`EventQuerySet.for_list`), built once per process.

Building it costs more than the rest of the timeline's Python put together (about 10 ms: its
JSON subqueries resolve their fields and expressions one by one), and it depends on nothing but
the code: no date, no setting, no row. Each request gets its own clone of the one built here,
which it filters and reads as it would a new one; the clone's filters never reach the built
query.
"""

from __future__ import annotations

from relations.models import Event
from relations.models.event_queries import EventQuerySet

_built: EventQuerySet | None = None


def events_for_list() -> EventQuerySet:
    """``Event.objects.for_list()``, a new QuerySet each call, at the cost of a clone."""
    global _built
    if _built is None:
        _built = Event.objects.for_list()
    return _built.all()
