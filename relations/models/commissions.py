from __future__ import annotations

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce, Now
from simple_history.models import HistoricalRecords

from relations.models import touched
from relations.models.countries import Country, NameKind
from relations.models.fuzzy import FuzzyDateField
from relations.models.limits import LONG_TEXT, long_text_validators
from relations.models.people import unique_slug
from relations.models.trees import refuse_cycle
from relations.names import fold
from relations.paths import commission_url


def _sessions() -> models.QuerySet:
    """The sessions of the commission of the outer query, unordered."""
    from relations.models.events import Event

    return Event.objects.filter(commission=OuterRef("pk")).order_by()


class CommissionQuerySet(models.QuerySet):
    def matching(self, text: str) -> CommissionQuerySet:
        """Commissions whose name, acronym or any other name contains ``text``, folding case and
        accents: "Pakistan-Turkey Joint" finds the Pakistan–Türkiye JMC by its former name."""
        folded = fold(text)
        if not folded:
            return self.none()
        other_names = CommissionName.objects.filter(commission=OuterRef("pk"), folded__contains=folded)
        return self.filter(Q(search_text__contains=folded) | Exists(other_names))

    def of_pair(self, a: Country | str, b: Country | str) -> CommissionQuerySet:
        """Commissions of which both ``a`` and ``b`` (objects or ISO codes) are members."""
        return self.filter(members=a).filter(members=b)

    def with_sessions(self) -> CommissionQuerySet:
        """Each commission with ``session_count`` and ``latest_sessions`` (the latest by date, a
        list of at most one, as a record), in one query more than the commissions' own.

        Each commission's sessions are counted, and its latest one found, on their own through
        the index of sessions by date (`event_commission_latest`), rather than by grouping or
        ranking every session of every commission."""
        from relations.models.events import Event

        latest = _sessions().order_by("-date_start", "-pk").values("pk")[:1]
        latest_sessions = Event.objects.filter(pk__in=self.annotate(latest=Subquery(latest)).values("latest"))
        return self.with_session_count().prefetch_related(
            Prefetch("sessions", queryset=latest_sessions, to_attr="latest_sessions")
        )

    def with_session_count(self) -> CommissionQuerySet:
        """Each commission with ``session_count``, counted through the index of its sessions."""
        count = _sessions().values("commission").annotate(n=models.Count("pk")).values("n")
        return self.annotate(session_count=Coalesce(Subquery(count), 0))

    def for_list(self) -> CommissionQuerySet:
        """What the commissions list shows of each commission, in two queries whatever the rows:
        with its parent and its sessions (`with_sessions`); `members_named` reads the members."""
        return self.select_related("parent").with_sessions()


def members_named(commissions: list[int]) -> dict[int, list[tuple[str, str]]]:
    """The members of these commissions (ids) as (code, name), by name: one query, no model
    instance per country."""
    rows = (
        Commission.members.through.objects.filter(commission__in=commissions)
        .order_by("country__name")
        .values_list("commission_id", "country_id", "country__name")
    )
    found: dict[int, list[tuple[str, str]]] = {}
    for commission, code, name in rows:
        found.setdefault(commission, []).append((code, name))
    return found


class Commission(models.Model):
    """A standing body between two or more countries; its sessions are numbered events."""

    class Kind(models.TextChoices):
        JOINT_MINISTERIAL = "joint_ministerial", "joint ministerial commission"
        JOINT = "joint", "joint commission"
        STRATEGIC_DIALOGUE = "strategic_dialogue", "strategic dialogue"
        ANNUAL_SUMMIT = "annual_summit", "annual summit"
        HIGH_LEVEL_COUNCIL = "high_level_council", "high-level council"
        OTHER = "other", "other"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True, blank=True)
    acronym = models.CharField(max_length=30, blank=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    members = models.ManyToManyField(Country, related_name="commissions")
    founded = FuzzyDateField("founded", required=False, help_text="E.g. 1975 if only the year is known.")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The body it reports to, if any.",
    )
    description = models.TextField(blank=True, max_length=LONG_TEXT, validators=long_text_validators)
    search_text = models.TextField(editable=False, blank=True)
    # When the record last changed (a citation's date, a sitemap's <lastmod>).
    updated_at = models.DateTimeField("last changed", auto_now=True, db_default=Now())

    history = HistoricalRecords(m2m_fields=[members])
    objects = CommissionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")),
                name="commission_not_own_parent",
                violation_error_message="A commission cannot report to itself.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.search_text = fold(f"{self.name}\n{self.acronym}")
        if not self.slug:
            self.slug = unique_slug(Commission, self.name, exclude_pk=self.pk)
        with touched.shown_saving(self, kwargs.get("update_fields")):  # its sessions name it
            super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return commission_url(self.slug)

    @classmethod
    def from_db(cls, db, field_names, values):
        return touched.shown_loaded(super().from_db(db, field_names, values))

    def clean(self) -> None:
        refuse_cycle(self, label="name", constraint="commission_not_own_parent")


class CommissionName(models.Model):
    """Another name a commission is or was known by: a former name, an alternate form, an acronym."""

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=NameKind.choices, default=NameKind.ALTERNATE)
    valid_from = models.DateField(null=True, blank=True, help_text="When the name came into use.")
    valid_until = models.DateField(null=True, blank=True, help_text="When the name was dropped.")
    folded = models.CharField(max_length=200, editable=False, db_index=True)  # search by other name

    history = HistoricalRecords()

    class Meta:
        ordering = ["commission", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["commission", "name"],
                name="commission_name_unique",
                violation_error_message="This commission already has this name.",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from"))
                | Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True),
                name="commission_name_valid_until_after_from",
                violation_error_message="A name cannot stop being used before it started.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"

    def save(self, *args, **kwargs) -> None:
        self.folded = fold(self.name)
        super().save(*args, **kwargs)
