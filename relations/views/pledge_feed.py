"""The pledges' Atom feed: status changes and observations, newest recorded first.

Each list is read along its own index on (``updated_at`` desc, id desc) (migration 0027), its
first page only, the two merged here, then the parties of the pledges they are about in one
query: three queries whatever the number of pledges. The feed takes no filters: the pledge
list's filters (a country, a sector, a status…) are about pledges, and these rows would be found
by walking every recent change and checking its pledge, whose cost grows with how rare the
match is; the pledge list and the API filter them instead.

An entry's id is the pledge page's URL with a fragment naming the row (``#status-12``,
``#observation-3``), the anchors of the page's status history and table of figures. The
document is written by `relations.atom`, each entry's summary in Python (`summary`, the markup
a template per entry used to write): no template render per entry.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from heapq import merge
from itertools import islice

from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import escape

from relations import atom
from relations.models import Observation, Pledge, PledgeParty, PledgeStatusChange
from relations.views.feeds import ENTRIES, SITE


@dataclass
class PledgeEntry:
    """A status change or an observation, as the feed lists it."""

    anchor: str  # the row's id on the pledge page
    title: str
    when: str  # the date at its precision: "September 2025", "Q1 2024"
    updated: dt.datetime
    pledge: Pledge
    row: PledgeStatusChange | Observation

    def get_absolute_url(self) -> str:
        return f"{self.pledge.get_absolute_url()}#{self.anchor}"


def status_entry(change: PledgeStatusChange) -> PledgeEntry:
    return PledgeEntry(
        f"status-{change.pk}",
        f"{change.get_status_display().capitalize()}: {change.pledge.title} ({change.as_of})",
        str(change.as_of),
        change.updated_at,
        change.pledge,
        change,
    )


def observation_entry(observation: Observation) -> PledgeEntry:
    return PledgeEntry(
        f"observation-{observation.pk}",
        f"{observation.value_text} in {observation.period_text}: {observation.pledge.title}",
        observation.period_text,
        observation.updated_at,
        observation.pledge,
        observation,
    )


def recent_entries(limit: int = ENTRIES) -> list[PledgeEntry]:
    """The ``limit`` status changes and observations recorded or corrected last, newest first."""
    changes = PledgeStatusChange.objects.select_related("pledge__event").order_by("-updated_at", "-id")
    observations = Observation.objects.select_related("pledge__event", "source")
    observations = observations.order_by("-updated_at", "-id")
    entries = list(
        islice(
            merge(
                map(status_entry, changes[:limit]),
                map(observation_entry, observations[:limit]),
                key=lambda entry: entry.updated,
                reverse=True,
            ),
            limit,
        )
    )
    parties = PledgeParty.objects.select_related("country").order_by("country__name")
    prefetch_related_objects([entry.pledge for entry in entries], Prefetch("parties", queryset=parties))
    return entries


def summary(entry: PledgeEntry) -> str:
    """The entry's HTML, one line per part, empty lines for the parts it lacks
    (the status or figure, with its source; its note; the pledge and where it was made; its
    parties)."""
    pledge, row = entry.pledge, entry.row
    if isinstance(row, PledgeStatusChange):
        said = f"Status {escape(row.get_status_display())} as of {escape(entry.when)}"
    else:
        said = f"{escape(row.value_text)} in {escape(entry.when)}"
        if row.source:
            said += f", reported by {escape(row.source.publisher or row.source.title)}"
    lines = [f"<p>{said}.</p>", f"<p>{escape(row.note)}</p>" if row.note else ""]
    event = pledge.event
    lines.append(
        f"<p>Pledge: {escape(pledge.title)}, made at {escape(event.title)} ({escape(event.date)}).</p>"
    )
    parties = pledge.parties.all()
    if parties:
        named = ", ".join(
            f"{escape(party.country.name)} ({escape(party.get_role_display())})" for party in parties
        )
        lines.append(f"<p>Parties: {named}</p>\n")
    else:
        lines.append("\n")
    return "\n".join(lines)


def pledges_feed(request: HttpRequest) -> HttpResponse:
    entries = recent_entries()
    return atom.document(
        request,
        title=f"Pledges · {SITE}",
        link=reverse("relations:pledge-list"),
        feed_url=request.path,
        subtitle="Status changes and measured figures of the pledges tracked, newest recorded first.",
        author=SITE,
        entries=[
            atom.Entry(
                entry.title,
                entry.get_absolute_url(),
                entry.updated,
                summary(entry),
                [party.country.name for party in entry.pledge.parties.all()],
            )
            for entry in entries
        ],
    )
