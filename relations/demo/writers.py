"""How the demo generator's rows reach the database, a batch of plain tuples at a time.

* PostgreSQL (`PostgresWriter`): psycopg 3 ``COPY … FROM STDIN``, one per table and batch, with
  ids reserved from each table's sequence so that child rows can point at their parents without
  a round trip (1,000,000 events in a few minutes);
* other backends, SQLite (`OrmWriter`): the ORM's ``bulk_create`` with the same explicit ids.

Both take a model, its columns (the ``*_COLUMNS`` tuples below, in order) and rows; ``finish()``
ends the load.
"""

from __future__ import annotations

import json

from django.db import connection, models
from tqdm import tqdm

from relations.models import (
    Commission,
    CountryTotal,
    Event,
    EventCountry,
    EventPair,
    Observation,
    OfficeHeld,
    Official,
    PairTotal,
    Participant,
    Pledge,
    PledgeParty,
    PledgeStatusChange,
    PledgeStatusTotal,
)
from relations.models.totals import PledgeCountryTotal, PledgePairTotal

# Columns written for each table, in order (the id first where the generator assigns it).
EVENT_COLUMNS = (
    "id",
    "title",
    "slug",
    "kind",
    "status",
    "place",
    "place_country_id",
    "commission_id",
    "session_number",
    "summary",
    "search_text",
    "date_start",
    "date_end",
    "date_precision",
    "date_approximate",
)
COUNTRY_COLUMNS = ("event_id", "country_id", "role", "date_start")
PARTICIPANT_COLUMNS = ("event_id", "official_id", "name", "side_id", "role", "capacity", "date_start")
PLEDGE_COLUMNS = (
    "id",
    "event_id",
    "title",
    "description",
    "wording",
    "target_amount",
    "target_currency",
    "target_unit",
    "target_measure",
    "baseline_note",
    "currencies",
    "search_text",
    "due_approximate",
    "due_start",
    "due_end",
    "due_precision",
    "baseline_amount",
    "current_status",
    "status_as_of",
    "progress_verdict",
    "progress_start",
    "observed_value",
    "observed_until",
    "progress_share",
    "pace_needed",
    "date_start",
)
PARTY_COLUMNS = ("pledge_id", "country_id", "role", "date_start")
OBSERVATION_COLUMNS = (
    "pledge_id",
    "period_start",
    "period_end",
    "period_precision",
    "period_approximate",
    "value",
    "currency",
    "unit",
    "source_id",
    "excerpt",
    "note",
)
CHANGE_COLUMNS = (
    "pledge_id",
    "status",
    "note",
    "as_of_start",
    "as_of_end",
    "as_of_precision",
    "as_of_approximate",
)


# Everything the generator writes: its tables, and the totals it recounts.
ANALYZED = (
    Official,
    OfficeHeld,
    Commission,
    Commission.members.through,
    Event,
    EventCountry,
    EventPair,
    Participant,
    Pledge,
    PledgeParty,
    PledgeStatusChange,
    Observation,
    PairTotal,
    CountryTotal,
    PledgeStatusTotal,
    PledgeCountryTotal,
    PledgePairTotal,
)


class PostgresWriter:
    """COPY rows in; ids come from a block reserved on the table's sequence."""

    # Tables the events batch writes; their secondary indexes and foreign keys are dropped and
    # rebuilt around a large load, which is several times faster than maintaining them row by row.
    TABLES = (
        Event,
        EventCountry,
        EventPair,
        Participant,
        Pledge,
        PledgeParty,
        PledgeStatusChange,
        Observation,
    )

    def __init__(self, events: int, quiet: bool = False) -> None:
        self.quiet = quiet
        self.cursor = connection.cursor()
        self.cursor.execute("SET LOCAL synchronous_commit = off")
        self.cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        self.cursor.execute("SELECT count(*) FROM relations_event")
        existing = self.cursor.fetchone()[0]
        # Rebuilding costs a sort of the whole table: worth it only when adding a lot.
        self.rebuild: list[str] = self.drop_indexes() if events >= max(50_000, existing // 2) else []

    def drop_indexes(self) -> list[str]:
        """Drop the tables' foreign keys, unique constraints and secondary indexes (primary keys
        and checks stay); returns the statements that put them back, in order."""
        tables = [m._meta.db_table for m in self.TABLES]
        cursor = self.cursor
        cursor.execute(
            """SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid)
               FROM pg_constraint WHERE conrelid::regclass::text = ANY(%s) AND contype IN ('f', 'u')
               ORDER BY contype, conrelid::regclass::text, conname""",
            [tables],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            """SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
               WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary
                 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
               ORDER BY 1""",
            [tables],
        )
        indexes = cursor.fetchall()
        for table, name, _, _ in constraints:  # 'f' sorts before 'u': foreign keys go first
            cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        restore = [definition for _, definition in indexes]
        restore += [
            f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}'
            for table, name, kind, definition in sorted(constraints, key=lambda c: c[2] == "f")
        ]
        return restore

    def reserve(self, model: type[models.Model], n: int) -> int:
        """The first of ``n`` consecutive ids nobody else will be given."""
        table = model._meta.db_table
        cursor = self.cursor
        # Other writers wait until we commit; without the lock one could draw an id from the
        # sequence between our nextval() and setval() and collide with the block.
        cursor.execute(f'LOCK TABLE "{table}" IN SHARE ROW EXCLUSIVE MODE')
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        sequence = cursor.fetchone()[0]
        cursor.execute("SELECT nextval(%s)", [sequence])
        first = cursor.fetchone()[0]
        cursor.execute("SELECT setval(%s, %s)", [sequence, first + n - 1])
        return first

    @staticmethod
    def json(value: object) -> str:
        """A JSON column's value as COPY takes it: the JSON text."""
        return json.dumps(value)

    def write(self, model: type[models.Model], columns: tuple[str, ...], rows: list[tuple]) -> None:
        if not rows:
            return
        names = ", ".join(f'"{c}"' for c in columns)
        raw = self.cursor.connection  # psycopg 3 connection; its cursor has copy()
        with raw.cursor() as cursor:
            with cursor.copy(f'COPY "{model._meta.db_table}" ({names}) FROM STDIN') as copy:
                write_row = copy.write_row
                for row in rows:
                    write_row(row)

    def finish(self) -> None:
        for statement in tqdm(self.rebuild, desc="indexes", unit="indexes", disable=self.quiet):
            self.cursor.execute(statement)
        # Fresh statistics for every table written: without them the planner guesses sizes, and
        # at a million events its guesses turn index lookups into scans of whole tables.
        for model in ANALYZED:
            self.cursor.execute(f'ANALYZE "{model._meta.db_table}"')
        self.cursor.close()


class OrmWriter:
    """bulk_create with explicit ids, for SQLite and any backend without COPY."""

    def __init__(self) -> None:
        self.next_id: dict[type[models.Model], int] = {}

    def reserve(self, model: type[models.Model], n: int) -> int:
        if model not in self.next_id:
            top = model.objects.aggregate(top=models.Max("pk"))["top"] or 0
            self.next_id[model] = top + 1
        first = self.next_id[model]
        self.next_id[model] = first + n
        return first

    @staticmethod
    def json(value: object) -> object:
        """A JSON column's value as the ORM takes it: the value itself."""
        return value

    def write(self, model: type[models.Model], columns: tuple[str, ...], rows: list[tuple]) -> None:
        attnames = {f.column: f.attname for f in model._meta.concrete_fields}
        names = [attnames[c] for c in columns]
        model.objects.bulk_create(
            [model(**dict(zip(names, row, strict=True))) for row in rows], batch_size=2000
        )

    def finish(self) -> None:
        pass
