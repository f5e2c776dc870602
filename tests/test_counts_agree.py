"""A count on a page says what it counts, and agrees with the rows listed under it: an event's
pledges on a pair's page, the pledges between the pair, sessions, shared events, pledges by
status."""

from django.test import TestCase
from django.urls import reverse

from relations.models import Pledge, PledgeParty, PledgeStatus, PledgeStatusChange
from tests.world import build_world, bulk_pledges, make_event


def pledge(event, title, *countries, status=PledgeStatus.ANNOUNCED):
    made = Pledge.objects.create(event=event, title=title)
    for country in countries:
        PledgeParty.objects.create(pledge=made, country=country)
    PledgeStatusChange.objects.create(pledge=made, status=status, as_of="2025-10-02")
    return made


class PairPageCountsTests(TestCase):
    """Trilateral talks with three pledges: two between Pakistan and Türkiye, one between India
    and Pakistan."""

    @classmethod
    def setUpTestData(cls):
        cls.world = w = build_world()
        cls.talks = make_event(
            "Trilateral talks", "2025-10-02", {w.pakistan: "host", w.turkiye: "party", w.india: "party"}
        )
        cls.energy = pledge(cls.talks, "Share grid data", w.pakistan, w.turkiye)
        cls.ports = pledge(cls.talks, "Open ports to each other", w.pakistan, w.turkiye)
        cls.water = pledge(cls.talks, "Share river flow data", w.india, w.pakistan)

    def row(self, response, event) -> str:
        """The text of ``event``'s pledge count on the page."""
        html = response.content.decode()
        # In the list (the summary and the picture above it link the event too).
        start = html.index(f'href="{event.get_absolute_url()}"', html.index('<div class="timeline">'))
        start = html.index('<p class="pledge-count">', start)
        return html[start : html.index("</p>", start) + 4]

    def test_an_event_row_on_a_pair_s_page_says_how_many_of_its_pledges_are_between_them(self):
        response = self.client.get(reverse("relations:ties", args=["pk-tr"]))
        self.assertHTMLEqual(
            self.row(response, self.talks),
            '<p class="pledge-count">3 pledges made, 2 between Pakistan and Türkiye</p>',
        )
        other_pair = self.client.get(reverse("relations:ties", args=["in-pk"]))
        self.assertHTMLEqual(
            self.row(other_pair, self.talks),
            '<p class="pledge-count">3 pledges made, 1 between India and Pakistan</p>',
        )

    def test_a_row_whose_pledges_are_all_between_the_pair_counts_them_once(self):
        response = self.client.get(reverse("relations:ties", args=["pk-tr"]))
        self.assertHTMLEqual(
            self.row(response, self.world.session_16), '<p class="pledge-count">2 pledges made</p>'
        )

    def test_a_row_with_no_pledge_between_the_pair_says_none(self):
        w = self.world
        pledge(w.conflict, "Hold fire", w.india, w.pakistan)
        mediated = make_event(
            "Mediated talks", "2025-05-12", {w.india: "party", w.pakistan: "party", w.turkiye: "mediator"}
        )
        pledge(mediated, "Reopen the border", w.india, w.pakistan)
        response = self.client.get(reverse("relations:ties", args=["pk-tr"]))
        self.assertHTMLEqual(
            self.row(response, mediated),
            '<p class="pledge-count">1 pledge made, none between Pakistan and Türkiye</p>',
        )

    def test_the_pair_s_pledge_list_counts_what_it_lists(self):
        response = self.client.get(reverse("relations:ties", args=["pk-tr"]))
        listed = [p.title for p in response.context["pledges"]]
        self.assertEqual(len(listed), 4)
        self.assertNotIn(self.water.title, listed)
        self.assertContains(
            response,
            '<p class="pledge-count">4 pledges between Pakistan and Türkiye at the events listed here:</p>',
            html=True,
        )

    def test_the_pair_s_pledge_list_says_when_it_shows_only_the_newest(self):
        w = self.world
        bulk_pledges([(self.talks, f"Pledge {i}", [w.pakistan, w.turkiye], []) for i in range(12)])
        response = self.client.get(reverse("relations:ties", args=["pk-tr"]))
        self.assertEqual(len(response.context["pledges"]), 10)
        self.assertContains(
            response,
            '<p class="pledge-count">16 pledges between Pakistan and Türkiye at the events listed here, '
            "the newest 10 shown:</p>",
            html=True,
        )
        self.assertContains(response, "15 pledges made, 14 between Pakistan and Türkiye")

    def test_the_event_page_lists_every_pledge_its_row_counts_with_their_parties(self):
        response = self.client.get(self.talks.get_absolute_url())
        self.assertEqual(len(response.context["pledges"]), 3)
        self.assertContains(response, '<span class="role">(India, Pakistan)</span>', html=True)
        self.assertContains(response, '<span class="role">(Pakistan, Türkiye)</span>', html=True, count=2)

    def test_pages_other_than_a_pair_s_count_every_pledge_made(self):
        response = self.client.get(reverse("relations:timeline"))
        self.assertContains(response, '<p class="pledge-count">3 pledges made</p>', html=True)
        self.assertNotContains(response, "between Pakistan")


class ListCountsTests(TestCase):
    """Counts on one page agree with the rows another page lists for them."""

    @classmethod
    def setUpTestData(cls):
        cls.world = w = build_world()
        make_event("Second session", "2025-12", {w.pakistan: "host", w.turkiye: "visitor"}, commission=w.jmc)

    def test_a_commission_s_session_count_is_the_number_of_sessions_on_its_page(self):
        listed = self.client.get(reverse("relations:commission-list")).context["commissions"]
        jmc = next(c for c in listed if c.pk == self.world.jmc.pk)
        page = self.client.get(self.world.jmc.get_absolute_url())
        self.assertEqual(jmc.session_count, len(page.context["sessions"]))
        self.assertEqual(jmc.session_count, 2)

    def test_a_country_s_event_count_is_the_number_of_rows_on_its_timeline(self):
        countries = self.client.get(reverse("relations:country-list")).context["countries"]
        for country in countries:
            with self.subTest(country=country.code):
                page = self.client.get(country.get_absolute_url())
                self.assertEqual(country.event_count, len(page.context["page"].items))

    def test_a_partner_s_shared_events_are_the_rows_on_the_pair_s_page(self):
        partners = self.client.get(reverse("relations:country-detail", args=["pk"])).context["partners"]
        for partner in partners:
            with self.subTest(partner=partner["partner"].code):
                page = self.client.get(partner["url"])
                self.assertEqual(partner["events"], len(page.context["page"].items))

    def test_the_status_counts_add_up_to_the_pledges_listed(self):
        for params in ({}, {"country": "tr"}, {"pair": "pk-tr"}, {"q": "trade"}):
            with self.subTest(**params):
                response = self.client.get(reverse("relations:pledge-list"), params)
                counted = sum(n for _, n in response.context["totals"])
                self.assertEqual(counted, len(response.context["page"].items))

    def test_with_a_status_chosen_the_counts_say_they_cover_every_status(self):
        response = self.client.get(reverse("relations:pledge-list"), {"status": "fulfilled", "country": "tr"})
        self.assertEqual([p.title for p in response.context["page"].items], ["Cooperate on LNG"])
        self.assertContains(
            response,
            '<li class="is-chosen"><a href="?country=tr&amp;status=fulfilled" aria-current="true">'
            "<strong>1</strong> fulfilled</a></li>",
            html=True,
        )
        self.assertContains(
            response, "The counts cover every status; the list below holds the fulfilled pledges only."
        )
        self.assertContains(response, '<a href="?country=tr">Every status</a>', html=True)

    def test_without_a_status_chosen_no_count_is_marked(self):
        response = self.client.get(reverse("relations:pledge-list"))
        self.assertNotContains(response, "is-chosen")
        self.assertNotContains(response, "The counts cover every status")
