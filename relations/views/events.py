"""The home page, the timeline, the ties between two countries and one event."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from relations.activity import pair_activity
from relations.event_page import event_page
from relations.facets import event_facets
from relations.filters import EventFilter
from relations.models import (
    Commission,
    Country,
    Event,
    Pledge,
)
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
    # The event with its countries, participants, sources and links, and each pledge made here
    # with its parties and the later events where it was made again (relations/event_page.py).
    event, pledges = event_page(slug.lower())
    return render(
        request, "relations/event_detail.html", {"event": event, "pledges": pledges, "section": "timeline"}
    )
