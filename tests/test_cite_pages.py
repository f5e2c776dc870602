"""“Cite this” on event, pledge and commission pages, its downloads and the permanent addresses."""

import datetime as dt
import json

import bibtexparser
from citeproc import Citation as Cite
from citeproc import CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from relations.models import Citation, Event, PledgeStatusChange, Source
from tests.world import build_world

BIBTEX = "application/x-bibtex; charset=utf-8"
CSL_JSON = "application/vnd.citationstyles.csl+json"


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


class CiteWorld(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = w = build_world()
        cls.monthly = Source.objects.create(
            title="Ankara and Islamabad plan a busy autumn",
            publisher="Anadolu Agency",
            url="https://www.aa.com.tr/en/autumn",
            published_on="2025-07",
            kind=Source.Kind.WIRE,
        )
        Citation.objects.create(event=w.session_16, source=w.source)
        Citation.objects.create(event=w.session_16, source=cls.monthly)
        Citation.objects.create(pledge=w.lng_pledge, source=w.source)
        change = PledgeStatusChange.objects.filter(pledge=w.lng_pledge).order_by("as_of_start").first()
        cls.statement = Source.objects.create(
            title="LNG deliveries begin", publisher="Ministry of Energy", published_on="2025", kind="official"
        )
        Citation.objects.create(status_change=change, source=cls.statement)

    def setUp(self):
        self.today = timezone.localdate()

    def permalink(self, event: Event) -> str:
        return "http://testserver" + reverse("relations:event-permalink", args=[event.pk])


class EventCiteTests(CiteWorld):
    def test_the_event_page_gives_a_citation_with_its_permanent_url_and_sources(self):
        w = self.world
        w.session_16.refresh_from_db()
        response = self.client.get(w.session_16.get_absolute_url())
        self.assertContains(response, '<h2 id="cite-title">Cite this</h2>', html=True)
        self.assertContains(
            response,
            f"“{w.session_16.title}.” Diplomatic Ties Tracker, event record, last changed "
            f"{long_date(w.session_16.updated_at.date())}. {self.permalink(w.session_16)}. Accessed "
            f'<time class="cite-accessed" data-accessed="long" datetime="{self.today}">'
            f"{long_date(self.today)}</time>.",
        )
        # A source dated to the month is cited as the month.
        self.assertContains(
            response,
            "<li>Anadolu Agency. “Ankara and Islamabad plan a busy autumn.” July 2025. "
            "https://www.aa.com.tr/en/autumn</li>",
            html=True,
        )
        self.assertContains(
            response, "Arab News. “Pakistan, Türkiye agree on closer cooperation.” 9 September 2025."
        )
        self.assertContains(response, f"@online{{dtt-event-{w.session_16.pk},")
        self.assertContains(
            response,
            f'urldate      = {{<span class="cite-accessed" data-accessed="iso">{self.today}</span>}}',
        )
        self.assertContains(response, "date         = {2025-07}")
        self.assertContains(response, "&quot;issued&quot;: {&quot;date-parts&quot;: [[2025, 7]]},")
        self.assertContains(
            response,
            '&quot;accessed&quot;: <span class="cite-accessed" data-accessed="parts">'
            f"{{&quot;date-parts&quot;: [[{self.today.year}, {self.today.month}, {self.today.day}]]}}</span>",
        )
        self.assertContains(
            response, f'href="{reverse("relations:event-cite-bibtex", args=[w.session_16.slug])}"'
        )
        self.assertContains(
            response, f'href="{reverse("relations:event-cite-csl", args=[w.session_16.slug])}"'
        )
        self.assertContains(response, "/static/css/cite.css")
        self.assertContains(response, "/static/js/cite.js")

    def test_an_unsourced_event_says_so(self):
        response = self.client.get(self.world.conflict.get_absolute_url())
        self.assertContains(response, "It rests on no cited source yet.")

    def test_the_bibtex_download_is_read_by_a_bibtex_parser(self):
        w = self.world
        response = self.client.get(reverse("relations:event-cite-bibtex", args=[w.session_16.slug]))
        self.assertEqual(response["Content-Type"], BIBTEX)
        self.assertEqual(
            response["Content-Disposition"], f'attachment; filename="dtt-event-{w.session_16.pk}.bib"'
        )
        library = bibtexparser.parse_string(response.content.decode())
        self.assertEqual(library.failed_blocks, [])
        record, *sources = library.entries
        self.assertEqual(record["title"], "{" + w.session_16.title + "}")
        self.assertEqual(record["url"], self.permalink(w.session_16))
        self.assertEqual(record["urldate"], self.today.isoformat())
        dates = {entry["title"].strip("{}"): entry["date"] for entry in sources}
        self.assertEqual(
            dates,
            {"Ankara and Islamabad plan a busy autumn": "2025-07", w.source.title: "2025-09-09"},
        )

    def test_the_csl_json_download_renders_with_a_bundled_style(self):
        w = self.world
        response = self.client.get(reverse("relations:event-cite-csl", args=[w.session_16.slug]))
        self.assertEqual(response["Content-Type"], CSL_JSON)
        items = json.loads(response.content)
        record = items[0]
        self.assertEqual(record["type"], "webpage")
        self.assertEqual(record["container-title"], "Diplomatic Ties Tracker")
        self.assertEqual(record["URL"], self.permalink(w.session_16))
        self.assertEqual(
            record["accessed"], {"date-parts": [[self.today.year, self.today.month, self.today.day]]}
        )
        monthly = next(item for item in items if item["title"] == self.monthly.title)
        self.assertEqual(monthly["issued"], {"date-parts": [[2025, 7]]})
        self.assertEqual(monthly["container-title"], "Anadolu Agency")
        style = CitationStylesStyle("harvard-cite-them-right", validate=False)
        bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
        for item in items:
            bibliography.register(Cite([CitationItem(item["id"])]))
        rendered = " ".join(str(entry) for entry in bibliography.bibliography())
        self.assertIn(w.session_16.title, rendered)
        self.assertIn(self.permalink(w.session_16), rendered)

    def test_a_download_takes_the_readers_day_within_one_of_the_servers(self):
        url = reverse("relations:event-cite-csl", args=[self.world.session_16.slug])
        tomorrow = self.today + dt.timedelta(days=1)
        items = json.loads(self.client.get(url, {"accessed": tomorrow.isoformat()}).content)
        self.assertEqual(
            items[0]["accessed"], {"date-parts": [[tomorrow.year, tomorrow.month, tomorrow.day]]}
        )

    def test_a_bad_accessed_day_is_a_400_that_says_why(self):
        url = reverse("relations:event-cite-bibtex", args=[self.world.session_16.slug])
        response = self.client.get(url, {"accessed": "6 Dec"})
        self.assertContains(response, "must be a day written YYYY-MM-DD", status_code=400)
        response = self.client.get(url, {"accessed": "2001-01-01"})
        self.assertContains(response, "must be today&#x27;s date", status_code=400)
        response = self.client.get(url, {"accessed": "2026-02-30"})
        self.assertEqual(response.status_code, 400)

    def test_unknown_records_are_404s(self):
        for name, arg in (
            ("relations:event-cite-bibtex", "no-such-event"),
            ("relations:event-cite-csl", "no-such-event"),
            ("relations:commission-cite-bibtex", "no-such-body"),
            ("relations:commission-cite-csl", "no-such-body"),
            ("relations:pledge-cite-bibtex", 999999),
            ("relations:pledge-cite-csl", 999999),
            ("relations:event-permalink", 999999),
            ("relations:commission-permalink", 999999),
        ):
            with self.subTest(name):
                self.assertEqual(self.client.get(reverse(name, args=[arg])).status_code, 404)

    def test_the_permanent_url_leads_to_the_event_after_its_slug_changes(self):
        event = self.world.visit_july
        link = reverse("relations:event-permalink", args=[event.pk])
        self.assertRedirects(self.client.get(link), event.get_absolute_url(), status_code=302)
        event.slug = "2025-fidan-and-guler-in-islamabad"
        event.save()
        self.assertRedirects(
            self.client.get(link), "/events/2025-fidan-and-guler-in-islamabad/", status_code=302
        )

    def test_special_characters_are_escaped_in_every_form(self):
        w = self.world
        event = w.visit_july
        event.title = 'Trade & energy_talks: "a 50% rise"'
        event.save()
        response = self.client.get(event.get_absolute_url())
        self.assertContains(response, "“Trade &amp; energy_talks: &quot;a 50% rise&quot;.” Diplomatic")
        self.assertContains(
            response, r"title        = {{Trade \&amp; energy\_talks: &quot;a 50\% rise&quot;}}"
        )
        self.assertContains(
            response, r"&quot;title&quot;: &quot;Trade &amp; energy_talks: \&quot;a 50% rise\&quot;&quot;"
        )
        bib = self.client.get(reverse("relations:event-cite-bibtex", args=[event.slug])).content.decode()
        self.assertIn(r'title        = {{Trade \& energy\_talks: "a 50\% rise"}}', bib)
        self.assertEqual(bibtexparser.parse_string(bib).failed_blocks, [])
        items = json.loads(self.client.get(reverse("relations:event-cite-csl", args=[event.slug])).content)
        self.assertEqual(items[0]["title"], 'Trade & energy_talks: "a 50% rise"')

    def test_the_cite_section_adds_no_query_per_source(self):
        w = self.world
        url = w.session_16.get_absolute_url()
        with self.assertNumQueries(12) as one:  # none of them for the cite section
            self.client.get(url)
        for n in range(40):
            source = Source.objects.create(
                title=f"Report {n}", publisher="APP", published_on=f"2025-{n % 12 + 1:02d}"
            )
            Citation.objects.create(event=w.session_16, source=source)
        with self.assertNumQueries(len(one.captured_queries)):
            response = self.client.get(url)
        self.assertContains(response, "APP. “Report 39.” April 2025.")


class PledgeCiteTests(CiteWorld):
    def test_the_pledge_page_cites_its_own_sources_and_its_status_changes(self):
        pledge = self.world.lng_pledge
        response = self.client.get(pledge.get_absolute_url())
        self.assertContains(response, "Diplomatic Ties Tracker, pledge record, last changed")
        self.assertContains(response, f"http://testserver{pledge.get_absolute_url()}. Accessed")
        self.assertContains(response, "<li>Ministry of Energy. “LNG deliveries begin.” 2025.</li>", html=True)
        self.assertContains(
            response, "Arab News. “Pakistan, Türkiye agree on closer cooperation.” 9 September 2025."
        )

    def test_the_pledge_downloads(self):
        pledge = self.world.lng_pledge
        bib = self.client.get(reverse("relations:pledge-cite-bibtex", args=[pledge.pk]))
        self.assertEqual(bib["Content-Type"], BIBTEX)
        entries = bibtexparser.parse_string(bib.content.decode()).entries
        self.assertEqual(
            [(e.entry_type, e.key) for e in entries],
            [
                ("online", f"dtt-pledge-{pledge.pk}"),
                ("article", f"dtt-source-{self.world.source.pk}"),
                ("misc", f"dtt-source-{self.statement.pk}"),
            ],
        )
        csl = self.client.get(reverse("relations:pledge-cite-csl", args=[pledge.pk]))
        self.assertEqual(csl["Content-Type"], CSL_JSON)
        items = json.loads(csl.content)
        self.assertEqual(items[0]["URL"], f"http://testserver{pledge.get_absolute_url()}")
        self.assertEqual(items[2]["issued"], {"date-parts": [[2025]]})


class CommissionCiteTests(CiteWorld):
    def test_the_commission_page_cites_the_sources_of_its_sessions(self):
        jmc = self.world.jmc
        response = self.client.get(jmc.get_absolute_url())
        link = "http://testserver" + reverse("relations:commission-permalink", args=[jmc.pk])
        self.assertContains(response, f"“{jmc.name}.” Diplomatic Ties Tracker, commission record")
        self.assertContains(response, f"{link}. Accessed")
        self.assertContains(response, "Anadolu Agency. “Ankara and Islamabad plan a busy autumn.” July 2025.")
        self.assertContains(response, f'href="{reverse("relations:commission-cite-csl", args=[jmc.slug])}"')

    def test_the_commission_downloads_and_permanent_url(self):
        jmc = self.world.jmc
        csl = self.client.get(reverse("relations:commission-cite-csl", args=[jmc.slug.upper()]))
        self.assertEqual(csl["Content-Type"], CSL_JSON)
        titles = [item["title"] for item in json.loads(csl.content)]
        self.assertEqual(titles, [jmc.name, self.monthly.title, self.world.source.title])  # oldest first
        bib = self.client.get(reverse("relations:commission-cite-bibtex", args=[jmc.slug]))
        self.assertEqual(bib["Content-Type"], BIBTEX)
        self.assertEqual(
            bibtexparser.parse_string(bib.content.decode()).entries[0].key, f"dtt-commission-{jmc.pk}"
        )
        link = reverse("relations:commission-permalink", args=[jmc.pk])
        self.assertRedirects(self.client.get(link), jmc.get_absolute_url(), status_code=302)
