"""Officials with their other names and the offices they held."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.settings import api_settings

from relations import services
from relations.api.base import CitesSources, ModelCheckedSerializer, assign, model_instance, refuse_repeats
from relations.api.fields import CountryCodeField, FuzzyDateAPIField, LowerSlugField
from relations.api.links import RecordLinkField
from relations.api.serializers.reference import CitationSerializer
from relations.models import OfficeHeld, Official, OfficialName, Organization
from relations.models.people import office_event_errors


class OfficialNameSerializer(ModelCheckedSerializer):
    parent_fields = ("official",)

    class Meta:
        model = OfficialName
        fields = ["name", "kind"]


class OfficeSerializer(CitesSources, ModelCheckedSerializer):
    organization = LowerSlugField(
        slug_field="slug", queryset=Organization.objects.all(), allow_null=True, required=False
    )
    country = CountryCodeField(allow_null=True, required=False)
    start = FuzzyDateAPIField(allow_null=True, required=False)
    end = FuzzyDateAPIField(allow_null=True, required=False)
    citations = CitationSerializer(many=True, required=False)
    parent_fields = ("official",)
    constraint_fields = {
        "office_ends_after_it_starts": "end",
        "office_end_unknown_without_end": "end_unknown",
    }

    class Meta:
        model = OfficeHeld
        fields = ["title", "organization", "country", "start", "end", "end_unknown", "citations"]


class OfficialSerializer(ModelCheckedSerializer):
    url = RecordLinkField(view_name="api:official-detail", lookup_field="slug")
    nationality = CountryCodeField(allow_null=True, required=False)
    names = OfficialNameSerializer(many=True, required=False)
    offices = OfficeSerializer(many=True, required=False)
    constraint_fields = {"official_wikidata_id_unique": "wikidata_id"}

    class Meta:
        model = Official
        fields = ["id", "slug", "url", "name", "nationality", "wikidata_id", "names", "offices"]
        extra_kwargs = {"slug": {"required": False}}

    def validate_names(self, value: list) -> list:
        return refuse_repeats(value, lambda row: row["name"], "A name is listed twice.")

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        if isinstance(self.instance, Official) and attrs.get("offices"):
            offices = [model_instance(OfficeHeld, row) for row in attrs["offices"]]
            errors = office_event_errors(self.instance, offices)
            if errors:
                key = api_settings.NON_FIELD_ERRORS_KEY
                raise serializers.ValidationError(
                    {"offices": {str(position): {key: messages} for position, messages in errors.items()}}
                )
        return attrs

    def create(self, validated_data):
        return self.update(Official(), validated_data)

    def update(self, instance, validated_data):
        names = validated_data.pop("names", None)
        offices = validated_data.pop("offices", None)
        return services.official_save(official=assign(instance, validated_data), names=names, offices=offices)
