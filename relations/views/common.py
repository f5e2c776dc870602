"""Helpers that several sections of the pages share."""

from __future__ import annotations

from django.db.models import Count, F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from relations.models import Country, EventCountry


def bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "400.html", {"message": message}, status=400)


def active_pairs(*, limit: int | None, country: Country | None = None) -> list[dict]:
    """The pairs of countries with the most shared events, busiest first; two queries.

    With ``country``, only its pairs, each with ``partner``: the other country.
    """
    # One filter() call, so that both conditions speak of the same second event-country row.
    condition = Q(event__event_countries__country__gt=F("country"))
    if country is not None:
        condition &= Q(country=country) | Q(event__event_countries__country=country)
    rows = (
        EventCountry.objects.filter(condition)
        .values(a=F("country"), b=F("event__event_countries__country"))
        .annotate(events=Count("event", distinct=True))
        .order_by("-events", "a", "b")[:limit]
    )
    found = Country.objects.in_bulk({r["a"] for r in rows} | {r["b"] for r in rows})
    pairs = [
        {
            **row,
            "a_name": found[row["a"]].name,
            "b_name": found[row["b"]].name,
            "url": pair_url(row["a"], row["b"]),
        }
        for row in rows
    ]
    if country is not None:
        for pair in pairs:
            pair["partner"] = found[pair["b"] if pair["a"] == country.code else pair["a"]]
    return pairs


def pair_url(a: str, b: str) -> str:
    a, b = sorted((a.lower(), b.lower()))
    return reverse("relations:ties", args=[f"{a}-{b}"])
