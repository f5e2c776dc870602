"""Pages of the pledges section."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from relations.facets import pledge_facets
from relations.filters import PledgeFilter
from relations.models import Pledge, PledgeStatus
from relations.pagination import InvalidCursor, keyset_page
from relations.pledge_page import pledge_page
from relations.views.common import bad_request


def pledge_list(request: HttpRequest) -> HttpResponse:
    pledges = PledgeFilter(request.GET, queryset=Pledge.objects.for_rows())
    context = {"filter": pledges, "section": "pledges"}
    if not pledges.is_valid():
        return render(request, "relations/pledge_list.html", context, status=400)
    try:
        context["page"] = keyset_page(request, pledges.qs, size=50)
    except InvalidCursor as error:
        return bad_request(request, str(error))
    # The counts cover every filter but the status, so that each one can link to its status.
    others = request.GET.copy()
    for name in ("status", "before"):
        others.pop(name, None)
    context["totals"], context["cap"] = pledges.status_totals()
    context["more"] = f"{context['cap']:,}+" if context["cap"] else ""  # "1,000+"
    context["others"] = others.urlencode()
    status = pledges.form.cleaned_data.get("status")
    context["chosen_status"] = PledgeStatus(status) if status else None
    # The number of pledges, the counts beside each choice and the chips (relations/facets.py).
    context["facets"] = pledge_facets(pledges, request.GET, context["totals"], context["cap"])
    return render(request, "relations/pledge_list.html", context)


def pledge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # The pledge with its event, parties, sectors, history and sources (relations/pledge_page.py).
    pledge = pledge_page(pk)
    return render(request, "relations/pledge_detail.html", {"pledge": pledge, "section": "pledges"})
