"""Assisted entry in admin over a recorded story: the article adds to what is recorded, reusing
it, rather than copying it."""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.test import TestCase
from django.urls import reverse

from relations.extract.proposals import PledgeProposal, Proposals
from relations.models import Commission, Event, Official, Pledge, Source
from tests import seed_article
from tests.article_review import (
    ADD_FROM_ARTICLE,
    JMC_16,
    ReviewTestCase,
    article_form,
    drop,
    editor_user,
    review_form,
    row_counts,
)
from tests.seed_article import seed_proposals
from tests.world import load_story


class ReuseTests(ReviewTestCase):
    """On a database holding the seed story, the article adds to what is recorded."""

    proposals = staticmethod(lambda: seed_proposals(known=True))

    @classmethod
    def setUpTestData(cls):
        load_story()
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
            f"the commerce ministry: “{seed_article.ENERGY}” — "
            f"the statement: “{seed_article.AGRICULTURE}” … “{seed_article.PARTNERSHIP}”",
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
        load_story()
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
