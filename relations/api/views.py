"""Viewsets: list and detail for every record, the pages' filters, CSV export of every list.

The shared plumbing is in `relations.api.base`.
"""

from __future__ import annotations

from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import NotFound

from relations import records
from relations.api import rows
from relations.api import serializers as s
from relations.api.base import (
    CSV_PARAMETER,
    ColumnOrderingFilter,
    FilterBackend,
    FoldedSearchFilter,
    QuerySetOrderingFilter,
    TrackerMixin,
    TrackerViewSet,
)
from relations.api.csv import DefusedSQL, Gathered, text, text_sql
from relations.filters import EventFilter, ObservationFilter, OfficialFilter, PledgeFilter
from relations.models import (
    Citation,
    Commission,
    Country,
    Event,
    EventKind,
    Observation,
    OfficeHeld,
    Official,
    Organization,
    Pledge,
    Sector,
    Source,
)

# An event's date as EDTF, the same text as `FuzzyDate.edtf()`: "2025-07", "2025-09-08/2025-09-09~".
# The date as text, ISO (the DateStyle psycopg needs to read timestamps), cut to its precision:
# YYYY, YYYY-MM or YYYY-MM-DD. At 1M events half a second faster than to_char() with a format each.
_LENGTH = "CASE relations_event.date_precision WHEN 9 THEN 4 WHEN 10 THEN 7 ELSE 10 END"
_MARK = "CASE WHEN relations_event.date_approximate THEN '~' ELSE '' END"
_START, _END = (f"left(relations_event.date_{end}::text, {_LENGTH})" for end in ("start", "end"))
EDTF_SQL = f"{_START} || {_MARK} || CASE WHEN {_END} = {_START} THEN '' ELSE '/' || {_END} || {_MARK} END"
PRECISION_SQL = "CASE relations_event.date_precision WHEN 9 THEN 'year' WHEN 10 THEN 'month' ELSE 'day' END"


# An event's participants, with the official's name where one is chosen.
PARTICIPANTS = "relations_participant p LEFT JOIN relations_official o ON o.id = p.official_id"
# An event's countries with their current names, and each one's name on the event's first day as
# `relations.models.countries.name_as_of` gives it: the former name then in use, else the current.
# Only the few renamed countries look it up (the IN list is read once per export): a lookup for
# every row made the whole export of 100,000 events 9 s slower, more than doubling it. The codes
# and roles are read from the same rows, so that an export of the whole table aggregates them
# in one pass (`Gathered` columns over the same rows share their join).
EVENT_COUNTRIES_NAMED = "relations_eventcountry c JOIN relations_country k ON k.code = c.country_id"
COUNTRY_NAME_THEN_SQL = (
    "COALESCE(CASE WHEN c.country_id IN (SELECT r.country_id FROM relations_countryname r"
    " WHERE r.kind = 'former' AND r.valid_until IS NOT NULL) THEN"
    " (SELECT n.name FROM relations_countryname n WHERE n.country_id = c.country_id"
    " AND n.kind = 'former' AND n.valid_until > c.date_start"
    " AND (n.valid_from IS NULL OR n.valid_from <= c.date_start)"
    " ORDER BY n.valid_until, n.name LIMIT 1) END, k.name)"
)


def joined(value: str, rows: str, event: str, order: str, *, free_text: bool = False) -> Gathered:
    """The event's ``value`` over ``rows`` joined with ";", as the Python columns flatten lists;
    `text_sql` over the whole if the values are ``free_text`` (people's names as typed)."""
    aggregate = f"string_agg({value}, ';' ORDER BY {order})"
    return Gathered(text_sql(aggregate) if free_text else aggregate, rows, event)


def fuzzy(value) -> str:
    return value.edtf() if value else ""


def office_end(office: OfficeHeld) -> str:
    """An office's end in the officials' CSV: its EDTF, "ended, date unknown", or empty while held."""
    return "ended, date unknown" if office.end_unknown else fuzzy(office.end)


@extend_schema_view(list=extend_schema(parameters=[CSV_PARAMETER]))
class CountryViewSet(TrackerViewSet):
    """Every ISO 3166-1 country, looked up by its code, with all its names."""

    queryset = Country.objects.prefetch_related("names")
    serializer_class = s.CountrySerializer
    lookup_field = "code"
    lookup_value_regex = "[a-zA-Z]{2}"
    # The ISO list is complete after migrate; countries are read here and renamed in admin.
    http_method_names = ["get", "head", "options"]
    search_fields = ["names__folded", "code"]
    ordering_fields = ["code", "name"]
    ordering = ["code"]
    csv_name = "countries"
    list_columns = rows.COUNTRY_COLUMNS
    list_rows = staticmethod(rows.countries)
    csv_columns = [
        ("code", lambda c: c.code),
        ("name", text(lambda c: c.name)),
        ("other_names", text(lambda c: [n.name for n in c.names.all() if n.name != c.name])),
    ]


@extend_schema_view(list=extend_schema(parameters=[CSV_PARAMETER]))
class EventKindViewSet(TrackerMixin, viewsets.ReadOnlyModelViewSet):
    """Kinds of event from the PLOVER and CAMEO codebooks, each with its tone; filtering events by a
    kind includes its sub-kinds. Editors add kinds in admin."""

    queryset = EventKind.objects.select_related("parent")
    serializer_class = s.EventKindSerializer
    search_fields = ["name", "slug"]
    fold_search = False  # plain text fields, searched as typed
    ordering_fields = ["name", "slug"]
    ordering = ["slug"]
    csv_name = "event-kinds"
    csv_columns = [
        ("slug", lambda x: x.slug),
        ("name", text(lambda x: x.name)),
        ("parent", lambda x: x.parent_id or ""),
        ("tone", lambda x: x.tone),
        ("plover_event", lambda x: x.plover_event),
        ("plover_mode", lambda x: x.plover_mode),
        ("cameo_code", lambda x: x.cameo_code),
        ("description", text(lambda x: x.description)),
    ]


@extend_schema_view(list=extend_schema(parameters=[CSV_PARAMETER]))
class SectorViewSet(TrackerViewSet):
    """The sector tree; filtering events or pledges by a sector includes its children."""

    queryset = Sector.objects.select_related("parent")
    serializer_class = s.SectorSerializer
    search_fields = ["name", "slug"]
    fold_search = False  # plain text fields, searched as typed
    ordering_fields = ["name", "slug"]
    ordering = ["slug"]
    csv_name = "sectors"
    csv_columns = [
        ("slug", lambda x: x.slug),
        ("name", text(lambda x: x.name)),
        ("parent", lambda x: x.parent.slug if x.parent else ""),
    ]


@extend_schema_view(list=extend_schema(parameters=[CSV_PARAMETER]))
class SourceViewSet(TrackerViewSet):
    """Documents that facts are cited from."""

    queryset = Source.objects.all()
    serializer_class = s.SourceSerializer
    search_fields = ["title", "publisher", "url"]
    fold_search = False  # plain text fields, searched as typed
    filter_backends = [FilterBackend, FoldedSearchFilter, ColumnOrderingFilter]
    ordering_fields = ["published_on", "publisher", "id"]
    ordering_columns = {"published_on": "published_on_start"}
    ordering = ["-id"]
    csv_name = "sources"
    csv_columns = [
        ("slug", lambda x: x.slug),
        ("title", text(lambda x: x.title)),
        ("url", text(lambda x: x.url)),
        ("publisher", text(lambda x: x.publisher)),
        ("published_on", lambda x: fuzzy(x.published_on)),
        ("published_on_start", lambda x: x.published_on_start),
        ("published_on_end", lambda x: x.published_on_end),
        ("published_on_precision", lambda x: x.published_on.precision.label if x.published_on else ""),
        ("language", lambda x: x.language),
        ("kind", lambda x: x.kind),
    ]


@extend_schema_view(list=extend_schema(parameters=[CSV_PARAMETER]))
class OrganizationViewSet(TrackerViewSet):
    """Ministries, foreign offices, armed forces and international bodies."""

    queryset = Organization.objects.select_related("parent")
    serializer_class = s.OrganizationSerializer
    search_fields = ["name", "acronym"]
    fold_search = False  # plain text fields, searched as typed
    ordering_fields = ["name", "slug"]
    ordering = ["slug"]
    csv_name = "organizations"
    csv_columns = [
        ("slug", lambda x: x.slug),
        ("name", text(lambda x: x.name)),
        ("acronym", text(lambda x: x.acronym)),
        ("kind", lambda x: x.kind),
        ("country", lambda x: x.country_id),
        ("parent", lambda x: x.parent.slug if x.parent else ""),
    ]


@extend_schema_view(list=extend_schema(parameters=[CSV_PARAMETER]))
class OfficialViewSet(TrackerViewSet):
    """People who act for countries, with their other names and offices over time."""

    queryset = Official.objects.prefetch_related(
        "names",
        Prefetch(
            "offices",
            queryset=OfficeHeld.objects.select_related("organization").prefetch_related(
                Prefetch("citations", queryset=Citation.objects.select_related("source"))
            ),
        ),
    )
    serializer_class = s.OfficialSerializer
    filterset_class = OfficialFilter
    search_fields = ["name_folded", "names__folded"]
    ordering_fields = ["name", "slug"]
    ordering = ["slug"]
    csv_name = "officials"
    list_columns = rows.OFFICIAL_COLUMNS
    list_rows = staticmethod(rows.officials)
    csv_columns = [
        ("slug", lambda x: x.slug),
        ("name", text(lambda x: x.name)),
        ("nationality", lambda x: x.nationality_id),
        ("wikidata_id", lambda x: x.wikidata_id),
        ("other_names", text(lambda x: [n.name for n in x.names.all()])),
        (
            "offices",
            text(lambda x: [f"{o.title} ({fuzzy(o.start)}..{office_end(o)})" for o in x.offices.all()]),
        ),
    ]


@extend_schema_view(list=extend_schema(parameters=[CSV_PARAMETER]))
class CommissionViewSet(TrackerViewSet):
    """Standing bodies between countries, with their numbered sessions."""

    queryset = Commission.objects.select_related("parent").prefetch_related(
        "members",
        "names",
        Prefetch("sessions", queryset=Event.objects.order_by("session_number", "date_start")),
    )
    serializer_class = s.CommissionSerializer
    search_fields = ["search_text", "names__folded"]
    ordering_fields = ["name", "slug"]
    ordering = ["slug"]
    csv_name = "commissions"
    list_columns = rows.COMMISSION_COLUMNS
    list_rows = staticmethod(rows.commissions)
    csv_columns = [
        ("slug", lambda x: x.slug),
        ("name", text(lambda x: x.name)),
        ("acronym", text(lambda x: x.acronym)),
        ("kind", lambda x: x.kind),
        ("members", lambda x: sorted(c.code for c in x.members.all())),
        ("founded", lambda x: fuzzy(x.founded)),
        ("sessions", lambda x: len(x.sessions.all())),
        ("other_names", text(lambda x: [n.name for n in x.names.all()])),
    ]


@extend_schema_view(list=extend_schema(parameters=[CSV_PARAMETER]))
class EventViewSet(TrackerViewSet):
    """Events between countries, filtered like the timeline (country, pair, kind, status, sector,
    commission, official, from, to, q), newest first."""

    queryset = Event.objects.for_export()
    serializer_class = s.EventSerializer
    filterset_class = EventFilter
    filter_backends = [FilterBackend, QuerySetOrderingFilter]
    ordering_fields = ["date_start", "title", "id"]
    ordering = ["-date_start", "-id"]  # the timeline order, unless read through an index
    csv_name = "events"

    csv_columns = [
        ("id", lambda e: e.pk),
        ("slug", lambda e: e.slug),
        ("title", text(lambda e: e.title)),
        ("kind", lambda e: e.kind_id),
        ("kind_name", text(lambda e: e.kind.name)),
        ("tone", lambda e: e.kind.tone),
        ("status", lambda e: e.status),
        ("date", lambda e: e.date.edtf()),
        ("date_start", lambda e: e.date_start),
        ("date_end", lambda e: e.date_end),
        ("date_precision", lambda e: e.date.precision.label),
        ("place", text(lambda e: e.place)),
        ("place_country", lambda e: e.place_country_id),
        ("countries", lambda e: [r["country"] for r in e.country_rows]),
        ("roles", lambda e: [f"{r['country']}:{r['role']}" for r in e.country_rows]),
        ("country_names", text(lambda e: [r["name"] for r in e.country_rows])),
        ("participants", text(lambda e: [p["official_name"] or p["name"] for p in e.participant_rows])),
        ("participant_sides", lambda e: [p["side"] for p in e.participant_rows]),
        ("participant_roles", lambda e: [p["role"] for p in e.participant_rows]),
        ("participant_capacities", text(lambda e: [p["capacity"] for p in e.participant_rows])),
        ("commission", lambda e: e.commission.slug if e.commission else ""),
        ("session_number", lambda e: e.session_number),
        ("sectors", lambda e: [x["slug"] for x in e.sector_rows]),
        ("pledge_count", lambda e: e.pledge_count),
        ("sources", lambda e: [c["source"] for c in e.citation_rows]),
        ("summary", text(lambda e: e.summary)),
    ]
    csv_sql_columns = [
        ("id", "relations_event.id"),
        ("slug", "relations_event.slug"),
        ("title", text_sql("relations_event.title")),
        ("kind", "relations_event.kind"),
        ("kind_name", DefusedSQL("kind__name")),
        ("tone", F("kind__tone")),
        ("status", "relations_event.status"),
        ("date", EDTF_SQL),
        ("date_start", "relations_event.date_start"),
        ("date_end", "relations_event.date_end"),
        ("date_precision", PRECISION_SQL),
        ("place", text_sql("relations_event.place")),
        ("place_country", "relations_event.place_country_id"),
        ("countries", joined("c.country_id", EVENT_COUNTRIES_NAMED, "c.event_id", "c.country_id")),
        (
            "roles",
            joined("c.country_id || ':' || c.role", EVENT_COUNTRIES_NAMED, "c.event_id", "c.country_id"),
        ),
        (
            "country_names",
            joined(
                COUNTRY_NAME_THEN_SQL, EVENT_COUNTRIES_NAMED, "c.event_id", "c.country_id", free_text=True
            ),
        ),
        (
            "participants",
            joined("COALESCE(o.name, p.name)", PARTICIPANTS, "p.event_id", "p.id", free_text=True),
        ),
        ("participant_sides", joined("COALESCE(p.side_id, '')", PARTICIPANTS, "p.event_id", "p.id")),
        ("participant_roles", joined("p.role", PARTICIPANTS, "p.event_id", "p.id")),
        ("participant_capacities", joined("p.capacity", PARTICIPANTS, "p.event_id", "p.id", free_text=True)),
        # Joined: a lookup per row scans the small commission table each time (6 s at 1M events).
        ("commission", F("commission__slug")),
        ("session_number", "relations_event.session_number"),
        (
            "sectors",
            joined(
                "x.slug",
                "relations_event_sectors es JOIN relations_sector x ON x.id = es.sector_id",
                "es.event_id",
                "x.name",
            ),
        ),
        ("pledge_count", Gathered("count(*)", "relations_pledge g", "g.event_id", none="0")),
        (
            "sources",
            joined(
                "r.slug",
                "relations_citation t JOIN relations_source r ON r.id = t.source_id",
                "t.event_id",
                "t.id",
            ),
        ),
        ("summary", text_sql("relations_event.summary")),
    ]

    def list(self, request, *args, **kwargs):
        """The list from each event's stored record where the answer is exactly the same
        (relations/records.py): the page's query, then no serializer."""
        if records.reads_records(request):
            return self.stored(request, lambda: self.list_records(request))
        return super().list(request, *args, **kwargs)

    def list_records(self, request):
        events = self.paginate_queryset(records.as_rows(self.filter_queryset(records.listed_events())))
        return self.get_paginated_response(records.Prerendered(records.page_texts(events, request)))


@extend_schema_view(list=extend_schema(parameters=[CSV_PARAMETER]))
class PledgeViewSet(TrackerViewSet):
    """Pledges with their description, parties, target as announced (money never converted, or
    a quantity in a unit), the currencies they concern, current status, dated status history and
    observations; the progress derived from the observations (read-only); filtered by country,
    pair, status, sector, commission and q, newest first (by the date of the event each was made
    at, as the pledge tracker lists them). A pledge is known by its event and title:
    posting one that exists is refused (400, with its URL), where PUT or PATCH change it."""

    queryset = Pledge.objects.for_export()
    serializer_class = s.PledgeSerializer
    filterset_class = PledgeFilter
    filter_backends = [FilterBackend, QuerySetOrderingFilter]
    lookup_field = "pk"
    lookup_value_regex = "[0-9]+"
    ordering_fields = ["id", "title"]
    ordering = ["-date_start", "-id"]  # the pledge tracker's order, unless read through an index
    csv_name = "pledges"
    list_rows = staticmethod(rows.pledges)

    @staticmethod
    def status_history_cells(pledge: Pledge) -> list[str]:
        """Each status change as ``<date as EDTF>:<status>``, read from the pledge's JSON rows."""
        from relations.api.fields import fuzzy_date_in

        as_of = fuzzy_date_in("as_of")
        return [f"{as_of(change).edtf()}:{change['status']}" for change in pledge.status_rows]

    csv_columns = [
        ("id", lambda p: p.pk),
        ("title", text(lambda p: p.title)),
        ("description", text(lambda p: p.description)),
        ("event", lambda p: p.event.slug),
        ("made_on", lambda p: p.event.date.edtf()),
        ("parties", lambda p: [f"{x['country']}:{x['role']}" for x in p.party_rows]),
        ("sectors", lambda p: [x["slug"] for x in p.sector_rows]),
        ("target_amount", lambda p: p.target_amount),
        ("target_currency", lambda p: p.target_currency),
        ("target_unit", lambda p: p.target_unit),
        ("target_measure", text(lambda p: p.target_measure)),
        ("baseline_amount", lambda p: p.baseline_amount),
        ("currencies", lambda p: p.currencies),
        ("due", lambda p: fuzzy(p.due)),
        ("current_status", lambda p: p.current_status),
        ("status_history", status_history_cells),
        # The progress derived from the observations (the API's ``progress``), today's verdict.
        ("verdict", lambda p: p.verdict() or ""),
        ("progress_share", lambda p: p.progress_share),
        ("observed_value", lambda p: p.observed_value),
        ("observed_until", lambda p: p.observed_until),
    ]

    def get_object(self):
        # The router lets only digits through; a number too large for the column is no pledge either.
        if len(self.kwargs["pk"]) > 18:
            raise NotFound()
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])


@extend_schema_view(list=extend_schema(parameters=[CSV_PARAMETER]))
class ObservationViewSet(TrackerViewSet):
    """Dated figures of what pledges’ targets measure (2024: US$1.4 billion of trade), each in its
    target’s currency or unit, never converted, with its source; filtered by pledge, country, pair,
    from, to and currency, newest period first."""

    queryset = Observation.objects.newest_first().select_related("pledge", "source")
    serializer_class = s.PledgeObservationSerializer
    filterset_class = ObservationFilter
    filter_backends = [FilterBackend, QuerySetOrderingFilter]
    lookup_field = "pk"
    lookup_value_regex = "[0-9]+"
    ordering_fields = ["period_end", "id"]
    ordering = ["-period_end", "-id"]  # newest_first(), along the index observation_newest
    csv_name = "observations"
    list_columns = rows.OBSERVATION_COLUMNS
    list_rows = staticmethod(rows.observations)
    csv_columns = [
        ("id", lambda o: o.pk),
        ("pledge", lambda o: o.pledge_id),
        ("pledge_title", text(lambda o: o.pledge.title)),
        ("period", lambda o: o.period.edtf()),
        ("period_start", lambda o: o.period_start),
        ("period_end", lambda o: o.period_end),
        ("period_text", lambda o: o.period_text),
        ("value", lambda o: o.value),
        ("currency", lambda o: o.currency),
        ("unit", lambda o: o.unit),
        ("source", lambda o: o.source.slug),
        ("excerpt", text(lambda o: o.excerpt)),
        ("note", text(lambda o: o.note)),
    ]

    def get_object(self):
        # The router lets only digits through; a number too large for the column is no observation either.
        if len(self.kwargs["pk"]) > 18:
            raise NotFound()
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
