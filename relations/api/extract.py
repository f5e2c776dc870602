"""``POST /api/extract/``: what a pasted news article describes, as proposals; nothing is written.

The same extractor as admin's "Add from article" (`relations.extract`), for programs that do their
own review. Only editors may use it (it reads the tracker's names to recognise officials and
commissions); the request and the answer are documented by the serializers below.
"""

from __future__ import annotations

import datetime as dt

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import permissions, serializers
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle
from rest_framework.views import APIView

from relations import extract as extraction
from relations.extract.review.article import MAX_TEXT, may_extract

PUBLISHED_FIRST, PUBLISHED_LAST = dt.date(1800, 1, 1), dt.date(2199, 12, 31)

# The request ---------------------------------------------------------------------------------------


class ArticleSerializer(serializers.Serializer):
    text = serializers.CharField(
        max_length=MAX_TEXT,
        # The spans in the answer are offsets into the text exactly as sent.
        trim_whitespace=False,
        help_text=f"The article's text (headline and body), at most {MAX_TEXT:,} characters.",
    )
    published_on = serializers.DateField(
        help_text="The day it was published: “on Tuesday” and “in July” are read from it."
    )
    url = serializers.URLField(
        required=False, allow_blank=True, max_length=500, help_text="Where it was published; not read."
    )
    publisher = serializers.CharField(required=False, allow_blank=True, max_length=200, help_text="Not read.")
    title = serializers.CharField(required=False, allow_blank=True, max_length=300, help_text="Not read.")

    def validate_published_on(self, day: dt.date) -> dt.date:
        # "next year", "last Tuesday" are read from it by date arithmetic, which the calendar's
        # ends (0001-01-01, 9999-12-31) overflow; no news article is that old or that new.
        if not PUBLISHED_FIRST <= day <= PUBLISHED_LAST:
            raise serializers.ValidationError(
                f"Give a day between {PUBLISHED_FIRST.isoformat()} and {PUBLISHED_LAST.isoformat()}."
            )
        return day

    def validate_text(self, text: str) -> str:
        if not text.strip():
            raise serializers.ValidationError("Give the article's text.")
        return text


# The answer: `Proposals.as_json()`, described field by field -----------------------------------------


class SpanField(serializers.ListField):
    child = serializers.IntegerField(min_value=0)

    def __init__(self, **kwargs) -> None:
        super().__init__(min_length=2, max_length=2, **kwargs)


def doubt_field() -> serializers.CharField:
    return serializers.CharField(
        allow_blank=True,
        help_text="Why the reader is unsure of it, in a few words (“a single word after a title”, "
        "“only in the dateline”); empty when it is sure.",
    )


def spans_field() -> serializers.ListField:
    return serializers.ListField(
        child=SpanField(),
        help_text="Where it was found: [start, end] character offsets, so that text[start:end] is the words.",
    )


class CountryProposalSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="ISO 3166-1 alpha-2 code.")
    name = serializers.CharField(help_text="The country's current name.")
    spans = spans_field()
    doubt = doubt_field()


class OfficialProposalSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="As written; a known official's recorded name.")
    official = serializers.CharField(
        allow_null=True, help_text="Slug of a known official; null for a new one."
    )
    office = serializers.CharField(allow_blank=True, help_text="The office the text gives, if any.")
    country = serializers.CharField(allow_null=True, help_text="ISO code of the office's country, if given.")
    spans = spans_field()
    doubt = doubt_field()


class ProposedDateSerializer(serializers.Serializer):
    edtf = serializers.CharField(help_text="EDTF: `2025-09-09`, `2025-07`, `2025`.")
    start = serializers.DateField(help_text="First possible day.")
    end = serializers.DateField(help_text="Last possible day.")
    precision = serializers.ChoiceField(choices=["year", "month", "day"])


class DateProposalSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="The words that gave it: “on Tuesday”, “in July”.")
    date = ProposedDateSerializer(help_text="With the precision the words give, never more.")
    spans = spans_field()
    doubt = doubt_field()


class SessionProposalSerializer(serializers.Serializer):
    number = serializers.IntegerField(min_value=1, help_text="16 for “16th meeting”.")
    commission = serializers.CharField(
        allow_null=True, help_text="Slug of a known commission; null for a new one."
    )
    name = serializers.CharField(allow_blank=True, help_text="The known commission's name, or one proposed.")
    countries = serializers.ListField(child=serializers.CharField(), help_text="Members' ISO codes.")
    spans = spans_field()
    doubt = doubt_field()


class AmountProposalSerializer(serializers.Serializer):
    amount = serializers.CharField(
        help_text="A decimal number with its scale applied: “5000000000” for $5 billion."
    )
    currency = serializers.CharField(help_text="ISO 4217, as written: never converted.")
    text = serializers.CharField(allow_blank=True)
    spans = spans_field()
    doubt = doubt_field()


class SectorProposalSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    spans = spans_field()
    doubt = doubt_field()


class PledgeProposalSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="The sentence stating it.")
    sectors = serializers.ListField(child=serializers.CharField(), help_text="Sector slugs.")
    target = AmountProposalSerializer(
        allow_null=True, help_text="A measurable target, if the sentence gives one."
    )
    countries = serializers.ListField(child=serializers.CharField(), help_text="The parties' ISO codes.")
    spans = spans_field()
    doubt = doubt_field()
    due_text = serializers.CharField(
        allow_blank=True, help_text="When it is due, as written: “by 2030”, “within three years”."
    )
    due = serializers.CharField(
        allow_blank=True, help_text="That date in EDTF: `2030`, `2028-09`; empty if none."
    )
    target_value = serializers.CharField(
        allow_null=True, help_text="A target that is not money, as a decimal number: “5000”; null if none."
    )
    target_unit = serializers.CharField(
        allow_blank=True, help_text="Its unit: people, units, percent, megawatts, tonnes, kilometres…"
    )
    target_measure = serializers.CharField(
        allow_blank=True, help_text="What it counts or measures: “scholarships”, “tariff lines”."
    )
    target_text = serializers.CharField(allow_blank=True, help_text="As written: “5,000 scholarships”.")


class QuoteProposalSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="The quoted words, without the quotation marks.")
    speaker = serializers.CharField(allow_blank=True, help_text="Who said it, as written.")
    official = serializers.CharField(allow_null=True, help_text="Slug of the known official who said it.")
    spans = spans_field()
    doubt = doubt_field()
    speaker_name = serializers.CharField(
        allow_blank=True, help_text="The person the speaker is, in full (“Grace Nakato” for “she”), if named."
    )


class EventProposalSerializer(serializers.Serializer):
    date = ProposedDateSerializer(
        allow_null=True, help_text="The meeting's day (not the dateline's): “on Thursday”; null if none."
    )
    date_text = serializers.CharField(allow_blank=True, help_text="The words that gave it.")
    place = serializers.CharField(allow_blank=True, help_text="The city it took place in, as written.")
    place_country = serializers.CharField(allow_null=True, help_text="ISO code of the place's country.")
    spans = spans_field()
    doubt = doubt_field()


class ProposalsSerializer(serializers.Serializer):
    countries = CountryProposalSerializer(many=True)
    officials = OfficialProposalSerializer(many=True)
    dates = DateProposalSerializer(many=True)
    sessions = SessionProposalSerializer(many=True)
    amounts = AmountProposalSerializer(many=True)
    sectors = SectorProposalSerializer(many=True)
    pledges = PledgeProposalSerializer(many=True)
    quotes = QuoteProposalSerializer(many=True)
    event = EventProposalSerializer(help_text="The meeting the article reports: its day and place.")


# The view ------------------------------------------------------------------------------------------


class MayExtract(permissions.BasePermission):
    """An editor: may add sources, events, pledges and citations."""

    message = (
        "Reading articles is for editors: the account needs to add sources, events, pledges and citations."
    )

    def has_permission(self, request, view) -> bool:
        return may_extract(request.user)


EXAMPLE = {
    "text": "Senior officials of Pakistan and Turkiye on Tuesday pledged to deepen defense ties.",
    "published_on": "2025-09-09",
}


@extend_schema(
    request=ArticleSerializer,
    responses={200: OpenApiResponse(ProposalsSerializer, description="What the article describes.")},
    examples=[OpenApiExample("Sentence", value=EXAMPLE, request_only=True)],
)
class ExtractView(APIView):
    """What a news article describes: countries, officials, dates, commission sessions, amounts,
    sectors, pledges, quotations and the reported meeting's day and place, each with where it was
    found. Nothing is written; editors
    only."""

    permission_classes = [MayExtract]
    # Reading a long article costs a worker a moment; each editor gets a fair share.
    throttle_classes = [AnonRateThrottle, ScopedRateThrottle]
    throttle_scope = "extract"
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]

    def post(self, request) -> Response:
        article = ArticleSerializer(data=request.data)
        article.is_valid(raise_exception=True)
        proposals = extraction.extract(article.validated_data["text"], article.validated_data["published_on"])
        return Response(proposals.as_json())
