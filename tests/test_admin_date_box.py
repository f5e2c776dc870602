"""Every admin date box reads dates as people write them, says under itself how the date will
show, and keeps today's precision rules; no calendar pop-up or browser date picker is left."""

import datetime as dt

from django.contrib.auth.models import User
from django.urls import reverse

import tests.test_admin as admin_tests
from relations.dates import parse
from relations.models import ArticleDraft, Commission, Country, CountryName, Event, OfficeHeld, Pledge, Source
from tests.test_admin import REGISTERED, EditorTestCase, admin_url, event_form

READING = reverse("date-box-reading")


def resubmitted(response, **changes) -> dict[str, str]:
    """The change form of ``response`` sent back as the page shows it, with ``changes``."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for field in form:
            value = field.value()
            if isinstance(value, list):
                value = value[0] if value else ""
            data[field.html_name] = "" if value is None else str(getattr(value, "pk", value))
    if "date" in data:  # the event's date as its box shows it
        data["date"] = response.context["adminform"].form["date"].value()
    data.update(changes)
    return data


class EventDateBoxTests(EditorTestCase):
    def test_an_editor_types_a_day_range_as_people_write_it(self):
        response = self.client.post(admin_url(Event, "add"), event_form(self.world, date="8-9 Sept 2025"))
        self.assertRedirects(response, admin_url(Event, "changelist"))
        event = Event.objects.get(title="Dar and Fidan meet in Ankara")
        self.assertEqual(event.date.edtf(), "2025-09-08/2025-09-09")
        self.assertContains(self.client.get(admin_url(Event, "changelist")), "8–9 September 2025")

    def test_early_next_year_is_saved_as_its_four_months(self):
        self.client.post(admin_url(Event, "add"), event_form(self.world, date="early 2026"))
        event = Event.objects.get(title="Dar and Fidan meet in Ankara")
        self.assertEqual((event.date.edtf(), str(event.date)), ("2026-01/2026-04", "January–April 2026"))

    def test_the_line_under_the_box_shows_the_servers_reading_after_a_submit(self):
        response = self.client.post(
            admin_url(Event, "add"), event_form(self.world, date="September 8–9, 2025", title="")
        )
        self.assertContains(response, "This field is required")
        self.assertContains(response, 'value="September 8–9, 2025"')
        self.assertContains(
            response,
            '<span class="date-box-reading" id="id_date_reading" aria-live="polite">'
            "will show as 8–9 September 2025</span>",
            html=True,
        )

    def test_a_saved_date_is_shown_in_its_box_with_its_reading_under_it(self):
        response = self.client.get(admin_url(Event, "change", self.world.session_16.pk))
        self.assertContains(response, 'name="date" value="2025-09-08/2025-09-09"')
        self.assertContains(response, "will show as 8–9 September 2025")
        self.assertContains(response, 'data-date-box="range"')
        self.assertContains(response, 'aria-describedby="id_date_helptext id_date_reading"')
        self.assertContains(response, 'src="/static/js/date-box.js"')

    def test_a_numeric_day_and_month_is_refused_not_guessed(self):
        response = self.client.post(admin_url(Event, "add"), event_form(self.world, date="09/10/2025"))
        self.assertContains(response, "“09/10/2025” could be 9 October 2025 or 10 September 2025")
        self.assertFalse(Event.objects.filter(title="Dar and Fidan meet in Ankara").exists())


class SingleDateBoxTests(EditorTestCase):
    def test_an_office_start_refuses_early_saying_what_it_means_and_what_to_type(self):
        office = OfficeHeld.objects.get(official=self.world.guler)
        page = self.client.get(admin_url(OfficeHeld, "change", office.pk))
        response = self.client.post(
            admin_url(OfficeHeld, "change", office.pk), resubmitted(page, start="early 2026")
        )
        self.assertContains(response, "“early 2026” would read as January–April 2026, a range")
        self.assertContains(response, "type one month, such as April 2026, or the year, 2026.")
        office.refresh_from_db()
        self.assertEqual(str(office.start), "June 2023")

    def test_an_office_start_takes_a_month_typed_in_words(self):
        office = OfficeHeld.objects.get(official=self.world.guler)
        page = self.client.get(admin_url(OfficeHeld, "change", office.pk))
        self.client.post(
            admin_url(OfficeHeld, "change", office.pk),
            resubmitted(page, start="June 2023", end="Sept 9, 2025"),
        )
        office.refresh_from_db()
        self.assertEqual((str(office.start), str(office.end)), ("June 2023", "9 September 2025"))

    def test_a_pledge_due_by_early_next_year_is_refused_with_the_month_to_type(self):
        pledge = self.world.trade_pledge
        form = admin_tests.AdminEntryTests.pledge_form(self, due="early 2026")
        response = self.client.post(admin_url(Pledge, "change", pledge.pk), form)
        self.assertContains(response, "type one month, such as April 2026, or the year, 2026.")
        form = admin_tests.AdminEntryTests.pledge_form(self, due="April 2026")
        self.client.post(admin_url(Pledge, "change", pledge.pk), form)
        pledge.refresh_from_db()
        self.assertEqual((pledge.due.edtf(), pledge.due_end), ("2026-04", dt.date(2026, 4, 30)))

    def test_a_status_change_is_dated_as_people_write_it(self):
        pledge = self.world.trade_pledge
        form = admin_tests.AdminEntryTests.pledge_form(self)
        last = int(form["status_changes-TOTAL_FORMS"])
        form.update(
            {
                "status_changes-TOTAL_FORMS": str(last + 1),
                f"status_changes-{last}-as_of": "Dec. 2099",
                f"status_changes-{last}-status": "in_progress",
                f"status_changes-{last}-note": "",
            }
        )
        self.client.post(admin_url(Pledge, "change", pledge.pk), form)
        change = pledge.status_changes.order_by("-as_of_start").first()
        self.assertEqual(change.as_of.edtf(), "2099-12")

    def test_a_source_and_a_commission_take_their_dates_in_words(self):
        self.client.post(
            reverse("admin:relations_source_add"),
            {
                "title": "Joint statement",
                "publisher": "APP",
                "published_on": "9 Sept 2025",
                "language": "en",
                "kind": "online",
                "slug": "",
                "url": "",
            },
        )
        self.assertEqual(Source.objects.get(publisher="APP").published_on, parse("2025-09-09"))
        jmc = self.world.jmc
        page = self.client.get(admin_url(Commission, "change", jmc.pk))
        self.client.post(admin_url(Commission, "change", jmc.pk), resubmitted(page, founded="circa 2009"))
        jmc.refresh_from_db()
        self.assertEqual(str(jmc.founded), "c. 2009")


class PlainDateBoxTests(EditorTestCase):
    def country_form(self, **row) -> dict[str, str]:
        page = self.client.get(admin_url(Country, "change", "TR"))
        data = resubmitted(page)
        total = int(data["names-TOTAL_FORMS"])
        data["names-TOTAL_FORMS"] = str(total + 1)
        data.update(
            {
                f"names-{total}-{name}": value
                for name, value in {"country": "TR", "kind": "former", **row}.items()
            }
        )
        return data

    def test_a_names_validity_is_a_day_typed_as_people_write_it(self):
        response = self.client.post(
            admin_url(Country, "change", "TR"),
            self.country_form(
                name="Turkish Republic", valid_from="29 October 1923", valid_until="June 1, 2022"
            ),
        )
        self.assertEqual(response.status_code, 302, response.content[:3000])
        name = CountryName.objects.get(name="Turkish Republic")
        self.assertEqual((name.valid_from, name.valid_until), (dt.date(1923, 10, 29), dt.date(2022, 6, 1)))

    def test_a_month_is_refused_where_the_day_is_needed(self):
        response = self.client.post(
            admin_url(Country, "change", "TR"),
            self.country_form(name="Turkish Republic", valid_from="October 1923"),
        )
        self.assertContains(response, "“October 1923” is a month; this date needs the day")
        self.assertFalse(CountryName.objects.filter(name="Turkish Republic").exists())

    def test_a_saved_day_shows_its_reading_under_the_box(self):
        CountryName.objects.create(
            country=self.world.turkiye, name="Turkish Republic", valid_from=dt.date(1923, 10, 29)
        )
        response = self.client.get(admin_url(Country, "change", "TR"))
        self.assertContains(response, 'data-date-box="day"')
        self.assertContains(response, "will show as 29 October 1923")


class NoCalendarTests(EditorTestCase):
    def test_no_admin_form_offers_a_calendar_or_the_browsers_date_picker(self):
        # Drafts are never typed in (no add page); a country is opened as it is.
        pages = [admin_url(model, "add") for model in REGISTERED if model not in (Country, ArticleDraft)]
        pages += [admin_url(ArticleDraft, "changelist")]
        pages += [admin_url(Country, "change", "TR"), admin_url(Commission, "change", self.world.jmc.pk)]
        for url in pages:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, "DateTimeShortcuts.js")
                self.assertNotContains(response, "calendar.js")
                self.assertNotContains(response, 'class="vDateField')
                self.assertNotContains(response, 'type="date"')


class ReadingEndpointTests(EditorTestCase):
    def test_it_reads_a_box_as_its_form_would(self):
        answers = {
            ("8-9 Sept 2025", "range"): {
                "reading": "will show as 8–9 September 2025",
                "edtf": "2025-09-08/2025-09-09",
            },
            ("c. 1975", "single"): {"reading": "will show as c. 1975", "edtf": "1975~"},
            ("9 September 2025", "day"): {"reading": "will show as 9 September 2025", "edtf": "2025-09-09"},
            ("", "range"): {"reading": "", "edtf": ""},
        }
        for (text, kind), answer in answers.items():
            with self.subTest(text=text, kind=kind):
                self.assertEqual(self.client.get(READING, {"text": text, "kind": kind}).json(), answer)

    def test_it_answers_the_forms_message_for_what_the_box_refuses(self):
        response = self.client.get(READING, {"text": "8-9 Sept 2025", "kind": "single"})
        self.assertEqual(
            response.json(),
            {"error": "Enter a single date here, not a range. “8-9 Sept 2025” reads as 8–9 September 2025."},
        )
        response = self.client.get(READING, {"text": "Sept 2025", "kind": "day"})
        self.assertIn("is a month; this date needs the day", response.json()["error"])

    def test_an_unknown_kind_or_a_long_text_is_answered_not_failed(self):
        self.assertEqual(self.client.get(READING, {"text": "2025", "kind": "week"}).status_code, 400)
        response = self.client.get(READING, {"text": "9 " * 200, "kind": "single"})
        self.assertEqual(response.json(), {"error": "That is too long to be a date."})

    def test_only_staff_may_ask(self):
        self.client.logout()
        response = self.client.get(READING, {"text": "2025"})
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("admin:login"), response["Location"])
        User.objects.create_user("reader", password="x")
        self.client.force_login(User.objects.get(username="reader"))
        self.assertEqual(self.client.get(READING, {"text": "2025"}).status_code, 302)
