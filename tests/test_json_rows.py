"""JSONRows: a queryset's rows read as one JSON array inside each row of another query."""

from django.db.models import OuterRef
from django.test import TestCase

from relations.models import Event, EventCountry, Participant
from relations.models.jsonrows import JSONRows
from tests.world import build_world, make_event


def countries(order: str) -> JSONRows:
    rows = EventCountry.objects.filter(event=OuterRef("pk")).order_by(order)
    return JSONRows(rows, country="country_id", role="role", name="country__name")


class JSONRowsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def rows(self, event: Event, **annotation) -> list:
        (name,) = annotation
        return getattr(Event.objects.annotate(**annotation).get(pk=event.pk), name)

    def test_each_row_is_an_object_with_the_keys_given(self):
        self.assertEqual(
            self.rows(self.world.session_16, rows=countries("country_id")),
            [
                {"country": "PK", "role": "host", "name": "Pakistan"},
                {"country": "TR", "role": "visitor", "name": "Türkiye"},
            ],
        )

    def test_rows_come_in_the_querysets_order(self):
        w = self.world
        event = make_event("Talks", "2025-10", {w.turkiye: "party", w.india: "party", w.pakistan: "host"})

        def codes(order: str) -> list[str]:
            return [row["country"] for row in self.rows(event, rows=countries(order))]

        self.assertEqual(codes("country_id"), ["IN", "PK", "TR"])
        self.assertEqual(codes("-country_id"), ["TR", "PK", "IN"])
        self.assertEqual(codes("role")[:1], ["PK"])

    def test_no_rows_give_an_empty_list_and_missing_values_are_null(self):
        w = self.world
        Participant.objects.create(event=w.conflict, name="A spokesman", role="speaker")
        participants = Participant.objects.filter(event=OuterRef("pk")).order_by("pk")
        people = JSONRows(participants, official="official__slug", name="name", side="side_id")
        self.assertEqual(self.rows(w.visit_july, rows=people), [])
        self.assertEqual(
            self.rows(w.conflict, rows=people), [{"official": None, "name": "A spokesman", "side": None}]
        )

    def test_every_row_of_the_outer_query_gets_its_own_list(self):
        listed = Event.objects.annotate(rows=countries("country_id")).order_by("date_start")
        self.assertEqual(
            [[r["country"] for r in event.rows] for event in listed],
            [["IN", "PK"], ["PK", "TR"], ["PK", "TR"]],
        )

    def test_it_needs_an_order_and_plain_keys(self):
        unordered = EventCountry.objects.filter(event=OuterRef("pk")).order_by()
        with self.assertRaisesMessage(ValueError, "order_by()"):
            JSONRows(unordered, country="country_id")
        ordered = unordered.order_by("country_id")
        for key in ("Country", "it's", "", "1st"):
            with self.subTest(key=key), self.assertRaisesMessage(ValueError, "keys"):
                JSONRows(ordered, **{key: "country_id"})
