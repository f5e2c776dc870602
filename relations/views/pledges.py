"""Pages of the pledges section."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from relations.filters import PledgeFilter
from relations.models import Pledge
from relations.pagination import numbered_page


def pledge_list(request: HttpRequest) -> HttpResponse:
    pledges = PledgeFilter(request.GET, queryset=Pledge.objects.for_list())
    context = {"filter": pledges, "section": "pledges"}
    if not pledges.is_valid():
        return render(request, "relations/pledge_list.html", context, status=400)
    # The counts cover every filter but the status, so that each one can link to its status;
    # the same counts give the list's length, which spares the paginator its COUNT(*).
    others = request.GET.copy()
    for name in ("status", "page"):
        others.pop(name, None)
    totals = PledgeFilter(others, queryset=Pledge.objects.all()).qs.status_totals()
    status = pledges.form.cleaned_data.get("status")
    count = dict(totals).get(status, 0) if status else sum(n for _, n in totals)
    context["totals"] = totals
    context["others"] = others.urlencode()
    context["page"] = numbered_page(request, pledges.qs, size=50, count=count)
    return render(request, "relations/pledge_list.html", context)


def pledge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = get_object_or_404(Pledge.objects.for_detail(), pk=pk)
    return render(request, "relations/pledge_detail.html", {"pledge": pledge, "section": "pledges"})
