"""Anonymous readers get stored pages and API reads until the data changes, and never after;
while Redis is down everyone is answered uncached, and a write made meanwhile shows once it is back."""

from unittest import mock

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.cache import cache, caches
from django.test import TestCase, override_settings
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from relations.cache import data_version
from relations.models import Event, EventCountry, Sector
from tests.test_redis_cache import Clock, dead_url, redis_gone, require_live_redis
from tests.world import build_world, make_event
from tracker import redis_cache

LOCAL = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"}}


@override_settings(PAGE_CACHE_SECONDS=60, CACHES=LOCAL)
class StoredPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def setUp(self):
        cache.clear()
        self.ties = reverse("relations:ties", args=["pk-tr"])

    def test_a_second_read_is_served_without_the_database_and_reads_the_same(self):
        first = self.client.get(self.ties)
        with self.assertNumQueries(0):
            second = self.client.get(self.ties)
        self.assertEqual((first["X-Cache"], second["X-Cache"]), ("miss", "hit"))
        self.assertEqual(first.content, second.content)
        self.assertContains(second, self.world.session_16.title)

    def test_a_changed_event_shows_at_once(self):
        self.client.get(self.ties)
        event = self.world.session_16
        event.title = "Renamed session"
        event.save()
        response = self.client.get(self.ties)
        self.assertEqual(response["X-Cache"], "miss")
        self.assertContains(response, "Renamed session")

    def test_a_country_added_to_an_event_or_removed_from_it_shows_at_once(self):
        w = self.world
        talks = make_event("Talks in Ankara", "2025-10", {w.turkiye: "host"})
        self.assertNotContains(self.client.get(self.ties), "Talks in Ankara")
        membership = EventCountry.objects.create(event=talks, country=w.pakistan, role="party")
        self.assertContains(self.client.get(self.ties), "Talks in Ankara")
        membership.delete()
        self.assertNotContains(self.client.get(self.ties), "Talks in Ankara")

    def test_a_sector_added_to_an_event_shows_at_once(self):
        w = self.world
        url = reverse("relations:timeline") + "?sector=lng"
        self.assertNotContains(self.client.get(url), w.conflict.title)
        w.conflict.sectors.add(w.lng)
        self.assertContains(self.client.get(url), w.conflict.title)

    def test_a_signed_in_reader_always_gets_a_fresh_page(self):
        user = User.objects.create_user("reader", password="a long pass phrase")
        self.client.force_login(user)
        self.client.get(self.ties)
        response = self.client.get(self.ties)
        self.assertNotIn("X-Cache", response.headers)

    def test_a_stored_page_keeps_the_headers_every_page_gets(self):
        first = self.client.get(self.ties)
        second = self.client.get(self.ties)
        self.assertEqual(second["X-Cache"], "hit")
        for header in ("Content-Type", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"):
            self.assertEqual(second.get(header), first.get(header), header)
        self.assertEqual(second["X-Frame-Options"], "DENY")

    @override_settings(SECURE_SSL_REDIRECT=True)
    def test_a_page_stored_for_https_is_not_served_over_plain_http(self):
        self.assertEqual(self.client.get(self.ties, secure=True)["X-Cache"], "miss")
        self.assertEqual(self.client.get(self.ties, secure=True)["X-Cache"], "hit")
        response = self.client.get(self.ties)
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], f"https://testserver{self.ties}")

    def test_static_files_are_left_to_whitenoise(self):
        with mock.patch("relations.cache.cache") as store:
            self.client.get("/static/css/tracker.css")
        store.get_many.assert_not_called()

    def test_admin_pages_are_never_stored(self):
        self.client.get("/admin/login/")
        self.assertNotIn("X-Cache", self.client.get("/admin/login/").headers)

    def test_errors_are_not_stored(self):
        for _ in range(2):
            response = self.client.get(reverse("relations:timeline") + "?from=soon")
            self.assertEqual(response.status_code, 400)
            self.assertNotIn("X-Cache", response.headers)
        self.assertEqual(self.client.get("/ties/pk-xx/").status_code, 404)


@override_settings(PAGE_CACHE_SECONDS=60, CACHES=LOCAL)
class DataVersionTests(TestCase):
    def test_the_version_changes_at_once_and_again_when_the_transaction_commits(self):
        first = data_version()
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            Sector.objects.create(name="Tourism", slug="tourism")
            Sector.objects.create(name="Mining", slug="mining")
            during = data_version()
        self.assertNotEqual(during, first)
        self.assertEqual(len(callbacks), 1)  # once per transaction, however many rows
        self.assertNotEqual(data_version(), during)

    def test_nothing_is_tracked_when_storing_is_off(self):
        with override_settings(PAGE_CACHE_SECONDS=0):
            before = data_version()
            Sector.objects.create(name="Tourism", slug="tourism")
            self.assertEqual(data_version(), before)


@override_settings(PAGE_CACHE_SECONDS=60, CACHES=LOCAL)
class StoredAPIReadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        editor = User.objects.create_user("editor", password="a long pass phrase")
        editor.groups.add(Group.objects.get(name="Editors"))
        cls.token = Token.objects.create(user=editor)

    def setUp(self):
        cache.clear()
        self.client = APIClient()
        self.url = reverse("api:event-list") + "?pair=pk-tr"

    def test_a_second_read_is_served_without_the_database_and_holds_the_same_data(self):
        first = self.client.get(self.url)
        with self.assertNumQueries(0):
            second = self.client.get(self.url)
        self.assertEqual((first["X-Cache"], second["X-Cache"]), ("miss", "hit"))
        self.assertEqual(first.json(), second.json())
        titles = [e["title"] for e in second.json()["results"]]
        self.assertEqual(titles, [self.world.session_16.title, self.world.visit_july.title])

    def test_a_write_through_the_api_shows_in_the_next_anonymous_read(self):
        self.client.get(self.url)
        editor = APIClient()
        editor.credentials(HTTP_AUTHORIZATION=f"Token {self.token.key}")
        slug = self.world.visit_july.slug
        response = editor.patch(
            reverse("api:event-detail", args=[slug]), {"title": "A July visit"}, format="json"
        )
        self.assertEqual(response.status_code, 200, response.content)
        titles = [e["title"] for e in self.client.get(self.url).json()["results"]]
        self.assertIn("A July visit", titles)

    def test_csv_exports_and_the_browsable_api_are_not_stored(self):
        for _ in range(2):
            export = self.client.get(self.url + "&format=csv")
            self.assertNotIn("X-Cache", export.headers)
            page = self.client.get(self.url, HTTP_ACCEPT="text/html")
            self.assertNotIn("X-Cache", page.headers)
        self.assertIn(self.world.session_16.slug, b"".join(export.streaming_content).decode())

    def test_a_stored_read_still_counts_against_the_throttle(self):
        with mock.patch.dict(AnonRateThrottle.THROTTLE_RATES, {"anon": "2/minute"}):
            statuses = [self.client.get(self.url).status_code for _ in range(3)]
        self.assertEqual(statuses, [200, 200, 429])

    def test_a_token_holder_always_gets_a_fresh_read(self):
        self.client.get(self.url)
        editor = APIClient()
        editor.credentials(HTTP_AUTHORIZATION=f"Token {self.token.key}")
        for _ in range(2):
            response = editor.get(self.url)
            self.assertEqual(response.status_code, 200)
            self.assertNotIn("X-Cache", response.headers)

    def test_each_url_and_accept_header_is_stored_on_its_own(self):
        long_query = self.url + "&q=" + "joint ministerial commission " * 12
        first = self.client.get(long_query)
        self.assertEqual(first["X-Cache"], "miss")
        self.assertEqual(self.client.get(long_query)["X-Cache"], "hit")
        self.assertEqual(self.client.get(self.url)["X-Cache"], "miss")
        as_json = self.client.get(self.url, HTTP_ACCEPT="application/json")
        self.assertEqual(as_json["X-Cache"], "miss")
        self.assertEqual(as_json["Content-Type"], "application/json")
        self.assertEqual(self.client.get(self.url, HTTP_ACCEPT="application/json")["X-Cache"], "hit")


def redis_caches(url: str) -> dict:
    """The deployment's cache settings, pointed at ``url``."""
    return {
        "default": {
            "BACKEND": "tracker.redis_cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "tests-page-cache",
            "OPTIONS": settings.REDIS_OPTIONS,
        }
    }


class WithoutRedisTests(TestCase):
    """``REDIS_URL`` names a server where nothing listens."""

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        editor = User.objects.create_user("editor", password="a long pass phrase")
        editor.groups.add(Group.objects.get(name="Editors"))
        cls.token = Token.objects.create(user=editor)
        cls.admin = User.objects.create_superuser("admin", password="a long pass phrase")

    def setUp(self):
        self.enterContext(mock.patch.dict(redis_cache.outages, clear=True))
        self.url = dead_url()
        self.enterContext(override_settings(PAGE_CACHE_SECONDS=60, CACHES=redis_caches(self.url)))
        self.logs = self.enterContext(self.assertLogs("tracker.redis_cache", "WARNING"))
        self.events = reverse("api:event-list") + "?pair=pk-tr"

    def test_pages_answer_as_usual_and_are_not_stored(self):
        for name, args in (("relations:home", []), ("relations:ties", ["pk-tr"])):
            for _ in range(2):
                response = self.client.get(reverse(name, args=args))
                self.assertContains(response, self.world.session_16.title)
                self.assertNotIn("X-Cache", response.headers)

    def test_api_reads_and_csv_exports_answer_as_usual(self):
        response = APIClient().get(self.events)
        self.assertEqual(response.status_code, 200)
        titles = [e["title"] for e in response.json()["results"]]
        self.assertEqual(titles, [self.world.session_16.title, self.world.visit_july.title])
        export = self.client.get(self.events + "&format=csv")
        self.assertEqual(export.status_code, 200)
        self.assertIn(self.world.session_16.slug, b"".join(export.streaming_content).decode())

    def test_the_anonymous_limit_lets_every_read_through(self):
        with mock.patch.dict(AnonRateThrottle.THROTTLE_RATES, {"anon": "2/minute"}):
            statuses = [self.client.get(self.events).status_code for _ in range(4)]
        self.assertEqual(statuses, [200, 200, 200, 200])

    def test_a_write_through_the_api_is_saved_and_shows_at_once(self):
        self.client.get(reverse("relations:ties", args=["pk-tr"]))
        editor = APIClient()
        editor.credentials(HTTP_AUTHORIZATION=f"Token {self.token.key}")
        slug = self.world.visit_july.slug
        response = editor.patch(
            reverse("api:event-detail", args=[slug]), {"title": "A July visit"}, format="json"
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(Event.objects.get(slug=slug).title, "A July visit")
        self.assertContains(self.client.get(reverse("relations:ties", args=["pk-tr"])), "A July visit")

    def test_a_write_through_the_admin_is_saved(self):
        self.client.force_login(self.admin)
        response = self.client.post(
            reverse("admin:relations_sector_add"), {"name": "Tourism", "slug": "tourism", "parent": ""}
        )
        self.assertRedirects(response, reverse("admin:relations_sector_changelist"))
        self.assertEqual(Sector.objects.get(slug="tourism").name, "Tourism")

    def test_the_outage_is_logged_once_over_many_requests(self):
        for _ in range(10):
            self.client.get(reverse("relations:home"))
            self.client.get(self.events)
        self.assertEqual(len(self.logs.records), 1)
        self.assertEqual(self.logs.records[0].levelname, "ERROR")
        self.assertTrue(
            self.logs.records[0].getMessage().startswith(f"Redis cache at {self.url} is unreachable")
        )


class AfterRedisReturnsTests(TestCase):
    """A live Redis (127.0.0.1:6379, database 14) that goes away for a while and comes back."""

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def setUp(self):
        require_live_redis()
        self.enterContext(mock.patch.dict(redis_cache.outages, clear=True))
        live = "redis://127.0.0.1:6379/14"
        self.enterContext(override_settings(PAGE_CACHE_SECONDS=60, CACHES=redis_caches(live)))
        cache.clear()
        self.addCleanup(cache.clear)
        self.clock = Clock()
        caches["default"].outage.clock = self.clock
        self.ties = reverse("relations:ties", args=["pk-tr"])

    def read(self) -> tuple[str | None, bytes]:
        response = self.client.get(self.ties)
        self.assertEqual(response.status_code, 200)
        return response.get("X-Cache"), response.content

    def test_the_first_request_after_redis_returns_stores_and_serves_again(self):
        self.assertEqual(self.read()[0], "miss")
        with self.assertLogs("tracker.redis_cache", "WARNING") as logs:
            with redis_gone(caches["default"]):
                self.assertEqual(self.read()[0], None)
                self.clock.now += settings.REDIS_OPTIONS["RETRY_SECONDS"]
            self.assertEqual(self.read()[0], "miss")
        self.assertEqual([r.levelname for r in logs.records], ["ERROR", "WARNING"])
        self.assertEqual(self.read()[0], "hit")

    def test_a_write_made_while_redis_was_down_shows_once_it_returns(self):
        self.read()
        self.assertEqual(self.read()[0], "hit")
        with self.assertLogs("tracker.redis_cache", "WARNING"):
            with redis_gone(caches["default"]), self.captureOnCommitCallbacks(execute=True):
                event = self.world.session_16
                event.title = "Renamed session"
                event.save()
            self.clock.now += settings.REDIS_OPTIONS["RETRY_SECONDS"]
            state, content = self.read()
        self.assertEqual(state, "miss")
        self.assertIn(b"Renamed session", content)
        state, content = self.read()
        self.assertEqual(state, "hit")
        self.assertIn(b"Renamed session", content)
