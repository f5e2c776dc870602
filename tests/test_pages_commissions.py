"""The commissions list and a commission's page with its numbered sessions."""

from django.test import TestCase
from django.urls import reverse

from relations.models import Commission, Event, Participant, Pledge, PledgeReaffirmation, PledgeStatusChange
from tests.world import build_world, bulk_events, make_event


def add_session(commission: Commission, number: int, date: str, countries: dict, **fields) -> Event:
    return make_event(
        f"Session {number} of the {commission.acronym or commission.name}",
        date,
        countries,
        kind=Event.Kind.COMMISSION_SESSION,
        commission=commission,
        session_number=number,
        **fields,
    )


class CommissionListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def test_the_list_shows_members_kind_founding_sessions_and_the_latest_one(self):
        w = self.world
        add_session(w.jmc, 15, "2024-11", {w.pakistan: "visitor", w.turkiye: "host"}, place="Ankara")
        response = self.client.get(reverse("relations:commission-list"))
        self.assertContains(response, "<h1>Commissions</h1>", html=True)
        self.assertContains(response, w.jmc.name)
        self.assertContains(response, "(JMC)")
        self.assertContains(response, "joint ministerial commission")
        self.assertContains(response, '<time datetime="1975">1975</time>', html=True)
        self.assertContains(response, "flags/pk.gif")
        self.assertContains(response, "flags/tr.gif")
        jmc = response.context["commissions"][0]
        self.assertEqual(jmc.session_count, 2)
        self.assertEqual([s.session_number for s in jmc.latest_sessions], [16])
        self.assertContains(response, "No. 16, ")
        self.assertContains(
            response, '<a href="/commissions/" aria-current="page">Commissions</a>', html=True
        )

    def test_a_commission_without_sessions_shows_none(self):
        Commission.objects.create(name="Pakistan–India Indus Commission", kind=Commission.Kind.OTHER)
        response = self.client.get(reverse("relations:commission-list"))
        indus = next(c for c in response.context["commissions"] if c.name.startswith("Pakistan–India"))
        self.assertEqual((indus.session_count, indus.latest_sessions), (0, []))

    def test_the_list_costs_the_same_with_many_commissions_and_sessions(self):
        w = self.world
        sessions = []
        for i in range(50):
            commission = Commission.objects.create(
                name=f"Commission {i:02d}", kind=Commission.Kind.JOINT, parent=w.jmc
            )
            commission.members.set([w.pakistan, w.india])
            sessions += [
                (
                    f"Session {number} of the {commission.name}",
                    f"202{number}-0{number}",
                    {w.pakistan: "party"},
                    {"commission": commission, "session_number": number},
                )
                for number in (1, 2)
            ]
        bulk_events(sessions, kind=Event.Kind.COMMISSION_SESSION)
        with self.assertNumQueries(3):
            response = self.client.get(reverse("relations:commission-list"))
        self.assertEqual(len(response.context["commissions"]), 51)
        self.assertEqual(
            {c.name: c.session_count for c in response.context["commissions"]}["Commission 49"], 2
        )
        self.assertContains(response, "Commission 49")
        self.assertContains(response, "under Pakistan–Türkiye Joint Ministerial Commission")


class CommissionPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        w = cls.world
        cls.council = Commission.objects.create(
            name="High-Level Strategic Cooperation Council", kind=Commission.Kind.HIGH_LEVEL_COUNCIL
        )
        w.jmc.parent = cls.council
        w.jmc.save()
        # Entered after the 16th session, dated before it: the page orders by number.
        cls.session_15 = add_session(
            w.jmc, 15, "2024-11", {w.pakistan: "visitor", w.turkiye: "host"}, place="Ankara"
        )

    def test_the_page_shows_founding_parent_body_and_members(self):
        response = self.client.get(self.world.jmc.get_absolute_url())
        self.assertContains(response, "<h1>", count=1)
        self.assertContains(response, "Pakistan–Türkiye Joint Ministerial Commission (JMC)")
        self.assertContains(response, '<dt>Founded</dt><dd><time datetime="1975">1975</time></dd>', html=True)
        self.assertContains(response, f'<a href="{self.council.get_absolute_url()}">{self.council.name}</a>')
        self.assertContains(response, "flags/tr.gif")
        self.assertContains(
            response, '<a href="/commissions/" aria-current="page">Commissions</a>', html=True
        )

    def test_sessions_are_in_session_number_order_with_date_place_and_co_chairs(self):
        response = self.client.get(self.world.jmc.get_absolute_url())
        self.assertEqual([s.session_number for s in response.context["sessions"]], [15, 16])
        self.assertContains(response, '<time datetime="2024-11">November 2024</time>', html=True)
        self.assertNotContains(response, "1 November 2024")
        self.assertContains(
            response,
            '<time datetime="2025-09-08">8</time>–<time datetime="2025-09-09">9 September 2025</time>',
            html=True,
        )
        self.assertContains(response, "Islamabad, Pakistan")
        self.assertContains(response, "Ankara")
        self.assertContains(response, "Yaşar Güler")
        self.assertContains(response, "Jam Kamal Khan")
        self.assertContains(response, "<dt>Co-chairs</dt><dd>Not recorded</dd>", html=True)

    def test_only_co_chairs_are_listed_as_co_chairs(self):
        Participant.objects.create(event=self.world.session_16, name="A Delegate", role="delegate")
        response = self.client.get(self.world.jmc.get_absolute_url())
        self.assertNotContains(response, "A Delegate")

    def test_each_session_lists_its_pledges_with_their_current_status(self):
        response = self.client.get(self.world.jmc.get_absolute_url())
        self.assertContains(response, "Expand bilateral trade to US$5 billion")
        self.assertContains(response, '<span class="status status-announced">announced</span>', html=True)
        self.assertContains(response, '<span class="status status-fulfilled">fulfilled</span>', html=True)
        self.assertContains(response, "<dt>Pledges</dt><dd>None recorded</dd>", html=True)  # the 15th

    def test_a_session_where_a_pledge_was_made_again_says_so_and_links_its_first_making(self):
        w = self.world
        PledgeReaffirmation.objects.create(pledge=w.trade_pledge, event=self.session_15)
        response = self.client.get(w.jmc.get_absolute_url())
        first = w.trade_pledge.event
        html = response.content.decode()
        card = html[html.index(f'id="session-{self.session_15.pk}"') :]
        card = card[: card.index("</article>")]
        self.assertIn("<dt>Pledged again</dt>", card)
        self.assertIn(f'<a href="{w.trade_pledge.get_absolute_url()}">{w.trade_pledge.title}</a>', card)
        self.assertIn(f'at <a href="{first.get_absolute_url()}">{first.title}</a>)', card)
        # The session where it was first made lists it as made there, not made again.
        card_16 = html[html.index(f'id="session-{w.session_16.pk}"') :]
        self.assertNotIn("<dt>Pledged again</dt>", card_16[: card_16.index("</article>")])

    def test_the_slug_is_case_insensitive_and_an_unknown_one_is_a_404(self):
        upper = reverse("relations:commission-detail", args=[self.world.jmc.slug.upper()])
        self.assertContains(self.client.get(upper), "Pakistan–Türkiye Joint Ministerial Commission")
        missing = self.client.get(reverse("relations:commission-detail", args=["no-such-body"]))
        self.assertContains(missing, "Page not found", status_code=404)

    def test_the_page_costs_the_same_with_many_sessions(self):
        w = self.world
        for number in range(17, 70):
            session = add_session(w.jmc, number, f"20{number}-01", {w.pakistan: "host", w.turkiye: "visitor"})
            Participant.objects.create(event=session, official=w.guler, role="co_chair", side=w.turkiye)
            Participant.objects.create(event=session, official=w.khan, role="co_chair", side=w.pakistan)
            pledge = Pledge.objects.create(event=session, title=f"Pledge at session {number}")
            PledgeStatusChange.objects.create(pledge=pledge, status="announced", as_of=f"20{number}")
            PledgeReaffirmation.objects.create(pledge=w.trade_pledge, event=session)
        # The seventh reads the sources of its sessions, once, for "Cite this".
        with self.assertNumQueries(7):
            response = self.client.get(w.jmc.get_absolute_url())
        self.assertEqual(len(response.context["sessions"]), 55)
        self.assertContains(response, "Pledge at session 69")
