"""`EventRecord`: each event's API record as JSON text, stored so that a list of events is read,
not rendered (derived data: relations/models/derived.py lists it, relations/records.py writes
and serves it)."""

from __future__ import annotations

from django.db import models


class EventRecord(models.Model):
    """An event's record as ``/api/events/`` answers it, the JSON text of one list item.

    Trusted only while ``stamp`` equals the event's ``updated_at`` and ``format`` is the
    rendering's current one (relations/records.py): every change an event's record shows moves
    ``updated_at`` (relations/models/touched.py), so a record left behind by a write is never
    served, and the first read that needs it renders it again.

    No foreign key constraint and nothing for Django's delete collector to do: deleting an event
    costs no query more, and the record it leaves is never joined to another event's stamp
    (`rebuild_derived` removes such records)."""

    event = models.OneToOneField(
        "relations.Event",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        related_name="record",
    )
    stamp = models.DateTimeField(help_text="The event's updated_at when this was rendered.")
    format = models.PositiveSmallIntegerField(help_text="The rendering's version (relations/records.py).")
    api_json = models.TextField(help_text="The API's JSON for the event, links relative to the site.")

    class Meta:
        verbose_name = "stored event record"

    def __str__(self) -> str:
        return f"Stored record of event {self.event_id}"
