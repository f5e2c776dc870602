"""An event is shown and exported with each country's name as it was on the event's date (Turkey in
2019, Türkiye in 2025), linked to the country's current page; the events CSV keeps each
participant's side, role and office."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.test import TestCase
from django.urls import reverse

from relations.models import Participant
from tests.world import build_world, make_event

TURKEY_LINK = r'<a class="country" href="/countries/tr/"><img [^>]*>Turkey</a>'
TURKIYE_LINK = r'<a class="country" href="/countries/tr/"><img [^>]*>Türkiye</a>'


class NameAsOfDateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = w = build_world()
        cls.talks_2019 = make_event(
            "Defence talks in Ankara",
            "2019-04-10",
            {w.pakistan: "visitor", w.turkiye: "host"},
            place="Ankara",
            place_country=w.turkiye,
            kind="commission_session",
            commission=w.jmc,
            session_number=12,
        )
        Participant.objects.create(
            event=cls.talks_2019,
            official=w.guler,
            side=w.turkiye,
            role="co_chair",
            capacity="Chief of the General Staff",
        )
        Participant.objects.create(event=cls.talks_2019, name="Pakistani delegate", side=w.pakistan)

    def test_a_country_is_named_as_it_was_on_the_day(self):
        turkiye = self.world.turkiye
        self.assertEqual(turkiye.name_on(dt.date(2019, 4, 10)), "Turkey")
        self.assertEqual(turkiye.name_on(dt.date(2022, 5, 31)), "Turkey")
        self.assertEqual(turkiye.name_on(dt.date(2022, 6, 1)), "Türkiye")
        self.assertEqual(turkiye.name_on(), "Türkiye")

    def test_every_timeline_shows_turkey_in_2019_and_turkiye_in_2025_linked_to_its_page(self):
        w = self.world
        timelines = [
            reverse("relations:timeline"),
            reverse("relations:ties", args=["pk-tr"]),
            reverse("relations:country-detail", args=["pk"]),
        ]
        for url in [*timelines, w.guler.get_absolute_url()]:  # the official's page: the side they spoke for
            with self.subTest(url):
                html = self.client.get(url).content.decode()
                self.assertRegex(html, TURKEY_LINK)
                self.assertRegex(html, TURKIYE_LINK)
                if url in timelines:
                    self.assertIn("Ankara, Turkey", html)  # the place, too
        html = self.client.get(w.jmc.get_absolute_url()).content.decode()  # its sessions, as cards
        self.assertIn("Ankara, Turkey", html)
        self.assertIn('<span class="role">(Turkey, Chief of the General Staff)</span>', html)
        self.assertIn('<span class="role">(Türkiye)</span>', html)
        rows = {
            e.pk: e.listed_countries
            for e in self.client.get(reverse("relations:timeline")).context["page"].items
        }
        self.assertEqual(rows[self.talks_2019.pk], [("PK", "Pakistan"), ("TR", "Turkey")])
        self.assertEqual(rows[w.session_16.pk], [("PK", "Pakistan"), ("TR", "Türkiye")])

    def test_the_event_page_names_the_country_then_and_says_what_it_is_called_now(self):
        response = self.client.get(self.talks_2019.get_absolute_url())
        html = response.content.decode()
        self.assertRegex(
            html, r'<a href="/countries/tr/"><img [^>]*>Turkey</a> <span class="role">\(host; now Türkiye\)'
        )
        self.assertIn("Ankara, Turkey", html)
        self.assertRegex(html, r'<td data-label="Side"><img [^>]*>Turkey</td>')  # the participant's side
        response = self.client.get(self.world.session_16.get_absolute_url())
        self.assertRegex(response.content.decode(), r'<a href="/countries/tr/"><img [^>]*>Türkiye</a>')
        self.assertNotContains(response, "Turkey")

    def test_the_api_gives_the_code_and_the_name_as_of_the_date(self):
        response = self.client.get(reverse("api:event-detail", args=[self.talks_2019.slug]))
        self.assertEqual(
            response.json()["countries"],
            [
                {"country": "PK", "name": "Pakistan", "role": "visitor"},
                {"country": "TR", "name": "Turkey", "role": "host"},
            ],
        )
        listed = self.client.get(reverse("api:event-list"), {"country": "tr"}).json()["results"]
        names = {e["slug"]: [c["name"] for c in e["countries"]] for e in listed}
        self.assertEqual(names[self.talks_2019.slug], ["Pakistan", "Turkey"])
        self.assertEqual(names[self.world.session_16.slug], ["Pakistan", "Türkiye"])

    def test_the_events_csv_gives_names_as_of_the_date_and_each_participants_side_role_and_office(self):
        response = self.client.get(reverse("api:event-list"), {"format": "csv", "country": "tr"})
        text = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")
        rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(text))}
        talks, session = rows[self.talks_2019.slug], rows[self.world.session_16.slug]
        self.assertEqual((talks["countries"], talks["country_names"]), ("PK;TR", "Pakistan;Turkey"))
        self.assertEqual(session["country_names"], "Pakistan;Türkiye")
        self.assertEqual(
            [
                talks[k]
                for k in ("participants", "participant_sides", "participant_roles", "participant_capacities")
            ],
            ["Yaşar Güler;Pakistani delegate", "TR;PK", "co_chair;delegate", "Chief of the General Staff;"],
        )
