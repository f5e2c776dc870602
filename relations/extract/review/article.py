"""The pasted article and what travels with it between the steps of the review.

Nothing is stored between "review" and "confirm": the article and the proposals made from it go
to the browser and back in one signed value (`sign_review`, `open_review`), so the page that
confirms cannot change the text the highlights and excerpts were cut from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import Decimal

from django import forms
from django.core import signing

from relations import extract as extraction
from relations.dates import FuzzyDate, Precision
from relations.extract.proposals import (
    AmountProposal,
    CountryProposal,
    DateProposal,
    OfficialProposal,
    PledgeProposal,
    Proposals,
    QuoteProposal,
    SectorProposal,
    SessionProposal,
)
from relations.forms import FuzzyDateFormField
from relations.models import Source

#: The longest text accepted, in characters: a long feature article is about 20,000.
MAX_TEXT = 50_000

#: What an editor needs to turn an article into records (new officials and commissions need
#: their own add permission as well; see `relations.extract.review.forms`).
EXTRACT_PERMISSIONS = (
    "relations.add_source",
    "relations.add_event",
    "relations.add_pledge",
    "relations.add_citation",
)

SALT = "relations.extract.review"
#: How long a review may stay open in the browser before it must be pasted again.
MAX_AGE = dt.timedelta(days=1)


def may_extract(user) -> bool:
    """Whether ``user`` may read proposals from an article and confirm them (admin and API)."""
    return bool(user and user.is_active and user.has_perms(EXTRACT_PERMISSIONS))


@dataclass(frozen=True)
class Article:
    """The pasted text and what the editor said about it: the source it will be cited as.

    ``published_on`` is the source's date with its precision: a day, or a month or year for a
    source dated only so ("July 2025"); a plain day is read as a day-precision date."""

    text: str
    published_on: FuzzyDate
    title: str
    publisher: str
    url: str = ""
    kind: str = Source.Kind.NEWSPAPER
    language: str = "en"

    def __post_init__(self) -> None:
        if isinstance(self.published_on, dt.date):
            object.__setattr__(self, "published_on", FuzzyDate.single(self.published_on, Precision.DAY))

    @property
    def day(self) -> dt.date:
        """The day relative dates ("on Tuesday", "in July") are read from: its first possible day."""
        return self.published_on.start


def propose(article: Article) -> Proposals:
    """What the extractor finds in ``article``'s text, read as of its publication day."""
    return extraction.extract(article.text, article.day)


def _source_field(name: str):
    return Source._meta.get_field(name)


class ArticleForm(forms.Form):
    """Step 1: the text and the source it comes from."""

    text = forms.CharField(
        label="Article text",
        max_length=MAX_TEXT,
        # Offsets into the text mark what was found: it is kept exactly as pasted.
        strip=False,
        widget=forms.Textarea(attrs={"rows": 18, "class": "vLargeTextField article-input"}),
        help_text="Paste the article's text (headline and body); up to 50,000 characters.",
    )
    published_on = FuzzyDateFormField(
        label="Published on",
        help_text="The day it was published (a month or year if that is all the source gives): "
        "“on Tuesday” and “in July” are read from it.",
    )
    url = forms.URLField(label="URL", max_length=_source_field("url").max_length, required=False)
    publisher = forms.CharField(
        max_length=_source_field("publisher").max_length, help_text=_source_field("publisher").help_text
    )
    title = forms.CharField(max_length=_source_field("title").max_length, help_text="The headline.")
    kind = forms.ChoiceField(
        label="Kind of source", choices=Source.Kind.choices, initial=Source.Kind.NEWSPAPER
    )
    language = forms.CharField(
        max_length=_source_field("language").max_length,
        initial="en",
        help_text=_source_field("language").help_text,
    )

    def clean_text(self) -> str:
        # Browsers send line breaks as CRLF; the offsets and excerpts are taken from LF text.
        text = self.cleaned_data["text"].replace("\r\n", "\n").replace("\r", "\n")
        if not text.strip():
            raise forms.ValidationError("Paste the article's text.", code="required")
        return text

    def article(self) -> Article:
        return Article(**self.cleaned_data)


# The signed value ---------------------------------------------------------------------------------


class ReviewExpired(Exception):
    """The review was opened too long ago, or its signed value was altered: paste the article again."""


def article_as_json(article: Article) -> dict:
    return asdict(article) | {"published_on": article.published_on.edtf()}


def article_from_json(data: dict) -> Article:
    """The inverse of `article_as_json`; a day written as 2025-09-09 reads as that day."""
    return Article(**data | {"published_on": FuzzyDate.parse(data["published_on"])})


def sign_review(article: Article, proposals: Proposals, *, draft: int | None = None) -> str:
    """The article and its proposals as one signed, compressed text for a hidden field, with the
    draft that keeps them meanwhile (`relations.models.ArticleDraft`), if any."""
    value = {"article": article_as_json(article), "proposals": proposals.as_json(), "draft": draft}
    return signing.dumps(value, salt=SALT, compress=True)


def open_payload(token: str) -> tuple[Article, Proposals, int | None]:
    """What `sign_review` signed: the article, its proposals and the draft's id;
    `ReviewExpired` if it is too old or not signed by this site."""
    try:
        value = signing.loads(token or "", salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is one
        raise ReviewExpired from None
    draft = value.get("draft")
    return article_from_json(value["article"]), proposals_from_json(value["proposals"]), draft


def open_review(token: str) -> tuple[Article, Proposals]:
    """The article and proposals `sign_review` signed (see `open_payload`)."""
    article, proposals, _ = open_payload(token)
    return article, proposals


def proposals_from_json(data: dict) -> Proposals:
    """The inverse of `Proposals.as_json()`."""

    def spans(item: dict) -> list[tuple[int, int]]:
        return [(int(start), int(end)) for start, end in item.get("spans", [])]

    def amount(item: dict) -> AmountProposal:
        return AmountProposal(
            Decimal(item["amount"]),
            item["currency"],
            item.get("text", ""),
            spans(item),
            item.get("doubt", ""),
        )

    def date(item: dict) -> DateProposal:
        return DateProposal(
            item["text"], FuzzyDate.parse(item["date"]["edtf"]), spans(item), item.get("doubt", "")
        )

    def plain(cls):
        return lambda item: cls(**item | {"spans": spans(item)})

    def pledge(item: dict) -> PledgeProposal:
        target = amount(item["target"]) if item.get("target") else None
        # Its due date travels as EDTF text and its target value as text (`PledgeProposal`).
        return PledgeProposal(**item | {"target": target, "spans": spans(item)})

    readers = {
        "countries": plain(CountryProposal),
        "officials": plain(OfficialProposal),
        "dates": date,
        "sessions": plain(SessionProposal),
        "amounts": amount,
        "sectors": plain(SectorProposal),
        "pledges": pledge,
        "quotes": plain(QuoteProposal),
    }
    return Proposals(**{name: [read(item) for item in data.get(name, [])] for name, read in readers.items()})
