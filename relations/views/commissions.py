"""Pages of the commissions section."""

from __future__ import annotations

from django.db.models import F, OuterRef, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from relations.models import Commission, CommissionName, Country, NameKind, Participant, Pledge
from relations.models.countries import name_as_of
from relations.models.event_related import pledged_again
from relations.models.jsonrows import JSONRows
from relations.summaries import commission_summary


def commission_list(request: HttpRequest) -> HttpResponse:
    context = {"commissions": Commission.objects.for_list(), "section": "commissions"}
    return render(request, "relations/commission_list.html", context)


def commission_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # Its other names are read with it, as JSON: no query of their own.
    names = CommissionName.objects.filter(commission=OuterRef("pk")).order_by("kind", "name")
    commission = get_object_or_404(
        Commission.objects.select_related("parent")
        .annotate(name_rows=JSONRows(names, name="name", kind="kind"))
        .prefetch_related(Prefetch("members", queryset=Country.objects.order_by("name")), "children"),
        slug=slug.lower(),
    )
    other_names = [(row["name"], NameKind(row["kind"]).label) for row in commission.name_rows]
    # Countries are named as they were on each session's first day ("Turkey" in 2019).
    co_chairs = (
        Participant.objects.filter(role=Participant.Role.CO_CHAIR)
        .select_related("official", "side")
        .annotate(side_name=name_as_of("side_id", "date_start"))
    )
    sessions = (
        commission.sessions.with_reaffirmed()
        .select_related("place_country", "kind")
        .annotate(place_name=name_as_of("place_country_id", "date_start"))
        .prefetch_related(
            Prefetch("participants", queryset=co_chairs.order_by("pk"), to_attr="co_chairs"),
            Prefetch("pledges", queryset=Pledge.objects.order_by("pk")),
        )
        .order_by(F("session_number").asc(nulls_last=True), "date_start", "pk")
    )
    sessions = list(sessions)  # read once: listed, and summed up above the list
    for session in sessions:  # the pledges made again at it, read in the same query
        session.again = pledged_again(session)
    context = {
        "commission": commission,
        "other_names": other_names,
        "sessions": sessions,
        "summary": commission_summary(sessions),
        "section": "commissions",
    }
    return render(request, "relations/commission_detail.html", context)
