"""Synthetic but realistic data on top of the real country list, for demos and benchmarks.

Pair activity is skewed as in real event data: countries are drawn with Zipf-like weights, so a
few pairs are very busy and most are quiet. Events mix day, month and year precision and day
ranges; 1–3 countries each. Officials hold offices; busy pairs have commissions whose numbered
sessions follow their dates; some events carry pledges with status histories, half of them a due
date, and those with a target amount 0–4 yearly observations of it (cited to one demo source per
seed) and the progress they show (progress.py). The same seed gives the same data (ids aside).
Rows are written in bulk (no per-row save, no change history), the copies of each event's date
included (the columns hold no empty value); the pair index is derived after each batch, the
pledges' statuses and progress are written with them, and the totals once at the end (derived.py).

Rows are generated as plain tuples, a batch at a time, and handed to a writer (`writers`).
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect
from decimal import Decimal
from itertools import accumulate, combinations

from django.db import connection, transaction
from tqdm import tqdm

from relations.cache import data_changed
from relations.dates import Precision, period_bounds
from relations.demo.writers import (
    CHANGE_COLUMNS,
    COUNTRY_COLUMNS,
    EVENT_COLUMNS,
    OBSERVATION_COLUMNS,
    PARTICIPANT_COLUMNS,
    PARTY_COLUMNS,
    PLEDGE_COLUMNS,
    OrmWriter,
    PostgresWriter,
)
from relations.models import (
    Commission,
    Event,
    EventCountry,
    Observation,
    OfficeHeld,
    Official,
    Participant,
    Pledge,
    PledgeParty,
    PledgeStatus,
    PledgeStatusChange,
    Source,
    derived,
)
from relations.models.progress import NOT_ASSESSED, Reading, assess
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


def generate(events: int, seed: int, codes: list[str], quiet: bool = False) -> None:
    """Add ``events`` demo events (with officials, commissions, pledges) among the countries
    ``codes`` (at least three), in one transaction; the caller checks that ``seed`` is unused."""
    DemoData(seed, codes, quiet).add(events)


class DemoData:
    """One run of the generator: its random stream, the countries' weights, and the officials
    and commissions made so far, which the events draw on."""

    def __init__(self, seed: int, codes: list[str], quiet: bool) -> None:
        self.rng = random.Random(seed)
        self.quiet = quiet
        self.seed = seed
        codes = list(codes)
        self.rng.shuffle(codes)
        self.countries = codes
        # Zipf-like activity: the k-th country is drawn with weight 1 / k.
        self.cum_weights = list(accumulate(1 / (rank + 1) for rank in range(len(codes))))

    def add(self, events: int) -> None:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                self.writer = PostgresWriter(events, quiet=self.quiet)
            else:
                self.writer = OrmWriter()
            self.make_officials(max(50, events // 200))
            self.make_source()
            self.make_commissions()
            self.make_events(events)
            # Every total, counted once in bulk (the rows above were written without save()).
            derived.rebuild_totals()
            self.writer.finish()
            data_changed()  # COPY and bulk inserts send no model signals: stored pages are stale

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

    def make_source(self) -> None:
        """The one source every observation of this seed cites (kept when its demo data is deleted)."""
        self.source_id = Source.objects.get_or_create(
            url=f"https://example.org/demo-{self.seed}/trade-statistics",
            defaults={
                "title": f"Demo trade statistics (demo {self.seed})",
                "publisher": "Demo statistics office",
                "kind": Source.Kind.OFFICIAL,
            },
        )[0].pk

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
        # The pair index, in bulk (the totals come at the end). The pledges' current statuses and
        # their parties' dates are written with them: derived here, a per-batch refresh would
        # read the whole status-change table each time while the bulk load has no indexes.
        derived.events_changed(
            Event.objects.filter(pk__range=(first_id, first_id + n - 1)).values("pk"), totals=False
        )

    def make_pledges(self, made_at: list[tuple[int, str, dt.date, list[str]]]) -> None:
        if not made_at:
            return
        rng = self.rng
        first_id = self.writer.reserve(Pledge, len(made_at))
        pledges, parties, changes, found = [], [], [], []
        mutual, month, year = PledgeParty.Role.MUTUAL.value, Precision.MONTH.value, Precision.YEAR.value
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
            due = (None, None, None)
            if rng.random() < 0.5:  # half the pledges are due within a few years, by the year's end
                due = (*period_bounds(dt.date(made_on.year + rng.randint(1, 5), 1, 1), Precision.YEAR), year)
            baseline, progress = None, NOT_ASSESSED
            if amount:
                baseline, readings = self.make_observations(pledge_id, made_on, amount, currency, found)
                progress = assess(
                    target=Decimal(amount),
                    baseline=baseline,
                    made_on=made_on,
                    due_end=due[1],
                    readings=readings,
                )
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
                    *due,
                    baseline,
                    history[-1].value,  # its current status: the latest of its changes, dated in order
                    last,  # the last day of that change
                    progress.verdict,  # its progress, by the rule every write applies (derived.py)
                    progress.start,
                    progress.latest,
                    progress.observed_until,
                    progress.share,
                    progress.pace_needed,
                    made_on,
                )
            )
        self.writer.write(Pledge, PLEDGE_COLUMNS, pledges)
        # The changes and observations before the parties: through the ORM, writing parties
        # refreshes their pledges' statuses and progress (derived.py) from rows that must be
        # there already.
        self.writer.write(PledgeStatusChange, CHANGE_COLUMNS, changes)
        self.writer.write(Observation, OBSERVATION_COLUMNS, found)
        self.writer.write(PledgeParty, PARTY_COLUMNS, parties)

    def make_observations(
        self, pledge_id: int, made_on: dt.date, target: int, currency: str, rows: list[tuple]
    ) -> tuple[Decimal | None, list[Reading]]:
        """0–4 yearly figures of a pledge's target, from the year before it was made, drifting
        toward the target or away from it, never later than the last full demo year; appended
        to ``rows``. Returns its baseline (a third of the pledges have one) and the readings."""
        rng = self.rng
        level = Decimal(target) * Decimal(rng.randint(20, 90)) / 100
        baseline = level.quantize(Decimal("1")) if rng.random() < 1 / 3 else None
        readings, year_precision = [], Precision.YEAR.value
        first_year = made_on.year - 1
        for year in range(first_year, min(first_year + rng.randint(0, 4), LAST_DAY.year)):
            level = (level * Decimal(rng.randint(85, 130)) / 100).quantize(Decimal("1"))
            first, last = period_bounds(dt.date(year, 1, 1), Precision.YEAR)
            source = self.source_id
            rows.append((pledge_id, first, last, year_precision, False, level, currency, "", source, "", ""))
            readings.append(Reading(first, last, level))
        return baseline, readings
