"""When an event's record last changed: `Event.updated_at` moves with the rows it owns.

A feed entry's ``<updated>`` (and a calendar's LAST-MODIFIED, a sitemap's ``<lastmod>``) reads
``Event.updated_at``, which Django sets on the event's own save. A change to its countries,
participants, citations, links, or the pledges made at it changes the record a reader sees too,
so their ``save()`` and ``delete()`` call `events_touched`.

One UPDATE per event per transaction at most: inside a transaction, the events already touched
(or saved: `Event.save` calls `events_saved`) are remembered on a do-nothing commit callback,
which Django drops with the transaction or savepoint that registered it, so a rolled-back touch
is done again. Only the events touched at the current savepoint level count, so that an outer
level's marker never hides a write made and rolled back inside. Bulk writers (``generate_demo``)
write ``updated_at`` themselves.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models, transaction
from django.utils import timezone


class _Touched:
    """The events touched at one savepoint level of the open transaction (its commit callback)."""

    def __init__(self, level: tuple) -> None:
        self.level = level
        self.ids: set[int] = set()

    def __call__(self) -> None:
        pass  # remembered only while the transaction is open


def _touched() -> set[int] | None:
    """The ids touched at this level of the open transaction; None outside a transaction."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return None
    level = tuple(connection.savepoint_ids)
    for _, callback, _ in connection.run_on_commit:
        if isinstance(callback, _Touched) and callback.level == level:
            return callback.ids
    marker = _Touched(level)
    transaction.on_commit(marker)
    return marker.ids


def events_saved(ids: Iterable[int]) -> None:
    """These events were just saved (their ``updated_at`` is now): no touch needed after."""
    touched = _touched()
    if touched is not None:
        touched.update(ids)


def events_touched(ids: Iterable[int | None]) -> None:
    """A row these events own changed: move their ``updated_at`` to now (one UPDATE, none for
    events already touched or saved in this transaction)."""
    from relations.models.events import Event

    ids = {pk for pk in ids if pk is not None}
    touched = _touched()
    if touched is not None:
        ids -= touched
        touched.update(ids)
    if ids:
        # Past `EventQuerySet.update`, which would read the ids again to keep copies in step:
        # no copy derives from ``updated_at``.
        models.QuerySet.update(Event.objects.filter(pk__in=ids), updated_at=timezone.now())
