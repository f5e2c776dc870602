"""The Redis cache backend the deployment uses (``REDIS_URL``): one client per pool, and a Redis
that is down or hangs is a miss, never an error, logged once a minute and used again once back.

The tests that need a live Redis use 127.0.0.1:6379 and are skipped without one."""

import socket
import threading
import time
from contextlib import contextmanager
from unittest import SkipTest, mock

import redis
from django.core.cache import caches
from django.test import SimpleTestCase

from tracker import redis_cache
from tracker.redis_cache import RedisCache, reconnected

LIVE = "redis://127.0.0.1:6379/15"


def dead_url() -> str:
    """A Redis URL where nothing listens: a port the system just gave out and took back."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"redis://127.0.0.1:{sock.getsockname()[1]}/0"


def require_live_redis() -> None:
    try:
        redis.Redis.from_url(LIVE).ping()
    except redis.ConnectionError:
        raise SkipTest("no Redis on 127.0.0.1:6379") from None


class Clock:
    """Stands in for `time.monotonic` so back-off and log intervals pass without sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@contextmanager
def redis_gone(cache: RedisCache):
    """Points the backend at a port where nothing listens, as if Redis went away, and back."""
    pools = cache._cache._pools
    cache._cache._get_connection_pool(write=True)
    live = dict(pools)
    pools.update({index: redis.ConnectionPool.from_url(dead_url()) for index in live})
    try:
        yield
    finally:
        pools.update(live)


class OutageTestCase(SimpleTestCase):
    """Each test sees the server fresh: the outage a process remembers is per server."""

    def setUp(self):
        self.enterContext(mock.patch.dict(redis_cache.outages, clear=True))
        self.clock = Clock()

    def backend(self, url: str, **options) -> RedisCache:
        cache = RedisCache(url, {"KEY_PREFIX": "tests-redis-cache", "OPTIONS": options})
        cache.outage.clock = self.clock
        return cache


class UnreachableRedisTests(OutageTestCase):
    def setUp(self):
        super().setUp()
        self.url = dead_url()
        self.cache = self.backend(self.url, RETRY_SECONDS=5, LOG_SECONDS=60)
        self.logs = self.enterContext(self.assertLogs("tracker.redis_cache", "WARNING"))

    def test_reads_are_misses_and_writes_are_dropped_without_an_error(self):
        self.assertEqual(self.cache.get("page", "missing"), "missing")
        self.assertEqual(self.cache.get_many(["version", "page"]), {})
        self.assertIs(self.cache.add("version", "v1"), False)
        self.assertIsNone(self.cache.set("version", "v1"))
        self.assertIs(self.cache.has_key("version"), False)
        self.assertEqual(self.cache.get_or_set("version", "v2"), "v2")
        self.assertEqual(self.cache.set_many({"a": 1, "b": 2}), ["a", "b"])
        with self.assertRaisesMessage(ValueError, "not found"):
            self.cache.incr("count")
        self.assertIs(self.cache.touch("version"), False)
        self.assertIs(self.cache.delete("version"), False)
        self.assertIsNone(self.cache.delete_many(["a", "b"]))
        self.assertIs(self.cache.clear(), False)

    def test_the_outage_is_logged_when_it_begins_and_then_at_most_once_a_minute(self):
        for _ in range(150):  # a call a second for 150 seconds, Redis tried every 5
            self.cache.get("page")
            self.clock.now += 1
        self.assertEqual([record.levelname for record in self.logs.records], ["ERROR"] * 3)
        first, again, _ = (record.getMessage() for record in self.logs.records)
        self.assertTrue(first.startswith(f"Redis cache at {self.url} is unreachable (Error "))
        self.assertIn(f"connecting to {self.url[8:-2]}. Connection refused.", first)
        reason = "serving everything uncached, without the API's anonymous rate limit"
        self.assertTrue(first.endswith(f"{reason}, and trying again every 5 s."))
        self.assertTrue(again.startswith(f"Redis cache at {self.url} is still unreachable after 60 s"))
        self.assertTrue(again.endswith("; 48 cache calls skipped."))

    def test_redis_is_left_alone_until_the_back_off_has_passed(self):
        with mock.patch.object(
            redis.connection.AbstractConnection,
            "connect",
            autospec=True,
            side_effect=redis.connection.AbstractConnection.connect,
        ) as connect:
            for _ in range(20):
                self.cache.get("page")
            self.assertEqual(connect.call_count, 1)
            self.clock.now += 4.9
            self.cache.get("page")
            self.assertEqual(connect.call_count, 1)
            self.clock.now += 0.1
            for _ in range(20):
                self.cache.get("page")
            self.assertEqual(connect.call_count, 2)

    def test_a_password_in_the_url_is_not_logged(self):
        url = self.url.replace("redis://", "redis://:hunter2-secret@")
        self.backend(url).get("page")
        self.assertNotIn("hunter2", self.logs.output[0])
        self.assertIn(f"Redis cache at {self.url} is unreachable", self.logs.output[0])


class SharedOutageTests(OutageTestCase):
    def test_every_thread_of_a_process_shares_what_it_knows_of_a_server(self):
        settings = {"BACKEND": "tracker.redis_cache.RedisCache", "LOCATION": dead_url()}
        with self.settings(CACHES={"default": settings}):
            other_thread = []
            thread = threading.Thread(target=lambda: other_thread.append(caches["default"]))
            thread.start()
            thread.join()
            self.assertIsNot(other_thread[0], caches["default"])  # Django makes one per thread
            self.assertIs(other_thread[0].outage, caches["default"].outage)


class HungRedisTests(OutageTestCase):
    """A server that takes connections and never answers (a hung Redis, a full network queue)."""

    def setUp(self):
        super().setUp()
        server = self.enterContext(socket.socket())
        server.bind(("127.0.0.1", 0))
        server.listen(64)
        url = f"redis://127.0.0.1:{server.getsockname()[1]}/0"
        self.cache = self.backend(url, RETRY_SECONDS=5, socket_connect_timeout=0.2, socket_timeout=0.2)
        self.enterContext(self.assertLogs("tracker.redis_cache", "ERROR"))

    def timed(self, calls: int) -> float:
        start = time.perf_counter()
        for _ in range(calls):
            self.assertIsNone(self.cache.get("page"))
        return time.perf_counter() - start

    def test_it_costs_one_timeout_per_back_off_not_one_per_request(self):
        self.assertTrue(0.15 < self.timed(1) < 2)
        self.assertLess(self.timed(100), 0.1)
        self.clock.now += 5
        self.assertTrue(0.15 < self.timed(100) < 2)


class RedisCacheTests(OutageTestCase):
    def setUp(self):
        super().setUp()
        require_live_redis()
        self.cache = self.backend(LIVE)
        self.addCleanup(self.cache.clear)

    def test_values_round_trip_and_one_client_serves_every_command(self):
        self.cache.set("version", "v1")
        self.cache.set("page", ("v1", b"<html>", {"Content-Type": "text/html"}))
        self.assertEqual(
            self.cache.get_many(["version", "page", "missing"]),
            {"version": "v1", "page": ("v1", b"<html>", {"Content-Type": "text/html"})},
        )
        client = self.cache._cache.get_client()
        self.assertIs(self.cache._cache.get_client(write=True), client)

    def test_the_first_call_after_the_back_off_uses_redis_again_and_the_return_is_logged(self):
        self.cache.set("version", "v1")
        with self.assertLogs("tracker.redis_cache", "WARNING") as logs, redis_gone(self.cache):
            self.assertIsNone(self.cache.get("version"))
            self.cache.set("version", "v2")
            self.clock.now += 3
        self.assertIsNone(self.cache.get("version"))  # back, but the back-off still runs
        self.clock.now += 2
        with self.assertLogs("tracker.redis_cache", "WARNING") as back:
            self.assertEqual(self.cache.get("version"), "v1")
        self.assertEqual(len(logs.records), 1)
        self.assertEqual(
            back.output, [f"WARNING:tracker.redis_cache:Redis cache at {LIVE} answers again after 5 s."]
        )
        self.cache.set("version", "v3")
        self.assertEqual(self.cache.get("version"), "v3")

    def test_reconnected_is_sent_once_when_redis_returns_before_anything_is_read(self):
        self.cache.set("version", "v1")
        sent = []

        def renew(cache, **kwargs):
            sent.append(cache)
            cache.set("version", "renewed")

        reconnected.connect(renew)
        self.addCleanup(reconnected.disconnect, renew)
        with self.assertLogs("tracker.redis_cache", "WARNING"):
            with redis_gone(self.cache):
                self.cache.get("version")
            self.clock.now += 5
            self.assertEqual(self.cache.get("version"), "renewed")
            self.assertEqual(self.cache.get("version"), "renewed")
        self.assertEqual(sent, [self.cache])

    def test_a_redis_that_fails_again_while_reconnecting_stays_down_until_the_next_back_off(self):
        self.cache.set("version", "v1")

        def renew(cache, **kwargs):
            with redis_gone(cache):
                cache.set("version", "renewed")

        reconnected.connect(renew)
        self.addCleanup(reconnected.disconnect, renew)
        with self.assertLogs("tracker.redis_cache", "WARNING") as logs:
            with redis_gone(self.cache):
                self.cache.get("version")
            self.clock.now += 5
            self.assertIsNone(self.cache.get("version"))  # the stored version is not read
            self.clock.now += 4
            self.assertIsNone(self.cache.get("version"))
        self.assertEqual([record.levelname for record in logs.records], ["ERROR"])
