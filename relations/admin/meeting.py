"""The event form's rows: the whole meeting in one form.

Countries involved, participants, pledges made at it (with their parties), citations and links
both ways, each an inline of `EventAdmin`; the helpers that propose what a plain form leaves
blank (an empty side from the official's nationality, the countries involved from the sides).
"""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db.models import CheckConstraint
from django.urls import reverse

from relations.admin.base import TrackerInline
from relations.forms import fuzzy_modelform
from relations.models import (
    Citation,
    EventCountry,
    EventLink,
    Participant,
    Pledge,
    PledgeParty,
)


class KnownChoiceAutocomplete(AutocompleteSelect):
    """An autocomplete whose chosen record, read with its row (`select_related`), is shown without
    the query Django's runs for each row's choice."""

    known: dict[str, str] = {}

    def optgroups(self, name, value, attr=None):
        chosen = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if not chosen or any(v not in self.known for v in chosen):
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        options += [self.create_option(name, v, self.known[v], True, len(options)) for v in chosen[:1]]
        return [(None, options, 0)]


class MeetingFormSet(forms.BaseInlineFormSet):
    """Hands each row's chosen records, read with the row, to its autocompletes."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if form.instance.pk:
            for name, field in form.fields.items():
                chooser = getattr(field.widget, "widget", field.widget)
                if not isinstance(chooser, KnownChoiceAutocomplete):
                    continue
                if form.instance._meta.get_field(name).is_cached(form.instance):
                    chosen = getattr(form.instance, name)
                    chooser.known = {str(chosen.pk): str(chosen)} if chosen is not None else {}
        return form


class AtLeastOneCountryFormSet(MeetingFormSet):
    """Refuses an event left without a country (every row removed or marked for deletion)."""

    def clean(self) -> None:
        super().clean()
        kept = [f for f in self.forms if f.cleaned_data.get("country") and not f.cleaned_data.get("DELETE")]
        # Rows of the event that the form did not send are kept as they are.
        unsent = len(self.get_queryset()) - self.initial_form_count() if self.instance.pk else 0
        if not kept and unsent <= 0:
            raise forms.ValidationError("An event needs at least one country.", code="no_countries")


class MeetingInline(TrackerInline):
    """A row of the event form: one blank row to fill (the form's script adds the next one as the
    last is filled; without it, save and continue for more), and only the pop-ups that add a
    record (an official, a source) beside a chooser, which keeps a row within the form's width."""

    extra = 1
    formset = MeetingFormSet
    keep_add_link = ()
    labels: dict[str, str] = {}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.autocomplete_fields:
            using = kwargs.get("using")
            kwargs["widget"] = KnownChoiceAutocomplete(db_field, self.admin_site, using=using)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        for name, field in formset.form.base_fields.items():
            field.label = self.labels.get(name, field.label)
            widget = field.widget
            if hasattr(widget, "can_change_related"):
                widget.can_change_related = widget.can_delete_related = widget.can_view_related = False
                widget.can_add_related = widget.can_add_related and name in self.keep_add_link
        return formset


class EventCountryInline(MeetingInline):
    model = EventCountry
    formset = AtLeastOneCountryFormSet
    fields = ["country", "role"]
    autocomplete_fields = ["country"]
    min_num = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("country")

    def get_extra(self, request, obj=None, **kwargs) -> int:
        # Two rows on a new event (most meetings are bilateral), one blank row on a stored one.
        return 1


class ParticipantInline(MeetingInline):
    model = Participant
    fields = ["official", "side", "role", "capacity", "name"]
    autocomplete_fields = ["official", "side"]
    keep_add_link = ("official",)

    def get_extra(self, request, obj=None, **kwargs) -> int:
        return 2 if obj is None else 1

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # Where the form's script reads the official's nationality, to propose it as the side.
        chooser = formset.form.base_fields["official"].widget.widget
        chooser.attrs["data-sides-url"] = reverse("admin:relations_event_official_sides")
        return formset

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("official", "side")


class PledgeRowForm(fuzzy_modelform(Pledge)):
    """A pledge as a row of its event: the essentials, and its parties ticked among the countries
    involved. Roles, wording, status and evidence are on the pledge's own form."""

    parties = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "pledge-parties"}),
        help_text="Among the countries involved. None ticked: every country involved, as mutual "
        "parties. A new party is mutual; set pledger and beneficiary on the pledge's own form.",
    )

    source = forms.ChoiceField(
        required=False,
        help_text="Cites one of the event's sources for the pledge too. Citations are removed on the "
        "pledge's own form.",
    )

    class Meta:
        model = Pledge
        labels = {
            "title": "pledge",
            "target_amount": "target",
            "target_currency": "currency",
            "target_unit": "or unit",
            "target_measure": "what is measured",
        }
        fields = [
            "title", "parties", "target_amount", "target_currency", "target_unit", "target_measure", "due",
            "source",
        ]  # fmt: skip

    def __init__(self, *args, countries: dict[str, str] | None = None, sources=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The citations are prefetched with the rows too.
        cited = {str(c.source_id) for c in self.instance.citations.all()} if self.instance.pk else set()
        self.cited = cited
        offered = dict(sources or {})
        self.fields["source"].choices = [("", "—"), *offered.items()]
        self.initial.setdefault("source", next((pk for pk in offered if pk in cited), ""))
        self.countries = countries or {}
        # The parties are prefetched with the rows (`PledgeInline.get_queryset`): no query per row.
        stored = {p.country_id: p for p in self.instance.parties.all()} if self.instance.pk else {}
        self.stored_parties = stored
        choices = dict(self.countries)
        choices.update({code: code for code in stored if code not in choices})
        self.fields["parties"].choices = list(choices.items())
        self.initial.setdefault("parties", sorted(stored))

    def clean_parties(self) -> list[str]:
        chosen = self.cleaned_data["parties"]
        return chosen or [code for code in self.countries if code] or sorted(self.stored_parties)

    def clean(self):
        cleaned = super().clean()
        if self.has_changed() and not cleaned.get("parties") and "parties" not in self.errors:
            self.add_error("parties", "Tick a party: the event has no country yet.")
        return cleaned

    def _post_clean(self) -> None:
        super()._post_clean()
        # The row leaves out the baseline, so Django skips the constraints that read it along
        # with the target ("an amount needs its currency or its unit"): checked here, on the
        # pledge as it would be saved.
        for constraint in Pledge._meta.constraints:
            if isinstance(constraint, CheckConstraint):
                try:
                    constraint.validate(Pledge, self.instance)
                except ValidationError as error:
                    self.add_error(None, error)

    def _save_m2m(self) -> None:
        super()._save_m2m()
        chosen = set(self.cleaned_data["parties"])
        for code, party in self.stored_parties.items():
            if code not in chosen:
                party.delete()
        for code in sorted(chosen - self.stored_parties.keys()):
            PledgeParty(pledge=self.instance, country_id=code, role=PledgeParty.Role.MUTUAL).save()
        source = self.cleaned_data.get("source")
        if source and source not in self.cited:
            Citation.objects.create(source_id=int(source), pledge=self.instance)


class PledgeInline(MeetingInline):
    """The pledges made at the event, with their parties. A pledge is deleted on its own form,
    which shows what goes with it (its status history, observations and citations)."""

    model = Pledge
    form = PledgeRowForm
    fields = PledgeRowForm.Meta.fields
    verbose_name = "pledge made here"
    verbose_name_plural = "pledges made here"
    show_change_link = True
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("parties", "citations")


class EventCitationInline(MeetingInline):
    model = Citation
    fk_name = "event"
    fields = ["source", "excerpt"]
    autocomplete_fields = ["source"]
    keep_add_link = ("source",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")


class EventLinkInline(MeetingInline):
    model = EventLink
    fk_name = "from_event"
    fields = ["kind", "to_event"]
    autocomplete_fields = ["to_event"]
    verbose_name = "link to a related event"
    verbose_name_plural = "related events: this event is…"
    labels = {"kind": "this event is", "to_event": "other event"}

    def get_queryset(self, request):
        # Both ends: a row is titled with both (`EventLink.__str__`).
        return super().get_queryset(request).select_related("from_event", "to_event")


class EventLinkedFromInline(MeetingInline):
    """The same links seen from their other end: "the 16th session is a follow-up of this visit"."""

    model = EventLink
    fk_name = "to_event"
    fields = ["from_event", "kind"]
    autocomplete_fields = ["from_event"]
    verbose_name = "link from a related event"
    verbose_name_plural = "linked from: other events are … this event"
    labels = {"from_event": "other event", "kind": "… this event"}

    def get_extra(self, request, obj=None, **kwargs) -> int:
        return 0 if obj is None else 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("from_event", "to_event")


def participant_rows(data) -> list[str]:
    """The prefixes of the participant rows sent with an official ("participants-0")."""
    rows = [f"participants-{index}" for index in range(row_count(data, "participants-TOTAL_FORMS"))]
    return [row for row in rows if data.get(f"{row}-official")]


def sent_values(data, prefix: str, name: str, stored: list[tuple] = ()) -> list[str]:
    """The values of the field ``name`` in an inline's rows as sent, in row order, without the
    rows marked for deletion, then those of the ``stored`` rows (id, value) that were not sent."""
    values, sent = [], set()
    for index in range(row_count(data, f"{prefix}-TOTAL_FORMS")):
        row = f"{prefix}-{index}"
        sent.add(data.get(f"{row}-id", ""))
        value = data.get(f"{row}-{name}")
        if value and not data.get(f"{row}-DELETE") and value not in values:
            values.append(value)
    for pk, value in stored:
        if str(pk) not in sent and str(value) not in values:
            values.append(str(value))
    return values


def add_countries(data, codes, *, place: str | None, visit: bool) -> None:
    """Adds each of ``codes`` as a country involved, in the rows sent blank and then in new rows,
    in the roles the form's script proposes: the place's country is the host; at a visit, the
    others are visitors; otherwise parties."""
    total = row_count(data, "event_countries-TOTAL_FORMS")
    blank = [i for i in range(total) if not data.get(f"event_countries-{i}-country")]
    for code in dict.fromkeys(code for code in codes if code):
        if blank:
            index = blank.pop(0)
        else:
            index, total = total, total + 1
            data[f"event_countries-{index}-id"] = ""
        data[f"event_countries-{index}-country"] = code
        if code == place:
            role = EventCountry.Role.HOST
        else:
            role = EventCountry.Role.VISITOR if place and visit else EventCountry.Role.PARTY
        data[f"event_countries-{index}-role"] = role
    data["event_countries-TOTAL_FORMS"] = str(total)


def row_count(data, key: str) -> int:
    value = data.get(key, "")
    return min(int(value), 1000) if value.isdigit() else 0
