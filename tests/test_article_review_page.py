"""The review page of "Add from article", as an editor of the Editors group uses it: doubtful
proposals start unticked with the reason shown, a pledge binds only countries ticked above,
a pledge gets a due date and a target that is not money, each speaker's words stay theirs in
the citation, a save bar counts what is ticked, and the review is kept as a draft until it is
saved or discarded."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import Permission, User
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from relations.dates import FuzzyDate
from relations.extract.proposals import OfficialProposal, Proposals, QuoteProposal
from relations.models import ArticleDraft, Event, Pledge, Source
from tests import seed_article
from tests.article_review import ADD_FROM_ARTICLE, ReviewTestCase, drop, review_form
from tests.seed_article import seed_proposals

DRAFTS = reverse("admin:relations_articledraft_changelist")


def doubtful_proposals() -> Proposals:
    proposals = seed_proposals()
    proposals.officials[2].doubt = "a single word after a title"
    proposals.pledges[1].doubt = "only in the dateline"
    return proposals


class DoubtTests(ReviewTestCase):
    proposals = staticmethod(doubtful_proposals)

    def test_a_doubtful_proposal_starts_unticked_with_its_reason_shown(self):
        response = self.review_page()
        review = response.context["review"]
        self.assertEqual([form["include"].value() for form in review.officials], [True, True, False])
        self.assertEqual([form["include"].value() for form in review.pledges], [True, False, True, True])
        self.assertContains(response, "Left unticked: a single word after a title.")
        self.assertContains(response, "Left unticked: only in the dateline.")
        self.assertNotContains(
            response, 'name="official-2-include" class="proposal-include" id="id_official-2-include" checked'
        )
        # The save bar counts what starts ticked: 1 session, 2 of 3 countries, 2 of 3 officials,
        # 3 of 4 pledges, 3 quotations.
        self.assertContains(response, '<span id="ticked-count">11</span> of 14 proposals ticked')

    def test_saving_unchanged_leaves_out_what_was_doubted(self):
        response = self.confirm()
        self.assertEqual(response.status_code, 302)
        event = Event.objects.get()
        self.assertNotIn("Hakan Fidan", [str(p.official) for p in event.participants.all()])
        self.assertEqual(event.pledges.count(), 3)


class PartyTests(ReviewTestCase):
    def test_a_party_not_ticked_among_the_countries_is_refused_and_nothing_is_saved(self):
        response = self.assertNothingWritten(lambda: self.confirm(drop("country-1")))
        self.assertContains(response, "Please correct the errors below. Nothing was saved.")
        self.assertContains(
            response, "Türkiye is not among the countries ticked above: tick it there, or untick it here."
        )

    def test_a_country_proposed_unticked_is_not_a_party_to_start_with(self):
        review = self.review_page().context["review"]
        # India is named in passing: unticked above, and offered to no pledge as a party.
        self.assertEqual(
            [form.country.code for form in review.countries if form.initial["include"]], ["PK", "TR"]
        )
        for form in review.pledges:
            self.assertNotIn("IN", [str(c) for c in form["parties"].value()])

    def test_ticking_a_country_there_lets_a_pledge_bind_it(self):
        def edit(data):
            data["country-2-include"] = "on"
            data["pledge-1-parties"] = ["PK", "IN"]

        self.assertEqual(self.confirm(edit).status_code, 302)
        pledge = Pledge.objects.get(title__startswith="Cooperation in renewable energy")
        self.assertEqual(sorted(pledge.parties.values_list("country", flat=True)), ["IN", "PK"])

    def test_the_page_loads_its_script_from_a_file(self):
        response = self.review_page()
        self.assertContains(response, '<script src="/static/js/article-review.js" defer></script>')
        self.assertContains(response, 'data-country="TR"')


class PledgeTargetTests(ReviewTestCase):
    def test_a_due_date_and_a_target_that_is_not_money_are_saved_on_the_pledge(self):
        def edit(data):
            data.update(
                {
                    "pledge-2-target_amount": "80",
                    "pledge-2-target_unit": "people",
                    "pledge-2-target_measure": "instructors",
                    "pledge-2-due": "2026",
                }
            )

        self.assertEqual(self.confirm(edit).status_code, 302)
        pledge = Pledge.objects.get(title__startswith="Cooperation in agriculture")
        self.assertEqual(
            (pledge.target_amount, pledge.target_currency, pledge.target_unit, pledge.target_measure),
            (Decimal("80"), "", "people", "instructors"),
        )
        self.assertEqual(pledge.due, FuzzyDate.parse("2026"))

    def test_a_target_in_money_and_a_unit_at_once_is_refused(self):
        response = self.assertNothingWritten(
            lambda: self.confirm(lambda data: data.update({"pledge-0-target_unit": "people"}))
        )
        self.assertContains(response, "A target is money or a unit, not both: empty one of them.")

    def test_a_due_date_that_is_not_a_date_is_refused(self):
        response = self.assertNothingWritten(
            lambda: self.confirm(lambda data: data.update({"pledge-0-due": "2025-13"}))
        )
        self.assertContains(response, "Please correct the errors below. Nothing was saved.")
        self.assertContains(response, "“2025-13” is not a real date.")

    def test_the_proposed_due_date_and_unit_target_fill_the_row(self):
        proposals = seed_proposals()
        proposals.pledges[2].due = "2026"
        proposals.pledges[2].target_value = Decimal("80")
        proposals.pledges[2].target_unit = "people"
        self.extract.return_value = proposals
        form = self.review_page().context["review"].pledges[2]
        self.assertEqual(
            (form["due"].value(), form["target_amount"].value(), form["target_unit"].value()),
            ("2026", Decimal("80"), "people"),
        )


def two_speakers() -> Proposals:
    khan = "We will double the trade between our countries within three years"
    guler = "Defence industry cooperation is the backbone of our relations"
    proposals = seed_proposals()
    proposals.quotes = [
        QuoteProposal(khan, "Khan", None, []),
        QuoteProposal(guler, "Güler", None, []),
    ]
    return proposals


class SpeakerTests(ReviewTestCase):
    proposals = staticmethod(two_speakers)

    def test_two_speakers_words_are_each_named_in_the_citation(self):
        page = self.review_page()
        self.assertEqual(
            [form["speaker"].value() for form in page.context["review"].quotes], ["Khan", "Güler"]
        )
        self.assertEqual(self.confirm().status_code, 302)
        (citation,) = Event.objects.get().citations.all()
        self.assertEqual(
            citation.excerpt,
            "Khan: “We will double the trade between our countries within three years” — "
            "Güler: “Defence industry cooperation is the backbone of our relations”",
        )

    def test_the_editor_names_the_speaker(self):
        def edit(data):
            data["quote-0-speaker"] = "Jam Kamal Khan"
            data.pop("quote-1-include")

        self.assertEqual(self.confirm(edit).status_code, 302)
        (citation,) = Event.objects.get().citations.all()
        self.assertEqual(
            citation.excerpt,
            "Jam Kamal Khan: “We will double the trade between our countries within three years”",
        )

    def test_a_known_officials_quotation_is_under_their_recorded_name(self):
        proposals = Proposals(
            officials=[OfficialProposal("Jam Kamal Khan", "jam-kamal-khan", "Commerce Minister", "PK", [])],
            quotes=[QuoteProposal("Trade will double", "Khan", "jam-kamal-khan", [])],
        )
        self.extract.return_value = proposals
        (form,) = self.review_page().context["review"].quotes
        self.assertEqual(form["speaker"].value(), "Jam Kamal Khan")


class PublishedOnTests(ReviewTestCase):
    def test_a_source_dated_by_its_month_is_saved_with_that_precision(self):
        page = self.review_page(published_on="2025-09")
        self.assertContains(page, "Arab News, September 2025")
        self.assertNotContains(page, 'type="date"')
        self.assertEqual(self.confirm(published_on="2025-09").status_code, 302)
        self.assertEqual(Source.objects.get().published_on, FuzzyDate.parse("2025-09"))

    def test_the_date_is_typed_as_written_and_its_reading_shown(self):
        paste = self.client.get(reverse("admin:relations_source_add_from_article"))
        # The reading line under the box, kept up to date by its script as the editor types.
        self.assertContains(paste, 'id="id_published_on_reading"')
        self.assertContains(paste, "js/date-box.js")
        page = self.review_page(published_on="9 Sept 2025")
        self.assertContains(page, "Arab News, 9 September 2025")


class DraftTests(ReviewTestCase):
    def test_showing_the_review_keeps_it_as_a_draft_listed_for_editors(self):
        self.review_page()
        draft = ArticleDraft.objects.get()
        self.assertEqual(
            (draft.user, draft.title, draft.url),
            (self.editor, seed_article.TITLE, "https://www.arabnews.com/node/2614698"),
        )
        response = self.client.get(DRAFTS)
        self.assertContains(response, seed_article.TITLE)
        self.assertContains(
            response, f'<a href="{ADD_FROM_ARTICLE}?draft={draft.pk}">Reopen review</a>', html=True
        )
        self.assertContains(response, "editor")

    def test_staff_who_may_only_view_drafts_get_no_reopen_link(self):
        self.review_page()
        viewer = User.objects.create_user("viewer", password="x", is_staff=True)
        viewer.user_permissions.add(Permission.objects.get(codename="view_articledraft"))
        self.client.force_login(viewer)
        response = self.client.get(DRAFTS)
        self.assertContains(response, seed_article.TITLE)
        self.assertNotContains(response, "Reopen review")

    def test_the_list_says_how_many_are_waiting(self):
        response = self.client.get(DRAFTS)
        self.assertContains(response, "0 articles left unreviewed")
        self.review_page()
        response = self.client.get(DRAFTS)
        self.assertContains(response, "1 article left unreviewed")

    def test_reopening_shows_the_review_again(self):
        self.review_page()
        draft = ArticleDraft.objects.get()
        response = self.client.get(ADD_FROM_ARTICLE, {"draft": draft.pk})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Check what the article says")
        self.assertContains(response, '<mark class="hl hl-official"')
        self.assertEqual(len(response.context["review"].pledges), 4)
        # Still one draft: saving the reopened review removes it.
        data = review_form(response.context["review"])
        self.assertEqual(ArticleDraft.objects.count(), 1)
        response = self.client.post(
            ADD_FROM_ARTICLE, {"payload": response.context["payload"], "_confirm": "1", **data}
        )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(ArticleDraft.objects.exists())

    def test_a_review_posted_with_errors_reopens_with_the_editors_choices(self):
        response = self.confirm(
            lambda data: data.update({"pledge-0-title": "Trade to $5 billion", "event-date": "2025-13"})
        )
        self.assertEqual(response.status_code, 200)
        draft = ArticleDraft.objects.get()
        response = self.client.get(ADD_FROM_ARTICLE, {"draft": draft.pk})
        self.assertContains(response, 'value="Trade to $5 billion"')
        self.assertContains(response, 'value="2025-13"')

    def test_saving_removes_the_draft(self):
        self.assertEqual(self.confirm().status_code, 302)
        self.assertFalse(ArticleDraft.objects.exists())

    def test_discard_removes_the_draft_and_writes_nothing(self):
        page = self.review_page()
        self.assertEqual(ArticleDraft.objects.count(), 1)
        data = {
            "payload": page.context["payload"],
            "_cancel": "Discard",
            **review_form(page.context["review"]),
        }
        response = self.assertNothingWritten(lambda: self.client.post(ADD_FROM_ARTICLE, data))
        self.assertRedirects(response, reverse("admin:relations_source_changelist"))
        self.assertFalse(ArticleDraft.objects.exists())
        self.assertEqual(
            [str(m) for m in get_messages(response.wsgi_request)],
            ["Nothing was saved, and the review was discarded."],
        )

    def test_editing_the_article_keeps_one_draft(self):
        page = self.review_page()
        back = self.client.post(ADD_FROM_ARTICLE, {"payload": page.context["payload"], "_back": "1"})
        self.assertContains(back, 'name="draft"')
        data = {key: field.value() for key, field in ((f.name, f) for f in back.context["form"])}
        data.update({"draft": back.context["draft"], "title": "Edited headline", "_review": "1"})
        self.client.post(ADD_FROM_ARTICLE, data)
        self.assertEqual(list(ArticleDraft.objects.values_list("title", flat=True)), ["Edited headline"])

    def test_a_stale_or_altered_draft_is_refused_with_a_message(self):
        self.review_page()
        draft = ArticleDraft.objects.get()
        ArticleDraft.objects.filter(pk=draft.pk).update(proposals={"pledges": [{"text": 3, "nonsense": 1}]})
        response = self.client.get(ADD_FROM_ARTICLE, {"draft": draft.pk}, follow=True)
        self.assertContains(response, "This draft can no longer be read: paste the article again.")
        for pk in (draft.pk + 100, "x"):
            with self.subTest(pk=pk):
                response = self.client.get(ADD_FROM_ARTICLE, {"draft": pk}, follow=True)
                self.assertContains(response, "This review was saved or discarded meanwhile.")

    def test_a_review_whose_draft_was_discarded_meanwhile_still_saves(self):
        page = self.review_page()
        ArticleDraft.objects.all().delete()
        data = {"payload": page.context["payload"], "_confirm": "1", **review_form(page.context["review"])}
        self.assertEqual(self.client.post(ADD_FROM_ARTICLE, data).status_code, 302)
        self.assertFalse(ArticleDraft.objects.exists())

    def test_an_editor_may_discard_a_draft_from_the_list(self):
        self.review_page()
        draft = ArticleDraft.objects.get()
        url = reverse("admin:relations_articledraft_delete", args=[draft.pk])
        self.assertEqual(self.client.get(url).status_code, 200)
        self.assertRedirects(self.client.post(url, {"post": "yes"}), DRAFTS)
        self.assertFalse(ArticleDraft.objects.exists())

    def test_the_drafts_list_keeps_its_query_count(self):
        def count_queries(n):
            ArticleDraft.objects.all().delete()
            for index in range(n):
                ArticleDraft.objects.create(
                    user=self.editor, title=f"Article {index}", article={}, proposals={}
                )
            with CaptureQueriesContext(connection) as captured:
                self.assertEqual(self.client.get(DRAFTS).status_code, 200)
            return len(captured)

        self.assertEqual(count_queries(2), count_queries(20))
