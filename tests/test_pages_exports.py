"""Each list page links to its JSON and CSV export with the filters the reader chose."""

from django.test import TestCase

from tests.world import build_world


class ExportLinkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def assertExports(self, page: str, api: str) -> None:
        response = self.client.get(page)
        self.assertContains(response, f'href="{api}"')
        csv = f"{api}&amp;format=csv" if "?" in api else f"{api}?format=csv"
        self.assertContains(response, f'href="{csv}"')

    def test_every_list_page_links_to_its_exports_with_its_filters(self):
        w = self.world
        cases = [
            ("/timeline/?kind=visit&country=pk", "/api/events/?kind=visit&amp;country=pk"),
            ("/ties/pk-tr/", "/api/events/?pair=pk-tr"),
            ("/countries/", "/api/countries/"),
            ("/countries/tr/", "/api/events/?country=tr"),
            ("/commissions/", "/api/commissions/"),
            (w.jmc.get_absolute_url(), f"/api/events/?commission={w.jmc.slug}"),
            ("/officials/", "/api/officials/"),
            (w.guler.get_absolute_url(), f"/api/events/?official={w.guler.slug}"),
            ("/pledges/?status=announced", "/api/pledges/?status=announced"),
        ]
        for page, api in cases:
            with self.subTest(page=page):
                self.assertExports(page, api)

    def test_a_page_position_is_not_carried_into_the_export(self):
        response = self.client.get("/timeline/", {"kind": "visit", "before": "2025-07-01.1"})
        self.assertContains(response, 'href="/api/events/?kind=visit"')

    def test_the_csv_export_of_a_filtered_timeline_holds_those_events(self):
        response = self.client.get("/api/events/", {"pair": "pk-tr", "format": "csv"})
        body = b"".join(response.streaming_content).decode("utf-8")
        self.assertIn(self.world.session_16.title, body)
        self.assertNotIn(self.world.conflict.title, body)
