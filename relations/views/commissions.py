"""Pages of the commissions section."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from relations.models import Commission


def commission_list(request: HttpRequest) -> HttpResponse:
    return render(request, "relations/placeholder.html", {"title": "Commissions"})


def commission_detail(request: HttpRequest, slug: str) -> HttpResponse:
    commission = get_object_or_404(Commission, slug=slug.lower())
    return render(request, "relations/placeholder.html", {"title": commission.name})
