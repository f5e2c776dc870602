from django.shortcuts import get_object_or_404, render

from relations.models import Event


def home(request):
    events = Event.objects.newest_first().prefetch_related("countries")[:20]
    return render(request, "relations/home.html", {"events": events})


def event_detail(request, slug: str):
    event = get_object_or_404(Event, slug=slug)
    return render(request, "relations/event_detail.html", {"event": event})
