"""The admin site: Django's, with an index that starts from an editor's tasks.

The index opens with the tasks editors do most (each shown only to those allowed to do it), then
what needs attention (`relations.admin.attention`), then the records: the tracker's first, in
the order an editor works through a story, then the other apps (users, groups, tokens, sign-in
attempts) in Django's order. The same order holds in the navigation sidebar of every page.

Installed as the default site (`relations.apps.TrackerAdminConfig`), so ``admin.site`` and
``@admin.register`` are this site.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import admin
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse

from relations.admin.attention import attention_counts

#: The tracker's records in the order an editor works through a story: what happened, what was
#: promised there and what came of it, where it was read, who took part, and then the
#: reference tables the others point to. A model missing here comes after these, by name.
RECORD_ORDER = [
    "Event",
    "Commission",
    "Pledge",
    "PledgeStatusChange",
    "Observation",
    "ArticleDraft",
    "Source",
    "Citation",
    "Official",
    "OfficeHeld",
    "Organization",
    "Country",
    "EventKind",
    "Sector",
]
TRACKER_APP = "relations"


@dataclass(frozen=True)
class Task:
    label: str
    help: str
    url: str


class TrackerAdminSite(admin.AdminSite):
    site_header = "Diplomatic Ties Tracker"
    site_title = "Diplomatic Ties Tracker"
    index_title = "Data entry"

    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> list[dict]:
        apps = super().get_app_list(request, app_label)
        position = {name: index for index, name in enumerate(RECORD_ORDER)}
        for app in apps:
            if app["app_label"] == TRACKER_APP:
                app["models"].sort(
                    key=lambda model: (position.get(model["object_name"], len(position)), model["name"])
                )
        # Stable: the other apps keep Django's order (by name) after the tracker's.
        return sorted(apps, key=lambda app: app["app_label"] != TRACKER_APP)

    def index(self, request: HttpRequest, extra_context: dict | None = None) -> TemplateResponse:
        context = {"tasks": self.tasks(request), "attention": attention_counts(self, request)}
        return super().index(request, {**context, **(extra_context or {})})

    def tasks(self, request: HttpRequest) -> list[Task]:
        """The index's task buttons that ``request.user`` may use, most used first."""
        from relations.extract.review.article import may_extract
        from relations.models import Event, Observation, PledgeStatusChange

        tasks = []
        if may_extract(request.user):
            tasks.append(
                Task(
                    "Add from article",
                    "Paste a news story: its events, officials and pledges are proposed for review.",
                    reverse(f"admin:{TRACKER_APP}_source_add_from_article", current_app=self.name),
                )
            )
        for model, label, help_text in [
            (Event, "Record an event", "A meeting, visit, agreement or statement, with who took part."),
            (
                PledgeStatusChange,
                "Update a pledge's status",
                "What became of a promise, as of a date, with a source.",
            ),
            (Observation, "Add an observation", "A figure measured against a pledge's target, for a period."),
        ]:
            model_admin = self._registry.get(model)
            if model_admin is not None and model_admin.has_add_permission(request):
                opts = model._meta
                url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add", current_app=self.name)
                tasks.append(Task(label, help_text, url))
        return tasks


_site: TrackerAdminSite | None = None


def tracker_site() -> TrackerAdminSite:
    """The one site, for ``AdminConfig.default_site``. A function rather than the class: the
    first use of ``admin.site`` imports this module, whose package registers the admins on
    import, using ``admin.site`` again before the first use has made its site; both must get
    the same one."""
    global _site
    if _site is None:
        _site = TrackerAdminSite()
    return _site
