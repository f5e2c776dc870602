from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Case, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery, Value, When
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from relations.dates import FuzzyDate, period_bounds
from relations.models import touched
from relations.models.countries import Country, NameKind
from relations.models.fuzzy import FuzzyDateField
from relations.models.trees import refuse_cycle
from relations.names import fold
from relations.paths import official_url

if TYPE_CHECKING:
    from relations.models.events import Participant


def unique_slug(model: type[models.Model], text: str, *, exclude_pk=None) -> str:
    """``slugify(text)``, with ``-2``, ``-3``… appended if another row already has it."""
    base = slugify(fold(text))[:80] or "record"
    taken = set(
        model._default_manager.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


class Organization(models.Model):
    """A ministry, foreign office, armed force, agency or international body."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", "government"
        MINISTRY = "ministry", "ministry"
        ARMED_FORCES = "armed_forces", "armed forces"
        INTELLIGENCE = "intelligence", "intelligence agency"
        PARLIAMENT = "parliament", "parliament"
        INTERNATIONAL = "international", "international body"
        OTHER = "other", "other"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True, blank=True)
    acronym = models.CharField(max_length=30, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.MINISTRY)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        help_text="Leave empty for an international body.",
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")),
                name="organization_not_own_parent",
                violation_error_message="An organization cannot be part of itself.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country_id})" if self.country_id else self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Organization, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        refuse_cycle(self, label="name", constraint="organization_not_own_parent")


#: How many of the best-matching officials a lookup ranks by activity (`ranked_matching`): the
#: first by exact name, office and name; those after them follow by name. A term that matches
#: more officials than this is too short to choose one by.
ACTIVITY_RANKED = 40
#: How many of an official's events a lookup counts: past it, two officials are equally active.
ACTIVITY_COUNTED = 100


class CappedCount(Subquery):
    """How many rows a sliced subquery gives: it counts no further than its slice."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) capped)"
    output_field = IntegerField()


class OfficialQuerySet(models.QuerySet):
    def matching(self, text: str) -> OfficialQuerySet:
        """Officials any of whose names contains ``text``, folding case and accents."""
        folded = fold(text)
        if not folded:
            return self.none()
        return self.filter(Q(name_folded__contains=folded) | Q(names__folded__contains=folded)).distinct()

    def ranked_matching(self, text: str, *, on: dt.date | None = None) -> OfficialQuerySet:
        """Officials any of whose names contains ``text`` (folding case and accents), the one
        most likely meant first: a name that is ``text`` (``exact_name``), then those holding an
        office on ``on`` (default today; ``holds_office``), then the more events they took part
        in (``activity``), then by name.

        Activity is counted in one query first, for the first `ACTIVITY_RANKED` candidates
        only (by exact name, office and name) and up to `ACTIVITY_COUNTED` events each, through
        the index of an official's events; the others have an activity of -1 and follow by
        name. Then one query, whatever the number of officials and events, with no join and no
        DISTINCT: the names, aliases and current offices are each read once (``IN``).
        """
        from relations.models.events import Participant

        folded = fold(text)
        if not folded:
            return self.none()

        def named(lookup: str) -> Q:
            aliases = OfficialName.objects.filter(**{f"folded__{lookup}": folded}).values("official")
            return Q(**{f"name_folded__{lookup}": folded}) | Q(pk__in=aliases)

        serving = OfficeHeld.objects.serving(on).values("official")
        candidates = self.filter(named("contains")).annotate(
            exact_name=Case(When(named("exact"), then=Value(1)), default=Value(0)),
            holds_office=Case(When(pk__in=serving, then=Value(1)), default=Value(0)),
        )
        events = Participant.objects.filter(official=OuterRef("pk")).order_by().values("pk")
        first = (
            candidates.order_by("-exact_name", "-holds_office", "name", "pk")
            .annotate(activity=CappedCount(events[:ACTIVITY_COUNTED]))
            .values_list("pk", "activity")[:ACTIVITY_RANKED]
        )
        counted = dict(first)
        # The count of each of them, looked up only for them: a list of constants (hashed) first.
        activity = Case(*(When(pk=pk, then=Value(n)) for pk, n in counted.items()), default=Value(-1))
        return candidates.annotate(
            activity=Case(When(pk__in=list(counted), then=activity), default=Value(-1))
        ).order_by("-exact_name", "-holds_office", "-activity", "name", "pk")

    def for_lookup(self, on: dt.date | None = None) -> OfficialQuerySet:
        """What a lookup shows to tell two officials of the same name apart, in one query more
        whatever the rows: the nationality, the offices held on ``on`` (default today) first
        and then the latest (``offices_latest``, see `OfficeQuerySet.latest_first`), and the
        first and last day of the events they took part in (``first_event_on``,
        ``last_event_on``: an index lookup each)."""
        from relations.models.events import Participant

        events = Participant.objects.filter(official=OuterRef("pk")).values("date_start")
        return (
            self.select_related("nationality")
            .annotate(
                first_event_on=Subquery(events.order_by("date_start")[:1]),
                last_event_on=Subquery(events.order_by("-date_start")[:1]),
            )
            .prefetch_related(
                Prefetch(
                    "offices",
                    queryset=OfficeHeld.objects.latest_first(on).select_related("country"),
                    to_attr="offices_latest",
                )
            )
        )

    def of_country(self, country: Country | str) -> OfficialQuerySet:
        """Officials of ``country`` (or its code): its nationals and anyone who held an office for it."""
        held = OfficeHeld.objects.filter(official=OuterRef("pk"), country=country)
        return self.filter(Q(nationality=country) | Exists(held))

    def with_current_offices(self, on: dt.date | None = None) -> OfficialQuerySet:
        """Annotates ``serving`` (holds an office on ``on``, default today, as
        `OfficeQuerySet.serving` counts it) and prefetches those offices as ``current_offices``,
        latest first: one query more, whatever the rows."""
        current = OfficeHeld.objects.serving(on)
        return self.annotate(serving=Exists(current.filter(official=OuterRef("pk")))).prefetch_related(
            Prefetch(
                "offices",
                queryset=current.select_related("organization", "country").order_by("-start_start", "-pk"),
                to_attr="current_offices",
            )
        )


class Official(models.Model):
    """A person who acts for a country: minister, diplomat, officer, head of state."""

    name = models.CharField(max_length=150, help_text="The name as the person writes it.")
    slug = models.SlugField(max_length=100, unique=True, blank=True)
    nationality = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="officials"
    )
    wikidata_id = models.CharField(
        "Wikidata id",
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^Q[1-9]\d*$", "A Wikidata id looks like Q12345.")],
    )
    name_folded = models.CharField(max_length=150, editable=False, db_index=True)

    history = HistoricalRecords()
    objects = OfficialQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["wikidata_id"],
                condition=~Q(wikidata_id=""),
                name="official_wikidata_id_unique",
                violation_error_message="Another official already has this Wikidata id.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name_folded = fold(self.name)
        if not self.slug:
            self.slug = unique_slug(Official, self.name, exclude_pk=self.pk)
        with touched.shown_saving(self, kwargs.get("update_fields")):  # its events name it
            super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return official_url(self.slug)

    @classmethod
    def from_db(cls, db, field_names, values):
        return touched.shown_loaded(super().from_db(db, field_names, values))


class OfficialName(models.Model):
    """Another spelling of an official's name: a transliteration, a former name, a short form."""

    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=20, choices=NameKind.choices, default=NameKind.TRANSLITERATION)
    folded = models.CharField(max_length=150, editable=False, db_index=True)  # lookup by alias

    history = HistoricalRecords()

    class Meta:
        ordering = ["official", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["official", "name"],
                name="official_name_unique",
                violation_error_message="This official already has this name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.folded = fold(self.name)
        super().save(*args, **kwargs)


def _held_on(on: dt.date) -> Q:
    return Q(
        Q(start_start__isnull=True) | Q(start_start__lte=on),
        Q(end_end__isnull=True) | Q(end_end__gte=on),
        end_unknown=False,
    )


class OfficeQuerySet(models.QuerySet):
    def serving(self, on: dt.date | None = None) -> OfficeQuerySet:
        """Offices held on ``on`` (default today).

        An office whose start is unknown counts as begun; one with no end is still held. A
        month- or year-precision bound counts for its whole month or year. An office marked
        ended on a day nobody reported is never counted, whatever ``on``: its end may be any
        day before today.
        """
        return self.filter(_held_on(on or dt.date.today()))

    def latest_first(self, on: dt.date | None = None) -> OfficeQuerySet:
        """The offices held on ``on`` (default today, as `serving` counts them) first, then the
        others, each latest started first; annotated with ``held`` (1 if held on ``on``)."""
        held = Case(When(_held_on(on or dt.date.today()), then=Value(1)), default=Value(0))
        return self.annotate(held=held).order_by(
            "-held", models.F("start_start").desc(nulls_last=True), "-pk"
        )

    def ranked_matching(self, text: str, *, on: dt.date | None = None) -> OfficeQuerySet:
        """Offices whose title or official's name (any of them) contains ``text``, folding case
        and accents: those of an official whose name is ``text`` first, then those held on
        ``on`` (default today), then the latest started, annotated as `latest_first` does.
        One query, with no join and no DISTINCT."""
        folded = fold(text)
        if not folded:
            return self.none()

        def named(lookup: str) -> Q:
            officials = Official.objects.filter(**{f"name_folded__{lookup}": folded}).values("pk")
            aliases = OfficialName.objects.filter(**{f"folded__{lookup}": folded}).values("official")
            return Q(official__in=officials) | Q(official__in=aliases)

        found = self.filter(Q(title__icontains=folded) | named("contains")).annotate(
            exact_name=Case(When(named("exact"), then=Value(1)), default=Value(0))
        )
        return found.latest_first(on).order_by(
            "-exact_name", "-held", models.F("start_start").desc(nulls_last=True), "official__name", "-pk"
        )


class OfficeHeld(models.Model):
    """An official's office over a period (a Popolo membership of a post)."""

    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="offices")
    title = models.CharField(
        max_length=200, help_text="As styled at the time, e.g. “Minister of Foreign Affairs”."
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="offices"
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="offices"
    )
    start = FuzzyDateField("start", required=False, help_text="When the office was taken up.")
    end = FuzzyDateField(
        "end",
        required=False,
        help_text="Leave empty while the office is held, or when it has ended on a day nobody reported.",
    )
    end_unknown = models.BooleanField(
        "ended, date unknown",
        default=False,
        help_text="Tick when a source says the office has ended but not when; the end stays empty. "
        "Pages then no longer show it as current.",
    )

    history = HistoricalRecords()
    objects = OfficeQuerySet.as_manager()

    class Meta:
        ordering = ["official", "-start_start"]
        verbose_name = "office held"
        verbose_name_plural = "offices held"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_end__gte=models.F("start_start"))
                | Q(start_start__isnull=True)
                | Q(end_end__isnull=True),
                name="office_ends_after_it_starts",
                violation_error_message="An office cannot end before it starts.",
            ),
            # An end date says when the office ended; "date unknown" is for an office without one.
            models.CheckConstraint(
                condition=Q(end_unknown=False) | Q(end_start__isnull=True),
                name="office_end_unknown_without_end",
                violation_error_message="An office with an end date has not ended on an unknown day: "
                "clear the end or “ended, date unknown”.",
            ),
        ]
        indexes = [
            # Official.offices ordered by start: the official page and the API detail.
            models.Index(fields=["official", "start_start"], name="office_official_start"),
        ]

    def __str__(self) -> str:
        return f"{self.official}: {self.title}"

    def period_display(self) -> str:
        """The period as pages write it: "June 2023 – present", "2010 – ended (date unknown)"."""
        start = str(self.start) if self.start else "start unknown"
        end = str(self.end) if self.end else "ended (date unknown)" if self.end_unknown else "present"
        return f"{start} – {end}"

    def possible_period(self, *, today: dt.date | None = None) -> tuple[dt.date | None, dt.date | None]:
        """The first and last day the office may have been held (see `possible_days`).

        ``None`` for a start nobody reported and for the end of an office still held. An office
        ended on a day nobody reported was held at the latest ``today`` (default today).
        """
        first = possible_days(self.start)[0] if self.start else None
        if self.end:
            last = possible_days(self.end)[1]
        elif self.end_unknown:
            last = today or dt.date.today()
        else:
            last = None
        return first, last

    def may_be_held_during(self, date: FuzzyDate, *, today: dt.date | None = None) -> bool:
        """Whether the office may have been held on one of the days ``date`` may stand for."""
        first, last = self.possible_period(today=today)
        date_first, date_last = possible_days(date)
        return (first is None or date_last >= first) and (last is None or date_first <= last)


def possible_days(date: FuzzyDate) -> tuple[dt.date, dt.date]:
    """The first and last day ``date`` may stand for: its own first and last day, widened by one
    period of its precision on each side when it is approximate ("c. 2019": 2018 to 2020)."""
    if not date.approximate:
        return date.start, date.end
    first = (
        period_bounds(date.start - dt.timedelta(days=1), date.precision)[0]
        if date.start > dt.date.min
        else date.start
    )
    last = (
        period_bounds(date.end + dt.timedelta(days=1), date.precision)[1]
        if date.end < dt.date.max
        else date.end
    )
    return first, last


def offices_ruled_out(
    capacity: str, date: FuzzyDate, offices: Iterable[OfficeHeld], *, today: dt.date | None = None
) -> list[OfficeHeld]:
    """The offices among ``offices`` that ``capacity`` names (the same title, folding case and
    accents), if none of them may have been held on ``date``; otherwise none.

    Someone recorded at an event in an office held it then: an event dated outside every period
    of the office named is a false record. A capacity that names no office on file, an unknown
    start or a held office's open end rules nothing out; dates are compared by every day they may
    stand for (a month, a year, an approximate date widened), so only what cannot be true is.
    """
    folded = fold(capacity)
    named = [office for office in offices if folded and fold(office.title) == folded]
    if any(office.may_be_held_during(date, today=today) for office in named):
        return []
    return named


#: How many events are named in one error before "and N more".
EVENTS_NAMED = 3


def office_event_errors(
    official: Official, offices: Sequence[OfficeHeld], *, today: dt.date | None = None
) -> dict[int, list[str]]:
    """For the official's ``offices`` as they are about to be saved, by position: why the events
    where the official is recorded in one of them (a participant's capacity) rule its dates out.

    One query: the official's participations that name a capacity, with their events' dates.
    """
    if official.pk is None:
        return {}
    attended: Iterable[Participant] = (
        official.participations.exclude(capacity="")
        .select_related("event")
        .only(
            "capacity",
            "event",
            "event__title",
            *(f"event__date_{p}" for p in ("start", "end", "precision", "approximate")),
        )
        .order_by("date_start", "pk")
    )
    events: dict[int, list[str]] = {}
    for participation in attended:
        event = participation.event
        for office in offices_ruled_out(participation.capacity, event.date, offices, today=today):
            position = next(i for i, listed in enumerate(offices) if listed is office)
            events.setdefault(position, []).append(f"“{event.title}” ({event.date})")
    errors = {}
    for position, named in events.items():
        office = offices[position]
        more = f" and {len(named) - EVENTS_NAMED} more events" if len(named) > EVENTS_NAMED else ""
        errors[position] = [
            f"{official} is recorded as “{office.title}” at {', '.join(named[:EVENTS_NAMED])}{more}, "
            f"outside the dates of this office ({office.period_display()})."
        ]
    return errors
