"""Atom feeds of events: the timeline (with its filters), a pair, a country, a commission, an
official.

Each feed is the first page of its page's list, read through the same queryset and index
(`Event.objects.for_list()` with `for_pair`, `for_country`, a commission's sessions, an
official's participations), newest first by the event's date: a fixed number of queries however
many events there are (countries and participants come as JSON in the events' own query). An
entry's id is the event's permanent URL and its ``<updated>`` the record's last change
(`Event.updated_at`, which moves with its countries, participants, sources, links and pledges).

The timeline, pair, country and commission feeds take the timeline's filters
(``/ties/pk-tr/feed/?kind=visit``): the same `EventFilter`, chained on the scoped queryset, and a
bad value answers the timeline's own 400 page with the same message. An official's feed lists
participations, as the official's page does, and takes none.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from relations.filters import EventFilter
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
    events: QuerySet | list


class EventFeed(Feed):
    """An Atom feed of a `Scope`'s events; the views below find the scope and call it."""

    feed_type = Atom1Feed
    description_template = "relations/feeds/event_summary.html"
    author_name = SITE

    def get_object(self, request: HttpRequest, scope: Scope) -> Scope:
        return scope

    def title(self, scope: Scope) -> str:
        return f"{scope.title} · {SITE}"

    def subtitle(self, scope: Scope) -> str:
        return scope.subtitle

    def link(self, scope: Scope) -> str:
        return scope.page_url

    def feed_url(self, scope: Scope) -> str:
        return scope.feed_url

    def items(self, scope: Scope) -> list[Event]:
        return list(scope.events[:ENTRIES])

    def item_title(self, event: Event) -> str:
        """Its title and its date at its precision: "16th JMC session (8–9 September 2025)"."""
        return f"{event.title} ({event.date})"

    def item_link(self, event: Event) -> str:
        return event.get_absolute_url()  # made absolute, it is also the entry's id

    def item_updateddate(self, event: Event):
        return event.updated_at

    def item_categories(self, event: Event) -> list[str]:
        return [event.kind.name, *(country.name for country in event.listed_countries)]


event_feed = EventFeed()


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
        Event.objects.for_list(),
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
        Event.objects.for_list().for_pair(a, b),
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
        Event.objects.for_list().for_country(country),
        title=country.name,
        page_url=country.get_absolute_url(),
        about=f"Events {country.name} took part in, newest first.",
    )


def commission_feed(request: HttpRequest, slug: str) -> HttpResponse:
    commission = get_object_or_404(Commission, slug=slug.lower())
    # Its sessions, latest first, along the index of a commission's sessions (`event_commission_latest`).
    sessions = Event.objects.for_list().filter(commission=commission).order_by("-date_start", "-pk")
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
    events = {event.pk: event for event in Event.objects.for_list().filter(pk__in=ids)}
    scope = Scope(
        official.name,
        f"Events {official.name} took part in, newest first.",
        official.get_absolute_url(),
        request.path,
        [events[pk] for pk in ids if pk in events],
    )
    return event_feed(request, scope=scope)
