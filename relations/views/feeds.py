"""Atom feeds of events: the timeline (with its filters), a pair, a country, a commission, an
official.

Each feed is the first page of its page's list, read through the same index and what a list
row shows (`Event.objects.listed()`: the timeline's `for_list()` less the related events and
pledges made again, which an entry does not show) with `for_pair`, `for_country`, a commission's
sessions, an official's participations, newest first by the event's date: a fixed number of
queries however many events there are (countries and participants come as JSON in the events'
own query). An
entry's id is the event's permanent URL and its ``<updated>`` the record's last change
(`Event.updated_at`, which moves with its countries, participants, sources, links and pledges).
The document is written by `relations.atom`, each entry's summary in Python (`summary`, the
markup a template per entry used to write): no template render per entry.

The timeline, pair, country and commission feeds take the timeline's filters
(``/ties/pk-tr/feed/?kind=visit``): the same `EventFilter`, chained on the scoped queryset, and a
bad value answers the timeline's own 400 page with the same message. An official's feed lists
participations, as the official's page does, and takes none.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.template.defaultfilters import linebreaksbr, pluralize
from django.urls import reverse
from django.utils.html import escape

from relations import atom
from relations.filters import EventFilter
from relations.listed_events import ListedEvent, listed, rows
from relations.models import Commission, Event, Official, Participant
from relations.views.common import country_named, pair_named, with_query

ENTRIES = 50  # a feed is the first page of its list
SITE = "Diplomatic Ties Tracker"


@dataclass
class Scope:
    """What one feed lists: its events (a queryset, newest first), its title and its page."""

    title: str
    subtitle: str
    page_url: str  # the page the feed follows, with the filters it was asked for
    feed_url: str  # the feed itself, with the same filters (its rel="self")
    events: QuerySet | list  # a queryset of `Event.objects.listed()`, or `ListedEvent`s


def event_feed(request: HttpRequest, *, scope: Scope) -> HttpResponse:
    """The Atom feed of a `Scope`'s first `ENTRIES` events (`relations.atom`)."""
    events = scope.events
    if isinstance(events, QuerySet):
        events = listed(rows(events)[:ENTRIES])
    return atom.document(
        request,
        title=f"{scope.title} · {SITE}",
        link=scope.page_url,
        feed_url=scope.feed_url,
        subtitle=scope.subtitle,
        author=SITE,
        entries=[entry(event) for event in events],
    )


def entry(event: ListedEvent) -> atom.Entry:
    """An event as an entry: its title and its date at its precision ("16th JMC session (8–9
    September 2025)"), its page (also the entry's id), its last change, its summary and its kind
    and countries as categories."""
    countries = [row["name"] for row in event.country_rows]
    return atom.Entry(
        f"{event.title} ({event.date})",
        event.get_absolute_url(),
        event.updated_at,
        summary(event, countries),
        [event.kind.name, *countries],
    )


def summary(event: ListedEvent, countries: list[str]) -> str:
    """The entry's HTML, one line per part, empty lines for the parts it lacks
    (its date, kind, status, place and commission; its countries; its key participants; its
    summary; its pledges; whether a source is cited)."""
    head = f"{escape(event.date)} · {escape(event.kind.name)}"
    if event.status != "held":
        head += f" ({escape(event.get_status_display())})"
    place, place_name = event.place, event.place_name
    if place or place_name:
        head += f" · {escape(place)}{', ' if place and place_name else ''}{escape(place_name or '')}"
    commission = event.commission
    if commission:
        head += f" · {escape(commission.name)}"
        if event.session_number:
            head += f", session No. {event.session_number}"
    lines = [f"<p>{head}</p>"]
    lines.append(f"<p>Countries: {', '.join(escape(name) for name in countries)}</p>" if countries else "")
    people = event.key_participants
    if people:
        named = [
            escape(p.official_name if p.official else p.name)
            + (f" ({escape(p.role_label)})" if p.role_label and p.role != "delegate" else "")
            for p in people
        ]
        lines.append(f"<p>Participants: {', '.join(named)}</p>")
    else:
        lines.append("")
    lines.append(f"<p>{linebreaksbr(event.summary, autoescape=True)}</p>" if event.summary else "")
    pledges = event.pledge_count
    lines.append(f"<p>{pledges} pledge{pluralize(pledges)} made.</p>" if pledges else "")
    lines.append("" if event.has_source else "<p>No source cited yet.</p>")
    return "\n".join(lines) + "\n"


def filters_of(request: HttpRequest) -> QueryDict:
    """The request's filters, without a page position (a feed is always the first page)."""
    query = request.GET.copy()
    query.pop("before", None)
    return query


def described(query: QueryDict, text: str) -> str:
    """The feed's subtitle: what it lists, and the filters it was asked for."""
    if not query:
        return text
    chosen = "; ".join(f"{name}: {', '.join(query.getlist(name))}" for name in query)
    return f"{text} Filtered by {chosen}."


def filtered_feed(
    request: HttpRequest,
    events: QuerySet,
    *,
    title: str,
    page_url: str,
    about: str,
    page_filters: bool = False,
):
    """The feed of ``events`` narrowed by the timeline's filters, or the timeline's 400 page.
    Its link is ``page_url``, with the filters if that page takes them (``page_filters``)."""
    chosen = EventFilter(request.GET, queryset=events)
    if not chosen.is_valid():
        context = {"filter": chosen, "section": "timeline"}
        return render(request, "relations/timeline.html", context, status=400)
    query = filters_of(request)
    scope = Scope(
        title,
        described(query, about),
        with_query(page_url, query) if page_filters else page_url,
        with_query(request.path, query),
        chosen.qs,
    )
    return event_feed(request, scope=scope)


def timeline_feed(request: HttpRequest) -> HttpResponse:
    return filtered_feed(
        request,
        Event.objects.listed(),
        title="Timeline",
        page_url=reverse("relations:timeline"),
        about="Every event, newest first.",
        page_filters=True,
    )


def ties_feed(request: HttpRequest, pair: str) -> HttpResponse:
    named = pair_named(request, pair, "relations:ties-feed")
    if isinstance(named, HttpResponse):
        return named
    pair, a, b = named
    return filtered_feed(
        request,
        Event.objects.listed().for_pair(a, b),
        title=f"{a.name} – {b.name}",
        page_url=pair.get_absolute_url(),
        about=f"Events between {a.name} and {b.name}, newest first.",
    )


def country_feed(request: HttpRequest, code: str) -> HttpResponse:
    country = country_named(request, code, "relations:country-feed")
    if isinstance(country, HttpResponse):
        return country
    return filtered_feed(
        request,
        Event.objects.listed().for_country(country),
        title=country.name,
        page_url=country.get_absolute_url(),
        about=f"Events {country.name} took part in, newest first.",
    )


def commission_feed(request: HttpRequest, slug: str) -> HttpResponse:
    commission = get_object_or_404(Commission, slug=slug.lower())
    # Its sessions, latest first, along the index of a commission's sessions (`event_commission_latest`).
    sessions = Event.objects.listed().filter(commission=commission).order_by("-date_start", "-pk")
    return filtered_feed(
        request,
        sessions,
        title=commission.name,
        page_url=commission.get_absolute_url(),
        about=f"Sessions of the {commission.name}, latest first.",
    )


def official_feed(request: HttpRequest, slug: str) -> HttpResponse:
    official = get_object_or_404(Official, slug=slug.lower())
    # The first page of participations along the official's index (`attended_by`), then those
    # events as the timeline reads them: two queries whatever the number of events.
    ids = list(Participant.objects.attended_by(official).values_list("event_id", flat=True)[:ENTRIES])
    events = {event.pk: event for event in listed(rows(Event.objects.listed().filter(pk__in=ids)))}
    scope = Scope(
        official.name,
        f"Events {official.name} took part in, newest first.",
        official.get_absolute_url(),
        request.path,
        [events[pk] for pk in ids if pk in events],
    )
    return event_feed(request, scope=scope)
