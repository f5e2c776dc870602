"""Pages of the pledges section."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from relations.models import Pledge


def pledge_list(request: HttpRequest) -> HttpResponse:
    return render(request, "relations/placeholder.html", {"title": "Pledges"})


def pledge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = get_object_or_404(Pledge, pk=pk)
    return render(request, "relations/placeholder.html", {"title": pledge.title})
