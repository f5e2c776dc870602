"""Observations of a pledge's target quantity, nested in the pledge and listed on their own, and
the progress the pledge derives from them (read-only)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from relations.api.base import ModelCheckedSerializer
from relations.api.fields import FuzzyDateAPIField, LowerSlugField
from relations.api.links import RecordLinkField, RelatedLinkField
from relations.models import Pledge, Source
from relations.models.observations import Observation
from relations.models.progress import Verdict

PERIOD_HELP = (
    "The period the figure covers: a year (`2024`), a quarter as a range of months "
    "(`2024-01/2024-03`) or a month (`2024-07`)."
)


class ObservationSerializer(ModelCheckedSerializer):
    """One observation as a pledge nests it: its period is its key within the pledge."""

    period = FuzzyDateAPIField(ranges=True, help_text=PERIOD_HELP)
    source = LowerSlugField(slug_field="slug", queryset=Source.objects.all(), help_text="Its source's slug.")
    parent_fields = ("pledge",)

    class Meta:
        model = Observation
        fields = ["period", "value", "currency", "unit", "source", "excerpt", "note"]
        extra_kwargs = {"value": {"coerce_to_string": True}}

    def validate_currency(self, value: str) -> str:
        return value.strip().upper()


class PledgeObservationSerializer(ObservationSerializer):
    """An observation on its own, at ``/api/observations/``: the pledge it measures by id."""

    url = RecordLinkField(view_name="api:observation-detail")
    pledge = serializers.PrimaryKeyRelatedField(
        queryset=Pledge.objects.all(), help_text="The id of the pledge whose target it measures."
    )
    pledge_url = RelatedLinkField(source="pledge", view_name="api:pledge-detail", read_only=True)
    period_text = serializers.CharField(
        read_only=True, help_text="The period as statistics write it: Q1 2024."
    )
    parent_fields = ()
    constraint_fields = {"observation_once_per_period": "period"}

    class Meta(ObservationSerializer.Meta):
        fields = [
            "id", "url", "pledge", "pledge_url", "period", "period_text", "value", "currency", "unit",
            "source", "excerpt", "note",
        ]  # fmt: skip

    def create(self, validated_data):
        # The period is set through its descriptor, which the model's __init__ does not take.
        return self.update(Observation(), validated_data)


def _decimal(help_text: str, *, source: str | None = None, places: int = 2) -> serializers.DecimalField:
    """A derived amount as a decimal string, like the target's; null where it does not apply."""
    return serializers.DecimalField(
        source=source,
        max_digits=20,
        decimal_places=places,
        coerce_to_string=True,
        read_only=True,
        allow_null=True,
        help_text=help_text,
    )


@extend_schema_field(
    {
        "type": "string",
        "enum": [*Verdict.values, None],
        "nullable": True,
        "readOnly": True,
        "description": "The evidence's verdict today (the rule is in relations/models/progress.py): "
        "`met`, `on_track`, `behind` or `no_recent_data`; null for a pledge without a target amount.",
    }
)
class VerdictField(serializers.Field):
    """A pledge's verdict today, from the columns stored on it: no query."""

    def __init__(self, **kwargs) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, pledge: Pledge) -> str | None:
        verdict = pledge.verdict()
        return verdict.value if verdict else None


class ProgressSerializer(serializers.Serializer):
    """A pledge's progress, derived from its baseline, observations and target and stored with it:
    never typed, and ignored on input."""

    verdict = VerdictField()
    share = _decimal(
        "The share of the way from the start to the target covered at the latest observation "
        "(0.2500 is a quarter).",
        source="progress_share",
        places=4,
    )
    start = _decimal(
        "The level progress is measured from: the baseline, else the figure before the pledge.",
        source="progress_start",
    )
    latest = _decimal("The latest observation's value.", source="observed_value")
    observed_until = serializers.DateField(
        read_only=True, allow_null=True, help_text="The last day of the latest observation's period."
    )
    pace_needed = _decimal("How much the figure must still move per year to meet the target by its due date.")
    disagrees_with_status = serializers.BooleanField(
        source="disagrees_with_evidence",
        read_only=True,
        help_text="Whether the current status and the evidence disagree (“fulfilled” below the target).",
    )
