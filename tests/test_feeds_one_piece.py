"""A feed goes out as one piece: the server (waitress) sends each piece of a response with a
send() of its own, and a feed written element by element (some 1,700 pieces for 50 entries)
took seconds to go out while other requests were being served."""

from __future__ import annotations

from django.test import TestCase

from tests.world import add_full_events, build_world


class OnePieceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        add_full_events(cls.world, 60)

    def test_every_feed_is_sent_in_one_piece(self):
        world = self.world
        urls = [
            "/timeline/feed/",
            "/timeline/feed/?country=pk",
            "/ties/pk-tr/feed/",
            "/countries/pk/feed/",
            world.jmc.get_absolute_url() + "feed/",
            world.guler.get_absolute_url() + "feed/",
            "/pledges/feed/",
        ]
        for url in urls:
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response["Content-Type"].startswith("application/atom+xml"))
                self.assertGreater(response.content.count(b"<entry>"), 0)
                self.assertEqual(len(list(response)), 1)
