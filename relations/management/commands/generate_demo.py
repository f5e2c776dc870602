"""Synthetic but realistic data on top of the real country list, for demos and benchmarks.

Pair activity is skewed as in real event data: countries are drawn with Zipf-like weights, so a
few pairs are very busy and most are quiet. Events mix day, month and year precision and day
ranges; 1–3 countries each. Officials hold offices; busy pairs have commissions with numbered
sessions; some events carry pledges with status histories. The same ``--seed`` gives the same
data. Rows are written in bulk (no per-row save, no change history), pair index included.
"""

from __future__ import annotations

import datetime as dt
import random
from itertools import accumulate, combinations

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from tqdm import tqdm

from relations.dates import FuzzyDate, Precision
from relations.models import (
    Commission,
    Country,
    Event,
    EventCountry,
    EventPair,
    OfficeHeld,
    Official,
    Participant,
    Pledge,
    PledgeParty,
    PledgeStatus,
    PledgeStatusChange,
)
from relations.names import fold

BATCH = 5000
FIRST_DAY = dt.date(1990, 1, 1)
SPAN_DAYS = (dt.date(2026, 10, 31) - FIRST_DAY).days
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
        self.rng.shuffle(codes)
        self.countries = codes
        # Zipf-like activity: the k-th country is drawn with weight 1 / k.
        self.cum_weights = list(accumulate(1 / (rank + 1) for rank in range(len(codes))))
        with transaction.atomic():
            self.make_officials(max(50, events // 200))
            self.make_commissions()
            self.make_events(events)
        self.stdout.write(self.style.SUCCESS(f"Added {events} demo events (seed {seed})."))

    def progress(self, total: int, desc: str):
        return tqdm(total=total, desc=desc, unit="rows", disable=self.quiet, mininterval=1.0)

    def pick_countries(self, n: int) -> list[str]:
        chosen: set[str] = set()
        while len(chosen) < n:
            chosen.add(self.rng.choices(self.countries, cum_weights=self.cum_weights)[0])
        return sorted(chosen)

    def make_officials(self, n: int) -> None:
        officials = []
        for i in range(n):
            code = self.rng.choices(self.countries, cum_weights=self.cum_weights)[0]
            name = f"Demo Official {self.seed}-{i}"
            officials.append(
                Official(name=name, slug=f"demo-{self.seed}-{i}", nationality_id=code, name_folded=fold(name))
            )
        Official.objects.bulk_create(officials, batch_size=BATCH)
        self.officials: dict[str, list[int]] = {}
        offices = []
        for official in Official.objects.filter(slug__startswith=f"demo-{self.seed}-").values(
            "pk", "nationality_id"
        ):
            self.officials.setdefault(official["nationality_id"], []).append(official["pk"])
            start = FuzzyDate.single(self.random_day(), self.rng.choice([Precision.MONTH, Precision.YEAR]))
            office = OfficeHeld(
                official_id=official["pk"],
                title=self.rng.choice(OFFICES),
                country_id=official["nationality_id"],
            )
            office.start = start
            offices.append(office)
        OfficeHeld.objects.bulk_create(offices, batch_size=BATCH)

    def make_commissions(self) -> None:
        busiest = list(combinations(self.countries[:25], 2))[:120]
        commissions = [
            Commission(
                name=f"{a}–{b} Joint Commission (demo {self.seed})",
                slug=f"demo-{self.seed}-{a}-{b}".lower(),
                kind=Commission.Kind.JOINT,
                search_text=fold(f"{a}–{b} Joint Commission"),
            )
            for a, b in busiest
        ]
        Commission.objects.bulk_create(commissions, batch_size=BATCH)
        self.commissions = {}
        through = Commission.members.through
        members = []
        for commission in Commission.objects.filter(slug__startswith=f"demo-{self.seed}-"):
            a, b = commission.slug.split("-")[-2:]
            self.commissions[(a.upper(), b.upper())] = [commission.pk, 0]
            members += [
                through(commission_id=commission.pk, country_id=a.upper()),
                through(commission_id=commission.pk, country_id=b.upper()),
            ]
        through.objects.bulk_create(members, batch_size=BATCH)

    def random_day(self) -> dt.date:
        return FIRST_DAY + dt.timedelta(days=self.rng.randrange(SPAN_DAYS))

    def random_date(self) -> FuzzyDate:
        roll = self.rng.random()
        day = self.random_day()
        if roll < 0.1:
            return FuzzyDate.single(day, Precision.YEAR)
        if roll < 0.3:
            return FuzzyDate.single(day, Precision.MONTH)
        if roll < 0.4:
            return FuzzyDate(day, day + dt.timedelta(days=self.rng.randint(1, 3)), Precision.DAY)
        return FuzzyDate.single(day, Precision.DAY)

    def make_events(self, total: int) -> None:
        bar = self.progress(total, "events")
        for start in range(0, total, BATCH):
            self.make_event_batch(start, min(BATCH, total - start))
            bar.update(min(BATCH, total - start))
        bar.close()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "ANALYZE relations_event; ANALYZE relations_eventpair; ANALYZE relations_eventcountry"
                )

    def make_event_batch(self, offset: int, n: int) -> None:
        rng = self.rng
        kinds, weights = zip(*KINDS, strict=True)
        events, plans = [], []
        for i in range(offset, offset + n):
            size = rng.choices([1, 2, 3], [15, 65, 20])[0]
            codes = self.pick_countries(size)
            kind = rng.choices(kinds, weights)[0]
            title = f"{Event.Kind(kind).label.capitalize()}: {' – '.join(codes)} #{i}"
            event = Event(title=title, slug=f"demo-{self.seed}-{i}", kind=kind, status=Event.Status.HELD)
            event.date = self.random_date()
            event.search_text = fold(title)
            event.place_country_id = codes[0]
            if kind == Event.Kind.COMMISSION_SESSION and len(codes) == 2 and tuple(codes) in self.commissions:
                slot = self.commissions[tuple(codes)]
                slot[1] += 1
                event.commission_id, event.session_number = slot[0], slot[1]
            events.append(event)
            plans.append(codes)
        Event.objects.bulk_create(events, batch_size=BATCH)
        if events[0].pk is None:  # backends that do not return ids from bulk inserts
            ids = dict(Event.objects.filter(slug__in=[e.slug for e in events]).values_list("slug", "pk"))
            for event in events:
                event.pk = ids[event.slug]
        countries, pairs, participants, pledges = [], [], [], []
        for event, codes in zip(events, plans, strict=True):
            countries += [
                EventCountry(event_id=event.pk, country_id=code, role=EventCountry.Role.PARTY)
                for code in codes
            ]
            pairs += [
                EventPair(event_id=event.pk, low=low, high=high, date_start=event.date_start)
                for low, high in combinations(codes, 2)
            ]
            for code in codes:
                people = self.officials.get(code)
                if people and rng.random() < 0.5:
                    participants.append(
                        Participant(
                            event_id=event.pk,
                            official_id=rng.choice(people),
                            side_id=code,
                            role="delegation_head",
                        )
                    )
            if rng.random() < 0.1:
                pledges.append((event, codes))
        EventCountry.objects.bulk_create(countries, batch_size=BATCH)
        EventPair.objects.bulk_create(pairs, batch_size=BATCH)
        Participant.objects.bulk_create(participants, batch_size=BATCH, ignore_conflicts=True)
        self.make_pledges(pledges)

    def make_pledges(self, made_at: list[tuple[Event, list[str]]]) -> None:
        rng = self.rng
        pledges = []
        for event, codes in made_at:
            amount = rng.choice([None, None, rng.randint(1, 500) * 10**6])
            pledge = Pledge(
                event_id=event.pk,
                title=f"Demo pledge at {event.slug}",
                search_text=fold(f"Demo pledge at {event.slug}"),
                target_amount=amount,
                target_currency=rng.choice(["USD", "EUR", "JPY", "CNY"]) if amount else "",
            )
            pledges.append((pledge, event, codes))
        Pledge.objects.bulk_create([p for p, _, _ in pledges], batch_size=BATCH)
        parties, changes = [], []
        for pledge, event, codes in pledges:
            parties += [PledgeParty(pledge_id=pledge.pk, country_id=code) for code in codes]
            day = event.date_start
            for status in rng.choice(HISTORIES):
                change = PledgeStatusChange(pledge_id=pledge.pk, status=status)
                change.as_of = FuzzyDate.single(day, Precision.MONTH)
                changes.append(change)
                day = day + dt.timedelta(days=rng.randint(40, 400))
        PledgeParty.objects.bulk_create(parties, batch_size=BATCH)
        PledgeStatusChange.objects.bulk_create(changes, batch_size=BATCH)
