"""The short summaries at the top of the pair, country, commission and official pages: what a
reader wants at a glance, each read in a fixed number of queries whatever the number of events
(stored totals, and single rows read along an index), so the busiest pair costs what a quiet one
does. Pages render them with templates/relations/includes/_summary_*.html."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, When

from relations.activity import (
    KindCount,
    OfficialCount,
    PeriodCount,
    kind_parents,
    kind_totals,
    pair_top_officials,
)
from relations.dates import FuzzyDate
from relations.models import Commission, Country, Event, Official, Participant, Pledge, PledgeStatus
from relations.models.observations import period_text
from relations.models.pledge_queries import in_lifecycle_order
from relations.models.targets import Unit, quantity_text
from relations.models.totals import PairOfficialTotal, PledgeCountryTotal
from relations.prepared import Prepared

# The tones as the activity table's columns, in this order.
TONES = ("cooperation", "neutral", "conflict")


@dataclass(frozen=True)
class Segment:
    """One status's part of the pledge scorecard's bar: ``x`` and ``width`` in percent."""

    status: str  # the status value, "none" for no status yet
    label: str
    pledges: int
    x: float
    width: float


@dataclass(frozen=True)
class Scorecard:
    """How many pledges have each current status, as a bar and as numbers."""

    segments: list[Segment]
    total: int


def scorecard(totals: list[tuple[PledgeStatus | None, int]]) -> Scorecard:
    """The scorecard of `PledgeQuerySet.stored_status_totals()`; statuses with no pledge are
    left out. No query."""
    total = sum(n for _, n in totals)
    segments, x = [], 0.0
    for status, n in totals:
        if not n:
            continue
        width = round(100 * n / total, 2)
        value, label = (status.value, status.label) if status else ("none", "no status yet")
        segments.append(Segment(value, label, n, round(x, 2), width))
        x += width
    return Scorecard(segments, total)


@dataclass(frozen=True)
class Sessions:
    """A commission with its latest session held (on or before the day asked about) and the
    next one announced after it, each ``None`` if there is none."""

    commission: Commission
    latest: SessionLine | None
    next: SessionLine | None


@dataclass(frozen=True)
class SessionLine:
    slug: str
    number: int | None
    date: FuzzyDate


_SESSION_FIELDS = {
    "slug": "slug",
    "number": "session_number",
    "start": "date_start",
    "end": "date_end",
    "precision": "date_precision",
    "approximate": "date_approximate",
}


def with_latest_and_next_session(commissions: QuerySet, on: dt.date | None = None) -> list[Sessions]:
    """Each commission with its latest session on or before ``on`` (default today) and its
    next announced one after it, read in the commissions' own query (each session field a
    subquery through the index of sessions by date, `event_commission_latest`)."""
    return _session_lines(_with_session_fields(commissions, on or dt.date.today()))


_SESSIONS_PICKED = ("latest", "next")


def _with_session_fields(commissions: QuerySet, on: dt.date) -> QuerySet:
    """``commissions`` with `_SESSION_FIELDS` of their latest session on or before ``on`` and
    of the next announced one after it (``latest_slug``, ``next_start``…)."""
    sessions = Event.objects.filter(commission=OuterRef("pk")).order_by()
    picked = {
        "latest": sessions.filter(date_start__lte=on).order_by("-date_start", "-pk"),
        "next": sessions.filter(status=Event.Status.ANNOUNCED, date_start__gt=on).order_by(
            "date_start", "pk"
        ),
    }
    annotations = {
        f"{which}_{key}": Subquery(rows.values(column)[:1])
        for which, rows in picked.items()
        for key, column in _SESSION_FIELDS.items()
    }
    return commissions.annotate(**annotations)


def _session_lines(commissions) -> list[Sessions]:
    found = []
    for commission in commissions:
        lines = {}
        for which in _SESSIONS_PICKED:
            value = {key: getattr(commission, f"{which}_{key}") for key in _SESSION_FIELDS}
            lines[which] = (
                SessionLine(
                    value["slug"],
                    value["number"],
                    FuzzyDate(value["start"], value["end"], value["precision"], bool(value["approximate"])),
                )
                if value["slug"]
                else None
            )
        found.append(Sessions(commission, lines["latest"], lines["next"]))
    return found


@dataclass(frozen=True)
class TimelineSummary:
    """What a pair's or a country's summary shares: the first and latest events, the events of
    each kind, and the pledge scorecard."""

    first: Event | None
    latest: Event | None
    kinds: list[KindCount]
    pledges: Scorecard

    @property
    def events(self) -> int:
        return sum(kind.events for kind in self.kinds)


# The pair page's scorecard lists its newest measurable pledges, this many, and counts them up to
# MEASURED_COUNT_CAP ("100+" beyond): the count reads at most that many rows, at any size.
MEASURED_SHOWN = 5
MEASURED_COUNT_CAP = 100


class CappedCount(Subquery):
    """How many rows a sliced queryset holds, as a scalar subquery of the outer query: it reads
    no more rows than the slice, and the database evaluates it once (it refers to no outer row)."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) capped)"
    output_field = IntegerField()


@dataclass(frozen=True)
class MeasuredLine:
    """A measurable pledge, and its latest observation as it reads: "US$1.4 billion in 2024"
    ("" before the first)."""

    pledge: Pledge
    latest: str


@dataclass(frozen=True)
class Measured:
    """The newest measurable pledges of a pair, and how many there are (up to ``cap``, then
    "more than")."""

    lines: list[MeasuredLine]
    total: int  # counted up to cap + 1
    cap: int

    @property
    def total_text(self) -> str:
        """ "7", "100+"."""
        return f"{self.cap:,}+" if self.total > self.cap else f"{self.total:,}"

    @property
    def more(self) -> bool:
        return self.total > len(self.lines)


def latest_observed(pledge: Pledge) -> str:
    """The latest observation of a pledge read `with_latest_period`, in the target's currency or
    unit and with its period: "US$1.4 billion in 2024", "80 instructors in Q1 2025"; "" if none."""
    if pledge.observed_value is None or pledge.latest_period_start is None:
        return ""
    period = FuzzyDate(
        pledge.latest_period_start,
        pledge.latest_period_end,
        pledge.latest_period_precision,
        bool(pledge.latest_period_approximate),
    )
    unit = Unit(pledge.target_unit) if pledge.target_unit else None
    counted = unit is not None and (unit == Unit.PERCENT or unit.counts_things)
    value = quantity_text(
        pledge.observed_value,
        currency=pledge.target_currency,
        unit=pledge.target_unit,
        measure=pledge.target_measure if counted else "",
    )
    return f"{value} in {period_text(period)}"


def measured_pledges(a: Country, b: Country) -> Measured:
    """The `MEASURED_SHOWN` newest pledges with a target amount to which both ``a`` and ``b``
    are parties, each with its latest observation, and their number (counted up to
    `MEASURED_COUNT_CAP`, in the same query). Two queries: the countries' sizes, for the party
    rows to read through (`PledgeQuerySet.involving`), and the rows."""
    sizes = dict(_PLEDGE_SIZES.rows(a=a, b=b))
    # `involving`'s order: the quieter first, the first given when they are as busy.
    first, other = sorted((a, b), key=lambda country: sizes.get(country.code, 0))
    rows = _MEASURED.rows((MEASURED_COUNT_CAP, MEASURED_SHOWN), first=first, other=other)
    return Measured(
        lines=[MeasuredLine(pledge, latest_observed(pledge)) for pledge in rows],
        total=rows[0].measured_total if rows else 0,
        cap=MEASURED_COUNT_CAP,
    )


def _measured_rows(limits: tuple[int, int], first: Country, other: Country) -> QuerySet:
    """The measurable pledges of two countries, read through the party rows of ``first``
    (given in `involving`'s order, so that it keeps it), the newest ``shown`` with their number
    up to ``cap`` (``limits``: cap, shown)."""
    cap, shown = limits
    pledges = Pledge.objects.involving_in_order(first, other).measurable()
    counted = CappedCount(pledges.values("pk")[: cap + 1])
    return pledges.with_latest_period().annotate(measured_total=counted)[:shown]


_PLEDGE_SIZES = Prepared(
    lambda a, b: (
        PledgeCountryTotal.objects.filter(country__in=[a.code, b.code])
        .values("country")
        .annotate(n=Sum("pledges"))
        .values_list("country", "n")
    )
)
_MEASURED = Prepared(_measured_rows)


@dataclass(frozen=True)
class PairSummary(TimelineSummary):
    commissions: list[Sessions] = field(default_factory=list)
    officials: list[tuple[Country, list[OfficialCount]]] = field(default_factory=list)
    measured: Measured | None = None


def _first_and_latest(events: QuerySet) -> tuple[Event | None, Event | None]:
    """The oldest and the newest of events read through an index (`read_through`): one row
    each, two queries whatever the number of events."""
    events = events.select_related("kind")
    newest = events.newest_first()[:1]
    oldest = events.order_by("index_date", "index_id")[:1]
    return next(iter(oldest), None), next(iter(newest), None)


def _ends(events: Callable[..., QuerySet]) -> tuple[Prepared, Prepared]:
    """`_first_and_latest` of the events ``events(**values)`` gives, compiled once per process."""
    return (
        Prepared(
            lambda **values: events(**values).select_related("kind").order_by("index_date", "index_id")[:1]
        ),
        Prepared(lambda **values: events(**values).select_related("kind").newest_first()[:1]),
    )


def _first_and_latest_of(ends: tuple[Prepared, Prepared], **values) -> tuple[Event | None, Event | None]:
    first, latest = (next(iter(end.rows(**values)), None) for end in ends)
    return first, latest


_PAIR_ENDS = _ends(lambda a, b: Event.objects.for_pair(a, b))
_COUNTRY_ENDS = _ends(lambda country: Event.objects.for_country(country))
_PAIR_COMMISSIONS = Prepared(
    lambda a, b, on: _with_session_fields(Commission.objects.of_pair(a.code, b.code).order_by("name"), on)
)
_STATUS_ROWS = Prepared(lambda **countries: Pledge.objects.stored_status_rows(*countries.values()))


def pair_summary(
    a: Country, b: Country, activity: list[PeriodCount], on: dt.date | None = None
) -> PairSummary:
    """The pair page's summary, from its ``activity`` (`pair_activity`, read by the page) and
    eight queries: first and latest events, the kinds' parents, commissions with their sessions
    (latest on or before ``on``, default today, and next), pledge statuses, who met most on each
    side, and the measurable pledges (`measured_pledges`). Each is compiled once per process
    (relations/prepared.py)."""
    first, latest = _first_and_latest_of(_PAIR_ENDS, a=a, b=b)
    top = pair_top_officials(a, b)
    return PairSummary(
        first=first,
        latest=latest,
        kinds=kind_totals(activity, kind_parents()),
        pledges=scorecard(in_lifecycle_order(_STATUS_ROWS.rows(a=a, b=b))),
        commissions=_session_lines(_PAIR_COMMISSIONS.rows(a=a, b=b, on=on or dt.date.today())),
        officials=[(country, top[country.code]) for country in (a, b)],
        measured=measured_pledges(a, b),
    )


def country_summary(country: Country, activity: list[PeriodCount]) -> TimelineSummary:
    """The country page's summary, from its ``activity`` (`country_activity`) and four
    queries: first and latest events, the kinds' parents, pledge statuses."""
    first, latest = _first_and_latest_of(_COUNTRY_ENDS, country=country)
    return TimelineSummary(
        first=first,
        latest=latest,
        kinds=kind_totals(activity, kind_parents()),
        pledges=scorecard(in_lifecycle_order(_STATUS_ROWS.rows(country=country))),
    )


@dataclass(frozen=True)
class CommissionSummary:
    sessions: int
    first: Event | None
    latest: Event | None
    next: Event | None
    pledges: Scorecard


def commission_summary(sessions: list[Event], on: dt.date | None = None) -> CommissionSummary:
    """The commission page's summary, from the sessions the page lists (with their pledges
    prefetched): no query of its own, and its count is the number of rows listed."""
    on = on or dt.date.today()
    by_date = sorted(sessions, key=lambda s: (s.date_start, s.pk))
    held = [s for s in by_date if s.date_start <= on]
    coming = [s for s in by_date if s.date_start > on and s.status == Event.Status.ANNOUNCED]
    counted: dict[str, int] = {}
    for session in sessions:
        # The commission page prefetches them to ``pledge_list``: no queryset per session.
        pledges = session.pledge_list if hasattr(session, "pledge_list") else session.pledges.all()
        for pledge in pledges:
            counted[pledge.current_status] = counted.get(pledge.current_status, 0) + 1
    totals = [(status, counted.get(status.value, 0)) for status in PledgeStatus]
    return CommissionSummary(
        sessions=len(sessions),
        first=by_date[0] if by_date else None,
        latest=held[-1] if held else None,
        next=coming[0] if coming else None,
        pledges=scorecard([*totals, (None, counted.get("", 0))]),
    )


@dataclass(frozen=True)
class Partner:
    country: Country
    events: int


@dataclass(frozen=True)
class OfficialSummary:
    offices: list  # the offices held today (`OfficeQuerySet.serving`'s rule)
    events: int
    first: Participant | None
    latest: Participant | None
    partners: list[Partner]


PARTNERS_SHOWN = 5


# An official's figures: events attended, the first and the latest, and their totals per pair.
_ATTENDED_COUNT = Prepared(
    lambda official: (
        Participant.objects.filter(official_id=official)
        .order_by()
        .values("official_id")
        .annotate(events=Count("pk"))
        .values_list("events", flat=True)
    )
)
_FIRST = Prepared(
    lambda official: (
        Participant.objects.attended_by(official).select_related("event").order_by("date_start", "pk")[:1]
    )
)
_LATEST = Prepared(lambda official: Participant.objects.attended_by(official).select_related("event")[:1])
# The other country of each pair, with its events summed over the official's sides, as rows:
# an official who met many countries would otherwise be hundreds of records of three models.
_OTHER_SIDE = Q(side_id=F("low_id"))
_PARTNER_TOTALS = Prepared(
    lambda official: (
        PairOfficialTotal.objects.filter(official_id=official, events__gt=0)
        .values(
            code=Case(When(_OTHER_SIDE, then=F("high_id")), default=F("low_id")),
            name=Case(When(_OTHER_SIDE, then=F("high__name")), default=F("low__name")),
        )
        .annotate(events=Sum("events"))
        .order_by()
    )
)


def official_summary(official: Official, on: dt.date | None = None) -> OfficialSummary:
    """The official's page summary in four queries: events attended (counted through the index
    of their participations), the first and the latest, and the countries met most often (from
    `PairOfficialTotal`: the other country of each pair whose events they attended for one).
    The offices held on ``on`` (default today) are picked from ``official.offices.all()``, which
    the page reads with the official."""
    on = on or dt.date.today()
    offices = [
        office
        for office in official.offices.all()
        if not office.end_unknown
        and (office.start_start is None or office.start_start <= on)
        and (office.end_end is None or office.end_end >= on)
    ]
    # Most events first, then by name (in Python's order, not the database's collation).
    ranked = sorted(_PARTNER_TOTALS.rows(official=official.pk), key=lambda row: (-row["events"], row["name"]))
    return OfficialSummary(
        offices=offices,
        events=next(iter(_ATTENDED_COUNT.rows(official=official.pk)), 0),
        first=next(iter(_FIRST.rows(official=official.pk)), None),
        latest=next(iter(_LATEST.rows(official=official.pk)), None),
        partners=[
            Partner(Country(code=row["code"], name=row["name"]), row["events"])
            for row in ranked[:PARTNERS_SHOWN]
        ],
    )
