"""Explicit serializers: every record refers to others by natural key (ISO code, slug) and id.

A record read from the API can be posted back as it is: read-only parts (ids, URLs, computed
values) are ignored on input, and nested children (an event's countries and participants, a
pledge's parties and status history) are written in the same request.
"""

from __future__ import annotations

import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework import serializers

from relations import services
from relations.api.fields import CountryCodeField, FuzzyDateAPIField, LowerSlugField
from relations.models import (
    Citation,
    Commission,
    Country,
    CountryName,
    Event,
    EventCountry,
    OfficeHeld,
    Official,
    OfficialName,
    Organization,
    Participant,
    Pledge,
    PledgeParty,
    PledgeReaffirmation,
    PledgeStatus,
    PledgeStatusChange,
    Sector,
    Source,
)
from relations.models.fuzzy import fuzzy_dates_of


class ModelCheckedSerializer(serializers.ModelSerializer):
    """Runs the model's own validation (fields, check and unique constraints) before saving,
    so that what the database would refuse comes back as a 400 with a message per field."""

    #: Fields set by the parent when this serializer is nested; not validated here.
    parent_fields: tuple[str, ...] = ()

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        model = self.Meta.model
        instance = copy.copy(self.instance) if isinstance(self.instance, model) else model()
        for name, value in model_attrs(model, attrs).items():
            setattr(instance, name, value)
        related = {f.name for f in model._meta.get_fields() if not f.concrete or f.many_to_many}
        try:
            instance.full_clean(
                exclude=related | set(self.parent_fields), validate_unique=not self.parent_fields
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from None
        return attrs


def model_attrs(model: type[models.Model], attrs: dict) -> dict:
    """The part of ``attrs`` a model instance takes directly (no many-to-many, no nested lists)."""
    fuzzy = {f.name for f in fuzzy_dates_of(model)}
    names = {f.name for f in model._meta.concrete_fields} | fuzzy
    return {k: v for k, v in attrs.items() if k in names}


# Reference records -----------------------------------------------------------------------------


class CountryNameSerializer(serializers.ModelSerializer):
    class Meta:
        model = CountryName
        fields = ["name", "kind", "valid_from", "valid_until"]


class CountrySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:country-detail", lookup_field="code")
    names = CountryNameSerializer(many=True, read_only=True)

    class Meta:
        model = Country
        fields = ["code", "url", "name", "names"]


class SectorSerializer(ModelCheckedSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:sector-detail", lookup_field="slug")
    parent = LowerSlugField(slug_field="slug", queryset=Sector.objects.all(), allow_null=True, required=False)

    class Meta:
        model = Sector
        fields = ["id", "slug", "url", "name", "parent"]


class SourceSerializer(ModelCheckedSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:source-detail", lookup_field="slug")
    slug = serializers.SlugField(required=False, allow_blank=True, max_length=100)

    link = serializers.URLField(
        source="url", required=False, allow_blank=True, max_length=500, help_text="The document's address."
    )

    class Meta:
        model = Source
        fields = ["id", "slug", "url", "title", "link", "publisher", "published_on", "language", "kind"]


class OrganizationSerializer(ModelCheckedSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:organization-detail", lookup_field="slug")
    country = CountryCodeField(allow_null=True, required=False)
    parent = LowerSlugField(
        slug_field="slug", queryset=Organization.objects.all(), allow_null=True, required=False
    )

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


# People ----------------------------------------------------------------------------------------


class OfficialNameSerializer(ModelCheckedSerializer):
    parent_fields = ("official",)

    class Meta:
        model = OfficialName
        fields = ["name", "kind"]


class OfficeSerializer(ModelCheckedSerializer):
    organization = LowerSlugField(
        slug_field="slug", queryset=Organization.objects.all(), allow_null=True, required=False
    )
    country = CountryCodeField(allow_null=True, required=False)
    start = FuzzyDateAPIField(allow_null=True, required=False)
    end = FuzzyDateAPIField(allow_null=True, required=False)
    citations = CitationSerializer(many=True, required=False)
    parent_fields = ("official",)

    class Meta:
        model = OfficeHeld
        fields = ["title", "organization", "country", "start", "end", "citations"]


class OfficialSerializer(ModelCheckedSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:official-detail", lookup_field="slug")
    nationality = CountryCodeField(allow_null=True, required=False)
    names = OfficialNameSerializer(many=True, required=False)
    offices = OfficeSerializer(many=True, required=False)

    class Meta:
        model = Official
        fields = ["id", "slug", "url", "name", "nationality", "wikidata_id", "names", "offices"]
        extra_kwargs = {"slug": {"required": False}}

    def create(self, validated_data):
        return self.update(Official(), validated_data)

    def update(self, instance, validated_data):
        names = validated_data.pop("names", None)
        offices = validated_data.pop("offices", None)
        return services.official_save(official=assign(instance, validated_data), names=names, offices=offices)


# Commissions and events ------------------------------------------------------------------------


class SessionSummarySerializer(serializers.ModelSerializer):
    date = FuzzyDateAPIField(read_only=True)

    class Meta:
        model = Event
        fields = ["id", "slug", "session_number", "title", "date"]


class CommissionSerializer(ModelCheckedSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:commission-detail", lookup_field="slug")
    members = CountryCodeField(many=True)
    founded = FuzzyDateAPIField(allow_null=True, required=False)
    parent = LowerSlugField(
        slug_field="slug", queryset=Commission.objects.all(), allow_null=True, required=False
    )
    sessions = SessionSummarySerializer(many=True, read_only=True)

    class Meta:
        model = Commission
        fields = [
            "id", "slug", "url", "name", "acronym", "kind", "members", "founded", "parent", "description",
            "sessions",
        ]  # fmt: skip
        extra_kwargs = {"slug": {"required": False}}

    def create(self, validated_data):
        return self.update(Commission(), validated_data)

    def update(self, instance, validated_data):
        members = validated_data.pop("members", None)
        return services.commission_save(commission=assign(instance, validated_data), members=members)


class EventCountrySerializer(ModelCheckedSerializer):
    country = CountryCodeField()
    parent_fields = ("event",)

    class Meta:
        model = EventCountry
        fields = ["country", "role"]


class ParticipantSerializer(ModelCheckedSerializer):
    official = LowerSlugField(
        slug_field="slug", queryset=Official.objects.all(), allow_null=True, required=False
    )
    side = CountryCodeField(allow_null=True, required=False)
    parent_fields = ("event",)

    class Meta:
        model = Participant
        fields = ["official", "name", "side", "role", "capacity"]


class EventSerializer(ModelCheckedSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:event-detail", lookup_field="slug")
    page = serializers.URLField(source="get_absolute_url", read_only=True, help_text="The event's page.")
    date = FuzzyDateAPIField(ranges=True)
    place_country = CountryCodeField(allow_null=True, required=False)
    countries = EventCountrySerializer(many=True, source="event_countries")
    participants = ParticipantSerializer(many=True, required=False)
    commission = LowerSlugField(
        slug_field="slug", queryset=Commission.objects.all(), allow_null=True, required=False
    )
    parent = LowerSlugField(slug_field="slug", queryset=Event.objects.all(), allow_null=True, required=False)
    sectors = LowerSlugField(slug_field="slug", queryset=Sector.objects.all(), many=True, required=False)
    citations = CitationSerializer(many=True, required=False)
    pledge_count = serializers.IntegerField(read_only=True, help_text="Pledges made at the event.")

    class Meta:
        model = Event
        fields = [
            "id", "slug", "url", "page", "title", "kind", "status", "date", "place", "place_country",
            "countries", "participants", "commission", "session_number", "parent", "sectors", "summary",
            "citations", "pledge_count",
        ]  # fmt: skip
        extra_kwargs = {"slug": {"required": False}}

    def validate_countries(self, value: list) -> list:
        codes = [row["country"].code for row in value]
        if len(codes) != len(set(codes)):
            raise serializers.ValidationError("A country is listed twice.")
        return value

    def create(self, validated_data):
        return self.update(Event(), validated_data)

    def update(self, instance, validated_data):
        children = {name: validated_data.pop(key, None) for name, key in CHILDREN["event"].items()}
        return services.event_save(event=assign(instance, validated_data), **children)


class StatusChangeSerializer(ModelCheckedSerializer):
    as_of = FuzzyDateAPIField()
    citations = CitationSerializer(many=True, required=False)
    parent_fields = ("pledge",)

    class Meta:
        model = PledgeStatusChange
        fields = ["status", "as_of", "note", "citations"]


class PledgePartySerializer(ModelCheckedSerializer):
    country = CountryCodeField()
    parent_fields = ("pledge",)

    class Meta:
        model = PledgeParty
        fields = ["country", "role"]


class ReaffirmationSerializer(ModelCheckedSerializer):
    event = LowerSlugField(slug_field="slug", queryset=Event.objects.all())
    parent_fields = ("pledge",)

    class Meta:
        model = PledgeReaffirmation
        fields = ["event", "note"]


class PledgeSerializer(ModelCheckedSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:pledge-detail")
    event = LowerSlugField(slug_field="slug", queryset=Event.objects.all(), help_text="Where it was made.")
    parties = PledgePartySerializer(many=True)
    sectors = LowerSlugField(slug_field="slug", queryset=Sector.objects.all(), many=True, required=False)
    due = FuzzyDateAPIField(allow_null=True, required=False)
    current_status = serializers.ChoiceField(
        choices=PledgeStatus.choices, read_only=True, allow_null=True, help_text="The latest status change's."
    )
    status_history = StatusChangeSerializer(many=True, source="status_changes", required=False)
    reaffirmations = ReaffirmationSerializer(many=True, required=False)
    citations = CitationSerializer(many=True, required=False)

    class Meta:
        model = Pledge
        fields = [
            "id", "url", "event", "title", "wording", "parties", "sectors", "target_amount",
            "target_currency", "target_measure", "baseline_amount", "baseline_note", "due",
            "current_status", "status_history", "reaffirmations", "citations",
        ]  # fmt: skip
        extra_kwargs = {
            "target_amount": {"coerce_to_string": True},
            "baseline_amount": {"coerce_to_string": True},
        }

    def validate_status_history(self, value: list) -> list:
        from relations.models.pledges import status_sequence_error

        ordered = sorted(value, key=lambda change: change["as_of"].start)
        if error := status_sequence_error([change["status"] for change in ordered]):
            raise serializers.ValidationError(error)
        return value

    def create(self, validated_data):
        return self.update(Pledge(), validated_data)

    def update(self, instance, validated_data):
        children = {name: validated_data.pop(key, None) for name, key in CHILDREN["pledge"].items()}
        return services.pledge_save(pledge=assign(instance, validated_data), **children)


#: The nested lists each writable record takes: service argument -> serializer field source.
CHILDREN = {
    "event": {
        "countries": "event_countries",
        "participants": "participants",
        "sectors": "sectors",
        "citations": "citations",
    },
    "pledge": {
        "parties": "parties",
        "sectors": "sectors",
        "status_history": "status_changes",
        "reaffirmations": "reaffirmations",
        "citations": "citations",
    },
}


def assign(instance: models.Model, values: dict) -> models.Model:
    for name, value in values.items():
        setattr(instance, name, value)
    return instance
