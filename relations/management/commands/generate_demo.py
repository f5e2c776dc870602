"""Synthetic but realistic data on top of the real country list, for demos and benchmarks.

Pair activity is skewed as in real event data: countries are drawn with Zipf-like weights, so a
few pairs are very busy and most are quiet. Events mix day, month and year precision and day
ranges; 1–3 countries each. Officials hold offices; busy pairs have commissions whose numbered
sessions follow their dates; some events carry pledges with status histories. The same ``--seed``
gives the same data (ids aside). Rows are written in bulk (no per-row save, no change history),
the copies of each event's date included (the columns hold no empty value); the pair index
and current statuses are derived after each batch and the totals once at the end (derived.py).

Rows are generated as plain tuples, a batch at a time, and handed to a writer:

* PostgreSQL: psycopg 3 ``COPY … FROM STDIN``, one per table and batch, with ids reserved from
  each table's sequence so that child rows can point at their parents without a round trip
  (1,000,000 events in a few minutes);
* other backends (SQLite): the ORM's ``bulk_create`` with the same explicit ids.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from bisect import bisect
from itertools import accumulate, combinations

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from tqdm import tqdm

from relations.cache import data_changed
from relations.dates import Precision, period_bounds
from relations.models import (
    Commission,
    Country,
    CountryTotal,
    Event,
    EventCountry,
    EventPair,
    OfficeHeld,
    Official,
    PairTotal,
    Participant,
    Pledge,
    PledgeParty,
    PledgeStatus,
    PledgeStatusChange,
    PledgeStatusTotal,
    derived,
)
from relations.models.totals import PledgeCountryTotal, PledgePairTotal
from relations.names import fold

BATCH = 10_000
FIRST_DAY = dt.date(1990, 1, 1)
LAST_DAY = dt.date(2026, 10, 31)
SPAN_DAYS = (LAST_DAY - FIRST_DAY).days
KINDS = [
    (Event.Kind.MEETING, 30),
    (Event.Kind.CALL, 20),
    (Event.Kind.VISIT, 15),
    (Event.Kind.STATEMENT, 15),
    (Event.Kind.COMMISSION_SESSION, 5),
    (Event.Kind.AGREEMENT, 6),
    (Event.Kind.SUMMIT, 4),
    (Event.Kind.CONFLICT, 3),
    (Event.Kind.OTHER, 2),
]
SIZES = [(1, 15), (2, 65), (3, 20)]  # countries per event
OFFICES = [
    "Minister of Foreign Affairs",
    "Minister of Defence",
    "Minister of Commerce",
    "Prime Minister",
    "Ambassador",
]
HISTORIES = [
    [PledgeStatus.ANNOUNCED],
    [PledgeStatus.ANNOUNCED, PledgeStatus.IN_PROGRESS],
    [PledgeStatus.ANNOUNCED, PledgeStatus.IN_PROGRESS, PledgeStatus.FULFILLED],
    [PledgeStatus.ANNOUNCED, PledgeStatus.STALLED],
    [PledgeStatus.ANNOUNCED, PledgeStatus.IN_PROGRESS, PledgeStatus.STALLED, PledgeStatus.NOT_FULFILLED],
    [PledgeStatus.ANNOUNCED, PledgeStatus.PARTLY_FULFILLED],
]
COMMISSIONS = 120  # joint commissions among the 25 busiest countries

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
    "current_status",
    "date_start",
)
PARTY_COLUMNS = ("pledge_id", "country_id", "role", "date_start")
CHANGE_COLUMNS = (
    "pledge_id",
    "status",
    "note",
    "as_of_start",
    "as_of_end",
    "as_of_precision",
    "as_of_approximate",
)


# Everything the command writes: its tables, and the totals it recounts.
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
    )

    def __init__(self, events: int) -> None:
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


class Command(BaseCommand):
    help = "Add N synthetic events (with officials, commissions, pledges) for demos and benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, required=True, help="How many events to add.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed: the same seed, the same data.")
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args, events: int, seed: int, quiet: bool, **options):
        if events < 1:
            raise CommandError("--events must be at least 1.")
        if Event.objects.filter(slug__startswith=f"demo-{seed}-").exists():
            raise CommandError(f"Demo data for seed {seed} is already loaded; use another --seed.")
        self.rng = random.Random(seed)
        self.quiet = quiet
        self.seed = seed
        codes = list(Country.objects.order_by("code").values_list("code", flat=True))
        if len(codes) < 3:
            raise CommandError("Load the country list first (python manage.py migrate).")
        self.rng.shuffle(codes)
        self.countries = codes
        # Zipf-like activity: the k-th country is drawn with weight 1 / k.
        self.cum_weights = list(accumulate(1 / (rank + 1) for rank in range(len(codes))))
        with transaction.atomic():
            if connection.vendor == "postgresql":
                self.writer = PostgresWriter(events)
                self.writer.quiet = quiet
            else:
                self.writer = OrmWriter()
            self.make_officials(max(50, events // 200))
            self.make_commissions()
            self.make_events(events)
            # Every total, counted once in bulk (the rows above were written without save()).
            derived.rebuild_totals()
            self.writer.finish()
            data_changed()  # COPY and bulk inserts send no model signals: stored pages are stale
        self.stdout.write(self.style.SUCCESS(f"Added {events} demo events (seed {seed})."))

    def progress(self, total: int, desc: str):
        return tqdm(total=total, desc=desc, unit="events", disable=self.quiet, mininterval=1.0)

    def pick_country(self) -> str:
        return self.countries[bisect(self.cum_weights, self.rng.random() * self.cum_weights[-1])]

    def pick_countries(self, n: int) -> list[str]:
        chosen: set[str] = set()
        while len(chosen) < n:
            chosen.add(self.pick_country())
        return sorted(chosen)

    def random_day(self) -> dt.date:
        return FIRST_DAY + dt.timedelta(days=self.rng.randrange(SPAN_DAYS))

    def random_date(self) -> tuple[dt.date, dt.date, int]:
        roll = self.rng.random()
        day = self.random_day()
        if roll < 0.1:
            return (*period_bounds(day, Precision.YEAR), Precision.YEAR.value)
        if roll < 0.3:
            return (*period_bounds(day, Precision.MONTH), Precision.MONTH.value)
        if roll < 0.4:
            return day, day + dt.timedelta(days=self.rng.randint(1, 3)), Precision.DAY.value
        return day, day, Precision.DAY.value

    def make_officials(self, n: int) -> None:
        officials = []
        for i in range(n):
            code = self.pick_country()
            name = f"Demo Official {self.seed}-{i}"
            officials.append(
                Official(name=name, slug=f"demo-{self.seed}-{i}", nationality_id=code, name_folded=fold(name))
            )
        Official.objects.bulk_create(officials, batch_size=2000)
        self.officials: dict[str, list[int]] = {}
        offices = []
        for official in (
            Official.objects.filter(slug__startswith=f"demo-{self.seed}-")
            .order_by("pk")
            .values("pk", "nationality_id")
        ):
            self.officials.setdefault(official["nationality_id"], []).append(official["pk"])
            start, end, precision = self.random_date()
            if precision == Precision.DAY:
                start, end, precision = (*period_bounds(start, Precision.MONTH), Precision.MONTH.value)
            offices.append(
                OfficeHeld(
                    official_id=official["pk"],
                    title=self.rng.choice(OFFICES),
                    country_id=official["nationality_id"],
                    start_start=start,
                    start_end=end,
                    start_precision=precision,
                )
            )
        OfficeHeld.objects.bulk_create(offices, batch_size=2000)

    def make_commissions(self) -> None:
        """Joint commissions for the busiest pairs. Each meets every 6–18 months from its
        founding; session k is dated after session k − 1, so numbers follow the calendar."""
        busiest = [tuple(sorted(pair)) for pair in combinations(self.countries[:25], 2)][:COMMISSIONS]
        commissions = []
        for a, b in busiest:
            founded = dt.date(self.rng.randint(1990, 2015), self.rng.randint(1, 12), 1)
            commissions.append(
                Commission(
                    name=f"{a}–{b} Joint Commission (demo {self.seed})",
                    slug=f"demo-{self.seed}-{a}-{b}".lower(),
                    kind=Commission.Kind.JOINT,
                    search_text=fold(f"{a}–{b} Joint Commission"),
                    founded_start=founded,
                    founded_end=period_bounds(founded, Precision.MONTH)[1],
                    founded_precision=Precision.MONTH.value,
                )
            )
        Commission.objects.bulk_create(commissions, batch_size=2000)
        # pair -> [commission id, sessions so far, date of the next session, days between sessions]
        self.commissions: dict[tuple[str, str], list] = {}
        through = Commission.members.through
        members = []
        for commission in Commission.objects.filter(slug__startswith=f"demo-{self.seed}-").order_by("pk"):
            a, b = (code.upper() for code in commission.slug.split("-")[-2:])
            interval = self.rng.randint(180, 540)
            self.commissions[(a, b)] = [commission.pk, 0, commission.founded_start, interval]
            members += [
                through(commission_id=commission.pk, country_id=a),
                through(commission_id=commission.pk, country_id=b),
            ]
        through.objects.bulk_create(members, batch_size=2000)

    def next_session(self, codes: list[str]) -> tuple[int, int, dt.date] | None:
        """The commission, number and day of the pair's next session; None if it has none left."""
        slot = self.commissions.get(tuple(codes)) if len(codes) == 2 else None
        if slot is None:
            return None
        commission_id, held, day, interval = slot
        if day > LAST_DAY:
            return None
        slot[1] = held + 1
        slot[2] = day + dt.timedelta(days=interval + self.rng.randint(-30, 30))
        return commission_id, held + 1, day

    def make_events(self, total: int) -> None:
        bar = self.progress(total, "events")
        for start in range(0, total, BATCH):
            n = min(BATCH, total - start)
            self.make_event_batch(start, n)
            bar.update(n)
        bar.close()

    def make_event_batch(self, offset: int, n: int) -> None:
        rng = self.rng
        random_ = rng.random
        kinds = [kind for kind, _ in KINDS]
        kind_weights = list(accumulate(weight for _, weight in KINDS))
        sizes = [size for size, _ in SIZES]
        size_weights = list(accumulate(weight for _, weight in SIZES))
        labels = {kind: Event.Kind(kind).label.capitalize() for kind in kinds}
        session_kind = Event.Kind.COMMISSION_SESSION.value
        held, party, head = Event.Status.HELD.value, EventCountry.Role.PARTY.value, "delegation_head"
        first_id = self.writer.reserve(Event, n)
        events, countries, participants, pledged = [], [], [], []
        for k in range(n):
            i = offset + k
            event_id = first_id + k
            codes = self.pick_countries(sizes[bisect(size_weights, random_() * size_weights[-1])])
            kind = kinds[bisect(kind_weights, random_() * kind_weights[-1])].value
            start, end, precision = self.random_date()
            commission_id = session_number = None
            if kind == session_kind:
                session = self.next_session(codes)
                if session is None:
                    kind = Event.Kind.MEETING.value
                else:
                    commission_id, session_number, start = session
                    end, precision = start, Precision.DAY.value
            title = f"{labels[kind]}: {' – '.join(codes)} #{i}"
            events.append(
                (
                    event_id,
                    title,
                    f"demo-{self.seed}-{i}",
                    kind,
                    held,
                    "",
                    codes[0],
                    commission_id,
                    session_number,
                    "",
                    derived.search_text(title, ""),
                    start,
                    end,
                    precision,
                    False,
                )
            )
            for code in codes:
                countries.append((event_id, code, party, start))
            for code in codes:
                people = self.officials.get(code)
                if people and random_() < 0.5:
                    participants.append((event_id, rng.choice(people), "", code, head, "", start))
            if random_() < 0.1:
                pledged.append((event_id, f"demo-{self.seed}-{i}", start, codes))
        write = self.writer.write
        write(Event, EVENT_COLUMNS, events)
        write(EventCountry, COUNTRY_COLUMNS, countries)
        write(Participant, PARTICIPANT_COLUMNS, participants)
        self.make_pledges(pledged)
        # The pair index and the pledges' current statuses, in bulk (the totals come at the end).
        derived.events_changed(
            Event.objects.filter(pk__range=(first_id, first_id + n - 1)).values("pk"), totals=False
        )
        if pledged:
            derived.pledges_changed(
                Pledge.objects.filter(event__pk__range=(first_id, first_id + n - 1)).values("pk"),
                totals=False,
            )

    def make_pledges(self, made_at: list[tuple[int, str, dt.date, list[str]]]) -> None:
        if not made_at:
            return
        rng = self.rng
        first_id = self.writer.reserve(Pledge, len(made_at))
        pledges, parties, changes = [], [], []
        mutual, month = PledgeParty.Role.MUTUAL.value, Precision.MONTH.value
        for k, (event_id, slug, made_on, codes) in enumerate(made_at):
            pledge_id = first_id + k
            day = made_on
            amount = rng.choice([None, None, rng.randint(1, 500) * 10**6])
            currency = rng.choice(["USD", "EUR", "JPY", "CNY"]) if amount else ""
            title = f"Demo pledge at {slug}"
            parties += [(pledge_id, code, mutual, made_on) for code in codes]
            history = rng.choice(HISTORIES)
            for status in history:
                first, last = period_bounds(day, Precision.MONTH)
                changes.append((pledge_id, status.value, "", first, last, month, False))
                day = day + dt.timedelta(days=rng.randint(40, 400))
            pledges.append(
                (
                    pledge_id,
                    event_id,
                    title,
                    "",
                    "",
                    amount,
                    currency,
                    "",
                    "",
                    "",
                    self.writer.json([]),
                    derived.search_text(title, "", ""),
                    False,
                    "",  # its current status: derived after the batch
                    made_on,
                )
            )
        self.writer.write(Pledge, PLEDGE_COLUMNS, pledges)
        self.writer.write(PledgeParty, PARTY_COLUMNS, parties)
        self.writer.write(PledgeStatusChange, CHANGE_COLUMNS, changes)
