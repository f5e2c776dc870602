"""The admin's autocomplete boxes offer the record an editor means first and name each so that two
of the same name can be told apart, at a fixed number of queries however many records match."""

from __future__ import annotations

from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from relations.models import (
    Country,
    Event,
    EventCountry,
    OfficeHeld,
    Official,
    OfficialName,
    Participant,
    Pledge,
    PledgeParty,
)
from tests.test_admin import admin_url
from tests.world import build_world, bulk_events, make_event

# The boxes of the event form and of a citation, by the form field that opens them.
COUNTRY = ("event", "place_country")
OFFICIAL = ("participant", "official")
EVENT = ("eventlink", "to_event")
PLEDGE = ("citation", "pledge")
OFFICE = ("citation", "office")
STATUS_CHANGE = ("citation", "status_change")
SOURCE = ("citation", "source")


def add_official(name: str, nationality: str, *, office: tuple | None = None, events: list[Event] = ()):
    """An official of ``nationality`` (a code) with, if given, an office (title, country code,
    start, end) and a participation in each of ``events``."""
    official = Official.objects.create(name=name, nationality_id=nationality)
    if office:
        title, country, start, end = office
        OfficeHeld.objects.create(official=official, title=title, country_id=country, start=start, end=end)
    Participant.objects.bulk_create(
        Participant(event=event, official=official, side_id=nationality, date_start=event.date_start)
        for event in events
    )
    return official


class LookupTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.admin = User.objects.create_superuser("admin", password="x")
        cls.editor = User.objects.create_user("editor", password="x", is_staff=True)
        cls.editor.groups.add(Group.objects.get(name="Editors"))
        cls.talks = bulk_events(
            [
                (f"Border talks {year}", f"{year}-03", {"IN": "party", "PK": "party"})
                for year in range(2011, 2015)
            ]
        )

    def setUp(self):
        self.client.force_login(self.admin)

    def response(self, box: tuple[str, str], term: str, **params):
        model_name, field_name = box
        query = {"app_label": "relations", "model_name": model_name, "field_name": field_name, "term": term}
        return self.client.get(reverse("admin:autocomplete"), {**query, **params})

    def offered(self, box: tuple[str, str], term: str) -> list[str]:
        response = self.response(box, term)
        self.assertEqual(response.status_code, 200)
        return [result["text"] for result in response.json()["results"]]

    def offered_ids(self, box: tuple[str, str], term: str) -> list[str]:
        return [result["id"] for result in self.response(box, term).json()["results"]]

    def queries(self, box: tuple[str, str], term: str) -> int:
        with CaptureQueriesContext(connection) as done:
            self.assertEqual(self.response(box, term).status_code, 200)
        return len(done)


class CountryLookupTests(LookupTestCase):
    def test_turk_typed_any_way_offers_turkiye_before_turkmenistan(self):
        for term in ("Turk", "Türk", "turk", "TÜRK"):
            with self.subTest(term=term):
                self.assertEqual(self.offered_ids(COUNTRY, term)[:2], ["TR", "TM"])

    def test_a_current_name_typed_whole_comes_first(self):
        for term in ("TURKIYE", "Türkiye", "turkiye"):
            with self.subTest(term=term):
                self.assertEqual(self.offered(COUNTRY, term), ["Türkiye"])
        # "Guinea" is a whole name, and the start of Guinea-Bissau's and Equatorial Guinea's.
        self.assertEqual(self.offered_ids(COUNTRY, "guinea")[:3], ["GN", "GW", "GQ"])

    def test_an_iso_code_finds_its_country_first(self):
        self.assertEqual(self.offered_ids(COUNTRY, "TR")[0], "TR")
        self.assertEqual(self.offered_ids(COUNTRY, "tm")[0], "TM")

    def test_a_country_found_by_another_name_says_which(self):
        self.assertEqual(self.offered(COUNTRY, "Turkey"), ["Türkiye (Turkey)"])
        self.assertEqual(self.offered(COUNTRY, "turke"), ["Türkiye (Turkey)"])
        self.assertEqual(self.offered(COUNTRY, "Holland"), ["Netherlands (Holland)"])
        self.assertEqual(self.offered(COUNTRY, "Deutschland"), ["Germany (Deutschland)"])

    def test_a_country_whose_current_name_holds_the_text_is_named_alone(self):
        self.assertEqual(self.offered(COUNTRY, "korea"), ["North Korea", "South Korea"])

    def test_current_names_come_before_other_names(self):
        # "Congo" is the Republic of the Congo's short name, and in the other Congo's short name;
        # "Zaire", a former name of the second, matches nothing else.
        self.assertEqual(self.offered_ids(COUNTRY, "congo")[:2], ["CG", "CD"])
        self.assertEqual(self.offered(COUNTRY, "zaire"), ["Democratic Republic of the Congo (Zaire)"])

    def test_the_country_change_list_ranks_its_search_the_same_way(self):
        response = self.client.get(admin_url(Country, "changelist"), {"q": "Turk"})
        self.assertEqual([c.code for c in response.context["cl"].result_list][:2], ["TR", "TM"])

    def test_a_change_list_sorted_by_a_column_keeps_that_order(self):
        # The second column is the name: byte order puts "Tu" before "Tü".
        response = self.client.get(admin_url(Country, "changelist"), {"q": "Turk", "o": "2"})
        self.assertEqual([c.code for c in response.context["cl"].result_list], ["TM", "TC", "TR"])

    def test_the_country_box_costs_the_same_for_any_term(self):
        counts = {term: self.queries(COUNTRY, term) for term in ("a", "Al", "Turk", "Holland")}
        self.assertEqual(len(set(counts.values())), 1, counts)


class OfficialLookupTests(LookupTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        talks = cls.talks
        cls.minister = add_official(
            "Ali Khan", "PK", office=("Federal Minister for Interior", "PK", "2024-03", None)
        )
        cls.envoy = add_official(
            "Ali Khan", "IN", office=("Ambassador to Türkiye", "IN", "2010", "2015"), events=talks[::3]
        )
        cls.senator = add_official("Ali Khanzada", "PK", office=("Senator", "PK", "2021", None))
        cls.aziz = add_official("Aziz Rahman", "PK")
        cls.bilal = add_official("Bilal Rahman", "PK", events=talks[:1])
        cls.zara = add_official("Zara Rahman", "PK", events=talks[:3])
        cls.omar = add_official("Omar Rahman", "PK", office=("Governor", "PK", "2022", None))

    def test_exact_names_come_first_those_in_office_first_among_them(self):
        offered = self.offered_ids(OFFICIAL, "ali khan")
        self.assertEqual(offered, [str(o.pk) for o in (self.minister, self.envoy, self.senator)])

    def test_an_exact_name_is_found_through_an_alias_without_accents(self):
        OfficialName.objects.create(official=self.senator, name="Alı Khân")
        offered = self.offered_ids(OFFICIAL, "ALI KHAN")
        self.assertEqual(offered, [str(o.pk) for o in (self.minister, self.senator, self.envoy)])

    def test_then_those_in_office_then_the_more_active_then_by_name(self):
        offered = self.offered_ids(OFFICIAL, "rahman")
        self.assertEqual(offered, [str(o.pk) for o in (self.omar, self.zara, self.bilal, self.aziz)])

    def test_two_officials_of_the_same_name_are_told_apart(self):
        self.assertEqual(
            self.offered(OFFICIAL, "ali khan")[:2],
            [
                "Ali Khan — Federal Minister for Interior, Pakistan (2024–)",
                "Ali Khan — former Ambassador to Türkiye, India (2010–2015) · events 2011–2014",
            ],
        )

    def test_an_official_without_an_office_is_named_with_the_nationality_and_years(self):
        self.assertIn("Zara Rahman — Pakistan · events 2011–2013", self.offered(OFFICIAL, "zara"))

    def test_the_office_held_now_is_named_before_an_earlier_one(self):
        OfficeHeld.objects.create(
            official=self.omar, title="Senator", country_id="PK", start="2015", end="2021"
        )
        self.assertEqual(self.offered(OFFICIAL, "omar"), ["Omar Rahman — Governor, Pakistan (2022–)"])

    def test_the_official_change_list_ranks_its_search_the_same_way(self):
        response = self.client.get(admin_url(Official, "changelist"), {"q": "rahman"})
        listed = list(response.context["cl"].result_list)
        self.assertEqual(listed, [self.omar, self.zara, self.bilal, self.aziz])

    def test_an_editor_gets_the_same_choices(self):
        self.client.force_login(self.editor)
        self.assertEqual(self.offered_ids(OFFICIAL, "ali khan")[0], str(self.minister.pk))

    def test_the_official_box_costs_the_same_however_many_officials_match(self):
        before = {term: self.queries(OFFICIAL, term) for term in ("a", "Al")}
        for i in range(45):  # more than one page, and more than are ranked by activity
            add_official(
                f"Alma Official {i}",
                "IN",
                office=(f"Minister {i}", "IN", "2020", "2022" if i % 2 else None),
                events=self.talks[: i % 4],
            )
        after = {term: self.queries(OFFICIAL, term) for term in ("a", "Al")}
        self.assertEqual(before, after)
        self.assertEqual(len(self.offered(OFFICIAL, "a")), 20)

    def test_more_pages_keep_the_ranking(self):
        for i in range(25):
            add_official(f"Alma Official {i:02d}", "IN", events=self.talks[: i % 3])
        first = self.response(OFFICIAL, "alma").json()
        second = self.response(OFFICIAL, "alma", page=2).json()
        self.assertTrue(first["pagination"]["more"])
        ids = [r["id"] for r in first["results"] + second["results"]]
        self.assertEqual(len(ids), 25)
        self.assertEqual(len(set(ids)), 25)


class OtherLookupTests(LookupTestCase):
    def test_two_events_of_the_same_title_are_told_apart_by_date_and_countries(self):
        world = self.world
        make_event("Foreign ministers meet", "2025-07-09", {world.pakistan: "host", world.turkiye: "visitor"})
        make_event("Foreign ministers meet", "2024", {world.india: "party", world.pakistan: "party"})
        self.assertEqual(
            sorted(self.offered(EVENT, "foreign ministers")),
            [
                "Foreign ministers meet (2024; India, Pakistan)",
                "Foreign ministers meet (9 July 2025; Pakistan, Türkiye)",
            ],
        )

    def test_an_event_of_many_countries_names_three(self):
        event = make_event("Summit of five", "2025", {})
        for code in ("FR", "DE", "IT", "ES", "PL"):
            EventCountry.objects.create(event=event, country_id=code, role="party")
        self.assertEqual(
            self.offered(EVENT, "summit of five"), ["Summit of five (2025; France, Germany, Italy, 2 more)"]
        )

    def test_a_pledge_is_named_with_its_parties_and_the_event_it_was_made_at(self):
        self.assertEqual(
            self.offered(PLEDGE, "cooperate on lng"),
            [
                "Cooperate on LNG — Pakistan, Türkiye, at 16th session of the Pakistan–Türkiye Joint "
                "Ministerial Commission (8–9 September 2025)"
            ],
        )

    def test_a_status_change_is_named_with_its_pledge(self):
        texts = self.offered(STATUS_CHANGE, "lng")
        self.assertEqual(len(texts), 2)
        self.assertTrue(all(text.startswith("Cooperate on LNG: ") for text in texts), texts)

    def test_an_office_is_named_with_its_official_country_and_years(self):
        self.assertEqual(
            self.offered(OFFICE, "guler"), ["Yaşar Güler: Minister of National Defence, Türkiye (2023–)"]
        )

    def test_offices_of_an_official_named_exactly_come_first_held_ones_first(self):
        guler = self.world.guler
        OfficeHeld.objects.create(
            official=guler, title="Chief of the General Staff", start="2018", end="2023"
        )
        other = add_official("Yaşar Gülerer", "TR", office=("Governor", "TR", "2024", None))
        offered = self.offered(OFFICE, "yasar guler")
        self.assertEqual(
            offered,
            [
                "Yaşar Güler: Minister of National Defence, Türkiye (2023–)",
                "Yaşar Güler: former Chief of the General Staff (2018–2023)",
                f"{other.name}: Governor, Türkiye (2024–)",
            ],
        )

    def test_a_source_is_named_with_its_publisher_and_date(self):
        self.assertEqual(
            self.offered(SOURCE, "closer cooperation"),
            ["Arab News, 9 Sep 2025: Pakistan, Türkiye agree on closer cooperation"],
        )

    def test_every_box_costs_the_same_however_many_records_match(self):
        boxes = (EVENT, PLEDGE, OFFICE, STATUS_CHANGE, SOURCE)
        before = {(box, term): self.queries(box, term) for box in boxes for term in ("a", "Al")}
        events = bulk_events(
            [
                (f"Alpine talks {i}", f"2025-0{i % 9 + 1}", {"PK": "host", "TR": "visitor", "IN": "party"})
                for i in range(30)
            ]
        )
        for event in events:
            pledge = Pledge.objects.create(event=event, title=f"Alpine pledge at {event.title}")
            PledgeParty.objects.create(pledge=pledge, country_id="PK")
            OfficeHeld.objects.create(
                official=self.world.khan, title=f"Alpine envoy {event.pk}", start="2020"
            )
        after = {(box, term): self.queries(box, term) for box in boxes for term in ("a", "Al")}
        self.assertEqual(before, after)
