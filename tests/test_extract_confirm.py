"""Assisted entry in admin, confirmed: a confirmed review writes every record once, cited."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.test import TestCase
from django.urls import reverse

from relations.dates import FuzzyDate
from relations.extract.proposals import Proposals
from relations.extract.review import Choices, EventChoice, PledgeChoice, SessionChoice, review_confirm
from relations.models import (
    Citation,
    Commission,
    Country,
    Event,
    OfficeHeld,
    Official,
    Participant,
    Pledge,
    Source,
)
from tests import seed_article
from tests.article_review import ADD_FROM_ARTICLE, JMC_16, ReviewTestCase, drop, review_form, row_counts
from tests.seed_article import PUBLISHED_ON, TITLE, article, seed_proposals
from tests.world import load_story


class ConfirmTests(ReviewTestCase):
    """On a database with the countries and sectors only, the seed article becomes its records."""

    def test_confirming_the_seed_article_writes_exactly_its_records(self):
        before = row_counts()

        def edit(data):
            drop("country-2", "official-2")(data)  # India and Fidan took no part in the session
            data["session-0-name"] = "Pakistan–Türkiye Joint Ministerial Commission"
            data["event-title"] = "16th session of the Pakistan–Türkiye Joint Ministerial Commission"
            data["event-date"] = "2025-09-08/2025-09-09"
            data["event-place"] = "Islamabad"
            data["country-0-role"] = "host"
            data["country-1-role"] = "visitor"

        response = self.confirm(edit)
        event = Event.objects.get()
        self.assertRedirects(response, reverse("admin:relations_event_change", args=[event.pk]))

        after = row_counts()
        written = {label: after[label] - before[label] for label in after if after[label] != before[label]}
        records = {label: n for label, n in written.items() if ".Historical" not in label}
        self.assertEqual(
            records,
            {
                "relations.Source": 1,
                "relations.Commission": 1,
                "relations.Event": 1,
                "relations.EventPair": 1,
                # Derived totals: the new pair, both countries, pledges per status.
                "relations.PairTotal": 1,
                "relations.CountryTotal": 2,
                "relations.PairActivityTotal": 1,
                "relations.CountryActivityTotal": 2,
                "relations.PairOfficialTotal": 2,
                "relations.PledgeStatusTotal": 2,
                # Pledges per status of each country and of their pair: announced (a status
                # no pledge has is not stored: each pledge's parties are counted with its status).
                "relations.PledgeCountryTotal": 2,
                "relations.PledgePairTotal": 1,
                "relations.EventCountry": 2,
                "relations.Official": 2,
                "relations.OfficeHeld": 2,
                "relations.Participant": 2,
                "relations.Pledge": 4,
                "relations.PledgeParty": 8,
                "relations.PledgeStatusChange": 4,
                # The event, two offices, four pledges and their four first statuses.
                "relations.Citation": 11,
            },
        )

        source = Source.objects.get()
        self.assertEqual(
            (source.title, source.publisher, source.url, source.published_on.edtf(), source.kind),
            (
                TITLE,
                "Arab News",
                "https://www.arabnews.com/node/2614698",
                PUBLISHED_ON.isoformat(),
                "newspaper",
            ),
        )
        commission = Commission.objects.get()
        self.assertEqual(commission.name, "Pakistan–Türkiye Joint Ministerial Commission")
        self.assertEqual(commission.kind, Commission.Kind.JOINT_MINISTERIAL)
        self.assertEqual(sorted(c.code for c in commission.members.all()), ["PK", "TR"])

        self.assertEqual(event.title, "16th session of the Pakistan–Türkiye Joint Ministerial Commission")
        self.assertEqual((event.kind_id, event.status), (Event.Kind.COMMISSION_SESSION, Event.Status.HELD))
        self.assertEqual((event.commission, event.session_number), (commission, 16))
        self.assertEqual(event.date, FuzzyDate.parse("2025-09-08/2025-09-09"))
        self.assertEqual(event.place, "Islamabad")
        self.assertEqual(
            sorted(event.event_countries.values_list("country", "role")), [("PK", "host"), ("TR", "visitor")]
        )
        self.assertEqual(
            sorted(event.sectors.values_list("slug", flat=True)), ["ai", "lng", "renewable-energy"]
        )
        self.assertEqual(
            sorted(event.participants.values_list("official__name", "side", "role", "capacity")),
            [
                ("Jam Kamal Khan", "PK", "co_chair", "Commerce Minister"),
                ("Yasar Guler", "TR", "co_chair", "Minister of National Defense"),
            ],
        )
        self.assertEqual(
            sorted(OfficeHeld.objects.values_list("official__name", "title", "country")),
            [
                ("Jam Kamal Khan", "Commerce Minister", "PK"),
                ("Yasar Guler", "Minister of National Defense", "TR"),
            ],
        )
        self.assertEqual(sorted(Official.objects.values_list("nationality", flat=True)), ["PK", "TR"])

        trade = Pledge.objects.get(target_amount__isnull=False)
        self.assertEqual((trade.target_amount, trade.target_currency), (Decimal("5000000000"), "USD"))
        self.assertEqual(trade.event, event)
        self.assertEqual(trade.wording, seed_article.TRADE)
        self.assertEqual([s.slug for s in trade.sectors.all()], ["trade-and-investment"])
        energy = Pledge.objects.get(title="Cooperation in renewable energy, oil, gas and LNG")
        self.assertEqual(
            sorted(s.slug for s in energy.sectors.all()), ["gas", "lng", "oil", "renewable-energy"]
        )
        for pledge in Pledge.objects.all():
            with self.subTest(pledge=pledge.title):
                self.assertEqual(
                    sorted(pledge.parties.values_list("country", "role")),
                    [("PK", "mutual"), ("TR", "mutual")],
                )
                (change,) = pledge.status_changes.all()
                self.assertEqual((change.status, change.as_of), ("announced", FuzzyDate.parse("2025-09-09")))
                self.assertEqual([c.source for c in change.citations.all()], [source])
                (citation,) = pledge.citations.all()
                self.assertEqual((citation.source, citation.excerpt), (source, pledge.wording))

        # Every fact cites the article: the event with the quotations kept, each under its speaker's
        # name (one speaker's in a row together), each office with its sentence.
        (cited,) = event.citations.all()
        self.assertEqual(cited.source, source)
        self.assertEqual(
            cited.excerpt,
            f"the commerce ministry: “{seed_article.ENERGY}” — "
            f"the statement: “{seed_article.AGRICULTURE}” … “{seed_article.PARTNERSHIP}”",
        )
        khan_office = OfficeHeld.objects.get(official__name="Jam Kamal Khan")
        self.assertEqual(
            khan_office.citations.get().excerpt,
            "The joint ministerial commission’s 16th meeting was co-chaired by Pakistan’s Commerce Minister "
            "Jam Kamal Khan and Turkiye’s Minister of National Defense Yaşar Güler.",
        )
        self.assertEqual(Citation.objects.exclude(source=source).count(), 0)
        # And the change history names the editor.
        self.assertEqual({record.history_user for record in event.history.all()}, {self.editor})

    def test_the_message_lists_what_was_created(self):
        response = self.confirm(drop("country-2", "official-2"))
        (message,) = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertTrue(message.startswith(f"Created: source “{Source.objects.get()}”; commission"), message)
        self.assertIn("event “16th session of the Joint Ministerial Commission (9 September 2025)”", message)
        self.assertIn("officials “Jam Kamal Khan”, “Yasar Guler”", message)
        self.assertIn(
            "pledges “Cooperation in trade and investment”, “Cooperation in renewable energy", message
        )
        self.assertIn("11 citations", message)
        self.assertNotIn("Reused", message)

    def test_two_pledges_on_the_same_sectors_start_with_different_titles(self):
        energy = seed_proposals().pledges[1]
        other = dataclasses.replace(energy, text="Both sides will also work together on oil and gas.")
        self.extract.return_value = Proposals(pledges=[energy, other])
        titles = [form["title"].value() for form in self.review_page().context["review"].pledges]
        self.assertEqual(
            titles,
            [
                "Cooperation in renewable energy, oil, gas and LNG",
                "Both sides will also work together on oil and gas.",
            ],
        )

    def test_a_person_named_twice_is_one_new_official(self):
        proposals = seed_proposals()
        guler = proposals.officials[1]
        proposals.officials.append(dataclasses.replace(guler, name="Yasar Guler", spans=[]))
        self.extract.return_value = proposals
        response = self.confirm(drop("country-2", "official-2"))
        self.assertEqual(
            list(Official.objects.values_list("name", flat=True)), ["Jam Kamal Khan", "Yasar Guler"]
        )
        (message,) = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertIn("officials “Jam Kamal Khan”, “Yasar Guler”", message)
        self.assertNotIn("Reused", message)

    def test_without_a_session_the_event_is_a_plain_event_of_the_kind_chosen(self):
        self.extract.return_value = Proposals(**{**vars(seed_proposals()), "sessions": []})

        def edit(data):
            self.assertEqual(data["event-title"], TITLE)
            data["event-kind"] = "meeting"

        self.confirm(edit)
        event = Event.objects.get()
        self.assertEqual((event.kind_id, event.commission, event.session_number), ("meeting", None, None))
        self.assertEqual(Commission.objects.count(), 0)

    def test_an_event_recorded_by_hand_is_reused_not_recorded_twice(self):
        self.extract.return_value = Proposals(**{**vars(seed_proposals()), "sessions": []})
        self.confirm(lambda data: data.update({"event-kind": "meeting"}))
        event = Event.objects.get()
        Citation.objects.filter(event=event).delete()
        Participant.objects.filter(event=event).delete()  # as if entered by hand, without them
        self.confirm(lambda data: data.update({"event-kind": "meeting", "event-title": event.title.upper()}))
        self.assertEqual(list(Event.objects.all()), [event])
        self.assertTrue(Participant.objects.filter(event=event).exists())

    def test_the_date_picked_is_used_when_none_is_typed(self):
        self.confirm(lambda data: data.update({"event-date": "", "event-found_date": "2025-07"}))
        self.assertEqual(Event.objects.get().date, FuzzyDate.parse("2025-07"))

    def test_a_long_article_with_many_proposals_can_be_saved(self):
        # More fields than Django takes by default (1,000): a long article's review still posts.
        proposals = seed_proposals()
        proposals.pledges = proposals.pledges * 40
        self.extract.return_value = proposals
        page = self.review_page()
        data = review_form(page.context["review"])
        self.assertGreater(len(data), 1000)
        response = self.client.post(
            ADD_FROM_ARTICLE, {"payload": page.context["payload"], "_confirm": "1", **data}
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Pledge.objects.count(), 4)  # the same pledge forty times is one pledge

    def test_a_new_event_needs_a_country(self):
        response = self.assertNothingWritten(
            lambda: self.confirm(drop("country-0", "country-1", "country-2"))
        )
        self.assertContains(response, "Keep at least one country: a new event needs one.")

    def test_an_editor_who_may_not_add_officials_must_choose_recorded_ones(self):
        self.editor.groups.clear()
        self.editor.user_permissions.set(
            Permission.objects.filter(
                codename__in=["add_source", "add_event", "add_pledge", "add_citation", "add_commission"]
            )
        )
        response = self.assertNothingWritten(self.confirm)
        self.assertContains(response, "You may not add officials: choose a recorded one.")

    def test_confirming_the_same_article_again_adds_nothing(self):
        self.confirm(drop("country-2", "official-2"))
        before = row_counts()
        response = self.confirm(drop("country-2", "official-2"))
        self.assertEqual(response.status_code, 302)
        records = {label: n for label, n in row_counts().items() if ".Historical" not in label}
        self.assertEqual(records, {label: n for label, n in before.items() if ".Historical" not in label})
        (message,) = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertTrue(message.startswith("Reused: source"), message)


class ConfirmServiceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_story()
        cls.pakistan = Country.objects.get(code="PK")

    def choices(self, **changes) -> Choices:
        return Choices(
            article=article(url="https://example.org/new"),
            event=EventChoice(title="Talks", kind="meeting", date=FuzzyDate.parse("2025-10")),
            excerpt="Talks were held.",
            **changes,
        )

    def test_a_pledge_of_another_event_is_refused_and_nothing_is_written(self):
        other = Pledge.objects.first()
        before = row_counts()
        with self.assertRaisesMessage(Exception, "is a pledge of another event"):
            review_confirm(
                choices=self.choices(pledges=[PledgeChoice("Again", parties=[self.pakistan], existing=other)])
            )
        self.assertEqual(row_counts(), before)

    def test_a_pledge_with_the_same_title_at_the_same_event_is_reused(self):
        session = Event.objects.get(slug=JMC_16)
        recorded = session.pledges.order_by("pk").first()
        choices = self.choices(
            session=SessionChoice(16, commission=session.commission),
            pledges=[PledgeChoice(recorded.title.upper(), parties=[self.pakistan])],
        )
        before = Pledge.objects.count()
        done = review_confirm(choices=choices)
        self.assertEqual(Pledge.objects.count(), before)
        self.assertEqual(done.reused["pledge"], [recorded.title])
        self.assertTrue(recorded.citations.filter(source__url="https://example.org/new").exists())
