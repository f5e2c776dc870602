"""Pledges made at events, their parties, status history and reaffirmations."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import Now
from simple_history.models import HistoricalRecords

from relations.models import derived, touched
from relations.models.countries import Country
from relations.models.events import Event
from relations.models.fuzzy import FuzzyDateField
from relations.models.limits import LONG_TEXT, long_text_validators
from relations.models.pledge_queries import PledgePartyQuerySet, PledgeQuerySet, PledgeStatusChangeQuerySet
from relations.models.pledge_status import PledgeStatus
from relations.models.progress import Attention, Progress, Verdict, disagrees, silent_since, verdict_on
from relations.models.sectors import Sector

# The migrations name the field and validators here (relations.models.pledges.…): keep them importable.
from relations.models.targets import (
    CurrencyListField,
    Unit,
    currency_codes,
    quantity_text,
    validate_currencies,
    validate_currency,
)
from relations.paths import pledge_url


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
    # Derived too (`refresh_progress` in derived.py, the rule in progress.py): the last day of the
    # latest status change, and the progress its observations show, for lists and filters.
    status_as_of = models.DateField(
        null=True, blank=True, editable=False, help_text="The last day of the latest status change's date."
    )
    progress_verdict = models.CharField(
        max_length=20,
        choices=Verdict.choices,
        blank=True,
        editable=False,
        help_text="The evidence's verdict, before its data is judged old; empty with no observation since.",
    )
    progress_start = models.DecimalField(
        max_digits=20,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
        help_text="The level progress is measured from.",
    )
    observed_value = models.DecimalField(
        max_digits=20,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
        help_text="The latest observation's value.",
    )
    observed_until = models.DateField(
        null=True, blank=True, editable=False, help_text="The last day of the latest observation's period."
    )
    progress_share = models.DecimalField(
        max_digits=12,
        decimal_places=4,
        null=True,
        blank=True,
        editable=False,
        help_text="The share of the way covered.",
    )
    pace_needed = models.DecimalField(
        max_digits=20,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
        help_text="What is still to gain per year to meet the due date.",
    )
    search_text = models.TextField(editable=False, blank=True)
    date_start = models.DateField(
        editable=False, help_text="A copy of the event's first possible day, for lists of pledges."
    )
    # When the record last changed (a citation's date, a sitemap's <lastmod>).
    updated_at = models.DateTimeField("last changed", auto_now=True, db_default=Now())

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
    # What its progress is measured from (`derived.refresh_progress`), and the derived columns.
    MEASURED = ("target_amount", "baseline_amount", "due_end")
    DERIVED = (
        "current_status", "status_as_of", "progress_verdict", "progress_start", "observed_value",
        "observed_until", "progress_share", "pace_needed", "search_text", "date_start",
    )  # fmt: skip

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
        touched.events_touched([self.event_id])  # its event lists the pledges made there

    def get_absolute_url(self) -> str:
        return pledge_url(self.pk)

    @classmethod
    def from_db(cls, db, field_names, values):
        pledge = super().from_db(db, field_names, values)
        # The date as stored: `save` refreshes its party rows' copies only if it changes.
        pledge._stored_date_start = pledge.__dict__.get("date_start")
        return pledge

    def delete(self, *args, **kwargs):
        # Its parties and status changes go by cascade, which calls none of their delete() methods.
        with transaction.atomic(), derived.pledges_changing([self.pk]):
            deleted = super().delete(*args, **kwargs)
        touched.events_touched([self.event_id])  # its event lists the pledges made there
        return deleted

    def clean(self) -> None:
        """A target's currency or unit cannot change under observations recorded in another, nor
        its amount go while they measure it: figures are never converted."""
        super().clean()
        if self.pk is None:
            return
        self.normalize_currencies()
        recorded = set(self.observations.values_list("currency", "unit").distinct())
        if not recorded:
            return
        if self.target_amount is None:
            raise ValidationError(
                {"target_amount": "Its observations measure this target: delete them before removing it."}
            )
        others = recorded - {(self.target_currency, self.target_unit)}
        if others:
            currency, unit = sorted(others)[0]
            was = currency or Unit(unit).label
            raise ValidationError(
                {
                    "target_currency" if self.target_currency or currency else "target_unit": (
                        f"Its observations are in {was}: a target in another currency or unit would "
                        "compare figures that were never converted. Change or delete them first."
                    )
                }
            )

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
        """The target as it reads on pages: "US$5 billion: annual bilateral trade",
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
        """The baseline in the target's currency or unit ("US$1.4 billion", "20 instructors")."""
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

    @property
    def progress(self) -> Progress:
        """The progress stored on the pledge (progress.py)."""
        return Progress(
            verdict=self.progress_verdict,
            start=self.progress_start,
            latest=self.observed_value,
            observed_until=self.observed_until,
            share=self.progress_share,
            pace_needed=self.pace_needed,
        )

    def verdict(self, on: dt.date | None = None) -> Verdict | None:
        """What the evidence says on ``on`` (today by default): met, on track, behind, no
        recent data; None for a pledge without a target amount (progress.py states the rule)."""
        return verdict_on(
            self.progress_verdict, self.observed_until, assessed=self.target_amount is not None, on=on
        )

    @property
    def disagrees_with_evidence(self) -> bool:
        """The editor's status says fulfilled while the latest observation falls short (or not
        fulfilled while it has reached the target)."""
        return self.target_amount is not None and disagrees(self.current_status, self.progress)

    def is_overdue(self, on: dt.date | None = None) -> bool:
        """Past its due date's last day on ``on`` (today by default) with no outcome recorded."""
        on = on or dt.date.today()
        return (
            self.due_end is not None
            and self.due_end < on
            and self.current_status not in PledgeStatus.outcomes()
        )

    def is_silent(self, on: dt.date | None = None) -> bool:
        """Without an outcome, and nothing heard for more than a year before ``on`` (today by
        default): `PledgeQuerySet.silent` for the one pledge, read off its stored columns."""
        since = silent_since(on)
        heard = [day for day in (self.status_as_of, self.observed_until) if day is not None]
        return (
            self.date_start < since
            and self.current_status not in PledgeStatus.outcomes()
            and all(day < since for day in heard)
        )

    def attention(self, on: dt.date | None = None) -> list[Attention]:
        """Why an editor should look at it on ``on`` (today by default): overdue, silent, both
        or neither; the same as `PledgeQuerySet.needing_attention`, with no query."""
        found = [Attention.OVERDUE] if self.is_overdue(on) else []
        return found + [Attention.SILENT] if self.is_silent(on) else found

    def status_on(self, on: dt.date | None = None) -> PledgeStatus | None:
        """The status of the latest change on or before ``on`` (default today); one query."""
        on = on or dt.date.today()
        change = self.status_changes.filter(as_of_start__lte=on).order_by("-as_of_start", "-pk").first()
        return PledgeStatus(change.status) if change else None


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


class PledgeStatusChange(models.Model):
    """A dated change in a pledge's status; the latest one is its current status."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=20, choices=PledgeStatus.choices)
    as_of = FuzzyDateField(
        "as of", help_text="When the status was reported: 9 September 2025, Sept 2025 or 2025."
    )
    note = models.CharField(max_length=300, blank=True)
    # When it was recorded or last corrected: the pledges' feed lists the newest first.
    updated_at = models.DateTimeField("last changed", auto_now=True, db_default=Now())

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
            # The newest recorded first: the pledges' feed.
            models.Index(fields=["-updated_at", "-id"], name="pledge_status_recent"),
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

    # The event lists the pledges made again there (touched.py).
    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        touched.events_touched([self.event_id])

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        touched.events_touched([self.event_id])
        return deleted
