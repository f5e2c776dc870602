"""Reviews kept until they are saved or discarded (`relations.models.ArticleDraft`).

The review page keeps what its signed value carries, the article and the proposals, and, when
it was posted back with errors, the editor's choices; reopening a draft shows the review again
from them. A draft that is gone or cannot be read any more raises `DraftGone`.
"""

from __future__ import annotations

from django.core import signing
from django.http import QueryDict

from relations.extract.proposals import Proposals
from relations.extract.review.article import (
    Article,
    article_as_json,
    article_from_json,
    proposals_from_json,
)
from relations.models import ArticleDraft

#: Fields of the review's POST that are not the editor's choices.
NOT_CHOICES = ("csrfmiddlewaretoken", "payload", "_confirm", "_back", "_cancel")
SALT = "relations.extract.review.draft"


class DraftGone(Exception):
    """The draft was saved or discarded meanwhile, or what it keeps cannot be read any more."""


def keep_draft(
    article: Article, proposals: Proposals, *, user, draft: int | None = None, data: QueryDict | None = None
) -> ArticleDraft:
    """Keep the review shown: update the draft ``draft`` if it is still there, else start one.
    ``data``, the review as posted, is kept as the editor's last choices."""
    values = {
        "user": user,
        "title": article.title,
        "url": article.url,
        "article": article_as_json(article),
        "proposals": proposals.as_json(),
        "choices": {key: data.getlist(key) for key in data if key not in NOT_CHOICES} if data else {},
    }
    kept = ArticleDraft.objects.filter(pk=draft).first() if draft else None
    if kept is None:
        return ArticleDraft.objects.create(**values)
    for name, value in values.items():
        setattr(kept, name, value)
    kept.save()
    return kept


def open_draft(pk) -> tuple[ArticleDraft, Article, Proposals, QueryDict | None]:
    """The draft ``pk``, its article and proposals, and the editor's last choices (or None)."""
    try:
        draft = ArticleDraft.objects.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        draft = None
    if draft is None:
        raise DraftGone("This review was saved or discarded meanwhile.")
    try:
        article = article_from_json(draft.article)
        proposals = proposals_from_json(draft.proposals)
        choices = None
        if draft.choices:
            choices = QueryDict(mutable=True)
            for key, values in draft.choices.items():
                choices.setlist(str(key), [str(value) for value in values])
    except Exception as error:  # a draft edited by hand or kept by an older version of the review
        raise DraftGone("This draft can no longer be read: paste the article again.") from error
    return draft, article, proposals, choices


def discard_draft(pk: int | None) -> bool:
    """Remove the draft ``pk`` (saved or discarded); whether it was still there."""
    return bool(pk) and ArticleDraft.objects.filter(pk=pk).delete()[0] > 0


def sign_draft(pk: int | None) -> str:
    """The draft's id for the article form's hidden field, when the editor goes back to edit it."""
    return signing.dumps(pk, salt=SALT) if pk else ""


def unsign_draft(token: str) -> int | None:
    try:
        value = signing.loads(token or "", salt=SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None
