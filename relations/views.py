from django.shortcuts import render

from relations.models import Event


def home(request):
    events = (
        Event.objects.select_related("place_country", "commission")
        .prefetch_related("countries")
        .order_by("-date_start", "-pk")[:20]
    )
    return render(request, "relations/home.html", {"events": events})
