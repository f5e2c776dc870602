"""iCalendar files: the timeline's, a pair's, a country's, a commission's and one event's.

Each takes the timeline's filters (`EventFilter`), with the page's 400 and messages for a bad
value, and holds what `relations.ical` says: events known to the day, in a bounded window.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from relations import ical
from relations.filters import EventFilter
from relations.listed_events import listed, rows
from relations.models import Commission, Event
from relations.models.event_queries import EventQuerySet
from relations.views.common import country_named, pair_named, with_query

SITE_NAME = "Diplomatic Ties Tracker"


def timeline_calendar(request: HttpRequest) -> HttpResponse:
    return _calendar(request, Event.objects.listed(), name="Timeline", page=reverse("relations:timeline"))


def ties_calendar(request: HttpRequest, pair: str) -> HttpResponse:
    named = pair_named(request, pair, "relations:ties-calendar")
    if isinstance(named, HttpResponse):
        return named
    pair, a, b = named
    events = Event.objects.listed().for_pair(a, b)
    return _calendar(request, events, name=f"{a.name} and {b.name}", page=pair.get_absolute_url())


def country_calendar(request: HttpRequest, code: str) -> HttpResponse:
    country = country_named(request, code, "relations:country-calendar")
    if isinstance(country, HttpResponse):
        return country
    events = Event.objects.listed().for_country(country)
    return _calendar(request, events, name=country.name, page=country.get_absolute_url())


def commission_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    commission = get_object_or_404(Commission, slug=slug.lower())
    # Newest first along the commission's own index (event_commission_latest).
    events = Event.objects.listed().filter(commission=commission)
    return _calendar(request, events, name=commission.name, page=commission.get_absolute_url())


def event_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """One event, to add to a calendar; empty, saying why, if it is not known to the day."""
    event = get_object_or_404(Event.objects.listed(), slug=slug.lower())
    site = _site(request)
    url = site + event.get_absolute_url()
    if ical.on_a_day(event.date):
        description = f"{event.title}, {event.date}: {url}"
    else:
        description = (
            f"{event.title} is known only to the {event.date.precision.label} ({event.date}), so it "
            f"is not put on a day: {url}"
        )
    cal = ical.calendar([event], name=f"{SITE_NAME}: {event.title}", description=description, site=site)
    response = _ics(cal)
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


def _calendar(request: HttpRequest, events: EventQuerySet, *, name: str, page: str) -> HttpResponse:
    """The calendar of ``events`` narrowed by the request's filters, or a 400 naming each bad one."""
    filtered = EventFilter(request.GET, queryset=events)
    if not filtered.is_valid():
        return bad_filters(filtered)
    chosen = filtered.form.cleaned_data.get("from") or filtered.form.cleaned_data.get("to")
    since = None if chosen else ical.window_start()
    site = _site(request)
    page_url = site + with_query(page, request.GET)
    cal = ical.calendar(
        listed(rows(ical.window(filtered.qs, since=since))),
        name=f"{SITE_NAME}: {name}",
        description=ical.describe_window(since=since, page_url=page_url),
        site=site,
    )
    return _ics(cal)


def bad_filters(filtered: EventFilter) -> HttpResponse:
    """The page's messages, as plain text: a calendar client shows no HTML."""
    lines = [f"{field}: {message}" for field, messages in filtered.errors.items() for message in messages]
    text = "That request could not be read.\n" + "\n".join(lines) + "\n"
    return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")


def _site(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _ics(cal: bytes) -> HttpResponse:
    return HttpResponse(cal, content_type="text/calendar; charset=utf-8")
