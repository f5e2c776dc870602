"""The events' list query (`EventQuerySet.for_list`), built once per process.

Building it costs more than the rest of the timeline's Python put together (about 10 ms: its
JSON subqueries resolve their fields and expressions one by one), and writing its columns' SQL
another 2 ms a request; both depend on nothing but the code: no date, no setting, no row. Each
request gets its own clone of the query built here, which it filters and reads as it would a new
one (the clone's filters never reach the built query), and each of its computed columns writes
its SQL once per database (`WrittenOnce`).
"""

from __future__ import annotations

from django.db.models import Expression

from relations.models import Event
from relations.models.event_queries import EventQuerySet

_built: EventQuerySet | None = None


def events_for_list() -> EventQuerySet:
    """``Event.objects.for_list()``, a new QuerySet each call, at the cost of a clone."""
    global _built
    if _built is None:
        built = Event.objects.for_list()
        query = built.query
        query.annotations = {name: WrittenOnce(column) for name, column in query.annotations.items()}
        _built = built
    return _built.all()


class WrittenOnce(Expression):
    """A resolved column of the built query (a correlated subquery on the events' own table),
    its SQL written the first time it is compiled on a database and then reused as it is.

    Its SQL depends on that column and the database alone: the subquery compiles with its own
    compiler, refers to the outer query by the events' table, which only a relabelling changes
    (the query nested in another), and a relabelled or re-resolved copy (`copy`) writes its own.
    """

    def __init__(self, column: Expression) -> None:
        super().__init__(output_field=column.output_field)
        self.column = column
        self.written: dict[tuple[str, str], tuple[str, tuple]] = {}

    def get_source_expressions(self) -> list[Expression]:
        return [self.column]

    def set_source_expressions(self, exprs) -> None:
        (self.column,) = exprs

    def copy(self) -> WrittenOnce:
        copied = super().copy()
        copied.written = {}
        return copied

    def as_sql(self, compiler, connection):
        key = (connection.alias, connection.vendor)
        found = self.written.get(key)
        if found is None:
            sql, params = compiler.compile(self.column)
            found = self.written[key] = (sql, tuple(params))
        return found[0], list(found[1])

    def select_format(self, compiler, sql, params):
        return self.column.select_format(compiler, sql, params)

    def get_db_converters(self, connection):
        return self.column.get_db_converters(connection)

    def get_group_by_cols(self):
        return self.column.get_group_by_cols()
