"""The iCalendar files: what a subscribed calendar or an "add to calendar" shows of the events.

Events are dated from today, so that they stay inside the calendars' window (from 1 January of
last year) whenever the tests run; the shared world's events have fixed dates, so it is not used."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.core.cache import cache
from django.test import TestCase, override_settings
from django.urls import reverse

from relations import ical
from relations.models import Commission, Country, Event, EventCountry, Official, Participant
from tests.test_bad_input import EVENT_FILTERS
from tests.world import bulk_events, make_event

TODAY = dt.date.today()


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def by_title(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    """The calendar's events by title (the summary without a status in brackets)."""
    return {str(entry["summary"]).split(" (")[0]: entry for entry in calendar.events}


class CalendarContentsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        pakistan, turkiye, cls.india = (Country.objects.get(code=c) for c in ("PK", "TR", "IN"))
        cls.jmc = jmc = Commission.objects.create(
            name="Pakistan–Türkiye Joint Ministerial Commission", acronym="JMC", kind="joint_ministerial"
        )
        guler = Official.objects.create(name="Yaşar Güler", nationality=turkiye)
        both = {pakistan: EventCountry.Role.HOST, turkiye: EventCountry.Role.VISITOR}
        cls.talks = make_event(
            "Defence talks",
            day(10).isoformat(),
            both,
            status=Event.Status.ANNOUNCED,
            place="Ankara",
            place_country=turkiye,
            summary="Talks on joint production.",
        )
        Participant.objects.create(event=cls.talks, official=guler, side=turkiye, role="co_chair")
        Participant.objects.create(event=cls.talks, name="Ümit Çelik", role="delegation_head")
        cls.session = make_event(
            "17th session of the JMC",
            f"{day(-40).isoformat()}/{day(-38).isoformat()}",
            both,
            kind=Event.Kind.COMMISSION_SESSION,
            commission=jmc,
            session_number=17,
        )
        cls.month = make_event("Visit some day this month", f"{day(-20):%Y-%m}", both, kind=Event.Kind.VISIT)
        cls.months = make_event(
            "Exercises over two months", f"{day(-90):%Y-%m}/{day(-20):%Y-%m}", both, kind=Event.Kind.OTHER
        )
        cls.year = make_event("Trade year", f"{TODAY.year}", both)
        cls.cancelled = make_event("Cancelled call", day(-5).isoformat(), both, status=Event.Status.CANCELLED)
        cls.postponed = make_event(
            "Postponed summit", day(30).isoformat(), both, status=Event.Status.POSTPONED
        )
        cls.india = make_event(
            "India–Pakistan call", day(-3).isoformat(), {cls.india: "party", pakistan: "party"}, kind="call"
        )
        cls.old = make_event("Long ago", (ical.window_start() - dt.timedelta(days=1)).isoformat(), both)

    def get(self, name: str, *args, **params):
        return self.client.get(reverse(f"relations:{name}", args=args), params)

    def test_the_timeline_calendar_holds_the_events_known_to_the_day(self):
        calendar = parse(self.get("calendar"))
        self.assertEqual(
            set(by_title(calendar)),
            {
                "Defence talks",
                "17th session of the JMC",
                "Cancelled call",
                "Postponed summit",
                "India–Pakistan call",
            },
        )
        self.assertEqual(str(calendar["version"]), "2.0")
        self.assertEqual(str(calendar["prodid"]), ical.PRODID)
        self.assertEqual(str(calendar["x-wr-calname"]), "Diplomatic Ties Tracker: Timeline")
        content = self.get("calendar").content
        self.assertIn(b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT6H\r\nX-PUBLISHED-TTL:PT6H\r\n", content)

    def test_its_description_says_what_is_left_out_and_where_to_find_it(self):
        description = str(parse(self.get("calendar"))["x-wr-caldesc"])
        self.assertIn("known only to the month or year", description)
        self.assertIn(f"starting on or after 1 January {TODAY.year - 1}", description)
        self.assertIn(f"at most {ical.LIMIT}", description)
        self.assertIn("http://testserver/timeline/", description)

    def test_a_day_is_an_all_day_event_ending_the_next_day(self):
        talks = by_title(parse(self.get("calendar")))["Defence talks"]
        self.assertIn("DTSTART;VALUE=DATE:", talks.to_ical().decode())
        self.assertEqual(talks.decoded("dtstart"), day(10))
        self.assertEqual(talks.decoded("dtend"), day(11))

    def test_a_range_of_days_is_one_event_whose_end_is_the_day_after_the_last(self):
        calendar = parse(self.get("calendar"))
        sessions = [entry for entry in calendar.events if "17th session" in str(entry["summary"])]
        self.assertEqual(len(sessions), 1)
        self.assertEqual((sessions[0].decoded("dtstart"), sessions[0].decoded("dtend")), (day(-40), day(-37)))

    def test_month_and_year_precision_events_are_not_put_on_a_day(self):
        titles = set(by_title(parse(self.get("calendar", **{"from": TODAY.year - 1}))))
        self.assertIn("Defence talks", titles)
        self.assertFalse(titles & {"Visit some day this month", "Exercises over two months", "Trade year"})

    def test_each_event_says_what_where_who_and_links_its_page(self):
        talks = by_title(parse(self.get("calendar")))["Defence talks"]
        self.talks.refresh_from_db()
        url = f"http://testserver/events/{self.talks.slug}/"
        self.assertEqual(str(talks["summary"]), "Defence talks (announced)")
        self.assertEqual(str(talks["location"]), "Ankara, Türkiye")
        self.assertEqual(str(talks["url"]), url)
        self.assertEqual([str(c) for c in talks.categories], ["meeting"])
        description = str(talks["description"])
        self.assertIn("Talks on joint production.", description)
        self.assertIn("Countries: Pakistan (host), Türkiye (visitor)", description)
        self.assertIn("Participants: Yaşar Güler (co-chair), Ümit Çelik (head of delegation)", description)
        self.assertIn(url, description)
        changed = self.talks.updated_at.replace(microsecond=0)  # iCalendar counts whole seconds
        self.assertEqual(talks.decoded("last-modified"), changed)
        self.assertEqual(talks.decoded("dtstamp"), changed)

    def test_statuses_say_whether_to_expect_it(self):
        entries = by_title(parse(self.get("calendar")))
        statuses = {title: str(entry["status"]) for title, entry in entries.items()}
        self.assertEqual(statuses["Defence talks"], "CONFIRMED")
        self.assertEqual(statuses["17th session of the JMC"], "CONFIRMED")
        self.assertEqual(statuses["Cancelled call"], "CANCELLED")
        self.assertEqual(statuses["Postponed summit"], "TENTATIVE")
        self.assertEqual(str(entries["Postponed summit"]["summary"]), "Postponed summit (postponed)")
        self.assertEqual(str(entries["Cancelled call"]["summary"]), "Cancelled call (cancelled)")
        self.assertEqual(str(entries["17th session of the JMC"]["summary"]), "17th session of the JMC")

    def test_a_postponed_session_keeps_its_uid_and_its_sequence_grows(self):
        Event.objects.filter(pk=self.session.pk).update(updated_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        before = by_title(parse(self.get("calendar")))["17th session of the JMC"]
        session = Event.objects.get(pk=self.session.pk)
        session.date = day(60).isoformat()
        session.title = "17th session of the Joint Ministerial Commission"
        session.status = Event.Status.POSTPONED
        session.save()
        after = by_title(parse(self.get("calendar")))["17th session of the Joint Ministerial Commission"]
        self.assertEqual(str(after["uid"]), str(before["uid"]))
        self.assertEqual(str(after["uid"]), f"event-{self.session.pk}@{ical.UID_DOMAIN}")
        self.assertGreater(after.decoded("sequence"), before.decoded("sequence"))
        self.assertEqual(after.decoded("dtstart"), day(60))

    def test_lines_end_with_crlf_and_long_ones_are_folded(self):
        content = self.get("calendar").content
        self.assertTrue(content.startswith(b"BEGIN:VCALENDAR\r\n"))
        self.assertNotIn(b"\n", content.replace(b"\r\n", b""))
        self.assertTrue(all(len(line) <= 75 for line in content.split(b"\r\n")))

    def test_the_timeline_filters_narrow_the_calendar(self):
        titles = set(by_title(parse(self.get("calendar", kind="call"))))
        self.assertEqual(titles, {"India–Pakistan call"})
        titles = set(by_title(parse(self.get("calendar", country="in"))))
        self.assertEqual(titles, {"India–Pakistan call"})
        titles = set(by_title(parse(self.get("calendar", status="cancelled"))))
        self.assertEqual(titles, {"Cancelled call"})

    def test_older_events_are_left_out_unless_the_reader_chooses_dates(self):
        self.assertNotIn("Long ago", by_title(parse(self.get("calendar"))))
        calendar = parse(self.get("calendar", to=self.old.date_start.isoformat()))
        self.assertIn("Long ago", by_title(calendar))
        self.assertIn("in the dates chosen", str(calendar["x-wr-caldesc"]))

    def test_a_calendar_holds_at_most_its_limit_newest_first(self):
        limit, ical.LIMIT = ical.LIMIT, 2
        try:
            calendar = parse(self.get("calendar"))
        finally:
            ical.LIMIT = limit
        self.assertEqual(set(by_title(calendar)), {"Postponed summit", "Defence talks"})

    def test_a_pairs_calendar_holds_its_events_only(self):
        calendar = parse(self.get("ties-calendar", "pk-tr"))
        titles = set(by_title(calendar))
        self.assertIn("Defence talks", titles)
        self.assertNotIn("India–Pakistan call", titles)
        self.assertEqual(str(calendar["x-wr-calname"]), "Diplomatic Ties Tracker: Pakistan and Türkiye")
        self.assertIn("http://testserver/ties/pk-tr/", str(calendar["x-wr-caldesc"]))
        titles = set(by_title(parse(self.get("ties-calendar", "pk-tr", status="cancelled"))))
        self.assertEqual(titles, {"Cancelled call"})

    def test_a_pairs_calendar_in_the_other_order_or_case_redirects(self):
        for written in ("tr-pk", "PK-TR"):
            response = self.client.get(f"/ties/{written}/calendar.ics?kind=call")
            self.assertEqual(response.status_code, 301)
            self.assertEqual(response["Location"], "/ties/pk-tr/calendar.ics?kind=call")

    def test_an_unknown_pair_or_country_is_not_found(self):
        for path in ("/ties/pk-zz/calendar.ics", "/ties/pk/calendar.ics", "/countries/zz/calendar.ics"):
            self.assertEqual(self.client.get(path).status_code, 404, path)
        self.assertEqual(self.get("commission-calendar", "no-such-commission").status_code, 404)
        self.assertEqual(self.get("event-calendar", "no-such-event").status_code, 404)

    def test_a_countrys_calendar_holds_its_events_and_redirects_from_capitals(self):
        calendar = parse(self.get("country-calendar", "in"))
        self.assertEqual(set(by_title(calendar)), {"India–Pakistan call"})
        self.assertEqual(str(calendar["x-wr-calname"]), "Diplomatic Ties Tracker: India")
        response = self.client.get("/countries/IN/calendar.ics?kind=call")
        self.assertEqual(
            (response.status_code, response["Location"]), (301, "/countries/in/calendar.ics?kind=call")
        )

    def test_a_commissions_calendar_holds_its_sessions(self):
        calendar = parse(self.get("commission-calendar", self.jmc.slug))
        self.assertEqual(set(by_title(calendar)), {"17th session of the JMC"})
        self.assertEqual(str(calendar["x-wr-calname"]), f"Diplomatic Ties Tracker: {self.jmc.name}")
        upper = parse(self.get("commission-calendar", self.jmc.slug.upper()))
        self.assertEqual(set(by_title(upper)), {"17th session of the JMC"})

    def test_one_events_calendar_adds_it_to_a_calendar(self):
        self.talks.refresh_from_db()
        response = self.get("event-calendar", self.talks.slug)
        calendar = parse(response)
        (entry,) = calendar.events
        self.assertEqual(str(entry["uid"]), f"event-{self.talks.pk}@{ical.UID_DOMAIN}")
        self.assertEqual(entry.decoded("dtstart"), day(10))
        self.assertEqual(response["Content-Disposition"], f'attachment; filename="{self.talks.slug}.ics"')

    def test_one_event_known_only_to_the_month_gives_an_empty_calendar_saying_why(self):
        self.month.refresh_from_db()
        calendar = parse(self.get("event-calendar", self.month.slug))
        self.assertEqual(calendar.events, [])
        self.assertIn("is known only to the month", str(calendar["x-wr-caldesc"]))


# Bad filters, and the cost ---------------------------------------------------------------------

CALENDARS = {
    "calendar": (),
    "ties-calendar": ("pk-tr",),
    "country-calendar": ("pk",),
    "commission-calendar": ("jmc",),
}


def calendar_cases() -> list:
    return [
        pytest.param(name, parameter, message, id=f"{name}-{parameter}")
        for name in CALENDARS
        for parameter, message in EVENT_FILTERS.items()
        if message is not None
    ]


@pytest.fixture
def jmc(db) -> Commission:
    return Commission.objects.create(
        name="Joint Ministerial Commission", slug="jmc", kind="joint_ministerial"
    )


@pytest.mark.parametrize(("name", "parameter", "message"), calendar_cases())
def test_a_bad_filter_is_the_timelines_400_with_its_message(client, jmc, name, parameter, message):
    page = client.get(reverse("relations:timeline"), {parameter: "%s"})
    assert page.status_code == 400 and message in page.content.decode()
    response = client.get(reverse(f"relations:{name}", args=CALENDARS[name]), {parameter: "%s"})
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert f"{parameter}: {message}" in response.content.decode()


def busy_pair(n: int, jmc: Commission) -> None:
    """``n`` Pakistan–Türkiye sessions of the JMC, each with three countries and three participants."""
    guler = Official.objects.create(name="Yaşar Güler")
    countries = {"PK": "host", "TR": "visitor", "CH": "mediator"}
    rows = [(f"Session {i}", day(-i).isoformat(), countries, {"session_number": i + 1}) for i in range(n)]
    events = bulk_events(
        rows, kind="commission_session", commission=jmc, place="Islamabad", place_country_id="PK"
    )
    Participant.objects.bulk_create(
        participant
        for event in events
        for participant in (
            Participant(
                event=event, official=guler, side_id="TR", role="co_chair", date_start=event.date_start
            ),
            Participant(event=event, name="Ümit Çelik", role="other", date_start=event.date_start),
            Participant(
                event=event, name="Jam Kamal Khan", side_id="PK", role="co_chair", date_start=event.date_start
            ),
        )
    )


# What each calendar reads besides its events' one query: the scope (the pair's two countries in
# one query, a country, a commission); a filter by kind reads the kind as well.
QUERIES = {"calendar": 1, "ties-calendar": 2, "country-calendar": 2, "commission-calendar": 2}


@pytest.mark.parametrize("n", [3, 40])
@pytest.mark.parametrize("name", list(QUERIES))
def test_a_calendar_costs_a_fixed_number_of_queries(client, jmc, django_assert_num_queries, n, name):
    busy_pair(n, jmc)
    url = reverse(f"relations:{name}", args=CALENDARS[name])
    with django_assert_num_queries(QUERIES[name]):
        calendar = parse(client.get(url))
    assert len(calendar.events) == n
    assert all("Yaşar Güler (co-chair)" in str(entry["description"]) for entry in calendar.events)
    with django_assert_num_queries(QUERIES[name] + 1):
        assert len(parse(client.get(url, {"kind": "commission_session"})).events) == n


def test_one_events_calendar_costs_one_query(client, jmc, django_assert_num_queries):
    busy_pair(3, jmc)
    slug = Event.objects.get(title="Session 1").slug
    with django_assert_num_queries(1):
        (entry,) = parse(client.get(reverse("relations:event-calendar", args=[slug]))).events
    assert "Countries: Switzerland (mediator), Pakistan (host), Türkiye (visitor)" in str(
        entry["description"]
    )


@override_settings(
    PAGE_CACHE_SECONDS=60,
    CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ics"}},
)
class StoredCalendarTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        pakistan, turkiye = Country.objects.get(code="PK"), Country.objects.get(code="TR")
        both = {pakistan: EventCountry.Role.HOST, turkiye: EventCountry.Role.VISITOR}
        cls.talks = make_event("Defence talks", day(10).isoformat(), both)

    def setUp(self):
        cache.clear()
        self.url = reverse("relations:ties-calendar", args=["pk-tr"])

    def test_a_second_read_is_served_stored_as_a_calendar(self):
        first = self.client.get(self.url)
        with self.assertNumQueries(0):
            second = self.client.get(self.url)
        self.assertEqual((first["X-Cache"], second["X-Cache"]), ("miss", "hit"))
        self.assertEqual(second.content, first.content)
        self.assertEqual(set(by_title(parse(second))), {"Defence talks"})

    def test_a_re_dated_event_shows_at_once(self):
        self.client.get(self.url)
        self.talks.date = day(20).isoformat()
        self.talks.save()
        (entry,) = parse(self.client.get(self.url)).events
        self.assertEqual(entry.decoded("dtstart"), day(20))
