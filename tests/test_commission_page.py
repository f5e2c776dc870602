"""The commission page read through prepared queries (relations/commission_page.py): every
commission's page is the same bytes as when it was read through ``prefetch_related``, each list
is read by one query, and the page then reads nothing more."""

from django.db import connection
from django.db.models import F, OuterRef, Prefetch
from django.shortcuts import get_object_or_404
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from relations.commission_page import commission_page
from relations.models import Commission, CommissionName, Country, NameKind, Participant, Pledge
from relations.models.countries import name_as_of
from relations.models.jsonrows import JSONRows
from tests.replaced_readings import assert_same_pages
from tests.world import build_world, make_event


def prefetched(slug: str) -> tuple[Commission, list]:
    """The commission and its sessions as the page read them before."""
    names = CommissionName.objects.filter(commission=OuterRef("pk")).order_by("kind", "name")
    commission = get_object_or_404(
        Commission.objects.select_related("parent")
        .annotate(name_rows=JSONRows(names, name="name", kind="kind"))
        .prefetch_related(Prefetch("members", queryset=Country.objects.order_by("name")), "children"),
        slug=slug,
    )
    co_chairs = (
        Participant.objects.filter(role=Participant.Role.CO_CHAIR)
        .select_related("official", "side")
        .annotate(side_name=name_as_of("side_id", "date_start"))
    )
    sessions = (
        commission.sessions.with_reaffirmed()
        .select_related("place_country", "kind")
        .annotate(place_name=name_as_of("place_country_id", "date_start"))
        .prefetch_related(
            Prefetch("participants", queryset=co_chairs.order_by("pk"), to_attr="co_chairs"),
            Prefetch("pledges", queryset=Pledge.objects.order_by("pk"), to_attr="pledge_list"),
        )
        .order_by(F("session_number").asc(nulls_last=True), "date_start", "pk")
    )
    return commission, list(sessions)


class CommissionPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        w = cls.world = build_world()
        members = {w.pakistan: "host", w.turkiye: "visitor"}
        CommissionName.objects.create(commission=w.jmc, name="JMC", kind=NameKind.ACRONYM)
        CommissionName.objects.create(
            commission=w.jmc, name="Türkiye–Pakistan <JMC>", kind=NameKind.ALTERNATE
        )
        for name in ("Trade <Working> Group", "Defence Working Group"):
            Commission.objects.create(name=name, kind=Commission.Kind.OTHER, parent=w.jmc)
        # Sessions out of number order, one without a number, one held in 2019 (Turkey then).
        for number, day in ((15, "2019-04"), (17, "2026-03-02"), (None, "2024")):
            title = f"JMC session {number or 'extraordinary'}"
            session = make_event(
                title,
                day,
                members,
                commission=w.jmc,
                session_number=number,
                place="Ankara",
                place_country=w.turkiye,
            )
            Participant.objects.create(event=session, official=w.guler, side=w.turkiye, role="co_chair")
            Participant.objects.create(event=session, name="A minister", role="speaker")
            Pledge.objects.create(event=session, title=f"Pledge at {title} & more")
        cls.empty = Commission.objects.create(name="A body that never met", kind=Commission.Kind.OTHER)

    def test_every_commission_page_is_the_same_bytes_as_its_prefetched_reading(self):
        urls = [commission.get_absolute_url() for commission in Commission.objects.order_by("pk")]
        self.assertGreater(len(urls), 3)
        assert_same_pages(self, urls, {"relations.views.commissions.commission_page": prefetched})
        html = self.client.get(self.world.jmc.get_absolute_url()).content.decode()
        for text in (
            "Trade &lt;Working&gt; Group",
            "Türkiye–Pakistan &lt;JMC&gt;",
            "Pledge at JMC session 17 &amp; more",
        ):
            self.assertIn(text, html)

    def test_each_list_is_read_once_and_the_page_reads_nothing_more(self):
        with CaptureQueriesContext(connection) as queries:
            commission, sessions = commission_page(self.world.jmc.slug)
        # The commission, its members, its child bodies, the sessions, their co-chairs and pledges.
        self.assertEqual(len(queries), 6)
        with self.assertNumQueries(0):
            self.assertEqual([c.name for c in commission.members.all()], ["Pakistan", "Türkiye"])
            self.assertEqual(
                [c.name for c in commission.children.all()],
                ["Defence Working Group", "Trade <Working> Group"],
            )
            self.assertEqual([s.session_number for s in sessions], [15, 16, 17, None])
            self.assertEqual([len(s.co_chairs) for s in sessions], [1, 2, 1, 1])
            self.assertEqual([len(s.pledge_list) for s in sessions], [1, 2, 1, 1])
            for session in sessions:
                self.assertEqual(session.commission, commission)
                self.assertTrue(all(p.event is session for p in session.pledge_list + session.co_chairs))
            self.assertEqual(sessions[0].place_name, "Turkey")

    def test_a_commission_that_never_met_reads_no_session_lists(self):
        with CaptureQueriesContext(connection) as queries:
            commission, sessions = commission_page(self.empty.slug)
        self.assertEqual((commission.name, sessions, len(queries)), ("A body that never met", [], 4))
        self.assertContains(self.client.get(self.empty.get_absolute_url()), "A body that never met")

    def test_an_unknown_commission_is_a_404_page(self):
        response = self.client.get(reverse("relations:commission-detail", args=["no-such-body"]))
        self.assertEqual(response.status_code, 404)
