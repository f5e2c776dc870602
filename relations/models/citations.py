from __future__ import annotations

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from relations.models import touched
from relations.models.events import Event
from relations.models.people import OfficeHeld
from relations.models.pledges import Pledge, PledgeStatusChange
from relations.models.sources import Source

CITED = ("event", "pledge", "status_change", "office")


class CitationQuerySet(models.QuerySet):
    def update(self, **fields) -> int:
        """Update the citations, and move the last change of the events they cite for (touched.py)."""
        with touched.rows_updating(self, fields):
            return super().update(**fields)

    update.alters_data = True
    update.queryset_only = True


class Citation(models.Model):
    """Ties a source to exactly one fact: an event, a pledge, a status change or an office."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    excerpt = models.CharField(
        max_length=500, blank=True, help_text="A short quotation that supports the fact."
    )
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, null=True, blank=True, related_name="citations"
    )
    pledge = models.ForeignKey(
        Pledge, on_delete=models.CASCADE, null=True, blank=True, related_name="citations"
    )
    status_change = models.ForeignKey(
        PledgeStatusChange, on_delete=models.CASCADE, null=True, blank=True, related_name="citations"
    )
    office = models.ForeignKey(
        OfficeHeld, on_delete=models.CASCADE, null=True, blank=True, related_name="citations"
    )

    history = HistoricalRecords()
    objects = CitationQuerySet.as_manager()

    #: Which field of a citation points at each kind of fact.
    CITED_BY = {Event: "event", Pledge: "pledge", PledgeStatusChange: "status_change", OfficeHeld: "office"}

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    *[
                        Q(
                            **{f"{name}__isnull": False},
                            **{f"{other}__isnull": True for other in CITED if other != name},
                        )
                        for name in CITED
                    ],
                    _connector=Q.OR,
                ),
                name="citation_cites_exactly_one_fact",
                violation_error_message="A citation supports exactly one fact.",
            ),
            *[
                models.UniqueConstraint(
                    fields=["source", name],
                    condition=Q(**{f"{name}__isnull": False}),
                    name=f"citation_source_once_per_{name}",
                    violation_error_message="This source is already cited for it.",
                )
                for name in CITED
            ],
        ]

    def __str__(self) -> str:
        return f"{self.source.publisher}: {self.excerpt[:60]}" if self.excerpt else str(self.source)

    # An event's sources are part of its record (touched.py).
    def save(self, *args, **kwargs) -> None:
        before = self._stored_event_id
        super().save(*args, **kwargs)
        touched.events_touched([self.event_id, before])
        self._stored_event_id = self.event_id

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        touched.events_touched([self.event_id])
        return deleted

    _stored_event_id = None

    @classmethod
    def from_db(cls, db, field_names, values):
        citation = super().from_db(db, field_names, values)
        citation._stored_event_id = citation.__dict__.get("event_id")
        return citation
