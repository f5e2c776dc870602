"""A change list filter chosen by typing, for relations to long tables (countries, officials).

Django's ``RelatedFieldListFilter`` lists every row of the related table as a link: some 250
countries make the event list 7,000 px tall. `TypedChoiceFilter` shows one box instead. With
JavaScript it is Django's own admin autocomplete (select2 asking ``/admin/autocomplete/`` with the
app label, model name and field name of the filtered relation, so the related admin's search
ranks the choices); without it, a text box and a button: the typed words go through the same
search and its first result is chosen. The chosen record stays shown, with a link that clears it.

Its cost does not grow with the related table: no choice is read to draw the panel, only the
chosen record (one query by primary key, none when nothing is chosen). The list itself is
filtered on the relation's column, as ``RelatedFieldListFilter`` does, so the query string stays
the same (``?countries__code__exact=TR``) and filtering uses the relation's index.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import lookup_spawns_duplicates
from django.core.exceptions import ValidationError
from django.urls import reverse

from relations.names import fold

# The search results a typed filter weighs when no script chose the record (see `_choose`).
CANDIDATES = 20


class TypedChoiceFilter(admin.FieldListFilter):
    """Filter by one related record, chosen by typing its name (see the module's docstring)."""

    template = "admin/relations/typed_filter.html"
    # A QuerySet method that narrows the list to the chosen record's rows along an index of its
    # own, newest first (`EventQuerySet.involving`: a country's events through its rows of the
    # event–country table), one row per listed record; None: a plain filter on the relation.
    narrowing: str | None = None

    @classmethod
    def using(cls, method: str) -> type[TypedChoiceFilter]:
        """This filter, narrowing the list with the QuerySet method ``method`` (see ``narrowing``)."""
        return type(f"{cls.__name__}Using{method.title()}", (cls,), {"narrowing": method})

    @property
    def spawns_duplicates(self) -> bool:
        """Whether the list may show a row twice once filtered (a plain filter on a to-many
        relation): `TrackerChangeList` then removes them (DISTINCT). A narrowing method lists
        each row once, so the list is spared DISTINCT, which sorts every match."""
        return self.narrowing is None and lookup_spawns_duplicates(self.model._meta, self.field_path)

    def __init__(self, field, request, params, model, model_admin, field_path) -> None:
        self.remote_model = field.remote_field.model
        target = field.target_field if hasattr(field, "target_field") else self.remote_model._meta.pk
        self.target_name = target.name
        self.lookup_kwarg = f"{field_path}__{self.target_name}__exact"
        self.typed_kwarg = f"{field_path}__typed"
        self.source_field = field
        self.model, self.model_admin = model, model_admin
        super().__init__(field, request, params, model, model_admin, field_path)
        self.request = request
        self.chosen = self._choose(request)

    def expected_parameters(self) -> list[str]:
        return [self.lookup_kwarg, self.typed_kwarg]

    def has_output(self) -> bool:
        return True

    @property
    def related_admin(self):
        return self.model_admin.admin_site._registry.get(self.remote_model)

    def _value(self, kwarg: str) -> str:
        value = self.used_parameters.get(kwarg)
        if isinstance(value, list):
            value = value[-1] if value else ""
        return (value or "").strip()

    def _choose(self, request):
        """The chosen record: by its key (the autocomplete's choice, or a link), else the best of
        the records the related admin's search finds for the typed words (the search the
        autocomplete offers): named exactly so, else named starting so, else the first found.
        ``None`` if nothing is chosen or nothing matches. One query either way."""
        manager = self.remote_model._default_manager
        key = self._value(self.lookup_kwarg)
        if key:
            try:
                return manager.filter(**{self.target_name: key}).first()
            except (ValueError, ValidationError) as error:
                raise IncorrectLookupParameters(error) from error
        typed = self._value(self.typed_kwarg)
        if not typed or self.related_admin is None:
            return None
        found, _ = self.related_admin.get_search_results(
            request, self.related_admin.get_queryset(request), typed
        )
        # The search may also match other names ("East Pakistan" for Bangladesh): among its first
        # results, a record named exactly as typed comes first, then one whose name starts so.
        candidates = list(found[:CANDIDATES])
        wanted = fold(typed)

        def rank(record) -> int:
            name = fold(str(record))
            return 0 if name == wanted else 1 if name.startswith(wanted) else 2

        return min(candidates, key=rank, default=None)

    @property
    def active(self) -> bool:
        return bool(self._value(self.lookup_kwarg) or self._value(self.typed_kwarg))

    def queryset(self, request, queryset):
        if not self.active:
            return queryset
        if self.chosen is None:
            # Typed words that name nothing: an empty list, said as such, rather than every row.
            return queryset.none()
        key = getattr(self.chosen, self.target_name)
        if self.narrowing:
            return getattr(queryset, self.narrowing)(key)
        return queryset.filter(**{self.lookup_kwarg: key})

    def choices(self, changelist):
        # The template is given the filter and its choices, not the change list: what the box
        # needs from the list (the other filters to keep) is read here, before it is drawn.
        self.form = self.box(changelist)
        # One link only, "All": what clears the choice (the panel's other choices are typed).
        yield {
            "selected": not self.active,
            "query_string": changelist.get_query_string(remove=self.expected_parameters()),
            "display": "All",
        }

    # What the template shows -----------------------------------------------------------------

    def box(self, changelist) -> dict:
        """The form of the filter: where the autocomplete asks, the other filters to keep, the
        chosen record's key and name, the typed words, and the link that clears the choice."""
        opts = self.model._meta
        keep = {
            key: value
            for key, value in changelist.get_filters_params().items()
            if key not in self.expected_parameters()
        }
        for key in ("q", "o"):
            if key in changelist.params:
                keep[key] = changelist.params[key]
        hidden = []
        for key, value in keep.items():
            for one in value if isinstance(value, list) else [value]:
                hidden.append((key, one))
        return {
            "id": f"typed-filter-{self.field_path.replace('__', '-')}",
            "url": reverse(f"{self.model_admin.admin_site.name}:autocomplete"),
            "app_label": opts.app_label,
            "model_name": opts.model_name,
            "field_name": self.source_field.name,
            "lookup_kwarg": self.lookup_kwarg,
            "typed_kwarg": self.typed_kwarg,
            "hidden": hidden,
            "chosen_key": "" if self.chosen is None else str(getattr(self.chosen, self.target_name)),
            "chosen_text": "" if self.chosen is None else str(self.chosen),
            "typed": self._value(self.typed_kwarg),
            "unmatched": self.active and self.chosen is None,
            "clear": changelist.get_query_string(remove=self.expected_parameters()),
            "placeholder": f"Type a {self.remote_model._meta.verbose_name}…",
        }
