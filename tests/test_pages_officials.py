"""The officials list and an official's page: other names, offices over time, events attended."""

import datetime as dt

from django.test import TestCase
from django.urls import reverse

from relations.models import Citation, OfficeHeld, Official, Participant
from tests.world import build_world, make_event


def add_office(official: Official, title: str, start: str, end: str | None = None, **fields) -> OfficeHeld:
    return OfficeHeld.objects.create(official=official, title=title, start=start, end=end, **fields)


class OfficialListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def test_the_list_shows_name_nationality_and_current_office(self):
        response = self.client.get(reverse("relations:official-list"))
        self.assertContains(response, "<h1>Officials</h1>", html=True)
        self.assertEqual([o.name for o in response.context["page"]], ["Jam Kamal Khan", "Yaşar Güler"])
        self.assertContains(response, 'href="/officials/yasar-guler/"')
        self.assertContains(response, "flags/tr.gif")
        self.assertContains(response, "Minister of National Defence")
        self.assertContains(response, "None recorded")  # Khan has no office on file
        self.assertContains(response, '<a href="/officials/" aria-current="page">Officials</a>', html=True)

    def test_an_office_that_has_ended_or_not_begun_is_not_current(self):
        fidan = Official.objects.create(name="Hakan Fidan", nationality=self.world.turkiye)
        add_office(fidan, "Head of the National Intelligence Organization", "2010", "2023-06")
        later = (dt.date.today() + dt.timedelta(days=400)).year
        add_office(fidan, "Secretary-General of an imagined body", str(later))
        response = self.client.get(reverse("relations:official-list"))
        listed = next(o for o in response.context["page"] if o.name == "Hakan Fidan")
        self.assertEqual(listed.current_offices, [])
        self.assertNotContains(response, "Head of the National Intelligence Organization")

    def test_the_list_costs_the_same_with_many_officials(self):
        for i in range(60):
            official = Official.objects.create(name=f"Official {i:02d}", nationality=self.world.india)
            add_office(official, f"Envoy {i}", "2020")
            add_office(official, f"Former post {i}", "2010", "2019")
        with self.assertNumQueries(3):
            response = self.client.get(reverse("relations:official-list"))
        self.assertEqual(len(response.context["page"]), 62)
        self.assertContains(response, "Envoy 59")
        self.assertNotContains(response, "Former post")

    def test_a_country_lists_its_nationals_and_those_who_held_an_office_for_it(self):
        w = self.world
        envoy = Official.objects.create(name="Ali Envoy", nationality=w.india)
        add_office(envoy, "Special envoy of Türkiye", "2024", country=w.turkiye)
        response = self.client.get(reverse("relations:official-list"), {"country": "TR"})
        self.assertInHTML(
            '<h1>Officials of <a class="country" href="/countries/tr/"><img class="flag" '
            'src="/static/flags/tr.gif" alt="" width="16" height="11">Türkiye</a></h1>',
            response.content.decode(),
        )
        self.assertContains(
            response, "<title>Officials of Türkiye · Diplomatic Ties Tracker</title>", html=True
        )
        self.assertEqual([o.name for o in response.context["page"]], ["Ali Envoy", "Yaşar Güler"])
        self.assertContains(response, 'href="/api/officials/?country=TR"')
        india = self.client.get(reverse("relations:official-list"), {"country": "in"})
        self.assertEqual([o.name for o in india.context["page"]], ["Ali Envoy"])

    def test_a_country_without_officials_says_so_and_an_unknown_code_is_a_400(self):
        response = self.client.get(reverse("relations:official-list"), {"country": "fr"})
        self.assertContains(response, "No officials recorded for France.")
        for code in ("zz", "france"):
            with self.subTest(code=code):
                bad = self.client.get(reverse("relations:official-list"), {"country": code})
                self.assertContains(bad, f"“{code}” is not an ISO country code", status_code=400)


class OfficialPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        w = cls.world
        cls.fidan = Official.objects.create(name="Hakan Fidan", nationality=w.turkiye)
        cls.spy_chief = add_office(
            cls.fidan, "Head of the National Intelligence Organization", "2010", "2023-06", country=w.turkiye
        )
        add_office(cls.fidan, "Minister of Foreign Affairs", "2023-06-04", country=w.turkiye)
        Citation.objects.create(source=w.source, office=cls.spy_chief)
        Participant.objects.create(
            event=w.visit_july, official=cls.fidan, side=w.turkiye, role="guest", capacity="Foreign Minister"
        )
        Participant.objects.filter(official=w.guler).update(capacity="Minister of National Defence")

    def test_the_page_shows_nationality_and_other_names(self):
        response = self.client.get(self.world.guler.get_absolute_url())
        self.assertContains(response, "<h1>Yaşar Güler</h1>", html=True)
        self.assertContains(response, "Yasar Guler")
        self.assertContains(response, "(transliteration)")
        self.assertContains(response, "flags/tr.gif")
        self.assertContains(response, '<a href="/officials/" aria-current="page">Officials</a>', html=True)

    def test_offices_are_listed_over_time_with_dates_by_precision(self):
        response = self.client.get(self.fidan.get_absolute_url())
        self.assertEqual(
            [o.title for o in response.context["official"].offices.all()],
            ["Minister of Foreign Affairs", "Head of the National Intelligence Organization"],
        )
        self.assertContains(
            response,
            '<td data-label="Dates"><time datetime="2023-06-04">4 June 2023</time> – present</td>',
            html=True,
        )
        self.assertContains(
            response,
            '<td data-label="Dates"><time datetime="2010">2010</time> – '
            '<time datetime="2023-06">June 2023</time></td>',
            html=True,
        )
        self.assertNotContains(response, "1 June 2023")

    def test_an_office_without_a_source_is_marked_unsourced(self):
        response = self.client.get(self.fidan.get_absolute_url())
        unsourced = '<span class="badge badge-unsourced">unsourced</span>'
        self.assertContains(
            response, f'<th scope="row">Minister of Foreign Affairs {unsourced}</th>', html=True
        )
        self.assertContains(
            response, '<th scope="row">Head of the National Intelligence Organization</th>', html=True
        )

    def test_events_attended_show_the_role_and_the_capacity_they_came_in(self):
        response = self.client.get(self.world.guler.get_absolute_url())
        self.assertEqual([p.event for p in response.context["page"].items], [self.world.session_16])
        self.assertContains(response, self.world.session_16.title)
        self.assertContains(response, '<td data-label="Role">co-chair</td>', html=True)
        self.assertContains(
            response, '<td data-label="Capacity">Minister of National Defence</td>', html=True
        )
        fidan = self.client.get(self.fidan.get_absolute_url())
        self.assertContains(fidan, '<td data-label="Capacity">Foreign Minister</td>', html=True)
        self.assertContains(
            fidan, '<td data-label="Date"><time datetime="2025-07">July 2025</time></td>', html=True
        )

    def test_an_official_without_offices_or_events_says_so(self):
        response = self.client.get(self.world.khan.get_absolute_url())
        self.assertContains(response, "No offices recorded.")
        Participant.objects.filter(official=self.world.khan).delete()
        response = self.client.get(self.world.khan.get_absolute_url())
        self.assertContains(response, "No events attended are recorded.")

    def test_the_slug_is_case_insensitive_and_an_unknown_one_is_a_404(self):
        upper = reverse("relations:official-detail", args=["YASAR-GULER"])
        self.assertContains(self.client.get(upper), "Yaşar Güler")
        missing = self.client.get(reverse("relations:official-detail", args=["nobody"]))
        self.assertContains(missing, "Page not found", status_code=404)

    def test_events_attended_page_by_keyset(self):
        w = self.world
        for i in range(55):
            event = make_event(f"Call {i}", f"2026-03-{i % 28 + 1:02d}", {w.turkiye: "party"})
            Participant.objects.create(event=event, official=self.fidan, role="speaker", capacity="FM")
        first = self.client.get(self.fidan.get_absolute_url())
        self.assertEqual(len(first.context["page"].items), 50)
        second = self.client.get(self.fidan.get_absolute_url() + first.context["page"].next_url)
        self.assertEqual(len(second.context["page"].items), 6)
        self.assertContains(second, w.visit_july.title)

    def test_the_page_costs_the_same_with_many_events_and_offices(self):
        w = self.world
        for i in range(60):
            event = make_event(f"Meeting {i}", f"2026-04-{i % 28 + 1:02d}", {w.turkiye: "party"})
            Participant.objects.create(event=event, official=self.fidan, role="speaker", capacity=f"FM {i}")
            add_office(self.fidan, f"Post {i}", f"19{i + 10}", f"19{i + 10}")
        # Five for the page, four for its summary (events counted, first, latest, met most).
        with self.assertNumQueries(9):
            response = self.client.get(self.fidan.get_absolute_url())
        self.assertEqual(len(response.context["page"].items), 50)
        self.assertContains(response, "Post 59")
