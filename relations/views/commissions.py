"""Pages of the commissions section."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.utils.html import escape
from django.utils.safestring import SafeString

from relations.commission_page import commission_page
from relations.models import Commission, NameKind, Participant, Pledge
from relations.models.commissions import members_named
from relations.models.event_related import pledged_again
from relations.summaries import commission_summary
from relations.templatetags.pledge_progress import pledge_progress
from relations.templatetags.tracker import fuzzy_time
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
    # The commission, its members and sessions, each session with its co-chairs and pledges,
    # read once: listed, and summed up above the list (relations/commission_page.py).
    commission, sessions = commission_page(slug.lower())
    other_names = [(row["name"], NameKind(row["kind"]).label) for row in commission.name_rows]
    for session in sessions:  # the pledges made again at it, read in the same query
        session.again = pledged_again(session)
    badges = PledgeBadges()
    context = {
        "commission": commission,
        "other_names": other_names,
        "sessions": sessions,
        "session_rows": [session_row(session, badges) for session in sessions],
        "summary": commission_summary(sessions),
        "section": "commissions",
    }
    return render(request, "relations/commission_detail.html", context)


class PledgeBadges:
    """relations/includes/_pledge_status.html for a pledge, rendered once per distinct badge on
    a page (its status and `pledge_progress`'s evidence are all the fragment shows)."""

    def __init__(self) -> None:
        self.template = get_template("relations/includes/_pledge_status.html")
        self.rendered: dict[tuple, str] = {}

    def __call__(self, pledge: Pledge) -> str:
        evidence = pledge_progress(pledge)
        key = (
            pledge.current_status,
            pledge.current_status_label,
            evidence["verdict"],
            evidence["percent"],
            evidence["width"],
            tuple(evidence["attention"]),
        )
        badge = self.rendered.get(key)
        if badge is None:
            badge = self.rendered[key] = self.template.render({"pledge": pledge})
        return badge


def co_chair_item(p: Participant) -> str:
    """One co-chair of a session, as the page's list item."""
    if p.official_id:
        who = f'<a href="{escape(p.official.get_absolute_url())}">{escape(p.official.name)}</a>'
    else:
        who = escape(p.name)
    if p.side_id:
        capacity = f", {escape(p.capacity)}" if p.capacity else ""
        who += f' <span class="role">({escape(p.side_name)}{capacity})</span>'
    elif p.capacity:
        who += f' <span class="role">({escape(p.capacity)})</span>'
    return f"<li>{who}</li>"


def session_row(session, badges: PledgeBadges) -> SafeString:
    """One session of a commission's page, as the card the template's loop wrote, with the
    whitespace around it."""
    pk = session.pk
    title = f'<a href="{escape(session.get_absolute_url())}">{escape(session.title)}</a>'
    if session.status != "held":
        status = escape(session.get_status_display())
        title += f' <span class="badge badge-{escape(session.status)}">{status}</span>'
    number = f"<dt>Session</dt><dd>No. {session.session_number}</dd>" if session.session_number else ""
    date = date_html(session.date_start, session.date_end, session.date_precision, session.date_approximate)
    if session.place or session.place_country_id:
        comma = ", " if session.place and session.place_country_id else ""
        place = f"{escape(session.place)}{comma}{escape(session.place_name or '')}"
    else:
        place = "Not recorded"
    if session.co_chairs:
        chairs = '<ul class="inline-list">' + "".join(map(co_chair_item, session.co_chairs)) + "</ul>"
    else:
        chairs = "Not recorded"
    pledges = session.pledge_list
    if pledges:
        items = "".join(
            f'<li><a href="{escape(pledge.get_absolute_url())}">{escape(pledge.title)}</a>'
            f" {badges(pledge)}</li>"
            for pledge in pledges
        )
        made = f'<ul class="pledge-list">{items}</ul>'
    else:
        made = "None recorded"
    again = ""
    if session.again:
        items = "".join(
            f'<li><a href="{escape(pledge.get_absolute_url())}">{escape(pledge.title)}</a>'
            f' <span class="again-first">(first made {fuzzy_time(pledge.first_date)} at'
            f' <a href="{escape(pledge.first_url())}">{escape(pledge.first_title)}</a>)</span></li>'
            for pledge in session.again
        )
        again = f'<dt>Pledged again</dt>\n      <dd><ul class="pledge-list">{items}</ul></dd>'
    return safe(
        f'\n  <article class="card" aria-labelledby="session-{pk}">\n'
        f'    <h3 id="session-{pk}">{title}</h3>\n'
        '    <dl class="facts">\n'
        f"      {number}\n"
        f"      <dt>Date</dt> <dd>{date}</dd>\n"
        f"      <dt>Place</dt><dd>{place}</dd>\n"
        "      <dt>Co-chairs</dt>\n"
        f"      <dd>{chairs}</dd>\n"
        "      <dt>Pledges</dt>\n"
        f"      <dd>{made}</dd>\n"
        f"      {again}\n"
        "    </dl>\n"
        "  </article>\n  "
    )
