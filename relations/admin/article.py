"""“Add from article”: paste a news article, review the records it describes, save them at once.

A thin view over `relations.extract.review`: step 1 takes the text and its source, step 2 shows
what was found (marked in the text) as forms to tick and edit, and its "Save" writes everything
in one transaction, then opens the event. The article and the proposals travel signed in the
page, the editor's choices in its fields; meanwhile the review is kept as a draft
(`relations.models.ArticleDraft`), which saving or "Discard" removes.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin import AdminSite
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from relations.extract.review import (
    Article,
    ArticleForm,
    DraftGone,
    Review,
    ReviewExpired,
    article_as_json,
    discard_draft,
    highlight,
    keep_draft,
    may_extract,
    open_draft,
    open_payload,
    propose,
    review_confirm,
    sign_draft,
    sign_review,
    unsign_draft,
)
from relations.models import ArticleDraft, Source

URL_NAME = "relations_source_add_from_article"


def add_from_article(request: HttpRequest, *, site: AdminSite) -> HttpResponse:
    if not may_extract(request.user):
        raise PermissionDenied
    if request.method != "POST":
        if "draft" in request.GET:
            return _reopen(request, site, request.GET["draft"])
        return _article_page(request, site, ArticleForm())
    if "payload" not in request.POST:
        form = ArticleForm(request.POST)
        if not form.is_valid():
            return _article_page(request, site, form, draft=unsign_draft(request.POST.get("draft", "")))
        article = form.article()
        proposals = propose(article)
        draft = keep_draft(
            article, proposals, user=request.user, draft=unsign_draft(request.POST.get("draft"))
        )
        return _review_page(request, site, Review(article, proposals, user=request.user), draft)
    try:
        article, proposals, draft_id = open_payload(request.POST["payload"])
    except ReviewExpired:
        messages.error(
            request, "This review is too old or was altered, and nothing was saved: paste the article again."
        )
        return _article_page(request, site, ArticleForm())
    if "_cancel" in request.POST:
        discard_draft(draft_id)
        messages.info(request, "Nothing was saved, and the review was discarded.")
        return redirect("admin:relations_source_changelist")
    if "_back" in request.POST:
        return _article_page(request, site, ArticleForm(initial=article_as_json(article)), draft=draft_id)
    review = Review(article, proposals, request.POST, user=request.user)
    if review.is_valid():
        try:
            confirmed = review_confirm(choices=review.choices())
        except ValidationError as error:
            review.errors.extend(error.messages)
        except IntegrityError:
            # Someone saved the same session or source meanwhile: the next review will reuse it.
            review.errors.append(
                "Records were saved meanwhile that clash with these; nothing was saved. Try again."
            )
        else:
            discard_draft(draft_id)
            for line in confirmed.messages():
                messages.success(request, line)
            return redirect("admin:relations_event_change", confirmed.event.pk)
    draft = keep_draft(article, proposals, user=request.user, draft=draft_id, data=request.POST)
    return _review_page(request, site, review, draft)


def _reopen(request: HttpRequest, site: AdminSite, pk: str) -> HttpResponse:
    """The review kept as draft ``pk``, with the editor's last choices if it was posted back."""
    try:
        draft, article, proposals, choices = open_draft(pk)
    except DraftGone as error:
        messages.error(request, str(error))
        return redirect("admin:relations_articledraft_changelist")
    review = Review(article, proposals, choices, user=request.user)
    if choices is not None:
        review.is_valid()  # shows the errors it was left with
    return _review_page(request, site, review, draft)


def _context(request: HttpRequest, site: AdminSite, title: str) -> dict:
    return {
        **site.each_context(request),
        "title": title,
        "opts": Source._meta,
        "form_url": reverse(f"admin:{URL_NAME}"),
        # The text and the forms side by side need the width the navigation would take.
        "is_nav_sidebar_enabled": False,
    }


def _article_page(
    request: HttpRequest, site: AdminSite, form: ArticleForm, *, draft: int | None = None
) -> HttpResponse:
    context = _context(request, site, "Add from article") | {
        "form": form,
        "draft": sign_draft(draft),
        "media": form.media,  # the date box's reading line
    }
    return render(request, "admin/relations/article/paste.html", context)


def _review_page(request: HttpRequest, site: AdminSite, review: Review, draft: ArticleDraft) -> HttpResponse:
    article: Article = review.article
    context = _context(request, site, "Check what the article says") | {
        "review": review,
        "article": article,
        "draft": draft,
        "highlighted": highlight(article.text, review.proposals),
        "payload": sign_review(article, review.proposals, draft=draft.pk),
        "media": review.media,
    }
    return render(request, "admin/relations/article/review.html", context)


class AddFromArticleLink:
    """Adds the "Add from article" button to a change list, for editors who may use it."""

    change_list_template = "admin/relations/article/change_list.html"

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        url = reverse(f"admin:{URL_NAME}") if may_extract(request.user) else None
        return super().changelist_view(request, {"add_from_article_url": url, **(extra_context or {})})
