"""The filter forms' selects, written in Python (`relations.filter_fields.Select`): the HTML of
Django's own ``Select`` and its templates, byte for byte, on the timeline's and the pledges'
forms and on whatever a choice list may hold."""

from __future__ import annotations

from django import forms
from django.http import QueryDict
from django.template import Context, Template
from django.test import SimpleTestCase, TestCase
from django.utils.safestring import mark_safe

from relations.filter_fields import Select, TextInput
from relations.filters import EventFilter, PledgeFilter
from relations.models import Commission
from tests.world import load_story


def both(widget: forms.Select, name: str, value, attrs=None) -> tuple[str, str]:
    django = forms.Select(attrs=widget.attrs, choices=widget.choices)
    return widget.render(name, value, attrs), django.render(name, value, attrs)


class SelectTests(SimpleTestCase):
    CHOICES = [
        ("", "Any status"),
        ("done", "Done"),
        ("a&b", "<b>“quoted”</b> & 'single'"),
        (7, 7),
        ("safe", mark_safe("<i>safe</i>")),
        ("Group <1>", [("g1", "In a group"), ("g2", "Also")]),
        ("after", "After the group"),
    ]

    def test_the_html_of_djangos_select(self):
        widget = Select(choices=self.CHOICES, attrs={"class": "pick", "data-x": 'a"b', "required": True})
        for value in (None, "", "done", "a&b", 7, "7", "g2", "missing", ["done"]):
            for attrs in (None, {"id": "id_status"}, {"id": "x", "disabled": False, "aria-describedby": "h"}):
                with self.subTest(value=value, attrs=attrs):
                    ours, djangos = both(widget, "status", value, attrs)
                    self.assertEqual(ours, djangos)
                    self.assertIn("<option", ours)

    def test_empty_choices(self):
        ours, djangos = both(Select(choices=[]), "x", None)
        self.assertEqual(ours, djangos)

    def test_a_group_named_nothing_as_django_writes_it(self):
        widget = Select(choices=[("", [("a", "A"), ("b", "B")]), (0, [("c", "C")]), ("x", "X")])
        for value in (None, "b", "c"):
            with self.subTest(value=value):
                ours, djangos = both(widget, "g", value)
                self.assertEqual(ours, djangos)

    def test_a_multiple_select_as_django_writes_it(self):
        class Multiple(Select):
            allow_multiple_selected = True

        choices = [("a", "A"), ("b", "B"), ("c", "C")]
        for value in (None, [], ["a", "c"], ["b"]):
            with self.subTest(value=value):
                djangos = forms.SelectMultiple(choices=choices).render("m", value, {"id": "id_m"})
                self.assertEqual(Multiple(choices=choices).render("m", value, {"id": "id_m"}), djangos)


class TextInputTests(SimpleTestCase):
    def test_the_html_of_djangos_text_input(self):
        for widget_attrs in (None, {"inputmode": "numeric"}, {"type": "search", "class": 'a"b'}):
            ours, djangos = TextInput(attrs=widget_attrs), forms.TextInput(attrs=widget_attrs)
            for value in (None, "", "visit", "<b>“x” & 'y'</b>", mark_safe("<i>safe</i>"), 2025, 0):
                for attrs in (None, {"id": "id_q"}, {"id": "q", "disabled": False, "required": True}):
                    with self.subTest(widget_attrs=widget_attrs, value=value, attrs=attrs):
                        self.assertEqual(ours.render("q", value, attrs), djangos.render("q", value, attrs))


class FilterFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_story()

    def test_every_select_of_the_forms_as_django_writes_it(self):
        cases = [
            (EventFilter, ""),
            (EventFilter, "kind=visit&status=held&sector=energy"),
            (EventFilter, "kind=VISIT&status=nonsense&sector=none"),
            (PledgeFilter, ""),
            (PledgeFilter, "status=in_progress&attention=overdue&commission=nope"),
        ]
        for filterset, query in cases:
            form = filterset(QueryDict(query)).form
            selects = [field for field in form if isinstance(field.field.widget, forms.Select)]
            self.assertGreaterEqual(len(selects), 2)
            for field in selects:
                with self.subTest(filterset=filterset.__name__, query=query, field=field.name):
                    self.assertIsInstance(field.field.widget, Select)
                    ours = str(field)
                    field.field.widget = forms.Select(
                        attrs=field.field.widget.attrs, choices=field.field.widget.choices
                    )
                    self.assertEqual(ours, str(field))
                    self.assertIn(f'name="{field.html_name}"', ours)

    def test_every_text_box_of_the_forms_as_django_writes_it(self):
        for filterset, query in [(EventFilter, ""), (EventFilter, "q=<b>x</b>&from=2020&to=x&official=y")]:
            form = filterset(QueryDict(query)).form
            boxes = [field for field in form if isinstance(field.field.widget, forms.TextInput)]
            self.assertGreaterEqual(len(boxes), 5)
            for field in boxes:
                with self.subTest(query=query, field=field.name):
                    self.assertIsInstance(field.field.widget, TextInput)
                    ours = str(field)
                    field.field.widget = forms.TextInput(attrs=field.field.widget.attrs)
                    self.assertEqual(ours, str(field))

    def test_the_commissions_are_listed_by_name_as_their_records_show_them(self):
        """Read as two columns, the choices are those Django reads as records (`NamedChoices`)."""
        for filterset in (EventFilter, PledgeFilter):
            field = filterset(QueryDict()).form.fields["commission"]
            ours = [(str(value), str(label)) for value, label in field.choices]
            djangos = forms.ModelChoiceField(
                queryset=field.queryset, to_field_name="slug", empty_label=field.empty_label
            ).choices
            self.assertEqual(ours, [(str(value), str(label)) for value, label in djangos])
            self.assertIn(("", "Any commission"), ours)
            self.assertEqual(len(ours), Commission.objects.count() + 1)
            self.assertGreater(len(ours), 1)


class FilterFieldsTagTests(TestCase):
    """``{% filter_fields form %}`` writes what the template loop it replaced wrote."""

    LOOP = (
        '{% for field in filter.form %}\n      <div class="filter-field{% if field.errors %} has-error'
        '{% endif %}">\n        <label for="{{ field.id_for_label }}">{{ field.label }}</label>\n'
        '        {{ field }}\n        {% if field.errors %}<p class="field-error" id="{{ field.auto_id }}'
        '_error">{{ field.errors|join:" " }}</p>{% elif field.help_text %}<p class="help" id="'
        '{{ field.auto_id }}_helptext">{{ field.help_text }}</p>{% endif %}\n      </div>\n      '
        "{% endfor %}"
    )

    @classmethod
    def setUpTestData(cls):
        load_story()

    def test_valid_and_invalid_forms_as_the_loop_wrote_them(self):
        cases = [
            (EventFilter, ""),
            (EventFilter, "kind=visit&country=pk&country=Turkey&q=<b>x</b>&from=2020"),
            (EventFilter, "kind=nope&from=20x&to=<i>&pair=pk-pk&official=nobody&country=xx"),
            (PledgeFilter, "status=nonsense&attention=overdue&commission=nope&q=\u201cx\u201d"),
        ]
        loop = Template(self.LOOP)
        tag = Template("{% load filter_forms %}{% filter_fields filter.form %}")
        for filterset, query in cases:
            with self.subTest(filterset=filterset.__name__, query=query):
                filter_ = filterset(QueryDict(query))
                filter_.is_valid()
                ours = tag.render(Context({"filter": filter_}))
                self.assertEqual(ours, loop.render(Context({"filter": filter_})))
                self.assertIn('class="filter-field', ours)
                if "nope" in query:
                    self.assertIn("field-error", ours)
