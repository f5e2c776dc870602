"""`JSONRows`: short lists of related rows read inside each row of the main query, as JSON.

A list shows with each event its countries, participants, sectors and sources. Prefetching them
costs a query per relation and a model instance per related row; a correlated subquery that
builds each event's list as one JSON array costs no query of its own, and Python only decodes
one string per row. Meant for short lists (a few items per row), not for whole tables.
"""

from __future__ import annotations

import re

from django.db.models import Expression, F, JSONField, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber

_KEY = re.compile(r"[a-z][a-z0-9_]*")


class JSONRows(Subquery):
    """The rows of ``queryset`` as one JSON array of objects, in the queryset's ``order_by``.

    ``fields`` name each object's keys and what they hold (a field path or an expression), e.g.
    ``JSONRows(EventCountry.objects.filter(event=OuterRef("pk")).order_by("country_id"),
    country="country_id", name="country__name")`` gives ``[{"country": "PK", "name": "Pakistan"}]``.
    No rows give ``[]``. Values come back as JSON types: text, numbers and null (dates as ISO
    text; SQLite has no booleans and gives 0 or 1), not converted by the fields they come from.

    SQL: the rows, numbered in order, are aggregated by ``json_agg`` on PostgreSQL (ordered by
    that number, the one order SQL guarantees an aggregate) and by ``json_group_array`` on
    SQLite, which before 3.44 takes no ORDER BY of its own and aggregates the ordered subquery
    as it reads it. Each row of the outer query runs the subquery once: keep ``queryset`` to
    index lookups.
    """

    def __init__(self, queryset: QuerySet, **fields: str | Expression) -> None:
        if not fields or not all(_KEY.fullmatch(key) for key in fields):
            raise ValueError("JSONRows needs keys made of lower-case letters, digits and _.")
        ordering = list(queryset.query.order_by)
        if not ordering:
            raise ValueError("JSONRows needs a queryset with order_by(): lists have an order.")
        self.keys = list(fields)
        columns = {f"json_{key}": F(v) if isinstance(v, str) else v for key, v in fields.items()}
        rows = queryset.values(**columns, json_position=Window(RowNumber(), order_by=ordering))
        super().__init__(rows, output_field=JSONField())

    def _template(self, connection, build_object: str, aggregate: str) -> str:
        # The keys are checked above, so they can be written into the SQL as literals.
        pairs = ", ".join(f"'{key}', _rows.{connection.ops.quote_name(f'json_{key}')}" for key in self.keys)
        return f"(SELECT {aggregate % f'{build_object}({pairs})'} FROM (%(subquery)s) _rows)"

    def as_sql(self, compiler, connection, template=None, **extra_context):
        # PostgreSQL's SQL, also the default: the tracker runs on SQLite and PostgreSQL only.
        # json rather than jsonb: quicker to build, keys kept in order, read back as text anyway.
        template = self._template(
            connection, "json_build_object", "COALESCE(json_agg(%s ORDER BY _rows.json_position), '[]')::text"
        )
        return super().as_sql(compiler, connection, template=template, **extra_context)

    def as_sqlite(self, compiler, connection, template=None, **extra_context):
        template = self._template(connection, "json_object", "json_group_array(%s)")
        return super().as_sql(compiler, connection, template=template, **extra_context)
