"""The summaries at the top of the pair and country pages (relations/summaries.py) as HTML,
built in Python: rendered through templates, their few lines cost more than the queries that
read them (a template variable, filter or ``{% url %}`` each resolved on every request). The
markup is the one the templates in templates/relations/includes/_summary_*.html describe, which
call these functions; tests/test_summary_html.py checks them against the templates they
replaced."""

from __future__ import annotations

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import get_template
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe

from relations.paths import official_url
from relations.templatetags.pledge_progress import pledge_progress
from relations.templatetags.tracker import flag, fuzzy_time


class _FixedAddress:
    """``reverse(route)`` of a route without arguments, reversed again only when the URLconf or
    the script prefix it was built under is no longer the current one (relations/paths.py)."""

    def __init__(self, route: str) -> None:
        self.route = route
        self.built: tuple | None = None  # (resolver, script prefix, address)

    def __call__(self) -> str:
        resolver, prefix = get_resolver(get_urlconf()), get_script_prefix()
        built = self.built
        if built is None or built[0] is not resolver or built[1] != prefix:
            built = self.built = (resolver, prefix, escape(reverse(self.route)))
        return built[2]


_timeline = _FixedAddress("relations:timeline")
_pledge_list = _FixedAddress("relations:pledge-list")


@receiver(setting_changed)
def _forget_addresses(**kwargs) -> None:
    _timeline.built = _pledge_list.built = None


def _plural(n) -> str:
    return "" if n == 1 else "s"


def _when(date) -> str:
    return conditional_escape(fuzzy_time(date))


def event_line(event) -> SafeString:
    """An event in a summary line, linked, with its date at its precision
    (_summary_event.html)."""
    return mark_safe(
        f'<a href="{escape(event.get_absolute_url())}">{escape(event.title)}</a> '
        f'<span class="when">({_when(event.date)})</span>'
    )


def kinds_list(kinds, query: str) -> SafeString:
    """Events of each kind (`KindCount`), each linked to the timeline filtered by ``query`` and
    the kind (_summary_kinds.html)."""
    timeline, query = _timeline(), escape(query)
    items = "".join(
        f'<li><a href="{timeline}?{query}&amp;kind={escape(k.kind)}">'
        f"{k.events} {escape(k.kind_name)}{_plural(k.events)}</a></li> "
        for k in kinds
    )
    return mark_safe(f'<ul class="glance-list">{items}</ul>')


def pledge_scorecard(card, query: str) -> SafeString:
    """The pledge scorecard (`Scorecard`) as a bar and a list, each status linked to the pledge
    tracker filtered by ``query`` and the status (_summary_pledges.html)."""
    if not card.total:
        return mark_safe("None recorded")
    bars = "".join(
        f'<rect class="bar-{escape(s.status)}" x="{s.x:.2f}" y="0" width="{s.width:.2f}" height="4"/>'
        for s in card.segments
    )
    pledges, query = _pledge_list(), escape(query)
    items = []
    for s in card.segments:
        status, text = escape(s.status), f"{s.pledges} {escape(s.label)}"
        if s.status != "none":
            text = f'<a href="{pledges}?{query}&amp;status={status}">{text}</a>'
        items.append(f'<li><span class="swatch bar-{status}" aria-hidden="true"></span>{text}</li> ')
    return mark_safe(
        '<svg class="scorebar" viewBox="0 0 100 4" preserveAspectRatio="none" width="100%" height="10" '
        f'aria-hidden="true" focusable="false">{bars}</svg>\n'
        f'<ul class="glance-list">{"".join(items)}</ul>'
    )


def measured_list(measured, pair: str) -> SafeString:
    """The pair scorecard's measurable pledges (`Measured`), each with its target, its latest
    observation and its progress (_summary_measured.html)."""
    progress = get_template("relations/includes/_pledge_progress.html")
    lines = []
    for line in measured.lines:
        pledge = line.pledge
        due = f", due {_when(pledge.due)}" if pledge.due else ""
        latest = f"latest {escape(line.latest)}" if line.latest else "no observation yet"
        lines.append(
            f'\n  <li><a href="{escape(pledge.get_absolute_url())}">{escape(pledge.title)}</a> '
            f'<span class="measured-facts">target {escape(pledge.target_text)}{due}; {latest}</span> '
            f"{progress.render(pledge_progress(pledge, marks=False))}</li>"
        )
    more = ""
    if measured.more:
        total = escape(measured.total_text)
        more = f'\n<a href="{_pledge_list()}?pair={escape(pair)}">All {total} measurable pledges</a>'

    return mark_safe(f'<ul class="measured-list">{"".join(lines)}\n</ul>{more}\n')


def _session_link(session) -> str:
    number = f"No. {session.number}, " if session.number else ""
    return f'<a href="{escape(_event_address(session.slug))}">{number}{_when(session.date)}</a>'


def _event_address(slug: str) -> str:
    from relations.paths import event_url

    return event_url(slug)


def _commission_line(line) -> str:
    commission = line.commission
    name = commission.acronym or commission.name
    latest = f"last met {_session_link(line.latest)}" if line.latest else "no session held yet"
    coming = f"next {_session_link(line.next)}" if line.next else "no next session announced"
    return (
        f'<dt>Commission</dt> <dd><a href="{escape(commission.get_absolute_url())}">{escape(name)}</a>: '
        f"{latest}; {coming}.</dd>"
    )


def _officials(country, people) -> str:
    if not people:
        return ""
    items = "".join(
        f'<li><a href="{escape(official_url(p.slug))}">{escape(p.name)}</a> '
        f'<span class="count">{p.events} event{_plural(p.events)}</span></li> '
        for p in people
    )
    return f'<dt>Met most for {escape(country.name)}</dt> <dd><ul class="glance-list">{items}</ul></dd>'


def _glance(rows: str | None, empty: str) -> SafeString:
    inner = f"\n  <dl>\n{rows}\n  </dl>\n  " if rows is not None else f'<p class="empty">{empty}</p>'
    return mark_safe(
        '<section class="glance" aria-labelledby="glance-title">\n'
        '  <h2 id="glance-title" class="visually-hidden">At a glance</h2>\n'
        f"  {inner}\n</section>\n"
    )


def _recorded(summary, query: str) -> list[str]:
    first = summary.first
    return [
        f'<dt>Recorded since</dt> <dd>{_when(first.date)}, <a href="{escape(first.get_absolute_url())}">'
        f"{escape(first.title)}</a></dd>",
        f"<dt>{summary.events} event{_plural(summary.events)}</dt> "
        f"<dd>{kinds_list(summary.kinds, query)}</dd>",
    ]


def pair_summary_html(summary, pair: str) -> SafeString:
    """The pair page's summary (`PairSummary`); ``pair``: "pk-tr" (_summary_pair.html)."""
    if not summary.first:
        return _glance(None, "No shared events recorded yet.")
    query = f"pair={pair}"
    measured = summary.measured
    rows = [
        *_recorded(summary, query),
        "".join(_commission_line(line) for line in summary.commissions),
        f"<dt>Pledges</dt> <dd>{pledge_scorecard(summary.pledges, query)}</dd>",
        f"<dt>Progress</dt> <dd>{measured_list(measured, pair)}</dd>" if measured and measured.lines else "",
        "".join(_officials(country, people) for country, people in summary.officials),
        f"<dt>Latest</dt> <dd>{event_line(summary.latest)}</dd>",
    ]
    return _glance("\n".join(f"    {row}" for row in rows), "")


def country_summary_html(summary, code: str) -> SafeString:
    """The country page's summary (`TimelineSummary`); ``code``: "pk" (_summary_country.html)."""
    if not summary.first:
        return _glance(None, "No events recorded for this country yet.")
    query = f"country={code}"
    rows = [
        *_recorded(summary, query),
        f"<dt>Pledges</dt> <dd>{pledge_scorecard(summary.pledges, query)}</dd>",
        f"<dt>Latest</dt> <dd>{event_line(summary.latest)}</dd>",
    ]
    return _glance("\n".join(f"    {row}" for row in rows), "")


def partner_items(partners: list[dict], most: int) -> SafeString:
    """The country page's partners (`active_pairs` of the country), each linked to its pair's
    page with its number of shared events and a bar as long as that number is next to ``most``
    (the first's)."""
    items = []
    for pair in partners:
        partner, events = pair["partner"], pair["events"]
        name = escape(partner.name)
        try:
            width = str(round(float(events) / float(most) * 1000))
        except ZeroDivisionError:
            width = "0"
        items.append(
            f'<li><a href="{escape(pair["url"])}" aria-label="Ties with {name}">{flag(partner)}{name}</a> '
            f'<span class="count">{events:,} shared event{_plural(events)}</span>\n          '
            '<svg class="partner-bar" viewBox="0 0 1000 6" preserveAspectRatio="none" aria-hidden="true" '
            'focusable="false"><rect class="partner-bar-track" width="1000" height="6"/>'
            f'<rect class="partner-bar-fill" width="{width}" height="6"/></svg></li>'
        )
    return mark_safe("".join(items))
