"""Helpers that several sections of the pages share."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from relations.codes import Pair
from relations.models import Country, PairTotal


def bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "400.html", {"message": message}, status=400)


def active_pairs(*, limit: int | None, country: Country | None = None) -> list[dict]:
    """The pairs of countries with the most shared events, busiest first; one query.

    With ``country``, only its pairs, each with ``partner``: the other country. Read from the
    stored totals (`PairTotal`), so the cost does not grow with the number of events.
    """
    totals = PairTotal.objects.busiest()
    if country is not None:
        totals = totals.involving(country)
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
        if country is not None:
            pair["partner"] = total.high if total.low_id == country.code else total.low
        pairs.append(pair)
    return pairs
