"""Limits that cannot be dodged: the anonymous API limit and the admin sign-in lockout count
the client's real address, which a made-up ``X-Forwarded-For`` does not change unless
`TRUSTED_PROXIES` says a proxy in front writes it."""

from unittest import mock

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import call_command
from django.test import TestCase, override_settings
from rest_framework.throttling import AnonRateThrottle

from tests.test_settings import load_settings

PASSWORD = "a long pass phrase"
WRONG = "not the pass phrase"
LOCKED = "Too many failed sign-ins for “editor” from your address."
LIFT = "An administrator can lift the lock sooner."


def behind_proxies(count: int):
    return override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "NUM_PROXIES": count})


class AnonymousLimitTests(TestCase):
    def setUp(self):
        cache.clear()

    def test_a_new_x_forwarded_for_on_every_request_does_not_escape_the_limit(self):
        limit = AnonRateThrottle().num_requests
        statuses = [
            self.client.get(
                "/api/sectors/", headers={"x-forwarded-for": f"198.51.100.{i % 250}, 10.0.{i}.1"}
            ).status_code
            for i in range(200)
        ]
        self.assertEqual(limit, 120)
        self.assertEqual(statuses, [200] * limit + [429] * (200 - limit))

    def test_behind_one_trusted_proxy_the_address_it_appended_is_counted(self):
        with behind_proxies(1), mock.patch.dict(AnonRateThrottle.THROTTLE_RATES, {"anon": "3/minute"}):
            same_client = [
                self.client.get("/api/sectors/", headers={"x-forwarded-for": f"10.9.9.{i}, 203.0.113.7"})
                for i in range(4)
            ]
            other_client = self.client.get("/api/sectors/", headers={"x-forwarded-for": "203.0.113.8"})
        self.assertEqual([r.status_code for r in same_client], [200, 200, 200, 429])
        self.assertEqual(other_client.status_code, 200)


def test_trusted_proxies_comes_from_the_environment_and_is_none_by_default():
    code = "from django.conf import settings as s; print(s.REST_FRAMEWORK['NUM_PROXIES'])"
    assert load_settings(code, DEBUG="1").stdout.split() == ["0"]
    assert load_settings(code, DEBUG="1", TRUSTED_PROXIES="1").stdout.split() == ["1"]


def test_the_lockout_limit_and_length_come_from_the_environment():
    code = "from django.conf import settings as s; print(s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME)"
    assert load_settings(code, DEBUG="1").stdout.split() == ["5", "0:15:00"]
    result = load_settings(code, DEBUG="1", LOGIN_FAILURE_LIMIT="3", LOGIN_LOCKOUT_MINUTES="60")
    assert result.stdout.split() == ["3", "1:00:00"]


def environ_seen_by_the_app(monkeypatch, trusted_proxies: str, headers: dict[str, str]) -> dict:
    """The WSGI environ the application gets from the production server (tracker/serve.py)
    for a request from 192.0.2.9 with ``headers``."""
    from waitress.adjustments import Adjustments
    from waitress.proxy_headers import proxy_headers_middleware

    from tracker.serve import options

    monkeypatch.setenv("TRUSTED_PROXIES", trusted_proxies)
    adj = Adjustments(**options())
    seen = {}
    app = proxy_headers_middleware(
        lambda environ, start_response: seen.update(environ) or [],
        trusted_proxy=adj.trusted_proxy,
        trusted_proxy_count=adj.trusted_proxy_count,
        trusted_proxy_headers=adj.trusted_proxy_headers,
        clear_untrusted=adj.clear_untrusted_proxy_headers,
    )
    environ = {"REMOTE_ADDR": "192.0.2.9", "wsgi.url_scheme": "http"}
    environ |= {"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()}
    app(environ, lambda *args: None)
    return seen


FORWARDED = {"x-forwarded-for": "198.51.100.1, 203.0.113.7", "x-forwarded-proto": "https"}


def test_with_no_trusted_proxy_the_server_drops_forwarded_headers(monkeypatch):
    environ = environ_seen_by_the_app(monkeypatch, "0", FORWARDED)
    assert environ["REMOTE_ADDR"] == "192.0.2.9"
    assert "HTTP_X_FORWARDED_FOR" not in environ
    assert "HTTP_X_FORWARDED_PROTO" not in environ
    assert environ["wsgi.url_scheme"] == "http"


def test_behind_one_trusted_proxy_the_server_takes_the_address_it_appended(monkeypatch):
    environ = environ_seen_by_the_app(monkeypatch, "1", FORWARDED)
    assert environ["REMOTE_ADDR"] == "203.0.113.7"
    assert environ["wsgi.url_scheme"] == "https"


class SignInLockoutTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = User.objects.create_user("editor", password=PASSWORD, is_staff=True)
        cls.other = User.objects.create_user("other", password=PASSWORD, is_staff=True)

    def sign_in(self, username: str, password: str, address: str = "192.0.2.1", **headers):
        return self.client.post(
            "/admin/login/?next=/admin/",
            {"username": username, "password": password},
            REMOTE_ADDR=address,
            headers=headers,
        )

    def fail_five_times(self, address: str = "192.0.2.1"):
        for _ in range(4):
            response = self.sign_in("editor", WRONG, address)
            self.assertContains(response, "Please enter the correct username and password")
        # The fifth failure is the last one allowed: its answer is already the lockout.
        self.assertContains(self.sign_in("editor", WRONG, address), LOCKED, status_code=429)

    def test_after_five_failures_the_right_password_is_refused_with_when_to_try_again(self):
        self.fail_five_times()
        response = self.sign_in("editor", PASSWORD)
        self.assertContains(response, LOCKED, status_code=429)
        self.assertContains(response, "Try again after", status_code=429)
        self.assertContains(response, "(in 15\xa0minutes)", status_code=429)
        self.assertContains(response, LIFT, status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_another_account_from_the_same_address_still_signs_in(self):
        self.fail_five_times()
        response = self.sign_in("other", PASSWORD)
        self.assertRedirects(response, "/admin/")

    def test_the_same_account_from_another_address_still_signs_in(self):
        self.fail_five_times()
        response = self.sign_in("editor", PASSWORD, address="192.0.2.2")
        self.assertRedirects(response, "/admin/")

    def test_a_made_up_x_forwarded_for_does_not_escape_the_lockout(self):
        for i in range(5):
            self.sign_in("editor", WRONG, **{"x-forwarded-for": f"198.51.100.{i}"})
        response = self.sign_in("editor", PASSWORD, **{"x-forwarded-for": "198.51.100.99"})
        self.assertContains(response, LOCKED, status_code=429)

    def test_after_the_lock_is_lifted_by_command_the_account_signs_in(self):
        self.fail_five_times()
        call_command("axes_reset_username", "editor", stdout=mock.Mock())
        response = self.sign_in("editor", PASSWORD)
        self.assertRedirects(response, "/admin/")

    def test_an_administrator_sees_the_lock_in_admin_and_can_lift_it_there(self):
        self.fail_five_times()
        admin = User.objects.create_superuser("boss", password=PASSWORD)
        self.client.force_login(admin)
        listing = self.client.get("/admin/axes/accessattempt/")
        self.assertContains(listing, "editor")
        attempt = AccessAttempt.objects.get(username="editor")
        self.client.post(
            "/admin/axes/accessattempt/",
            {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
        )
        self.client.logout()
        response = self.sign_in("editor", PASSWORD)
        self.assertRedirects(response, "/admin/")

    def test_the_test_client_login_is_not_counted_and_still_works(self):
        self.assertFalse(self.client.login(username="editor", password=WRONG))
        self.assertTrue(self.client.login(username="editor", password=PASSWORD))
        self.assertFalse(AccessAttempt.objects.exists())
