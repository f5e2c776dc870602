"""A source's publication date is a day, a month or a year, shown and exported at its precision."""

import csv
import datetime as dt
import io
from dataclasses import replace

from django.contrib.auth.models import Group, User
from django.test import TestCase
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from relations.dates import FuzzyDate, Precision
from relations.extract.review.article import Article
from relations.extract.review.confirm import find_source
from relations.models import Citation, Source
from tests.world import build_world

JULY_2025 = {
    "edtf": "2025-07",
    "start": "2025-07-01",
    "end": "2025-07-31",
    "precision": "month",
    "approximate": False,
    "display": "July 2025",
}


def new_source(title: str, published_on: str | None, publisher: str = "TRT World") -> Source:
    return Source.objects.create(title=title, publisher=publisher, published_on=published_on)


class SourceDateTests(TestCase):
    client_class = APIClient

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()  # its Arab News report is dated 9 September 2025
        cls.july = new_source("Fidan and Güler in Islamabad", "2025-07")
        cls.year = new_source("Annual review", "2024", publisher="Dawn")
        Citation.objects.create(source=cls.july, event=cls.world.visit_july, excerpt="a one-day visit")
        cls.editor = User.objects.create_user("editor", password="a long pass phrase", is_staff=True)
        cls.editor.groups.add(Group.objects.get(name="Editors"))
        cls.token = Token.objects.create(user=cls.editor)

    # The model ------------------------------------------------------------------------------------

    def test_a_month_only_date_is_kept_as_a_month_in_its_name_and_slug(self):
        self.assertEqual(self.july.published_on, FuzzyDate.single(dt.date(2025, 7, 1), Precision.MONTH))
        self.assertEqual(str(self.july), "TRT World, Jul 2025: Fidan and Güler in Islamabad")
        self.assertEqual(self.july.slug, "trt-world-2025-07-fidan-and-guler-in-islamabad")
        self.assertEqual(str(self.year), "Dawn, 2024: Annual review")
        self.assertEqual(
            str(self.world.source), "Arab News, 9 Sep 2025: Pakistan, Türkiye agree on closer cooperation"
        )

    def test_sources_are_listed_newest_first_by_their_first_possible_day(self):
        dated = [s.slug for s in Source.objects.exclude(published_on_start=None)]
        self.assertEqual(dated, [self.world.source.slug, self.july.slug, self.year.slug])

    # Admin ----------------------------------------------------------------------------------------

    def test_an_editor_enters_a_month_only_date_and_the_list_shows_the_month(self):
        self.client.force_login(self.editor)
        response = self.client.post(
            reverse("admin:relations_source_add"),
            {
                "title": "Joint commission meets",
                "publisher": "DNA News",
                "published_on": "2025-05",
                "language": "en",
                "kind": "online",
                "slug": "",
                "url": "",
            },
        )
        self.assertEqual(response.status_code, 302, response.content)
        self.assertEqual(Source.objects.get(publisher="DNA News").published_on.edtf(), "2025-05")
        changelist = self.client.get(reverse("admin:relations_source_changelist"))
        self.assertContains(changelist, '<td class="field-published">May 2025</td>', html=True)
        self.assertContains(changelist, '<td class="field-published">9 September 2025</td>', html=True)
        by_month = self.client.get(
            reverse("admin:relations_source_changelist"), {"published_on_precision__exact": 10}
        )
        self.assertEqual(
            sorted(s.publisher for s in by_month.context["cl"].result_list), ["DNA News", "TRT World"]
        )
        change = self.client.get(reverse("admin:relations_source_change", args=[self.july.pk]))
        self.assertContains(change, 'value="2025-07"')

    def test_a_date_that_is_not_a_date_is_refused_with_a_message(self):
        self.client.force_login(self.editor)
        response = self.client.post(
            reverse("admin:relations_source_add"),
            {
                "title": "Wrong",
                "publisher": "DNA News",
                "published_on": "2025-13",
                "language": "en",
                "kind": "online",
                "slug": "",
                "url": "",
            },  # fmt: skip
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.context["adminform"].form.errors, {"published_on": ["“2025-13” is not a real date."]}
        )
        self.assertFalse(Source.objects.filter(title="Wrong").exists())

    # API and CSV ----------------------------------------------------------------------------------

    def post(self, published_on, title: str = "Report") -> object:
        self.client.credentials(HTTP_AUTHORIZATION=f"Token {self.token.key}")
        body = {"title": title, "publisher": "Anadolu Agency", "published_on": published_on, "kind": "wire"}
        return self.client.post(reverse("api:source-list"), body, format="json")

    def test_a_month_is_written_and_read_back_with_its_precision(self):
        response = self.post("2025-07")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["published_on"], JULY_2025)
        read = self.client.get(reverse("api:source-detail", args=[response.json()["slug"]])).json()
        self.assertEqual((read["slug"], read["published_on"]), ("anadolu-agency-2025-07-report", JULY_2025))

    def test_a_day_and_a_year_are_accepted_as_before_and_a_record_read_posts_back(self):
        day = self.post("2025-07-09", title="Day").json()
        self.assertEqual(
            (day["published_on"]["edtf"], day["published_on"]["precision"]), ("2025-07-09", "day")
        )
        year = self.post("2025", title="Year").json()
        self.assertEqual((year["published_on"]["edtf"], year["published_on"]["display"]), ("2025", "2025"))
        response = self.client.put(reverse("api:source-detail", args=[day["slug"]]), day, format="json")
        self.assertEqual((response.status_code, response.json()), (200, day))

    def test_a_bad_date_is_a_400_naming_the_field_and_writes_nothing(self):
        before = Source.objects.count()
        for value, message in (
            ("2025-13", "“2025-13” is not a real date."),
            ("July 2025", "“July 2025” is not a date. Use YYYY, YYYY-MM, YYYY-MM-DD or a range such as "
             "2025-09-08/2025-09-09."),
            ("2025-07-08/2025-07-09", "Enter a single date here, not a range."),
            (20250709, "Give the date as an EDTF string, e.g. 2025-07 or 2025-09-08/2025-09-09."),
        ):  # fmt: skip
            with self.subTest(value):
                response = self.post(value)
                self.assertEqual((response.status_code, response.json()), (400, {"published_on": [message]}))
        self.assertEqual(Source.objects.count(), before)

    def test_ordering_by_published_on_is_newest_first_and_pages_by_cursor(self):
        url = reverse("api:source-list")
        first = self.client.get(url, {"ordering": "-published_on", "page_size": 2}).json()
        self.assertEqual([s["slug"] for s in first["results"]], [self.world.source.slug, self.july.slug])
        second = self.client.get(first["next"]).json()
        self.assertEqual([s["slug"] for s in second["results"]], [self.year.slug])

    def test_the_csv_export_gives_the_edtf_and_the_parts(self):
        response = self.client.get(reverse("api:source-list"), {"format": "csv", "ordering": "-published_on"})
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(body))}
        july = rows[self.july.slug]
        self.assertEqual(
            [
                july[c]
                for c in ("published_on", "published_on_start", "published_on_end", "published_on_precision")
            ],
            ["2025-07", "2025-07-01", "2025-07-31", "month"],
        )
        self.assertEqual(rows[self.year.slug]["published_on"], "2024")

    # The article reader ---------------------------------------------------------------------------

    def test_an_article_without_a_url_reuses_the_source_dated_by_the_month_of_its_day(self):
        article = Article(
            text="…", published_on=dt.date(2025, 7, 9), title=self.july.title, publisher="TRT World"
        )
        self.assertEqual(find_source(article), self.july)
        self.assertIsNone(find_source(replace(article, published_on=dt.date(2025, 8, 1))))

    # Pages ----------------------------------------------------------------------------------------

    def test_an_event_page_cites_a_month_only_source_by_its_month(self):
        response = self.client.get(self.world.visit_july.get_absolute_url())
        self.assertContains(response, 'TRT World, <time datetime="2025-07">July 2025</time>')
        self.assertNotContains(response, "1 July 2025")
