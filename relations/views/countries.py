"""Pages of the countries section."""

from __future__ import annotations

from typing import NamedTuple

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from relations.activity import country_activity
from relations.models import Country, NameKind, Official
from relations.page_queries import COUNTRY_EVENTS
from relations.pagination import InvalidCursor, prepared_keyset_page
from relations.paths import country_url
from relations.summaries import country_summary
from relations.views.common import active_pairs, bad_request, country_named

OFFICIALS_SHOWN = 12


class CountryRow(NamedTuple):
    """A row of the countries table: what it shows of a country, without a record."""

    code: str
    name: str
    event_count: int

    def get_absolute_url(self) -> str:
        return country_url(self.code.lower())


def country_list(request: HttpRequest) -> HttpResponse:
    # Rows, not records: the table shows three columns of each (`country_rows`).
    rows = Country.objects.taking_part().order_by("name").values_list("code", "name", "event_count")
    countries = [CountryRow(*row) for row in rows]
    return render(request, "relations/country_list.html", {"countries": countries, "section": "countries"})


def country_detail(request: HttpRequest, code: str) -> HttpResponse:
    country = country_named(request, code, "relations:country-detail")
    if isinstance(country, HttpResponse):
        return country
    try:
        page = prepared_keyset_page(request, COUNTRY_EVENTS, country=country)
    except InvalidCursor as error:
        return bad_request(request, str(error))
    # Those serving first, a few of them: the officials list, filtered by the country, has them all.
    officials = list(
        Official.objects.of_country(country)
        .with_current_offices()
        .select_related("nationality")
        .order_by("-serving", "name", "pk")[: OFFICIALS_SHOWN + 1]
    )
    activity = country_activity(country)
    context = {
        "country": country,
        "page": page,
        "summary": country_summary(country, activity),
        "activity": activity,
        "chart_title": f"Events {country.name} took part in",
        "partners": active_pairs(limit=None, country=country),
        "officials": officials[:OFFICIALS_SHOWN],
        "more_officials": len(officials) > OFFICIALS_SHOWN,
        # Its adjective ("Turkish") is kept with the names for lookups, but is not a name.
        "other_names": country.names.exclude(name=country.name).exclude(kind=NameKind.DEMONYM),
        "section": "countries",
    }
    return render(request, "relations/country_detail.html", context)
