"""The home page, the timeline, the ties between two countries and one event."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from relations.activity import pair_activity
from relations.facets import event_facets
from relations.filters import EventFilter
from relations.models import (
    Citation,
    Commission,
    Country,
    Event,
    EventCountry,
    EventLink,
    Participant,
    Pledge,
    PledgeParty,
    PledgeReaffirmation,
)
from relations.models.countries import name_as_of
from relations.models.totals import table_sizes
from relations.page_queries import PAIR_EVENTS, pledges_between
from relations.pagination import InvalidCursor, keyset_page, prepared_keyset_page
from relations.summaries import pair_summary
from relations.views.common import active_pairs, bad_request, pair_named


def home(request: HttpRequest) -> HttpResponse:
    events = Event.objects.for_list().newest_first()
    # A large table's size is PostgreSQL's estimate ("about 1,000,000"): counting it would cost
    # more than the rest of the page.
    event_total, commission_total, pledge_total = table_sizes(Event, Commission, Pledge)
    context = {
        "latest": events[:8],
        # A date, a title and a link each: the events alone, none of a timeline row's JSON.
        "upcoming": Event.objects.upcoming()[:5],
        "active_pairs": active_pairs(limit=6),
        "totals": {
            "events": event_total,
            "commissions": commission_total,
            "pledges": pledge_total,
            "countries": Country.objects.taking_part().count(),
        },
    }
    return render(request, "relations/home.html", context)


def timeline(request: HttpRequest) -> HttpResponse:
    events = EventFilter(request.GET, queryset=Event.objects.for_list())
    context = {"filter": events, "section": "timeline"}
    if not events.is_valid():
        return render(request, "relations/timeline.html", context, status=400)
    try:
        context["page"] = keyset_page(request, events.qs)
    except InvalidCursor as error:
        return bad_request(request, str(error))
    # The number of events, the counts beside each choice and the chips: one query more than
    # the form's own (relations/facets.py).
    context["facets"] = event_facets(events, request.GET)
    return render(request, "relations/timeline.html", context)


PLEDGES_SHOWN = 10


def ties(request: HttpRequest, pair: str) -> HttpResponse:
    named = pair_named(request, pair, "relations:ties")
    if isinstance(named, HttpResponse):
        return named
    pair, a, b = named

    try:
        page = prepared_keyset_page(request, PAIR_EVENTS, a=a, b=b)
    except InvalidCursor as error:
        return bad_request(request, str(error))
    # Pledges to which both are parties, made at the events on this page (at most 50 events, so
    # the cost does not grow with the pair); the pledge tracker, linked, lists all of them. Each
    # row counts them (``pledges_between``), so the list says how many it leaves out.
    pledges = pledges_between(a, b, [event.pk for event in page.items], PLEDGES_SHOWN)
    activity = pair_activity(a, b)
    summary = pair_summary(a, b, activity)
    context = {
        "a": a,
        "b": b,
        "pair": pair.slug,
        "page": page,
        "summary": summary,
        "commissions": summary.commissions,
        "activity": activity,
        "chart_title": f"Events between {a.name} and {b.name}",
        "pledges": pledges,
        "pledges_between": sum(event.pledges_between for event in page.items),
        "between": f"{a.name} and {b.name}",
    }
    return render(request, "relations/ties.html", context)


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(
        # Countries are named as they were on the event's first day ("Turkey" in 2019).
        Event.objects.select_related("kind", "commission", "place_country", "parent")
        .annotate(place_name=name_as_of("place_country_id", "date_start"))
        .prefetch_related(
            Prefetch(
                "event_countries",
                queryset=EventCountry.objects.select_related("country").annotate(
                    annotated_name_then=name_as_of()
                ),
            ),
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related("official", "side").annotate(
                    side_name=name_as_of("side_id", "date_start")
                ),
            ),
            Prefetch("citations", queryset=Citation.objects.select_related("source")),
            Prefetch("links_out", queryset=EventLink.objects.select_related("to_event")),
            Prefetch("links_in", queryset=EventLink.objects.select_related("from_event")),
            Prefetch("children", queryset=Event.objects.order_by("date_start")),
            # The pledges made again here, each with the event where it was first made.
            Prefetch(
                "reaffirmed_pledges",
                queryset=PledgeReaffirmation.objects.select_related("pledge__event").order_by(
                    "pledge__event__date_start", "pledge_id"
                ),
            ),
            "sectors",
        ),
        slug=slug.lower(),
    )
    # Each pledge made here with the later events where it was made again.
    pledges = Pledge.objects.filter(event=event).prefetch_related(
        # Each party with its country in one query; the page shows no pledge's sectors.
        Prefetch("parties", queryset=PledgeParty.objects.select_related("country")),
        Prefetch(
            "reaffirmations",
            queryset=PledgeReaffirmation.objects.select_related("event").order_by("event__date_start", "pk"),
        ),
    )
    return render(
        request, "relations/event_detail.html", {"event": event, "pledges": pledges, "section": "timeline"}
    )
