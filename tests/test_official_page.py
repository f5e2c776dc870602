"""The official page read through prepared queries (relations/official_page.py and the summary's in
relations/summaries.py): every official's page, first and later, is the same bytes as when it was
read through ``prefetch_related`` and the ORM, and each list is read by one query."""

import datetime as dt
from dataclasses import replace

from django.db import connection
from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from relations import summaries
from relations.models import (
    Citation,
    Country,
    OfficeHeld,
    Official,
    PairOfficialTotal,
    Participant,
    Source,
    derived,
)
from relations.models.countries import name_as_of
from relations.official_page import official_page
from relations.pagination import keyset_page
from tests.replaced_readings import assert_same_pages
from tests.world import add_full_events, build_world, make_event


def prefetched(slug: str) -> Official:
    """The official as the page read them before."""
    offices = OfficeHeld.objects.select_related("organization", "country").prefetch_related("citations")
    return get_object_or_404(
        Official.objects.select_related("nationality").prefetch_related(
            "names",
            Prefetch("offices", queryset=offices.order_by(F("start_start").desc(nulls_last=True), "-pk")),
        ),
        slug=slug,
    )


def attended_page(request, pages, *, official):
    """A page of the events attended, as the page read it before."""
    attended = (
        Participant.objects.attended_by(official)
        .select_related("event__kind", "side")
        .annotate(side_name=name_as_of("side_id", "date_start"))
    )
    return keyset_page(request, attended)


def summarised(official: Official, on: dt.date | None = None) -> summaries.OfficialSummary:
    """The summary as it was read before: every total with its two countries as records."""
    summary = summaries.official_summary(official, on)
    attended = Participant.objects.attended_by(official).select_related("event")
    met: dict[str, int] = {}
    countries: dict[str, Country] = {}
    for total in PairOfficialTotal.objects.filter(official=official, events__gt=0).select_related(
        "low", "high"
    ):
        partner = total.high if total.side_id == total.low_id else total.low
        countries[partner.code] = partner
        met[partner.code] = met.get(partner.code, 0) + total.events
    ranked = sorted(met.items(), key=lambda item: (-item[1], countries[item[0]].name))
    return replace(
        summary,
        events=attended.count(),
        first=next(iter(attended.order_by("date_start", "pk")[:1]), None),
        latest=next(iter(attended[:1]), None),
        partners=[summaries.Partner(countries[code], n) for code, n in ranked[: summaries.PARTNERS_SHOWN]],
    )


class OfficialPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        w = cls.world = build_world()
        add_full_events(w, 55)  # a second page of events attended
        office = OfficeHeld.objects.create(
            official=w.guler, title="Chief of <General> Staff", start="2018-08", end="2023-06"
        )
        wire = Source.objects.create(title="Appointed", publisher="AA", url="https://example.org/appointed")
        for source in (wire, w.source):
            Citation.objects.create(office=office, source=source, excerpt="named & appointed")
        # Partners met once each, whose names sort differently by code point and by collation.
        for code in ("AX", "AL", "ZM", "CI", "KR", "BE"):
            country = Country.objects.get(code=code)
            event = make_event(
                f"Talks with {country.name}", "2024-05-02", {w.turkiye: "visitor", country: "host"}
            )
            Participant.objects.create(event=event, official=w.guler, side=w.turkiye, role="speaker")
        derived.events_changed(list(Participant.objects.values_list("event", flat=True)), dates=False)
        cls.nobody = Official.objects.create(name="Someone who never met anyone")

    def pages(self, official: Official) -> list[str]:
        url = official.get_absolute_url()
        return [url, url + "?before=2026-02-10.999999", url + "?before=2000-01-01.1"]

    def test_every_official_page_is_the_same_bytes_as_its_earlier_reading(self):
        urls = [url for official in Official.objects.order_by("pk") for url in self.pages(official)]
        replaced = {
            "relations.views.officials.official_page": prefetched,
            "relations.views.officials.prepared_keyset_page": attended_page,
            "relations.views.officials.official_summary": summarised,
        }
        assert_same_pages(self, urls, replaced)
        html = self.client.get(self.world.guler.get_absolute_url()).content.decode()
        for text in ("Chief of &lt;General&gt; Staff", "Met most often", "Older"):
            self.assertIn(text, html)

    def test_the_countries_met_most_are_ranked_by_events_then_by_name(self):
        partners = summaries.official_summary(official_page(self.world.guler.slug)).partners
        self.assertEqual([p.events for p in partners], [56, 55, 55, 1, 1])
        # Ties by name in the order Python sorts them: “Albania” and “Belgium” before “Åland
        # Islands”, which a database's collation may put first.
        self.assertEqual([p.country.code for p in partners], ["PK", "SE", "CH", "AL", "BE"])
        self.assertEqual(
            partners[3].country.get_absolute_url(), reverse("relations:country-detail", args=["al"])
        )

    def test_each_list_is_read_once(self):
        with CaptureQueriesContext(connection) as queries:
            official = official_page(self.world.guler.slug)
        # The official, their names, their offices and the offices' sources.
        self.assertEqual(len(queries), 4)
        with self.assertNumQueries(0):
            offices = list(official.offices.all())
            self.assertEqual([len(office.citations.all()) for office in offices], [0, 2])
            self.assertEqual([office.official for office in offices], [official] * 2)
            self.assertEqual([name.name for name in official.names.all()], ["Yasar Guler"])
        with CaptureQueriesContext(connection) as queries:
            summary = summaries.official_summary(official)
        self.assertEqual((len(queries), summary.events), (4, 1 + 55 + 6))

    def test_an_official_with_nothing_reads_no_office_sources(self):
        with CaptureQueriesContext(connection) as queries:
            official = official_page(self.nobody.slug)
        self.assertEqual(len(queries), 3)
        summary = summaries.official_summary(official)
        self.assertEqual(
            (summary.events, summary.first, summary.latest, summary.partners), (0, None, None, [])
        )

    def test_an_unknown_official_is_a_404_page(self):
        response = self.client.get(reverse("relations:official-detail", args=["no-such-person"]))
        self.assertEqual(response.status_code, 404)
