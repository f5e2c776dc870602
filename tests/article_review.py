"""What the assisted-entry tests share: the article form, the review form as an editor would post
it unchanged, an editor, and a test case whose extractor is the hand-written proposals of
`tests.seed_article`."""

from __future__ import annotations

import json
from unittest import mock

from django.apps import apps
from django.contrib.auth.models import Group, User
from django.test import TestCase
from django.urls import reverse

from relations.extract.review import Review
from relations.models import Sector
from tests.seed_article import PUBLISHED_ON, TEXT, TITLE, seed_proposals
from tests.world import STORY

ADD_FROM_ARTICLE = reverse("admin:relations_source_add_from_article")
JMC_16 = "2025-pakistan-turkiye-jmc-16th-session"


#: Not records: the review kept until it is saved or discarded (tested on its own).
NOT_RECORDS = ("relations.ArticleDraft",)


def row_counts() -> dict[str, int]:
    """Rows of every table of every app: records, their history, sessions, the admin log."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.label not in NOT_RECORDS
    }


def article_form(**changes) -> dict[str, str]:
    return {
        "text": TEXT,
        "published_on": PUBLISHED_ON.isoformat(),
        "title": TITLE,
        "publisher": "Arab News",
        "url": "https://www.arabnews.com/node/2614698",
        "kind": "newspaper",
        "language": "en",
        "_review": "Find the records",
        **changes,
    }


def review_form(review: Review) -> dict[str, str | list[str]]:
    """What the review page posts back when the editor changes nothing: every field's value."""
    data: dict[str, str | list[str]] = {}
    for form in [review.event, *review.rows]:
        for field in form:
            value = field.value()
            if field.widget_type == "checkbox":
                if value:
                    data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [str(item) for item in value]
            elif value is not None:
                data[field.html_name] = str(value)
    return data


def make_sectors() -> None:
    """The sector tree of the seed story, and nothing else of it."""
    made: dict[str, Sector] = {}
    for item in json.loads(STORY.read_text(encoding="utf-8"))["sectors"]:
        parent = made.get(item.get("parent"))
        made[item["slug"]] = Sector.objects.create(slug=item["slug"], name=item["name"], parent=parent)


def editor_user(name: str = "editor") -> User:
    user = User.objects.create_user(name, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


class ReviewTestCase(TestCase):
    """An editor in front of the seed article, the extractor answering with `seed_proposals`."""

    proposals = staticmethod(seed_proposals)

    @classmethod
    def setUpTestData(cls):
        make_sectors()
        cls.editor = editor_user()

    def setUp(self):
        self.client.force_login(self.editor)
        patcher = mock.patch("relations.extract.extract", return_value=self.proposals(), create=True)
        self.extract = patcher.start()
        self.addCleanup(patcher.stop)

    def review_page(self, **changes):
        response = self.client.post(ADD_FROM_ARTICLE, article_form(**changes))
        self.assertEqual(response.status_code, 200, response.content[:2000])
        return response

    def confirm(self, edit=None, **changes):
        """Open the review, post it back as shown after ``edit(data)``, and answer the response."""
        page = self.review_page(**changes)
        data = review_form(page.context["review"])
        if edit:
            edit(data)
        return self.client.post(
            ADD_FROM_ARTICLE, {"payload": page.context["payload"], "_confirm": "1", **data}
        )

    def assertNothingWritten(self, attempt):
        before = row_counts()
        response = attempt()
        self.assertEqual(row_counts(), before)
        return response


def drop(*prefixes: str):
    """An edit that unticks these rows: ``drop("country-2", "official-2")``."""

    def edit(data: dict) -> None:
        for prefix in prefixes:
            data.pop(f"{prefix}-include", None)

    return edit
