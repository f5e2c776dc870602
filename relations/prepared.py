"""Querysets built and compiled once per process, then run with each request's values.

Building a long queryset (a timeline page's, with its JSON columns and subqueries) and compiling
it to SQL costs far more Python than running it: about 18 ms of a page's 20 for the pair
timeline. The SQL of such a queryset depends only on the code that builds it and on the
database it runs on; its values (the countries, the day asked about, the page's cursor) are
parameters. `Prepared` builds the queryset once per process and shape with stand-in values,
notes where each one lands among the parameters, and runs the same SQL again with the request's
values, reading the rows as the queryset itself would (model instances with their
``select_related`` objects and annotations, or ``values()`` rows).

What may go into a prepared queryset: values that end up as parameters of the SQL (codes
compared with ``=``, days, ids). Anything that changes the SQL's text (a list's length, a
choice made from the data, a slice) belongs in the ``shape``, which keys the stored SQL. No
database content is kept, only SQL text: the rows are read on every call.
"""

from __future__ import annotations

import copy
import datetime as dt
import threading
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet

# No shape given: ``build`` takes the values only.
UNSHAPED = object()


class _Code:
    """A stand-in for a country: what `country_code` reads of a record."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.pk = code


class PreparationError(RuntimeError):
    pass


def _stand_in(index: int, value: Any) -> tuple[Any, Any]:
    """A value of ``value``'s kind that nothing else in a query holds, and what it is as a
    parameter (before the database's own adaptation)."""
    if _is_record(value):
        # Codes of the range ISO leaves to users (QM–QZ): valid, and no country's.
        code = "Q" + chr(ord("M") + index)
        return _Code(code), code
    if isinstance(value, bool) or value is None:
        raise TypeError("Flags and None change the SQL: pass them in the shape.")
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        day = dt.date(1, 1, 1) + dt.timedelta(days=index + 1)
        return day, day
    if isinstance(value, int):
        number = -1_987_650_000 - index
        return number, number
    if isinstance(value, str):
        text = f"\x01prepared-{index}\x01"
        return text, text
    raise TypeError(f"No stand-in for {type(value).__name__}.")


def _is_record(value: Any) -> bool:
    return hasattr(value, "code") and not isinstance(value, str)


def _by_code(values: dict[str, Any]) -> tuple[str, ...]:
    """The names of the records among ``values``, in the order of their codes."""
    return tuple(name for _, name in sorted((v.code, n) for n, v in values.items() if _is_record(v)))


def _as_param(value: Any, connection) -> Any:
    if _is_record(value):
        return value.code
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return connection.ops.adapt_datefield_value(value)
    return value


class Prepared:
    """``build(**values)`` (a queryset), compiled once per process for each ``shape`` and
    database, and run with other values: ``Prepared(build).rows(shape, **values)``.

    ``values`` are records with a ``code`` (countries), days, ints or text; each must end up as
    parameters only. Stand-ins keep the order of codes (a pair's lower code first), and the
    order is part of the key, so builders may sort them."""

    def __init__(self, build: Callable[..., QuerySet]) -> None:
        self.build = build
        self._compiled: dict[Hashable, tuple] = {}
        self._lock = threading.Lock()

    def _compile(self, key: Hashable, shape: Hashable, values: dict[str, Any], alias: str) -> tuple:
        names = list(values)
        rank = {name: i for i, name in enumerate(_by_code(values))}
        stand_ins, markers = {}, {}
        for index, name in enumerate(names):
            stand_in, marker = _stand_in(rank.get(name, index + len(names)), values[name])
            stand_ins[name], markers[name] = stand_in, marker
        queryset = self.build(**stand_ins) if shape is UNSHAPED else self.build(shape, **stand_ins)
        connection = connections[alias]
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        slots: list[str | None] = []
        found = set()
        adapted = {name: _as_param(stand_ins[name], connection) for name in names}
        for param in params:
            name = next((n for n in names if type(param) is type(adapted[n]) and param == adapted[n]), None)
            slots.append(name)
            found.add(name)
        missing = set(names) - found
        if missing:
            raise PreparationError(f"{', '.join(sorted(missing))} did not end up as parameters.")
        for name in names:
            if f"'{markers[name]}'" in sql or (isinstance(markers[name], int) and str(markers[name]) in sql):
                raise PreparationError(f"{name} ended up in the SQL's text.")
        compiled = (queryset, compiler, sql, tuple(params), tuple(slots))
        with self._lock:
            self._compiled[key] = compiled
        return compiled

    def queryset(self, shape: Hashable = UNSHAPED, *, using: str | None = None, **values: Any) -> QuerySet:
        """The queryset ``build`` gives for ``values``, not yet read, which runs the stored SQL:
        iterate it (or ``list()`` it) once; do not chain it."""
        alias = using or DEFAULT_DB_ALIAS
        connection = connections[alias]
        key = (alias, connection.vendor, shape, tuple(values), _by_code(values))
        compiled = self._compiled.get(key) or self._compile(key, shape, values, alias)
        queryset, compiler, sql, params, slots = compiled
        adapted = {name: _as_param(value, connection) for name, value in values.items()}
        params = tuple(
            param if slot is None else adapted[slot] for param, slot in zip(params, slots, strict=True)
        )
        run = copy.copy(compiler)
        run.connection = connection
        run.using = alias
        run.as_sql = lambda *args, **kwargs: (sql, params)
        query = copy.copy(queryset.query)
        query.get_compiler = lambda using=None, connection=None, elide_empty=True: run
        prepared = queryset.__class__(model=queryset.model, query=query, using=alias)
        prepared._iterable_class = queryset._iterable_class
        prepared._fields = queryset._fields
        prepared._prefetch_related_lookups = queryset._prefetch_related_lookups
        return prepared

    def rows(self, shape: Hashable = UNSHAPED, *, using: str | None = None, **values: Any) -> list:
        """The rows of the queryset ``build`` gives for ``values``, read with the stored SQL."""
        return list(self.queryset(shape, using=using, **values))


def attach(owner: Model, name: str, rows: Iterable[Any]) -> None:
    """Leave ``owner.<name>.all()`` answering ``rows`` without a query, as ``prefetch_related``
    does, with each row's foreign key back to ``owner`` (on a one-to-many list) set."""
    manager = getattr(owner, name)
    rows = list(rows)
    queryset = manager.get_queryset()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    if hasattr(manager, "prefetch_cache_name"):  # many-to-many
        cache_name = manager.prefetch_cache_name
    else:
        cache_name = manager.field.remote_field.cache_name
        for row in rows:
            manager.field.set_cached_value(row, owner)
    owner.__dict__.setdefault("_prefetched_objects_cache", {})[cache_name] = queryset


def attach_each(owners: list[Model], name: str, rows: Iterable[Any], key: str) -> None:
    """`attach` for several owners read at once: each row goes to the owner whose primary key
    is the row's ``key``, in the rows' order."""
    by_owner: dict[Any, list] = {owner.pk: [] for owner in owners}
    for row in rows:
        by_owner[getattr(row, key)].append(row)
    for owner in owners:
        attach(owner, name, by_owner[owner.pk])
