"""The admin index starts from an editor's tasks and what needs attention, then the tracker's
records before users, groups, tokens and sign-in attempts; each count links to a change list
that lists exactly the records counted."""

import re
from unittest import mock

from django.contrib.auth.models import Group, Permission, User
from django.core.cache import cache
from django.test import TestCase, override_settings
from django.urls import reverse

from relations.admin import attention
from relations.models import ArticleDraft, Citation, EventCountry, Pledge, PledgeStatus, PledgeStatusChange
from tests.test_page_cache import dead_url, redis_caches
from tests.world import build_world, make_event
from tracker import redis_cache

TASKS = ["Add from article", "Record an event", "Update a pledge's status", "Add an observation"]
TRACKER_RECORDS = [
    "Events",
    "Commissions",
    "Pledges",
    "Pledge status changes",
    "Observations",
    "Articles left unreviewed",
    "Sources",
    "Citations",
    "Officials",
    "Offices held",
    "Organizations",
    "Countries",
    "Event kinds",
    "Sectors",
]


def task_labels(response) -> list[str]:
    return [task.label for task in response.context["tasks"]]


def attention_items(response) -> dict[str, tuple[str, str]]:
    return {item.label: (item.display, item.url) for item in response.context["attention"].items}


def listed_titles(client, url: str) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return {str(row) for row in response.context["cl"].result_list}


class AdminIndexTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        world = cls.world
        # Cited: the 16th session and the trade pledge; the other two events and the LNG pledge are not.
        Citation.objects.create(source=world.source, event=world.session_16, excerpt="16th meeting")
        Citation.objects.create(source=world.source, pledge=world.trade_pledge, excerpt="US$5 billion")
        # An article pasted and reviewed, but neither saved nor discarded.
        ArticleDraft.objects.create(title="Dar meets Fidan", article={}, proposals={})
        # Due in mid-2025 with no outcome: overdue; made in 2025-07 and never heard of since.
        cls.roads = Pledge.objects.create(
            event=world.visit_july, title="Build the border road", due="2025-06"
        )
        PledgeStatusChange.objects.create(pledge=cls.roads, status=PledgeStatus.ANNOUNCED, as_of="2025-07")
        cls.superuser = User.objects.create_superuser("chief", password="x")
        cls.editor = User.objects.create_user("editor", password="x", is_staff=True)
        cls.editor.groups.add(Group.objects.get(name="Editors"))
        cls.stranger = User.objects.create_user("stranger", password="x", is_staff=True)

    def index(self, user):
        self.client.force_login(user)
        return self.client.get(reverse("admin:index"))


class TasksTests(AdminIndexTestCase):
    def test_a_superuser_sees_every_task_first_with_its_link(self):
        response = self.index(self.superuser)
        self.assertEqual(task_labels(response), TASKS)
        links = [task.url for task in response.context["tasks"]]
        self.assertEqual(
            links,
            [
                reverse("admin:relations_source_add_from_article"),
                reverse("admin:relations_event_add"),
                reverse("admin:relations_pledgestatuschange_add"),
                reverse("admin:relations_observation_add"),
            ],
        )
        content = response.content.decode()
        # The tasks come before what needs attention, which comes before the records.
        self.assertLess(content.index("Add from article"), content.index("Needs attention"))
        self.assertLess(content.index("Needs attention"), content.index("Diplomatic relations"))
        for link in links:
            self.assertEqual(self.client.get(link).status_code, 200, link)

    def test_an_editor_sees_the_same_tasks(self):
        self.assertEqual(task_labels(self.index(self.editor)), TASKS)

    def test_staff_without_rights_sees_no_task_and_no_count(self):
        response = self.index(self.stranger)
        self.assertEqual(task_labels(response), [])
        self.assertEqual(response.context["attention"].items, [])
        self.assertNotContains(response, "Record an event")
        self.assertNotContains(response, "Needs attention")
        self.assertContains(response, "permission to view or edit anything")

    def test_each_task_needs_its_own_permission(self):
        clerk = User.objects.create_user("clerk", password="x", is_staff=True)
        clerk.user_permissions.add(Permission.objects.get(codename="add_observation"))
        self.assertEqual(task_labels(self.index(clerk)), ["Add an observation"])
        clerk.user_permissions.add(
            *Permission.objects.filter(codename__in=["add_event", "add_pledgestatuschange"])
        )
        clerk = User.objects.get(pk=clerk.pk)  # permissions are cached on the user object
        self.assertEqual(
            task_labels(self.index(clerk)),
            ["Record an event", "Update a pledge's status", "Add an observation"],
        )

    def test_add_from_article_needs_every_permission_it_uses(self):
        clerk = User.objects.create_user("clerk", password="x", is_staff=True)
        clerk.user_permissions.add(
            *Permission.objects.filter(codename__in=["add_source", "add_event", "add_pledge"])
        )
        self.assertNotIn("Add from article", task_labels(self.index(clerk)))
        clerk.user_permissions.add(Permission.objects.get(codename="add_citation"))
        clerk = User.objects.get(pk=clerk.pk)
        self.assertIn("Add from article", task_labels(self.index(clerk)))


class OrderTests(AdminIndexTestCase):
    def test_the_tracker_records_come_first_in_an_editors_order(self):
        response = self.index(self.superuser)
        apps = response.context["app_list"]
        self.assertEqual(apps[0]["app_label"], "relations")
        self.assertEqual([model["name"] for model in apps[0]["models"]], TRACKER_RECORDS)
        self.assertEqual(
            [app["app_label"] for app in apps[1:]], ["authtoken", "auth", "axes"]
        )  # Django's order (by name) after the tracker's
        content = response.content.decode()
        captions = re.findall(r'class="section"[^>]*>([^<]+)</a>', content)
        self.assertEqual(captions[0], "Diplomatic relations")
        self.assertLess(content.index(">Sectors<"), content.index(">Users<"))

    def test_an_editor_sees_the_tracker_records_only(self):
        apps = self.index(self.editor).context["app_list"]
        self.assertEqual([app["app_label"] for app in apps], ["relations"])

    def test_the_sidebar_of_other_pages_keeps_the_order(self):
        self.client.force_login(self.superuser)
        response = self.client.get(reverse("admin:relations_event_changelist"))
        apps = response.context["available_apps"]
        self.assertEqual(apps[0]["app_label"], "relations")
        self.assertEqual([model["name"] for model in apps[0]["models"]], TRACKER_RECORDS)


class AttentionTests(AdminIndexTestCase):
    def test_each_count_links_to_a_change_list_of_exactly_those_records(self):
        world = self.world
        response = self.index(self.editor)
        items = attention_items(response)
        expected = {
            "Events without a citation": {str(world.visit_july), str(world.conflict)},
            "Pledges without a citation": {str(world.lng_pledge), str(self.roads)},
            "Pledges overdue": {str(self.roads)},
            "Pledges silent for over a year": {str(pledge) for pledge in Pledge.objects.silent()},
            "Articles left unreviewed": {"Dar meets Fidan"},
        }
        self.assertEqual(list(items), list(expected))
        # The world's trade pledge, made in 2024 and not heard of since, and the road pledge.
        self.assertEqual(
            expected["Pledges silent for over a year"], {str(world.trade_pledge), str(self.roads)}
        )
        for label, records in expected.items():
            with self.subTest(label):
                shown, url = items[label]
                self.assertEqual(shown, str(len(records)))
                self.assertEqual(listed_titles(self.client, url), records)
        self.assertContains(response, '<span class="attention-count">2</span>', count=3)

    def test_the_links_open_the_filtered_change_lists(self):
        items = attention_items(self.index(self.editor))
        self.assertEqual(
            items["Events without a citation"][1], reverse("admin:relations_event_changelist") + "?cited=no"
        )
        self.assertEqual(
            items["Pledges overdue"][1], reverse("admin:relations_pledge_changelist") + "?attention=overdue"
        )
        self.assertEqual(
            items["Pledges silent for over a year"][1],
            reverse("admin:relations_pledge_changelist") + "?attention=silent",
        )

    def test_citing_a_record_takes_it_off_the_count(self):
        Citation.objects.create(source=self.world.source, event=self.world.conflict)
        items = attention_items(self.index(self.editor))
        self.assertEqual(items["Events without a citation"][0], "1")
        self.client.force_login(self.editor)
        url = reverse("admin:relations_event_changelist")
        self.assertEqual(
            listed_titles(self.client, url + "?cited=yes"),
            {str(self.world.session_16), str(self.world.conflict)},
        )

    def test_a_user_sees_the_counts_of_the_records_they_may_view(self):
        clerk = User.objects.create_user("clerk", password="x", is_staff=True)
        clerk.user_permissions.add(Permission.objects.get(codename="view_event"))
        self.assertEqual(list(attention_items(self.index(clerk))), ["Events without a citation"])

    def test_a_long_backlog_is_shown_capped(self):
        with mock.patch.object(attention, "CAP", 1):
            items = attention_items(self.index(self.editor))
        self.assertEqual(items["Events without a citation"][0], "1+")
        self.assertEqual(items["Pledges overdue"][0], "1")

    def test_the_index_costs_the_same_queries_with_more_records(self):
        self.client.force_login(self.editor)
        url = reverse("admin:index")
        self.client.get(url)
        with self.assertNumQueries(QUERIES) as before:
            self.client.get(url)
        for n in range(30):
            event = make_event(
                f"Talks {n}", f"2024-01-{n % 28 + 1:02d}", {self.world.pakistan: EventCountry.Role.HOST}
            )
            Pledge.objects.create(event=event, title=f"Promise {n}", due="2024-06")
        with self.assertNumQueries(len(before.captured_queries)):
            response = self.client.get(url)
        self.assertEqual(attention_items(response)["Events without a citation"][0], "32")


#: Session and user, the user's permissions (groups' and own), the five counts, and the
#: recent-actions box.
QUERIES = 10


@override_settings(PAGE_CACHE_SECONDS=600)
class KeptCountsTests(AdminIndexTestCase):
    def setUp(self):
        cache.clear()

    def test_counts_are_kept_a_while_and_say_when_they_were_counted(self):
        response = self.index(self.editor)
        self.assertContains(response, "Counted at")
        Citation.objects.create(source=self.world.source, event=self.world.conflict)
        items = attention_items(self.index(self.editor))
        self.assertEqual(items["Events without a citation"][0], "2")  # kept
        cache.clear()
        self.assertEqual(attention_items(self.index(self.editor))["Events without a citation"][0], "1")

    def test_the_index_opens_while_the_cache_is_unreachable(self):
        self.enterContext(mock.patch.dict(redis_cache.outages, clear=True))
        self.enterContext(override_settings(CACHES=redis_caches(dead_url())))
        with self.assertLogs("tracker.redis_cache", "WARNING"):
            response = self.index(self.editor)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(attention_items(response)["Pledges overdue"][0], "1")
