"""Derived data: every stored copy and total that could be recomputed from the rows it comes from,
and the only code that writes them.

================================  =====================================  ================================
Stored copy or total              Derived from, and what it serves       Refreshed by
================================  =====================================  ================================
``EventPair`` (the pair index)    each pair among an event's countries,  `events_changing`: countries
                                  with its date: a pair's timeline       written or deleted, event
                                  (``event_pair_timeline``, for_pair)    deleted, date changed
``EventCountry.date_start``       ``Event.date_start``: a country's      the row's save; `events_changing`
                                  timeline (``event_country_timeline``)  when the event's date changes
``Participant.date_start``        ``Event.date_start``: an official's    the same
                                  events (``participant_official_...``)
``Pledge.date_start``             its event's date: the pledge tracker   the pledge's save; the same
                                  (``pledge_newest``)
``PledgeParty.date_start``        its pledge's date: a country's         the row's save; the same;
                                  pledges (``pledge_party_timeline``)    `pledges_changing`
``Pledge.current_status``         its latest status change (by           `pledges_changing`: changes
("" for no status yet)            ``as_of_start``, then pk): lists,      written or deleted
                                  filters, ``pledge_status_newest``
``Pledge.status_as_of``            its latest status change's last day:   `pledges_changing`
                                  silent pledges (``?attention=silent``)
``Pledge`` progress columns       target, baseline, due date, the day    `pledges_changing`: also
(``progress_verdict``,            it was made and its observations, by   observations written or
``observed_until``, share, pace)  the rule of progress.py: verdicts,     deleted; `events_changing`
                                  bars, ``?attention=``, admin's flag    when its event's date moves
``Event.search_text``,            title and summary (title, description  the row's save; `texts_changed`
``Pledge.search_text``            and wording), folded, one line each:   after ``.update()``
                                  search (``matching``, trigram index)
``PairTotal``                     ``EventPair`` rows per pair: busiest   `events_changing`
                                  ties (home page, country page)
``CountryTotal``                  ``EventCountry`` rows per country:     `events_changing`
                                  country lists, search
``PairActivityTotal``,            ``EventPair`` (``EventCountry``) rows  `events_changing`: also an
``CountryActivityTotal``          per quarter (year) and kind: activity  event's kind or precision
                                  table and charts, summaries            changed
``PairOfficialTotal``             participants with an official, per     `events_changing`: also
                                  pair and side: who met most            participants written, deleted
``PledgeStatusTotal``             pledges per current status: the        `pledges_changing`
                                  pledge tracker's counts
``PledgeCountryTotal``,           party rows per country (pair) and      `pledges_changing`
``PledgePairTotal``               status: a country's or pair's counts
``EventRecord`` (records.py)      the event's API JSON as a list shows   not refreshed: trusted only
                                  it, stamped with its ``updated_at``:   while its stamp is the event's
                                  ``/api/events/`` pages, one query      ``updated_at`` (touched.py);
                                                                         rendered again on reading
``EventRecord.row_html``          the first part of the event's          the same, with its own stamp
(rows.py)                         timeline row (HTML), stamped apart:    (``row_stamp``)
                                  timelines read it with the page
================================  =====================================  ================================

Entry points:

* `events_changing(ids)` / `pledges_changing(ids)`: context managers around a write of these
  events' or pledges' rows (or of rows they own: countries, participants, parties, status
  changes, deletes). They read what the rows were before and refresh what changed after, in a
  fixed number of queries whatever the number of rows (see each one). The models' ``save()`` and
  ``delete()`` methods, their querysets' ``delete()`` and ``update()``, the API's writes
  (`relations.services`), the seed loader and the bulk generator all go through them. Nested
  inside one that already covers the same ids (an API write of an event and its countries), an
  inner one does nothing: the outer one refreshes once, at its end.
* `events_changed(ids)` / `pledges_changed(ids)`: the same, when the write is already done (the
  bulk generator, raw SQL whose effect on the old rows does not matter).
* `changing(record)`: `events_changing` for an event, `pledges_changing` for a pledge, around the
  writes of its rows by the admin's inlines, the API and the seed loader.
* `rebuild_all()` recomputes everything; `differences()` lists what is stale, by name
  (``manage.py rebuild_derived [--check]``).

A queryset ``.update()`` of a field copies derive from keeps them in step (the choice made here,
rather than refusing: a bulk correction of dates or titles is a normal thing to do). It reads
the ids of the rows it touches (one query), updates, and refreshes them as above:
``Event.date_start`` (its copies), ``Event`` title and summary and ``Pledge`` title, description
and wording (the search text, `texts_changed`), ``EventCountry.event``/``country`` (pairs and
totals), ``Participant.event`` (its date), ``PledgeParty.pledge``/``country`` and
``PledgeStatusChange.pledge``/``status``/``as_of_start`` (current statuses and totals). Two
are refused with a `DerivedFieldError`, which names the column: writing a derived column itself
(``current_status``, ``search_text``, a ``date_start`` copy), and ``Pledge.event``, whose date
copies a pledge's own save keeps. After raw SQL, run ``manage.py rebuild_derived``.

What writes cost (tests/test_derived.py asserts it): adding an event between two countries
through the models, 36 queries on SQLite (4 for the event, 12 and 20 for its countries), 38 on
PostgreSQL (which takes the totals' lock); 13 of them read the officials and recount the
activity totals (before those, 23 and 25, against 42 and 45 when each model kept its copies in
its own ``save()``). Deleting an event with one pledge (the pledge, then the event), 68 and 70,
most of them Django's delete collector and the change history.

Totals are recounted, never incremented (relations/models/totals.py, which also states their
locking rule: `lock_totals` first, once per refresh).

Over 400 lines by design: this docstring is the table of every stored copy, and every refresh
lives here, so that one module answers what is derived and who keeps it in step.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import combinations
from typing import NamedTuple

from django.db import models, transaction
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from relations.models.totals import (
    CountryActivityTotal,
    CountryTotal,
    PairActivityTotal,
    PairOfficialTotal,
    PairTotal,
    PledgeCountryTotal,
    PledgePairTotal,
    PledgeStatusTotal,
    activity_period,
    lock_totals,
)
from relations.names import fold

# Between the folded parts of a search text: a line break, which a folded search never holds
# (`fold` squeezes every run of spaces and line breaks into one space), so no search matches
# across the end of a title and the start of its summary.
SEPARATOR = "\n"

Ids = Iterable[int] | models.QuerySet


class DerivedFieldError(TypeError):
    """A derived column was written through ``.update()``: it is recomputed, never typed."""


def _write(queryset: models.QuerySet, **fields) -> int:
    """An UPDATE of derived columns, past the refusal of the models' own ``update()``."""
    return models.QuerySet.update(queryset, **fields)


def search_text(*parts: str) -> str:
    """The folded text search reads: each part folded, one line each (empty parts kept, so
    a part's position never moves)."""
    return SEPARATOR.join(fold(part) for part in parts)


# Ids covered by an open `events_changing` / `pledges_changing` in this thread, with whether it
# copies dates: an inner one for the same ids does nothing.
_open = threading.local()


def _covered(kind: str) -> dict[int, bool]:
    return _open.__dict__.setdefault(kind, {})


@contextmanager
def _covering(covered: dict[int, bool], ids: list[int], dates: bool) -> Iterator[None]:
    previous = {pk: covered.get(pk) for pk in ids if covered.get(pk, -1) < dates}
    covered.update(dict.fromkeys(previous, dates))
    try:
        yield
    finally:
        for pk, was in previous.items():
            if was is None:
                del covered[pk]
            else:
                covered[pk] = was


def _id_list(ids: Ids) -> list[int] | models.QuerySet:
    if isinstance(ids, models.QuerySet):
        return ids
    return sorted({int(pk) for pk in ids if pk is not None})


# Events -----------------------------------------------------------------------------------------


def _memberships(event_ids, periods: dict | None = None) -> dict[int, set[str]]:
    """Each event's countries; with ``periods``, filled with each event's (activity period,
    kind) as well, read in the same query."""
    from relations.models.events import EventCountry

    rows = EventCountry.objects.filter(event_id__in=event_ids).order_by()
    members: dict[int, set[str]] = {}
    if periods is None:
        for event_id, code in rows.values_list("event_id", "country_id"):
            members.setdefault(event_id, set()).add(code)
        return members
    columns = ("event_id", "country_id", "event__date_start", "event__date_precision", "event__kind")
    for event_id, code, day, precision, kind in rows.values_list(*columns):
        members.setdefault(event_id, set()).add(code)
        periods[event_id] = (*activity_period(day, precision), kind)
    return members


def _people(event_ids) -> dict[int, set[tuple[str, int]]]:
    """Each event's officials with the side they came for: (side, official) pairs, one query."""
    from relations.models.events import Participant

    rows = Participant.objects.filter(event_id__in=event_ids, official__isnull=False, side__isnull=False)
    people: dict[int, set[tuple[str, int]]] = {}
    for event_id, side, official in rows.order_by().values_list("event_id", "side_id", "official_id"):
        people.setdefault(event_id, set()).add((side, official))
    return people


class _State(NamedTuple):
    """What the totals count of some events: countries, periods and kinds, officials."""

    members: dict[int, set[str]]
    periods: dict[int, tuple]
    people: dict[int, set[tuple[str, int]]]


def _state(event_ids) -> _State:
    periods: dict[int, tuple] = {}
    members = _memberships(event_ids, periods)
    return _State(members, periods, _people(event_ids))


def _pairs(members: dict[int, set[str]]) -> set[tuple[int, str, str]]:
    return {(e, low, high) for e, codes in members.items() for low, high in combinations(sorted(codes), 2)}


@contextmanager
def events_changing(ids: Iterable[int], *, dates: bool = True) -> Iterator[None]:
    """Refresh what derives from these events after the write done inside: the pair index, the
    pair and country totals if their countries changed (or they were deleted), their activity
    totals if their countries, period, kind or officials did, and with ``dates`` the copies of
    their date. Costs two queries before and two after (countries with periods and kinds;
    officials), then only for what changed: up to two for the pair index, five for the dates
    (one UPDATE per table that copies them), and for the totals one lock (PostgreSQL) and two or
    three per kind of total."""
    ids = _id_list(ids)
    covered = _covered("events")
    if not isinstance(ids, models.QuerySet) and ids and all(covered.get(pk, -1) >= dates for pk in ids):
        yield
        return
    with transaction.atomic(savepoint=False):
        before = _state(ids)
        with _covering(covered, [] if isinstance(ids, models.QuerySet) else ids, dates):
            yield
        _refresh_events(ids, before, dates=dates)


def events_changed(ids: Ids, *, dates: bool = True, totals: bool = True) -> None:
    """Refresh what derives from these events, written already; the pair index is compared with
    its own rows (the old countries are not known, nor their old periods, kinds and officials:
    the activity totals of their new ones are recounted). ``totals=False`` leaves the totals to
    a later `rebuild_totals` (the bulk generator)."""
    from relations.models.pairs import EventPair

    ids = _id_list(ids)
    with transaction.atomic(savepoint=False):
        before: dict[int, set[str]] = {}
        for event_id, low, high in EventPair.objects.filter(event_id__in=ids).values_list(
            "event_id", "low", "high"
        ):
            before.setdefault(event_id, set()).update((low, high))
        _refresh_events(ids, _State(before, {}, {}), dates=dates, totals=totals)


def _refresh_events(ids, was: _State, *, dates: bool, totals: bool = True) -> None:
    from relations.models.events import Event, EventCountry, Participant
    from relations.models.pairs import EventPair
    from relations.models.pledges import Pledge, PledgeParty

    before = was.members
    now = _state(ids) if totals else _State(_memberships(ids), {}, {})
    after = now.members
    old_pairs, new_pairs = _pairs(before), _pairs(after)
    gone, new = old_pairs - new_pairs, new_pairs - old_pairs
    if gone:  # nothing refers to pair rows: one DELETE, without Django's collector
        stale = EventPair.objects.filter(event_id__in={e for e, _, _ in gone}).filter(_rows_q(gone))
        stale._raw_delete(stale.db)
    if new:
        event_dates = dict(
            Event.objects.filter(pk__in={e for e, _, _ in new}).values_list("pk", "date_start")
        )
        EventPair.objects.bulk_create(
            [EventPair(event_id=e, low=lo, high=hi, date_start=event_dates[e]) for e, lo, hi in sorted(new)],
            batch_size=2000,
        )
    if dates:
        date = Subquery(Event.objects.filter(pk=OuterRef("event_id")).values("date_start")[:1])
        for model in (EventPair, EventCountry, Participant, Pledge):
            stale = model.objects.filter(event_id__in=ids).exclude(date_start=models.F("event__date_start"))
            moved = _write(stale, date_start=date)
        party_date = Subquery(Pledge.objects.filter(pk=OuterRef("pledge_id")).values("date_start")[:1])
        stale = PledgeParty.objects.filter(pledge__event_id__in=ids).exclude(
            date_start=models.F("pledge__date_start")
        )
        _write(stale, date_start=party_date)
        if moved:  # a pledge's progress is measured from the day it was made: its event's
            refresh_progress(Pledge.objects.filter(event_id__in=ids).values("pk"))
    if not totals:
        return
    changed = {e for e in set(before) | set(after) if before.get(e, set()) != after.get(e, set())}
    countries = {c for e in changed for c in before.get(e, set()) ^ after.get(e, set())}
    pairs = {(lo, hi) for _, lo, hi in gone | new}
    recount(pairs=pairs, countries=countries, **_activity_scopes(was, now))


def _activity_scopes(was: _State, now: _State) -> dict[str, set]:
    """The periods of pairs and countries, and the officials of pairs, whose activity totals
    the change from ``was`` to ``now`` may have moved: for each event whose countries, period,
    kind or officials changed, all of them, before and after."""
    periods, country_periods, officials = set(), set(), set()
    for e in set(was.members) | set(now.members):
        states = [(s.members.get(e, set()), s.periods.get(e), s.people.get(e, set())) for s in (was, now)]
        if states[0] == states[1]:
            continue
        for codes, period, people in states:
            for low, high in combinations(sorted(codes), 2):
                officials.update((low, high, side, o) for side, o in people if side in (low, high))
                if period:
                    periods.add((low, high, *period[:2]))
            if period:
                country_periods.update((code, *period[:2]) for code in codes)
    return {"activity_pairs": periods, "activity_countries": country_periods, "pair_officials": officials}


def _rows_q(rows: set[tuple[int, str, str]]) -> Q:
    q = Q(pk__in=[])
    for e, lo, hi in rows:
        q |= Q(event_id=e, low=lo, high=hi)
    return q


# Pledges ----------------------------------------------------------------------------------------


def _pledge_state(pledge_ids, *, lock: bool = False) -> dict[int, tuple[str, frozenset[str]]]:
    """Each pledge's (current status, countries), as stored: one query. With ``lock``, the
    pledges are locked until the transaction ends: a concurrent writer of the same pledge waits
    here, then reads (in a statement of its own) what this one wrote."""
    from relations.models.pledges import Pledge

    state: dict[int, tuple[str, set[str]]] = {}
    pledges = Pledge.objects.filter(pk__in=pledge_ids).order_by("pk")
    if lock:
        pledges = pledges.select_for_update(of=("self",))
    rows = pledges.values_list("pk", "current_status", "parties__country")
    for pk, status, code in rows:
        state.setdefault(pk, (status or "", set()))[1].update([code] if code else [])
    return {pk: (status, frozenset(codes)) for pk, (status, codes) in state.items()}


@contextmanager
def pledges_changing(ids: Iterable[int], *, dates: bool = False) -> Iterator[None]:
    """Refresh what derives from these pledges after the write done inside: their current status
    (from their status changes), with ``dates`` their party rows' copy of the date, and the
    totals of every status, country and pair whose count they changed. One query before, two
    after (store the statuses, read them back), one more with ``dates``, then for the totals one
    lock (PostgreSQL) and two or three per kind of total, whatever the number of pledges."""
    ids = list(_id_list(ids))
    covered = _covered("pledges")
    if ids and all(covered.get(pk, -1) >= dates for pk in ids):
        yield
        return
    with transaction.atomic(savepoint=False):
        before = _pledge_state(ids, lock=True)
        with _covering(covered, ids, dates):
            yield
        _refresh_pledges(ids, before, dates=dates)


def pledges_changed(ids: Ids, *, dates: bool = True, totals: bool = True) -> None:
    """Refresh what derives from these pledges, written already (their totals are recounted as
    if they had no status and no party before)."""
    ids = _id_list(ids)
    with transaction.atomic(savepoint=False):
        _refresh_pledges(ids, {}, dates=dates, totals=totals)


def latest_status() -> Coalesce:
    """A pledge's current status: its latest change's (by date, then by the order they were
    recorded), "" if it has none."""
    from relations.models.pledges import PledgeStatusChange

    latest = PledgeStatusChange.objects.filter(pledge=OuterRef("pk")).order_by("-as_of_start", "-pk")
    return Coalesce(Subquery(latest.values("status")[:1]), models.Value(""))


def _refresh_pledges(ids, before: dict, *, dates: bool, totals: bool = True) -> None:
    from relations.models.pledges import Pledge, PledgeParty

    pledges = Pledge.objects.filter(pk__in=ids)
    _write(pledges.exclude(current_status=latest_status()), current_status=latest_status())
    refresh_progress(ids)
    if dates:
        party_date = Subquery(Pledge.objects.filter(pk=OuterRef("pledge_id")).values("date_start")[:1])
        stale = PledgeParty.objects.filter(pledge_id__in=ids).exclude(
            date_start=models.F("pledge__date_start")
        )
        _write(stale, date_start=party_date)
    if not totals:
        return
    after = _pledge_state(ids)
    statuses, countries, pairs = set(), set(), set()
    for pk in set(before) | set(after):
        old = before.get(pk)
        now = after.get(pk)
        if old == now:
            continue
        for state in (old, now):
            if state is None:
                continue
            status, codes = state
            statuses.add(status)
            countries.update(codes)
            pairs.update(combinations(sorted(codes), 2))
    recount(statuses=statuses, party_countries=countries, party_pairs=pairs)


PROGRESS_COLUMNS = (
    "status_as_of",
    "progress_verdict",
    "progress_start",
    "observed_value",
    "observed_until",
    "progress_share",
    "pace_needed",
)


def _progress_rows(ids) -> Iterator[tuple[models.Model, dict]]:
    """Each pledge of ``ids`` with its derived progress columns as they should be: three queries
    per 2,000 pledges (the pledges, their status changes' latest day, their observations)."""
    from relations.models.observations import Observation
    from relations.models.pledges import Pledge, PledgeStatusChange
    from relations.models.progress import Reading, assess

    fields = ("pk", "target_amount", "baseline_amount", "date_start", "due_end", *PROGRESS_COLUMNS)
    pledges = Pledge._base_manager.filter(pk__in=ids).only(*fields).order_by("pk")
    batch: list = []
    for pledge in pledges.iterator(chunk_size=2000):
        batch.append(pledge)
        if len(batch) == 2000:
            yield from _assessed(batch, Observation, PledgeStatusChange, Reading, assess)
            batch = []
    if batch:
        yield from _assessed(batch, Observation, PledgeStatusChange, Reading, assess)


def _assessed(batch, Observation, PledgeStatusChange, Reading, assess):
    pks = [pledge.pk for pledge in batch]
    latest_status = dict(
        PledgeStatusChange.objects.filter(pledge_id__in=pks)
        .order_by("pledge_id", "as_of_start", "pk")
        .values_list("pledge_id", "as_of_end")
    )  # the last one per pledge wins, in the same order as `latest_status`
    readings: dict[int, list] = {}
    rows = Observation.objects.filter(pledge_id__in=pks).order_by()
    for pk, start, end, value in rows.values_list("pledge_id", "period_start", "period_end", "value"):
        readings.setdefault(pk, []).append(Reading(start, end, value))
    for pledge in batch:
        progress = assess(
            target=pledge.target_amount,
            baseline=pledge.baseline_amount,
            made_on=pledge.date_start,
            due_end=pledge.due_end,
            readings=readings.get(pledge.pk, []),
        )
        yield (
            pledge,
            {
                "status_as_of": latest_status.get(pledge.pk),
                "progress_verdict": progress.verdict,
                "progress_start": progress.start,
                "observed_value": progress.latest,
                "observed_until": progress.observed_until,
                "progress_share": progress.share,
                "pace_needed": progress.pace_needed,
            },
        )


def refresh_progress(ids) -> None:
    """Recompute these pledges' progress (progress.py) and the day of their latest status change,
    and store those that moved: three queries per 2,000 pledges, and one bulk update."""
    from relations.models.pledges import Pledge

    changed = []
    for pledge, columns in _progress_rows(ids):
        if any(getattr(pledge, name) != value for name, value in columns.items()):
            for name, value in columns.items():
                setattr(pledge, name, value)
            changed.append(pledge)
    if changed:
        Pledge._base_manager.bulk_update(changed, PROGRESS_COLUMNS, batch_size=1000)


# Totals -----------------------------------------------------------------------------------------


def recount(
    *,
    pairs: Iterable[tuple[str, str]] = (),
    countries: Iterable[str] = (),
    statuses: Iterable[str] = (),
    party_countries: Iterable[str] = (),
    party_pairs: Iterable[tuple[str, str]] = (),
    activity_pairs: Iterable[tuple] = (),
    activity_countries: Iterable[tuple] = (),
    pair_officials: Iterable[tuple] = (),
) -> None:
    """Recount these totals from the rows they count: events per pair and per country, pledges per
    status, every status's pledges of these countries and pairs, every kind's events of these
    periods of pairs (low, high, start, year_only) and countries (code, start, year_only), and
    these officials' events in pairs (low, high, side, official). Nothing if all are empty;
    otherwise the lock (`lock_totals`, PostgreSQL only) and two or three queries per kind."""
    work = [
        (PairTotal, set(pairs)),
        (CountryTotal, {(code,) for code in countries}),
        (PairActivityTotal, set(activity_pairs)),
        (CountryActivityTotal, set(activity_countries)),
        (PairOfficialTotal, set(pair_officials)),
        (PledgeStatusTotal, {(status,) for status in statuses}),
        (PledgeCountryTotal, {(code,) for code in party_countries}),
        (PledgePairTotal, set(party_pairs)),
    ]
    work = [(model, scopes) for model, scopes in work if scopes]
    if not work:
        return
    with transaction.atomic(savepoint=False):
        lock_totals()
        for model, scopes in work:
            model.objects.recount(scopes)


TOTALS = (
    PairTotal,
    CountryTotal,
    PairActivityTotal,
    CountryActivityTotal,
    PairOfficialTotal,
    PledgeStatusTotal,
    PledgeCountryTotal,
    PledgePairTotal,
)


def rebuild_totals() -> None:
    """Recount every total, in bulk: one count of each counted table."""
    with transaction.atomic(savepoint=False):
        lock_totals()
        for model in TOTALS:
            model.objects.refill()


# Texts ------------------------------------------------------------------------------------------


def texts_changed(model: type[models.Model], ids: Ids) -> None:
    """Recompute the search text of these events or pledges (after an ``.update()`` of their
    title or summary): one read and one bulk update."""
    rows = list(model._base_manager.filter(pk__in=ids).only("pk", "search_text", *model.SEARCHED))
    changed = []
    for row in rows:
        text = search_text(*(getattr(row, name) for name in model.SEARCHED))
        if row.search_text != text:
            row.search_text = text
            changed.append(row)
    model._base_manager.bulk_update(changed, ["search_text"], batch_size=1000)


# Everything -------------------------------------------------------------------------------------


def rebuild_all() -> None:
    """Recompute every derived copy and total from the rows they come from."""
    from relations.models.events import Event
    from relations.models.pledges import Pledge

    with transaction.atomic():
        events = Event.objects.values("pk")
        for model in (Event, Pledge):
            texts_changed(model, model._base_manager.values("pk"))
        events_changed(events, totals=False)
        pledges_changed(Pledge.objects.values("pk"), totals=False)
        rebuild_totals()
    # Each event's stored API record (relations/records.py) and timeline row (relations/rows.py),
    # rendered in batches.
    from relations import records, rows

    records.rebuild()
    rows.rebuild()


def differences() -> list[str]:
    """What is stored and differs from a fresh recomputation, one line each, naming the copy or
    total and the row: empty if everything is in step. Reads every table once."""
    from relations.models.events import Event, EventCountry, Participant
    from relations.models.pairs import EventPair
    from relations.models.pledges import Pledge, PledgeParty

    found: list[str] = []
    members = _memberships(Event.objects.values("pk"))
    event_dates = dict(Event.objects.values_list("pk", "date_start"))
    expected_pairs = {(e, lo, hi, event_dates[e]) for e, lo, hi in _pairs(members)}
    stored_pairs = set(EventPair.objects.values_list("event_id", "low", "high", "date_start"))
    for e, lo, hi, day in sorted(expected_pairs - stored_pairs):
        found.append(f"EventPair: missing or stale row for event {e}, {lo}–{hi} ({day})")
    for e, lo, hi, day in sorted(stored_pairs - expected_pairs):
        found.append(f"EventPair: extra or stale row for event {e}, {lo}–{hi} ({day})")
    for model in (EventCountry, Participant, Pledge):
        stale = model.objects.exclude(date_start=models.F("event__date_start")).values_list("pk", flat=True)
        found += [f"{model.__name__}.date_start: row {pk} differs from its event's" for pk in stale]
    stale = PledgeParty.objects.exclude(date_start=models.F("pledge__date_start")).values_list(
        "pk", flat=True
    )
    found += [f"PledgeParty.date_start: row {pk} differs from its pledge's" for pk in stale]
    stale = Pledge.objects.exclude(current_status=latest_status()).values_list("pk", flat=True)
    found += [f"Pledge.current_status: pledge {pk} differs from its latest status change" for pk in stale]
    for pledge, columns in _progress_rows(Pledge._base_manager.values("pk")):
        moved = sorted(name for name, value in columns.items() if getattr(pledge, name) != value)
        if moved:
            found.append(f"Pledge progress: pledge {pledge.pk} differs in {', '.join(moved)}")
    for model in (Event, Pledge):
        for row in model._base_manager.only("pk", "search_text", *model.SEARCHED).iterator():
            if row.search_text != search_text(*(getattr(row, name) for name in model.SEARCHED)):
                found.append(f"{model.__name__}.search_text: row {row.pk} differs from its text")
    for model in TOTALS:
        names = model.key_attnames()
        stored = {
            tuple(row[:-1]): row[-1]
            for row in model.objects.values_list(*names, model.COUNT)
            if row[-1]  # a zero total is no total
        }
        counted = {key: n for key, n in model.count_rows(None).items() if n}
        for key in sorted(set(stored) | set(counted), key=str):
            if stored.get(key, 0) != counted.get(key, 0):
                label = " ".join(str(part) for part in key) or "(no status)"
                found.append(
                    f"{model.__name__}: {label} is {stored.get(key, 0)}, counted {counted.get(key, 0)}"
                )
    from relations import records, rows

    return found + records.differences() + rows.differences()


# Queryset updates -------------------------------------------------------------------------------


def kept_update(
    queryset: models.QuerySet,
    fields: dict,
    *,
    events: str | None = None,
    pledges: str | None = None,
    watched: Iterable[str] = (),
    derived: Iterable[str] = (),
    texts: Iterable[str] = (),
    dates: bool = False,
) -> int:
    """``queryset.update(**fields)``, keeping what derives from its rows in step: refused for a
    ``derived`` column; for a ``watched`` one, the ids of the events (``events``: the column that
    holds them) or pledges the rows belong to, before and after, are refreshed as by
    `events_changing` / `pledges_changing` (with ``dates``: their date copies too); for one of
    ``texts``, the rows' search text. One query more than the update to read the ids, then the
    refresh's."""
    names = {queryset.model._meta.get_field(name).name for name in fields}
    if refused := names & set(derived):
        raise DerivedFieldError(
            f"{queryset.model.__name__}.{sorted(refused)[0]} is derived (relations/models/derived.py): "
            "it is recomputed from the rows it comes from, never written; run "
            "`manage.py rebuild_derived` after raw SQL."
        )
    kept = names & set(watched)
    text = bool(names & set(texts))
    if not kept and not text:
        return models.QuerySet.update(queryset, **fields)
    columns = ["pk", *(name for name in (events, pledges) if name)]
    rows = list(queryset.order_by().values_list(*columns))
    pks = [row[0] for row in rows]
    event_ids = _ids(rows, columns, events, fields)
    pledge_ids = _ids(rows, columns, pledges, fields)
    with transaction.atomic(savepoint=False):
        with events_changing(event_ids, dates=dates) if kept and events else _nothing():
            with pledges_changing(pledge_ids, dates=dates) if kept and pledges else _nothing():
                n = models.QuerySet.update(queryset.model._base_manager.filter(pk__in=pks), **fields)
        if text:
            texts_changed(queryset.model, pks)
    return n


def _ids(rows: list[tuple], columns: list[str], column: str | None, fields: dict) -> set[int]:
    """The ids in ``column`` of ``rows``, and the one ``fields`` moves them to, if it does."""
    if not column:
        return set()
    i = columns.index(column)
    ids = {row[i] for row in rows}
    for name in (column, column.removesuffix("_id")):
        if name in fields:
            new = fields[name]
            ids.add(new if isinstance(new, int) else getattr(new, "pk", new))
    return ids - {None}


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def changing(record: models.Model):
    """`events_changing` for an event, `pledges_changing` for a pledge (anything else: nothing),
    around writes of the rows it owns: its countries, parties or status changes, written one by
    one (an admin form's inlines, an API write), then refreshed once."""
    from relations.models.events import Event
    from relations.models.pledges import Pledge

    if isinstance(record, Event) and record.pk:
        return events_changing([record.pk], dates=False)
    if isinstance(record, Pledge) and record.pk:
        return pledges_changing([record.pk])
    return _nothing()
