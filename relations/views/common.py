"""Helpers that several sections of the pages share."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from relations.codes import InvalidCode, Pair, country_code
from relations.models import Country, PairTotal
from relations.page_queries import country_partners, pair_countries


def bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "400.html", {"message": message}, status=400)


def with_query(url: str, query: QueryDict) -> str:
    """``url`` with ``query`` (a request's GET, say), if it holds anything."""
    return f"{url}?{query.urlencode()}" if query else url


def pair_named(request: HttpRequest, text: str, route: str) -> tuple[Pair, Country, Country] | HttpResponse:
    """The pair of countries an address under /ties/ names (``pk-tr``), with its two countries,
    lower code first; or a permanent redirect to ``route`` in the canonical form (codes in
    alphabetical order, lower case), keeping the query. 404 for anything but two known codes."""
    try:
        pair = Pair.parse(text)
    except InvalidCode:
        raise Http404("Not a pair of country codes.") from None
    found = pair_countries(pair.low, pair.high)
    if len(found) != 2:
        raise Http404("Unknown country code.")
    canonical = reverse(route, args=[pair.slug])
    if request.path != canonical:
        return redirect(with_query(canonical, request.GET), permanent=True)
    return pair, found[pair.low], found[pair.high]


def country_named(request: HttpRequest, code: str, route: str) -> Country | HttpResponse:
    """The country an address under /countries/ names; or a permanent redirect to ``route`` with
    its code in lower case, keeping the query. 404 for a code that is not a country's."""
    try:
        country = get_object_or_404(Country, code=country_code(code))
    except InvalidCode:
        raise Http404("Not a country code.") from None
    if code != country.code.lower():
        return redirect(with_query(reverse(route, args=[country.code.lower()]), request.GET), permanent=True)
    return country


def active_pairs(*, limit: int | None, country: Country | None = None) -> list[dict]:
    """The pairs of countries with the most shared events, busiest first; one query.

    With ``country``, only its pairs, each with ``partner``: the other country. Read from the
    stored totals (`PairTotal`), so the cost does not grow with the number of events.
    """
    if country is not None:
        return country_partners(country, limit)
    totals = PairTotal.objects.busiest()
    pairs = []
    for total in totals[:limit]:
        pair = {
            "a": total.low_id,
            "b": total.high_id,
            "events": total.events,
            "a_name": total.low.name,
            "b_name": total.high.name,
            "url": Pair(total.low_id, total.high_id).get_absolute_url(),
        }
        pairs.append(pair)
    return pairs
