"""Pledges with their parties, status history and reaffirmations."""

from __future__ import annotations

from rest_framework import serializers

from relations import consistency, services
from relations.api.base import CitesSources, ModelCheckedSerializer, assign, refuse_repeats
from relations.api.fields import (
    CountryCodeField,
    FuzzyDateAPIField,
    JSONRowsListSerializer,
    JSONRowsRecordsSerializer,
    JSONRowsSlugsField,
    LowerSlugField,
    fuzzy_date_in,
)
from relations.api.links import RecordLinkField
from relations.api.serializers.observations import ObservationSerializer, ProgressSerializer
from relations.api.serializers.reference import CitationSerializer
from relations.models import (
    Event,
    Pledge,
    PledgeParty,
    PledgeReaffirmation,
    PledgeStatus,
    PledgeStatusChange,
    Sector,
)
from relations.models.constraints import constraint_message
from relations.models.observations import Observation, mismatch
from relations.models.targets import currency_codes


class StatusChangeSerializer(CitesSources, ModelCheckedSerializer):
    as_of = FuzzyDateAPIField()
    # Read from each change's JSON row in a pledge's ``status_rows`` (`JSONRowsRecordsSerializer`).
    citations = JSONRowsListSerializer(child=CitationSerializer(), required=False, rows="citation_rows")
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

    url = RecordLinkField(view_name="api:pledge-detail")
    event = LowerSlugField(slug_field="slug", queryset=Event.objects.all(), help_text="Where it was made.")
    # The nested lists are read from the JSON that `Pledge.objects.for_export()` reads with each
    # pledge (one query for a whole list), and written through their child serializers.
    parties = JSONRowsListSerializer(child=PledgePartySerializer(), rows="party_rows")
    sectors = JSONRowsSlugsField(
        child_relation=LowerSlugField(slug_field="slug", queryset=Sector.objects.all()),
        required=False,
        rows="sector_rows",
    )
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
    progress = ProgressSerializer(source="*", read_only=True)
    status_history = JSONRowsRecordsSerializer(
        child=StatusChangeSerializer(),
        source="status_changes",
        required=False,
        rows="status_rows",
        read={"as_of": fuzzy_date_in("as_of")},
    )
    observations = JSONRowsRecordsSerializer(
        child=ObservationSerializer(),
        required=False,
        help_text="Dated figures of what the target measures, in the target's currency or unit "
        "(never converted); one per period.",
        rows="observation_rows",
        read={"period": fuzzy_date_in("period"), "value": lambda row: row["value"]},
    )
    reaffirmations = JSONRowsListSerializer(
        child=ReaffirmationSerializer(), required=False, rows="reaffirmation_rows"
    )
    citations = JSONRowsListSerializer(child=CitationSerializer(), required=False, rows="citation_rows")
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
            "currencies", "due", "current_status", "progress", "status_history", "observations",
            "reaffirmations", "citations",
        ]  # fmt: skip
        extra_kwargs = {
            "target_amount": {"coerce_to_string": True},
            "baseline_amount": {"coerce_to_string": True},
        }

    def validate_status_history(self, value: list) -> list:
        from relations.models.pledge_status import status_sequence_error

        ordered = sorted(value, key=lambda change: change["as_of"].start)
        if error := status_sequence_error([change["status"] for change in ordered]):
            raise serializers.ValidationError(error)
        return refuse_repeats(
            value,
            lambda change: (change["status"], change["as_of"].start),
            constraint_message(PledgeStatusChange, "pledge_status_change_once"),
        )

    def validate_observations(self, value: list) -> list:
        return refuse_repeats(
            value,
            lambda row: (row["period"].start, row["period"].end),
            constraint_message(Observation, "observation_once_per_period"),
        )

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        if attrs.get("observations"):
            self.refuse_mismatched_observations(attrs)
        if "parties" in attrs or "event" in attrs:
            self.refuse_parties_outside_event(attrs)
        return attrs

    def refuse_parties_outside_event(self, attrs: dict) -> None:
        """Each party is among the countries of the pledge's event (`relations.consistency`): the
        parties given, or those stored when only the event changes."""
        stored = self.instance if isinstance(self.instance, Pledge) else None
        event = attrs.get("event") or (stored.event if stored else None)
        if "parties" in attrs:
            parties = [row["country"] for row in attrs["parties"]]
        else:
            parties = [party.country_id for party in stored.parties.all()] if stored else []
        findings = consistency.pledge_findings(event=event, parties=parties)
        if findings and "parties" in attrs:
            raise serializers.ValidationError(
                {"parties": {str(f.row): {"country": [f.message]} for f in findings}}
            )
        if findings:
            raise serializers.ValidationError({"event": [f.message for f in findings]})

    def refuse_mismatched_observations(self, attrs: dict) -> None:
        """Each observation is in the target's currency or unit, as submitted (else as stored):
        figures are never converted, and a pledge without a target amount has none to measure."""
        stored = self.instance if isinstance(self.instance, Pledge) else Pledge()
        target = Pledge(
            **{
                name: attrs[name] if name in attrs else getattr(stored, name)
                for name in ("target_amount", "target_currency", "target_unit")
            }
        )
        errors = [
            mismatch(target, currency=row.get("currency", ""), unit=row.get("unit", "")) or {}
            for row in attrs["observations"]
        ]
        if target.target_amount is None:
            raise serializers.ValidationError({"observations": list(errors[0].values())})
        if any(errors):
            raise serializers.ValidationError(
                {"observations": [{name: [message] for name, message in row.items()} for row in errors]}
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
        children = {name: validated_data.pop(key, None) for name, key in CHILDREN.items()}
        return services.pledge_save(pledge=assign(instance, validated_data), **children)


#: The nested lists a pledge takes: `services.pledge_save` argument -> serializer field source.
CHILDREN = {
    "parties": "parties",
    "sectors": "sectors",
    "status_history": "status_changes",
    "reaffirmations": "reaffirmations",
    "observations": "observations",
    "citations": "citations",
}
