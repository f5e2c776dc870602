"""`Precompiled`: an annotation whose SQL is compiled once and kept, for querysets built once per
process (`EventManager.for_list`).

A timeline row's query carries nine annotations, most of them correlated subqueries (the row's
countries and participants as JSON, names as of a date, counts). Django compiles each of them
again for every request, which cost about 3 ms of Python per list, ten times the SQL of the rest
of the query. Their SQL does not change from one request to the next: it depends only on the
expression and on the database connection. So the first compilation is kept, on the expression,
by connection.

Whatever copies the expression to change it (a relabelling when the queryset becomes a
subquery of another, a resolution in another query) sets its source expressions, which forgets
what was kept: a changed expression is always compiled again.
"""

from __future__ import annotations

from django.db.models import Expression


class Precompiled(Expression):
    """``expression`` (already resolved), compiled once per database connection."""

    def __init__(self, expression: Expression) -> None:
        super().__init__()
        self.expression = expression
        self._compiled: dict[str, tuple[str, tuple]] = {}

    def __repr__(self) -> str:
        return f"Precompiled({self.expression!r})"

    def get_source_expressions(self) -> list[Expression]:
        return [self.expression]

    def set_source_expressions(self, expressions: list[Expression]) -> None:
        (self.expression,) = expressions
        self._compiled = {}

    def _resolve_output_field(self):
        return self.expression.output_field

    def get_db_converters(self, connection):
        return self.expression.get_db_converters(connection)

    def select_format(self, compiler, sql, params):
        return self.expression.select_format(compiler, sql, params)

    def as_sql(self, compiler, connection):
        compiled = self._compiled.get(connection.alias)
        if compiled is None:
            sql, params = compiler.compile(self.expression)
            compiled = self._compiled[connection.alias] = (sql, tuple(params))
        return compiled
