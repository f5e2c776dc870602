"""Numbers that pages show but must not count on every request: kept in small tables, in step with
the rows they count.

At a million events, counting events per pair of countries, per country or pledges per status
reads the whole pair index, event–country table or pledge table (0.2–0.5 s on PostgreSQL). These
tables hold the answers instead, a few hundred or thousand rows read through an index.

A total is never incremented: every write that can change it recounts it from the rows it counts
(`TotalQuerySet.recount`, called by relations/models/derived.py, which says when), so it cannot
drift from them; bulk loads recount every total at their end (`TotalQuerySet.refill`). Rows whose
count falls to zero stay, with zero, and readers skip them. Also here: `table_sizes()`, the size
of a large table without counting it. The pledge totals per country and pair live here too: one
module for every total (about 360 lines).

Writers of totals serialise on one lock, taken first and held until they commit (`lock_totals`,
once per refresh in `derived.recount`): two writers could otherwise each hold a total the other is
waiting for (an editor lists Pakistan then Türkiye, another Türkiye then Pakistan), and PostgreSQL
would end one of them with "deadlock detected". Under that lock a writer counts (in a statement of
its own, so it sees every row committed by the writers before it) and writes the totals that
differ; writers never wait on each other in a circle, and readers never wait.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.models import Count, F, Q
from django.db.models.functions import ExtractQuarter, ExtractYear

from relations.activity import PeriodCount, quarter_start
from relations.dates import Precision

# The key of the transaction-level advisory lock that every writer of totals takes first on
# PostgreSQL (`lock_totals`): any number, the same in every process ("totals" in ASCII).
TOTALS_LOCK = 0x746F74616C73

# Where the home page stops counting rows and shows PostgreSQL's estimate instead: COUNT(*)
# reads every row (30 ms for a million events, 5–10 ms for their 100,000 pledges, under 1 ms
# below this), the estimate costs nothing.
ESTIMATE_FROM = 10_000


def lock_totals(using: str = DEFAULT_DB_ALIAS) -> None:
    """Wait for, and hold until this transaction ends, the lock that comes before every total.

    Why one lock, and not the totals' own rows in some order: a transaction locks totals at each
    recount, and the rows of one recount are locked in key order, but a later recount in the same
    transaction may lock a key that sorts before (an editor lists Pakistan then Türkiye, another
    Türkiye then Pakistan). Taking this lock first puts every transaction's locks in one order:
    this lock, then total rows. No retry is needed, and none can hide a mistake. What it costs:
    two writers of totals follow one another from the first recount of each to its commit, a few
    milliseconds for an editor's write; reads take no lock and never wait.

    On SQLite nothing is done: a transaction takes the write lock of the whole database when it
    begins (``transaction_mode`` IMMEDIATE, tracker/settings.py), so writers already follow one
    another. Must run inside a transaction (``transaction.atomic``)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [TOTALS_LOCK])


class TotalQuerySet(models.QuerySet):
    def recount(self, scopes: Iterable[tuple]) -> None:
        """Recount every total under ``scopes`` (values of the model's ``SCOPE``, the first
        fields of its key: a pair, a country) from the rows they count. Three queries at most,
        whatever the number of scopes: count, read the stored totals, write those that differ
        (new ones included, zeros kept). The caller holds `lock_totals` (`derived.recount`)."""
        model = self.model
        scopes = sorted(set(scopes))
        if not scopes:
            return
        names = model.key_attnames()
        counts = model.count_rows(scopes)
        stored = {
            tuple(row[:-1]): row[-1]
            for row in self.filter(model.scope_q(scopes)).values_list(*names, model.COUNT)
        }
        changed = {key: n for key, n in counts.items() if stored.get(key) != n}
        changed.update({key: 0 for key, n in stored.items() if n and key not in counts})
        if changed:
            self.bulk_create(
                [
                    model(**dict(zip(names, key, strict=True)), **{model.COUNT: n})
                    for key, n in sorted(changed.items())
                ],
                update_conflicts=True,
                unique_fields=list(model.KEY),
                update_fields=[model.COUNT],
                batch_size=2000,
            )

    def refill(self) -> None:
        """Recount every total, in bulk: one count of the counted table, with no row-by-row
        deletes (which would send a signal per row). The caller holds `lock_totals`."""
        model = self.model
        names = model.key_attnames()
        counts = model.count_rows(None)
        self.update(**{model.COUNT: 0})
        self.bulk_create(
            [model(**dict(zip(names, key, strict=True)), **{model.COUNT: n}) for key, n in counts.items()],
            update_conflicts=True,
            unique_fields=list(model.KEY),
            update_fields=[model.COUNT],
            batch_size=5000,
        )


class Total(models.Model):
    """A number of rows of another table, under a key (a pair, a country, a status)."""

    KEY: tuple[str, ...] = ()  # the fields that name a total, unique together
    SCOPE = 0  # how many of them a recount names (all, if 0): a country, and all its statuses
    COUNT = ""  # the field that holds the number

    class Meta:
        abstract = True

    @classmethod
    def key_attnames(cls) -> list[str]:
        return [cls._meta.get_field(name).attname for name in cls.KEY]

    @classmethod
    def scope_q(cls, scopes: list[tuple]) -> Q:
        names = cls.key_attnames()[: cls.SCOPE or None]
        return reduce(or_, (Q(**dict(zip(names, scope, strict=True))) for scope in scopes))

    @classmethod
    def count_rows(cls, scopes: list[tuple] | None) -> dict[tuple, int]:
        """The number of counted rows under each key within ``scopes`` that has any (every key,
        if ``None``), counted in one query."""
        raise NotImplementedError


class PairTotalQuerySet(TotalQuerySet):
    def busiest(self) -> PairTotalQuerySet:
        """Pairs that share at least one event, with both countries, busiest first (then by
        codes); read from `pair_total_busiest`, so the first few cost the same at any size."""
        return (
            self.filter(events__gt=0).select_related("low", "high").order_by("-events", "low_id", "high_id")
        )

    def involving(self, country: models.Model) -> PairTotalQuerySet:
        """The pairs of which ``country`` is one side: at most one per other country."""
        return self.filter(Q(low=country) | Q(high=country))


class PairTotal(Total):
    """How many events two countries share: their pair's rows in the pair index (`EventPair`)."""

    # A country's pairs: as the lower code through the unique constraint's index (low, high),
    # as the higher code through the foreign key's own index.
    low = models.ForeignKey("relations.Country", on_delete=models.CASCADE, related_name="+", db_index=False)
    high = models.ForeignKey("relations.Country", on_delete=models.CASCADE, related_name="+")
    events = models.PositiveIntegerField(default=0)

    KEY = ("low", "high")
    COUNT = "events"
    objects = PairTotalQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["low", "high"], name="pair_total_once"),
            models.CheckConstraint(condition=Q(low__lt=F("high")), name="pair_total_low_before_high"),
        ]
        indexes = [
            # The most active ties, busiest first: PairTotal.objects.busiest()[:n].
            models.Index(fields=["-events", "low", "high"], name="pair_total_busiest"),
        ]

    def __str__(self) -> str:
        return f"{self.low_id}–{self.high_id}: {self.events} events"

    @classmethod
    def count_rows(cls, keys: list[tuple] | None) -> dict[tuple, int]:
        from relations.models.pairs import EventPair

        rows = EventPair.objects.all()
        if keys is not None:
            rows = rows.filter(reduce(or_, (Q(low=low, high=high) for low, high in keys)))
        counted = rows.order_by().values_list("low", "high").annotate(n=Count("pk"))
        return {(low, high): n for low, high, n in counted}


class CountryTotal(Total):
    """How many events a country takes part in: its rows in the event–country table."""

    country = models.OneToOneField(
        "relations.Country", on_delete=models.CASCADE, primary_key=True, related_name="total"
    )
    events = models.PositiveIntegerField(default=0)

    KEY = ("country",)
    COUNT = "events"
    objects = TotalQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.country_id}: {self.events} events"

    @classmethod
    def count_rows(cls, keys: list[tuple] | None) -> dict[tuple, int]:
        from relations.models.events import EventCountry

        rows = EventCountry.objects.all()
        if keys is not None:
            rows = rows.filter(country_id__in=[code for (code,) in keys])
        counted = rows.order_by().values_list("country_id").annotate(n=Count("pk"))
        return {(code,): n for code, n in counted}


class PledgeStatusTotal(Total):
    """How many pledges have a current status (`Pledge.current_status`, "" for none yet)."""

    status = models.CharField(max_length=20, primary_key=True, blank=True)
    pledges = models.PositiveIntegerField(default=0)

    KEY = ("status",)
    COUNT = "pledges"
    objects = TotalQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.status or 'no status yet'}: {self.pledges} pledges"

    @classmethod
    def count_rows(cls, keys: list[tuple] | None) -> dict[tuple, int]:
        from relations.models.pledges import Pledge

        rows = Pledge.objects.all()
        if keys is not None:
            rows = rows.filter(current_status__in=[status for (status,) in keys])
        counted = rows.order_by().values_list("current_status").annotate(n=Count("pk"))
        return {(status,): n for status, n in counted}


# How many pledges of each current status a country, or a pair of countries, is a party to: the
# pledge tracker shows these above a country's or a pair's pledges; counted on each request they
# read every one of its pledges (30,000 for the busiest country of the 1M-event demo data,
# 95–180 ms).


class PledgeCountryTotal(Total):
    """How many pledges with a current status (``""``: none yet) a country is a party to."""

    country = models.ForeignKey(
        "relations.Country", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    status = models.CharField(max_length=20, blank=True)
    pledges = models.PositiveIntegerField(default=0)

    KEY = ("country", "status")
    SCOPE = 1  # a country, all statuses
    COUNT = "pledges"
    objects = TotalQuerySet.as_manager()

    class Meta:
        constraints = [
            # Also a country's counts, read by the pledge tracker: PledgeQuerySet.stored_status_totals().
            models.UniqueConstraint(fields=["country", "status"], name="pledge_country_total_once"),
        ]

    def __str__(self) -> str:
        return f"{self.country_id} {self.status or 'no status yet'}: {self.pledges} pledges"

    @classmethod
    def count_rows(cls, keys: list[tuple] | None) -> dict[tuple, int]:
        from relations.models.pledges import PledgeParty

        rows = PledgeParty.objects.all()
        if keys is not None:
            rows = rows.filter(country_id__in={key[0] for key in keys})
        counted = rows.order_by().values_list("country_id", "pledge__current_status").annotate(n=Count("pk"))
        return {(code, status): n for code, status, n in counted}


class PledgePairTotal(Total):
    """How many pledges with a current status (``""``: none yet) both countries are parties to."""

    low = models.ForeignKey("relations.Country", on_delete=models.CASCADE, related_name="+", db_index=False)
    high = models.ForeignKey("relations.Country", on_delete=models.CASCADE, related_name="+", db_index=False)
    status = models.CharField(max_length=20, blank=True)
    pledges = models.PositiveIntegerField(default=0)

    KEY = ("low", "high", "status")
    SCOPE = 2  # a pair, all statuses
    COUNT = "pledges"
    objects = TotalQuerySet.as_manager()

    class Meta:
        constraints = [
            # Also a pair's counts, read by the pledge tracker: PledgeQuerySet.stored_status_totals().
            models.UniqueConstraint(fields=["low", "high", "status"], name="pledge_pair_total_once"),
            models.CheckConstraint(condition=Q(low__lt=F("high")), name="pledge_pair_total_low_before_high"),
        ]

    def __str__(self) -> str:
        return f"{self.low_id}–{self.high_id} {self.status or 'no status yet'}: {self.pledges} pledges"

    @classmethod
    def count_rows(cls, keys: list[tuple] | None) -> dict[tuple, int]:
        from relations.models.pledges import PledgeParty

        # A party row of the lower code joined with its pledge's row of the higher one (in one
        # filter() call, so that both conditions are on the same joined row).
        which = Q(pledge__parties__country__gt=F("country"))
        if keys is not None:
            pairs = {key[:2] for key in keys}
            which &= reduce(or_, (Q(country=low, pledge__parties__country=high) for low, high in pairs))
        rows = PledgeParty.objects.filter(which)
        counted = (
            rows.order_by()
            .values_list("country_id", "pledge__parties__country_id", "pledge__current_status")
            .annotate(n=Count("pk"))
        )
        return {(low, high, status): n for low, high, status, n in counted}


# Activity: events per quarter and kind, for a pair or a country (the activity table and charts,
# the summaries' kinds), and how often each official took part in a pair's events (the people who
# met most). Counted on each request they read every event of the busiest pair or country.


def activity_period(day: dt.date, precision: int | None) -> tuple[dt.date, bool]:
    """The period an event starting on ``day`` is counted in: (first day of its quarter, False),
    or for a year-precision date (first day of its year, True), never a quarter nobody reported."""
    if precision == Precision.YEAR:
        return dt.date(day.year, 1, 1), True
    return quarter_start(day), False


def _period_q(start: dt.date, year_only: bool, date: str, precision: str) -> Q:
    """Rows dated in this period (``date`` and ``precision`` name the columns)."""
    end = (
        dt.date(start.year, 12, 31)
        if year_only
        else quarter_start(start + dt.timedelta(days=92)) - dt.timedelta(days=1)
    )
    q = Q(**{f"{date}__range": (start, end)})
    year = Q(**{precision: Precision.YEAR})
    return q & (year if year_only else ~year)


def _count_periods(rows: models.QuerySet, *fields: str, date: str, precision: str) -> dict[tuple, int]:
    """Rows counted per ``fields`` and activity period, in one query grouped by year and
    quarter (a year-precision date starts on 1 January, so its quarter is the first)."""
    counted = (
        rows.order_by()
        .annotate(year=ExtractYear(date), quarter=ExtractQuarter(date))
        .values_list(*fields, precision, "year", "quarter")
        .annotate(n=Count("pk"))
    )
    totals: dict[tuple, int] = {}
    for *names, day_precision, year, quarter, n in counted:
        start, year_only = activity_period(dt.date(year, quarter * 3 - 2, 1), day_precision)
        *scope, kind = names
        key = (*scope, start, year_only, kind)
        totals[key] = totals.get(key, 0) + n
    return totals


class ActivityQuerySet(TotalQuerySet):
    def period_counts(self) -> list[PeriodCount]:
        """The non-zero totals as `PeriodCount`, oldest first, with each kind's name and tone
        (joined: one query)."""
        return as_period_counts(self.period_rows())

    def period_rows(self) -> models.QuerySet:
        """`period_counts`' rows, not yet read: (start, year_only, kind, name, tone, events)."""
        return (
            self.filter(events__gt=0)
            .order_by("start", "year_only", "kind__name")
            .values_list("start", "year_only", "kind_id", "kind__name", "kind__tone", "events")
        )


def as_period_counts(rows) -> list[PeriodCount]:
    """`ActivityQuerySet.period_rows` as `PeriodCount`."""
    return [
        PeriodCount(start, kind, name, tone, n, year_only) for start, year_only, kind, name, tone, n in rows
    ]


class PairActivityTotal(Total):
    """How many events of a kind two countries share in a quarter (or, ``year_only``, in a year
    when only the year is known): their pair's rows in the pair index by date and kind."""

    low = models.ForeignKey("relations.Country", on_delete=models.CASCADE, related_name="+", db_index=False)
    high = models.ForeignKey("relations.Country", on_delete=models.CASCADE, related_name="+", db_index=False)
    start = models.DateField(help_text="The first day of the quarter, or of the year when year_only.")
    year_only = models.BooleanField(default=False)
    # CASCADE: a total is derived; a kind still counted cannot go (events PROTECT it).
    kind = models.ForeignKey("relations.EventKind", on_delete=models.CASCADE, related_name="+")
    events = models.PositiveIntegerField(default=0)

    KEY = ("low", "high", "start", "year_only", "kind")
    SCOPE = 4  # a pair's period, every kind
    COUNT = "events"
    objects = ActivityQuerySet.as_manager()

    class Meta:
        constraints = [
            # Also a pair's activity, oldest first: pair_activity().
            models.UniqueConstraint(
                fields=["low", "high", "start", "year_only", "kind"], name="pair_activity_total_once"
            ),
            models.CheckConstraint(
                condition=Q(low__lt=F("high")), name="pair_activity_total_low_before_high"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.low_id}–{self.high_id} {self.start} {self.kind_id}: {self.events} events"

    @classmethod
    def count_rows(cls, keys: list[tuple] | None) -> dict[tuple, int]:
        from relations.models.pairs import EventPair

        rows = EventPair.objects.all()
        if keys is not None:
            rows = rows.filter(
                reduce(
                    or_,
                    (
                        Q(low=lo, high=hi) & _period_q(start, year, "date_start", "event__date_precision")
                        for lo, hi, start, year in {key[:4] for key in keys}
                    ),
                )
            )
        return _count_periods(
            rows, "low", "high", "event__kind", date="date_start", precision="event__date_precision"
        )


class CountryActivityTotal(Total):
    """How many events of a kind a country takes part in, in a quarter (or, ``year_only``, a
    year): its rows in the event–country table by date and kind."""

    country = models.ForeignKey(
        "relations.Country", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    start = models.DateField(help_text="The first day of the quarter, or of the year when year_only.")
    year_only = models.BooleanField(default=False)
    kind = models.ForeignKey("relations.EventKind", on_delete=models.CASCADE, related_name="+")
    events = models.PositiveIntegerField(default=0)

    KEY = ("country", "start", "year_only", "kind")
    SCOPE = 3  # a country's period, every kind
    COUNT = "events"
    objects = ActivityQuerySet.as_manager()

    class Meta:
        constraints = [
            # Also a country's activity, oldest first: country_activity().
            models.UniqueConstraint(
                fields=["country", "start", "year_only", "kind"], name="country_activity_total_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country_id} {self.start} {self.kind_id}: {self.events} events"

    @classmethod
    def count_rows(cls, keys: list[tuple] | None) -> dict[tuple, int]:
        from relations.models.events import EventCountry

        rows = EventCountry.objects.all()
        if keys is not None:
            rows = rows.filter(
                reduce(
                    or_,
                    (
                        Q(country=code) & _period_q(start, year, "date_start", "event__date_precision")
                        for code, start, year in {key[:3] for key in keys}
                    ),
                )
            )
        return _count_periods(
            rows, "country", "event__kind", date="date_start", precision="event__date_precision"
        )


class PairOfficialTotal(Total):
    """How many of a pair's events an official took part in, for one of the pair (``side``):
    participant rows of events in the pair index, on the side of either country."""

    low = models.ForeignKey("relations.Country", on_delete=models.CASCADE, related_name="+", db_index=False)
    high = models.ForeignKey("relations.Country", on_delete=models.CASCADE, related_name="+", db_index=False)
    side = models.ForeignKey("relations.Country", on_delete=models.CASCADE, related_name="+", db_index=False)
    official = models.ForeignKey("relations.Official", on_delete=models.CASCADE, related_name="pair_totals")
    events = models.PositiveIntegerField(default=0)

    KEY = ("low", "high", "side", "official")
    COUNT = "events"
    objects = TotalQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["low", "high", "side", "official"], name="pair_official_total_once"
            ),
            models.CheckConstraint(
                condition=Q(low__lt=F("high")), name="pair_official_total_low_before_high"
            ),
        ]
        indexes = [
            # The people who met most on one side of a pair: pair_top_officials().
            models.Index(fields=["low", "high", "side", "-events"], name="pair_official_total_most"),
        ]

    def __str__(self) -> str:
        return f"{self.low_id}–{self.high_id} {self.official_id} for {self.side_id}: {self.events} events"

    @classmethod
    def count_rows(cls, keys: list[tuple] | None) -> dict[tuple, int]:
        from relations.models.events import Participant

        # A participant joined with its event's pair rows of which its side is one (in one
        # filter() call, so that every condition is on the same pair row).
        which = Q(official__isnull=False) & (
            Q(event__pairs__low=F("side_id")) | Q(event__pairs__high=F("side_id"))
        )
        if keys is not None:
            which &= reduce(
                or_,
                (
                    Q(event__pairs__low=lo, event__pairs__high=hi, side=side, official=official)
                    for lo, hi, side, official in keys
                ),
            )
        counted = (
            Participant.objects.filter(which)
            .order_by()
            .values_list("event__pairs__low", "event__pairs__high", "side_id", "official_id")
            .annotate(n=Count("pk"))
        )
        return {(low, high, side, official): n for low, high, side, official, n in counted}


@dataclass(frozen=True)
class TableSize:
    """A number of rows: exact, or PostgreSQL's estimate for a large table."""

    rows: int
    exact: bool = True

    def __str__(self) -> str:
        return f"{self.rows:,}" if self.exact else f"about {self.rows:,}"


def table_sizes(*tables: type[models.Model]) -> list[TableSize]:
    """How many rows each model's table holds, in one query.

    On PostgreSQL a table of ``ESTIMATE_FROM`` rows or more is not counted: its size is the
    planner's estimate (``pg_class.reltuples``, kept by ANALYZE and autovacuum), rounded to two
    significant figures. Smaller tables, and tables never analysed, are counted; so is every
    table on other databases.
    """
    qn = connection.ops.quote_name
    names = [model._meta.db_table for model in tables]
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {qn(name)})" for name in names))
            return [TableSize(n) for n in cursor.fetchone()]
    # One row of pg_class per table (t0, t1…), and for each: whether it is estimated, and its
    # size. The COUNT(*) is a subquery that PostgreSQL runs only if its CASE branch is taken.
    estimated = [f"t{i}.reltuples >= {ESTIMATE_FROM}" for i in range(len(names))]
    columns = [
        f"{big}, CASE WHEN {big} THEN t{i}.reltuples::bigint ELSE (SELECT COUNT(*) FROM {qn(name)}) END"
        for i, (big, name) in enumerate(zip(estimated, names, strict=True))
    ]
    catalog = ", ".join(f"pg_class t{i}" for i in range(len(names)))
    where = " AND ".join(f"t{i}.oid = %s::regclass" for i in range(len(names)))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(columns)} FROM {catalog} WHERE {where}", [qn(name) for name in names]
        )
        row = cursor.fetchone()
    pairs = zip(row[::2], row[1::2], strict=True)
    return [TableSize(_round(n), exact=False) if big else TableSize(n) for big, n in pairs]


def _round(n: int) -> int:
    """``n`` to two significant figures: 1,003,734 is about 1,000,000."""
    return round(n, 2 - len(str(n)))
