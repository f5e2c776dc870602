from __future__ import annotations

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from relations.models import touched
from relations.models.trees import refuse_cycle


class SectorQuerySet(models.QuerySet):
    def subtree_ids(self, *roots: Sector) -> set[int]:
        """Ids of ``roots`` and every sector below them, in one query over the small tree."""
        children: dict[int | None, list[int]] = {}
        for pk, parent_id in self.model.objects.values_list("pk", "parent_id"):
            children.setdefault(parent_id, []).append(pk)
        found: set[int] = set()
        stack = [root.pk for root in roots]
        while stack:
            pk = stack.pop()
            if pk not in found:
                found.add(pk)
                stack.extend(children.get(pk, []))
        return found


class Sector(models.Model):
    """A field of cooperation; a small tree (energy → LNG). Filters include the children."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    history = HistoricalRecords()
    objects = SectorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")),
                name="sector_not_own_parent",
                violation_error_message="A sector cannot be its own parent.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        with touched.shown_saving(self, kwargs.get("update_fields")):  # its events list it by name
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        events = set(touched.shown_by(self))  # they list it no more: read before they go
        deleted = super().delete(*args, **kwargs)
        touched.touch_events(events)
        return deleted

    def clean(self) -> None:
        refuse_cycle(self, label="name", constraint="sector_not_own_parent")

    @classmethod
    def from_db(cls, db, field_names, values):
        return touched.shown_loaded(super().from_db(db, field_names, values))
