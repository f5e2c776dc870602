"""The filter forms' selects, written in Python (`relations.filter_fields.Select`): the HTML of
Django's own ``Select`` and its templates, byte for byte, on the timeline's and the pledges'
forms and on whatever a choice list may hold."""

from __future__ import annotations

from django import forms
from django.http import QueryDict
from django.test import SimpleTestCase, TestCase
from django.utils.safestring import mark_safe

from relations.filter_fields import Select
from relations.filters import EventFilter, PledgeFilter
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
