"""Assisted entry in admin: paste an article, check what it says, save it all at once.

The extractor is replaced by the hand-written proposals of `tests.seed_article`, so these tests
say what the review does with proposals, whatever the extractor finds. Nothing is written before
the editor confirms: who may use it, the review page, its signed payload and highlights.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from unittest import mock

from django.contrib.auth.models import Permission, User
from django.contrib.messages import get_messages
from django.test import SimpleTestCase
from django.urls import reverse

from relations.extract.proposals import CountryProposal, OfficialProposal, Proposals, QuoteProposal
from relations.extract.review import ReviewExpired, highlight, open_review, sentence_at, sign_review
from relations.models import Pledge
from tests import seed_article
from tests.article_review import ADD_FROM_ARTICLE, ReviewTestCase, article_form, review_form, row_counts
from tests.seed_article import PUBLISHED_ON, TEXT, article, seed_proposals


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
        response = self.client.post(ADD_FROM_ARTICLE, article_form(text="   ", published_on="someday"))
        self.assertEqual(row_counts(), before)
        self.assertContains(response, "Please correct the errors below.")
        self.assertContains(response, "Paste the article&#x27;s text.")
        self.assertContains(response, '<div class="form-row errors field-published_on">')
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
        self.assertEqual(
            [str(m) for m in get_messages(response.wsgi_request)],
            ["Nothing was saved, and the review was discarded."],
        )

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
        self.assertContains(response, "The quotations kept come to 614 characters; a citation holds 500.")


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
