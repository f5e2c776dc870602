"""The Redis cache backend the deployment uses (``REDIS_URL``) keeps one client per pool."""

from unittest import SkipTest

import redis
from django.test import SimpleTestCase

from tracker.redis_cache import RedisCache

URL = "redis://127.0.0.1:6379/15"


class RedisCacheTests(SimpleTestCase):
    def setUp(self):
        try:
            redis.Redis.from_url(URL).ping()
        except redis.ConnectionError:
            raise SkipTest("no Redis on 127.0.0.1:6379") from None
        self.cache = RedisCache(URL, {"KEY_PREFIX": "tests-redis-cache"})
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
