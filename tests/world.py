"""A small named world that tests build once: Pakistan, Türkiye and India, the JMC, Güler and Khan,
two sessions and a conflict, and a pledge on each side of today; and, for the tests that assert a
whole story record by record (the API's lists, CSV and round trip, the extractor on the seed
article), the test story (`load_story`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.urls import reverse
from django.utils.text import slugify

from relations.models import (
    Citation,
    Commission,
    Country,
    Event,
    EventCountry,
    OfficeHeld,
    Official,
    OfficialName,
    Participant,
    Pledge,
    PledgeParty,
    PledgeStatus,
    PledgeStatusChange,
    Sector,
    Source,
    derived,
)
from relations.names import fold
from relations.seed import seed_load

#: The seed story as the tests know it: a copy of ``relations/seed/story.json``, so that the
#: product's story can be edited without breaking the tests that assert its records field by
#: field. ``tests/test_seed.py`` tests the product's own story.
STORY = Path(__file__).with_name("story.json")


@dataclass
class World:
    pakistan: Country
    turkiye: Country
    india: Country
    jmc: Commission
    guler: Official
    khan: Official
    energy: Sector
    lng: Sector
    session_16: Event
    visit_july: Event
    conflict: Event
    trade_pledge: Pledge
    lng_pledge: Pledge
    source: Source


def make_event(title: str, date: str, countries: dict[Country, str], **fields) -> Event:
    event = Event.objects.create(
        title=title, kind=fields.pop("kind", Event.Kind.MEETING), date=date, **fields
    )
    for country, role in countries.items():
        EventCountry.objects.create(event=event, country=country, role=role)
    return event


def bulk_events(rows: list[tuple], **fields) -> list[Event]:
    """Many events with their countries, from ``(title, date, {country or code: role})`` rows (a
    fourth item, if any, holds that row's own fields), written in bulk: a fixed number of queries
    whatever the number of rows, where `make_event` costs some twenty a row. For the tests that
    need a long list (a page that costs the same at any length). Each event gets the slug and
    search text `Event.save` would give it; ``fields`` are common to all (kind: a meeting)."""
    fields.setdefault("kind", Event.Kind.MEETING)
    events = []
    for title, date, _, *own in rows:
        event = Event(title=title, date=date, **fields, **(own[0] if own else {}))
        event.slug = slugify(fold(f"{event.date_start.year} {title}"))[:80]
        event.search_text = derived.search_text(event.title, event.summary)
        events.append(event)
    Event.objects.bulk_create(events)
    EventCountry.objects.bulk_create(
        EventCountry(
            event=event, country_id=getattr(country, "pk", country), role=role, date_start=event.date_start
        )
        for event, (_, _, countries, *_) in zip(events, rows, strict=True)
        for country, role in countries.items()
    )
    refresh_derived([event.pk for event in events])
    return events


def bulk_pledges(rows: list[tuple[Event, str, list[Country | str], list[tuple[str, str]]]]) -> list[Pledge]:
    """Many pledges, from ``(event, title, parties, [(status, as of), …])`` rows, written in bulk
    with their parties and status histories (see `bulk_events`)."""
    pledges = Pledge.objects.bulk_create(
        Pledge(
            event=event,
            title=title,
            search_text=derived.search_text(title, "", ""),
            date_start=event.date_start,
        )
        for event, title, _, _ in rows
    )
    PledgeParty.objects.bulk_create(
        PledgeParty(pledge=pledge, country_id=getattr(country, "pk", country), date_start=pledge.date_start)
        for pledge, (_, _, parties, _) in zip(pledges, rows, strict=True)
        for country in parties
    )
    PledgeStatusChange.objects.bulk_create(
        PledgeStatusChange(pledge=pledge, status=status, as_of=as_of)
        for pledge, (_, _, _, history) in zip(pledges, rows, strict=True)
        for status, as_of in history
    )
    refresh_derived(sorted({event.pk for event, _, _, _ in rows}))
    return pledges


def refresh_derived(event_ids: list[int]) -> None:
    """Bring the derived data of rows written in bulk (without ``save()``) in step, as the demo
    generator does (relations/models/derived.py): these events' pair index and totals, and their
    pledges' current statuses and totals."""
    derived.events_changed(event_ids)
    derived.pledges_changed(Pledge.objects.filter(event_id__in=event_ids).values_list("pk", flat=True))


def load_story() -> dict[str, int]:
    """Load the test story (`STORY`) with the seed loader; how many rows of each model it created."""
    return seed_load(path=STORY)


def build_world() -> World:
    pakistan, turkiye, india = (Country.objects.get(code=c) for c in ("PK", "TR", "IN"))
    energy = Sector.objects.create(name="Energy", slug="energy")
    lng = Sector.objects.create(name="LNG", slug="lng", parent=energy)
    jmc = Commission.objects.create(
        name="Pakistan–Türkiye Joint Ministerial Commission",
        acronym="JMC",
        kind=Commission.Kind.JOINT_MINISTERIAL,
        founded="1975",
    )
    jmc.members.set([pakistan, turkiye])

    guler = Official.objects.create(name="Yaşar Güler", nationality=turkiye)
    OfficialName.objects.create(official=guler, name="Yasar Guler")
    khan = Official.objects.create(name="Jam Kamal Khan", nationality=pakistan)
    OfficeHeld.objects.create(
        official=guler, title="Minister of National Defence", country=turkiye, start="2023-06"
    )

    session_16 = make_event(
        "16th session of the Pakistan–Türkiye Joint Ministerial Commission",
        "2025-09-08/2025-09-09",
        {pakistan: EventCountry.Role.HOST, turkiye: EventCountry.Role.VISITOR},
        kind=Event.Kind.COMMISSION_SESSION,
        commission=jmc,
        session_number=16,
        place="Islamabad",
        place_country=pakistan,
    )
    session_16.sectors.set([lng])
    Participant.objects.create(event=session_16, official=khan, side=pakistan, role="co_chair")
    Participant.objects.create(event=session_16, official=guler, side=turkiye, role="co_chair")
    visit_july = make_event(
        "Fidan and Güler visit Pakistan",
        "2025-07",
        {pakistan: EventCountry.Role.HOST, turkiye: EventCountry.Role.VISITOR},
        kind=Event.Kind.VISIT,
    )
    conflict = make_event(
        "India–Pakistan armed conflict",
        "2025-05-07/2025-05-10",
        {india: EventCountry.Role.PARTY, pakistan: EventCountry.Role.PARTY},
        kind=Event.Kind.CONFLICT,
    )

    trade_pledge = Pledge.objects.create(
        event=session_16,
        title="Expand bilateral trade to US$5 billion",
        target_amount=Decimal("5000000000"),
        target_currency="USD",
    )
    lng_pledge = Pledge.objects.create(event=session_16, title="Cooperate on LNG")
    lng_pledge.sectors.set([lng])
    today = dt.date.today()
    for pledge, status, day in (
        (trade_pledge, PledgeStatus.ANNOUNCED, dt.date(2024, 3, 1)),
        (lng_pledge, PledgeStatus.ANNOUNCED, dt.date(2025, 9, 9)),
        (lng_pledge, PledgeStatus.FULFILLED, today + dt.timedelta(days=30)),
    ):
        for country in (pakistan, turkiye):
            PledgeParty.objects.get_or_create(pledge=pledge, country=country)
        PledgeStatusChange.objects.create(pledge=pledge, status=status, as_of=day.isoformat())
    source = Source.objects.create(
        title="Pakistan, Türkiye agree on closer cooperation",
        publisher="Arab News",
        url="https://www.arabnews.com/node/2614698",
        published_on="2025-09-09",
    )
    return World(
        pakistan,
        turkiye,
        india,
        jmc,
        guler,
        khan,
        energy,
        lng,
        session_16,
        visit_july,
        conflict,
        trade_pledge,
        lng_pledge,
        source,
    )


def add_full_events(world: World, n: int) -> list[Event]:
    """``n`` Pakistan–Türkiye talks with every list a row shows: four countries (whose codes and
    names sort differently), three participants (two officials and a name typed in), three
    sectors (whose names and slugs sort differently), two sources and a pledge binding both."""
    switzerland, sweden = Country.objects.get(code="CH"), Country.objects.get(code="SE")
    farming = Sector.objects.get_or_create(slug="farming", defaults={"name": "Agriculture"})[0]
    wire = Source.objects.get_or_create(
        url="https://www.app.com.pk/talks", defaults={"title": "Talks held", "publisher": "APP"}
    )[0]
    countries = {
        world.turkiye: EventCountry.Role.VISITOR,
        sweden: EventCountry.Role.SUPPORTER,
        world.pakistan: EventCountry.Role.HOST,
        switzerland: EventCountry.Role.MEDIATOR,
    }
    events = bulk_events([(f"Talks {i}", f"2026-02-{i % 28 + 1:02d}", countries) for i in range(n)])
    participants = []
    for i, event in enumerate(events):
        # Every third event has no one in a key role, so its row names everyone.
        lead = Participant.Role.SPEAKER if i % 3 == 0 else Participant.Role.CO_CHAIR
        participants += [
            Participant(event=event, official=world.guler, side=world.turkiye, role=lead),
            Participant(event=event, name="Ümit Çelik", role=Participant.Role.OTHER, capacity="Envoy"),
            Participant(event=event, official=world.khan, side=world.pakistan, capacity="Minister"),
        ]
    for participant in participants:
        participant.date_start = participant.event.date_start
    Participant.objects.bulk_create(participants)
    derived.events_changed([event.pk for event in events], dates=False)  # who met most, per pair
    Event.sectors.through.objects.bulk_create(
        Event.sectors.through(event=event, sector=sector)
        for event in events
        for sector in (world.lng, farming, world.energy)
    )
    Citation.objects.bulk_create(
        citation
        for event in events
        for citation in (
            Citation(event=event, source=world.source, excerpt="“Closer ties,” they said."),
            Citation(event=event, source=wire),
        )
    )
    bulk_pledges(
        [
            (event, f"Pledge at talks {i}", [world.pakistan, world.turkiye], [])
            for i, event in enumerate(events)
        ]
    )
    return events


def change_conflict_countries_in_admin(client, event: Event, *, date: str | None = None, role: str = "party"):
    """Post the admin's change form of the May conflict (India and Pakistan) with its countries
    changed in the inline: India deleted, Pakistan kept (in ``role``), Türkiye added as a
    supporter; and the event's ``date``, if given."""
    rows = list(event.event_countries.order_by("country_id"))
    data = {
        "title": event.title, "slug": event.slug, "kind": event.kind_id, "status": event.status,
        "date": date or event.date.edtf(), "place": "", "place_country": "", "summary": "", "commission": "",
        "session_number": "", "parent": "",
        "event_countries-TOTAL_FORMS": "3", "event_countries-INITIAL_FORMS": "2",
        "event_countries-MIN_NUM_FORMS": "0", "event_countries-MAX_NUM_FORMS": "1000",
        "event_countries-0-id": str(rows[0].pk), "event_countries-0-event": str(event.pk),
        "event_countries-0-country": "IN", "event_countries-0-role": "party",
        "event_countries-0-DELETE": "on",
        "event_countries-1-id": str(rows[1].pk), "event_countries-1-event": str(event.pk),
        "event_countries-1-country": "PK", "event_countries-1-role": role,
        "event_countries-2-country": "TR", "event_countries-2-role": "supporter",
    }  # fmt: skip
    data |= empty_inlines("participants", "citations", "links_out")
    return client.post(reverse("admin:relations_event_change", args=[event.pk]), data)


def empty_inlines(*prefixes: str) -> dict[str, str]:
    """The management forms of admin inlines posted with no rows."""
    data = {}
    for prefix in prefixes:
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0",
                 f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}  # fmt: skip
    return data
