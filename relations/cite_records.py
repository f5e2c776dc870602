"""The records a citation is built from, read as the cite section and its downloads need them.

Each citation points at a permanent URL: a pledge's page is found by its id already, but an
event's or commission's slug can be edited (admin and API), so theirs is an id-based address
that redirects to the current slug (`relations:event-permalink`, `relations:commission-permalink`).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from relations.citing import Citable, commission_citable, event_citable, pledge_citable
from relations.models import Citation, Commission, Event, Pledge, PledgeStatusChange, Source

#: Makes a path absolute (``request.build_absolute_uri``).
Absolute = Callable[[str], str]


def _citations() -> Prefetch:
    return Prefetch("citations", queryset=Citation.objects.select_related("source").order_by("pk"))


def events_for_citing() -> QuerySet[Event]:
    """An event with its sources: two queries."""
    return Event.objects.prefetch_related(_citations())


def pledges_for_citing() -> QuerySet[Pledge]:
    """A pledge with its own sources and those of its status changes: four queries."""
    changes = PledgeStatusChange.objects.order_by("as_of_start", "pk").prefetch_related(_citations())
    return Pledge.objects.prefetch_related(_citations(), Prefetch("status_changes", queryset=changes))


def commission_sources(commission: Commission) -> QuerySet[Source]:
    """The sources cited for the commission's sessions, oldest first: one query."""
    return (
        Source.objects.filter(citations__event__commission=commission)
        .distinct()
        .order_by("published_on_start", "pk")
    )


def citable(record: Event | Pledge | Commission, absolute: Absolute) -> Citable:
    """The citation of an event, pledge or commission read as above (or as its page reads it)."""
    if isinstance(record, Event):
        url = absolute(reverse("relations:event-permalink", args=[record.pk]))
        return event_citable(record, url=url)
    if isinstance(record, Pledge):
        return pledge_citable(record, url=absolute(record.get_absolute_url()))
    if isinstance(record, Commission):
        url = absolute(reverse("relations:commission-permalink", args=[record.pk]))
        return commission_citable(record, url=url, sources=commission_sources(record))
    raise TypeError(f"{type(record).__name__} records are not cited.")
