from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Lookup, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from simple_history.models import HistoricalRecords

from relations.codes import Pair, country_code
from relations.dates import FuzzyDate, Precision
from relations.models import derived
from relations.models.commissions import Commission
from relations.models.countries import Country, CountryName, name_as_of
from relations.models.event_kinds import EventKind, EventKindField
from relations.models.fuzzy import FuzzyDateField
from relations.models.jsonrows import JSONRows
from relations.models.limits import LONG_TEXT, long_text_validators
from relations.models.ordering import NewestFirstQuerySet
from relations.models.people import OfficeHeld, Official, offices_ruled_out, unique_slug
from relations.models.sectors import Sector
from relations.models.trees import refuse_cycle
from relations.names import fold

# Above this many events, a search's countries are checked event by event down the timeline
# (a page is near the top) rather than looked up and sorted (`EventQuerySet.matching`).
SEARCH_GATHER_LIMIT = 20_000


class InArray(Lookup):
    """``field IN (subquery)``, as a filter. On PostgreSQL it is written ``= ANY(ARRAY(…))``: the
    subquery runs once and the list it gives can be read through the field's index, alone or
    with other such conditions (a bitmap OR), where ``IN`` can only be checked row by row."""

    lookup_name = "in_array"

    def __init__(self, field: str, subquery: models.QuerySet) -> None:
        super().__init__(F(field), subquery)

    def as_sql(self, compiler, connection) -> tuple[str, list]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(ARRAY{rhs})", [*lhs_params, *rhs_params]
        return f"{lhs} IN {rhs}", [*lhs_params, *rhs_params]


class EventQuerySet(NewestFirstQuerySet):
    def delete(self) -> tuple[int, dict[str, int]]:
        """Delete the events, and recount the totals of the pairs and countries they were in."""
        with (
            transaction.atomic(),
            derived.events_changing(list(self.values_list("pk", flat=True)), dates=False),
        ):
            return super().delete()

    # As on QuerySet.delete: not on the manager (no Event.objects.delete()), not from templates.
    delete.alters_data = True
    delete.queryset_only = True

    def update(self, **fields) -> int:
        """Update the events, keeping what derives from them in step (derived.py)."""
        return derived.kept_update(
            self,
            fields,
            events="pk",
            watched=("date_start",),
            derived=("search_text",),
            texts=Event.SEARCHED,
            dates=True,
        )

    update.alters_data = True
    update.queryset_only = True

    def between(self, first: dt.date | None = None, last: dt.date | None = None) -> EventQuerySet:
        """Events any of whose possible days falls in [first, last]; ``None`` leaves a side open.

        "July 2025" matches ``first=2025-07-15``: comparisons use the first and last possible day.
        """
        if first is not None:
            self = self.filter(date_end__gte=first)
        if last is not None:
            self = self.filter(date_start__lte=last)
        return self

    def involving(self, *countries: Country | str) -> EventQuerySet:
        """Events in which every one of ``countries`` (objects or ISO codes) takes part, newest
        first along the index they are read through.

        One country's events are read through its timeline index (`for_country`), two or more
        through the pair index of the first two (`for_pair`), so that the newest page of even a
        quiet country or pair costs an index range, not a walk through every event.
        """
        codes = list(dict.fromkeys(country_code(country) for country in countries))
        if len(codes) == 1:
            return self.for_country(codes[0])
        if len(codes) >= 2:
            self = self.for_pair(*codes[:2])
        for code in codes[2:]:
            self = self.filter(
                models.Exists(EventCountry.objects.filter(event=OuterRef("pk"), country_id=code))
            )
        return self

    def for_country(self, country: Country | str) -> EventQuerySet:
        """A country's events, newest first, read from its rows of the event–country table, which
        carry the event's date and are indexed for this (`event_country_timeline`)."""
        events = self.filter(event_countries__country=country_code(country))
        return events.read_through("event_countries", "event_id")

    def for_pair(self, a: Country | str, b: Country | str) -> EventQuerySet:
        """Events in which both countries take part, bilateral or among more, newest first, read
        from the pair index (`EventPair`) rather than a double join over the event–country table."""
        pair = Pair.of(a, b)
        return self.filter(pairs__low=pair.low, pairs__high=pair.high).read_through("pairs", "event_id")

    def matching(self, text: str) -> EventQuerySet:
        """Events whose title or summary, country names, participants' names or commission
        contain ``text``, folding case and accents ("guler" finds Yaşar Güler's events).

        Costs one query first, over the country names: each part of the search is then read
        through an index of its own (on PostgreSQL, the trigram indexes of the migration
        ``event_search_trigram``), so a common word walks the timeline and stops at a page,
        and a rare one reads its few events, at any size. A country's events are looked up
        from its row in the event–country table unless there are many of them
        (`SEARCH_GATHER_LIMIT`), when checking each event of the timeline finds a page sooner.
        """
        folded = fold(text)
        if not folded:
            return self
        officials = (
            Official.objects.filter(Q(name_folded__contains=folded) | Q(names__folded__contains=folded))
            .values("pk")
            .order_by()
        )
        people = (
            Participant.objects.filter(
                InArray("official", officials) | (Q(name__icontains=text.strip()) & ~Q(name=""))
            )
            .values("event")
            .order_by()
        )
        commissions = Commission.objects.matching(text).values("pk").order_by()
        found = Q(search_text__contains=folded) | InArray("commission", commissions) | InArray("pk", people)
        countries = dict(
            CountryName.objects.filter(folded__contains=folded)
            .values_list("country_id", Coalesce("country__total__events", 0))
            .order_by()
            .distinct()
        )
        if sum(countries.values()) > SEARCH_GATHER_LIMIT:
            found |= models.Exists(EventCountry.objects.filter(event=OuterRef("pk"), country__in=countries))
        elif countries:
            found |= InArray(
                "pk", EventCountry.objects.filter(country__in=countries).values("event").order_by()
            )
        return self.filter(found)

    def of_kind(self, kind: EventKind | str) -> EventQuerySet:
        """Events of ``kind`` (an object or a slug) or of one of its sub-kinds: ``visit`` finds
        state visits. The kinds are a subquery of the same query."""
        return self.filter(kind__in=EventKind.objects.family(kind).values("pk"))

    def upcoming(self, on: dt.date | None = None) -> EventQuerySet:
        """Announced events that may still happen on or after ``on`` (default today), soonest first."""
        on = on or dt.date.today()
        return self.filter(status=Event.Status.ANNOUNCED, date_end__gte=on).order_by("date_start", "pk")

    def for_list(self) -> EventQuerySet:
        """What a timeline row shows, in the events' own query whatever the rows: kind, commission and
        place, the countries (``country_rows``, each named as it was on the event's first day:
        "Turkey" in 2019) and participants (``participant_rows``) as JSON (related records by
        code or slug, with their names), the place's country's name then (``place_name``), the
        number of pledges made and
        whether any source is cited. Pages read the JSON through `listed_countries` and
        `key_participants`: no model instance per country or participant."""
        from relations.models.citations import Citation
        from relations.models.pledges import Pledge

        pledges = (
            Pledge.objects.filter(event=OuterRef("pk"))
            .order_by()
            .values("event")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        countries = EventCountry.objects.filter(event=OuterRef("pk")).order_by("country_id")
        # Each name looked up by key (`name_as_of`: the name on the event's first day, from the
        # row's copy of that day): joined instead, PostgreSQL hashes the whole country table for
        # every event, which made the list about three times slower to build.
        participants = Participant.objects.filter(event=OuterRef("pk")).order_by("pk")
        return self.select_related("kind", "commission", "place_country").annotate(
            country_rows=JSONRows(countries, country="country_id", role="role", name=name_as_of()),
            participant_rows=JSONRows(
                participants,
                official="official__slug",
                name="name",
                side="side_id",
                role="role",
                capacity="capacity",
                official_name="official__name",
            ),
            place_name=name_as_of("place_country_id", "date_start"),
            pledge_count=models.functions.Coalesce(models.Subquery(pledges), 0),
            has_source=models.Exists(Citation.objects.filter(event=OuterRef("pk"))),
        )

    def for_export(self) -> EventQuerySet:
        """Everything an event's record holds (the API, the CSV export), still in one query
        whatever the rows: `for_list()`'s, the parent, and the sectors (``sector_rows``, by
        name) and citations (``citation_rows``, with their source's slug) as JSON too."""
        from relations.models.citations import Citation

        sectors = Sector.objects.filter(events=OuterRef("pk")).order_by("name", "pk")
        citations = Citation.objects.filter(event=OuterRef("pk")).order_by("pk")
        return (
            self.for_list()
            .select_related("parent")
            .annotate(
                sector_rows=JSONRows(sectors, slug="slug"),
                citation_rows=JSONRows(citations, source="source__slug", excerpt="excerpt"),
            )
        )


class Event(models.Model):
    """Something that happened between countries: a session, visit, call, statement, clash."""

    class Kind(models.TextChoices):
        """The kinds the code itself names (the article reader's sessions and meetings, the demo
        data); every kind, these and those editors add, is a row of `EventKind`."""

        COMMISSION_SESSION = "commission_session", "commission session"
        VISIT = "visit", "visit"
        SUMMIT = "summit", "summit"
        MEETING = "meeting", "meeting"
        CALL = "call", "call"
        STATEMENT = "statement", "statement"
        AGREEMENT = "agreement", "agreement signing"
        CONFLICT = "conflict", "conflict"
        OTHER = "other", "other"

    class Status(models.TextChoices):
        ANNOUNCED = "announced", "announced"
        HELD = "held", "held"
        POSTPONED = "postponed", "postponed"
        CANCELLED = "cancelled", "cancelled"

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=100, unique=True, blank=True)
    kind = EventKindField(
        EventKind,
        on_delete=models.PROTECT,
        db_column="kind",
        related_name="events",
        help_text="The most precise kind that fits: state visit rather than visit.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.HELD)
    date = FuzzyDateField(
        "date",
        ranges=True,
        help_text="2025, 2025-07, 2025-07-09 or 2025-09-08/2025-09-09; “c. 1975” if approximate.",
    )
    place = models.CharField(max_length=150, blank=True, help_text="City or site, e.g. Islamabad.")
    place_country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events_hosted",
        verbose_name="place country",
    )
    countries = models.ManyToManyField(Country, through="EventCountry", related_name="events")
    commission = models.ForeignKey(
        Commission, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions"
    )
    session_number = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The commission's own numbering: 16 for the 16th session."
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The larger event this is part of, e.g. the visit during which a meeting took place.",
    )
    sectors = models.ManyToManyField(Sector, blank=True, related_name="events")
    summary = models.TextField(blank=True, max_length=LONG_TEXT, validators=long_text_validators)
    search_text = models.TextField(editable=False, blank=True)

    history = HistoricalRecords(m2m_fields=[sectors])
    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-date_start", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["commission", "session_number"],
                name="event_one_session_number_per_commission",
                violation_error_message="This commission already has a session with this number.",
            ),
            models.CheckConstraint(
                condition=Q(session_number__isnull=True) | Q(commission__isnull=False),
                name="event_session_number_needs_commission",
                violation_error_message="A session number needs a commission.",
            ),
            models.CheckConstraint(
                condition=Q(session_number__isnull=True) | Q(session_number__gte=1),
                name="event_session_number_positive",
                violation_error_message="Session numbers start at 1.",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")),
                name="event_not_own_parent",
                violation_error_message="An event cannot be part of itself.",
            ),
        ]
        indexes = [
            # The timeline: every event, newest first.
            models.Index(fields=["-date_start", "-id"], name="event_timeline"),
            # Overlap filters (from/to) on the last possible day.
            models.Index(fields=["date_end"], name="event_date_end"),
            # A commission's sessions, latest first: its latest session and its number of sessions
            # on the commissions list (CommissionQuerySet.for_list) and the ties page.
            models.Index(fields=["commission", "-date_start", "-id"], name="event_commission_latest"),
            # Announced events still to come, soonest first: EventQuerySet.upcoming(). Only the
            # announced ones: through the index on the last day, the home page read every event
            # of the current year (held ones too) to find them.
            models.Index(fields=["date_start", "id"], condition=Q(status="announced"), name="event_upcoming"),
            # The API's ?ordering=title and ?ordering=-title: a page without sorting every event.
            models.Index(fields=["title"], name="event_title"),
        ]
        # On PostgreSQL, search (`EventQuerySet.matching`) also reads trigram indexes on
        # search_text and on participants' typed names; the migration that makes them
        # (event_search_trigram) creates them on PostgreSQL only, so they are not declared here.

    def __str__(self) -> str:
        return f"{self.title} ({self.date})" if self.date_start else self.title

    # What `search_text` is made of, in order (`derived.search_text`).
    SEARCHED = ("title", "summary")

    def save(self, *args, **kwargs) -> None:
        self.search_text = derived.search_text(self.title, self.summary)
        if not self.slug:
            year = self.date_start.year if self.date_start else ""
            self.slug = unique_slug(Event, f"{year} {self.title}", exclude_pk=self.pk)
        stored = getattr(self, "_stored_date_start", None)
        if self.pk is None or stored == self.date_start:
            super().save(*args, **kwargs)  # a new event has no rows copying its date yet
        else:
            # The pair index, the country rows, the participants, the pledges made at it and
            # their party rows keep a copy of the date, for ordering.
            with derived.events_changing([self.pk]):
                super().save(*args, **kwargs)
        self._stored_date_start = self.date_start

    def get_absolute_url(self) -> str:
        return reverse("relations:event-detail", args=[self.slug])

    @classmethod
    def from_db(cls, db, field_names, values):
        event = super().from_db(db, field_names, values)
        # The date as stored: `save` refreshes its copies only if it changes.
        event._stored_date_start = event.__dict__.get("date_start")
        return event

    def clean(self) -> None:
        refuse_cycle(self, label="title", constraint="event_not_own_parent")

    def delete(self, *args, **kwargs):
        # Its countries and pair rows go by cascade, which calls none of their delete() methods:
        # the totals that counted them are recounted here.
        with transaction.atomic(), derived.events_changing([self.pk], dates=False):
            return super().delete(*args, **kwargs)

    @property
    def group_label(self) -> str:
        """The timeline heading it falls under: its month, or its year if only that is known."""
        if self.date_precision == Precision.YEAR:
            return str(self.date_start.year)
        return f"{self.date_start:%B %Y}"

    @property
    def listed_countries(self) -> list[ListedCountry]:
        """Its countries by code, as `EventQuerySet.for_list()` read them (no query)."""
        return [ListedCountry(row["country"], row["name"]) for row in self.country_rows]

    @property
    def key_participants(self) -> list[ListedParticipant]:
        """Co-chairs, heads of delegation and hosts; everyone if none has such a role.
        Reads the participants `EventQuerySet.for_list()` read (no query)."""
        people = [
            ListedParticipant(row["official"], row["official_name"], row["name"], row["role"])
            for row in self.participant_rows
        ]
        key = [p for p in people if p.role in Participant.KEY_ROLES]
        return key or people


class ListedCountry(NamedTuple):
    """A country as a list row names it: no model instance, read from the row's JSON."""

    code: str
    name: str


class ListedParticipant(NamedTuple):
    """Someone at an event as a list row names them: no model instance, read from the row's JSON."""

    official: str | None  # the official's slug; None for a name typed in
    official_name: str | None
    name: str
    role: str

    @property
    def role_label(self) -> str:
        """What `Participant.get_role_display()` says."""
        return _PARTICIPANT_ROLES.get(self.role, self.role)


class EventCountryQuerySet(models.QuerySet):
    def delete(self) -> tuple[int, dict[str, int]]:
        """Delete the rows, and refresh the pairs and totals of their events (derived.py)."""
        events = set(self.order_by().values_list("event_id", flat=True))
        with transaction.atomic(), derived.events_changing(events, dates=False):
            return super().delete()

    delete.alters_data = True
    delete.queryset_only = True

    def update(self, **fields) -> int:
        """Update the rows, keeping the pairs and totals of their events in step (derived.py)."""
        return derived.kept_update(
            self, fields, events="event_id", watched=("event", "country"), derived=("date_start",)
        )

    update.alters_data = True
    update.queryset_only = True


class EventCountry(models.Model):
    """A country taking part in an event, and in what role."""

    class Role(models.TextChoices):
        HOST = "host", "host"
        VISITOR = "visitor", "visitor"
        PARTY = "party", "party"
        SUPPORTER = "supporter", "supporter"
        MEDIATOR = "mediator", "mediator"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="event_countries")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="event_roles")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PARTY)
    date_start = models.DateField(
        editable=False, help_text="A copy of the event's first possible day, for a country's timeline."
    )

    history = HistoricalRecords(excluded_fields=["date_start"])
    objects = EventCountryQuerySet.as_manager()

    class Meta:
        ordering = ["event", "country"]
        verbose_name = "country involved"
        verbose_name_plural = "countries involved"
        constraints = [
            models.UniqueConstraint(
                fields=["event", "country"],
                name="event_country_once",
                violation_error_message="This country is already listed for the event.",
            ),
        ]
        indexes = [
            # A country's timeline, newest first, in pages: `EventQuerySet.for_country`.
            models.Index(
                F("country"), F("date_start").desc(), F("event").desc(), name="event_country_timeline"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country_id} ({self.get_role_display()})"

    # The pair index and the pair and country totals are derived from these rows; every write
    # path (admin inlines, API, seed, shell) goes through save() and delete() (or the queryset's
    # delete() and update()), so they are kept in step here rather than by each caller.
    def save(self, *args, **kwargs) -> None:
        before = self._stored_event_id
        # The date is copied from the event when the row is new or moves to another event,
        # and whenever the caller holds the event (the admin inline and the API do: no
        # query), which may carry a date changed in the same edit. `Event.save` keeps it in
        # step after.
        if self.date_start is None or before != self.event_id or EventCountry.event.is_cached(self):
            self.date_start = self.event.date_start
        if self.pk and (before, self._stored_country_id) == (self.event_id, self.country_id):
            super().save(*args, **kwargs)  # a new role: no pair and no total changes
        else:
            with derived.events_changing({self.event_id, before} - {None}, dates=False):
                super().save(*args, **kwargs)
        self._stored_event_id, self._stored_country_id = self.event_id, self.country_id

    def delete(self, *args, **kwargs):
        with derived.events_changing([self.event_id], dates=False):
            return super().delete(*args, **kwargs)

    _stored_event_id = _stored_country_id = None

    @classmethod
    def from_db(cls, db, field_names, values):
        row = super().from_db(db, field_names, values)
        # The event and country it was read with: `save` refreshes the pairs if they change.
        row._stored_event_id = row.__dict__.get("event_id")
        row._stored_country_id = row.__dict__.get("country_id")
        return row

    @property
    def name_then(self) -> str:
        """The country's name on the event's first day (`Country.name_on`): as annotated
        (``annotated_name_then``, `name_as_of`) by the query that read the row, if it did (no
        query)."""
        annotated = self.__dict__.get("annotated_name_then")
        return annotated if annotated is not None else self.country.name_on(self.date_start)


class ParticipantQuerySet(models.QuerySet):
    def attended_by(self, official: Official) -> ParticipantQuerySet:
        """The official's participations, newest first by the copy of the event's date each
        carries: keyset pages walk `participant_official_timeline` and stop at the page."""
        return self.filter(official=official).order_by("-date_start", "-pk")

    def update(self, **fields) -> int:
        """Update the rows, keeping their copy of their event's date in step (derived.py)."""
        return derived.kept_update(
            self, fields, events="event_id", watched=("event",), derived=("date_start",), dates=True
        )

    update.alters_data = True
    update.queryset_only = True


class Participant(models.Model):
    """Someone at an event: a known official, or a name when the person is not in the tracker."""

    class Role(models.TextChoices):
        CO_CHAIR = "co_chair", "co-chair"
        DELEGATION_HEAD = "delegation_head", "head of delegation"
        HOST = "host", "host"
        GUEST = "guest", "guest"
        DELEGATE = "delegate", "delegate"
        SPEAKER = "speaker", "speaker"
        OTHER = "other", "other"

    KEY_ROLES = (Role.CO_CHAIR, Role.DELEGATION_HEAD, Role.HOST, Role.GUEST)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    official = models.ForeignKey(
        Official, on_delete=models.PROTECT, null=True, blank=True, related_name="participations"
    )
    name = models.CharField(
        max_length=150, blank=True, help_text="Only for someone who is not in the tracker as an official."
    )
    side = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participants",
        help_text="The country the person spoke for.",
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.DELEGATE)
    capacity = models.CharField(
        max_length=200,
        blank=True,
        help_text="The office they came in, as reported: “Minister of National Defence”.",
    )
    date_start = models.DateField(
        editable=False, help_text="A copy of the event's first possible day, for an official's events."
    )

    history = HistoricalRecords(excluded_fields=["date_start"])
    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["event", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(official__isnull=True, name=""),
                name="participant_official_or_name",
                violation_error_message="Choose an official or type a name.",
            ),
            models.UniqueConstraint(
                fields=["event", "official"],
                name="participant_official_once",
                violation_error_message="This official is already listed for the event.",
            ),
        ]
        indexes = [
            # An official's events attended, newest first, in pages: the official's page.
            models.Index(fields=["official", "-date_start", "-id"], name="participant_official_timeline"),
        ]

    def __str__(self) -> str:
        return str(self.official) if self.official_id else self.name

    def save(self, *args, **kwargs) -> None:
        # The date is copied from the event when the row is new or moves to another event, and
        # whenever the caller holds the event (the admin inline and the API do: no query), which
        # may carry a date changed in the same edit. `Event.save` keeps it in step after.
        if (
            self.date_start is None
            or self.event_id != getattr(self, "_stored_event_id", None)
            or Participant.event.is_cached(self)
        ):
            self.date_start = self.event.date_start
        super().save(*args, **kwargs)
        self._stored_event_id = self.event_id

    @classmethod
    def from_db(cls, db, field_names, values):
        participant = super().from_db(db, field_names, values)
        # The event it was read with: `save` copies the date again if it changes.
        participant._stored_event_id = participant.__dict__.get("event_id")
        return participant

    def clean(self) -> None:
        # Without its event (a row of an event the API is writing) the event checks its rows.
        if self.event_id or Participant.event.is_cached(self):
            if error := self.office_error(self.event.date):
                raise ValidationError({"capacity": error})

    def office_error(self, date: FuzzyDate | None, *, today: dt.date | None = None) -> str | None:
        """Why the official cannot have come in this capacity to an event on ``date``: it names
        offices of theirs none of which may have been held then (`offices_ruled_out`). One query."""
        if not (self.official_id and self.capacity and date):
            return None
        offices = OfficeHeld.objects.filter(official_id=self.official_id)
        ruled_out = offices_ruled_out(self.capacity, date, offices, today=today)
        if not ruled_out:
            return None
        periods = "; ".join(office.period_display() for office in ruled_out)
        return (
            f"{self.official} cannot have come as “{self.capacity}” on {date}: "
            f"that office is recorded for {periods}."
        )


_PARTICIPANT_ROLES = dict(Participant.Role.choices)


class EventLink(models.Model):
    """A relation between two events: a follow-up, its context, a response."""

    class Kind(models.TextChoices):
        FOLLOW_UP = "follow_up", "follow-up of"
        CONTEXT = "context", "context for"
        RESPONSE = "response", "response to"
        RELATED = "related", "related to"

    from_event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="links_out")
    to_event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.RELATED)

    history = HistoricalRecords()

    class Meta:
        ordering = ["from_event", "kind"]
        verbose_name = "related event"
        constraints = [
            models.UniqueConstraint(
                fields=["from_event", "to_event", "kind"],
                name="event_link_once",
                violation_error_message="These events are already linked this way.",
            ),
            models.CheckConstraint(
                condition=~Q(from_event=models.F("to_event")),
                name="event_link_not_to_itself",
                violation_error_message="An event cannot be related to itself.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_event.title} — {self.get_kind_display()} — {self.to_event.title}"
