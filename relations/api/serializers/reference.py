"""Countries, event kinds, sectors, sources, organizations, and the citations every record nests."""

from __future__ import annotations

from rest_framework import serializers

from relations.api.base import ModelCheckedSerializer
from relations.api.fields import CountryCodeField, FuzzyDateAPIField, LowerSlugField
from relations.api.links import RecordLinkField
from relations.models import Citation, Country, CountryName, EventKind, Organization, Sector, Source


class CountryNameSerializer(serializers.ModelSerializer):
    class Meta:
        model = CountryName
        fields = ["name", "kind", "valid_from", "valid_until"]


class CountrySerializer(serializers.ModelSerializer):
    url = RecordLinkField(view_name="api:country-detail", lookup_field="code")
    names = CountryNameSerializer(many=True, read_only=True)

    class Meta:
        model = Country
        fields = ["code", "url", "name", "names"]


class EventKindSerializer(serializers.ModelSerializer):
    url = RecordLinkField(view_name="api:eventkind-detail", lookup_field="slug")
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = EventKind
        fields = [
            "slug",
            "url",
            "name",
            "parent",
            "tone",
            "plover_event",
            "plover_mode",
            "cameo_code",
            "description",
        ]


class SectorSerializer(ModelCheckedSerializer):
    url = RecordLinkField(view_name="api:sector-detail", lookup_field="slug")
    parent = LowerSlugField(slug_field="slug", queryset=Sector.objects.all(), allow_null=True, required=False)
    constraint_fields = {"sector_not_own_parent": "parent"}

    class Meta:
        model = Sector
        fields = ["id", "slug", "url", "name", "parent"]


class SourceSerializer(ModelCheckedSerializer):
    url = RecordLinkField(view_name="api:source-detail", lookup_field="slug")
    slug = serializers.SlugField(required=False, allow_blank=True, max_length=100)

    link = serializers.URLField(
        source="url", required=False, allow_blank=True, max_length=500, help_text="The document's address."
    )
    published_on = FuzzyDateAPIField(
        allow_null=True,
        required=False,
        help_text=(
            "The day it was published (`2025-07-09`); the month (`2025-07`) or the year (`2025`) "
            "if no day is known."
        ),
    )
    constraint_fields = {"source_url_unique": "url"}

    class Meta:
        model = Source
        fields = ["id", "slug", "url", "title", "link", "publisher", "published_on", "language", "kind"]

    def create(self, validated_data):
        # The publication date is set through its descriptor, which the model's __init__ does not take.
        return self.update(Source(), validated_data)


class OrganizationSerializer(ModelCheckedSerializer):
    url = RecordLinkField(view_name="api:organization-detail", lookup_field="slug")
    country = CountryCodeField(allow_null=True, required=False)
    parent = LowerSlugField(
        slug_field="slug", queryset=Organization.objects.all(), allow_null=True, required=False
    )
    constraint_fields = {"organization_not_own_parent": "parent"}

    class Meta:
        model = Organization
        fields = ["id", "slug", "url", "name", "acronym", "kind", "country", "parent"]
        extra_kwargs = {"slug": {"required": False}}


class CitationSerializer(ModelCheckedSerializer):
    source = LowerSlugField(slug_field="slug", queryset=Source.objects.all())
    parent_fields = ("event", "pledge", "status_change", "office")

    class Meta:
        model = Citation
        fields = ["source", "excerpt"]
