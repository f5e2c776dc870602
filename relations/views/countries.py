"""Pages of the countries section."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from relations.models import Country


def country_list(request: HttpRequest) -> HttpResponse:
    return render(request, "relations/placeholder.html", {"title": "Countries"})


def country_detail(request: HttpRequest, code: str) -> HttpResponse:
    country = get_object_or_404(Country, code=code.upper())
    return render(request, "relations/placeholder.html", {"title": country.name})
