"""How many pledges of each current status a country, or a pair of countries, is a party to.

The pledge tracker shows these counts above a country's or a pair's pledges; counted on each
request they read every one of its pledges (30,000 for the busiest country of the 1M-event demo
data, 95–180 ms). Kept like the other totals (relations/models/totals.py): recounted from the rows
on every write that can change them (`recount_party_totals`), refilled in bulk by loaders.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import reduce
from itertools import combinations
from operator import or_

from django.db import models
from django.db.models import Count, F, Q

from relations.models.totals import Total, TotalQuerySet


class PledgeCountryTotal(Total):
    """How many pledges with a current status (``""``: none yet) a country is a party to."""

    country = models.ForeignKey(
        "relations.Country", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    status = models.CharField(max_length=20, blank=True)
    pledges = models.PositiveIntegerField(default=0)

    KEY = ("country", "status")
    COUNT = "pledges"
    objects = TotalQuerySet.as_manager()

    class Meta:
        constraints = [
            # Also a country's counts, read by the pledge tracker: PledgeQuerySet.stored_status_totals().
            models.UniqueConstraint(fields=["country", "status"], name="pledge_country_total_once"),
        ]

    def __str__(self) -> str:
        return f"{self.country_id} {self.status or 'no status yet'}: {self.pledges} pledges"

    @classmethod
    def count_rows(cls, keys: list[tuple] | None) -> dict[tuple, int]:
        from relations.models.pledges import PledgeParty

        rows = PledgeParty.objects.all()
        if keys is not None:
            rows = rows.filter(country_id__in={code for code, _ in keys})
        counted = rows.order_by().values_list("country_id", "pledge__current_status").annotate(n=Count("pk"))
        return {(code, status or ""): n for code, status, n in counted}


class PledgePairTotal(Total):
    """How many pledges with a current status (``""``: none yet) both countries are parties to."""

    low = models.ForeignKey("relations.Country", on_delete=models.CASCADE, related_name="+", db_index=False)
    high = models.ForeignKey("relations.Country", on_delete=models.CASCADE, related_name="+", db_index=False)
    status = models.CharField(max_length=20, blank=True)
    pledges = models.PositiveIntegerField(default=0)

    KEY = ("low", "high", "status")
    COUNT = "pledges"
    objects = TotalQuerySet.as_manager()

    class Meta:
        constraints = [
            # Also a pair's counts, read by the pledge tracker: PledgeQuerySet.stored_status_totals().
            models.UniqueConstraint(fields=["low", "high", "status"], name="pledge_pair_total_once"),
            models.CheckConstraint(condition=Q(low__lt=F("high")), name="pledge_pair_total_low_before_high"),
        ]

    def __str__(self) -> str:
        return f"{self.low_id}–{self.high_id} {self.status or 'no status yet'}: {self.pledges} pledges"

    @classmethod
    def count_rows(cls, keys: list[tuple] | None) -> dict[tuple, int]:
        from relations.models.pledges import PledgeParty

        # A party row of the lower code joined with its pledge's row of the higher one (in one
        # filter() call, so that both conditions are on the same joined row).
        which = Q(pledge__parties__country__gt=F("country"))
        if keys is not None:
            pairs = {(low, high) for low, high, _ in keys}
            which &= reduce(or_, (Q(country=low, pledge__parties__country=high) for low, high in pairs))
        rows = PledgeParty.objects.filter(which)
        counted = (
            rows.order_by()
            .values_list("country_id", "pledge__parties__country_id", "pledge__current_status")
            .annotate(n=Count("pk"))
        )
        return {(low, high, status or ""): n for low, high, status, n in counted}


def party_total_keys(parties: Iterable[tuple[int, str, str | None]]) -> tuple[set, set]:
    """The country totals and pair totals that count these (pledge, country, status) rows; a
    pledge's rows may come under several statuses (before and after a change)."""
    countries: dict[tuple[int, str], set[str]] = {}
    for pledge_id, code, status in parties:
        countries.setdefault((pledge_id, status or ""), set()).add(code)
    country_keys = {(code, status) for (_, status), codes in countries.items() for code in codes}
    pair_keys = {
        (low, high, status)
        for (_, status), codes in countries.items()
        for low, high in combinations(sorted(codes), 2)
    }
    return country_keys, pair_keys


def recount_party_totals(country_keys: Iterable[tuple], pair_keys: Iterable[tuple]) -> None:
    """Recount these country and pair totals; at most ten queries (eight on SQLite)."""
    PledgeCountryTotal.objects.recount(country_keys)
    PledgePairTotal.objects.recount(pair_keys)


def refill_party_totals() -> None:
    """Recount every country and pair total, in bulk (generate_demo, the migration)."""
    PledgeCountryTotal.objects.refill()
    PledgePairTotal.objects.refill()
