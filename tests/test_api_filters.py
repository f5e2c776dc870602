"""Filtering the API: the pages' filter names on /api/events/ and /api/pledges/, ordering, page size.

The seed story, plus an announced 17th JMC in 2026, the energy pledge in progress and an
India–Pakistan ceasefire pledge, so that every filter has something to leave out.
"""

import datetime as dt

from django.test import TestCase
from django.urls import reverse
from rest_framework.test import APIClient

from relations.models import (
    Commission,
    Event,
    EventCountry,
    Pledge,
    PledgeParty,
    PledgeStatus,
    PledgeStatusChange,
)
from tests.world import load_story

TRADE_GOAL = "2024-pakistan-turkiye-us-5-billion-trade-goal"
CONFLICT = "2025-india-pakistan-conflict"
SUPPORT = "2025-turkiye-support-for-pakistan"
FIDAN_VISIT = "2025-fidan-guler-visit-to-pakistan"
JOINT_COMMISSION_1 = "2025-pakistan-turkiye-joint-commission-1st-meeting"
GULER_VISIT = "2025-yasar-guler-visit-to-pakistan"
JMC_16 = "2025-pakistan-turkiye-jmc-16th-session"
JMC_17 = "2026-17th-session-of-the-pakistan-turkiye-joint-ministerial-commission"

EVERY_EVENT = [JMC_17, JMC_16, GULER_VISIT, JOINT_COMMISSION_1, FIDAN_VISIT, CONFLICT, SUPPORT, TRADE_GOAL]

ENERGY = "Work together on renewable energy, oil, gas and LNG"
DEFENCE = "Boost defence technology, joint production and capacity building"
AGRICULTURE = "Open cooperation in agriculture, food security and health"
TECHNOLOGY = "Boost cooperation in IT, e-commerce, fintech and artificial intelligence"
CULTURE = "Collaborate on workforce, media, culture and tourism"
INVESTORS = "Pakistan to facilitate Turkish investors in its special economic zones"
TRADE = "Expand bilateral trade to US$5 billion a year"
PARTNERSHIP = "Turn Pakistan–Türkiye ties into a productive economic partnership"
CEASEFIRE = "Observe the ceasefire of 10 May"

MADE_AT_JMC_16 = [ENERGY, DEFENCE, AGRICULTURE, TECHNOLOGY, CULTURE, INVESTORS, PARTNERSHIP]
PAKISTAN_TURKIYE = [*MADE_AT_JMC_16, TRADE]


class FilterTestCase(TestCase):
    client_class = APIClient

    @classmethod
    def setUpTestData(cls):
        load_story()
        jmc_17 = Event.objects.create(
            title="17th session of the Pakistan–Türkiye Joint Ministerial Commission",
            kind=Event.Kind.COMMISSION_SESSION,
            status=Event.Status.ANNOUNCED,
            commission=Commission.objects.get(slug="pakistan-turkiye-jmc"),
            session_number=17,
            place_country_id="TR",
            date="2026",
        )
        EventCountry.objects.create(event=jmc_17, country_id="TR", role=EventCountry.Role.HOST)
        EventCountry.objects.create(event=jmc_17, country_id="PK", role=EventCountry.Role.VISITOR)

        PledgeStatusChange.objects.create(
            pledge=Pledge.objects.get(title=ENERGY), status=PledgeStatus.IN_PROGRESS, as_of="2025-11"
        )

        ceasefire = Pledge.objects.create(event=Event.objects.get(slug=CONFLICT), title=CEASEFIRE)
        PledgeParty.objects.create(pledge=ceasefire, country_id="IN")
        PledgeParty.objects.create(pledge=ceasefire, country_id="PK")
        PledgeStatusChange.objects.create(pledge=ceasefire, status=PledgeStatus.ANNOUNCED, as_of="2025-05-10")

    def get(self, name: str, params: dict | list) -> dict:
        response = self.client.get(reverse(f"api:{name}"), params)
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()

    def events(self, **params) -> list[str]:
        """The slugs of every matching event, newest first (ties broken by the latest entered)."""
        page = self.get("event-list", {"page_size": 500, "ordering": "-date_start,-id", **params})
        self.assertIsNone(page["next"])
        return [event["slug"] for event in page["results"]]

    def pledges(self, **params) -> list[str]:
        """The titles of every matching pledge, in the order they were entered."""
        page = self.get("pledge-list", {"page_size": 500, "ordering": "id", **params})
        self.assertIsNone(page["next"])
        return [pledge["title"] for pledge in page["results"]]

    def assertRefused(self, name: str, params: dict, parameter: str, message: str) -> None:
        """The request is a 400 whose JSON names the parameter, and only it, with a message."""
        response = self.client.get(reverse(f"api:{name}"), params)
        self.assertEqual(response.status_code, 400, response.content)
        self.assertEqual(response.json(), {parameter: [message]})


class EventFilterTests(FilterTestCase):
    def test_without_filters_every_event_is_listed(self):
        self.assertEqual(self.events(), EVERY_EVENT)

    def test_country_keeps_events_that_country_takes_part_in(self):
        self.assertEqual(self.events(country="in"), [CONFLICT, SUPPORT])
        self.assertEqual(
            self.events(country="TR"),
            [JMC_17, JMC_16, GULER_VISIT, JOINT_COMMISSION_1, FIDAN_VISIT, SUPPORT, TRADE_GOAL],
        )

    def test_repeated_country_needs_every_country_to_take_part(self):
        self.assertEqual(self.events(country=["IN", "TR"]), [SUPPORT])
        self.assertEqual(self.events(country=["in", "pk", "tr"]), [SUPPORT])

    def test_pair_keeps_events_between_two_countries_in_either_order(self):
        self.assertEqual(self.events(pair="in-pk"), [CONFLICT, SUPPORT])
        self.assertEqual(self.events(pair="PK-IN"), [CONFLICT, SUPPORT])
        self.assertEqual(self.events(pair="in-tr"), [SUPPORT])

    def test_kind_keeps_events_of_that_kind(self):
        self.assertEqual(self.events(kind="commission_session"), [JMC_17, JMC_16, JOINT_COMMISSION_1])
        self.assertEqual(self.events(kind="VISIT"), [GULER_VISIT, FIDAN_VISIT])

    def test_status_keeps_announced_events_apart_from_held_ones(self):
        self.assertEqual(self.events(status="announced"), [JMC_17])
        self.assertEqual(self.events(status="held"), EVERY_EVENT[1:])

    def test_sector_includes_its_sub_sectors(self):
        self.assertEqual(self.events(sector="lng"), [JMC_16])
        self.assertEqual(self.events(sector="energy"), [JMC_16])
        self.assertEqual(self.events(sector="Defence"), [JMC_16, FIDAN_VISIT])
        self.assertEqual(self.events(sector="trade-and-investment"), [JMC_16, FIDAN_VISIT, TRADE_GOAL])

    def test_commission_keeps_its_sessions(self):
        self.assertEqual(self.events(commission="pakistan-turkiye-jmc"), [JMC_17, JMC_16])
        self.assertEqual(self.events(commission="Pakistan-Turkiye-Joint-Commission"), [JOINT_COMMISSION_1])

    def test_official_by_slug_or_by_a_name_without_accents(self):
        self.assertEqual(self.events(official="yasar-guler"), [JMC_16, GULER_VISIT, FIDAN_VISIT])
        self.assertEqual(self.events(official="Yasar Guler"), [JMC_16, GULER_VISIT, FIDAN_VISIT])
        self.assertEqual(self.events(official="hakan-fidan"), [JOINT_COMMISSION_1, FIDAN_VISIT])

    def test_a_month_precision_event_matches_a_day_inside_that_month(self):
        self.assertEqual(
            self.events(**{"from": "2025-05-15"}),
            [JMC_17, JMC_16, GULER_VISIT, JOINT_COMMISSION_1, FIDAN_VISIT, SUPPORT],
        )

    def test_from_and_to_keep_events_that_overlap_the_period(self):
        self.assertEqual(self.events(**{"from": "2025-07-15"}), [JMC_17, JMC_16, GULER_VISIT])
        self.assertEqual(self.events(to="2025-05-08"), [CONFLICT, SUPPORT, TRADE_GOAL])
        self.assertEqual(self.events(**{"from": "2025-05", "to": "2025-05"}), [CONFLICT, SUPPORT])
        self.assertEqual(self.events(**{"from": "2026", "to": "2026"}), [JMC_17])
        self.assertEqual(self.events(**{"from": "2025-09-10", "to": "2025-09-10"}), [GULER_VISIT])

    def test_q_searches_titles_without_accents(self):
        self.assertEqual(self.events(q="GÜLER"), [JMC_16, GULER_VISIT, FIDAN_VISIT])
        self.assertEqual(self.events(q="guler"), [JMC_16, GULER_VISIT, FIDAN_VISIT])

    def test_q_goes_through_country_and_official_aliases(self):
        # Pakistan's prime minister is also spelled "Shahbaz"; Türkiye was called Turkey.
        self.assertEqual(self.events(q="shahbaz"), [GULER_VISIT])
        self.assertEqual(self.events(q="turkey"), self.events(country="TR"))
        self.assertEqual(self.events(q="Turkiye"), self.events(country="TR"))

    def test_q_finds_a_commission_by_its_acronym(self):
        self.assertEqual(self.events(q="jmc"), [JMC_17, JMC_16])

    def test_filters_combine(self):
        self.assertEqual(
            self.events(pair="pk-tr", kind="visit", official="guler", to="2025-08"), [FIDAN_VISIT]
        )

    def test_an_empty_value_leaves_the_filter_off(self):
        self.assertEqual(self.events(country="", kind="", q=""), EVERY_EVENT)


class EventFilterErrorTests(FilterTestCase):
    def test_an_unknown_country_code_is_refused(self):
        self.assertRefused(
            "event-list", {"country": "XX"}, "country", "“XX” is not an ISO country code (such as PK or TR)."
        )

    def test_a_pair_needs_two_different_codes(self):
        self.assertRefused(
            "event-list", {"pair": "pk"}, "pair", "“pk” is not a pair of country codes such as pk-tr."
        )
        self.assertRefused("event-list", {"pair": "pk-pk"}, "pair", "A pair needs two different countries.")
        self.assertRefused(
            "event-list", {"pair": "pk-xx"}, "pair", "“xx” is not an ISO country code (such as PK or TR)."
        )

    def test_an_unknown_kind_or_status_is_refused(self):
        self.assertRefused(
            "event-list",
            {"kind": "picnic"},
            "kind",
            "Select a valid choice. picnic is not one of the available choices.",
        )
        self.assertRefused(
            "event-list",
            {"status": "someday"},
            "status",
            "Select a valid choice. someday is not one of the available choices.",
        )

    def test_an_unknown_sector_commission_or_official_is_refused(self):
        self.assertRefused("event-list", {"sector": "mining"}, "sector", "There is no sector “mining”.")
        self.assertRefused(
            "event-list", {"commission": "nato"}, "commission", "There is no commission “nato”."
        )
        self.assertRefused(
            "event-list", {"official": "nobody"}, "official", "No single official matches “nobody”."
        )

    def test_an_impossible_date_is_refused_under_its_own_name(self):
        self.assertRefused("event-list", {"from": "2025-13"}, "from", "“2025-13” is not a real date.")
        self.assertRefused("event-list", {"to": "2025-02-30"}, "to", "“2025-02-30” is not a real date.")
        response = self.client.get(reverse("api:event-list"), {"from": "yesterday"})
        self.assertEqual((response.status_code, list(response.json())), (400, ["from"]))

    def test_a_nul_byte_in_the_search_is_refused_not_a_crash(self):
        self.assertRefused("event-list", {"q": "gu\x00ler"}, "q", "Null characters are not allowed.")

    def test_each_bad_parameter_is_named_at_once(self):
        response = self.client.get(
            reverse("api:event-list"), {"from": "2025-13", "country": "XX", "kind": "visit"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(sorted(response.json()), ["country", "from"])


class PledgeFilterTests(FilterTestCase):
    def test_without_filters_every_pledge_is_listed(self):
        self.assertEqual(self.pledges(), [*PAKISTAN_TURKIYE[:6], TRADE, PARTNERSHIP, CEASEFIRE])

    def test_country_keeps_pledges_that_bind_or_benefit_it(self):
        self.assertEqual(self.pledges(country="in"), [CEASEFIRE])
        self.assertEqual(self.pledges(country="TR"), self.pledges(country=["pk", "tr"]))
        self.assertEqual(sorted(self.pledges(country="TR")), sorted(PAKISTAN_TURKIYE))
        self.assertEqual(len(self.pledges(country="PK")), 9)

    def test_pair_keeps_pledges_between_two_countries(self):
        self.assertEqual(self.pledges(pair="pk-in"), [CEASEFIRE])
        self.assertEqual(sorted(self.pledges(pair="tr-pk")), sorted(PAKISTAN_TURKIYE))
        self.assertEqual(self.pledges(pair="in-tr"), [])

    def test_status_is_the_current_status(self):
        self.assertEqual(self.pledges(status="in_progress"), [ENERGY])
        self.assertEqual(len(self.pledges(status="ANNOUNCED")), 8)
        self.assertNotIn(ENERGY, self.pledges(status="announced"))
        self.assertEqual(self.pledges(status="fulfilled"), [])

    def test_sector_includes_its_sub_sectors(self):
        self.assertEqual(self.pledges(sector="energy"), [ENERGY])
        self.assertEqual(self.pledges(sector="technology"), [TECHNOLOGY])
        self.assertEqual(self.pledges(sector="trade-and-investment"), [INVESTORS, TRADE, PARTNERSHIP])

    def test_commission_keeps_pledges_made_at_its_sessions(self):
        self.assertEqual(self.pledges(commission="pakistan-turkiye-jmc"), MADE_AT_JMC_16)
        self.assertEqual(self.pledges(commission="pakistan-turkiye-joint-commission"), [])

    def test_q_searches_title_wording_and_party_names_without_accents(self):
        self.assertEqual(self.pledges(q="lng"), [ENERGY])
        self.assertEqual(self.pledges(q="$5 billion"), [TRADE])
        # Türkiye is a party to every pledge of the seed story: any of its names finds them all.
        with_turkiye = [p for p in self.pledges() if p in self.pledges(country="tr")]
        self.assertEqual(len(with_turkiye), 8)
        for name in ("TURKIYE", "Türkiye", "turkey"):
            self.assertEqual(self.pledges(q=name), with_turkiye)
        self.assertEqual(self.pledges(q="atlantis"), [])

    def test_filters_combine(self):
        self.assertEqual(
            self.pledges(pair="pk-tr", sector="trade-and-investment", q="investors"), [INVESTORS]
        )

    def test_bad_values_are_refused_under_their_own_name(self):
        self.assertRefused(
            "pledge-list", {"country": "XX"}, "country", "“XX” is not an ISO country code (such as PK or TR)."
        )
        self.assertRefused(
            "pledge-list", {"pair": "pk_tr"}, "pair", "“pk_tr” is not a pair of country codes such as pk-tr."
        )
        self.assertRefused(
            "pledge-list",
            {"status": "kept"},
            "status",
            "Select a valid choice. kept is not one of the available choices.",
        )
        self.assertRefused("pledge-list", {"sector": "mining"}, "sector", "There is no sector “mining”.")
        self.assertRefused(
            "pledge-list", {"commission": "nato"}, "commission", "There is no commission “nato”."
        )


class OrderingTests(FilterTestCase):
    def test_events_are_newest_first_by_default(self):
        starts = [e["date"]["start"] for e in self.get("event-list", {"page_size": 500})["results"]]
        self.assertEqual(starts, sorted(starts, reverse=True))
        self.assertEqual(len(starts), len(EVERY_EVENT))

    def test_events_can_be_ordered_oldest_first(self):
        self.assertEqual(self.events(ordering="date_start,id"), list(reversed(EVERY_EVENT)))

    def test_events_can_be_ordered_by_title(self):
        titles = [
            e["title"] for e in self.get("event-list", {"ordering": "title", "page_size": 500})["results"]
        ]
        self.assertEqual(
            titles[:2],
            [
                "16th session of the Pakistan–Türkiye Joint Ministerial Commission",
                "17th session of the Pakistan–Türkiye Joint Ministerial Commission",
            ],
        )
        self.assertEqual(titles, sorted(titles))

    def test_pledges_are_listed_newest_first_as_the_pledge_tracker_lists_them(self):
        for params in ({}, {"country": "pk"}, {"pair": "pk-tr"}, {"status": "announced"}):
            with self.subTest(params=params):
                listed = self.get("pledge-list", {"page_size": 500, **params})["results"]
                page = self.client.get(reverse("relations:pledge-list"), params).context["page"]
                self.assertEqual([p["id"] for p in listed], [p.pk for p in page.items])
                self.assertGreater(len(listed), 0)

    def test_the_pledge_list_pages_walk_every_pledge_once_newest_first(self):
        url, seen = reverse("api:pledge-list") + "?page_size=1", []
        while url:
            page = self.client.get(url).json()
            seen += [pledge["id"] for pledge in page["results"]]
            url = page["next"]
        newest_first = Pledge.objects.order_by("-date_start", "-pk").values_list("pk", flat=True)
        self.assertEqual(seen, list(newest_first))

    def test_pledges_can_be_ordered_by_title(self):
        self.assertEqual(self.pledges(ordering="title"), sorted(self.pledges()))
        self.assertEqual(self.pledges(ordering="-id")[0], CEASEFIRE)


class PaginationTests(FilterTestCase):
    def follow(self, url: str) -> list[dict]:
        """Every record of a list, page after page through the ``next`` links."""
        records = []
        while url:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, response.content)
            records += response.json()["results"]
            url = response.json()["next"]
        return records

    def test_next_links_walk_every_event_once_even_across_equal_dates(self):
        records = self.follow(reverse("api:event-list") + "?page_size=2&ordering=-date_start,-id")
        self.assertEqual([e["slug"] for e in records], EVERY_EVENT)

    def test_next_links_keep_the_filters(self):
        records = self.follow(reverse("api:event-list") + "?page_size=1&country=TR&ordering=-date_start,-id")
        self.assertEqual([e["slug"] for e in records], self.events(country="TR"))

    def test_next_links_walk_a_pairs_events_once_newest_first(self):
        records = self.follow(reverse("api:event-list") + "?page_size=1&pair=tr-pk")
        slugs = [e["slug"] for e in records]
        self.assertEqual(slugs, [slug for slug in EVERY_EVENT if slug in self.events(pair="pk-tr")])
        self.assertGreater(len(slugs), 2)

    def test_a_page_holds_fifty_records_by_default(self):
        page = self.get("country-list", {})
        self.assertEqual(len(page["results"]), 50)
        self.assertIsNotNone(page["next"])

    def test_page_size_is_capped_at_500(self):
        day = dt.date(2020, 1, 1)
        Event.objects.bulk_create(
            Event(
                title=f"Meeting {n}",
                slug=f"meeting-{n}",
                kind=Event.Kind.MEETING,
                date=(day + dt.timedelta(days=n)).isoformat(),
            )
            for n in range(600)
        )
        first = self.get("event-list", {"page_size": 1000})
        self.assertEqual(len(first["results"]), 500)
        rest = self.follow(first["next"])
        self.assertEqual(len(rest), 600 + len(EVERY_EVENT) - 500)
        slugs = [e["slug"] for e in first["results"] + rest]
        self.assertEqual(len(set(slugs)), len(slugs))
