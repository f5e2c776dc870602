"""Commissions with their sessions, and events with their countries and participants."""

from __future__ import annotations

from rest_framework import serializers

from relations import consistency, services
from relations.api.base import CitesSources, ModelCheckedSerializer, assign, model_instance, refuse_repeats
from relations.api.fields import (
    CountryCodeField,
    FuzzyDateAPIField,
    JSONRowsListSerializer,
    JSONRowsSlugsField,
    LowerSlugField,
)
from relations.api.links import RecordLinkField, RecordPathField
from relations.api.serializers.reference import CitationSerializer
from relations.models import (
    Commission,
    CommissionName,
    Event,
    EventCountry,
    EventKind,
    Official,
    Participant,
    Sector,
)


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
    url = RecordLinkField(view_name="api:commission-detail", lookup_field="slug")
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
    url = RecordLinkField(view_name="api:event-detail", lookup_field="slug")
    page = RecordPathField(
        view_name="relations:event-detail", lookup_field="slug", help_text="The event's page on this site."
    )
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
        (`Participant.office_error`): the rows given, or those stored when only the date changes.
        Then what would make the event false (`relations.consistency`): a participant's side
        outside its countries, a country removed while a pledge made at the event binds it."""
        self.refuse_taken_session(attrs)
        attrs = super().validate(attrs)
        self.refuse_inconsistent(attrs)
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

    def refuse_taken_session(self, attrs: dict) -> None:
        """A session number the commission already uses, naming the session that has it."""
        stored = self.instance if isinstance(self.instance, Event) else Event()
        number = attrs.get("session_number", stored.session_number)
        commission = attrs.get("commission", stored.commission)
        holder = consistency.session_holder(commission=commission, session_number=number, exclude=stored.pk)
        findings = consistency.session_findings(session_number=number, taken_by=holder)
        if findings:
            where = self.fields["url"].to_representation(holder)
            raise serializers.ValidationError({"session_number": [f"{findings[0].message} {where}"]})

    def refuse_inconsistent(self, attrs: dict) -> None:
        stored = self.instance if isinstance(self.instance, Event) else None
        if "event_countries" not in attrs and "participants" not in attrs:
            return
        if "event_countries" in attrs:
            countries = [row["country"] for row in attrs["event_countries"]]
        else:
            countries = consistency.countries_of_event(stored) if stored else []
        if "participants" in attrs:
            people = [model_instance(Participant, row) for row in attrs["participants"]]
        else:
            people = list(stored.participants.select_related("side", "official")) if stored else []
        errors: dict = {}
        for finding in consistency.side_findings(participants=people, countries=countries):
            if "participants" in attrs:
                errors.setdefault("participants", {})[str(finding.row)] = {"side": [finding.message]}
            else:
                errors.setdefault("countries", []).append(finding.message)
        if stored is not None and "event_countries" in attrs:
            pledges = consistency.parties_of_pledges_at(stored)
            for finding in consistency.pledged_country_findings(countries=countries, pledges=pledges):
                errors.setdefault("countries", []).append(finding.message)
        if errors:
            raise serializers.ValidationError(errors)

    def create(self, validated_data):
        return self.update(Event(), validated_data)

    def update(self, instance, validated_data):
        children = {name: validated_data.pop(key, None) for name, key in CHILDREN.items()}
        return services.event_save(event=assign(instance, validated_data), **children)


#: The nested lists an event takes: `services.event_save` argument -> serializer field source.
CHILDREN = {
    "countries": "event_countries",
    "participants": "participants",
    "sectors": "sectors",
    "citations": "citations",
}
