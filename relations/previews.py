"""The one-sentence descriptions that link previews (Open Graph, Twitter cards) and search
results show for a page: "42 events between Pakistan and Türkiye, 1951–2025; latest: …".

Each is built from what the page has already read (its summary, prefetched rows), so a preview
costs no query of its own. Dates read at their precision ("July 2025", never "1 July 2025").
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.text import Truncator, capfirst

from relations.dates import FuzzyDate, Precision
from relations.models import PledgeParty
from relations.summaries import CommissionSummary, OfficialSummary, TimelineSummary

# Link previews cut a description at about 200 characters; search results at about 160.
SUMMARY_WORDS = 30


def plural(n: int, word: str, words: str | None = None) -> str:
    """1, "event" -> "1 event"; 1600, "event" -> "1,600 events"."""
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def names(items: Iterable[str]) -> str:
    """["Pakistan", "Türkiye", "China"] -> "Pakistan, Türkiye and China"."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def years(first: FuzzyDate | None, last: FuzzyDate | None) -> str:
    """The years a record spans: "1951–2025", or "2025" when it is one year."""
    if first is None or last is None:
        return ""
    low, high = first.start.year, last.last_start.year
    return str(low) if low == high else f"{low}–{high}"


def when(date: FuzzyDate) -> str:
    """A date in a sentence: "on 9 July 2025", "in July 2025", "in 2025"."""
    return f"{'on' if date.precision == Precision.DAY else 'in'} {date.display()}"


def _event_line(event) -> str:
    """ "Talks in Ankara (July 2025)": a title and its date at its precision."""
    return f"{event.title} ({event.date.display()})"


def _timeline_tail(summary: TimelineSummary) -> str:
    parts = []
    if summary.latest is not None:
        parts.append(f"latest: {_event_line(summary.latest)}")
    if summary.pledges.total:
        parts.append(f"{plural(summary.pledges.total, 'pledge')} tracked")
    return "".join(f"; {part}" for part in parts)


def pair_description(a, b, summary: TimelineSummary) -> str:
    """ "42 events between Pakistan and Türkiye, 1951–2025; latest: 16th JMC (July 2025); 9
    pledges tracked." """
    if not summary.events:
        return f"No events recorded yet between {a.name} and {b.name}."
    span = years(summary.first and summary.first.date, summary.latest and summary.latest.date)
    return (
        f"{plural(summary.events, 'event')} between {a.name} and {b.name}, {span}{_timeline_tail(summary)}."
    )


def country_description(country, summary: TimelineSummary, partners: int) -> str:
    """ "Pakistan took part in 120 events, 1947–2025, with 14 countries; latest: …" """
    if not summary.events:
        return f"No events recorded yet in which {country.name} took part."
    span = years(summary.first and summary.first.date, summary.latest and summary.latest.date)
    others = f", with {plural(partners, 'country', 'countries')}" if partners else ""
    return (
        f"{country.name} took part in {plural(summary.events, 'event')}, {span}{others}"
        f"{_timeline_tail(summary)}."
    )


def commission_description(commission, summary: CommissionSummary) -> str:
    """ "Joint Ministerial Commission (JMC) of Pakistan and Türkiye, founded 1995: 16 sessions,
    1995–2025; latest: 16th session (July 2025); next: 17th session (2026)." Reads the members
    the page prefetched."""
    name = f"{commission.name} ({commission.acronym})" if commission.acronym else commission.name
    members = names(country.name for country in commission.members.all())
    text = name + (f" of {members}" if members else "")
    if commission.founded is not None:
        text += f", founded {commission.founded.display()}"
    if not summary.sessions:
        return f"{text}: no sessions recorded yet."
    last = summary.latest or summary.next or summary.first
    text += f": {plural(summary.sessions, 'session')}, {years(summary.first.date, last.date)}"
    if summary.latest is not None:
        text += f"; latest: {_event_line(summary.latest)}"
    if summary.next is not None:
        text += f"; next: {_event_line(summary.next)}"
    return text + "."


def official_description(official, summary: OfficialSummary) -> str:
    """ "Yaşar Güler, Minister of National Defence: 12 events attended, 2019–2025, most often
    with Pakistan; latest: …" """
    text = official.name
    if summary.offices:
        text += ", " + names(office.title for office in summary.offices)
    if not summary.events:
        return f"{text}: no events attended recorded yet."
    first = summary.first.event.date if summary.first else None
    latest = summary.latest.event.date if summary.latest else None
    text += f": {plural(summary.events, 'event')} attended, {years(first, latest)}"
    if summary.partners:
        text += f", most often with {summary.partners[0].country.name}"
    if summary.latest is not None:
        text += f"; latest: {_event_line(summary.latest.event)}"
    return text + "."


def event_description(event) -> str:
    """ "Visit on 8–9 July 2025 in Islamabad, Pakistan, between Pakistan and Türkiye: <summary>".
    Reads the countries the page prefetched (named as they were on the day)."""
    status = "" if event.status == event.Status.HELD else f" ({event.get_status_display().lower()})"
    text = f"{capfirst(event.kind.name)}{status} {when(event.date)}"
    place = ", ".join(part for part in (event.place, getattr(event, "place_name", "") or "") if part)
    if place:
        text += f" in {place}"
    countries = [row.name_then for row in event.event_countries.all()]
    if countries:
        text += f", {'between' if len(countries) > 1 else 'by'} {names(countries)}"
    summary = Truncator(event.summary).words(SUMMARY_WORDS)
    return f"{text}: {summary}" if summary else f"{text}."


def pledge_description(pledge) -> str:
    """ "A pledge by Pakistan to Türkiye, made in July 2025 (<event>): in progress; target:
    US$5 billion: annual bilateral trade, due 2028." Reads the parties the page prefetched."""
    by_role: dict[str, list[str]] = {}
    for party in pledge.parties.all():
        by_role.setdefault(party.role, []).append(party.country.name)
    pledgers = by_role.get(PledgeParty.Role.PLEDGER, [])
    beneficiaries = by_role.get(PledgeParty.Role.BENEFICIARY, [])
    mutual = by_role.get(PledgeParty.Role.MUTUAL, [])
    text = "A pledge"
    if pledgers:
        text += f" by {names(pledgers)}" + (f" to {names(beneficiaries)}" if beneficiaries else "")
    elif mutual or beneficiaries:
        text += f" between {names(mutual + beneficiaries)}"
    text += f", made {when(pledge.event.date)} ({pledge.event.title}): {pledge.current_status_label}"
    if pledge.target_text:
        text += f"; target: {pledge.target_text}"
    if pledge.due is not None:
        text += f", due {pledge.due.display()}"
    return text + "."
