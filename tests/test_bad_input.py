"""Odd input is a clear 400 (or a 404 for a path), never a 500, and writes nothing: a ``%`` or a
NUL character in a filter, a page marker or cursor that decodes to nonsense, JSON nested too
deeply to parse, a day at the calendar's ends, and a nested row given in part."""

from __future__ import annotations

import base64
import csv
import io

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from rest_framework.test import APIClient

from relations.api.parsers import MAX_DEPTH
from relations.models import Event, Official, Pledge, PledgeStatusChange
from tests.world import build_world

NUL = "Null characters are not allowed."

# Every filter of every list, with what each says of the value "%s" (None: it is text to search).
EVENT_FILTERS = {
    "country": "“%s” is not an ISO country code (such as PK or TR).",
    "pair": "“%s” is not a pair of country codes such as pk-tr.",
    "kind": "Select a valid choice. %s is not one of the available choices.",
    "status": "Select a valid choice. %s is not one of the available choices.",
    "sector": "There is no sector “%s”.",
    "commission": "There is no commission “%s”.",
    "official": "No single official matches “%s”.",
    "from": "“%s” is not a date. Use YYYY, YYYY-MM, YYYY-MM-DD or a range such as 2025-09-08/2025-09-09.",
    "to": "“%s” is not a date. Use YYYY, YYYY-MM, YYYY-MM-DD or a range such as 2025-09-08/2025-09-09.",
    "q": None,
}
PLEDGE_FILTERS = {
    name: EVENT_FILTERS[name] for name in ("country", "pair", "status", "sector", "commission", "q")
}
OFFICIAL_FILTERS = {
    "country": "“%s” is not an ISO country code (such as PK or TR).",
    "nationality": "“%s” is not an ISO country code (such as PK or TR).",
    "q": None,
}
API_FILTERS = {
    "event-list": EVENT_FILTERS,
    "pledge-list": PLEDGE_FILTERS,
    "official-list": OFFICIAL_FILTERS,
    **{f"{name}-list": {"q": None} for name in ("country", "commission", "sector", "source", "organization")},
}
PAGE_FILTERS = {
    "relations:timeline": EVENT_FILTERS,
    "relations:pledge-list": PLEDGE_FILTERS,
    "relations:official-list": {"country": OFFICIAL_FILTERS["country"]},
}


def api_cases() -> list:
    return list(_api_cases())


def _api_cases():
    for name, filters in API_FILTERS.items():
        for parameter, message in filters.items():
            for format in ("json", "csv"):
                yield pytest.param(name, parameter, message, format, id=f"{name}-{parameter}-{format}")


def page_cases() -> list:
    return list(_page_cases())


def _page_cases():
    for name, filters in PAGE_FILTERS.items():
        for parameter, message in filters.items():
            yield pytest.param(name, parameter, message, id=f"{name}-{parameter}")


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.fixture
def client():
    return APIClient()


@pytest.fixture
def editor(client, db):
    client.force_login(User.objects.create_superuser("editor", "editor@example.com", "a long pass phrase"))
    return client


# A per cent sign ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "parameter", "message", "format"), api_cases())
def test_the_api_answers_400_naming_the_filter_for_a_percent_sign(client, name, parameter, message, format):
    response = client.get(reverse(f"api:{name}"), {parameter: "%s", "format": format})
    if message is None:  # searched for, found nowhere
        assert response.status_code == 200, response.content
    elif format == "csv":
        assert (response.status_code, csv_rows(response)) == (400, [[parameter, message]])
    else:
        assert (response.status_code, response.json()) == (400, {parameter: [message]})


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "parameter", "message"), page_cases())
def test_a_page_shows_the_filter_error_for_a_percent_sign(client, name, parameter, message):
    response = client.get(reverse(name), {parameter: "%s"})
    if message is None:
        assert response.status_code == 200
    else:
        assert response.status_code == 400
        assert message in response.content.decode()


def test_a_per_cent_sign_alone_or_doubled_is_quoted_as_given(client, db):
    for value in ("%", "100%", "%d%%", "%(value)s"):
        response = client.get(reverse("api:event-list"), {"pair": value})
        assert response.json() == {"pair": [f"“{value}” is not a pair of country codes such as pk-tr."]}


# A NUL character -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "parameter", "message", "format"), api_cases())
@pytest.mark.parametrize("value", ["\x00", "pk\x00"])
def test_the_api_answers_400_for_a_nul_character_in_any_filter(
    client, name, parameter, message, format, value
):
    response = client.get(reverse(f"api:{name}"), {parameter: value, "format": format})
    if format == "csv":
        assert (response.status_code, csv_rows(response)) == (400, [[parameter, NUL]])
    else:
        assert (response.status_code, response.json()) == (400, {parameter: [NUL]})


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "parameter", "message"), page_cases())
@pytest.mark.parametrize("value", ["\x00", "pk\x00"])
def test_a_page_answers_400_for_a_nul_character_in_any_filter(client, name, parameter, message, value):
    response = client.get(reverse(name), {parameter: value})
    assert response.status_code == 400
    if name != "relations:official-list":  # its one filter is checked by the country's code
        assert NUL in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/events/%00/",
        "/officials/%00/",
        "/commissions/%00/",
        "/countries/%00/",
        "/countries/p%00/",
        "/ties/pk-%00/",
        "/ties/%00t-pk/",
        "/api/events/%00/",
        "/api/officials/%00/",
        "/api/countries/p%00/",
        "/api/sectors/%00/",
        "/api/sources/%00/",
        "/api/commissions/%00/",
        "/api/organizations/%00/",
    ],
)
def test_a_nul_character_in_a_path_finds_nothing(client, path):
    assert client.get(path).status_code == 404


# Cursors and page markers that decode to nonsense ------------------------------------------------


def encoded(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


# Positions no date nor id can be; any text is a title's or a name's.
NOT_A_DATE_NOR_AN_ID = [
    "cD1ub3QtYS1kYXRl",  # p=not-a-date
    "cD1hYmM=",  # p=abc
    encoded("p=0000-01-01"),
    encoded("p=99999-01-01"),
    encoded("p=2025-02-30"),
]
# Cursors no list takes, whatever its order.
BAD_ANYWHERE = [encoded("p=\x00"), encoded("p=2025-01-01\x00"), encoded("r=x"), "not base64!"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("event-list", {}),
        ("event-list", {"ordering": "-id"}),
        ("event-list", {"pair": "pk-tr"}),  # ordered by the pair index's own date column
        ("pledge-list", {}),
        ("source-list", {"ordering": "-published_on"}),
    ],
    ids=["events", "events-by-id", "events-of-a-pair", "pledges", "sources-by-day"],
)
@pytest.mark.parametrize("cursor", NOT_A_DATE_NOR_AN_ID + BAD_ANYWHERE)
def test_the_api_answers_400_invalid_cursor_for_a_position_its_order_cannot_hold(
    client, name, params, cursor
):
    response = client.get(reverse(f"api:{name}"), {"cursor": cursor, **params})
    assert (response.status_code, response.json()) == (400, {"cursor": ["Invalid cursor"]})


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "params"),
    [("event-list", {"ordering": "title"}), ("official-list", {"ordering": "name"}), ("country-list", {})],
    ids=["events-by-title", "officials-by-name", "countries-by-code"],
)
def test_the_api_answers_400_invalid_cursor_for_a_nul_in_a_text_position(client, name, params):
    for cursor in BAD_ANYWHERE:
        response = client.get(reverse(f"api:{name}"), {"cursor": cursor, **params})
        assert (response.status_code, response.json()) == (400, {"cursor": ["Invalid cursor"]})
    assert client.get(reverse(f"api:{name}"), {"cursor": "cD1hYmM=", **params}).status_code == 200


def test_a_cursor_the_api_made_still_reads_the_next_page(client, db):
    world = build_world()
    first = client.get(reverse("api:event-list"), {"page_size": 1}).json()
    second = client.get(first["next"]).json()
    assert [e["slug"] for e in first["results"] + second["results"]] == [
        world.session_16.slug,
        world.visit_july.slug,
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["relations:timeline", "relations:pledge-list", "guler", "ties"])
@pytest.mark.parametrize(
    "marker",
    [
        "not-a-date.1",
        "0000-01-01.1",
        "99999-01-01.1",
        "2025-01-01",
        "2025-01-01.x",
        "\x00",
        "2025-01-01.1\x00",
    ],
)
def test_a_page_answers_400_for_a_page_marker_it_did_not_make(client, page, marker):
    world = build_world()
    url = {
        "guler": reverse("relations:official-detail", args=[world.guler.slug]),
        "ties": reverse("relations:ties", args=["pk-tr"]),
    }.get(page) or reverse(page)
    response = client.get(url, {"before": marker})
    assert response.status_code == 400
    assert "is not a page marker; follow the “Older” link instead." in response.content.decode()


@pytest.mark.django_db
def test_a_page_marker_past_every_row_gives_an_empty_page(client):
    build_world()
    response = client.get(reverse("relations:timeline"), {"before": "2025-01-01.99999999999999999999999"})
    assert response.status_code == 200
    assert [e.title for e in response.context["page"].items] == []


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["relations:timeline", "relations:pledge-list", "guler", "ties", "country"])
@pytest.mark.parametrize("pk", ["99999999999999999999", "-99999999999999999999"])
def test_a_page_marker_with_an_id_past_64_bits_is_answered(client, page, pk):
    """Pages read through compiled SQL pass the id as a parameter, which SQLite cannot take past
    64 bits: the marker's id is read as the nearest one a column holds."""
    world = build_world()
    url = {
        "guler": reverse("relations:official-detail", args=[world.guler.slug]),
        "ties": reverse("relations:ties", args=["pk-tr"]),
        "country": reverse("relations:country-detail", args=["pk"]),
    }.get(page) or reverse(page)
    first = [row.pk for row in client.get(url).context["page"].items]
    assert first  # the world has rows on each of these pages
    # Every row is older than a day in 2999, whatever the id; none is older than one in 1000.
    later = client.get(url, {"before": f"2999-01-01.{pk}"})
    assert later.status_code == 200
    assert [row.pk for row in later.context["page"].items] == first
    earliest = client.get(url, {"before": f"1000-01-01.{pk}"})
    assert earliest.status_code == 200
    assert list(earliest.context["page"].items) == []


# Bodies ---------------------------------------------------------------------------------------

TOO_DEEP = f"JSON nested too deeply: at most {MAX_DEPTH} levels of arrays and objects."


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["event-list", "pledge-list", "official-list", "commission-list", "sector-list", "extract"]
)
@pytest.mark.parametrize(
    "body",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"a": ' * 100_000 + "1" + "}" * 100_000,
        '{"title": ' + "[" * 33 + "]" * 33 + "}",
    ],
    ids=["arrays", "objects", "just-too-deep"],
)
def test_json_nested_too_deeply_is_a_400_and_writes_nothing(editor, name, body):
    response = editor.post(reverse(f"api:{name}"), body, content_type="application/json")
    assert (response.status_code, response.json()) == (400, {"detail": TOO_DEEP})
    assert (Event.objects.count(), Pledge.objects.count(), Official.objects.count()) == (0, 0, 0)


def test_json_nested_to_the_limit_or_holding_brackets_in_text_is_read(editor, db):
    title = "[" * 50 + "{"
    response = editor.post(
        reverse("api:sector-list"),
        f'{{"name": "{title}", "slug": "deep", "x": {"[" * (MAX_DEPTH - 1)}{"]" * (MAX_DEPTH - 1)}}}',
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["name"] == title


@pytest.mark.django_db
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1799-12-31", "2200-01-01"])
def test_extract_answers_400_on_published_on_for_a_day_no_article_was_published(editor, day):
    response = editor.post(
        reverse("api:extract"),
        {"text": "On Tuesday Pakistan and Türkiye agreed to meet again next year.", "published_on": day},
        format="json",
    )
    assert (response.status_code, response.json()) == (
        400,
        {"published_on": ["Give a day between 1800-01-01 and 2199-12-31."]},
    )


def test_extract_reads_an_article_from_either_end_of_the_range(editor, db):
    for day in ("1800-01-01", "2199-12-31"):
        response = editor.post(
            reverse("api:extract"),
            {"text": "On Tuesday Pakistan and Türkiye agreed to meet again next year.", "published_on": day},
            format="json",
        )
        assert response.status_code == 200, response.content


# Nested rows given in part -------------------------------------------------------------------

REQUIRED = "This field is required."


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["patch", "put"])
@pytest.mark.parametrize(
    ("record", "part", "errors"),
    [
        (
            "pledge",
            {"status_history": [{"status": "announced"}]},
            {"status_history": {"0": {"as_of": [REQUIRED]}}},
        ),
        (
            "pledge",
            {"status_history": [{"as_of": "2025"}]},
            {"status_history": {"0": {"status": [REQUIRED]}}},
        ),
        ("pledge", {"parties": [{"role": "pledger"}]}, {"parties": {"0": {"country": [REQUIRED]}}}),
        ("pledge", {"reaffirmations": [{"note": "again"}]}, {"reaffirmations": {"0": {"event": [REQUIRED]}}}),
        ("pledge", {"citations": [{"excerpt": "x"}]}, {"citations": {"0": {"source": [REQUIRED]}}}),
        (
            "pledge",
            {"status_history": [{"status": "announced", "as_of": "2025", "citations": [{"excerpt": "x"}]}]},
            {"status_history": {"0": {"citations": {"0": {"source": [REQUIRED]}}}}},
        ),
        ("event", {"countries": [{"role": "host"}]}, {"countries": {"0": {"country": [REQUIRED]}}}),
        ("event", {"citations": [{"excerpt": "x"}]}, {"citations": {"0": {"source": [REQUIRED]}}}),
        ("official", {"names": [{"kind": "transliteration"}]}, {"names": {"0": {"name": [REQUIRED]}}}),
        ("official", {"offices": [{"country": "TR"}]}, {"offices": {"0": {"title": [REQUIRED]}}}),
    ],
)
def test_a_nested_row_given_in_part_is_a_400_naming_the_missing_field(editor, method, record, part, errors):
    world = build_world()
    url, whole = {
        "pledge": (
            reverse("api:pledge-detail", args=[world.lng_pledge.pk]),
            {"event": world.session_16.slug, "title": "Cooperate on LNG", "parties": [{"country": "PK"}]},
        ),
        "event": (
            reverse("api:event-detail", args=[world.visit_july.slug]),
            {"title": "Visit", "kind": "visit", "date": "2025-07", "countries": [{"country": "PK"}]},
        ),
        "official": (reverse("api:official-detail", args=[world.guler.slug]), {"name": "Yaşar Güler"}),
    }[record]
    before = editor.get(url).json()
    response = getattr(editor, method)(url, part if method == "patch" else {**whole, **part}, format="json")
    assert (response.status_code, response.json()) == (400, errors)
    assert editor.get(url).json() == before
    assert PledgeStatusChange.objects.count() == 3
