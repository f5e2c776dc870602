"""Assisted entry in admin: paste an article, check what it says, save it all at once.

The extractor is replaced by the hand-written proposals of `tests.seed_article`, so these tests
say what the review does with proposals, whatever the extractor finds. Nothing is written before
the editor confirms; a confirmed review writes every record once, cited, reusing what exists.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from unittest import mock

from django.apps import apps
from django.contrib.auth.models import Group, Permission, User
from django.contrib.messages import get_messages
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from relations.dates import FuzzyDate
from relations.extract.proposals import (
    CountryProposal,
    OfficialProposal,
    PledgeProposal,
    Proposals,
    QuoteProposal,
)
from relations.extract.review import (
    Choices,
    EventChoice,
    PledgeChoice,
    Review,
    ReviewExpired,
    SessionChoice,
    highlight,
    open_review,
    review_confirm,
    sentence_at,
    sign_review,
)
from relations.models import (
    Citation,
    Commission,
    Country,
    Event,
    OfficeHeld,
    Official,
    Participant,
    Pledge,
    Sector,
    Source,
)
from relations.services import seed_load, seed_story
from tests import seed_article
from tests.seed_article import PUBLISHED_ON, TEXT, TITLE, article, seed_proposals

ADD_FROM_ARTICLE = reverse("admin:relations_source_add_from_article")
JMC_16 = "2025-pakistan-turkiye-jmc-16th-session"


def row_counts() -> dict[str, int]:
    """Rows of every table of every app: records, their history, sessions, the admin log."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def article_form(**changes) -> dict[str, str]:
    return {
        "text": TEXT,
        "published_on": PUBLISHED_ON.isoformat(),
        "title": TITLE,
        "publisher": "Arab News",
        "url": "https://www.arabnews.com/node/2614698",
        "kind": "newspaper",
        "language": "en",
        "_review": "Find the records",
        **changes,
    }


def review_form(review: Review) -> dict[str, str | list[str]]:
    """What the review page posts back when the editor changes nothing: every field's value."""
    data: dict[str, str | list[str]] = {}
    for form in [review.event, *review.rows]:
        for field in form:
            value = field.value()
            if field.widget_type == "checkbox":
                if value:
                    data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [str(item) for item in value]
            elif value is not None:
                data[field.html_name] = str(value)
    return data


def make_sectors() -> None:
    """The sector tree of the seed story, and nothing else of it."""
    made: dict[str, Sector] = {}
    for item in seed_story()["sectors"]:
        parent = made.get(item.get("parent"))
        made[item["slug"]] = Sector.objects.create(slug=item["slug"], name=item["name"], parent=parent)


def editor_user(name: str = "editor") -> User:
    user = User.objects.create_user(name, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


class ReviewTestCase(TestCase):
    """An editor in front of the seed article, the extractor answering with `seed_proposals`."""

    proposals = staticmethod(seed_proposals)

    @classmethod
    def setUpTestData(cls):
        make_sectors()
        cls.editor = editor_user()

    def setUp(self):
        self.client.force_login(self.editor)
        patcher = mock.patch("relations.extract.extract", return_value=self.proposals(), create=True)
        self.extract = patcher.start()
        self.addCleanup(patcher.stop)

    def review_page(self, **changes):
        response = self.client.post(ADD_FROM_ARTICLE, article_form(**changes))
        self.assertEqual(response.status_code, 200, response.content[:2000])
        return response

    def confirm(self, edit=None, **changes):
        """Open the review, post it back as shown after ``edit(data)``, and answer the response."""
        page = self.review_page(**changes)
        data = review_form(page.context["review"])
        if edit:
            edit(data)
        return self.client.post(
            ADD_FROM_ARTICLE, {"payload": page.context["payload"], "_confirm": "1", **data}
        )

    def assertNothingWritten(self, attempt):
        before = row_counts()
        response = attempt()
        self.assertEqual(row_counts(), before)
        return response


def drop(*prefixes: str):
    """An edit that unticks these rows: ``drop("country-2", "official-2")``."""

    def edit(data: dict) -> None:
        for prefix in prefixes:
            data.pop(f"{prefix}-include", None)

    return edit


# Who may use it --------------------------------------------------------------------------------


class AccessTests(ReviewTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.reader = User.objects.create_user("reader", password="x", is_staff=True)
        cls.reader.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))

    def test_the_paste_page_opens_for_an_editor(self):
        response = self.client.get(ADD_FROM_ARTICLE)
        self.assertContains(response, "Add from article")
        self.assertContains(response, 'name="text"')
        self.assertContains(response, 'name="published_on"')
        self.assertContains(response, 'name="publisher"')

    def test_the_source_and_event_lists_offer_it_as_a_button(self):
        for model in ("source", "event"):
            with self.subTest(model):
                response = self.client.get(reverse(f"admin:relations_{model}_changelist"))
                self.assertContains(
                    response, f'<a href="{ADD_FROM_ARTICLE}" class="addlink">Add from article</a>'
                )

    def test_anonymous_visitors_are_sent_to_log_in_and_nothing_is_written(self):
        self.client.logout()
        for response in (
            self.client.get(ADD_FROM_ARTICLE),
            self.assertNothingWritten(lambda: self.client.post(ADD_FROM_ARTICLE, article_form())),
        ):
            self.assertRedirects(response, f"{reverse('admin:login')}?next={ADD_FROM_ARTICLE}")
        self.extract.assert_not_called()

    def test_staff_without_the_editor_permissions_are_refused(self):
        self.client.force_login(self.reader)
        self.assertEqual(self.client.get(ADD_FROM_ARTICLE).status_code, 403)
        response = self.assertNothingWritten(lambda: self.client.post(ADD_FROM_ARTICLE, article_form()))
        self.assertEqual(response.status_code, 403)
        self.extract.assert_not_called()

    def test_staff_without_the_editor_permissions_see_no_button(self):
        self.client.force_login(self.reader)
        response = self.client.get(reverse("admin:relations_source_changelist"))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Add from article")

    def test_a_non_staff_user_with_the_permissions_is_sent_to_log_in(self):
        self.editor.is_staff = False
        self.editor.save()
        response = self.client.get(ADD_FROM_ARTICLE)
        self.assertEqual(response.status_code, 302)


# Step 1 and 2: nothing is written ---------------------------------------------------------------


class ReviewPageTests(ReviewTestCase):
    def test_the_review_marks_each_proposal_in_the_text_and_links_it_to_its_row(self):
        response = self.assertNothingWritten(self.review_page)
        self.extract.assert_called_once_with(TEXT, PUBLISHED_ON)
        html = response.content.decode()
        self.assertInHTML(
            '<a href="#proposal-official-0" class="hl-link">'
            '<mark class="hl hl-official" title="official: Jam Kamal Khan">Jam Kamal Khan</mark></a>',
            html,
        )
        self.assertIn('id="proposal-official-0"', html)
        self.assertIn('href="#found-official-0"', html)
        self.assertIn('<span id="found-official-0"></span>', html)
        # "LNG" inside the quoted energy sentence: its own mark, inside the pledge's and the quote's.
        self.assertIn(
            '<a href="#proposal-sector-1" class="hl-link">'
            '<mark class="hl hl-sector hl-in-pledge hl-in-quote"',
            html,
        )
        for anchor in ("session-0", "country-1", "pledge-0", "quote-2", "date-0", "amount-0"):
            with self.subTest(anchor):
                self.assertIn(f'id="proposal-{anchor}"', html)
                self.assertIn(f'href="#proposal-{anchor}"', html)

    def test_the_forms_start_from_what_was_proposed(self):
        review = self.review_page().context["review"]
        event = review.event
        self.assertEqual(event["title"].value(), "16th session of the Joint Ministerial Commission")
        self.assertEqual(event["kind"].value(), "commission_session")
        self.assertEqual(event["date"].value(), "2025-09-09")
        self.assertEqual(
            [label for _, label in event.fields["found_date"].choices],
            ["—", "9 September 2025 (“on Tuesday”)", "May 2025 (“in May”)", "July 2025 (“in July”)"],
        )
        self.assertEqual(review.session["number"].value(), 16)
        self.assertEqual(review.session["commission_kind"].value(), "joint_ministerial")
        self.assertEqual([form.country.code for form in review.countries], ["PK", "TR", "IN"])
        # The session's members take part; India, named in passing, starts unticked.
        self.assertEqual([form["include"].value() for form in review.countries], [True, True, False])
        khan, guler, fidan = review.officials
        self.assertEqual(
            (khan["name"].value(), khan["office"].value()), ("Jam Kamal Khan", "Commerce Minister")
        )
        self.assertEqual(khan["role"].value(), "co_chair")  # "co-chaired by" in its sentence
        self.assertEqual(fidan["role"].value(), "delegate")
        trade = review.pledges[0]
        self.assertEqual(trade["target_amount"].value(), Decimal("5000000000"))
        self.assertEqual(trade["target_currency"].value(), "USD")
        self.assertEqual(
            review.pledges[1]["title"].value(), "Cooperation in renewable energy, oil, gas and LNG"
        )
        self.assertEqual(review.quotes[0]["excerpt"].value(), seed_article.ENERGY)

    def test_the_text_is_escaped(self):
        text = TEXT.replace("Islamabad.", "Islamabad <script>alert(1)</script>.")
        self.extract.return_value = Proposals()
        response = self.review_page(text=text)
        self.assertNotContains(response, "<script>alert(1)</script>")
        self.assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")

    def test_an_article_without_text_or_date_is_shown_again_with_errors(self):
        before = row_counts()
        response = self.client.post(ADD_FROM_ARTICLE, article_form(text="   ", published_on="9 Sept"))
        self.assertEqual(row_counts(), before)
        self.assertContains(response, "Please correct the errors below.")
        self.assertContains(response, "Paste the article&#x27;s text.")
        self.assertContains(response, "Enter a valid date.")
        self.extract.assert_not_called()

    def test_a_text_over_the_limit_is_refused(self):
        response = self.client.post(ADD_FROM_ARTICLE, article_form(text="x" * 50_001))
        self.assertContains(response, "Ensure this value has at most 50000 characters")
        self.extract.assert_not_called()

    def test_cancel_writes_nothing_and_says_so(self):
        page = self.review_page()
        data = {"payload": page.context["payload"], "_cancel": "1", **review_form(page.context["review"])}
        response = self.assertNothingWritten(lambda: self.client.post(ADD_FROM_ARTICLE, data))
        self.assertRedirects(response, reverse("admin:relations_source_changelist"))
        self.assertEqual([str(m) for m in get_messages(response.wsgi_request)], ["Nothing was saved."])

    def test_going_back_shows_the_article_as_pasted(self):
        page = self.review_page()
        response = self.client.post(ADD_FROM_ARTICLE, {"payload": page.context["payload"], "_back": "1"})
        self.assertEqual(response.context["form"]["publisher"].value(), "Arab News")
        self.assertEqual(response.context["form"]["text"].value(), TEXT)

    def test_an_invalid_review_shows_the_errors_and_writes_nothing(self):
        def edit(data):
            data["event-date"] = "2025-13"
            data["pledge-0-target_currency"] = "XYZ"
            data["official-0-official"] = ""
            data["official-0-name"] = ""

        response = self.assertNothingWritten(lambda: self.confirm(edit))
        self.assertContains(response, "Please correct the errors below. Nothing was saved.")
        self.assertContains(response, "“2025-13” is not a real date.")
        self.assertContains(response, "“XYZ” is not an ISO 4217 currency code")
        self.assertNotContains(response, "An amount needs its currency.")  # one error for one mistake
        self.assertContains(response, "Choose a recorded official, or type the name of a new one.")
        # The page still shows the text with its marks, and the editor's edits.
        self.assertContains(response, '<mark class="hl hl-official"')
        self.assertContains(response, 'value="2025-13"')

    def test_a_dropped_row_is_not_checked(self):
        def edit(data):
            data["pledge-0-target_currency"] = "XYZ"
            data.pop("pledge-0-include")

        response = self.confirm(edit)
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Pledge.objects.filter(target_currency="XYZ").exists())

    def test_an_altered_or_missing_payload_writes_nothing(self):
        page = self.review_page()
        data = review_form(page.context["review"])
        for payload in (page.context["payload"][:-2] + "xx", ""):
            with self.subTest(payload=payload[-10:]):
                response = self.assertNothingWritten(
                    lambda payload=payload: self.client.post(
                        ADD_FROM_ARTICLE, {"payload": payload, "_confirm": "1", **data}
                    )
                )
                self.assertContains(response, "This review is too old or was altered")

    def test_the_quotations_that_fit_in_one_citation_start_ticked(self):
        long_quote = QuoteProposal("word " * 60, "someone", None, [])
        self.extract.return_value = Proposals(quotes=[long_quote, long_quote])
        review = self.review_page().context["review"]
        self.assertEqual([form["include"].value() for form in review.quotes], [True, False])

    def test_quotations_too_long_for_one_citation_are_refused(self):
        long_quote = QuoteProposal("word " * 60, "someone", None, [])
        self.extract.return_value = Proposals(
            countries=[CountryProposal("PK", "Pakistan", [])], quotes=[long_quote, long_quote]
        )
        response = self.assertNothingWritten(
            lambda: self.confirm(lambda data: data.update({"event-date": "2025", "quote-1-include": "on"}))
        )
        self.assertContains(response, "The quotations kept come to 601 characters; a citation holds 500.")


# Step 3: the records ----------------------------------------------------------------------------


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

        # Every fact cites the article: the event with the quotations kept, each office with its sentence.
        (cited,) = event.citations.all()
        self.assertEqual(cited.source, source)
        self.assertEqual(
            cited.excerpt,
            " … ".join([seed_article.ENERGY, seed_article.AGRICULTURE, seed_article.PARTNERSHIP]),
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


class ReuseTests(ReviewTestCase):
    """On a database holding the seed story, the article adds to what is recorded."""

    proposals = staticmethod(lambda: seed_proposals(known=True))

    @classmethod
    def setUpTestData(cls):
        seed_load()
        cls.editor = editor_user()
        cls.session = Event.objects.get(slug=JMC_16)

    def test_the_recorded_session_officials_commission_and_pledges_are_reused(self):
        before = row_counts()
        # Fidan and India took no part in the session; the $5 billion goal is recorded at another
        # event (2024), so the editor drops it here.
        response = self.confirm(drop("official-2", "country-2", "pledge-0"))
        self.assertRedirects(response, reverse("admin:relations_event_change", args=[self.session.pk]))
        after = row_counts()
        records = {
            label: after[label] - before[label]
            for label in after
            if after[label] != before[label] and ".Historical" not in label
        }
        # The source (same URL) and its citation of the session are there already: the only new rows
        # are its citations of the three pledges it reports.
        self.assertEqual(records, {"relations.Citation": 3})
        source = Source.objects.get(url="https://www.arabnews.com/node/2614698")
        self.assertEqual(
            sorted(source.citations.filter(pledge__isnull=False).values_list("pledge__title", flat=True)),
            [
                "Boost cooperation in IT, e-commerce, fintech and artificial intelligence",
                "Open cooperation in agriculture, food security and health",
                "Work together on renewable energy, oil, gas and LNG",
            ],
        )

    def test_a_new_source_is_cited_on_the_recorded_session_which_gains_what_it_lacks(self):
        def edit(data):
            drop("official-2", "pledge-0")(data)
            data["country-2-include"] = "on"  # India, named in passing, starts unticked

        response = self.confirm(edit, url="https://example.org/jmc-16")
        self.assertRedirects(response, reverse("admin:relations_event_change", args=[self.session.pk]))
        source = Source.objects.get(url="https://example.org/jmc-16")
        self.assertEqual(
            source.citations.get(event=self.session).excerpt,
            " … ".join([seed_article.ENERGY, seed_article.AGRICULTURE, seed_article.PARTNERSHIP]),
        )
        # India was ticked: the session gains it as a party; its own title, date and place are kept.
        self.assertEqual(
            sorted(self.session.event_countries.values_list("country", "role")),
            [("IN", "party"), ("PK", "host"), ("TR", "visitor")],
        )
        self.session.refresh_from_db()
        self.assertEqual(str(self.session.date), "8–9 September 2025")
        self.assertEqual(self.session.participants.count(), 2)

    def test_a_source_with_the_same_url_is_reused(self):
        Source.objects.filter(slug="arab-news-2025-09-09-jmc").update(title="Arab News on the 16th JMC")
        before = Source.objects.count()
        self.confirm(drop("official-2", "country-2"))
        self.assertEqual(Source.objects.count(), before)
        source = Source.objects.get(url="https://www.arabnews.com/node/2614698")
        self.assertEqual(source.title, "Arab News on the 16th JMC")  # reused as recorded, not rewritten

    def test_officials_and_commissions_are_found_by_their_names(self):
        proposals = seed_proposals(known=False)
        proposals.sessions[0].name = "Pakistan-Turkiye Joint Ministerial Commission"
        self.extract.return_value = proposals
        counts = {model: model.objects.count() for model in (Official, Commission, Event)}
        review = self.review_page().context["review"]
        self.assertEqual(review.officials[1]["official"].value(), Official.objects.get(slug="yasar-guler").pk)
        self.assertEqual(review.session["commission"].value(), self.session.commission_id)
        self.assertEqual(review.recorded, self.session)
        self.confirm(drop("official-2"))
        self.assertEqual({model: model.objects.count() for model in counts}, counts)

    def test_a_pledge_already_recorded_is_proposed_as_itself(self):
        review = self.review_page().context["review"]
        trade, energy, agriculture, technology = (form["existing"].value() for form in review.pledges)
        # The $5 billion goal is recorded at another event: no pledge of the session has that target.
        self.assertIsNone(trade)
        titles = dict(Pledge.objects.values_list("pk", "title"))
        self.assertEqual(titles[energy], "Work together on renewable energy, oil, gas and LNG")
        self.assertEqual(titles[agriculture], "Open cooperation in agriculture, food security and health")
        self.assertEqual(
            titles[technology], "Boost cooperation in IT, e-commerce, fintech and artificial intelligence"
        )

    def test_a_pledge_without_sectors_is_matched_by_the_words_of_its_title(self):
        partnership = seed_article.PARTNERSHIP
        self.extract.return_value = Proposals(
            sessions=seed_proposals(known=True).sessions,
            pledges=[PledgeProposal(partnership, spans=[seed_article.span(partnership)])] * 2,
        )
        first, again = self.review_page().context["review"].pledges
        self.assertEqual(
            Pledge.objects.get(pk=first["existing"].value()).title,
            "Turn Pakistan–Türkiye ties into a productive economic partnership",
        )
        self.assertIsNone(again["existing"].value())  # a recorded pledge is proposed for one row

    def test_the_message_lists_what_was_reused(self):
        response = self.confirm(drop("official-2", "country-2"))
        created, message = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertTrue(created.startswith("Created: pledge “Cooperation in trade and investment”;"), created)
        self.assertIn("Reused: source “Arab News, 9 Sep 2025:", message)
        self.assertIn("commission “Pakistan–Türkiye Joint Ministerial Commission”", message)
        self.assertIn("officials “Jam Kamal Khan”, “Yaşar Güler”", message)
        self.assertIn(f"event “{self.session}”", message)


class ExtractorTests(TestCase):
    """The extractor itself on the seed article, over the seed story: what it proposes opens as a
    review, and saving it unchanged adds to the recorded session instead of copying it."""

    @classmethod
    def setUpTestData(cls):
        seed_load()
        cls.editor = editor_user()

    def test_the_seed_article_adds_to_the_recorded_session(self):
        self.client.force_login(self.editor)
        counts = {model: model.objects.count() for model in (Official, Commission, Event)}
        page = self.client.post(ADD_FROM_ARTICLE, article_form(url="https://example.org/seed-article"))
        review = page.context["review"]
        session = Event.objects.get(slug=JMC_16)
        self.assertEqual(review.recorded, session)
        self.assertContains(page, '<mark class="hl hl-official"')
        data = {"payload": page.context["payload"], "_confirm": "1", **review_form(review)}
        response = self.client.post(ADD_FROM_ARTICLE, data)
        self.assertRedirects(response, reverse("admin:relations_event_change", args=[session.pk]))
        self.assertEqual({model: model.objects.count() for model in counts}, counts)
        self.assertTrue(session.citations.filter(source__url="https://example.org/seed-article").exists())


# The parts ---------------------------------------------------------------------------------------


class ConfirmServiceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        seed_load()
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


class PayloadTests(SimpleTestCase):
    def test_the_signed_review_gives_back_the_article_and_proposals(self):
        proposals = seed_proposals(known=True)
        opened_article, opened = open_review(sign_review(article(), proposals))
        self.assertEqual(opened_article, article())
        self.assertEqual(opened, proposals)

    def test_an_old_review_cannot_be_opened(self):
        token = sign_review(article(), Proposals())
        later = dt.datetime.now().timestamp() + 2 * 24 * 3600
        with mock.patch("time.time", return_value=later), self.assertRaises(ReviewExpired):
            open_review(token)


class HighlightTests(SimpleTestCase):
    def test_overlapping_spans_are_cut_into_marks_linked_to_the_narrowest(self):
        text = "Khan met Güler."
        proposals = Proposals(
            officials=[OfficialProposal("Jam Kamal Khan", spans=[(0, 4)])],
            quotes=[QuoteProposal(text, spans=[(0, 15)])],
        )
        self.assertHTMLEqual(
            highlight(text, proposals),
            '<span id="found-official-0"></span><span id="found-quote-0"></span>'
            '<a href="#proposal-official-0" class="hl-link">'
            '<mark class="hl hl-official hl-in-quote" title="official: Jam Kamal Khan; quote">Khan</mark></a>'
            '<a href="#proposal-quote-0" class="hl-link">'
            '<mark class="hl hl-quote" title="quote"> met Güler.</mark></a>',
        )

    def test_the_text_between_marks_is_escaped_and_spans_outside_it_are_ignored(self):
        proposals = Proposals(countries=[CountryProposal("PK", "Pakistan", [(0, 1), (5, 99), (3, 3)])])
        html = highlight("<b>&", proposals)
        self.assertEqual(
            html,
            '<span id="found-country-0"></span><a href="#proposal-country-0" class="hl-link">'
            '<mark class="hl hl-country" title="country: Pakistan">&lt;</mark></a>b&gt;&amp;',
        )

    def test_a_sentence_is_found_around_a_span(self):
        self.assertEqual(
            sentence_at(TEXT, *seed_article.span("Jam Kamal Khan")),
            "The joint ministerial commission’s 16th meeting was co-chaired by Pakistan’s Commerce Minister "
            "Jam Kamal Khan and Turkiye’s Minister of National Defense Yaşar Güler.",
        )
        self.assertEqual(
            sentence_at(TEXT, *seed_article.span("LNG")),
            "“An agreement has been reached to enhance cooperation in renewable energy, oil, gas, and LNG "
            "sectors,” the commerce ministry said in a statement.",
        )
        self.assertEqual(sentence_at("A headline\n\nA body.", 0, 1), "A headline")
