"""Articles pasted whose review was neither saved nor discarded: who left them, when, and a
link that reopens the review."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from relations.admin.article import URL_NAME
from relations.admin.changelist import EstimatedPaginator, TrackerChangeList
from relations.extract.review import may_extract
from relations.models import ArticleDraft


@admin.register(ArticleDraft)
class ArticleDraftAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "updated_at", "reopen"]
    list_display_links = None
    list_select_related = ["user"]
    search_fields = ["title", "url"]
    # The tracker's change list and paginator: the list's count line reads their `shown_count`.
    paginator = EstimatedPaginator
    show_full_result_count = False
    fields = ["title", "url", "user", "created_at", "updated_at"]
    readonly_fields = fields

    def get_changelist(self, request, **kwargs):
        return TrackerChangeList

    def has_add_permission(self, request) -> bool:
        # A draft is made by pasting an article ("Add from article"), not typed here.
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def response_delete(self, request, obj_display, obj_id):
        # Back to the list, which Django keeps for those who may change (none may change a draft).
        super().response_delete(request, obj_display, obj_id)
        return HttpResponseRedirect(reverse("admin:relations_articledraft_changelist"))

    def get_queryset(self, request):
        return super().get_queryset(request).defer("article", "proposals", "choices")

    def get_list_display(self, request):
        # The review page refuses those who may not add from an article: no link they cannot follow.
        if may_extract(request.user):
            return self.list_display
        return [name for name in self.list_display if name != "reopen"]

    @admin.display(description="")
    def reopen(self, draft: ArticleDraft) -> str:
        return format_html('<a href="{}?draft={}">Reopen review</a>', reverse(f"admin:{URL_NAME}"), draft.pk)
