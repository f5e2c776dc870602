"""Explicit serializers: every record refers to others by natural key (ISO code, slug) and id.

A record read from the API can be posted back as it is: read-only parts (ids, URLs, computed
values) are ignored on input, and nested children (an event's countries and participants, a
pledge's parties and status history) are written in the same request. A record posted as new
that exists already by its natural key (`relations.models.naturalkeys`: a pledge's event and
title, an event's title and dates…) is refused with a 400 giving its URL, where PUT or PATCH
change it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework import serializers
from rest_framework.settings import api_settings

from relations import services
from relations.api.fields import (
    CountryCodeField,
    FuzzyDateAPIField,
    JSONRowsListSerializer,
    JSONRowsSlugsField,
    LowerSlugField,
    PagePathField,
)
from relations.models import (
    Citation,
    Commission,
    CommissionName,
    Country,
    CountryName,
    Event,
    EventCountry,
    EventKind,
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
from relations.models.naturalkeys import find_duplicate
from relations.models.people import office_event_errors
from relations.models.pledges import currency_codes

M = TypeVar("M", bound=models.Model)


class ModelCheckedSerializer(serializers.ModelSerializer):
    """Runs the model's own validation (fields, check and unique constraints) before saving,
    so that what the database would refuse comes back as a 400 with a message per field; and
    refuses a new record that exists already by its natural key (`refuse_duplicate`)."""

    #: Fields set by the parent when this serializer is nested; not validated here.
    parent_fields: tuple[str, ...] = ()
    #: The field a broken model constraint is reported under, by constraint name; any other
    #: is reported for the record as a whole (``non_field_errors``).
    constraint_fields: dict[str, str] = {}

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        if self.parent_fields:
            self.refuse_partial_row(attrs)
        if isinstance(attrs.get("slug"), str):
            # Slugs are looked up in any case (URLs, filters): store them in lower case.
            attrs["slug"] = attrs["slug"].lower()
        model = self.Meta.model
        instance = copy.copy(self.instance) if isinstance(self.instance, model) else model()
        for name, value in model_attrs(model, attrs).items():
            setattr(instance, name, value)
        related = {f.name for f in model._meta.get_fields() if not f.concrete or f.many_to_many}
        exclude = related | set(self.parent_fields)
        errors: dict[str, list[str]] = {}
        try:
            instance.full_clean(
                exclude=exclude, validate_unique=not self.parent_fields, validate_constraints=False
            )
        except DjangoValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(self.field_name_of(name), []).extend(messages)
        for model_class, constraints in instance.get_constraints():
            for constraint in constraints:
                try:
                    constraint.validate(model_class, instance, exclude=exclude)
                except DjangoValidationError as error:
                    field = self.constraint_fields.get(constraint.name, NON_FIELD_ERRORS)
                    message = CONSTRAINT_MESSAGES.get(constraint.name)
                    errors.setdefault(self.field_name_of(field), []).extend(
                        [message] if message else error.messages
                    )
        if not errors and not self.parent_fields:
            self.refuse_duplicate(instance, attrs)
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def refuse_duplicate(self, instance: models.Model, attrs: dict) -> None:
        """A record that exists already, by its natural key (`relations.models.naturalkeys`),
        is refused with a 400 that names it and gives its URL: change it there (PUT or PATCH)."""
        found = find_duplicate(instance, attrs)
        if found is None:
            return
        where = self.fields["url"].to_representation(found.record) if "url" in self.fields else ""
        message = f"{found.message}: {where}" if where else f"{found.message}."
        raise serializers.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [message]})

    def refuse_partial_row(self, attrs: dict) -> None:
        """A nested row replaces what was there, so it is given whole, even in a PATCH of its
        record (where DRF lets every field be left out, down to the nested rows' own)."""
        missing = {
            name: [field.error_messages["required"]]
            for name, field in self.fields.items()
            if field.required and not field.read_only and field.source not in attrs
        }
        if missing:
            raise serializers.ValidationError(missing)

    def field_name_of(self, model_field: str) -> str:
        """The name this serializer gives a model field (``Source.url`` is ``link``)."""
        if model_field == NON_FIELD_ERRORS:
            return api_settings.NON_FIELD_ERRORS_KEY
        for name, field in self.fields.items():
            if field.source == model_field and not field.read_only:
                return name
        return model_field


#: Messages for model constraints that have none of their own (Django's names the constraint).
CONSTRAINT_MESSAGES = {
    "event_not_own_parent": "An event cannot be part of itself.",
    "sector_not_own_parent": "A sector cannot be its own parent.",
    "organization_not_own_parent": "An organization cannot be its own parent.",
    "commission_not_own_parent": "A commission cannot report to itself.",
}


def refuse_repeats(rows: list, key: Callable[[Any], Any], message: str) -> list:
    """``rows`` if no two share a ``key`` (ignoring ``None``), else a validation error."""
    keys = [k for k in map(key, rows) if k is not None]
    if len(keys) != len(set(keys)):
        raise serializers.ValidationError(message)
    return rows


def model_attrs(model: type[models.Model], attrs: dict) -> dict:
    """The part of ``attrs`` a model instance takes directly (no many-to-many, no nested lists)."""
    fuzzy = {f.name for f in fuzzy_dates_of(model)}
    names = {f.name for f in model._meta.concrete_fields} | fuzzy
    return {k: v for k, v in attrs.items() if k in names}


def model_instance(model: type[M], attrs: dict) -> M:
    """An unsaved ``model`` with the part of ``attrs`` it takes (see `model_attrs`)."""
    instance = model()
    for name, value in model_attrs(model, attrs).items():
        setattr(instance, name, value)
    return instance


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


class EventKindSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:eventkind-detail", lookup_field="slug")
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
    url = serializers.HyperlinkedIdentityField(view_name="api:sector-detail", lookup_field="slug")
    parent = LowerSlugField(slug_field="slug", queryset=Sector.objects.all(), allow_null=True, required=False)
    constraint_fields = {"sector_not_own_parent": "parent"}

    class Meta:
        model = Sector
        fields = ["id", "slug", "url", "name", "parent"]


class SourceSerializer(ModelCheckedSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:source-detail", lookup_field="slug")
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
    url = serializers.HyperlinkedIdentityField(view_name="api:organization-detail", lookup_field="slug")
    country = CountryCodeField(allow_null=True, required=False)
    parent = LowerSlugField(
        slug_field="slug", queryset=Organization.objects.all(), allow_null=True, required=False
    )
    constraint_fields = {"organization_not_own_parent": "parent"}

    class Meta:
        model = Organization
        fields = ["id", "slug", "url", "name", "acronym", "kind", "country", "parent"]
        extra_kwargs = {"slug": {"required": False}}


class CitesSources:
    """For a record with ``citations``: each source is cited once."""

    def validate_citations(self, value: list) -> list:
        return refuse_repeats(value, lambda row: row["source"].pk, "A source is cited twice.")


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
    url = serializers.HyperlinkedIdentityField(view_name="api:official-detail", lookup_field="slug")
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


# Commissions and events ------------------------------------------------------------------------


class SessionSummarySerializer(serializers.ModelSerializer):
    date = FuzzyDateAPIField(read_only=True)

    class Meta:
        model = Event
        fields = ["id", "slug", "session_number", "title", "date"]


class CommissionNameSerializer(ModelCheckedSerializer):
    parent_fields = ("commission",)
    constraint_fields = {"commission_name_valid_until_after_from": "valid_until"}

    class Meta:
        model = CommissionName
        fields = ["name", "kind", "valid_from", "valid_until"]


class CommissionSerializer(ModelCheckedSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:commission-detail", lookup_field="slug")
    members = CountryCodeField(many=True)
    founded = FuzzyDateAPIField(allow_null=True, required=False)
    parent = LowerSlugField(
        slug_field="slug", queryset=Commission.objects.all(), allow_null=True, required=False
    )
    names = CommissionNameSerializer(many=True, required=False, help_text="Its other names.")
    sessions = SessionSummarySerializer(many=True, read_only=True)
    constraint_fields = {"commission_not_own_parent": "parent"}

    class Meta:
        model = Commission
        fields = [
            "id", "slug", "url", "name", "acronym", "kind", "members", "founded", "parent", "description",
            "names", "sessions",
        ]  # fmt: skip
        extra_kwargs = {"slug": {"required": False}}

    def create(self, validated_data):
        return self.update(Commission(), validated_data)

    def validate_names(self, value: list) -> list:
        return refuse_repeats(value, lambda row: row["name"], "A name is listed twice.")

    def update(self, instance, validated_data):
        members = validated_data.pop("members", None)
        names = validated_data.pop("names", None)
        return services.commission_save(
            commission=assign(instance, validated_data), members=members, names=names
        )


class EventCountrySerializer(ModelCheckedSerializer):
    country = CountryCodeField()
    name = serializers.CharField(
        source="name_then",
        read_only=True,
        help_text="The country's name on the event's first day (Turkey before June 2022, then Türkiye).",
    )
    parent_fields = ("event",)

    class Meta:
        model = EventCountry
        fields = ["country", "name", "role"]


class ParticipantSerializer(ModelCheckedSerializer):
    official = LowerSlugField(
        slug_field="slug", queryset=Official.objects.all(), allow_null=True, required=False
    )
    side = CountryCodeField(allow_null=True, required=False)
    parent_fields = ("event",)

    class Meta:
        model = Participant
        fields = ["official", "name", "side", "role", "capacity"]


class EventSerializer(CitesSources, ModelCheckedSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:event-detail", lookup_field="slug")
    page = PagePathField(source="get_absolute_url", help_text="The event's page on this site.")
    date = FuzzyDateAPIField(ranges=True)
    place_country = CountryCodeField(allow_null=True, required=False)
    # The nested lists are read from the JSON that `Event.objects.for_export()` reads with each
    # event (one query for a whole list), and written through their child serializers.
    countries = JSONRowsListSerializer(
        child=EventCountrySerializer(), source="event_countries", rows="country_rows"
    )
    participants = JSONRowsListSerializer(
        child=ParticipantSerializer(), required=False, rows="participant_rows"
    )
    commission = LowerSlugField(
        slug_field="slug", queryset=Commission.objects.all(), allow_null=True, required=False
    )
    parent = LowerSlugField(slug_field="slug", queryset=Event.objects.all(), allow_null=True, required=False)
    kind = LowerSlugField(
        slug_field="slug",
        queryset=EventKind.objects.all(),
        help_text="An event kind's slug (`/api/event-kinds/`), the most precise that fits: `state_visit`.",
    )
    kind_name = serializers.CharField(source="kind.name", read_only=True, help_text="As pages show it.")
    tone = serializers.ChoiceField(
        source="kind.tone", choices=EventKind.Tone.choices, read_only=True, help_text="The kind's tone."
    )
    sectors = JSONRowsSlugsField(
        child_relation=LowerSlugField(slug_field="slug", queryset=Sector.objects.all()),
        required=False,
        rows="sector_rows",
    )
    citations = JSONRowsListSerializer(child=CitationSerializer(), required=False, rows="citation_rows")
    pledge_count = serializers.IntegerField(read_only=True, help_text="Pledges made at the event.")
    constraint_fields = {
        "event_one_session_number_per_commission": "session_number",
        "event_session_number_needs_commission": "session_number",
        "event_session_number_positive": "session_number",
        "event_not_own_parent": "parent",
    }

    class Meta:
        model = Event
        fields = [
            "id", "slug", "url", "page", "title", "kind", "kind_name", "tone", "status", "date", "place",
            "place_country",
            "countries", "participants", "commission", "session_number", "parent", "sectors", "summary",
            "citations", "pledge_count",
        ]  # fmt: skip
        extra_kwargs = {"slug": {"required": False}}
        # The model's constraints are checked by `validate` (one session number per commission);
        # DRF's own unique-together check would make `commission` required.
        validators: list = []

    def validate_countries(self, value: list) -> list:
        if not value:
            raise serializers.ValidationError("An event needs at least one country.", code="empty")
        return refuse_repeats(value, lambda row: row["country"].pk, "A country is listed twice.")

    def validate_participants(self, value: list) -> list:
        return refuse_repeats(
            value, lambda row: getattr(row.get("official"), "pk", None), "An official is listed twice."
        )

    def validate(self, attrs: dict) -> dict:
        """Each participant's capacity against the offices of their official on the event's date
        (`Participant.office_error`): the rows given, or those stored when only the date changes."""
        attrs = super().validate(attrs)
        date = attrs.get("date") or getattr(self.instance, "date", None)
        if "participants" in attrs:
            rows = [model_instance(Participant, row) for row in attrs["participants"]]
            errors = {
                str(i): {"capacity": [error]}
                for i, row in enumerate(rows)
                if (error := row.office_error(date))
            }
            if errors:
                raise serializers.ValidationError({"participants": errors})
        elif "date" in attrs and isinstance(self.instance, Event):
            stored = (
                self.instance.participants.exclude(capacity="")
                .exclude(official=None)
                .select_related("official")
            )
            errors = [error for row in stored if (error := row.office_error(date))]
            if errors:
                raise serializers.ValidationError({"date": errors})
        return attrs

    def create(self, validated_data):
        return self.update(Event(), validated_data)

    def update(self, instance, validated_data):
        children = {name: validated_data.pop(key, None) for name, key in CHILDREN["event"].items()}
        return services.event_save(event=assign(instance, validated_data), **children)


class StatusChangeSerializer(CitesSources, ModelCheckedSerializer):
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


class NoStatusChoiceField(serializers.ChoiceField):
    """A current status: ``null`` for a pledge with none yet (stored as "")."""

    def to_representation(self, value):
        return super().to_representation(value) if value else None


class PledgeSerializer(CitesSources, ModelCheckedSerializer):
    """A pledge, known by its event and title: posting one that exists is refused (400, naming
    its URL); change it there with PUT or PATCH."""

    url = serializers.HyperlinkedIdentityField(view_name="api:pledge-detail")
    event = LowerSlugField(slug_field="slug", queryset=Event.objects.all(), help_text="Where it was made.")
    parties = PledgePartySerializer(many=True)
    sectors = LowerSlugField(slug_field="slug", queryset=Sector.objects.all(), many=True, required=False)
    due = FuzzyDateAPIField(allow_null=True, required=False)
    current_status = NoStatusChoiceField(
        choices=PledgeStatus.choices, read_only=True, allow_null=True, help_text="The latest status change's."
    )
    currencies = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        max_length=20,
        help_text="ISO 4217 codes of the currencies the pledge concerns, with or without a figure "
        "(“trade settled in local currencies”: [“PKR”, “TRY”]); stored in upper case.",
    )
    status_history = StatusChangeSerializer(many=True, source="status_changes", required=False)
    reaffirmations = ReaffirmationSerializer(many=True, required=False)
    citations = CitationSerializer(many=True, required=False)
    constraint_fields = {
        "pledge_amount_has_currency_or_unit": "target_currency",
        "pledge_currency_or_unit": "target_unit",
        "pledge_target_positive": "target_amount",
    }

    class Meta:
        model = Pledge
        fields = [
            "id", "url", "event", "title", "description", "wording", "parties", "sectors", "target_amount",
            "target_currency", "target_unit", "target_measure", "baseline_amount", "baseline_note",
            "currencies", "due", "current_status", "status_history", "reaffirmations", "citations",
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
        return refuse_repeats(
            value,
            lambda change: (change["status"], change["as_of"].start),
            "This status is already recorded for that date.",
        )

    def validate_parties(self, value: list) -> list:
        return refuse_repeats(value, lambda row: row["country"].pk, "A country is listed twice.")

    def validate_target_currency(self, value: str) -> str:
        return value.strip().upper()

    def validate_currencies(self, value: list) -> list:
        return currency_codes(value)

    def validate_reaffirmations(self, value: list) -> list:
        return refuse_repeats(value, lambda row: row["event"].pk, "An event is listed twice.")

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
