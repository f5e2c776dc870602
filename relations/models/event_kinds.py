"""Kinds of event, from a published event codebook, with the tone charts count them by.

The kinds are rows, not code: the migration ``event_kinds`` seeds them from PLOVER (the Open
Event Data Alliance's ontology, successor of CAMEO) and CAMEO, and editors add more in admin.
A kind is top-level (visit) or a sub-kind of one (state visit): filtering by a kind includes
its sub-kinds, one level deep, like the event types and modes of PLOVER.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.fields.related_descriptors import ForwardManyToOneDescriptor
from simple_history.models import HistoricalRecords

from relations.models import touched


class EventKindQuerySet(models.QuerySet):
    def family(self, kind: EventKind | str) -> EventKindQuerySet:
        """``kind`` (an object or a slug) and its sub-kinds: what a filter by it includes."""
        slug = kind.pk if isinstance(kind, EventKind) else kind
        return self.filter(Q(pk=slug) | Q(parent=slug))

    def in_tree_order(self) -> EventKindQuerySet:
        """Each top-level kind by name, followed by its sub-kinds by name."""
        return self.annotate(branch=models.functions.Coalesce("parent__name", "name")).order_by(
            "branch", models.F("parent").asc(nulls_first=True), "name"
        )


class EventKind(models.Model):
    """A kind of event (state visit, military exercise…), coded in PLOVER and CAMEO."""

    class Tone(models.TextChoices):
        COOPERATION = "cooperation", "cooperation"
        NEUTRAL = "neutral", "neutral"
        CONFLICT = "conflict", "conflict"

    class Plover(models.TextChoices):
        """PLOVER's sixteen event types."""

        AGREE = "AGREE", "AGREE"
        CONSULT = "CONSULT", "CONSULT"
        SUPPORT = "SUPPORT", "SUPPORT"
        CONCEDE = "CONCEDE", "CONCEDE"
        COOPERATE = "COOPERATE", "COOPERATE"
        AID = "AID", "AID"
        RETREAT = "RETREAT", "RETREAT"
        REQUEST = "REQUEST", "REQUEST"
        ACCUSE = "ACCUSE", "ACCUSE"
        REJECT = "REJECT", "REJECT"
        THREATEN = "THREATEN", "THREATEN"
        PROTEST = "PROTEST", "PROTEST"
        SANCTION = "SANCTION", "SANCTION"
        MOBILIZE = "MOBILIZE", "MOBILIZE"
        COERCE = "COERCE", "COERCE"
        ASSAULT = "ASSAULT", "ASSAULT"

    # The primary key is the slug events store and the API and filters name ("visit").
    slug = models.SlugField(
        max_length=30,
        primary_key=True,
        help_text="How events, filters and the API name it, e.g. state_visit. Cannot be changed later.",
    )
    name = models.CharField(max_length=60, unique=True, help_text="As pages show it, e.g. state visit.")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sub_kinds",
        limit_choices_to={"parent__isnull": True},
        help_text="The kind it rolls up to in filters (state visit → visit); empty for a top-level kind.",
    )
    tone = models.CharField(
        max_length=12,
        choices=Tone.choices,
        help_text="Whether events of this kind are cooperation or conflict.",
    )
    plover_event = models.CharField("PLOVER event type", max_length=10, choices=Plover.choices, blank=True)
    plover_mode = models.CharField(
        "PLOVER mode", max_length=30, blank=True, help_text="The event type's mode, e.g. visit for CONSULT."
    )
    cameo_code = models.CharField(
        "CAMEO code",
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^\d{2,4}$", "A CAMEO code is two to four digits, e.g. 042.")],
        help_text="The closest CAMEO event code, e.g. 042 (make a visit).",
    )
    description = models.TextField(blank=True, max_length=2000)

    history = HistoricalRecords()
    objects = EventKindQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("slug")),
                name="event_kind_not_own_parent",
                violation_error_message="A kind cannot be its own parent.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        with touched.shown_saving(self, kwargs.get("update_fields")):  # its events show its name, tone
            super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        return touched.shown_loaded(super().from_db(db, field_names, values))

    @property
    def code(self) -> str:
        """Its codes as one line: "PLOVER CONSULT (visit) · CAMEO 042"."""
        plover = f"PLOVER {self.plover_event}" if self.plover_event else ""
        if plover and self.plover_mode:
            plover += f" ({self.plover_mode})"
        cameo = f"CAMEO {self.cameo_code}" if self.cameo_code else ""
        return " · ".join(part for part in (plover, cameo) if part)

    def clean(self) -> None:
        """Sub-kinds are one level deep: a parent is a top-level kind, and a kind that has
        sub-kinds cannot become one."""
        if self.parent_id is None or self.parent_id == self.slug:
            return
        if self.parent.parent_id is not None:
            above = f"“{self.parent}” is itself a sub-kind of “{self.parent.parent}”"
            raise ValidationError({"parent": f"{above}: choose a top-level kind."})
        if self.slug and EventKind.objects.filter(parent=self.slug).exists():
            raise ValidationError({"parent": "This kind has sub-kinds of its own, so it cannot become one."})


class _KindBySlug(ForwardManyToOneDescriptor):
    """An event's kind, also set by slug: ``Event(kind="visit")``, ``event.kind = Event.Kind.CALL``
    (no query: the kind object is read when first used)."""

    def __set__(self, instance, value) -> None:
        if isinstance(value, str):
            setattr(instance, self.field.attname, value)
        else:
            super().__set__(instance, value)


class EventKindField(models.ForeignKey):
    """A foreign key to `EventKind` that also takes a slug (`_KindBySlug`)."""

    forward_related_accessor_class = _KindBySlug

    def deconstruct(self):
        # Migrations need only the foreign key it is.
        name, _, args, kwargs = super().deconstruct()
        return name, "django.db.models.ForeignKey", args, kwargs
