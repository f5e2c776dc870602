"""Backups that restore: every row of every app in one file, and back into an empty database.

`backup_write` writes one consistent snapshot of the database (a single transaction; on
PostgreSQL at REPEATABLE READ, so rows written meanwhile are all in or all out) as JSON Lines:
a header line (format, version, the migrations applied), one line per row, and a closing line
with the number of rows of each table. `backup_restore` loads such a file into a database that
is migrated and empty, in one transaction, and checks it got every row.

What is in it, and how new apps are covered without edits here: every model that
``apps.get_models(include_auto_created=True)`` lists, i.e. every installed app's tables and the
many-to-many tables Django makes (a group's permissions, a user's groups), each row with its own
primary key, dates and times to the microsecond (the history's timestamps). Left out are only
unmanaged and proxy models (no table of their own) and the cache table (not a model). Content
types and permissions are rows that ``migrate`` makes itself, under ids that differ from one
database to the next: they are written without ids and every reference to them by natural key
(``["relations", "event"]``, ``["change_event", "relations", "event"]``), so a restore maps
them onto the target's own rows (and adds any the target lacks).

Derived data (the stored totals, the pair index, the copied dates) is restored as it was: the
snapshot holds it in step with the rows it is derived from, and a restore writes rows raw
(``save_base(raw=True)``), so no ``save()`` recounts anything. Signals still fire: the change
history's handlers are switched off while loading (they would add history rows for the
many-to-many tables), and stored pages are made stale once, after the restore commits.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import IO

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.jsonl import Deserializer
from django.core.serializers.jsonl import Serializer as JSONLSerializer
from django.db import connections, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import override_settings
from django.utils import timezone

FORMAT = "diplomatic-ties-tracker backup"
VERSION = 1

# Rows that `migrate` makes in every database: mapped by natural key, never deleted by a restore.
MAPPED = ("contenttypes.contenttype", "auth.permission")

# Tables that the tracker's data migrations fill (the ISO countries and their names, the event
# kinds of the codebook, the Editors group and its permissions): a freshly migrated database has
# these rows, and a restore replaces them with the backup's. Any other row in the target means
# it is in use, and a restore refuses.
MIGRATE_FILLS = (
    "relations.country",
    "relations.countryname",
    "relations.eventkind",
    "auth.group",
    "auth.group_permissions",
)


class BackupError(Exception):
    """A backup that cannot be restored here, or a database that must not be restored into; the
    message says why and what to do."""


def backup_models(*, exclude: Iterable[str] = ()) -> list[type[models.Model]]:
    """Every model with a table, content types and permissions first (the rest refer to them by
    natural key), then app by app. ``exclude`` takes app labels (``sessions``) and model labels
    (``sessions.session``)."""
    left_out = {label.lower() for label in exclude}
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.app_label not in left_out
        and model._meta.label_lower not in left_out
    ]
    first = {label: i for i, label in enumerate(MAPPED)}
    return sorted(found, key=lambda model: first.get(model._meta.label_lower, len(MAPPED)))


class _ExactEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds (as JavaScript dates are); a backup keeps them
    to the microsecond, or the history's timestamps would not come back identical."""

    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


class _Serializer(JSONLSerializer):
    """Rows as Django's JSON Lines fixtures, but: content types and permissions without ids and
    referred to by natural key; every other reference by id; many-to-many links not inside the
    row (their tables are written as models of their own, with their ids)."""

    def get_dump_object(self, obj):
        data = super().get_dump_object(obj)
        if obj._meta.label_lower in MAPPED:
            del data["pk"]
        return data

    def handle_fk_field(self, obj, field):
        self.use_natural_foreign_keys = field.related_model._meta.label_lower in MAPPED
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        pass


def _rows(model: type[models.Model], using: str) -> models.QuerySet:
    """The model's rows in id order, with what their natural-key references read joined in."""
    joins = []
    for field in model._meta.concrete_fields:
        if field.is_relation and field.related_model._meta.label_lower in MAPPED:
            joins.append(field.name)
            joins += [
                f"{field.name}__{inner.name}"
                for inner in field.related_model._meta.concrete_fields
                if inner.is_relation and inner.related_model._meta.label_lower in MAPPED
            ]
    return model._base_manager.using(using).select_related(*joins).order_by("pk")


def _applied_migrations(using: str) -> dict[str, list[str]]:
    """The migrations applied, by app. A squashed migration is left out: ``migrate`` records it
    beside the migrations it replaces, once they are all applied, so it says nothing they do not,
    and a backup made before a squash restores after it."""
    squashes = set(MigrationLoader(None, ignore_no_migrations=True).replacements)
    applied: dict[str, list[str]] = {}
    for key in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        if key not in squashes:
            applied.setdefault(key[0], []).append(key[1])
    return applied


def backup_write(stream: IO[str], *, using: str = "default", exclude: Iterable[str] = ()) -> Counter:
    """Write the whole database to ``stream`` (text) as one snapshot; returns the number of rows
    written per model label. Reads each table once, in id order, a chunk at a time."""
    connection = connections[using]
    counts: Counter = Counter()
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql" and outermost:
            # The first statement of the transaction: every table is then read as of this moment.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        header = {
            "format": FORMAT,
            "version": VERSION,
            "made_at": timezone.now().isoformat(),
            "database": connection.vendor,
            "migrations": _applied_migrations(using),
            "tables": [model._meta.label_lower for model in backup_models(exclude=exclude)],
        }
        stream.write(json.dumps(header) + "\n")
        serializer = _Serializer()
        for model in backup_models(exclude=exclude):
            label = model._meta.label_lower

            def counted(rows: Iterable[models.Model], label: str = label) -> Iterator[models.Model]:
                for row in rows:
                    counts[label] += 1
                    yield row

            serializer.serialize(
                counted(_rows(model, using).iterator(chunk_size=2000)), stream=stream, cls=_ExactEncoder
            )
        stream.write(json.dumps({"end": FORMAT, "rows": dict(sorted(counts.items()))}) + "\n")
    return counts


def open_backup(path, mode: str = "rt", *, compressed: bool | None = None) -> IO[str]:
    """A backup file as text, for reading or writing; gzip-compressed if ``compressed`` says so or,
    when it is not given, if the file's first bytes say so."""
    if compressed is None:
        with open(path, "rb") as raw:
            compressed = raw.read(2) == b"\x1f\x8b"
    return gzip.open(path, mode, encoding="utf-8") if compressed else open(path, mode, encoding="utf-8")


def _check_header(line: str, using: str) -> dict:
    try:
        header = json.loads(line)
    except ValueError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError("This file is not a backup made by `manage.py backup`.")
    if header.get("version") != VERSION:
        raise BackupError(
            f"This backup is of format version {header.get('version')}; this tracker reads {VERSION}."
        )
    ours = _applied_migrations(using)
    for app_label, names in sorted(header["migrations"].items()):
        missing = sorted(set(names) - set(ours.get(app_label, [])))
        extra = sorted(set(ours.get(app_label, [])) - set(names))
        if missing:
            raise BackupError(
                f"The backup was made by a newer tracker: this database lacks the migrations "
                f"{', '.join(f'{app_label}.{name}' for name in missing)}. Update the code and run "
                f"`manage.py migrate`, then restore."
            )
        if extra:
            raise BackupError(
                f"The backup was made before the migrations {', '.join(f'{app_label}.{n}' for n in extra)}. "
                f"Restore it with the tracker's version that made it, or into a database migrated only "
                f"as far (`manage.py migrate {app_label} {names[-1]}`), then run `manage.py migrate`."
            )
    return header


def _refuse_unless_empty(models_: list[type[models.Model]], using: str) -> None:
    in_use = [
        f"{model._meta.label} ({n:,} row{'' if n == 1 else 's'})"
        for model in models_
        if model._meta.label_lower not in MAPPED + MIGRATE_FILLS
        and (n := model._base_manager.using(using).count())
    ]
    if in_use:
        shown = ", ".join(in_use[:5]) + (f" and {len(in_use) - 5} more tables" if len(in_use) > 5 else "")
        raise BackupError(
            f"The database is not empty: {shown}. Restore only into a new database, created empty "
            f"and migrated (`manage.py migrate`); nothing was written."
        )


def _records(lines: Iterable[str], closing: dict) -> Iterator[str]:
    """The row lines, with the closing line taken out into ``closing``."""
    for line in lines:
        if line.startswith('{"end": '):
            closing.update(json.loads(line))
            continue
        yield line


def _insert(batch: list[models.Model], using: str) -> None:
    """Insert rows exactly as they are, ids included, many a statement; no ``save()``, no signals.

    ``bulk_create`` would give ``auto_now_add`` fields (a token's ``created``) the time of the
    restore; the insert it makes, marked raw as ``save_base(raw=True)`` marks it, keeps them."""
    if not batch:
        return
    model = type(batch[0])
    fields = [field for field in model._meta.concrete_fields if not field.generated]
    size = max(1, min(500, connections[using].ops.bulk_batch_size(fields, batch)))
    rows = model._base_manager.using(using)
    for start in range(0, len(batch), size):
        rows._insert(batch[start : start + size], fields=fields, raw=True, using=using)
    batch.clear()


def backup_restore(stream: IO[str], *, using: str = "default") -> Counter:
    """Load a backup into an empty, migrated database, all or nothing; returns the number of rows
    written per model label. Raises `BackupError` (writing nothing) for a file that is not a
    complete backup, a backup of other migrations, or a database that holds data of its own.

    Afterwards every table holds the backup's rows with their ids (content types and permissions:
    the target's own, found by natural key) and PostgreSQL's sequences continue after the
    highest id of each table, so the next record is inserted without a clash."""
    from relations.cache import data_migrated

    connection = connections[using]
    header = _check_header(stream.readline(), using)
    ContentType.objects.clear_cache()  # ids of another database restored under the same alias
    tables = backup_models()
    closing: dict = {}
    counts: Counter = Counter()
    deferred = []
    # No history rows for the links of many-to-many tables, no stored page made stale per row.
    with (
        override_settings(SIMPLE_HISTORY_ENABLED=False, PAGE_CACHE_SECONDS=0),
        transaction.atomic(using=using),
    ):
        _refuse_unless_empty(tables, using)
        with connection.cursor() as cursor:
            for model in reversed(tables):
                # Replaced by the backup's rows, unless the backup left the table out.
                if model._meta.label_lower in MIGRATE_FILLS and model._meta.label_lower in header["tables"]:
                    cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
        rows = Deserializer(_records(stream, closing), using=using, handle_forward_references=True)
        batch: list[models.Model] = []  # consecutive rows of one model, inserted together
        try:
            for row in rows:
                model = type(row.object)
                if batch and type(batch[0]) is not model:
                    _insert(batch, using)
                if model._meta.label_lower in MAPPED:
                    # Found by natural key among the target's own rows (kept), or added.
                    if row.object.pk is None:
                        row.save(using=using)
                elif row.deferred_fields or model._meta.parents:
                    row.save(using=using, force_insert=True)
                    if row.deferred_fields:
                        deferred.append(row)
                else:
                    batch.append(row.object)
                counts[model._meta.label_lower] += 1
            _insert(batch, using)
            for row in deferred:
                row.save_deferred_fields(using=using)
        except serializers.base.DeserializationError as error:
            raise BackupError(f"The backup cannot be read: {error}") from error
        if "rows" not in closing:
            raise BackupError(
                "The backup ends early (it has no closing line): it is incomplete; nothing was restored."
            )
        if dict(counts) != closing["rows"]:
            raise BackupError(
                f"The backup says it holds {sum(closing['rows'].values()):,} rows but "
                f"{sum(counts.values()):,} were read; nothing was restored."
            )
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), tables):
                cursor.execute(sql)
        connection.check_constraints(table_names=[model._meta.db_table for model in tables])
    data_migrated()
    return counts
