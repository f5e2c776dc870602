"""One small form per proposal, as the review shows it: the event, the commission session, and
a row for each country, official, pledge and quotation found.

Each row is ticked ("keep") by default, unless the extractor doubts it (its ``doubt`` says why:
"a single word after a title"), when it starts unticked with the reason shown; an unticked row
is dropped and not validated. The fields an editor seldom changes are folded away (`more`). The boxes
that pick a recorded official, commission, country or sector are the admin's search-as-you-type
boxes (select2); without JavaScript they keep the proposed choice.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.forms.utils import ErrorDict

from relations.extract.review.confirm import find_commission, find_official, find_session
from relations.extract.review.highlight import EXCERPT_LENGTH, found_id, proposal_id
from relations.forms import FuzzyDateFormField
from relations.models import (
    Commission,
    Country,
    Event,
    EventCountry,
    EventKind,
    Official,
    Participant,
    Pledge,
    Sector,
)
from relations.models.limits import LONG_TEXT
from relations.models.targets import Unit, validate_currency


def _autocomplete(model, name: str, *, multiple: bool = False):
    """The admin's search-as-you-type box for ``model.name``'s related records."""
    widget = AutocompleteSelectMultiple if multiple else AutocompleteSelect
    return widget(model._meta.get_field(name), admin.site)


class RowForm(forms.Form):
    """One proposal the editor keeps (ticked) or drops; a dropped row is not validated."""

    kind = ""
    #: The fields shown on each line of the row (after its "keep" box).
    layout: list[tuple[str, ...]] = []
    #: Lines folded under "More" unless one of them has an error (`more_lines`, `more_open`).
    more: list[tuple[str, ...]] = []
    #: Whether each row shows its fields' help; rows that repeat say it once for all.
    row_help = True
    include = forms.BooleanField(label="Keep", required=False, initial=True)

    def __init__(self, data=None, *, index: int, proposal, initial: dict | None = None) -> None:
        self.doubt = proposal.doubt
        initial = dict(initial or {})
        if self.doubt:
            initial["include"] = False
        super().__init__(data, prefix=f"{self.kind}-{index}", initial=initial)
        self.index = index
        self.proposal = proposal
        self.fields["include"].widget.attrs["class"] = "proposal-include"
        if not self.row_help:
            # Said once above the rows (the review's template), not under each of them.
            for field in self.fields.values():
                field.help_text = ""

    @property
    def anchor(self) -> str:
        return proposal_id(self.kind, self.index)

    @property
    def found(self) -> str | None:
        return found_id(self.kind, self.index) if self.proposal.spans else None

    def _lines(self, layout) -> list[list[forms.BoundField]]:
        lines = [[self[name] for name in line if name in self.fields] for line in layout]
        return [line for line in lines if line]

    @property
    def lines(self) -> list[list[forms.BoundField]]:
        return self._lines(self.layout)

    @property
    def more_lines(self) -> list[list[forms.BoundField]]:
        return self._lines(self.more)

    @property
    def more_open(self) -> bool:
        """Whether the folded lines start open: one of them has an error."""
        return self.is_bound and any(field.errors for line in self.more_lines for field in line)

    @property
    def ticked(self) -> bool:
        """Whether the "keep" box shows ticked (as posted, or as proposed)."""
        return bool(self["include"].value())

    @property
    def kept(self) -> bool:
        return bool(self.cleaned_data.get("include"))

    @property
    def summary(self) -> str:
        """The folded fields in a few words, beside "More"."""
        return ""

    def full_clean(self) -> None:
        super().full_clean()
        if self.is_bound and not self.cleaned_data.get("include"):
            self._errors = ErrorDict()
            self.cleaned_data = {"include": False}


def event_kind_choices() -> list[tuple[str, str]]:
    """Every event kind, sub-kinds under their parent (read when a form is made)."""
    return [
        (kind.slug, f"– {kind.name}" if kind.parent_id else kind.name)
        for kind in EventKind.objects.in_tree_order()
    ]


class EventForm(forms.Form):
    title = forms.CharField(max_length=300)
    kind = forms.ChoiceField(choices=event_kind_choices)
    status = forms.ChoiceField(choices=Event.Status.choices, initial=Event.Status.HELD)
    found_date = forms.ChoiceField(label="Date found", required=False)
    date = FuzzyDateFormField(
        ranges=True,
        required=False,
        help_text="What you type wins over the date found: 2025-09-09, 2025-09 or 2025-09-08/2025-09-09.",
    )
    place = forms.CharField(max_length=150, required=False, help_text="City or site, e.g. Islamabad.")
    place_country = forms.ModelChoiceField(
        Country.objects.all(), required=False, widget=_autocomplete(Event, "place_country")
    )
    sectors = forms.ModelMultipleChoiceField(
        Sector.objects.all(), required=False, widget=_autocomplete(Event, "sectors", multiple=True)
    )
    summary = forms.CharField(required=False, max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, data=None, *, initial: dict, dates: list) -> None:
        super().__init__(data, prefix="event", initial=initial)
        self.fields["found_date"].choices = [("", "—")] + [
            (item.date.edtf(), f"{item.date.display()} (“{item.text}”)") for item in dates
        ]

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("date") and not self.errors.get("date"):
            if data.get("found_date"):
                data["date"] = FuzzyDateFormField(ranges=True).clean(data["found_date"])
            else:
                self.add_error("date", "Enter the event's date, or pick one found in the article.")
        return data


class SessionForm(RowForm):
    kind = "session"
    layout = [("commission",), ("name", "commission_kind"), ("number",)]
    commission = forms.ModelChoiceField(
        Commission.objects.all(),
        required=False,
        widget=_autocomplete(Event, "commission"),
        help_text="A commission already recorded; leave empty to use the name below.",
    )
    name = forms.CharField(
        label="or a new commission",
        max_length=200,
        required=False,
        help_text="Found by its name if it is recorded under that name, otherwise created.",
    )
    commission_kind = forms.ChoiceField(label="Its kind", choices=Commission.Kind.choices)
    number = forms.IntegerField(label="Session number", min_value=1, max_value=32767)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("commission") and not data.get("name", "").strip():
            self.add_error("commission", "Choose a commission, or type the name of a new one.")
        elif not data.get("commission"):
            data["commission"] = find_commission(data["name"])
            if data["commission"] is None and not self.user.has_perm("relations.add_commission"):
                self.add_error("name", "You may not add commissions: choose a recorded one.")
        return data

    def recorded(self) -> Event | None:
        """The session as already recorded, if it is (valid data, or else the proposal)."""
        if self.is_bound and self.is_valid():
            return find_session(self.cleaned_data.get("commission"), self.cleaned_data.get("number"))
        return find_session(self.initial.get("commission"), self.initial.get("number"))


class CountryForm(RowForm):
    kind = "country"
    role = forms.ChoiceField(choices=EventCountry.Role.choices, initial=EventCountry.Role.PARTY)

    def __init__(self, *args, country: Country, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.country = country
        # Ticking or unticking a country offers it or not as a pledge's party (article-review.js).
        self.fields["include"].widget.attrs["data-country"] = country.pk


class OfficialForm(RowForm):
    kind = "official"
    row_help = False
    layout = [("official", "name")]
    more = [("office", "country"), ("role",)]
    official = forms.ModelChoiceField(
        Official.objects.all(),
        label="Recorded official",
        required=False,
        widget=_autocomplete(Participant, "official"),
        help_text="Leave empty to add the person below as a new official.",
    )
    name = forms.CharField(label="or a new official", max_length=150, required=False)
    office = forms.CharField(
        max_length=200, required=False, help_text="The office they came in; a new official's office held."
    )
    country = forms.ModelChoiceField(
        Country.objects.all(),
        label="For",
        required=False,
        widget=_autocomplete(Participant, "side"),
        help_text="The country they spoke for; a new official's nationality.",
    )
    role = forms.ChoiceField(choices=Participant.Role.choices, initial=Participant.Role.DELEGATE)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    @property
    def more_open(self) -> bool:
        # A new official's office and country are what makes them: shown.
        return super().more_open or not self["official"].value()

    @property
    def summary(self) -> str:
        role = dict(Participant.Role.choices).get(self["role"].value(), "")
        return " · ".join(str(value) for value in (self["office"].value(), role) if value)

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("official"):
            name = data.get("name", "").strip()
            data["official"] = find_official(name) if name else None
            if not name:
                self.add_error("official", "Choose a recorded official, or type the name of a new one.")
            elif data["official"] is None and not self.user.has_perm("relations.add_official"):
                self.add_error("name", "You may not add officials: choose a recorded one.")
        return data


class PledgeForm(RowForm):
    kind = "pledge"
    row_help = False
    layout = [
        ("existing",),
        ("title",),
        ("parties",),
        ("target_amount", "target_currency", "target_unit"),
        ("target_measure", "due"),
    ]
    more = [("wording",), ("sectors",)]
    existing = forms.ModelChoiceField(
        Pledge.objects.none(),
        label="Already recorded as",
        required=False,
        empty_label="— a new pledge —",
        help_text="A pledge of the recorded session: it is cited again, not copied.",
    )
    title = forms.CharField(max_length=300, help_text="Short, in your own words.")
    wording = forms.CharField(required=False, max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 3}))
    sectors = forms.ModelMultipleChoiceField(
        Sector.objects.all(), required=False, widget=_autocomplete(Pledge, "sectors", multiple=True)
    )
    target_amount = forms.DecimalField(
        label="Target",
        max_digits=20,
        decimal_places=2,
        min_value=Decimal("0.01"),
        required=False,
        help_text="5000000000 for $5 billion; 80 for 80 instructors.",
    )
    target_currency = forms.CharField(
        label="Currency", max_length=3, required=False, help_text="For money: USD, EUR, TRY…"
    )
    target_unit = forms.ChoiceField(
        label="or unit",
        choices=[("", "—"), *Unit.choices],
        required=False,
        help_text="For a target that is not money.",
    )
    target_measure = forms.CharField(
        label="Measure",
        max_length=200,
        required=False,
        help_text="“bilateral trade per year”; for people or units, what is counted: “instructors”.",
    )
    due = FuzzyDateFormField(label="Due", required=False, help_text="When it is due, if the article says.")
    parties = forms.ModelMultipleChoiceField(
        Country.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "inline pledge-parties"}),
        help_text="Among the countries ticked above; each is recorded as a mutual party.",
    )

    def __init__(self, *args, countries: list[Country], recorded: Event | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = Country.objects.filter(pk__in=[c.pk for c in countries])
        if recorded is None:
            del self.fields["existing"]
        else:
            self.fields["existing"].queryset = recorded.pledges.order_by("pk")
        if self.initial.get("existing") is not None:
            # Cited again, not copied: its own fields are unused unless "a new pledge" is chosen.
            others = [line for line in self.layout if line != ("existing",)]
            self.layout, self.more = [("existing",)], [*others, *self.more]

    @property
    def more_open(self) -> bool:
        # Folded behind a recorded pledge, the fields open once "a new pledge" is chosen instead.
        return super().more_open or (self.layout == [("existing",)] and not self["existing"].value())

    @property
    def summary(self) -> str:
        return "title, parties, target, due date…" if self.layout == [("existing",)] else "wording, sectors"

    def clean_target_currency(self) -> str:
        code = self.cleaned_data["target_currency"].strip().upper()
        if code:
            validate_currency(code)
        return code

    def clean(self) -> dict:
        data = super().clean()
        if data.get("existing"):
            return data
        if data.get("target_currency") and data.get("target_unit"):
            self.add_error("target_unit", "A target is money or a unit, not both: empty one of them.")
        elif (
            data.get("target_amount") is not None
            and not data.get("target_currency")
            and not data.get("target_unit")
            and not self.has_error("target_currency")
        ):
            self.add_error("target_currency", "An amount needs its currency, or a unit below.")
        if "parties" in data and not data["parties"]:
            self.add_error("parties", "Tick at least one country bound by the pledge.")
        return data


class QuoteForm(RowForm):
    kind = "quote"
    row_help = False
    layout = [("speaker", "excerpt")]
    speaker = forms.CharField(
        label="Said by",
        max_length=150,
        required=False,
        help_text="Named before the words in the citation, so that each speaker's words stay theirs.",
    )
    excerpt = forms.CharField(
        label="Quotation", max_length=EXCERPT_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )
