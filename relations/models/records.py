"""`EventRecord`: each event's API record as JSON text and the first part of its timeline row as
HTML, stored so that a list of events is read, not rendered (derived data: relations/models/derived.py
lists it; relations/records.py writes and serves the JSON, relations/rows.py the rows)."""

from __future__ import annotations

from django.db import models


class EventRecord(models.Model):
    """An event's record as ``/api/events/`` answers it (the JSON text of one list item) and the
    first part of its timeline row (`relations.rows`).

    Each part is trusted only while its stamp (``stamp``, ``row_stamp``) equals the event's
    ``updated_at`` and its format (``format``, ``row_format``) is its rendering's current one
    (relations/records.py, relations/rows.py); the two are rendered and stored apart, each when a
    list first needs it, so one may be there without the other. Every change they show moves
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
    stamp = models.DateTimeField(
        null=True, help_text="The event's updated_at when its API record was rendered (none: not yet)."
    )
    format = models.PositiveSmallIntegerField(help_text="The rendering's version (relations/records.py).")
    api_json = models.TextField(
        blank=True,
        default="",
        db_default="",
        help_text="The API's JSON for the event, links relative to the site.",
    )
    row_stamp = models.DateTimeField(
        null=True, help_text="The event's updated_at when its timeline row was rendered (none: not yet)."
    )
    row_format = models.PositiveSmallIntegerField(
        default=0, db_default=0, help_text="The row rendering's version (relations/rows.py)."
    )
    row_html = models.TextField(
        blank=True,
        default="",
        db_default="",
        help_text="The first part of the event's timeline row (HTML): what the event alone decides.",
    )

    class Meta:
        verbose_name = "stored event record"

    def __str__(self) -> str:
        return f"Stored record of event {self.event_id}"
