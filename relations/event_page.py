"""What an event's page reads: the event and eleven lists around it, each query compiled once per
process (`relations.prepared`) and run with the event's slug or id.

Through ``prefetch_related`` Django builds and compiles every list's query again on each
request, which cost more of the page's time than the database spent answering. Here each list
is read by its own prepared query and handed to the event (or to each pledge) as
``prefetch_related`` would have left it: ``event.citations.all()`` answers without a query, and
each row's foreign key back to the event is set. The rows and their order are those of the
``Prefetch`` querysets they replace, which `tests/test_event_page.py` compares them with.
"""

from __future__ import annotations

from django.http import Http404

from relations.models import (
    Citation,
    Event,
    EventCountry,
    EventLink,
    Participant,
    Pledge,
    PledgeParty,
    PledgeReaffirmation,
    Sector,
)
from relations.models.countries import name_as_of
from relations.prepared import Prepared, attach, attach_each

_EVENT = Prepared(
    lambda slug: (
        Event.objects.select_related("kind", "commission", "place_country", "parent")
        # Countries are named as they were on the event's first day ("Turkey" in 2019).
        .annotate(place_name=name_as_of("place_country_id", "date_start"))
        .filter(slug=slug)
        .order_by()[:1]
    )
)

# Each list of the event, by the name the template reads it through.
_LISTS = {
    "event_countries": Prepared(
        lambda event: (
            EventCountry.objects.select_related("country")
            .annotate(annotated_name_then=name_as_of())
            .filter(event_id=event)
        )
    ),
    "participants": Prepared(
        lambda event: (
            Participant.objects.select_related("official", "side")
            .annotate(side_name=name_as_of("side_id", "date_start"))
            .filter(event_id=event)
        )
    ),
    "citations": Prepared(lambda event: Citation.objects.select_related("source").filter(event_id=event)),
    "links_out": Prepared(
        lambda event: EventLink.objects.select_related("to_event").filter(from_event_id=event)
    ),
    "links_in": Prepared(
        lambda event: EventLink.objects.select_related("from_event").filter(to_event_id=event)
    ),
    "children": Prepared(lambda event: Event.objects.order_by("date_start").filter(parent_id=event)),
    # The pledges made again here, each with the event where it was first made.
    "reaffirmed_pledges": Prepared(
        lambda event: (
            PledgeReaffirmation.objects.select_related("pledge__event")
            .order_by("pledge__event__date_start", "pledge_id")
            .filter(event_id=event)
        )
    ),
    "sectors": Prepared(lambda event: Sector.objects.filter(events=event)),
}

_PLEDGES = Prepared(lambda event: Pledge.objects.filter(event_id=event))
# Of every pledge made at the event: each party with its country (the page shows no pledge's
# sectors), and the later events where it was made again.
_PLEDGE_LISTS = {
    "parties": Prepared(
        lambda event: PledgeParty.objects.select_related("country").filter(pledge__event_id=event)
    ),
    "reaffirmations": Prepared(
        lambda event: (
            PledgeReaffirmation.objects.select_related("event")
            .order_by("event__date_start", "pk")
            .filter(pledge__event_id=event)
        )
    ),
}


def event_page(slug: str) -> tuple[Event, list[Pledge]]:
    """The event whose slug is ``slug`` with its lists, and the pledges made at it with theirs;
    Http404 when there is no such event."""
    found = _EVENT.rows(slug=slug)
    if not found:
        raise Http404("No Event matches the given query.")
    event = found[0]
    for name, prepared in _LISTS.items():
        attach(event, name, prepared.rows(event=event.pk))
    pledges = _PLEDGES.rows(event=event.pk)
    if not pledges:
        return event, pledges
    for name, prepared in _PLEDGE_LISTS.items():
        attach_each(pledges, name, prepared.rows(event=event.pk), key="pledge_id")
    return event, pledges
