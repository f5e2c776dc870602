"""Assisted entry's review: from a pasted article to records, checked by an editor.

1. `ArticleForm`: the text and its source (publisher, title, day, URL).
2. `Review`: the proposals as forms the editor ticks and edits, beside the text with every
   proposal marked (`highlight`); the article and proposals travel signed (`sign_review`).
3. `review_confirm`: one transaction that writes the records, reusing those already recorded.

Meanwhile the review is kept as a draft (`keep_draft`), removed when it is saved or discarded.

The admin's "Add from article" pages are a thin view over these (relations/admin/article.py).
"""

from relations.extract.review.article import (
    EXTRACT_PERMISSIONS,
    MAX_TEXT,
    Article,
    ArticleForm,
    ReviewExpired,
    article_as_json,
    may_extract,
    open_payload,
    open_review,
    proposals_from_json,
    propose,
    sign_review,
)
from relations.extract.review.confirm import (
    Choices,
    Confirmed,
    CountryChoice,
    EventChoice,
    OfficialChoice,
    PledgeChoice,
    SessionChoice,
    review_confirm,
)
from relations.extract.review.drafts import (
    DraftGone,
    discard_draft,
    keep_draft,
    open_draft,
    sign_draft,
    unsign_draft,
)
from relations.extract.review.forms import Review
from relations.extract.review.highlight import highlight, sentence_at

__all__ = [
    "EXTRACT_PERMISSIONS",
    "MAX_TEXT",
    "Article",
    "ArticleForm",
    "Choices",
    "Confirmed",
    "CountryChoice",
    "DraftGone",
    "EventChoice",
    "OfficialChoice",
    "PledgeChoice",
    "Review",
    "ReviewExpired",
    "SessionChoice",
    "article_as_json",
    "discard_draft",
    "highlight",
    "keep_draft",
    "may_extract",
    "open_draft",
    "open_payload",
    "open_review",
    "proposals_from_json",
    "propose",
    "review_confirm",
    "sentence_at",
    "sign_draft",
    "sign_review",
    "unsign_draft",
]
