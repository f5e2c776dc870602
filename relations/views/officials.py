"""Pages of the officials section."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from relations.models import Official


def official_list(request: HttpRequest) -> HttpResponse:
    return render(request, "relations/placeholder.html", {"title": "Officials"})


def official_detail(request: HttpRequest, slug: str) -> HttpResponse:
    official = get_object_or_404(Official, slug=slug.lower())
    return render(request, "relations/placeholder.html", {"title": official.name})
