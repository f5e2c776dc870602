"""Pages of the officials section."""

from __future__ import annotations

from django.db.models import F, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from relations.codes import InvalidCode, country_code
from relations.models import Country, OfficeHeld, Official, Participant
from relations.models.countries import name_as_of
from relations.pagination import InvalidCursor, keyset_page, numbered_page
from relations.summaries import official_summary
from relations.views.common import bad_request


def official_list(request: HttpRequest) -> HttpResponse:
    """Every official by name, or with ``?country=xx`` that country's (see `of_country`)."""
    officials = Official.objects.with_current_offices().select_related("nationality").order_by("name", "pk")
    country = None
    if code := request.GET.get("country", "").strip():
        try:
            country = Country.objects.get(code=country_code(code))
        except (InvalidCode, Country.DoesNotExist):
            return bad_request(request, f"“{code}” is not an ISO country code (such as PK or TR).")
        officials = officials.of_country(country)
    context = {
        "page": numbered_page(request, officials, size=100),
        "country": country,
        "section": "officials",
    }
    return render(request, "relations/official_list.html", context)


def official_detail(request: HttpRequest, slug: str) -> HttpResponse:
    offices = OfficeHeld.objects.select_related("organization", "country").prefetch_related("citations")
    official = get_object_or_404(
        Official.objects.select_related("nationality").prefetch_related(
            "names",
            Prefetch("offices", queryset=offices.order_by(F("start_start").desc(nulls_last=True), "-pk")),
        ),
        slug=slug.lower(),
    )
    # The events attended, as participations, newest first along their index (`attended_by`).
    # Each side is named as it was on the event's first day ("Turkey" in 2019).
    attended = (
        Participant.objects.attended_by(official)
        .select_related("event__kind", "side")
        .annotate(side_name=name_as_of("side_id", "date_start"))
    )
    try:
        page = keyset_page(request, attended)
    except InvalidCursor as error:
        return bad_request(request, str(error))
    context = {
        "official": official,
        "page": page,
        "summary": official_summary(official),
        "section": "officials",
    }
    return render(request, "relations/official_detail.html", context)
