"""The changes a history page shows, read in a fixed number of queries.

simple_history's history page diffs each record with the one before it; for a many-to-many field
(an event's sectors, a commission's members) each diff reads both records' rows, and then their
related objects, so a page of 100 records cost some 400 queries. Here the rows of every record on
the page are read at once, and their related objects once per foreign key.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.db.models import ForeignKey
from simple_history.models import DeletedObject, ModelChange, ModelDelta
from simple_history.utils import get_m2m_reverse_field_name


def m2m_rows(records: Sequence, field_name: str, *, foreign_keys_are_objs: bool) -> dict[int, list[dict]]:
    """The many-to-many rows of each of ``records`` (by ``history_id``) for ``field_name``, as
    simple_history's diff shows them: one dict per row, related objects in place of ids if
    ``foreign_keys_are_objs`` (a deleted one as a `DeletedObject`), ordered by the related object.
    One query for the rows, one per foreign key of the through table."""
    field = records[0].instance_type._meta.get_field(field_name)
    through = getattr(records[0], field_name).model
    opts = through._meta
    names = [f.name for f in opts.fields if f.editable and f.name not in ("id", "m2m_history_id", "history")]
    keys = [opts.get_field(name) for name in names if isinstance(opts.get_field(name), ForeignKey)]
    rows = list(
        through.objects.filter(history__in=[record.history_id for record in records]).order_by(
            get_m2m_reverse_field_name(field)
        )
    )
    related = {}
    if foreign_keys_are_objs:
        for key in keys:
            ids = {getattr(row, key.attname) for row in rows}
            related[key.name] = key.related_model._base_manager.in_bulk(ids)

    def value(row, name: str):
        if name not in related:
            return getattr(row, opts.get_field(name).attname)
        key = getattr(row, opts.get_field(name).attname)
        found = related[name].get(key)
        return found if found is not None else DeletedObject(opts.get_field(name).related_model, key)

    by_record = defaultdict(list)
    for row in rows:
        by_record[row.history_id].append({name: value(row, name) for name in names})
    return by_record


def set_delta_changes(admin, request, records: Sequence, *, foreign_keys_are_objs: bool = True) -> None:
    """Give every record on a history page but the oldest its ``history_delta_changes``, as
    ``SimpleHistoryAdmin.set_history_delta_changes`` does."""
    records = list(records)
    if len(records) < 2:
        return
    m2m = [field.name for field in records[0]._history_m2m_fields]
    rows = {name: m2m_rows(records, name, foreign_keys_are_objs=foreign_keys_are_objs) for name in m2m}
    for newer, older in zip(records, records[1:], strict=False):
        delta = newer.diff_against(older, excluded_fields=m2m, foreign_keys_are_objs=foreign_keys_are_objs)
        changes = list(delta.changes)
        for name in m2m:
            before, after = rows[name].get(older.history_id, []), rows[name].get(newer.history_id, [])
            if before != after:
                changes.append(ModelChange(name, before, after))
        changes.sort(key=lambda change: change.field)
        delta = ModelDelta(changes, [change.field for change in changes], older, newer)
        helper = admin.get_historical_record_context_helper(request, newer)
        newer.history_delta_changes = helper.context_for_delta_changes(delta)
