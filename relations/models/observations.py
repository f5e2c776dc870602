"""Observations: what a pledge's measured quantity was, period by period, with its source."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models.functions import Now
from simple_history.models import HistoricalRecords

from relations.dates import FuzzyDate, Precision
from relations.models import derived
from relations.models.fuzzy import FuzzyDateField
from relations.models.pledge_queries import ObservationQuerySet
from relations.models.pledges import Pledge
from relations.models.sources import Source
from relations.models.targets import Unit, quantity_text


class Observation(models.Model):
    """A measured value of a pledge's target quantity for a period (2024: US$1.4 billion of
    trade), in the target's currency or unit, never converted, with the source that reports it."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="observations")
    period = FuzzyDateField(
        "period",
        ranges=True,
        help_text="The period the figure covers, as the target speaks of it (a year's trade for a "
        "target per year): 2024, a quarter as 2024-01/2024-03, a month as 2024-07.",
    )
    value = models.DecimalField(max_digits=20, decimal_places=2, help_text="1400000000 for $1.4 billion.")
    currency = models.CharField(
        max_length=3, blank=True, help_text="The figure's ISO 4217 code, which must be the target's."
    )
    unit = models.CharField(
        max_length=20, choices=Unit.choices, blank=True, help_text="For a target that is not money: its unit."
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="observations",
        help_text="Where the figure comes from.",
    )
    excerpt = models.CharField(
        max_length=500, blank=True, help_text="A short quotation of the figure from the source."
    )
    note = models.CharField(
        max_length=300,
        blank=True,
        help_text="What the figure is, as the source counts it: “Turkish state media; exports plus imports”.",
    )

    # When it was recorded or last corrected: the pledges' feed lists the newest first.
    updated_at = models.DateTimeField("last changed", auto_now=True, db_default=Now())

    history = HistoricalRecords()
    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ["pledge", "period_end", "-period_start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "period_start", "period_end"],
                name="observation_once_per_period",
                violation_error_message="This pledge already has an observation for that period.",
            ),
        ]
        indexes = [
            # A pledge's observations in period order: its chart, its table, its progress.
            models.Index(fields=["pledge", "period_end", "-period_start"], name="observation_by_period"),
            # The newest observations first: /api/observations/ and the pledges' feed.
            models.Index(fields=["-period_end", "-id"], name="observation_newest"),
            # The newest recorded first: the pledges' feed.
            models.Index(fields=["-updated_at", "-id"], name="observation_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.period_text}: {self.value_text}"

    def save(self, *args, **kwargs) -> None:
        self.currency = (self.currency or "").strip().upper()
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
        row = super().from_db(db, field_names, values)
        row._stored_pledge_id = row.__dict__.get("pledge_id")
        return row

    def clean(self) -> None:
        super().clean()
        self.currency = (self.currency or "").strip().upper()
        if self.pledge_id is not None:
            if error := mismatch(self.pledge, currency=self.currency, unit=self.unit):
                raise ValidationError(error)

    @property
    def value_text(self) -> str:
        """The figure in the house style: "US$1.4 billion", "80 instructors"."""
        unit = Unit(self.unit) if self.unit else None
        counted = unit is not None and (unit == Unit.PERCENT or unit.counts_things)
        measure = self.pledge.target_measure if counted and self.pledge_id else ""
        return quantity_text(self.value, currency=self.currency, unit=self.unit, measure=measure)

    @property
    def period_text(self) -> str:
        """ "2024", "Q1 2024" for a calendar quarter, "July 2024", "2023–2024"."""
        return period_text(self.period)


def mismatch(pledge: Pledge, *, currency: str, unit: str) -> dict[str, str] | None:
    """Why a figure in ``currency`` or ``unit`` cannot measure ``pledge``'s target, by field, or
    None: a pledge without a target amount has nothing to measure, and a figure in another
    currency or unit than the target's is refused, never converted."""
    if pledge.target_amount is None:
        return {NON_FIELD_ERRORS: "This pledge has no target amount: record its target before observing it."}
    currency = (currency or "").strip().upper()
    if not pledge.target_currency and not pledge.target_unit:
        return {NON_FIELD_ERRORS: "The target has no currency or unit yet: give it one before observing it."}
    if pledge.target_currency:
        if currency != pledge.target_currency:
            shown = f"in {currency}" if currency else "without a currency"
            return {
                "currency": f"The target is in {pledge.target_currency}; this figure is {shown}. "
                "Record it in the target's currency as a source reports it: figures are never converted."
            }
        if unit:
            return {"unit": f"The target is money ({pledge.target_currency}): leave the unit empty."}
        return None
    if unit != pledge.target_unit:
        target = Unit(pledge.target_unit).label
        shown = f"in {Unit(unit).label}" if unit else "without a unit"
        return {"unit": f"The target is counted in {target}; this figure is {shown}."}
    if currency:
        counted = Unit(pledge.target_unit).label
        return {"currency": f"The target is counted in {counted}, not money: leave the currency empty."}
    return None


QUARTERS = {1: "Q1", 4: "Q2", 7: "Q3", 10: "Q4"}


def period_text(period: FuzzyDate | None) -> str:
    """A period as statistics write it: "Q1 2024" for a whole calendar quarter, else its display."""
    if period is None:
        return ""
    start, last = period.start, period.last_start
    if (
        period.precision == Precision.MONTH
        and not period.approximate
        and start.month in QUARTERS
        and (last.year, last.month) == (start.year, start.month + 2)
    ):
        return f"{QUARTERS[start.month]} {start.year}"
    return period.display()
