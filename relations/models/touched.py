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

A record shows more than it owns: the names of its countries (as of its first day) and of its
place's country, its participants' officials, its commission, kind and sectors, its sources'
slugs, and its parent's, children's and linked events' slugs, titles and dates. When one of
those changes (`SHOWN` lists what is watched, as read by ``from_db``; `shown_saving` wraps the
save, so a save that changes none of it costs no query), the events showing it are touched
too, in batches of `BATCH` (2,000) ids. The writer's transaction reads at most `BATCH` + 1 of
their ids (one UNION ALL query, which stops there): up to `BATCH` events are touched inside it,
as above; more are read whole and touched after its commit (``on_commit``), `BATCH` ids in id
order per UPDATE, each batch its own short transaction. A busy country's rename thus holds no
lock on tens of thousands of event rows until its writer commits, nor for longer than one batch;
the price is a moment after the commit in which some of its events still carry their former
stamp (and keep it if the process dies then; saving the name again touches them again).

Measured at 1,000,000 demo events on PostgreSQL (the busiest country, Faroe Islands: 307,190
events), renamed and back, on a machine running two test suites besides: the writer's
transaction took 0.11 s and 0.07 s (it touches none of them); then 154 batches in 126 s and
107 s, the longest 1.8 s, so no event row stayed locked longer than that.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import models, transaction
from django.db.models import Q
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


# Records events only refer to ------------------------------------------------------------------

#: Above this many events, a touch is done after the writer's commit, in batches of this many.
BATCH = 2_000

#: What an event's record or list row shows of each record it refers to, by model.
SHOWN = {
    "Country": ("name",),
    "CountryName": ("country_id", "name", "kind", "valid_from", "valid_until"),
    "Official": ("slug", "name"),
    "Commission": ("slug", "name"),
    "EventKind": ("slug", "name", "tone"),
    "Sector": ("slug", "name"),
    "Source": ("slug",),
    "Event": ("slug", "title", "date_start", "date_end", "date_precision", "date_approximate", "parent_id"),
}


def shown_loaded(record: models.Model) -> models.Model:
    """Remember what events show of ``record`` as read from the database (its ``from_db``)."""
    fields = SHOWN[type(record).__name__]
    record._shown = {name: record.__dict__[name] for name in fields if name in record.__dict__}
    return record


@contextmanager
def shown_saving(record: models.Model, update_fields: Iterable[str] | None = None) -> Iterator[None]:
    """Around ``record``'s save: if it changed something events show of it, touch those events
    (`events_showing`). An unchanged save, or a new record, costs no query."""
    stored = getattr(record, "_shown", None)
    if record._state.adding:
        # Only a new name can be shown at once (a former one, `name_as_of`): nothing refers to
        # any other new record yet.
        changed = type(record).__name__ == "CountryName"
    else:
        names = (stored or {}).keys()
        if update_fields is not None:
            names &= set(update_fields)
        changed = any(record.__dict__.get(name) != stored[name] for name in names)
    before = stored
    yield
    if changed:
        events_showing(record, before=before)
    shown_loaded(record)


def events_showing(record: models.Model, *, before: dict | None = None) -> None:
    """Touch the events whose record or list row shows something of ``record`` (``before``: what
    it was as read, for a row that may have moved)."""
    touch_events(shown_by(record, before=before))


def touch_events(ids: Iterable[int] | models.QuerySet) -> None:
    """Move ``updated_at`` of these events (ids, or a query of them): inside the writer's
    transaction for up to `BATCH` of them, else after its commit in batches (`_touch_in_batches`).
    A query is read for `BATCH` + 1 ids only, then, if it has more, whole after the commit."""
    if isinstance(ids, models.QuerySet):
        query = ids
        ids = list(query[: BATCH + 1])
        if len(ids) > BATCH:
            transaction.on_commit(lambda: _touch_in_batches(sorted(set(query) - {None})))
            return
    ids = sorted(set(ids) - {None})
    if len(ids) <= BATCH:
        events_touched(ids)
    else:
        transaction.on_commit(lambda: _touch_in_batches(ids))


def _touch_in_batches(ids: list[int]) -> None:
    """Each batch of `BATCH` ids (in id order) in its own transaction: no lock on an event row
    is held longer than one batch's UPDATE."""
    from relations.models.events import Event

    for i in range(0, len(ids), BATCH):
        with transaction.atomic():
            batch = Event.objects.filter(pk__in=ids[i : i + BATCH])
            models.QuerySet.update(batch, updated_at=timezone.now())


def shown_by(record: models.Model, *, before: dict | None = None) -> models.QuerySet | set[int]:
    """The events showing ``record``: a query of their ids (not read yet; one may come twice),
    or, for an event, the ids."""
    from relations.models.citations import Citation
    from relations.models.events import Event, Participant

    def ids(queryset: models.QuerySet, column: str) -> models.QuerySet:
        return queryset.order_by().values_list(column, flat=True)

    before = before or {}
    kind = type(record).__name__
    if kind == "Country":
        return _union(_country_events(record.pk, until=None))
    if kind == "CountryName":
        # The name shown is a dated former name in use on the event's first day (`name_as_of`):
        # only such a row, before or after the write, and only events dated before it was dropped.
        return _union(
            query
            for state in (before, record.__dict__)
            if state.get("kind") == "former" and state.get("valid_until") and state.get("country_id")
            for query in _country_events(state["country_id"], until=state["valid_until"])
        )
    if kind == "Official":
        return ids(Participant.objects.filter(official=record), "event_id")
    if kind == "Commission":
        return ids(Event.objects.filter(commission=record), "pk")
    if kind == "EventKind":
        return ids(Event.objects.filter(kind=record.pk), "pk")
    if kind == "Sector":
        return ids(Event.sectors.through.objects.filter(sector=record), "event_id")
    if kind == "Source":
        return ids(Citation.objects.filter(source=record, event__isnull=False), "event_id")
    if kind == "Event":
        return events_related([record.pk], parents=[before.get("parent_id")])
    raise TypeError(f"no event shows a {kind}")


def events_related(pks: list[int], *, parents: Iterable[int | None] = ()) -> set[int]:
    """The events whose record or list row shows the slug, title or date of one of ``pks``:
    their parents (and ``parents``: former or future ones) and children, the events linked to
    them either way, and those where their pledges were made again. One query."""
    from relations.models.events import Event, EventLink
    from relations.models.pledges import PledgeReaffirmation

    parents = {pk for pk in parents if pk is not None}
    family = Event.objects.filter(
        Q(pk__in=Event.objects.filter(pk__in=pks, parent__isnull=False).values("parent_id"))
        | Q(pk__in=parents)
        | Q(parent__in=pks)
    )
    found = (
        family.order_by()
        .values_list("pk", flat=True)
        .union(
            EventLink.objects.filter(from_event__in=pks).order_by().values_list("to_event_id", flat=True),
            EventLink.objects.filter(to_event__in=pks).order_by().values_list("from_event_id", flat=True),
            PledgeReaffirmation.objects.filter(pledge__event__in=pks)
            .order_by()
            .values_list("event_id", flat=True),
        )
    )
    return set(found) - set(pks)


@contextmanager
def rows_updating(
    queryset: models.QuerySet, fields: dict, *, events: tuple[str, ...] = ("event",)
) -> Iterator[None]:
    """Around ``queryset.update(**fields)`` of rows events own (through the foreign keys
    ``events``): touch the events they belonged to before and after. One query more to read them."""
    columns = [f"{name}_id" for name in events]
    found = {pk for row in queryset.order_by().values_list(*columns) for pk in row}
    for name in [*events, *columns]:
        if name in fields:
            found.add(getattr(fields[name], "pk", fields[name]))
    yield
    touch_events(found - {None})


def _country_events(code: str, *, until: dt.date | None) -> list[models.QuerySet]:
    """Queries of the events with the country among their countries, and of those held in it
    (first day before ``until``, if given)."""
    from relations.models.events import Event, EventCountry

    rows = EventCountry.objects.filter(country=code)
    hosted = Event.objects.filter(place_country=code)
    if until is not None:
        rows, hosted = rows.filter(date_start__lt=until), hosted.filter(date_start__lt=until)
    return [
        rows.order_by().values_list("event_id", flat=True),
        hosted.order_by().values_list("pk", flat=True),
    ]


def _union(queries: Iterable[models.QuerySet]) -> models.QuerySet | set[int]:
    """One query of all the ids ``queries`` give (UNION ALL: read a few, it stops early)."""
    first, *rest = [*queries] or [None]
    return first.union(*rest, all=True) if first is not None else set()
