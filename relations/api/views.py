"""Viewsets: list and detail for every record, the pages' filters, CSV export of every list."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend, FilterSet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import filters, viewsets
from rest_framework.pagination import CursorPagination

from relations.api import serializers as s
from relations.api.csv import Column, CSVRenderer, csv_response
from relations.filters import EventFilter, PledgeFilter
from relations.models import (
    Citation,
    Commission,
    Country,
    Event,
    OfficeHeld,
    Official,
    Organization,
    Pledge,
    PledgeStatusChange,
    Sector,
    Source,
)


class Pagination(CursorPagination):
    """Cursor pages: constant cost at any depth, no COUNT(*). ``page_size`` is capped at 500."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


CSV_PARAMETER = OpenApiParameter(
    "format", str, enum=["json", "csv", "api"], description="`csv` returns every matching row, not one page."
)


class TrackerViewSet(viewsets.ModelViewSet):
    """Shared behaviour: natural-key lookups in any case, CSV export of the whole filtered list."""

    lookup_field = "slug"
    pagination_class = Pagination
    filter_backends = [DjangoFilterBackend, filters.SearchFilter, filters.OrderingFilter]
    csv_columns: list[Column] = []
    csv_name = "export"

    def get_object(self):
        value = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        value = value.upper() if self.lookup_field == "code" else value.lower()
        return get_object_or_404(self.filter_queryset(self.get_queryset()), **{self.lookup_field: value})

    def list(self, request, *args, **kwargs):
        if isinstance(request.accepted_renderer, CSVRenderer):
            queryset = self.filter_queryset(self.get_queryset())
            return csv_response(queryset, self.csv_columns, self.csv_name)
        return super().list(request, *args, **kwargs)


def codes(related) -> list[str]:
    return [row.country_id for row in related.all()]


def fuzzy(value) -> str:
    return value.edtf() if value else ""


@extend_schema_view(list=extend_schema(parameters=[CSV_PARAMETER]))
class CountryViewSet(TrackerViewSet, viewsets.ReadOnlyModelViewSet):
    """Every ISO 3166-1 country, looked up by its code, with all its names."""

    queryset = Country.objects.prefetch_related("names")
    serializer_class = s.CountrySerializer
    lookup_field = "code"
    search_fields = ["names__folded", "code"]
    ordering_fields = ["code", "name"]
    ordering = ["code"]
    csv_name = "countries"
    csv_columns = [
        ("code", lambda c: c.code),
        ("name", lambda c: c.name),
        ("other_names", lambda c: [n.name for n in c.names.all() if n.name != c.name]),
    ]


@extend_schema_view(list=extend_schema(parameters=[CSV_PARAMETER]))
class SectorViewSet(TrackerViewSet):
    """The sector tree; filtering events or pledges by a sector includes its children."""

    queryset = Sector.objects.select_related("parent")
    serializer_class = s.SectorSerializer
    search_fields = ["name", "slug"]
    ordering_fields = ["name", "slug"]
    ordering = ["slug"]
    csv_name = "sectors"
    csv_columns = [
        ("slug", lambda x: x.slug),
        ("name", lambda x: x.name),
        ("parent", lambda x: x.parent.slug if x.parent else ""),
    ]


@extend_schema_view(list=extend_schema(parameters=[CSV_PARAMETER]))
class SourceViewSet(TrackerViewSet):
    """Documents that facts are cited from."""

    queryset = Source.objects.all()
    serializer_class = s.SourceSerializer
    search_fields = ["title", "publisher", "url"]
    ordering_fields = ["published_on", "publisher", "id"]
    ordering = ["-id"]
    csv_name = "sources"
    csv_columns = [
        ("slug", lambda x: x.slug),
        ("title", lambda x: x.title),
        ("url", lambda x: x.url),
        ("publisher", lambda x: x.publisher),
        ("published_on", lambda x: x.published_on),
        ("language", lambda x: x.language),
        ("kind", lambda x: x.kind),
    ]


@extend_schema_view(list=extend_schema(parameters=[CSV_PARAMETER]))
class OrganizationViewSet(TrackerViewSet):
    """Ministries, foreign offices, armed forces and international bodies."""

    queryset = Organization.objects.select_related("parent")
    serializer_class = s.OrganizationSerializer
    search_fields = ["name", "acronym"]
    ordering_fields = ["name", "slug"]
    ordering = ["slug"]
    csv_name = "organizations"
    csv_columns = [
        ("slug", lambda x: x.slug),
        ("name", lambda x: x.name),
        ("acronym", lambda x: x.acronym),
        ("kind", lambda x: x.kind),
        ("country", lambda x: x.country_id),
        ("parent", lambda x: x.parent.slug if x.parent else ""),
    ]


class OfficialFilter(FilterSet):
    class Meta:
        model = Official
        fields = {"nationality": ["exact"]}


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
    csv_columns = [
        ("slug", lambda x: x.slug),
        ("name", lambda x: x.name),
        ("nationality", lambda x: x.nationality_id),
        ("wikidata_id", lambda x: x.wikidata_id),
        ("other_names", lambda x: [n.name for n in x.names.all()]),
        ("offices", lambda x: [f"{o.title} ({fuzzy(o.start)}..{fuzzy(o.end)})" for o in x.offices.all()]),
    ]


@extend_schema_view(list=extend_schema(parameters=[CSV_PARAMETER]))
class CommissionViewSet(TrackerViewSet):
    """Standing bodies between countries, with their numbered sessions."""

    queryset = Commission.objects.select_related("parent").prefetch_related(
        "members", Prefetch("sessions", queryset=Event.objects.order_by("session_number", "date_start"))
    )
    serializer_class = s.CommissionSerializer
    search_fields = ["search_text"]
    ordering_fields = ["name", "slug"]
    ordering = ["slug"]
    csv_name = "commissions"
    csv_columns = [
        ("slug", lambda x: x.slug),
        ("name", lambda x: x.name),
        ("acronym", lambda x: x.acronym),
        ("kind", lambda x: x.kind),
        ("members", lambda x: sorted(c.code for c in x.members.all())),
        ("founded", lambda x: fuzzy(x.founded)),
        ("sessions", lambda x: len(x.sessions.all())),
    ]


@extend_schema_view(list=extend_schema(parameters=[CSV_PARAMETER]))
class EventViewSet(TrackerViewSet):
    """Events between countries, filtered like the timeline (country, pair, kind, status, sector,
    commission, official, from, to, q), newest first."""

    queryset = (
        Event.objects.for_list()
        .select_related("parent")
        .prefetch_related(
            "sectors",
            Prefetch("citations", queryset=Citation.objects.select_related("source")),
        )
    )
    serializer_class = s.EventSerializer
    filterset_class = EventFilter
    filter_backends = [DjangoFilterBackend, filters.OrderingFilter]
    ordering_fields = ["date_start", "title", "id"]
    ordering = ["-date_start"]
    csv_name = "events"
    csv_columns = [
        ("id", lambda e: e.pk),
        ("slug", lambda e: e.slug),
        ("title", lambda e: e.title),
        ("kind", lambda e: e.kind),
        ("status", lambda e: e.status),
        ("date", lambda e: e.date.edtf()),
        ("date_start", lambda e: e.date_start),
        ("date_end", lambda e: e.date_end),
        ("date_precision", lambda e: e.date.precision.label),
        ("place", lambda e: e.place),
        ("place_country", lambda e: e.place_country_id),
        ("countries", lambda e: codes(e.event_countries)),
        ("roles", lambda e: [f"{r.country_id}:{r.role}" for r in e.event_countries.all()]),
        ("participants", lambda e: [str(p) for p in e.participants.all()]),
        ("commission", lambda e: e.commission.slug if e.commission else ""),
        ("session_number", lambda e: e.session_number),
        ("sectors", lambda e: [x.slug for x in e.sectors.all()]),
        ("pledge_count", lambda e: e.pledge_count),
        ("sources", lambda e: [c.source.slug for c in e.citations.all()]),
        ("summary", lambda e: e.summary),
    ]


@extend_schema_view(list=extend_schema(parameters=[CSV_PARAMETER]))
class PledgeViewSet(TrackerViewSet):
    """Pledges with their parties, target as announced (never converted), current status and
    dated status history; filtered by country, pair, status, sector, commission and q."""

    queryset = (
        Pledge.objects.with_status()
        .select_related("event")
        .prefetch_related(
            "sectors",
            "parties",
            Prefetch(
                "status_changes",
                queryset=PledgeStatusChange.objects.order_by("as_of_start", "pk").prefetch_related(
                    Prefetch("citations", queryset=Citation.objects.select_related("source"))
                ),
            ),
            "reaffirmations__event",
            Prefetch("citations", queryset=Citation.objects.select_related("source")),
        )
    )
    serializer_class = s.PledgeSerializer
    filterset_class = PledgeFilter
    filter_backends = [DjangoFilterBackend, filters.OrderingFilter]
    lookup_field = "pk"
    ordering_fields = ["id", "title"]
    ordering = ["id"]
    csv_name = "pledges"
    csv_columns = [
        ("id", lambda p: p.pk),
        ("title", lambda p: p.title),
        ("event", lambda p: p.event.slug),
        ("made_on", lambda p: p.event.date.edtf()),
        ("parties", lambda p: [f"{x.country_id}:{x.role}" for x in p.parties.all()]),
        ("sectors", lambda p: [x.slug for x in p.sectors.all()]),
        ("target_amount", lambda p: p.target_amount),
        ("target_currency", lambda p: p.target_currency),
        ("target_measure", lambda p: p.target_measure),
        ("baseline_amount", lambda p: p.baseline_amount),
        ("due", lambda p: fuzzy(p.due)),
        ("current_status", lambda p: p.current_status),
        ("status_history", lambda p: [f"{c.as_of.edtf()}:{c.status}" for c in p.status_changes.all()]),
    ]

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
