"""Every page carries the Content-Security-Policy, and no template of the project needs it relaxed.

The policy lets a page load only this server's own files: no inline script or style, no plugin, no
framing, forms posted back here only. The browser tests (tests/test_browser.py) check that the
pages still work under it.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import TestCase, override_settings
from django.urls import reverse

from tests.world import build_world

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "csp"}}


def directives(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: sources} (its order means nothing)."""
    parsed: dict[str, list[str]] = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


class EveryPageSendsThePolicyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.editor = User.objects.create_superuser("editor", password="x")

    def assert_policy(self, pages: dict[str, str], policy: dict[str, list[str]] = POLICY) -> None:
        for name, url in pages.items():
            with self.subTest(name, url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(directives(response), policy)
                self.assertNotIn("Content-Security-Policy-Report-Only", response)

    def test_every_public_page_sends_the_exact_policy(self):
        w = self.world
        self.assert_policy(
            {
                "home": reverse("relations:home"),
                "timeline": reverse("relations:timeline"),
                "ties": reverse("relations:ties", args=["pk-tr"]),
                "country": w.pakistan.get_absolute_url(),
                "commission": w.jmc.get_absolute_url(),
                "event": w.session_16.get_absolute_url(),
                "official": w.guler.get_absolute_url(),
                "pledges": reverse("relations:pledge-list"),
                "pledge": w.trade_pledge.get_absolute_url(),
                "API docs": reverse("api:docs"),
                "API docs start-up script": reverse("api:docs") + "?script=",
                "API schema": reverse("api:schema"),
                "API list as JSON": reverse("api:event-list") + "?format=json",
                "admin login": reverse("admin:login"),
            }
        )

    def test_every_admin_page_sends_the_exact_policy(self):
        self.client.force_login(self.editor)
        self.assert_policy(
            {
                "admin index": reverse("admin:index"),
                "event list": reverse("admin:relations_event_changelist"),
                "event change form": reverse("admin:relations_event_change", args=[self.world.session_16.pk]),
                "pledge add form": reverse("admin:relations_pledge_add"),
                "article form": reverse("admin:relations_source_add_from_article"),
            }
        )

    def test_the_browsable_api_alone_may_use_style_attributes_and_nothing_more(self):
        # REST framework's own templates carry style="" attributes (tracker/csp.py says why).
        relaxed = {**POLICY, "style-src-attr": ["'unsafe-inline'"]}
        self.assert_policy({"API root": "/api/?format=api", "event list": "/api/events/?format=api"}, relaxed)
        response = self.client.get("/api/events/", HTTP_ACCEPT="text/html")
        self.assertEqual(directives(response), relaxed)
        # Its inline Pygments colours are gone (templates/rest_framework/api.html).
        self.assertContains(response, "rest_framework/css/default.css")
        self.assertNotContains(response, "<style")

    def test_the_admin_change_history_alone_may_use_style_attributes(self):
        # simple_history's template writes one style="" attribute (tracker/csp.py says why).
        self.client.force_login(self.editor)
        event = self.world.session_16
        self.assert_policy(
            {"event history": reverse("admin:relations_event_history", args=[event.pk])},
            {**POLICY, "style-src-attr": ["'unsafe-inline'"]},
        )
        self.assert_policy({"user history": reverse("admin:auth_user_history", args=[self.editor.pk])})

    def test_a_missing_page_sends_the_policy_too(self):
        response = self.client.get("/no-such-page/")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(directives(response), POLICY)

    @override_settings(PAGE_CACHE_SECONDS=60, CACHES=LOCAL_CACHE)
    def test_a_stored_page_keeps_the_policy(self):
        cache.clear()
        url = reverse("relations:ties", args=["pk-tr"])
        self.client.get(url)
        stored = self.client.get(url)
        self.assertEqual(stored["X-Cache"], "hit")
        self.assertEqual(directives(stored), POLICY)


TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates", Path(settings.BASE_DIR) / "relations" / "templates"]
# What the policy would block in a page: a style attribute, a <style> element, a <script> without
# src, an on…="" handler, a javascript: address.
INLINE = {
    "style attribute": re.compile(r"\bstyle\s*=", re.IGNORECASE),
    "<style> element": re.compile(r"<style\b", re.IGNORECASE),
    "inline <script>": re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.IGNORECASE),
    "event handler attribute": re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: address": re.compile(r"javascript:", re.IGNORECASE),
}


def project_templates() -> list[Path]:
    return sorted(path for folder in TEMPLATE_DIRS if folder.is_dir() for path in folder.rglob("*.html"))


class TemplatesNeedNoInlineCodeTests(TestCase):
    def test_the_scan_reads_the_project_templates(self):
        names = {path.relative_to(settings.BASE_DIR).as_posix() for path in project_templates()}
        self.assertIn("templates/base.html", names)
        self.assertIn("templates/admin/relations/article/paste.html", names)
        self.assertIn("templates/api/swagger_ui.html", names)

    def test_no_project_template_has_inline_style_or_script(self):
        found = [
            f"{path.relative_to(settings.BASE_DIR)}:{text[: match.start()].count(chr(10)) + 1}: {what}"
            for path in project_templates()
            for text in [path.read_text(encoding="utf-8")]
            for what, pattern in INLINE.items()
            for match in pattern.finditer(text)
        ]
        self.assertEqual(found, [])

    def test_the_scan_would_catch_each_kind_of_inline_code(self):
        samples = {
            "style attribute": '<p style="color: red">',
            "<style> element": "<style>p { color: red }</style>",
            "inline <script>": "<script>alert(1)</script>",
            "event handler attribute": '<button onclick="go()">',
            "javascript: address": '<a href="javascript:go()">',
        }
        for what, sample in samples.items():
            with self.subTest(what):
                self.assertRegex(sample, INLINE[what])
        self.assertNotRegex('<script src="/static/js/x.js"></script>', INLINE["inline <script>"])
