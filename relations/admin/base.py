"""What every admin page of the tracker shares: date boxes, folded search, change history, and
change lists that cost the same whatever the number of rows."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from relations.admin.changelist import EstimatedPaginator, TrackerChangeList
from relations.admin.checks import ConsistencyChecksAdmin
from relations.admin.history import set_delta_changes
from relations.forms import DateBox, DateKind, DayFormField, fuzzy_modelform
from relations.models import derived
from relations.models.fuzzy import fuzzy_dates_of
from relations.models.naturalkeys import FINDERS, find_duplicate
from relations.names import fold

#: Plain dates (a name's validity) in the same box as the fuzzy ones, read as people write them;
#: no calendar pop-up.
DATE_BOXES = {models.DateField: {"form_class": DayFormField, "widget": DateBox(DateKind.DAY)}}


class NaturalKeyForm(forms.ModelForm):
    """Refuses a new record that exists already by its natural key (`relations.models.naturalkeys`),
    naming it, as the API does."""

    def validate_unique(self) -> None:
        super().validate_unique()
        if self.errors:
            return
        found = find_duplicate(self.instance, self.cleaned_data)
        if found is not None:
            self.add_error(None, f"{found.message}. Change that one instead.")


class TrackerAdmin(ConsistencyChecksAdmin, SimpleHistoryAdmin):
    """Base for every model admin: one box per date, folded search, history pages.

    Search fields that end in ``folded`` or ``search_text`` hold folded text, so the term is
    folded too: "yasar guler", "YAŞAR GÜLER" and "Yaşar Güler" find the same rows.

    A change list shows an estimate of a large list's size rather than counting it, reaches its
    first pages only, and offers no per-choice counts on its filters (each would count the rows);
    see `relations.admin.changelist`. Its list filters list the choices from the related table
    (``RelatedFieldListFilter``), not those the listed rows use, which would read every row.
    """

    list_per_page = 50
    save_on_top = True
    fold_search = True
    paginator = EstimatedPaginator
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    formfield_overrides = DATE_BOXES

    def __init__(self, model, admin_site) -> None:
        if fuzzy_dates_of(model) and self.form is admin.ModelAdmin.form:
            self.form = fuzzy_modelform(model)
        if model in FINDERS and not issubclass(self.form, NaturalKeyForm):
            self.form = type(self.form.__name__, (NaturalKeyForm, self.form), {})
        super().__init__(model, admin_site)

    def get_changelist(self, request, **kwargs):
        return TrackerChangeList

    def save_related(self, request, form, formsets, change) -> None:
        # The inlines' rows are saved one by one; what derives from them is refreshed once.
        with derived.changing(form.instance):
            super().save_related(request, form, formsets, change)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        set_delta_changes(self, request, historical_records, foreign_keys_are_objs=foreign_keys_are_objs)

    def get_search_results(self, request, queryset, search_term):
        if self.fold_search:
            search_term = fold(search_term)
        return super().get_search_results(request, queryset, search_term)


class TrackerInline(admin.TabularInline):
    """Base for inlines: the same date boxes as the model admins, no blank rows to fill."""

    extra = 0
    formfield_overrides = DATE_BOXES

    def __init__(self, parent_model, admin_site) -> None:
        if fuzzy_dates_of(self.model) and self.form is admin.TabularInline.form:
            self.form = fuzzy_modelform(self.model)
        super().__init__(parent_model, admin_site)
