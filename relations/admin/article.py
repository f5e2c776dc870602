"""“Add from article”: paste a news article, review the records it describes, save them at once.

A thin view over `relations.extract.review`: step 1 takes the text and its source, step 2 shows
what was found (marked in the text) as forms to tick and edit, and its "Save" writes everything
in one transaction, then opens the event. Nothing is stored before that: the article and the
proposals travel signed in the page, the editor's choices in its fields.
"""

from __future__ import annotations

from dataclasses import asdict

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
    Review,
    ReviewExpired,
    highlight,
    may_extract,
    open_review,
    propose,
    review_confirm,
    sign_review,
)
from relations.models import Source

URL_NAME = "relations_source_add_from_article"


def add_from_article(request: HttpRequest, *, site: AdminSite) -> HttpResponse:
    if not may_extract(request.user):
        raise PermissionDenied
    if request.method != "POST":
        return _article_page(request, site, ArticleForm())
    if "payload" not in request.POST:
        form = ArticleForm(request.POST)
        if not form.is_valid():
            return _article_page(request, site, form)
        article = form.article()
        return _review_page(request, site, Review(article, propose(article), user=request.user))
    try:
        article, proposals = open_review(request.POST["payload"])
    except ReviewExpired:
        messages.error(
            request, "This review is too old or was altered, and nothing was saved: paste the article again."
        )
        return _article_page(request, site, ArticleForm())
    if "_cancel" in request.POST:
        messages.info(request, "Nothing was saved.")
        return redirect("admin:relations_source_changelist")
    if "_back" in request.POST:
        return _article_page(request, site, ArticleForm(initial=asdict(article)))
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
            for line in confirmed.messages():
                messages.success(request, line)
            return redirect("admin:relations_event_change", confirmed.event.pk)
    return _review_page(request, site, review)


def _context(request: HttpRequest, site: AdminSite, title: str) -> dict:
    return {
        **site.each_context(request),
        "title": title,
        "opts": Source._meta,
        "form_url": reverse(f"admin:{URL_NAME}"),
        # The text and the forms side by side need the width the navigation would take.
        "is_nav_sidebar_enabled": False,
    }


def _article_page(request: HttpRequest, site: AdminSite, form: ArticleForm) -> HttpResponse:
    context = _context(request, site, "Add from article") | {"form": form}
    return render(request, "admin/relations/article/paste.html", context)


def _review_page(request: HttpRequest, site: AdminSite, review: Review) -> HttpResponse:
    article: Article = review.article
    context = _context(request, site, "Check what the article says") | {
        "review": review,
        "article": article,
        "highlighted": highlight(article.text, review.proposals),
        "payload": sign_review(article, review.proposals),
        "media": review.media,
    }
    return render(request, "admin/relations/article/review.html", context)


class AddFromArticleLink:
    """Adds the "Add from article" button to a change list, for editors who may use it."""

    change_list_template = "admin/relations/article/change_list.html"

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        url = reverse(f"admin:{URL_NAME}") if may_extract(request.user) else None
        return super().changelist_view(request, {"add_from_article_url": url, **(extra_context or {})})
