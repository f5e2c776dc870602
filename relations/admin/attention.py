"""What needs an editor's attention: the admin index's counts, and the change-list filters their
links open.

Each item is a row of `ATTENTION`: a label, the records it counts, and the change list's query
string that lists exactly those records. Adding one is a few lines there (and a filter here if
the change list has none for it).

Counting costs: "overdue" and "silent" read stored columns of the pledge (its current status,
due date, last status change and last observation); "without a citation" is an anti-join on
the citations' indexed foreign key. Each count stops at `CAP` + 1 rows ("1,000+"), so a long
backlog costs no more than a short one (under 1 ms each on PostgreSQL). Where almost every event
is cited, the anti-join still walks every event to find the few that are not: about 0.1 s at
100k events, so about 1 s at 1M. The counts are therefore kept for `CACHE_SECONDS` in the cache
(one count a minute at most, whatever the number of editors or writes), and the index says when
they were counted. Without a cache (an outage, or the store turned off) they are counted on
each visit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import admin
from django.core.cache import cache
from django.db.models import Exists, Model, OuterRef, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from relations import cache as page_cache
from relations.models import ArticleDraft, Citation, Event, Pledge
from relations.models.progress import Attention

#: The most a count reads: beyond it the index shows "1,000+".
CAP = 1000
#: How long counts are kept: a write shows in them at most this late.
CACHE_SECONDS = 60


def cited(queryset: QuerySet) -> QuerySet:
    """The records of ``queryset`` that at least one citation supports."""
    field = Citation.CITED_BY[queryset.model]
    return queryset.filter(Exists(Citation.objects.filter(**{field: OuterRef("pk")})))


def uncited(queryset: QuerySet) -> QuerySet:
    """The records of ``queryset`` that no citation supports: unsourced."""
    field = Citation.CITED_BY[queryset.model]
    return queryset.filter(~Exists(Citation.objects.filter(**{field: OuterRef("pk")})))


class CitedFilter(admin.SimpleListFilter):
    """Records with or without a citation (``?cited=yes|no``): an event or a pledge."""

    title = "cited"
    parameter_name = "cited"

    def lookups(self, request, model_admin):
        return [("yes", "cited"), ("no", "no citation")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return cited(queryset)
        if self.value() == "no":
            return uncited(queryset)
        return queryset


@dataclass(frozen=True)
class AttentionItem:
    """One line of "Needs attention": how many ``model`` records ``records(on)`` lists, linked
    to the change list filtered by ``query`` (which must list the same records)."""

    key: str
    label: str
    model: type[Model]
    records: Callable[[dt.date], QuerySet]
    query: dict[str, str]


ATTENTION = [
    AttentionItem(
        "events-uncited",
        "Events without a citation",
        Event,
        lambda on: uncited(Event.objects.all()),
        {"cited": "no"},
    ),
    AttentionItem(
        "pledges-uncited",
        "Pledges without a citation",
        Pledge,
        lambda on: uncited(Pledge.objects.all()),
        {"cited": "no"},
    ),
    AttentionItem(
        "pledges-overdue",
        "Pledges overdue",
        Pledge,
        lambda on: Pledge.objects.overdue(on),
        {"attention": Attention.OVERDUE},
    ),
    AttentionItem(
        "pledges-silent",
        "Pledges silent for over a year",
        Pledge,
        lambda on: Pledge.objects.silent(on),
        {"attention": Attention.SILENT},
    ),
    AttentionItem(
        "articles-unreviewed",
        "Articles left unreviewed",
        ArticleDraft,
        lambda on: ArticleDraft.objects.all(),
        {},
    ),
]


@dataclass(frozen=True)
class AttentionCount:
    label: str
    count: int
    capped: bool
    url: str

    @property
    def display(self) -> str:
        return f"{self.count:,}+" if self.capped else f"{self.count:,}"


def capped_count(queryset: QuerySet, cap: int = CAP) -> int:
    """The number of rows, reading at most ``cap`` + 1 of them."""
    return queryset.order_by()[: cap + 1].count()


def _counts(on: dt.date) -> dict[str, int]:
    return {item.key: capped_count(item.records(on)) for item in ATTENTION}


def counted(on: dt.date) -> tuple[dict[str, int], dt.datetime]:
    """Every item's count on ``on`` and when it was counted: kept for `CACHE_SECONDS` while the
    page store is on (`relations.cache.enabled`); counted now without a cache, or while the
    cache is unreachable (a miss, never an error: tracker/redis_cache.py)."""
    if not page_cache.enabled():
        return _counts(on), timezone.now()
    key = f"relations:admin-attention:{on.isoformat()}"
    kept = cache.get(key)
    if kept is None:
        kept = (_counts(on), timezone.now())
        cache.set(key, kept, timeout=CACHE_SECONDS)
    return kept


@dataclass(frozen=True)
class NeedsAttention:
    items: list[AttentionCount]
    counted_at: dt.datetime | None

    @property
    def capped(self) -> bool:
        return any(item.capped for item in self.items)


def attention_counts(
    site: admin.AdminSite, request: HttpRequest, on: dt.date | None = None
) -> NeedsAttention:
    """The items of `ATTENTION` whose records ``request.user`` may see in ``site``, counted on
    ``on`` (today by default)."""
    visible = [
        item
        for item in ATTENTION
        if item.model in site._registry and site._registry[item.model].has_view_or_change_permission(request)
    ]
    if not visible:
        return NeedsAttention([], None)
    counts, counted_at = counted(on or dt.date.today())
    items = []
    for item in visible:
        opts = item.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist", current_app=site.name)
        count = counts[item.key]
        items.append(
            AttentionCount(
                item.label,
                min(count, CAP),
                count > CAP,
                f"{url}?{urlencode(item.query)}" if item.query else url,
            )
        )
    return NeedsAttention(items, counted_at)
