"""Every page and list as a reader or editor opens it: ``{label: [status, queries, median ms]}``.

Run without stored answers (PAGE_CACHE_SECONDS=0), through the test client, on the database's
busiest and quietest country (the quietest with a full page of events: fewer rows shown would
not measure the same page), its busiest pair, commission and official, and the last page of the
busiest timelines. Each page is read once, then five times measured: queries of the last read,
median time of the five. The admin rows are read by an editor who exists only for the
measurement, in a transaction rolled back afterwards: nothing is left in the database.

``python -m bench.probes.pages urls`` prints the addresses instead, ``{label: url}``, for the
run to load over HTTP."""

import json
import statistics
import sys
import time

import django

AUTOCOMPLETE = "/admin/autocomplete/?app_label=relations"


def oldest_page(rows) -> str:
    """The cursor of a timeline's last page: its 40th oldest row."""
    row = rows.order_by("date_start", "event_id").values_list("date_start", "event_id")[40]
    return f"{row[0].isoformat()}.{row[1]}"


def pages() -> dict[str, str]:
    from django.db.models import Count

    from relations.models import (
        Commission,
        Country,
        Event,
        EventCountry,
        EventPair,
        Observation,
        Official,
        PairTotal,
        Pledge,
    )
    from relations.models.totals import CountryTotal
    from relations.sitemaps import BLOCK

    pair = PairTotal.objects.order_by("-events").first()
    pair = "-".join(sorted((pair.low_id.lower(), pair.high_id.lower())))
    country = CountryTotal.objects.order_by("-events").first().country_id.lower()
    quiet = CountryTotal.objects.filter(events__gte=60).order_by("events", "pk").first().country_id.lower()
    commission = Commission.objects.annotate(n=Count("sessions")).order_by("-n", "pk").first().slug
    official = Official.objects.annotate(n=Count("participations")).order_by("-n", "pk").first().slug
    event, pledge = Event.objects.latest("pk"), Pledge.objects.latest("pk")
    # The pledge of the newest observation: its page draws its figures (chart and table).
    measured = Observation.objects.order_by("-period_end", "-pk").values_list("pledge_id", flat=True).first()
    low, high = pair.upper().split("-")
    codes = [low, high, country.upper()]
    names = dict(Country.objects.filter(code__in=codes).values_list("code", "name"))
    pair_end = oldest_page(EventPair.objects.filter(low=low, high=high))
    last_block = -(-event.pk // BLOCK)  # the sitemap's last page of events
    country_end = oldest_page(EventCountry.objects.filter(country=country.upper()))
    return {
        "home": "/",
        "timeline": "/timeline/",
        "timeline, busiest country": f"/timeline/?country={country}",
        "timeline, kind": "/timeline/?kind=visit",
        "timeline, search": "/timeline/?q=visit",
        "timeline, a year": "/timeline/?from=2020&to=2020",
        "ties, busiest pair": f"/ties/{pair}/",
        "ties, busiest pair, last page": f"/ties/{pair}/?before={pair_end}",
        "country, busiest, last page": f"/countries/{country}/?before={country_end}",
        "timeline, quietest country": f"/timeline/?country={quiet}",
        "timeline, search, no match": "/timeline/?q=zzqx",
        "timeline, busiest country typed by name": f"/timeline/?country={names[country.upper()]}",
        "search, busiest pair by name": f"/search/?q={names[low]}+{names[high]}",
        "search, busiest country by name": f"/search/?q={names[country.upper()]}",
        "search, words": "/search/?q=visit",
        "search, no match": "/search/?q=zzqx",
        "countries": "/countries/",
        "country, busiest": f"/countries/{country}/",
        "country, quietest": f"/countries/{quiet}/",
        "commissions": "/commissions/",
        "commission, most sessions": f"/commissions/{commission}/",
        "officials": "/officials/",
        "official, most events": f"/officials/{official}/",
        "pledges": "/pledges/",
        "pledges, busiest country": f"/pledges/?country={country}",
        "pledges, busiest pair": f"/pledges/?pair={pair}",
        "pledges, overdue": "/pledges/?attention=overdue",
        "pledges, silent": "/pledges/?attention=silent",
        "event": f"/events/{event.slug}/",
        "pledge": f"/pledges/{pledge.pk}/",
        "pledge with observations": f"/pledges/{measured or pledge.pk}/",
        # Following and discovery (feeds, calendars, the sitemap): the same lists, as files.
        "feed: timeline": "/timeline/feed/",
        "feed: timeline, busiest country": f"/timeline/feed/?country={country}",
        "feed: busiest pair": f"/ties/{pair}/feed/",
        "feed: busiest country": f"/countries/{country}/feed/",
        "feed: commission, most sessions": f"/commissions/{commission}/feed/",
        "feed: official, most events": f"/officials/{official}/feed/",
        "feed: pledges": "/pledges/feed/",
        "calendar": "/calendar.ics",
        "calendar: busiest pair": f"/ties/{pair}/calendar.ics",
        "calendar: busiest country": f"/countries/{country}/calendar.ics",
        "calendar: commission, most sessions": f"/commissions/{commission}/calendar.ics",
        "calendar: one event": f"/events/{event.slug}/calendar.ics",
        "sitemap index": "/sitemap.xml",
        "sitemap: events, first page": "/sitemap-events.xml",
        "sitemap: events, last page": f"/sitemap-events.xml?p={last_block}",
        "API events": "/api/events/",
        "API events, busiest country": f"/api/events/?country={country}",
        "API events, quietest country": f"/api/events/?country={quiet}",
        "API events, search": "/api/events/?q=visit",
        "API events by title": "/api/events/?ordering=title",
        "API pledges": "/api/pledges/",
        "API pledges, busiest country": f"/api/pledges/?country={country}",
        "API pledges, overdue": "/api/pledges/?attention=overdue",
        "API pledges, silent": "/api/pledges/?attention=silent",
        "API observations": "/api/observations/",
        "API officials": "/api/officials/",
        "API commissions": "/api/commissions/",
        "API countries": "/api/countries/",
        "admin: events": "/admin/relations/event/",
        "admin: events, search": "/admin/relations/event/?q=visit",
        "admin: events, page 100": "/admin/relations/event/?p=100",
        "admin: pledges": "/admin/relations/pledge/",
        "admin: officials": "/admin/relations/official/",
        "admin: event": f"/admin/relations/event/{event.pk}/change/",
        "admin: index": "/admin/",
        "admin: events, busiest country": f"/admin/relations/event/?countries__code__exact={country.upper()}",
        "admin: events, uncited": "/admin/relations/event/?cited=no",
        "admin: pledges, overdue": "/admin/relations/pledge/?attention=overdue",
        "admin: event history": f"/admin/relations/event/{event.pk}/history/",
        "admin: event, new": "/admin/relations/event/add/",
        "admin: country lookup": f"{AUTOCOMPLETE}&model_name=event&field_name=place_country&term=Turk",
        "admin: official lookup": f"{AUTOCOMPLETE}&model_name=participant&field_name=official&term=a",
    }


def measure(client, url: str) -> list:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    times = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
    return [response.status_code, len(captured.captured_queries), statistics.median(times)]


class RolledBack(Exception):
    pass


def main() -> None:
    django.setup()
    from django.contrib.auth.models import User
    from django.db import transaction
    from django.test import Client

    urls = pages()
    out = {}
    anonymous = Client()
    for label, url in urls.items():
        if not label.startswith("admin"):
            out[label] = measure(anonymous, url)
    try:
        with transaction.atomic():
            editor = User.objects.create_superuser("bench-editor", password=None)
            client = Client()
            client.force_login(editor)
            for label, url in urls.items():
                if label.startswith("admin"):
                    out[label] = measure(client, url)
            raise RolledBack
    except RolledBack:
        pass
    print(json.dumps(out))


if __name__ == "__main__":
    if sys.argv[1:] == ["urls"]:
        django.setup()
        print(json.dumps(pages()))
    else:
        main()
