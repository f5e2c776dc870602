"""Lists that are newest first, read through the index of the rows they were filtered by.

A pair's events are found through the pair index (`EventPair`), a country's through its rows of
the event–country table, a country's pledges through its party rows; each of those rows carries
a copy of the date and is indexed on (key, date desc, id desc). Ordered by the event's own date,
the database would gather every match and sort it; ordered by the row's copy, it walks that
index and stops at the page. So the QuerySet methods that read through such rows (`for_pair`,
`for_country`, `involving`) order along them, `newest_first()` keeps that order, and keyset
pages (`relations.pagination.keyset_page`) and the API's cursor pages read the queryset's order
rather than being told it.
"""

from __future__ import annotations

from typing import Self

from django.db import models
from django.db.models import F


class NewestFirstQuerySet(models.QuerySet):
    """Rows whose newest-first order is the model's (``Meta.ordering``: a date and the id, both
    descending) until they are read through another table's dated rows (`read_through`)."""

    newest_order: tuple[str, str] | None = None  # None: Meta.ordering

    def _clone(self) -> Self:
        # Every chained call copies the queryset through here: the order carries on with it.
        clone = super()._clone()
        clone.newest_order = self.newest_order
        return clone

    def newest_first(self) -> Self:
        """Newest first: along the index of the rows these were read through, if any (the
        methods that read through them already order so), else by ``Meta.ordering``."""
        return self.order_by(*(self.newest_order or self.model._meta.ordering))

    def read_through(self, relation: str, key: str) -> Self:
        """Ordered newest first by the rows of ``relation`` that the last filter on it joined
        (``index_date``, ``index_id``: their copy of the date and ``key``, the id of the row
        listed), so that the database walks their index. Called right after that filter, the
        annotations name that filter's join, not a second one. Read through two such tables
        (a country's rows, then a pair's), the last one orders."""
        rows = self.annotate(index_date=F(f"{relation}__date_start"), index_id=F(f"{relation}__{key}"))
        rows.newest_order = ("-index_date", "-index_id")
        return rows.order_by(*rows.newest_order)
