"""The rows of the long lists (countries, pledges) and a pledge's status badge, written in Python.

Each tag writes, character for character, what its template loop or partial wrote before (the
partial it replaces is named on each): a page of 50 pledges or 249 countries spent most of its
time rendering the same few partials once per row, resolving each variable through the template
engine. Everything taken from a record is escaped here; the rest is fixed markup.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.safestring import SafeString, mark_safe

from relations.models import Pledge
from relations.models.events import ListedCountry
from relations.templatetags.pledge_progress import ATTENTION_HELP, bar_width, percent
from relations.templatetags.tracker import country_linker, esc, fuzzy_time

register = template.Library()

# What `capfirst` makes of each mark's meaning (its title attribute).
_TITLES = {mark: help[:1].upper() + help[1:] for mark, help in ATTENTION_HELP.items()}


@register.simple_tag
def country_rows(countries: Iterable) -> SafeString:
    """The rows of the countries table: ``countries`` have a ``code``, ``name``,
    ``event_count`` (`CountryQuerySet.taking_part`) and ``get_absolute_url``."""
    rows = []
    country_link = country_linker()
    for row in countries:
        rows.append(
            '\n      <tr>\n        <th scope="row">'
            f"{country_link(row)}</th>\n"
            f'        <td data-label="ISO code">{esc(row.code)}</td>\n'
            f'        <td data-label="Events">{row.event_count}</td>\n      </tr>\n    '
        )
    return mark_safe("".join(rows))  # names and codes are escaped above


def progress_markup(pledge: Pledge, marks: bool = True) -> str:
    """What `pledge_progress` (relations/includes/_pledge_progress.html) writes for ``pledge``."""
    verdict = pledge.verdict()
    attention = pledge.attention() if marks else []
    if not (verdict or attention):
        return ""
    parts = ['<span class="evidence">']
    if verdict:
        value = esc(verdict.value)
        parts.append(
            f'<span class="verdict verdict-{value}"><span class="evidence-label">evidence:</span> '
            f"{esc(verdict.label)}</span>"
        )
        shown = percent(pledge.progress_share)
        if shown is not None:
            parts.append(
                ' <span class="progress"><span class="progress-track" aria-hidden="true">'
                f'<span class="progress-fill verdict-{value} w-{bar_width(pledge.progress_share)}">'
                f'</span></span> <span class="progress-text">{shown}%<span class="visually-hidden"> '
                "of the way to the target</span></span></span>"
            )
    for mark in attention:
        help = ATTENTION_HELP[mark]
        parts.append(
            f' <span class="attention attention-{esc(mark.value)}" '
            f'title="{esc(_TITLES[mark])}">{esc(mark.label)}'
            f'<span class="visually-hidden">: {esc(help)}</span></span>'
        )
    parts.append("</span>")
    return "".join(parts)


@register.simple_tag
def pledge_status(pledge: Pledge, badge_only: bool = False) -> SafeString:
    """A pledge's status badge and, unless ``badge_only``, its evidence beside it
    (relations/includes/_pledge_status.html)."""
    badge = (
        f'<span class="status status-{esc(pledge.current_status or "none")}">'
        f"{esc(pledge.current_status_label)}</span>"
    )
    if badge_only:
        return mark_safe(badge)  # escaped above
    return mark_safe(f"{badge} {progress_markup(pledge)}")  # escaped above


def pledge_row(pledge: Pledge, country_link) -> str:
    """One row of the pledge tracker's table (the loop of relations/pledge_list.html)."""
    parties = "".join(
        f"<li>{country_link(ListedCountry(row['country'], row['name']))}</li>" for row in pledge.party_rows
    )
    event = pledge.event
    target = esc(pledge.target_text or "—")
    if pledge.currencies:
        codes = ", ".join(esc(code) for code in pledge.currencies)
        target = f'{target} <br><span class="role">in {codes}</span>'
    return (
        "\n      <tr>\n"
        f'        <th scope="row"><a href="{esc(pledge.get_absolute_url())}">'
        f"{esc(pledge.title)}</a></th>\n"
        f'        <td data-label="Parties"><ul class="inline-list">{parties or "<li>—</li>"}</ul></td>\n'
        f'        <td data-label="Made at"><a href="{esc(event.get_absolute_url())}">'
        f"{esc(event.title)}</a> <br>{fuzzy_time(event.date)}</td>\n"
        f'        <td data-label="Status">{pledge_status(pledge)}</td>\n'
        f'        <td data-label="Target">{target}</td>\n'
        f'        <td data-label="Due">{fuzzy_time(pledge.due)}</td>\n'
        "      </tr>\n    "
    )


@register.simple_tag
def pledge_rows(pledges: Iterable[Pledge]) -> SafeString:
    """The rows of the pledge tracker's table: ``pledges`` from `PledgeQuerySet.for_rows`."""
    country_link = country_linker()
    return mark_safe("".join(pledge_row(pledge, country_link) for pledge in pledges))  # escaped in pledge_row
