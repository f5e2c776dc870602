"""Writing through the API: what is refused, and that then nothing is written."""

from django.urls import reverse

from relations.models import Event
from tests.api_writes import GULER_VISIT, JMC_16, WriteTestCase, new_event, new_pledge, row_counts


class EventValidationTests(WriteTestCase):
    def setUp(self):
        self.as_editor()

    def test_an_unknown_country_code(self):
        event = new_event(countries=[{"country": "PK", "role": "host"}, {"country": "XX", "role": "visitor"}])
        self.assertRefusedWithNothingWritten(
            lambda: self.post("event-list", event),
            400,
            {"countries": {"1": {"country": ["“XX” is not an ISO country code (such as PK or TR)."]}}},
        )

    def test_an_impossible_month(self):
        self.assertRefusedWithNothingWritten(
            lambda: self.post("event-list", new_event(date="2025-13")),
            400,
            {"date": ["“2025-13” is not a real date."]},
        )

    def test_a_session_number_already_taken_in_that_commission(self):
        event = new_event(commission="pakistan-turkiye-jmc", session_number=16)
        session = Event.objects.get(slug=JMC_16)
        url = "http://testserver" + reverse("api:event-detail", args=[JMC_16])
        taken = f"It is “{session.title}” ({session.date}). {url}"
        self.assertRefusedWithNothingWritten(
            lambda: self.post("event-list", event),
            400,
            {"session_number": [f"This commission already has a session with this number. {taken}"]},
        )

    def test_a_session_number_free_in_that_commission_is_taken(self):
        response = self.post("event-list", new_event(commission="PAKISTAN-TURKIYE-JMC", session_number=17))
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(
            (response.json()["commission"], response.json()["session_number"]), ("pakistan-turkiye-jmc", 17)
        )

    def test_a_session_number_without_a_commission(self):
        self.assertRefusedWithNothingWritten(
            lambda: self.post("event-list", new_event(session_number=3)),
            400,
            {"session_number": ["A session number needs a commission."]},
        )

    def test_a_participant_with_neither_official_nor_name(self):
        event = new_event(participants=[{"side": "PK", "role": "delegate"}])
        self.assertRefusedWithNothingWritten(
            lambda: self.post("event-list", event),
            400,
            {"participants": {"0": {"non_field_errors": ["Choose an official or type a name."]}}},
        )

    def test_an_unknown_official_sector_source_or_commission(self):
        event = new_event(
            participants=[{"official": "nobody", "role": "delegate"}],
            sectors=["mining"],
            citations=[{"source": "no-such-source"}],
            commission="nato",
        )
        self.assertRefusedWithNothingWritten(
            lambda: self.post("event-list", event),
            400,
            {
                "participants": {"0": {"official": ["There is no official “nobody”."]}},
                "sectors": ["There is no sector “mining”."],
                "citations": {"0": {"source": ["There is no source “no-such-source”."]}},
                "commission": ["There is no commission “nato”."],
            },
        )

    def test_a_country_participant_or_source_listed_twice(self):
        event = new_event(
            countries=[{"country": "PK", "role": "host"}, {"country": "pk", "role": "party"}],
            participants=[
                {"official": "yasar-guler", "role": "host"},
                {"official": "yasar-guler", "role": "guest"},
            ],
            citations=[{"source": "seed-article"}, {"source": "seed-article", "excerpt": "again"}],
        )
        self.assertRefusedWithNothingWritten(
            lambda: self.post("event-list", event),
            400,
            {
                "countries": ["A country is listed twice."],
                "participants": ["An official is listed twice."],
                "citations": ["A source is cited twice."],
            },
        )

    def test_a_nul_byte_in_a_code_or_slug_is_refused_not_a_crash(self):
        # PostgreSQL refuses text with NUL bytes: such values must not reach a query.
        event = new_event(
            place_country="T\x00",
            countries=[{"country": "PK", "role": "host"}, {"country": "\x00R", "role": "visitor"}],
            parent="2025\x00",
        )
        self.assertRefusedWithNothingWritten(
            lambda: self.post("event-list", event),
            400,
            {
                "place_country": ["“T\x00” is not an ISO country code (such as PK or TR)."],
                "countries": {"1": {"country": ["“\x00R” is not an ISO country code (such as PK or TR)."]}},
                "parent": ["There is no event “2025\x00”."],
            },
        )

    def test_an_event_cannot_be_its_own_parent(self):
        self.assertRefusedWithNothingWritten(
            lambda: self.patch("event-detail", JMC_16, {"parent": JMC_16}),
            400,
            {"parent": ["An event cannot be part of itself."]},
        )

    def test_required_fields_are_named(self):
        self.assertRefusedWithNothingWritten(
            lambda: self.post("event-list", {}),
            400,
            {
                "title": ["This field is required."],
                "kind": ["This field is required."],
                "date": ["This field is required."],
                "countries": ["This field is required."],
            },
        )


class PledgeValidationTests(WriteTestCase):
    def setUp(self):
        self.as_editor()

    def test_an_impossible_status_history(self):
        history = [
            {"status": "announced", "as_of": "2025-09"},
            {"status": "fulfilled", "as_of": "2026-01"},
            {"status": "stalled", "as_of": "2026-06"},
        ]
        self.assertRefusedWithNothingWritten(
            lambda: self.post("pledge-list", new_pledge(status_history=history)),
            400,
            {"status_history": ["“stalled” cannot follow “fulfilled”."]},
        )

    def test_a_history_in_any_order_is_read_by_date(self):
        history = [
            {"status": "in_progress", "as_of": "2026-01"},
            {"status": "announced", "as_of": "2025-09-09"},
        ]
        response = self.post("pledge-list", new_pledge(status_history=history))
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(
            [(c["status"], c["as_of"]["edtf"]) for c in response.json()["status_history"]],
            [("announced", "2025-09-09"), ("in_progress", "2026-01")],
        )
        self.assertEqual(response.json()["current_status"], "in_progress")

    def test_an_amount_without_its_currency(self):
        self.assertRefusedWithNothingWritten(
            lambda: self.post("pledge-list", new_pledge(target_currency="")),
            400,
            {"target_currency": ["An amount needs its currency or its unit."]},
        )

    def test_an_unknown_currency(self):
        self.assertRefusedWithNothingWritten(
            lambda: self.post("pledge-list", new_pledge(target_currency="XYZ")),
            400,
            {"target_currency": ["“XYZ” is not an ISO 4217 currency code (USD, EUR, TRY, PKR…)."]},
        )

    def test_a_target_of_nothing(self):
        self.assertRefusedWithNothingWritten(
            lambda: self.post("pledge-list", new_pledge(target_amount="0")),
            400,
            {"target_amount": ["A target amount must be more than zero."]},
        )

    def test_a_due_date_that_is_a_range(self):
        self.assertRefusedWithNothingWritten(
            lambda: self.post("pledge-list", new_pledge(due="2026-01/2026-03")),
            400,
            {"due": ["Enter a single date here, not a range."]},
        )

    def test_a_party_or_reaffirmation_listed_twice(self):
        pledge = new_pledge(
            parties=[{"country": "TR", "role": "pledger"}, {"country": "tr", "role": "mutual"}],
            reaffirmations=[{"event": GULER_VISIT}, {"event": GULER_VISIT, "note": "again"}],
        )
        self.assertRefusedWithNothingWritten(
            lambda: self.post("pledge-list", pledge),
            400,
            {"parties": ["A country is listed twice."], "reaffirmations": ["An event is listed twice."]},
        )

    def test_a_pledge_needs_the_event_it_was_made_at(self):
        self.assertRefusedWithNothingWritten(
            lambda: self.post("pledge-list", new_pledge(event="no-such-event")),
            400,
            {"event": ["There is no event “no-such-event”."]},
        )


class OtherRecordValidationTests(WriteTestCase):
    def setUp(self):
        self.as_editor()

    def test_a_commission_with_an_unknown_member(self):
        commission = {"name": "Pakistan–Atlantis Council", "kind": "joint", "members": ["PK", "XX"]}
        self.assertRefusedWithNothingWritten(
            lambda: self.post("commission-list", commission),
            400,
            {"members": ["“XX” is not an ISO country code (such as PK or TR)."]},
        )

    def test_an_office_that_ends_before_it_starts(self):
        official = {
            "name": "Ayşe Yılmaz",
            "offices": [{"title": "Ambassador", "start": "2024", "end": "2020"}],
        }
        self.assertRefusedWithNothingWritten(
            lambda: self.post("official-list", official),
            400,
            {"offices": {"0": {"end": ["An office cannot end before it starts."]}}},
        )

    def test_an_official_name_listed_twice(self):
        official = {"name": "Ayşe Yılmaz", "names": [{"name": "Ayse Yilmaz"}, {"name": "Ayse Yilmaz"}]}
        self.assertRefusedWithNothingWritten(
            lambda: self.post("official-list", official), 400, {"names": ["A name is listed twice."]}
        )

    def test_a_taken_slug_or_source_address(self):
        self.assertRefusedWithNothingWritten(
            lambda: self.post("sector-list", {"name": "Power", "slug": "energy"}),
            400,
            {"slug": ["sector with this slug already exists."]},
        )
        source = {"title": "Copy", "publisher": "Arab News", "link": "https://www.arabnews.com/node/2614698"}
        self.assertRefusedWithNothingWritten(
            lambda: self.post("source-list", source),
            400,
            {"link": ["A source with this URL already exists."]},
        )

    def test_a_slug_in_capitals_is_stored_in_lower_case_and_found(self):
        response = self.post("sector-list", {"name": "Mining", "slug": "Mining", "parent": "ENERGY"})
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual((response.json()["slug"], response.json()["parent"]), ("mining", "energy"))
        self.assertEqual(self.client.get(reverse("api:sector-detail", args=["MINING"])).status_code, 200)
        before = row_counts()
        response = self.post("sector-list", {"name": "Power", "slug": "ENERGY"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["slug"][0].lower(), "sector with this slug already exists.")
        self.assertEqual(row_counts(), before)

    def test_a_sector_cannot_be_its_own_parent(self):
        self.assertRefusedWithNothingWritten(
            lambda: self.patch("sector-detail", "energy", {"parent": "energy"}),
            400,
            {"parent": ["A sector cannot be its own parent."]},
        )
