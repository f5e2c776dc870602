from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

import pycountry
from django.core.exceptions import ValidationError
from django.db import connections, models, transaction
from django.db.models import Exists, F, OuterRef, Q, Sum
from django.urls import reverse
from simple_history.models import HistoricalRecords

from relations.codes import Pair, country_code
from relations.models import derived
from relations.models.countries import Country, CountryName
from relations.models.events import Event
from relations.models.fuzzy import FuzzyDateField
from relations.models.limits import LONG_TEXT, long_text_validators
from relations.models.ordering import NewestFirstQuerySet
from relations.models.sectors import Sector
from relations.models.totals import PledgeCountryTotal, PledgePairTotal, PledgeStatusTotal
from relations.names import fold

# Counts of pledges per status over a filter are counted up to this many, then shown as "1,000+":
# each count reads at most this many rows, whatever the number of pledges.
STATUS_COUNT_CAP = 1000


def validate_currency(code: str) -> None:
    if pycountry.currencies.get(alpha_3=code) is None:
        raise ValidationError(f"“{code}” is not an ISO 4217 currency code (USD, EUR, TRY, PKR…).")


def validate_currencies(codes: object) -> None:
    """A list of distinct ISO 4217 codes."""
    if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
        raise ValidationError("Give a list of ISO 4217 currency codes, e.g. [“PKR”, “TRY”].")
    for code in codes:
        validate_currency(code)
    if len({code.upper() for code in codes}) != len(codes):
        raise ValidationError("A currency is listed twice.")


def currency_codes(codes: Iterable[str]) -> list[str]:
    """``codes`` as stored: upper case, without blanks (``["usd", " pkr"]`` -> ``["USD", "PKR"]``)."""
    return [code.strip().upper() for code in codes if code and code.strip()]


class CurrencyListField(models.JSONField):
    """A list of ISO 4217 codes, stored as JSON (the same on SQLite and PostgreSQL); typed in
    forms as codes separated by commas or spaces."""

    def formfield(self, **kwargs):
        from relations.forms import CurrencyListFormField

        return super().formfield(**{"form_class": CurrencyListFormField, **kwargs})


class Unit(models.TextChoices):
    """What a target that is not money is counted in. What is counted (instructors, exchanges,
    tariff lines) is the target's measure: a new kind of thing needs no new unit.

    The list is code, not a table, because each unit decides how a figure reads (“60%”,
    “80 instructors”, “1,200 megawatts”); add one here with a migration.
    """

    PEOPLE = "people", "people"
    UNITS = "units", "units"
    PERCENT = "percent", "percent"
    MEGAWATTS = "megawatts", "megawatts"
    TONNES = "tonnes", "tonnes"
    KILOMETRES = "kilometres", "kilometres"
    HECTARES = "hectares", "hectares"
    BARRELS_PER_DAY = "barrels_per_day", "barrels per day"

    @property
    def counts_things(self) -> bool:
        """People and units count what the measure names: “80 instructors”, not “80 people”."""
        return self in (Unit.PEOPLE, Unit.UNITS)


def figure(value: Decimal) -> str:
    """5000000000 -> "5,000,000,000", 2.5 -> "2.50": as money is shown, cents only if any."""
    return f"{value:,.2f}".removesuffix(".00")


def quantity_text(value: Decimal | None, *, currency: str = "", unit: str = "", measure: str = "") -> str:
    """How a target or baseline reads: "USD 5,000,000,000", "80 instructors" (people counted, the
    measure naming them), "500,000 exchanges", "60% of tariff lines", "1,200 megawatts"; "—" if
    there is no figure. Money is never converted."""
    if value is None:
        return "—"
    if currency:
        return f"{currency} {figure(value)}"
    if not unit:
        return figure(value)
    unit = Unit(unit)
    if unit == Unit.PERCENT:
        return f"{figure(value)}%" + (f" of {measure}" if measure else "")
    if unit.counts_things and measure:
        return f"{figure(value)} {measure}"
    return f"{figure(value)} {unit.label}"


class PledgeStatus(models.TextChoices):
    """A pledge's lifecycle: announced → in progress ⇄ stalled → an outcome.

    Statuses rate outcomes, not intentions: "fulfilled" needs the thing done.
    """

    ANNOUNCED = "announced", "announced"
    IN_PROGRESS = "in_progress", "in progress"
    STALLED = "stalled", "stalled"
    FULFILLED = "fulfilled", "fulfilled"
    PARTLY_FULFILLED = "partly_fulfilled", "partly fulfilled"
    NOT_FULFILLED = "not_fulfilled", "not fulfilled"
    CANCELLED = "cancelled", "cancelled"

    @classmethod
    def outcomes(cls) -> set[PledgeStatus]:
        return {cls.FULFILLED, cls.PARTLY_FULFILLED, cls.NOT_FULFILLED, cls.CANCELLED}

    def may_follow(self, previous: PledgeStatus | str | None) -> bool:
        """Whether a change to this status may come after ``previous`` (None: the first change).

        "Announced" only opens a history; an outcome is final, except that a partly fulfilled
        pledge may later be fulfilled; a status does not follow itself.
        """
        if previous is None:
            return True
        previous = PledgeStatus(previous)
        if self == previous or self == PledgeStatus.ANNOUNCED:
            return False
        if previous == PledgeStatus.PARTLY_FULFILLED:
            return self == PledgeStatus.FULFILLED
        return previous not in PledgeStatus.outcomes()


def status_sequence_error(statuses: list[PledgeStatus | str]) -> str | None:
    """Why a history of statuses in date order is impossible, or ``None`` if it is fine."""
    previous = None
    for status in map(PledgeStatus, statuses):
        if not status.may_follow(previous):
            return f"“{status.label}” cannot follow “{previous.label}”."
        previous = status
    return None


class PledgeQuerySet(NewestFirstQuerySet):
    def delete(self) -> tuple[int, dict[str, int]]:
        """Delete the pledges, and recount the totals of the statuses, countries and pairs that
        counted them (derived.py)."""
        with transaction.atomic(), derived.pledges_changing(self.order_by().values_list("pk", flat=True)):
            return super().delete()

    # As on QuerySet.delete: not on the manager (no Pledge.objects.delete()), not from templates.
    delete.alters_data = True
    delete.queryset_only = True

    def update(self, **fields) -> int:
        """Update the pledges, keeping what derives from them in step (derived.py)."""
        if "event" in fields or "event_id" in fields:
            raise derived.DerivedFieldError(
                "Pledge.objects.update(event=…) would leave the pledges' copies of their event's date "
                "stale: save each pledge instead."
            )
        return derived.kept_update(
            self,
            fields,
            derived=("current_status", "search_text", "date_start"),
            texts=Pledge.SEARCHED,
        )

    update.alters_data = True
    update.queryset_only = True

    def involving(self, *countries: Country | str) -> PledgeQuerySet:
        """Pledges to which every one of ``countries`` (objects or ISO codes) is a party, newest
        first along the party rows they are read through.

        Read through the party rows of the country with the fewest pledges (its stored totals,
        one query when there are two or more), which carry the event's date and are indexed for
        this (`pledge_party_timeline`): the newest page walks that index and checks the other
        countries of each pledge, and costs the same whatever the number of pledges.
        """
        codes = list(dict.fromkeys(country_code(country) for country in countries))
        if len(codes) > 1:
            sizes = dict(
                PledgeCountryTotal.objects.filter(country__in=codes)
                .values("country")
                .annotate(n=Sum("pledges"))
                .values_list("country", "n")
            )
            codes.sort(key=lambda code: sizes.get(code, 0))
        if not codes:
            return self
        first, *others = codes
        pledges = self.filter(parties__country=first).read_through("parties", "pledge_id")
        for code in others:
            party = PledgeParty.objects.filter(pledge=OuterRef("pk"), country_id=code)
            pledges = pledges.filter(Exists(party))
        return pledges

    def matching(self, text: str) -> PledgeQuerySet:
        """Pledges whose title or wording, or any name of one of their parties, contains
        ``text``, folding case and accents.

        Costs one query first, over the country names; the text itself is read through a
        trigram index on PostgreSQL (the migration ``pledge_lists_by_date``), so a rare word
        reads its few pledges and a common one walks the newest first and stops at a page.
        """
        folded = fold(text)
        if not folded:
            return self
        countries = list(
            CountryName.objects.filter(folded__contains=folded)
            .order_by()
            .values_list("country_id", flat=True)
            .distinct()
        )
        found = Q(search_text__contains=folded)
        if countries:
            found |= Exists(PledgeParty.objects.filter(pledge=OuterRef("pk"), country__in=countries))
        return self.filter(found)

    def for_list(self) -> PledgeQuerySet:
        """What a pledge row shows, in two queries whatever the rows: the event it was made at
        and the parties with their countries."""
        parties = PledgeParty.objects.select_related("country").order_by("country__name")
        return self.select_related("event").prefetch_related(models.Prefetch("parties", queryset=parties))

    def for_detail(self) -> PledgeQuerySet:
        """Everything the pledge page shows, in seven queries: the event, parties, sectors,
        reaffirmations, the status history in date order with the sources of each change, and
        the pledge's own citations with their sources."""
        from relations.models.citations import Citation

        citations = Citation.objects.select_related("source").order_by("pk")
        history = PledgeStatusChange.objects.order_by("as_of_start", "pk").prefetch_related(
            models.Prefetch("citations", queryset=citations)
        )
        return (
            self.for_list()
            .select_related("event__place_country", "event__commission")
            .prefetch_related(
                "sectors",
                models.Prefetch(
                    "reaffirmations",
                    queryset=PledgeReaffirmation.objects.select_related("event").order_by(
                        "event__date_start", "pk"
                    ),
                ),
                models.Prefetch("status_changes", queryset=history),
                models.Prefetch("citations", queryset=citations),
            )
        )

    def status_totals(self, cap: int = STATUS_COUNT_CAP) -> list[tuple[PledgeStatus | None, int]]:
        """How many pledges have each current status: every status in lifecycle order, zeros
        included, then ``None`` for pledges with no status yet if there are any.

        One query. For the whole table, of the stored totals (`PledgeStatusTotal`). For a
        filtered queryset, each status's pledges are counted up to ``cap + 1``: a number above
        ``cap`` means "more than ``cap``", and no count reads more rows than that, at any size.
        """
        if not self.query.where:
            stored = PledgeStatusTotal.objects.values_list("status", "pledges")
            return _in_lifecycle_order({status or None: n for status, n in stored})
        connection = connections[self.db]
        counts, params = [], []
        for status in [*PledgeStatus, None]:
            rows = self.filter(current_status=status or "")
            # In the list's order: the planner then walks an index and stops at the cap where
            # matches are many, rather than gathering every match (a common word's) to count.
            rows = rows.newest_first().values("pk")[: cap + 1]
            sql, rows_params = rows.query.get_compiler(self.db).as_sql()
            counts.append(f"(SELECT COUNT(*) FROM ({sql}) capped)")
            params += rows_params
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(counts)}", params)
            found = cursor.fetchone()
        return _in_lifecycle_order(dict(zip([*PledgeStatus, None], found, strict=True)))

    def stored_status_totals(self, *countries: Country | str) -> list[tuple[PledgeStatus | None, int]]:
        """`status_totals()` of the pledges to which one country, or two, are parties, from
        their stored totals (`PledgeCountryTotal`, `PledgePairTotal`): exact, and one query
        of a few rows at any size."""
        codes = {country_code(country) for country in countries}
        if len(codes) == 1:
            stored = PledgeCountryTotal.objects.filter(country=codes.pop())
        elif len(codes) == 2:
            pair = Pair.of(*codes)
            stored = PledgePairTotal.objects.filter(low=pair.low, high=pair.high)
        else:
            raise ValueError("Totals are stored for one country or a pair.")
        return _in_lifecycle_order(
            {status or None: n for status, n in stored.values_list("status", "pledges")}
        )

    def outstanding(self, at: dt.date | None = None) -> PledgeQuerySet:
        """Pledges with no outcome recorded on or before ``at`` (default today)."""
        at = at or dt.date.today()
        settled = PledgeStatusChange.objects.filter(
            pledge=OuterRef("pk"), status__in=PledgeStatus.outcomes(), as_of_start__lte=at
        )
        return self.exclude(models.Exists(settled))


def _in_lifecycle_order(found: dict) -> list[tuple[PledgeStatus | None, int]]:
    totals = [(status, found.get(status, 0)) for status in PledgeStatus]
    return totals + [(None, found[None])] if found.get(None) else totals


class Pledge(models.Model):
    """A commitment made at an event, rated on its outcome through dated status changes."""

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="pledges", help_text="Where it was made."
    )
    title = models.CharField(max_length=300, help_text="Short, in your own words.")
    wording = models.TextField(
        blank=True,
        max_length=LONG_TEXT,
        validators=long_text_validators,
        help_text="The words used, quoted from a source.",
    )
    description = models.TextField(
        blank=True,
        max_length=LONG_TEXT,
        validators=long_text_validators,
        help_text="In your own words, what it commits to: who does what, by when, and how it can be checked.",
    )
    countries = models.ManyToManyField(Country, through="PledgeParty", related_name="pledges")
    sectors = models.ManyToManyField(Sector, blank=True, related_name="pledges")
    target_amount = models.DecimalField(
        max_digits=20, decimal_places=2, null=True, blank=True, help_text="5000000000 for $5 billion."
    )
    target_currency = models.CharField(
        max_length=3,
        blank=True,
        validators=[validate_currency],
        help_text="ISO 4217 code as reported (USD, EUR, JPY); amounts are never converted.",
    )
    target_unit = models.CharField(
        max_length=20,
        choices=Unit.choices,
        blank=True,
        help_text="For a target that is not money (people, percent, megawatts…); leave the currency empty.",
    )
    target_measure = models.CharField(
        max_length=200,
        blank=True,
        help_text="What is measured, e.g. “bilateral trade per year”; for people or units, what is "
        "counted (“instructors”, “exchanges”); for a percentage, what it is of (“tariff lines”).",
    )
    baseline_amount = models.DecimalField(
        max_digits=20,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The starting level, in the target's currency or unit.",
    )
    currencies = CurrencyListField(
        default=list,
        blank=True,
        validators=[validate_currencies],
        help_text="Currencies the pledge concerns, with or without a figure: “PKR, TRY” for trade "
        "settled in local currencies.",
    )
    baseline_note = models.CharField(
        max_length=200, blank=True, help_text="Where the baseline comes from: “2024, Turkish state media”."
    )
    due = FuzzyDateField("due", required=False, help_text="Leave empty if no date was given.")
    # Derived from the status changes, never typed (derived.py); stored so that lists, filters
    # and counts do not look up every pledge's latest change. "" for a pledge with no change yet.
    current_status = models.CharField(
        max_length=20,
        choices=PledgeStatus.choices,
        blank=True,
        editable=False,
        help_text="The latest status change's.",
    )
    search_text = models.TextField(editable=False, blank=True)
    date_start = models.DateField(
        editable=False, help_text="A copy of the event's first possible day, for lists of pledges."
    )

    history = HistoricalRecords(m2m_fields=[sectors], excluded_fields=["date_start"])
    objects = PledgeQuerySet.as_manager()

    class Meta:
        ordering = ["-date_start", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(target_amount__isnull=True) & Q(baseline_amount__isnull=True))
                | ~Q(target_currency="")
                | ~Q(target_unit=""),
                name="pledge_amount_has_currency_or_unit",
                violation_error_message="An amount needs its currency or its unit.",
            ),
            models.CheckConstraint(
                condition=Q(target_currency="") | Q(target_unit=""),
                name="pledge_currency_or_unit",
                violation_error_message="A target is in a currency or in a unit, not both.",
            ),
            models.CheckConstraint(
                condition=Q(target_amount__isnull=True) | Q(target_amount__gt=0),
                name="pledge_target_positive",
                violation_error_message="A target amount must be more than zero.",
            ),
        ]
        indexes = [
            # The pledge tracker, newest first, in pages: Meta.ordering.
            models.Index(fields=["-date_start", "-id"], name="pledge_newest"),
            # Pledges of one status, newest first: the status filter, its capped counts
            # (`status_totals`), and recounting a PledgeStatusTotal.
            models.Index(fields=["current_status", "-date_start", "-id"], name="pledge_status_newest"),
        ]
        # On PostgreSQL, search (`PledgeQuerySet.matching`) also reads a trigram index on
        # search_text, made by the migration pledge_lists_by_date on PostgreSQL only.

    def __str__(self) -> str:
        return self.title

    # What `search_text` is made of, in order (`derived.search_text`).
    SEARCHED = ("title", "description", "wording")

    def save(self, *args, **kwargs) -> None:
        self.normalize_currencies()
        self.search_text = derived.search_text(*(getattr(self, name) for name in self.SEARCHED))
        self.date_start = self.event.date_start  # `Event.save` keeps it in step after
        # A new pledge has no status yet. A stored one's is recomputed from its changes after
        # the save (this copy may predate a change recorded since).
        if self.pk is None:
            self.current_status = ""
            with transaction.atomic(savepoint=False):
                super().save(*args, **kwargs)
                derived.pledges_changed([self.pk], dates=False)  # one more with no status yet
        else:
            moved = getattr(self, "_stored_date_start", None) != self.date_start
            with derived.pledges_changing([self.pk], dates=moved):
                super().save(*args, **kwargs)
        self._stored_date_start = self.date_start

    def get_absolute_url(self) -> str:
        return reverse("relations:pledge-detail", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values):
        pledge = super().from_db(db, field_names, values)
        # The date as stored: `save` refreshes its party rows' copies only if it changes.
        pledge._stored_date_start = pledge.__dict__.get("date_start")
        return pledge

    def delete(self, *args, **kwargs):
        # Its parties and status changes go by cascade, which calls none of their delete() methods.
        with transaction.atomic(), derived.pledges_changing([self.pk]):
            return super().delete(*args, **kwargs)

    def clean_fields(self, exclude=None) -> None:
        self.normalize_currencies()
        super().clean_fields(exclude=exclude)

    def normalize_currencies(self) -> None:
        """Currency codes are stored in upper case: "usd" is USD."""
        self.target_currency = (self.target_currency or "").strip().upper()
        if isinstance(self.currencies, list) and all(isinstance(code, str) for code in self.currencies):
            self.currencies = currency_codes(self.currencies)

    @property
    def target_text(self) -> str:
        """The target as it reads on pages: "USD 5,000,000,000: annual bilateral trade",
        "80 instructors", "60% of tariff lines"; a currency with no figure is named, not
        dropped ("USD, no figure given"); "" if no target is recorded."""
        measure = self.target_measure
        if self.target_amount is None:
            if self.target_currency:
                return f"{self.target_currency}, no figure given" + (f": {measure}" if measure else "")
            return measure
        text = quantity_text(
            self.target_amount, currency=self.target_currency, unit=self.target_unit, measure=measure
        )
        unit = Unit(self.target_unit) if self.target_unit else None
        measure_in_text = unit is not None and (unit == Unit.PERCENT or unit.counts_things)
        return f"{text}: {measure}" if measure and not measure_in_text else text

    @property
    def baseline_text(self) -> str:
        """The baseline in the target's currency or unit ("USD 1,400,000,000", "20 instructors")."""
        if self.baseline_amount is None:
            return ""
        unit = Unit(self.target_unit) if self.target_unit else None
        counted = unit is not None and (unit == Unit.PERCENT or unit.counts_things)
        return quantity_text(
            self.baseline_amount,
            currency=self.target_currency,
            unit=self.target_unit,
            measure=self.target_measure if counted else "",
        )

    @property
    def current_status_label(self) -> str:
        status = self.current_status
        return PledgeStatus(status).label if status else "no status yet"

    def status_on(self, on: dt.date | None = None) -> PledgeStatus | None:
        """The status of the latest change on or before ``on`` (default today); one query."""
        on = on or dt.date.today()
        change = self.status_changes.filter(as_of_start__lte=on).order_by("-as_of_start", "-pk").first()
        return PledgeStatus(change.status) if change else None


class PledgePartyQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs) -> list[PledgeParty]:
        """Insert the rows; those without a date (``pledge.countries.add()`` writes through
        here) copy their pledge's; the totals that count them are recounted (derived.py)."""
        objs = list(objs)
        pledges = {party.pledge_id for party in objs}
        undated = [party for party in objs if party.date_start is None]
        if undated:
            dates = dict(Pledge.objects.filter(pk__in=pledges).values_list("pk", "date_start"))
            for party in undated:
                party.date_start = dates[party.pledge_id]
        with transaction.atomic(), derived.pledges_changing(pledges):
            return super().bulk_create(objs, *args, **kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        """Delete the rows, and recount the country and pair totals that counted them."""
        pledges = set(self.order_by().values_list("pledge_id", flat=True))
        with transaction.atomic(), derived.pledges_changing(pledges):
            return super().delete()

    delete.alters_data = True
    delete.queryset_only = True

    def update(self, **fields) -> int:
        """Update the rows, keeping the totals of their pledges in step (derived.py)."""
        return derived.kept_update(
            self,
            fields,
            pledges="pledge_id",
            watched=("pledge", "country"),
            derived=("date_start",),
            dates=True,
        )

    update.alters_data = True
    update.queryset_only = True


class PledgeParty(models.Model):
    """A country bound by or benefiting from a pledge."""

    class Role(models.TextChoices):
        PLEDGER = "pledger", "pledger"
        BENEFICIARY = "beneficiary", "beneficiary"
        MUTUAL = "mutual", "mutual"

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="parties")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="pledge_parties")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MUTUAL)
    date_start = models.DateField(
        editable=False, help_text="A copy of the event's first possible day, for a country's pledges."
    )

    history = HistoricalRecords(excluded_fields=["date_start"])
    objects = PledgePartyQuerySet.as_manager()

    class Meta:
        ordering = ["pledge", "country"]
        verbose_name_plural = "pledge parties"
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "country"],
                name="pledge_party_once",
                violation_error_message="This country is already a party to the pledge.",
            ),
        ]
        indexes = [
            # A country's pledges, newest first, in pages: `PledgeQuerySet.involving`.
            models.Index(
                F("country"), F("date_start").desc(), F("pledge").desc(), name="pledge_party_timeline"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country_id} ({self.get_role_display()})"

    # The country and pair totals count these rows; admin inlines, API and seed all write them
    # through save() and delete(), which recount them (not for a new role alone).
    def save(self, *args, **kwargs) -> None:
        self.date_start = self.pledge.date_start  # `Pledge.save` keeps it in step after
        before = self._stored_pledge_id
        if self.pk and (before, self._stored_country_id) == (self.pledge_id, self.country_id):
            super().save(*args, **kwargs)
        else:
            with derived.pledges_changing({self.pledge_id, before} - {None}):
                super().save(*args, **kwargs)
        self._stored_pledge_id, self._stored_country_id = self.pledge_id, self.country_id

    def delete(self, *args, **kwargs):
        with derived.pledges_changing([self.pledge_id]):
            return super().delete(*args, **kwargs)

    _stored_pledge_id = _stored_country_id = None

    @classmethod
    def from_db(cls, db, field_names, values):
        row = super().from_db(db, field_names, values)
        # The pledge and country it was read with: `save` recounts the totals if they change.
        row._stored_pledge_id = row.__dict__.get("pledge_id")
        row._stored_country_id = row.__dict__.get("country_id")
        return row


class PledgeStatusChangeQuerySet(models.QuerySet):
    def delete(self) -> tuple[int, dict[str, int]]:
        """Delete the changes, and refresh their pledges' current status (derived.py)."""
        pledges = set(self.order_by().values_list("pledge_id", flat=True))
        with transaction.atomic(), derived.pledges_changing(pledges):
            return super().delete()

    delete.alters_data = True
    delete.queryset_only = True

    def update(self, **fields) -> int:
        """Update the changes, keeping their pledges' current status in step (derived.py)."""
        return derived.kept_update(
            self, fields, pledges="pledge_id", watched=("pledge", "status", "as_of_start")
        )

    update.alters_data = True
    update.queryset_only = True


class PledgeStatusChange(models.Model):
    """A dated change in a pledge's status; the latest one is its current status."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=20, choices=PledgeStatus.choices)
    as_of = FuzzyDateField("as of", help_text="When the status was reported: 2025-09-09, 2025-09 or 2025.")
    note = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()
    objects = PledgeStatusChangeQuerySet.as_manager()

    class Meta:
        ordering = ["pledge", "as_of_start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "status", "as_of_start"],
                name="pledge_status_change_once",
                violation_error_message="This status is already recorded for that date.",
            ),
        ]
        indexes = [
            # The latest change per pledge: derived.latest_status().
            models.Index(fields=["pledge", "-as_of_start", "-id"], name="pledge_status_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.as_of})"

    # The pledge's current status is derived from these rows; admin inlines, API and seed all
    # write them through save() and delete() (derived.py).
    def save(self, *args, **kwargs) -> None:
        before = self._stored_pledge_id
        with derived.pledges_changing({self.pledge_id, before} - {None}):
            super().save(*args, **kwargs)
        self._stored_pledge_id = self.pledge_id

    def delete(self, *args, **kwargs):
        with derived.pledges_changing([self.pledge_id]):
            return super().delete(*args, **kwargs)

    _stored_pledge_id = None

    @classmethod
    def from_db(cls, db, field_names, values):
        change = super().from_db(db, field_names, values)
        change._stored_pledge_id = change.__dict__.get("pledge_id")
        return change


class PledgeReaffirmation(models.Model):
    """A later event at which a pledge was repeated."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="reaffirmations")
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="reaffirmed_pledges")
    note = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pledge", "event__date_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "event"],
                name="pledge_reaffirmed_once_per_event",
                violation_error_message="This pledge is already recorded as reaffirmed at that event.",
            ),
        ]

    def __str__(self) -> str:
        return f"Reaffirmed at {self.event}"
