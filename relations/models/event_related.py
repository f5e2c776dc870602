"""The events an event belongs with, as a list reads them: its parent and children (a visit and the
meetings held during it), its links either way (follow-ups, context, responses), and the pledges
made again at it, each with the event where it was first made.

`EventQuerySet.with_related()` and `with_reaffirmed()` read them as JSON in the events' own query;
`related_events` and `pledged_again` turn that JSON into `RelatedEvent` and `PledgedAgain` tuples
and `timeline_rows` nests a page's events, a child under its parent when both are on the page.
No query and no model instance per related event or pledge.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from relations.dates import FuzzyDate
from relations.paths import event_url, pledge_url


class Relation(NamedTuple):
    key: str  # "parent", "child", or an EventLink kind
    label: str  # how a row introduces the other event: "Context for"


PARENT = Relation("parent", "Part of")
CHILD = Relation("child", "Includes")
# An EventLink reads from its first event ("A is context for B"); seen from B, the other way.
LINK_OUT = {
    "follow_up": Relation("follow_up", "Follow-up of"),
    "context": Relation("context", "Context for"),
    "response": Relation("response", "Response to"),
    "related": Relation("related", "Related to"),
}
LINK_IN = {
    "follow_up": Relation("follow_up", "Followed up by"),
    "context": Relation("context", "In the context of"),
    "response": Relation("response", "Answered by"),
    "related": Relation("related", "Related to"),
}


class RelatedEvent(NamedTuple):
    """Another event, as one row's JSON names it."""

    relation: Relation
    id: int
    slug: str
    title: str
    date: FuzzyDate
    outgoing: bool  # for a link: whether this event is its first end (parent: the child is)

    def get_absolute_url(self) -> str:
        return event_url(self.slug)


def _date(row: dict) -> FuzzyDate:
    return FuzzyDate(
        dt.date.fromisoformat(row["start"]),
        dt.date.fromisoformat(row["end"]),
        row["precision"],
        bool(row["approximate"]),
    )


class PledgedAgain(NamedTuple):
    """A pledge made again at an event, as that event's row names it, with its first making: the
    pledge's own event."""

    id: int
    title: str
    note: str
    first_slug: str
    first_title: str
    first_date: FuzzyDate

    def get_absolute_url(self) -> str:
        return pledge_url(self.id)

    def first_url(self) -> str:
        return event_url(self.first_slug)


def pledged_again(event) -> list[PledgedAgain]:
    """The pledges made again at ``event``, in the order they were first made; [] for an event
    not read through `with_reaffirmed()`."""
    return [
        PledgedAgain(row["pledge"], row["title"], row["note"], row["slug"], row["event_title"], _date(row))
        for row in getattr(event, "reaffirmed_rows", None) or []
    ]


def related_events(event) -> list[RelatedEvent]:
    """The parent first, then the children by date, then the links by kind; [] for an event not
    read through `with_related()`."""
    family = getattr(event, "family_rows", None) or []
    links = getattr(event, "link_rows", None) or []
    related = []
    for row in family:
        if row["id"] == event.parent_id:
            related.append(RelatedEvent(PARENT, row["id"], row["slug"], row["title"], _date(row), False))
    for row in family:
        if row["id"] != event.parent_id:
            related.append(RelatedEvent(CHILD, row["id"], row["slug"], row["title"], _date(row), True))
    for row in links:
        out = bool(row["out"])
        relation = (LINK_OUT if out else LINK_IN).get(row["kind"], LINK_OUT["related"])
        related.append(RelatedEvent(relation, row["id"], row["slug"], row["title"], _date(row), out))
    return related


@dataclass
class TimelineRow:
    """One event of a list, the events nested under it, the related events its row names and the
    pledges made again at it."""

    event: object
    children: list[TimelineRow] = field(default_factory=list)
    related: list[RelatedEvent] = field(default_factory=list)
    again: list[PledgedAgain] = field(default_factory=list)
    head: str = ""  # the first part of its row's HTML (relations/rows.py)

    @property
    def group_label(self) -> str:
        return self.event.group_label


def timeline_rows(events) -> list[TimelineRow]:
    """The page's events in their order, each event whose parent (or grandparent…) is also on
    the page moved under that ancestor's row, in date order. A row names every related event
    except those nested with it, which the nesting already shows."""
    events = list(events)
    on_page = {event.pk: event for event in events}

    def top(event) -> object:
        seen = set()
        while event.parent_id in on_page and event.pk not in seen:
            seen.add(event.pk)
            event = on_page[event.parent_id]
        return event

    rows = {event.pk: TimelineRow(event) for event in events}
    ordered = []
    for event in events:
        ancestor = top(event)
        if ancestor is event:
            ordered.append(rows[event.pk])
        else:
            rows[ancestor.pk].children.append(rows[event.pk])
    for row in ordered:
        row.children.sort(key=lambda child: (child.event.date_start, child.event.pk))
    for event in events:
        row = rows[event.pk]
        row.related = [
            other
            for other in related_events(event)
            if not (
                (other.relation is PARENT and other.id in on_page)
                or (other.relation is CHILD and other.id in on_page)
            )
        ]
        row.again = pledged_again(event)
    return ordered
