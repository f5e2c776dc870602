"""Anonymous clients are throttled through a cache every worker process shares."""

from unittest import mock

from django.core.cache import cache
from django.test import TestCase
from rest_framework.throttling import AnonRateThrottle

from tests.test_settings import load_settings


class ThrottleTests(TestCase):
    def setUp(self):
        cache.clear()

    def test_an_anonymous_client_over_its_rate_gets_429_with_retry_after(self):
        with mock.patch.dict(AnonRateThrottle.THROTTLE_RATES, {"anon": "3/minute"}):
            statuses = [self.client.get("/api/sectors/").status_code for _ in range(4)]
            response = self.client.get("/api/sectors/")
        self.assertEqual(statuses, [200, 200, 200, 429])
        self.assertIn("Retry-After", response.headers)
        self.assertIn("throttled", response.json()["detail"].lower())


PRINT_CACHE = (
    "from django.conf import settings as s; "
    "print(s.CACHES['default']['BACKEND'], s.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']['anon'])"
)


def test_redis_holds_the_throttle_counts_when_redis_url_is_set():
    result = load_settings(PRINT_CACHE, DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/1")
    assert result.stdout.split()[0] == "tracker.redis_cache.RedisCache", result.stderr


def test_without_redis_the_counts_live_in_a_database_table():
    result = load_settings(PRINT_CACHE, DEBUG="1")
    assert result.stdout.split()[0] == "django.core.cache.backends.db.DatabaseCache", result.stderr


def test_the_anonymous_rate_comes_from_the_environment():
    result = load_settings(PRINT_CACHE, DEBUG="1", API_ANON_RATE="7/hour")
    assert result.stdout.split()[1] == "7/hour", result.stderr


def test_none_lifts_the_anonymous_limit():
    result = load_settings(PRINT_CACHE, DEBUG="1", API_ANON_RATE="none")
    assert result.stdout.split()[1] == "None", result.stderr


class UnlimitedTests(TestCase):
    def test_with_no_rate_an_anonymous_client_is_never_refused(self):
        with mock.patch.dict(AnonRateThrottle.THROTTLE_RATES, {"anon": None}):
            statuses = {self.client.get("/api/sectors/").status_code for _ in range(5)}
        self.assertEqual(statuses, {200})
