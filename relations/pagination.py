"""Keyset pagination for lists that can be long: no COUNT(*), no deep OFFSET.

A page of a list ordered newest first (``-date_start, -pk``) ends with a cursor, and the next page
asks for rows strictly older than it: ``?before=2025-07-09.42``. Every other parameter is kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.paginator import Page as NumberedPage
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from relations.prepared import Prepared


class InvalidCursor(ValueError):
    pass


@dataclass
class Page:
    items: list = field(default_factory=list)
    next_url: str | None = None
    first_url: str | None = None


# The ids a column can hold (64 bits, on SQLite as on PostgreSQL).
SMALLEST_ID, LARGEST_ID = -(2**63), 2**63 - 1


def parse_cursor(text: str) -> tuple[dt.date, int]:
    """The day and id of a page marker (``2025-07-09.42``). An id past what a column can hold
    becomes the nearest one it can, which no row's id passes: the page is the same, and SQLite,
    which cannot take a larger number as a parameter, answers it too."""
    try:
        day, pk = text.rsplit(".", 1)
        return dt.date.fromisoformat(day), min(max(int(pk), SMALLEST_ID), LARGEST_ID)
    except ValueError:
        raise InvalidCursor(f"“{text}” is not a page marker; follow the “Older” link instead.") from None


def keyset_page(request: HttpRequest, queryset: QuerySet, *, size: int = 50, param: str = "before") -> Page:
    """One page of ``queryset``, in its own order (newest first: a date and an id, both
    descending), after the request's cursor. Rows read through an index of other rows
    (`EventQuerySet.for_pair`) come ordered by that index's own columns, so the database walks
    it instead of sorting, and the cursor's condition is on those columns too.

    Costs the queryset's own queries once, reading ``size + 1`` rows to know if more follow.
    """
    newest_first_order(queryset)
    cursor = request.GET.get(param)
    if cursor:
        queryset = after_cursor(queryset, *parse_cursor(cursor))
    return _page(request, list(queryset[: size + 1]), size=size, param=param, cursor=cursor)


def after_cursor(queryset: QuerySet, day: dt.date, pk: int) -> QuerySet:
    """The rows of ``queryset`` (newest first, `newest_first_order`) strictly older than the
    row of ``day`` and ``pk``."""
    day_field, pk_field = (name.removeprefix("-") for name in newest_first_order(queryset))
    # The first condition adds nothing to the second, but an index on (…, day, id) can start
    # at it: a deep page then costs what the first does instead of stepping over every row
    # before it.
    return queryset.filter(
        Q(**{f"{day_field}__lte": day}),
        Q(**{f"{day_field}__lt": day}) | Q(**{day_field: day, f"{pk_field}__lt": pk}),
    )


def prepared_pages(build: Callable[..., QuerySet]) -> Prepared:
    """Keyset pages of the list ``build(**values)`` gives, its SQL compiled once per process
    (relations/prepared.py) for a first page and for a later one: for `prepared_keyset_page`."""

    def paged(shape: tuple[bool, int], day: dt.date | None = None, pk: int | None = None, **values):
        later, size = shape
        queryset = build(**values)
        if later:
            queryset = after_cursor(queryset, day, pk)
        return queryset[: size + 1]

    return Prepared(paged)


def prepared_keyset_page(
    request: HttpRequest, pages: Prepared, *, size: int = 50, param: str = "before", **values
) -> Page:
    """`keyset_page` of the list ``pages`` (`prepared_pages`) holds for ``values``, the same
    page without building or compiling its queryset again."""
    cursor = request.GET.get(param)
    if cursor:
        day, pk = parse_cursor(cursor)
        values = {**values, "day": day, "pk": pk}
    rows = pages.rows((bool(cursor), size), **values)
    return _page(request, rows, size=size, param=param, cursor=cursor)


def _page(request: HttpRequest, rows: list, *, size: int, param: str, cursor: str | None) -> Page:
    """The page of ``rows`` (``size + 1`` read, to know if more follow), with its links."""
    page = Page(items=rows[:size])
    if len(rows) > size:
        last = page.items[-1]
        query = request.GET.copy()
        query[param] = f"{last.date_start.isoformat()}.{last.pk}"
        page.next_url = f"?{query.urlencode()}"
    if cursor:
        query = request.GET.copy()
        query.pop(param, None)
        page.first_url = f"?{query.urlencode()}" if query else request.path
    return page


def newest_first_order(queryset: QuerySet) -> tuple[str, str]:
    """The order ``queryset`` is in (its own, else its model's ``Meta.ordering``), which keyset
    pages need to be newest first: a date then an id, both descending."""
    order = tuple(queryset.query.order_by) or tuple(queryset.model._meta.ordering)
    if len(order) != 2 or not all(isinstance(name, str) and name.startswith("-") for name in order):
        raise ValueError(f"Keyset pages need rows newest first by a date and an id, not {order}.")
    return order


def numbered_page(
    request: HttpRequest, queryset: QuerySet, *, size: int = 50, param: str = "page"
) -> NumberedPage:
    """Page ``?page=N`` of an ordered ``queryset``, for lists that stay short (officials).

    Costs one ``COUNT(*)`` and one read; a missing or unreadable number gives the nearest page.
    ``previous_url`` and ``next_url`` keep every other parameter.
    """
    paginator = Paginator(queryset, size)
    page = paginator.get_page(request.GET.get(param))
    query = request.GET.copy()

    def url(number: int) -> str:
        query[param] = str(number)
        return f"?{query.urlencode()}"

    page.previous_url = url(page.previous_page_number()) if page.has_previous() else None
    page.next_url = url(page.next_page_number()) if page.has_next() else None
    return page
