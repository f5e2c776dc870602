"""Pages of the officials section."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import SafeString

from relations.codes import InvalidCode, country_code
from relations.models import Country, Official, Participant
from relations.official_page import ATTENDED, official_page
from relations.pagination import InvalidCursor, numbered_page, prepared_keyset_page
from relations.summaries import official_summary
from relations.views.common import bad_request
from relations.views.row_markup import country_link, date_html, safe


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
    page = numbered_page(request, officials, size=100)
    context = {
        "page": page,
        "rows": [official_row(official) for official in page.object_list],
        "country": country,
        "section": "officials",
    }
    return render(request, "relations/official_list.html", context)


def official_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # The official with their names and offices, and a page of the events they attended
    # (relations/official_page.py).
    official = official_page(slug.lower())
    try:
        page = prepared_keyset_page(request, ATTENDED, official=official.pk)
    except InvalidCursor as error:
        return bad_request(request, str(error))
    context = {
        "official": official,
        "page": page,
        "attended_rows": [attended_row(participation) for participation in page.items],
        "summary": official_summary(official),
        "section": "officials",
    }
    return render(request, "relations/official_detail.html", context)


def attended_row(participation: Participant) -> SafeString:
    """One row of the events an official attended (its event, kind and side read with it), with
    the whitespace around it that the template's loop wrote."""
    event = participation.event
    date = date_html(event.date_start, event.date_end, event.date_precision, event.date_approximate)
    side = participation.side
    link = f'<a href="{escape(event.get_absolute_url())}">{escape(event.title)}</a>'
    side_link = country_link(side.code, participation.side_name or side.name) if side else "—"
    return safe(
        "\n        <tr>\n"
        f'          <td data-label="Date">{date}</td>\n'
        f'          <th scope="row">{link}</th>\n'
        f'          <td data-label="Role">{escape(participation.get_role_display())}</td>\n'
        f'          <td data-label="Capacity">{escape(participation.capacity or "—")}</td>\n'
        f'          <td data-label="For">{side_link}</td>\n'
        "        </tr>\n      "
    )


def official_row(official: Official) -> SafeString:
    """One row of the officials list (`Official.objects.with_current_offices()`, nationality
    read with it), with the whitespace around it that the template's loop wrote."""
    link = f'<a href="{escape(official.get_absolute_url())}">{escape(official.name)}</a>'
    country = official.nationality
    nationality = country_link(country.code, country.name) if country else "—"
    offices = "; ".join(
        escape(office.title) + (f", {escape(office.organization.name)}" if office.organization else "")
        for office in official.current_offices
    )
    offices = offices or '<span class="empty">None recorded</span>'
    return safe(
        "\n      <tr>\n"
        f'        <th scope="row">{link}</th>\n'
        f'        <td data-label="Nationality">{nationality}</td>\n'
        f'        <td data-label="Current office">{offices}</td>\n'
        "      </tr>\n    "
    )
