"""Pages of the commissions section."""

from __future__ import annotations

from django.db.models import F, OuterRef, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.html import escape
from django.utils.safestring import SafeString

from relations.models import Commission, CommissionName, Country, NameKind, Participant, Pledge
from relations.models.commissions import members_named
from relations.models.countries import name_as_of
from relations.models.event_related import pledged_again
from relations.models.jsonrows import JSONRows
from relations.summaries import commission_summary
from relations.views.row_markup import country_link, date_html, optional_date_html, safe


def commission_list(request: HttpRequest) -> HttpResponse:
    commissions = list(Commission.objects.for_list())
    members = members_named([commission.pk for commission in commissions])
    context = {
        "commissions": commissions,
        "rows": [commission_row(c, members.get(c.pk, [])) for c in commissions],
        "section": "commissions",
    }
    return render(request, "relations/commission_list.html", context)


def commission_row(commission: Commission, members: list[tuple[str, str]]) -> SafeString:
    """One row of the commissions table (`Commission.objects.for_list()`, its ``members`` as
    (code, name) by name), with the whitespace around it that the template's loop wrote."""
    name = f'<a href="{escape(commission.get_absolute_url())}">{escape(commission.name)}</a>'
    if commission.acronym:
        name += f' <span class="role">({escape(commission.acronym)})</span>'
    if commission.parent:
        name += f'<br><span class="role">under {escape(commission.parent.name)}</span>'
    members = "".join(f"<li>{country_link(code, name)}</li>" for code, name in members) or "<li>—</li>"
    founded = optional_date_html(
        commission.founded_start,
        commission.founded_end,
        commission.founded_precision,
        commission.founded_approximate,
    )
    latest = commission.latest_sessions[0] if commission.latest_sessions else None
    if latest:
        number = f"No. {latest.session_number}, " if latest.session_number else ""
        date = date_html(latest.date_start, latest.date_end, latest.date_precision, latest.date_approximate)
        last = f'<a href="{escape(latest.get_absolute_url())}">{number}{date}</a>'
        if latest.place:
            last += f' <br><span class="role">{escape(latest.place)}</span>'
    else:
        last = "—"
    return safe(
        "\n      <tr>\n"
        f'        <th scope="row">{name}</th>\n'
        f'        <td data-label="Kind">{escape(commission.get_kind_display())}</td>\n'
        f'        <td data-label="Members"><ul class="inline-list">{members}</ul></td>\n'
        f'        <td data-label="Founded">{founded}</td>\n'
        f'        <td data-label="Sessions">{commission.session_count}</td>\n'
        f'        <td data-label="Latest session">{last}</td>\n'
        "      </tr>\n    "
    )


def commission_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # Its other names are read with it, as JSON: no query of their own.
    names = CommissionName.objects.filter(commission=OuterRef("pk")).order_by("kind", "name")
    commission = get_object_or_404(
        Commission.objects.select_related("parent")
        .annotate(name_rows=JSONRows(names, name="name", kind="kind"))
        .prefetch_related(Prefetch("members", queryset=Country.objects.order_by("name")), "children"),
        slug=slug.lower(),
    )
    other_names = [(row["name"], NameKind(row["kind"]).label) for row in commission.name_rows]
    # Countries are named as they were on each session's first day ("Turkey" in 2019).
    co_chairs = (
        Participant.objects.filter(role=Participant.Role.CO_CHAIR)
        .select_related("official", "side")
        .annotate(side_name=name_as_of("side_id", "date_start"))
    )
    sessions = (
        commission.sessions.with_reaffirmed()
        .select_related("place_country", "kind")
        .annotate(place_name=name_as_of("place_country_id", "date_start"))
        .prefetch_related(
            Prefetch("participants", queryset=co_chairs.order_by("pk"), to_attr="co_chairs"),
            Prefetch("pledges", queryset=Pledge.objects.order_by("pk")),
        )
        .order_by(F("session_number").asc(nulls_last=True), "date_start", "pk")
    )
    sessions = list(sessions)  # read once: listed, and summed up above the list
    for session in sessions:  # the pledges made again at it, read in the same query
        session.again = pledged_again(session)
    context = {
        "commission": commission,
        "other_names": other_names,
        "sessions": sessions,
        "summary": commission_summary(sessions),
        "section": "commissions",
    }
    return render(request, "relations/commission_detail.html", context)
