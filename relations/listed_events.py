"""Events as the feeds and calendars read them: `Event.objects.listed()` rows as dictionaries
(``.values()``), each wrapped in a `ListedEvent` that answers what those files ask of an event
(its title, date, kind, commission, status, place, countries, key participants, summary,
pledges, source and last change) with no model instance per event, kind or commission.
"""

from __future__ import annotations

from typing import NamedTuple

from django.db.models import QuerySet

from relations.dates import FuzzyDate
from relations.models import Event
from relations.paths import event_url

#: What a `ListedEvent` reads: the event's own columns, its kind's and commission's names, and
#: the annotations of `EventQuerySet.listed()`.
FIELDS = (
    "pk",
    "slug",
    "title",
    "summary",
    "status",
    "place",
    "session_number",
    "updated_at",
    "date_start",
    "date_end",
    "date_precision",
    "date_approximate",
    "kind__name",
    "commission__name",
    "country_rows",
    "participant_rows",
    "place_name",
    "pledge_count",
    "has_source",
)

STATUSES = dict(Event.Status.choices)


class Named(NamedTuple):
    name: str


class ListedEvent:
    """An event read by `rows`: what `Event` answers for the same row of `listed()`."""

    __slots__ = (
        "pk",
        "slug",
        "title",
        "summary",
        "status",
        "place",
        "session_number",
        "updated_at",
        "date",
        "kind",
        "commission",
        "country_rows",
        "participant_rows",
        "place_name",
        "pledge_count",
        "has_source",
    )

    def __init__(self, row: dict) -> None:
        self.pk = row["pk"]
        self.slug = row["slug"]
        self.title = row["title"]
        self.summary = row["summary"]
        self.status = row["status"]
        self.place = row["place"]
        self.session_number = row["session_number"]
        self.updated_at = row["updated_at"]
        start = row["date_start"]
        self.date = (
            FuzzyDate(start, row["date_end"], row["date_precision"], row["date_approximate"])
            if start is not None
            else None
        )
        self.kind = Named(row["kind__name"])
        commission = row["commission__name"]
        self.commission = Named(commission) if commission is not None else None
        self.country_rows = row["country_rows"]
        self.participant_rows = row["participant_rows"]
        self.place_name = row["place_name"]
        self.pledge_count = row["pledge_count"]
        self.has_source = row["has_source"]

    def get_absolute_url(self) -> str:
        return event_url(self.slug)

    def get_status_display(self) -> str:
        return STATUSES.get(self.status, self.status)

    listed_countries = Event.listed_countries
    key_participants = Event.key_participants


def rows(events: QuerySet) -> QuerySet:
    """``events`` (from `Event.objects.listed()`, filtered and ordered, not yet sliced) as the
    dictionaries a `ListedEvent` reads."""
    return events.values(*FIELDS)


def listed(rows: QuerySet | list[dict]) -> list[ListedEvent]:
    return [ListedEvent(row) for row in rows]
