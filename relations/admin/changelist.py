"""Change lists that cost the same at a million rows as at a thousand.

Django's change list counts the rows it lists (``COUNT(*)``, twice with the full count), pages
with ``OFFSET`` as deep as the editor asks, and its date drill-down reads the listed rows' first
and last dates and their distinct years. Here a list of ``ESTIMATE_FROM`` rows or more shows
PostgreSQL's estimate of its size instead of counting it, only the first ``MAX_PAGES`` pages can
be reached, and the drill-down offers the years between the table's first and last date (two
index lookups) and, below a year, its months and days without asking the database.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from functools import cached_property

from django.contrib.admin import FieldListFilter
from django.contrib.admin.utils import lookup_spawns_duplicates
from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, Paginator
from django.db import connections
from django.db.models import Max, Min, QuerySet
from django.utils import formats
from django.utils.text import capfirst

from relations.models.totals import ESTIMATE_FROM

# Pages beyond this are not linked or served: an editor looking that far narrows the list with
# search or filters instead. It bounds the OFFSET a page can ask for (199 × 50 rows).
MAX_PAGES = 200


def estimated_size(queryset: QuerySet) -> int | None:
    """PostgreSQL's estimate of how many rows ``queryset`` returns, or ``None`` where there is none
    (other databases, a table never analysed). One query, whatever the rows: a whole table's size
    is ``pg_class.reltuples`` (kept by ANALYZE and autovacuum), a filtered list's is the planner's
    estimate (EXPLAIN, which plans the query without running it)."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        if not queryset.query.where:
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                [connection.ops.quote_name(queryset.model._meta.db_table)],
            )
            rows = cursor.fetchone()[0]
            return rows if rows >= 0 else None
        try:
            sql, params = queryset.values("pk").order_by().query.sql_with_params()
        except EmptyResultSet:  # ``.none()``, or a filter that can match nothing
            return 0
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def _round(n: int) -> int:
    """``n`` to two significant figures, as the estimate is no closer than that."""
    return round(n, 2 - len(str(n)))


class EstimatedPaginator(Paginator):
    """A paginator that counts small lists and estimates large ones, and serves ``MAX_PAGES`` pages.

    ``count`` is exact below ``ESTIMATE_FROM`` rows and on databases other than PostgreSQL. On
    PostgreSQL, a list estimated (`estimated_size`) at ``ESTIMATE_FROM`` rows or more is not
    counted: its size is the estimate, rounded ("about 1,000,000"), and ``estimated`` is true.
    A page number past the last reachable page gives the last reachable page.
    """

    estimated = False

    @cached_property
    def count(self) -> int:
        estimate = estimated_size(self.object_list) if isinstance(self.object_list, QuerySet) else None
        if estimate is None or estimate < ESTIMATE_FROM:
            return super().count
        self.estimated = True
        return _round(estimate)

    @cached_property
    def num_pages(self) -> int:
        return min(super().num_pages, MAX_PAGES)

    @property
    def capped(self) -> bool:
        """Whether rows lie beyond the last page that can be reached."""
        return self.count > MAX_PAGES * self.per_page

    def validate_number(self, number) -> int:
        try:
            return super().validate_number(number)
        except EmptyPage:
            if int(number) > self.num_pages:
                return self.num_pages
            raise


class TrackerChangeList(ChangeList):
    """The change list of every tracker admin: estimated size, capped pages, cheap drill-down."""

    def get_filters(self, request):
        """Django's, except that a filter that lists each row once (`TypedChoiceFilter` with a
        narrowing method) does not make the list DISTINCT: at a million events, DISTINCT sorts
        every event of the chosen country before the first page can be shown."""
        specs, has_filters, remaining, may_have_duplicates, active = super().get_filters(request)
        if may_have_duplicates:
            may_have_duplicates = any(
                lookup_spawns_duplicates(self.lookup_opts, key) for key in remaining
            ) or any(
                isinstance(spec, FieldListFilter)
                and any(value is not None for value in spec.used_parameters.values())
                and getattr(
                    spec, "spawns_duplicates", lookup_spawns_duplicates(self.lookup_opts, spec.field_path)
                )
                for spec in specs
            )
        return specs, has_filters, remaining, may_have_duplicates, active

    def get_ordering(self, request, queryset) -> list:
        """Newest first along the index the list was narrowed through (`read_through`), unless
        the editor sorted by a column: the database then walks that index and stops at the page."""
        newest = getattr(queryset, "newest_order", None)
        if newest and ORDER_VAR not in self.params:
            return list(newest)
        return super().get_ordering(request, queryset)

    def get_results(self, request) -> None:
        super().get_results(request)
        # A page asked past the cap was served as the last reachable page: say so in the links.
        self.page_num = min(self.page_num, self.paginator.num_pages)

    @property
    def shown_count(self) -> str:
        """The number of rows as the list shows it: "3" or "about 1,000,000"."""
        return f"about {self.result_count:,}" if self.paginator.estimated else str(self.result_count)

    max_pages = MAX_PAGES

    @property
    def pages_capped(self) -> bool:
        return self.paginator.capped

    @cached_property
    def date_drilldown(self) -> dict:
        """What Django's ``date_hierarchy`` tag shows, without reading the listed rows.

        The years run from the first to the last date of the whole table (the listed rows,
        filtered or searched, may have none in some of them); the months of a year and the days
        of a month are all offered. One query at the top level, none below.
        """
        field = self.date_hierarchy
        year, month, day = (self.params.get(f"{field}__{part}") for part in ("year", "month", "day"))
        try:
            year, month, day = (int(part) if part else None for part in (year, month, day))
        except ValueError:
            return {"show": False}

        def link(**parts) -> str:
            return self.get_query_string({f"{field}__{part}": n for part, n in parts.items()}, [f"{field}__"])

        if year and month and day:
            chosen = dt.date(year, month, day)
            return {
                "show": True,
                "back": {"link": link(year=year, month=month), "title": self._format(chosen, "YEAR_MONTH")},
                "choices": [{"title": self._format(chosen, "MONTH_DAY")}],
            }
        if year and month:
            days = range(1, calendar.monthrange(year, month)[1] + 1)
            return {
                "show": True,
                "back": {"link": link(year=year), "title": str(year)},
                "choices": [
                    {
                        "link": link(year=year, month=month, day=d),
                        "title": self._format(dt.date(year, month, d), "MONTH_DAY"),
                    }
                    for d in days
                ],
            }
        if year:
            return {
                "show": True,
                "back": {"link": link(), "title": "All dates"},
                "choices": [
                    {
                        "link": link(year=year, month=m),
                        "title": self._format(dt.date(year, m, 1), "YEAR_MONTH"),
                    }
                    for m in range(1, 13)
                ],
            }
        # MIN and MAX of an indexed column are two index lookups, whatever the table's size.
        span = self.model._default_manager.aggregate(first=Min(field), last=Max(field))
        if not span["first"]:
            return {"show": False}
        years = range(span["first"].year, span["last"].year + 1)
        choices = [{"link": link(year=y), "title": str(y)} for y in years]
        return {"show": True, "back": None, "choices": choices}

    @staticmethod
    def _format(day: dt.date, what: str) -> str:
        return capfirst(formats.date_format(day, f"{what}_FORMAT"))
