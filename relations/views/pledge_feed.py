"""The pledges' Atom feed: status changes and observations, newest recorded first.

Each list is read along its own index on (``updated_at`` desc, id desc) (migration 0027), its
first page only, the two merged here, then the parties of the pledges they are about in one
query: three queries whatever the number of pledges. The feed takes no filters: the pledge
list's filters (a country, a sector, a status…) are about pledges, and these rows would be found
by walking every recent change and checking its pledge, whose cost grows with how rare the
match is; the pledge list and the API filter them instead.

An entry's id is the pledge page's URL with a fragment naming the row (``#status-12``,
``#observation-3``), the anchors of the page's status history and table of figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from heapq import merge
from itertools import islice

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

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


class PledgesFeed(Feed):
    feed_type = Atom1Feed
    title = f"Pledges · {SITE}"
    subtitle = "Status changes and measured figures of the pledges tracked, newest recorded first."
    description_template = "relations/feeds/pledge_summary.html"
    author_name = SITE

    def link(self) -> str:
        return reverse("relations:pledge-list")

    def items(self) -> list[PledgeEntry]:
        return recent_entries()

    def item_title(self, entry: PledgeEntry) -> str:
        return entry.title

    def item_link(self, entry: PledgeEntry) -> str:
        return entry.get_absolute_url()  # made absolute, it is also the entry's id

    def item_updateddate(self, entry: PledgeEntry) -> dt.datetime:
        return entry.updated

    def item_categories(self, entry: PledgeEntry) -> list[str]:
        return [party.country.name for party in entry.pledge.parties.all()]


pledges_feed_view = PledgesFeed()


def pledges_feed(request: HttpRequest):
    return pledges_feed_view(request)
