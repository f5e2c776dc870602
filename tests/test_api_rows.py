"""Lists read as rows (relations/api/rows.py) answer exactly what their serializers answer:
the same bytes, page after page, filtered, searched and sorted."""

import json
from unittest import mock

from django.test import TestCase
from django.urls import reverse

from relations.models import Commission, CommissionName, Country, CountryName, OfficeHeld, Official
from tests.test_api_queries import populate
from tests.world import make_event

LISTS = {
    "country-list": [{}, {"q": "turk"}, {"ordering": "-name"}, {"page_size": 500}],
    "commission-list": [{}, {"q": "jmc"}, {"ordering": "name"}, {"page_size": 2}],
    "official-list": [{}, {"country": "tr"}, {"q": "celik"}, {"ordering": "-name"}, {"page_size": 2}],
    "pledge-list": [{}, {"country": "pk"}, {"attention": "overdue"}, {"ordering": "title"}, {"page_size": 2}],
    "observation-list": [{}, {"country": "pk"}, {"from": "2025"}, {"page_size": 1}],
}


class RowListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        populate(3)
        pakistan, turkiye = Country.objects.get(code="PK"), Country.objects.get(code="TR")
        cls.jmc = jmc = Commission.objects.create(
            name="Pakistan–Türkiye JMC", kind=Commission.Kind.JOINT_MINISTERIAL
        )
        jmc.members.set([pakistan, turkiye])
        make_event("Sixteenth session", "2025-07", {pakistan: "host"}, commission=jmc, session_number=16)
        # What the rows must write as the serializers do: optional and approximate dates, a
        # range, dates of names, a parent, an office with no start and one ended at an unknown date.
        CountryName.objects.create(
            country=turkiye, name="Turkish Republic", kind="former", valid_until="1923-10-29"
        )
        CommissionName.objects.create(commission=jmc, name="Pakistan-Turkey JMC", valid_from="2001-01-01")
        Commission.objects.create(
            name="Working Group", kind=Commission.Kind.OTHER, parent=jmc, founded="~1998"
        )
        make_event(
            "Third session", "2026-09-08/2026-09-09", {pakistan: "host"}, commission=jmc, session_number=17
        )
        official = Official.objects.create(name="Ümit Çelik", nationality=turkiye, wikidata_id="Q1")
        OfficeHeld.objects.create(official=official, title="Envoy", end_unknown=True)
        OfficeHeld.objects.create(official=official, title="Adviser", start="~2019", end="2021-03")

    def assertSameAsSerializer(self, name: str, params: dict) -> None:
        url = reverse(f"api:{name}")
        rows = self.client.get(url, params)
        with mock.patch("relations.api.base.reads_records", return_value=False):
            serialized = self.client.get(url, params)
        self.assertEqual(rows.status_code, 200)
        self.assertEqual(rows.content, serialized.content)
        self.assertEqual(rows.data, serialized.data)

    def test_every_list_read_as_rows_is_what_its_serializer_gives(self):
        for name, variants in LISTS.items():
            for params in variants:
                with self.subTest(name, **params):
                    self.assertSameAsSerializer(name, params)

    def test_each_page_of_a_list_read_as_rows_links_the_next(self):
        url, seen = reverse("api:commission-list") + "?page_size=2", []
        while url:
            page = self.client.get(url).json()
            seen += [row["slug"] for row in page["results"]]
            url = page["next"]
        self.assertEqual(seen, sorted(Commission.objects.values_list("slug", flat=True)))

    def test_a_commission_lists_its_sessions_by_number_with_their_dates(self):
        jmc = next(
            row
            for row in self.client.get(reverse("api:commission-list"), {"q": "jmc"}).json()["results"]
            if row["slug"] == self.jmc.slug
        )
        self.assertEqual([s["session_number"] for s in jmc["sessions"]], [16, 17])
        self.assertEqual(jmc["sessions"][1]["date"]["display"], "8–9 September 2026")
        self.assertEqual(jmc["names"][0]["valid_from"], "2001-01-01")

    def test_the_browsable_api_and_csv_still_answer(self):
        url = reverse("api:official-list")
        self.assertContains(self.client.get(url, HTTP_ACCEPT="text/html"), "Ümit Çelik")
        response = self.client.get(url, {"format": "csv"})
        self.assertIn("Ümit Çelik", b"".join(response.streaming_content).decode())
        with_format = json.loads(self.client.get(url, {"format": "json"}).content)["results"]
        self.assertTrue(with_format[0]["url"].endswith("/?format=json"))  # DRF's links, as before
