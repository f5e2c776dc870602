"""Events, the countries and people taking part in them, and the links between them."""

# Over 400 lines: each model's save() and delete() keep what derives from the others in step
# (dates copied to the rows, pairs, totals), which reads best beside them.

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import Now
from simple_history.models import HistoricalRecords

from relations.dates import FuzzyDate, Precision
from relations.models import derived, touched
from relations.models.commissions import Commission
from relations.models.countries import Country
from relations.models.event_kinds import EventKind, EventKindField
from relations.models.event_queries import (
    EventCountryQuerySet,
    EventLinkQuerySet,
    EventManager,
    ParticipantQuerySet,
)
from relations.models.fuzzy import FuzzyDateField
from relations.models.limits import LONG_TEXT, long_text_validators
from relations.models.people import OfficeHeld, Official, offices_ruled_out, unique_slug
from relations.models.sectors import Sector
from relations.models.trees import refuse_cycle
from relations.paths import country_url, event_url, official_url


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
        help_text=(
            "As written: 9 September 2025, 8–9 Sept 2025, July 2025, early 2026, c. 1975 "
            "(or ISO: 2025-09-08/2025-09-09)."
        ),
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
    # When the record last changed: a feed entry's <updated>, a calendar entry's LAST-MODIFIED, a
    # sitemap's <lastmod>. The database default fills rows written without the ORM (COPY).
    updated_at = models.DateTimeField("last changed", auto_now=True, db_default=Now())

    history = HistoricalRecords(m2m_fields=[sectors])
    objects = EventManager()

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
        counted = getattr(self, "_stored_counted", None)
        # Its parent, children and linked events show its slug, title and date (touched.py).
        with touched.shown_saving(self, kwargs.get("update_fields")):
            if self.pk is None:
                super().save(*args, **kwargs)  # a new event has no rows copying its date yet
            elif stored != self.date_start:
                # The pair index, the country rows, the participants, the pledges made at it and
                # their party rows keep a copy of the date, for ordering.
                with derived.events_changing([self.pk]):
                    super().save(*args, **kwargs)
            elif counted != (self.date_precision, self.kind_id):
                # The activity totals count it by period (a year-precision date has none) and kind.
                with derived.events_changing([self.pk], dates=False):
                    super().save(*args, **kwargs)
            else:
                super().save(*args, **kwargs)
        self._stored_date_start = self.date_start
        self._stored_counted = (self.date_precision, self.kind_id)
        touched.events_saved([self.pk])  # its rows written next in this transaction touch it no more

    def get_absolute_url(self) -> str:
        return event_url(self.slug)

    @classmethod
    def from_db(cls, db, field_names, values):
        event = super().from_db(db, field_names, values)
        # The date as stored: `save` refreshes its copies only if it changes.
        event._stored_date_start = event.__dict__.get("date_start")
        event._stored_counted = (event.__dict__.get("date_precision"), event.__dict__.get("kind_id"))
        return touched.shown_loaded(event)

    def clean(self) -> None:
        refuse_cycle(self, label="title", constraint="event_not_own_parent")

    def delete(self, *args, **kwargs):
        # Its countries and pair rows go by cascade, which calls none of their delete() methods:
        # the totals that counted them are recounted here.
        with transaction.atomic(), derived.events_changing([self.pk], dates=False):
            related = touched.events_related([self.pk])  # its parent and linked events list it no more
            deleted = super().delete(*args, **kwargs)
            touched.touch_events(related)
            return deleted

    @property
    def group_label(self) -> str:
        """The timeline heading it falls under: its month, or its year if only that is known."""
        if self.date_precision == Precision.YEAR:
            return str(self.date_start.year)
        return f"{self.date_start:%B %Y}"

    @property
    def related_events(self) -> list:
        """Its parent, children and linked events as `EventQuerySet.with_related()` read them (no
        query): `event_related.RelatedEvent`s."""
        from relations.models.event_related import related_events

        return related_events(self)

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

    def get_absolute_url(self) -> str:
        return country_url(self.code.lower())


class ListedParticipant(NamedTuple):
    """Someone at an event as a list row names them: no model instance, read from the row's JSON."""

    official: str | None  # the official's slug; None for a name typed in
    official_name: str | None
    name: str
    role: str

    @property
    def official_url(self) -> str | None:
        return official_url(self.official) if self.official else None

    @property
    def role_label(self) -> str:
        """What `Participant.get_role_display()` says."""
        return _PARTICIPANT_ROLES.get(self.role, self.role)


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
        touched.events_touched([self.event_id, before])

    def delete(self, *args, **kwargs):
        with derived.events_changing([self.event_id], dates=False):
            deleted = super().delete(*args, **kwargs)
        touched.events_touched([self.event_id])
        return deleted

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
        before = getattr(self, "_stored_event_id", None)
        if self.date_start is None or self.event_id != before or Participant.event.is_cached(self):
            self.date_start = self.event.date_start
        stored = (before, getattr(self, "_stored_official_id", None), getattr(self, "_stored_side_id", None))
        if self.pk and stored == (self.event_id, self.official_id, self.side_id):
            super().save(*args, **kwargs)  # a new role or capacity: no total changes
        else:
            # The pair totals count each official's events on each side.
            with derived.events_changing({self.event_id, before} - {None}, dates=False):
                super().save(*args, **kwargs)
        self._stored_event_id = self.event_id
        self._stored_official_id, self._stored_side_id = self.official_id, self.side_id
        touched.events_touched([self.event_id, before])

    def delete(self, *args, **kwargs):
        with derived.events_changing([self.event_id], dates=False):
            deleted = super().delete(*args, **kwargs)
        touched.events_touched([self.event_id])
        return deleted

    @classmethod
    def from_db(cls, db, field_names, values):
        participant = super().from_db(db, field_names, values)
        # The event, official and side it was read with: `save` copies the date again if the
        # event changes, and recounts the totals if any of them does.
        participant._stored_event_id = participant.__dict__.get("event_id")
        participant._stored_official_id = participant.__dict__.get("official_id")
        participant._stored_side_id = participant.__dict__.get("side_id")
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
    objects = EventLinkQuerySet.as_manager()

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

    # Both events list the link: each one's record changes (touched.py).
    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        touched.events_touched([self.from_event_id, self.to_event_id])

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        touched.events_touched([self.from_event_id, self.to_event_id])
        return deleted
