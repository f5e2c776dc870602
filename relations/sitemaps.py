"""The sitemap (Django's sitemaps framework): an index at /sitemap.xml and a section for each
kind of page, /sitemap-<section>.xml?p=<page>.

Large sections do not use Django's paginator, which counts every row (``COUNT(*)``) and reads a
page by ``OFFSET``, deeper and slower with each page. They walk the primary key instead
(`IdBlocks`): page n holds the rows whose id falls in the n-th block of `BLOCK` ids, read along
the primary key's index, and the number of pages is the highest id over the block size (one
index lookup). Every page of the index and of a section then costs the same at a million events
as at a thousand. A block may hold fewer rows than its size where rows were deleted.

Addresses are built from one `reverse()` per section, not one per row, and rows are read as
tuples (no model instances): a page of `BLOCK` events is one query.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import CharField, Max, QuerySet
from django.db.models.functions import Cast, TruncDate
from django.urls import reverse
from django.utils.functional import cached_property

from relations.models import Commission, Country, Event, Official, Pledge
from relations.models.totals import PairTotal

# Ids per section page: within the protocol's 50,000 addresses, and small enough that a page
# renders in a quarter of a second on a loaded two-core machine (10,000: 0.6 s; the database's
# part is a few ms at any size); 200 pages in the index per million events.
BLOCK = 5_000


def address(route: str, placeholder: str = "__key__") -> str:
    """A route's path with ``{}`` where its one argument goes: "/events/{}/". The
    ``placeholder`` must match the route's converter (digits for ``<int:…>``)."""
    return reverse(route, args=[placeholder]).replace(placeholder, "{}")


@dataclass(frozen=True)
class Block:
    object_list: QuerySet


class IdBlocks:
    """A paginator for the sitemaps framework over ``rows`` (a queryset of a model with an
    integer primary key): page n is the rows with ``(n - 1) * size < id <= n * size``, in id
    order. Costs one query for the number of pages (the table's highest id, read from the
    primary key's index whatever the filter on ``rows``) and one per page read."""

    def __init__(self, rows: QuerySet, size: int) -> None:
        self.rows = rows
        self.size = size

    @cached_property
    def num_pages(self) -> int:
        top = self.rows.model._default_manager.aggregate(top=Max("pk"))["top"] or 0
        return max(1, math.ceil(top / self.size))

    def validate_number(self, number) -> int:
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer.") from None
        if not 1 <= number <= self.num_pages:
            raise EmptyPage("That page contains no results.")
        return number

    def page(self, number) -> Block:
        number = self.validate_number(number)
        first = (number - 1) * self.size
        return Block(self.rows.filter(pk__gt=first, pk__lte=first + self.size).order_by("pk"))


class BlockSitemap(Sitemap):
    """A section read in blocks of ids (`IdBlocks`). ``items()`` returns tuples whose first
    element fills the route's argument and whose second, if any, is the day of the last change.

    A page's addresses are listed in one pass (`_urls`), not through the framework's calls per
    row (its location, priority, change frequency, alternates and last change, each looked up
    by name), and written by the ``sitemap_urls`` tag of templates/relations/sitemap.xml."""

    limit = BLOCK
    route = ""
    placeholder = "__key__"

    @cached_property
    def paginator(self) -> IdBlocks:
        return IdBlocks(self.items(), self.limit)

    @cached_property
    def _address(self) -> str:
        return address(self.route, self.placeholder)

    def location(self, item: tuple) -> str:
        return self._address.format(item[0])

    def get_latest_lastmod(self):
        """None: the newest change of a large table would be a scan of it (``updated_at`` has
        no index); each address carries its own."""
        return None

    dated = False  # whether each row's second element is the day of its last change

    def _urls(self, page, protocol, domain) -> list[dict]:
        """The page's addresses as the framework lists them (``location`` and ``lastmod``, the
        day as text; no priority, change frequency or alternates, which this site gives none)."""
        block = self.paginator.page(page)
        prefix = f"{protocol}://{domain}"
        location = self.location
        if self.dated:
            urls = [
                {"item": row, "location": prefix + location(row), "lastmod": row[1]}
                for row in block.object_list
            ]
        else:
            urls = [
                {"item": row, "location": prefix + location(row), "lastmod": None}
                for row in block.object_list
            ]
        self.latest_lastmod = self.latest(block) if urls else None
        return urls

    def latest(self, block: Block):
        """The newest change on the page (the response's ``Last-Modified``), or None."""
        return None


class ChangingSitemap(BlockSitemap):
    """A section whose rows say when they last changed (``updated_at``): each row's day (in the
    site's time zone, as text, from the database) and the newest change of the page (one more
    query, along the primary key's index), so no time of day is read per row."""

    dated = True

    def lastmod(self, item: tuple) -> str:
        return item[1]

    @staticmethod
    def changed_on(rows: QuerySet, key: str) -> QuerySet:
        """``rows`` as (``key``, the day of the last change as "YYYY-MM-DD")."""
        day = Cast(TruncDate("updated_at"), CharField())
        return rows.annotate(changed_on=day).values_list(key, "changed_on")

    def latest(self, block: Block):
        return block.object_list.order_by().aggregate(latest=Max("updated_at"))["latest"]


class EventSitemap(ChangingSitemap):
    route = "relations:event-detail"

    def items(self) -> QuerySet:
        return self.changed_on(Event.objects.order_by("pk"), "slug")


class PledgeSitemap(ChangingSitemap):
    route = "relations:pledge-detail"
    placeholder = "999999999"

    def items(self) -> QuerySet:
        return self.changed_on(Pledge.objects.order_by("pk"), "pk")


class CommissionSitemap(ChangingSitemap):
    route = "relations:commission-detail"

    def items(self) -> QuerySet:
        return self.changed_on(Commission.objects.order_by("pk"), "slug")

    def get_latest_lastmod(self):
        # Commissions are few: their newest change is cheap to read.
        return Commission.objects.aggregate(latest=Max("updated_at"))["latest"]


class OfficialSitemap(BlockSitemap):
    route = "relations:official-detail"

    def items(self) -> QuerySet:
        return Official.objects.order_by("pk").values_list("slug")


class PairSitemap(BlockSitemap):
    """The ties pages of the pairs that share at least one event (`PairTotal`)."""

    route = "relations:ties"

    def items(self) -> QuerySet:
        return PairTotal.objects.filter(events__gt=0).order_by("pk").values_list("low_id", "high_id")

    def location(self, item: tuple) -> str:
        return self._address.format(f"{item[0]}-{item[1]}".lower())


class CountrySitemap(Sitemap):
    """The countries taking part in at least one event: a few hundred at most, so Django's own
    paginator (its count is over the countries, not the events)."""

    @cached_property
    def _address(self) -> str:
        return address("relations:country-detail")

    def items(self) -> QuerySet:
        return Country.objects.taking_part().order_by("code").values_list("code", flat=True)

    def location(self, code: str) -> str:
        return self._address.format(code.lower())


class PageSitemap(Sitemap):
    """The pages that list the others."""

    def items(self) -> list[str]:
        return [
            "relations:home",
            "relations:timeline",
            "relations:country-list",
            "relations:commission-list",
            "relations:official-list",
            "relations:pledge-list",
        ]

    def location(self, route: str) -> str:
        return reverse(route)


SITEMAPS = {
    "pages": PageSitemap,
    "countries": CountrySitemap,
    "ties": PairSitemap,
    "commissions": CommissionSitemap,
    "officials": OfficialSitemap,
    "events": EventSitemap,
    "pledges": PledgeSitemap,
}
