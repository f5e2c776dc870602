"""How events and their rows are read and written in bulk: the querysets of `events.py`."""

from __future__ import annotations

import datetime as dt
import functools

from django.apps import apps
from django.db import models, transaction
from django.db.models import Case, F, Lookup, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from relations.codes import Pair, country_code
from relations.models import derived, touched
from relations.models.commissions import Commission
from relations.models.countries import Country, CountryName, name_as_of
from relations.models.event_kinds import EventKind
from relations.models.jsonrows import JSONRows
from relations.models.ordering import NewestFirstQuerySet
from relations.models.people import Official
from relations.models.precompiled import Precompiled
from relations.models.sectors import Sector
from relations.names import fold

# Above this many events, a search's countries are checked event by event down the timeline
# (a page is near the top) rather than looked up and sorted (`EventQuerySet.matching`).
SEARCH_GATHER_LIMIT = 20_000


class InArray(Lookup):
    """``field IN (subquery)``, as a filter. On PostgreSQL it is written ``= ANY(ARRAY(…))``: the
    subquery runs once and the list it gives can be read through the field's index, alone or
    with other such conditions (a bitmap OR), where ``IN`` can only be checked row by row."""

    lookup_name = "in_array"

    def __init__(self, field: str, subquery: models.QuerySet) -> None:
        super().__init__(F(field), subquery)

    def as_sql(self, compiler, connection) -> tuple[str, list]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(ARRAY{rhs})", [*lhs_params, *rhs_params]
        return f"{lhs} IN {rhs}", [*lhs_params, *rhs_params]


class EventQuerySet(NewestFirstQuerySet):
    def delete(self) -> tuple[int, dict[str, int]]:
        """Delete the events, and recount the totals of the pairs and countries they were in."""
        with (
            transaction.atomic(),
            derived.events_changing(list(self.values_list("pk", flat=True)), dates=False),
        ):
            return super().delete()

    # As on QuerySet.delete: not on the manager (no Event.objects.delete()), not from templates.
    delete.alters_data = True
    delete.queryset_only = True

    def update(self, **fields) -> int:
        """Update the events, keeping what derives from them in step (derived.py)."""
        from relations.models.events import Event

        # Their own record changes (unless the caller stamps it), and, if it is a slug, title,
        # date or parent, the records of the events that show it (touched.py).
        fields = {"updated_at": timezone.now(), **fields}
        shown = {Event._meta.get_field(name).attname for name in fields} & set(touched.SHOWN["Event"])
        if shown:
            pks = list(self.order_by().values_list("pk", flat=True))
            new_parent = fields.get("parent", fields.get("parent_id"))
            related = touched.events_related(pks, parents=[getattr(new_parent, "pk", new_parent)])
        updated = derived.kept_update(
            self,
            fields,
            events="pk",
            # The date's copies, and the activity totals (by period and kind).
            watched=("date_start", "date_precision", "kind"),
            derived=("search_text",),
            texts=Event.SEARCHED,
            dates=True,
        )
        if shown:
            touched.touch_events(related)
        return updated

    update.alters_data = True
    update.queryset_only = True

    def between(self, first: dt.date | None = None, last: dt.date | None = None) -> EventQuerySet:
        """Events any of whose possible days falls in [first, last]; ``None`` leaves a side open.

        "July 2025" matches ``first=2025-07-15``: comparisons use the first and last possible day.
        """
        if first is not None:
            self = self.filter(date_end__gte=first)
        if last is not None:
            self = self.filter(date_start__lte=last)
        return self

    def involving(self, *countries: Country | str) -> EventQuerySet:
        """Events in which every one of ``countries`` (objects or ISO codes) takes part, newest
        first along the index they are read through.

        One country's events are read through its timeline index (`for_country`), two or more
        through the pair index of the first two (`for_pair`), so that the newest page of even a
        quiet country or pair costs an index range, not a walk through every event.
        """
        from relations.models.events import EventCountry

        codes = list(dict.fromkeys(country_code(country) for country in countries))
        if len(codes) == 1:
            return self.for_country(codes[0])
        if len(codes) >= 2:
            self = self.for_pair(*codes[:2])
        for code in codes[2:]:
            self = self.filter(
                models.Exists(EventCountry.objects.filter(event=OuterRef("pk"), country_id=code))
            )
        return self

    def for_country(self, country: Country | str) -> EventQuerySet:
        """A country's events, newest first, read from its rows of the event–country table, which
        carry the event's date and are indexed for this (`event_country_timeline`)."""
        events = self.filter(event_countries__country=country_code(country))
        return events.read_through("event_countries", "event_id")

    def for_pair(self, a: Country | str, b: Country | str) -> EventQuerySet:
        """Events in which both countries take part, bilateral or among more, newest first, read
        from the pair index (`EventPair`) rather than a double join over the event–country table."""
        pair = Pair.of(a, b)
        return self.filter(pairs__low=pair.low, pairs__high=pair.high).read_through("pairs", "event_id")

    def matching(self, text: str) -> EventQuerySet:
        """Events whose title or summary, country names, participants' names or commission
        contain ``text``, folding case and accents ("guler" finds Yaşar Güler's events).

        Costs one query first, over the country names: each part of the search is then read
        through an index of its own (on PostgreSQL, the trigram indexes of the migration
        ``event_search_trigram``), so a common word walks the timeline and stops at a page,
        and a rare one reads its few events, at any size. A country's events are looked up
        from its row in the event–country table unless there are many of them
        (`SEARCH_GATHER_LIMIT`), when checking each event of the timeline finds a page sooner.
        """
        from relations.models.events import EventCountry, Participant

        folded = fold(text)
        if not folded:
            return self
        officials = (
            Official.objects.filter(Q(name_folded__contains=folded) | Q(names__folded__contains=folded))
            .values("pk")
            .order_by()
        )
        people = (
            Participant.objects.filter(
                InArray("official", officials) | (Q(name__icontains=text.strip()) & ~Q(name=""))
            )
            .values("event")
            .order_by()
        )
        commissions = Commission.objects.matching(text).values("pk").order_by()
        found = Q(search_text__contains=folded) | InArray("commission", commissions) | InArray("pk", people)
        countries = dict(
            CountryName.objects.filter(folded__contains=folded)
            .values_list("country_id", Coalesce("country__total__events", 0))
            .order_by()
            .distinct()
        )
        if sum(countries.values()) > SEARCH_GATHER_LIMIT:
            found |= models.Exists(EventCountry.objects.filter(event=OuterRef("pk"), country__in=countries))
        elif countries:
            found |= InArray(
                "pk", EventCountry.objects.filter(country__in=countries).values("event").order_by()
            )
        return self.filter(found)

    def of_kind(self, kind: EventKind | str) -> EventQuerySet:
        """Events of ``kind`` (an object or a slug) or of one of its sub-kinds: ``visit`` finds
        state visits. The kinds are a subquery of the same query."""
        return self.filter(kind__in=EventKind.objects.family(kind).values("pk"))

    def upcoming(self, on: dt.date | None = None) -> EventQuerySet:
        """Announced events that may still happen on or after ``on`` (default today), soonest first."""
        from relations.models.events import Event

        on = on or dt.date.today()
        return self.filter(status=Event.Status.ANNOUNCED, date_end__gte=on).order_by("date_start", "pk")

    def for_list(self) -> EventQuerySet:
        """What a timeline row shows (`listed`), the events it belongs with (`with_related`), the
        pledges made again at it (`with_reaffirmed`) and its row's stored first part
        (`rows.with_heads`), in the events' own query whatever the rows."""
        from relations.rows import head_trusted, with_heads

        # A row whose head is stored needs nothing the head shows: the database skips it.
        return with_heads(self.listed(unless=head_trusted()).with_related().with_reaffirmed())

    def with_reaffirmed(self) -> EventQuerySet:
        """The pledges made again at each event, as JSON read in the events' own query
        (``reaffirmed_rows``): each pledge's id and title, the reaffirmation's note, and the
        event where the pledge was first made (the pledge's own event) with its id, slug, title
        and date parts, in the order they were first made. Read through `event_related.pledged_again`
        (no query, no model instance). One index lookup per row (the reaffirmation's event key),
        then the pledge and its event by primary key."""
        from relations.models.pledges import PledgeReaffirmation

        again = PledgeReaffirmation.objects.filter(event=OuterRef("pk")).order_by(
            "pledge__event__date_start", "pledge_id"
        )
        return self.annotate(
            reaffirmed_rows=JSONRows(
                again,
                pledge="pledge_id",
                title="pledge__title",
                note="note",
                first="pledge__event_id",
                slug="pledge__event__slug",
                event_title="pledge__event__title",
                start="pledge__event__date_start",
                end="pledge__event__date_end",
                precision="pledge__event__date_precision",
                approximate="pledge__event__date_approximate",
            )
        )

    def with_related(self) -> EventQuerySet:
        """The events each one belongs with, as JSON read in the events' own query: its parent
        and children (``family_rows``: the visit and the meetings held during it) and the events
        it is linked to either way (``link_rows``: follow-ups, context, responses), each with its
        title, slug and date parts. Read through `related_events` (no query, no model instance).
        Each is one index lookup per row (the parent's key, the ``parent`` and link foreign keys)."""
        from relations.models.events import Event, EventLink

        # What each related event carries: enough to link to it and show its date at its precision.
        parts = {
            "id": "id",
            "slug": "slug",
            "title": "title",
            "start": "date_start",
            "end": "date_end",
            "precision": "date_precision",
            "approximate": "date_approximate",
        }
        family = Event.objects.filter(Q(pk=OuterRef("parent_id")) | Q(parent=OuterRef("pk"))).order_by(
            "date_start", "pk"
        )
        links = EventLink.objects.filter(Q(from_event=OuterRef("pk")) | Q(to_event=OuterRef("pk")))
        outgoing = Q(from_event=OuterRef("pk"))

        def other_end(field: str) -> Case:
            return Case(When(outgoing, then=F(f"to_event__{field}")), default=F(f"from_event__{field}"))

        return self.annotate(
            family_rows=JSONRows(family, **parts),
            link_rows=JSONRows(
                links.order_by("kind", "pk"),
                kind="kind",
                out=Case(When(outgoing, then=Value(1)), default=Value(0)),
                **{key: other_end(field) for key, field in parts.items()},
            ),
        )

    def listed(self, unless: Q | None = None) -> EventQuerySet:
        """What a timeline row shows, in the events' own query whatever the rows: kind, commission and
        place, the countries (``country_rows``, each named as it was on the event's first day:
        "Turkey" in 2019) and participants (``participant_rows``) as JSON (related records by
        code or slug, with their names), the place's country's name then (``place_name``), the
        number of pledges made and whether any source is cited. Pages read the JSON through
        `listed_countries` and `key_participants`: no model instance per country or participant.

        With ``unless``, a condition on the row, the countries, participants, place name and
        source are read only for the rows where it does not hold (None for the others): `for_list`
        skips them for the rows whose stored head already shows them (relations/rows.py)."""
        from relations.models.citations import Citation
        from relations.models.events import EventCountry, Participant
        from relations.models.pledges import Pledge

        pledges = (
            Pledge.objects.filter(event=OuterRef("pk"))
            .order_by()
            .values("event")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        countries = EventCountry.objects.filter(event=OuterRef("pk")).order_by("country_id")
        # Each name looked up by key (`name_as_of`: the name on the event's first day, from the
        # row's copy of that day): joined instead, PostgreSQL hashes the whole country table for
        # every event, which made the list about three times slower to build.
        participants = Participant.objects.filter(event=OuterRef("pk")).order_by("pk")
        shown = {
            "country_rows": JSONRows(countries, country="country_id", role="role", name=name_as_of()),
            "participant_rows": JSONRows(
                participants,
                official="official__slug",
                name="name",
                side="side_id",
                role="role",
                capacity="capacity",
                official_name="official__name",
            ),
            "place_name": name_as_of("place_country_id", "date_start"),
            "has_source": models.Exists(Citation.objects.filter(event=OuterRef("pk"))),
        }
        if unless is not None:
            # The place name's Coalesce knows its type only once resolved: it is text.
            typed = {"place_name": models.CharField()}
            shown = {
                name: Case(When(unless, then=Value(None)), default=value, output_field=typed.get(name))
                for name, value in shown.items()
            }
        return self.select_related("kind", "commission", "place_country").annotate(
            **shown, pledge_count=models.functions.Coalesce(models.Subquery(pledges), 0)
        )

    def with_pledges_between(self, a: Country | str, b: Country | str) -> EventQuerySet:
        """Each event with ``pledges_between``: how many of its pledges both ``a`` and ``b`` are
        parties to (``pledge_count``, of `for_list`, counts them all). A subquery of the same
        query, read for the rows of the page only: a pledge index lookup, then a party index
        lookup per pledge."""
        from relations.models.pledges import Pledge

        pledges = (
            Pledge.objects.filter(event=OuterRef("pk"))
            .with_parties(a, b)
            .order_by()
            .values("event")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return self.annotate(pledges_between=models.functions.Coalesce(models.Subquery(pledges), 0))

    def for_export(self) -> EventQuerySet:
        """Everything an event's record holds (the API, the CSV export), still in one query
        whatever the rows: `listed()`'s, the parent, and the sectors (``sector_rows``, by
        name) and citations (``citation_rows``, with their source's slug) as JSON too."""
        from relations.models.citations import Citation

        sectors = Sector.objects.filter(events=OuterRef("pk")).order_by("name", "pk")
        citations = Citation.objects.filter(event=OuterRef("pk")).order_by("pk")
        return (
            self.listed()
            .select_related("parent")
            .annotate(
                sector_rows=JSONRows(sectors, slug="slug"),
                citation_rows=JSONRows(citations, source="source__slug", excerpt="excerpt"),
            )
        )


class EventRowsQuerySet(models.QuerySet):
    """Rows an event owns (its countries, its participants), whose deletes refresh what derives
    from their events: pairs, totals, activity and officials' totals (derived.py)."""

    def delete(self) -> tuple[int, dict[str, int]]:
        """Delete the rows, and refresh what derives from their events (derived.py)."""
        events = set(self.order_by().values_list("event_id", flat=True))
        with transaction.atomic(), derived.events_changing(events, dates=False):
            deleted = super().delete()
        touched.events_touched(events)
        return deleted

    delete.alters_data = True
    delete.queryset_only = True


class EventCountryQuerySet(EventRowsQuerySet):
    def update(self, **fields) -> int:
        """Update the rows, keeping the pairs and totals of their events in step (derived.py)
        and moving the events' last change (touched.py)."""
        with touched.rows_updating(self, fields):
            return derived.kept_update(
                self, fields, events="event_id", watched=("event", "country"), derived=("date_start",)
            )

    update.alters_data = True
    update.queryset_only = True


class ParticipantQuerySet(EventRowsQuerySet):
    def attended_by(self, official: Official) -> ParticipantQuerySet:
        """The official's participations, newest first by the copy of the event's date each
        carries: keyset pages walk `participant_official_timeline` and stop at the page."""
        return self.filter(official=official).order_by("-date_start", "-pk")

    def update(self, **fields) -> int:
        """Update the rows, keeping their copy of their event's date and their officials' pair
        totals in step (derived.py), and move the events' last change (touched.py)."""
        with touched.rows_updating(self, fields):
            return derived.kept_update(
                self,
                fields,
                events="event_id",
                watched=("event", "official", "side"),
                derived=("date_start",),
                dates=True,
            )

    update.alters_data = True
    update.queryset_only = True


class EventLinkQuerySet(models.QuerySet):
    def update(self, **fields) -> int:
        """Update the links, and move the last change of the events at both ends (touched.py)."""
        with touched.rows_updating(self, fields, events=("from_event", "to_event")):
            return super().update(**fields)

    update.alters_data = True
    update.queryset_only = True


class EventManager(models.Manager.from_queryset(EventQuerySet)):
    """``Event.objects``: the queryset's methods, and `for_list` built once per process."""

    def for_list(self) -> EventQuerySet:
        """Every event as a timeline row reads it (`EventQuerySet.for_list`). Its nine annotations
        cost more Python to build than the database spends running the list (about 5 ms a
        request), and they never change: the queryset is built once and each call takes a copy,
        to filter, order and slice as it would a new one."""
        return _listed_events(self.db).all()


@functools.cache
def _listed_events(using: str) -> EventQuerySet:
    listed = EventQuerySet(model=apps.get_model("relations", "Event"), using=using).for_list()
    # Each annotation's SQL compiled once, then kept (relations/models/precompiled.py).
    query = listed.query
    query.annotations = {name: Precompiled(value) for name, value in query.annotations.items()}
    return listed
