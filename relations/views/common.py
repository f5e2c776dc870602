"""Helpers that several sections of the pages share."""

from __future__ import annotations

from django.db.models import Count, F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from relations.models import Country, EventPair


def bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "400.html", {"message": message}, status=400)


def active_pairs(*, limit: int | None, country: Country | None = None) -> list[dict]:
    """The pairs of countries with the most shared events, busiest first; two queries.

    With ``country``, only its pairs, each with ``partner``: the other country. Counted on the
    pair index (one row per event and pair), not by joining the event–country table to itself.
    """
    pairs_index = EventPair.objects.all()
    if country is not None:
        pairs_index = pairs_index.filter(Q(low=country.code) | Q(high=country.code))
    rows = (
        pairs_index.values(a=F("low"), b=F("high"))
        .annotate(events=Count("event"))
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
