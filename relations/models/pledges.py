from __future__ import annotations

import datetime as dt

import pycountry
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from simple_history.models import HistoricalRecords

from relations.models.countries import Country
from relations.models.events import Event
from relations.models.fuzzy import FuzzyDateField
from relations.models.sectors import Sector
from relations.models.totals import PledgeStatusTotal
from relations.names import fold


def validate_currency(code: str) -> None:
    if pycountry.currencies.get(alpha_3=code) is None:
        raise ValidationError(f"“{code}” is not an ISO 4217 currency code (USD, EUR, TRY, PKR…).")


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


def _latest_status() -> Subquery:
    """The status of the pledge's latest change (by date, then by the order they were recorded)."""
    latest = PledgeStatusChange.objects.filter(pledge=OuterRef("pk")).order_by("-as_of_start", "-pk")
    return Subquery(latest.values("status")[:1])


class PledgeQuerySet(models.QuerySet):
    def delete(self) -> tuple[int, dict[str, int]]:
        """Delete the pledges, and recount the totals of the statuses they had."""
        with transaction.atomic():
            statuses = set(self.order_by().values_list("current_status", flat=True).distinct())
            deleted = super().delete()
            PledgeStatusTotal.objects.recount(status or "" for status in statuses)
        return deleted

    # As on QuerySet.delete: not on the manager (no Pledge.objects.delete()), not from templates.
    delete.alters_data = True
    delete.queryset_only = True

    def with_status(self) -> PledgeQuerySet:
        """The pledges as they are: ``current_status`` is a column now, kept by `store_status`.
        Callers from when it was a subquery need not change."""
        return self.all()

    def store_status(self) -> None:
        """Store each pledge's current status (its latest change's) and recount the
        `PledgeStatusTotal` of each status one of them left or took. Three queries, and four
        more if a status changed."""
        with transaction.atomic():
            # Lock the pledges before reading their changes: a concurrent writer of the same
            # pledge waits here, then reads (in a statement of its own) what this one wrote.
            before = dict(self.select_for_update().order_by("pk").values_list("pk", "current_status"))
            pledges = Pledge.objects.filter(pk__in=before)
            pledges.update(current_status=_latest_status())
            after = dict(pledges.values_list("pk", "current_status"))
            moved = {pk for pk, status in after.items() if status != before[pk]}
            PledgeStatusTotal.objects.recount(
                status or "" for pk in moved for status in (before[pk], after[pk])
            )

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

    def status_totals(self) -> list[tuple[PledgeStatus | None, int]]:
        """How many pledges have each current status: every status in lifecycle order, zeros
        included, then ``None`` for pledges with no status yet if there are any.

        One query: of the stored totals (`PledgeStatusTotal`) for the whole table, which costs
        the same at any size; a count of the rows for a filtered queryset.
        """
        if self.query.where:
            found = dict(self.order_by().values_list("current_status").annotate(n=models.Count("pk")))
        else:
            found = {
                status or None: n for status, n in PledgeStatusTotal.objects.values_list("status", "pledges")
            }
        totals = [(status, found.get(status.value, 0)) for status in PledgeStatus]
        return totals + [(None, found[None])] if found.get(None) else totals

    def outstanding(self, at: dt.date | None = None) -> PledgeQuerySet:
        """Pledges with no outcome recorded on or before ``at`` (default today)."""
        at = at or dt.date.today()
        settled = PledgeStatusChange.objects.filter(
            pledge=OuterRef("pk"), status__in=PledgeStatus.outcomes(), as_of_start__lte=at
        )
        return self.exclude(models.Exists(settled))


class Pledge(models.Model):
    """A commitment made at an event, rated on its outcome through dated status changes."""

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="pledges", help_text="Where it was made."
    )
    title = models.CharField(max_length=300, help_text="Short, in your own words.")
    wording = models.TextField(blank=True, help_text="The words used, quoted from a source.")
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
    target_measure = models.CharField(
        max_length=200, blank=True, help_text="What is measured, e.g. “bilateral trade per year”."
    )
    baseline_amount = models.DecimalField(
        max_digits=20, decimal_places=2, null=True, blank=True, help_text="The starting level, same currency."
    )
    baseline_note = models.CharField(
        max_length=200, blank=True, help_text="Where the baseline comes from: “2024, Turkish state media”."
    )
    due = FuzzyDateField("due", required=False, help_text="Leave empty if no date was given.")
    # Derived from the status changes, never typed (see `store_status`); stored so that lists,
    # filters and counts do not look up every pledge's latest change. Null, as it has always
    # read, for a pledge with no change yet.
    current_status = models.CharField(
        max_length=20,
        choices=PledgeStatus.choices,
        null=True,
        blank=True,
        editable=False,
        help_text="The latest status change's.",
    )
    search_text = models.TextField(editable=False, blank=True)

    history = HistoricalRecords(m2m_fields=[sectors])
    objects = PledgeQuerySet.as_manager()

    class Meta:
        ordering = ["-event__date_start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(target_amount__isnull=True) & Q(baseline_amount__isnull=True))
                | ~Q(target_currency=""),
                name="pledge_amount_has_currency",
                violation_error_message="An amount needs its currency.",
            ),
            models.CheckConstraint(
                condition=Q(target_amount__isnull=True) | Q(target_amount__gt=0),
                name="pledge_target_positive",
                violation_error_message="A target amount must be more than zero.",
            ),
        ]
        indexes = [
            # Pledges of one status: the status filter, and recounting a PledgeStatusTotal.
            models.Index(fields=["current_status"], name="pledge_current_status"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.search_text = fold(f"{self.title}\n{self.wording}")
        adding = self.pk is None
        # Read again rather than trusted: this copy may predate a change recorded since.
        self.current_status = (
            None
            if adding
            else self.status_changes.values_list("status", flat=True).order_by("-as_of_start", "-pk").first()
        )
        with transaction.atomic():
            super().save(*args, **kwargs)
            if adding:
                PledgeStatusTotal.objects.recount([""])  # one more pledge with no status yet

    def get_absolute_url(self) -> str:
        return reverse("relations:pledge-detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        # Its status changes go by cascade, which calls none of their delete() methods.
        with transaction.atomic():
            status = Pledge.objects.filter(pk=self.pk).values_list("current_status", flat=True).first()
            deleted = super().delete(*args, **kwargs)
            PledgeStatusTotal.objects.recount([status or ""])
        return deleted

    @property
    def current_status_label(self) -> str:
        status = self.current_status
        return PledgeStatus(status).label if status else "no status yet"

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

    history = HistoricalRecords()

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

    def __str__(self) -> str:
        return f"{self.country_id} ({self.get_role_display()})"


class PledgeStatusChange(models.Model):
    """A dated change in a pledge's status; the latest one is its current status."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=20, choices=PledgeStatus.choices)
    as_of = FuzzyDateField("as of", help_text="When the status was reported: 2025-09-09, 2025-09 or 2025.")
    note = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

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
            # The latest change per pledge: PledgeQuerySet.store_status().
            models.Index(fields=["pledge", "-as_of_start", "-id"], name="pledge_status_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.as_of})"

    # The pledge's current status is derived from these rows; admin inlines, API and seed all
    # write them through save() and delete(). Bulk writers (generate_demo) write it themselves.
    def save(self, *args, **kwargs) -> None:
        with transaction.atomic():
            super().save(*args, **kwargs)
            Pledge.objects.filter(pk=self.pledge_id).store_status()

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            Pledge.objects.filter(pk=self.pledge_id).store_status()
        return result


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
