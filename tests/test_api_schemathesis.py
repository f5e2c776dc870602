"""Schemathesis over /api/schema/: every operation, every method, as an anonymous reader and as an
editor, with data the schema allows and data it does not, in-process.

Every generated request is sent twice: without credentials, then with an editor's token. Each
response must be one the schema describes: no server error, a documented status code and content
type, a body that matches the documented schema. Without credentials a write is refused (401/403);
a record an editor's write answers with reads back the same at its own `url`.

Three sources of requests:

- Schemathesis's phases over every operation: the schema's examples, the coverage phase (boundary
  and invalid values of every parameter and body field: nulls, wrong types, missing required
  fields, lengths, patterns) and the fuzzing phase, in positive and negative mode. The fuzzing
  phase also draws query and path strings from `HOSTILE_TEXTS` (a Schemathesis dictionary).
- A sweep that sends each of `HOSTILE_TEXTS` in every query and path parameter of every read, one
  parameter at a time, so that a `%` or a NUL byte reaches each filter on every run.
- For every cursor-paginated list, in each of its orderings: the real `next` link's cursor with its
  position (and offset, and direction) replaced by values that decode but do not fit.

`make test` runs a bounded, derandomized campaign (a fixed seed, no example database), so CI sends
the same requests every time; `FUZZ_EXAMPLES=50` (`make fuzz`) runs that many generated cases per
operation and identity, still derandomized. The WSGI calls run in the test's own thread and database
connection, so the story and the writes live in the test's transaction and are rolled back.

One module over 400 lines on purpose: its three campaigns share the schema generated at import,
the story loaded once per module and the WSGI app; split, each part would pay for them again.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import zlib
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

import jsonschema
import pytest
import schemathesis
from django.contrib.auth.models import Group, User
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.test import Client
from django.urls import resolve
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from werkzeug.test import Client as WerkzeugClient

from relations.models import Commission, Event, Observation, Official, Organization, Pledge, Sector, Source
from tests.world import load_story

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

#: How many generated cases each operation gets per identity: a few in `make test`, more for a
#: release (`FUZZ_EXAMPLES=50 make fuzz`). The coverage phase comes on top, the same in both.
FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES") or 0)
EXAMPLES = FUZZ_EXAMPLES or 4

#: Text that a filter may pass on to a format string, a LIKE pattern, a date parser or the
#: database: printf and %-format markers, a NUL byte (which PostgreSQL refuses in text), quotes,
#: escapes, a line separator, a date-shaped value out of range, very long text.
HOSTILE_TEXTS = [
    "%",
    "%s",
    "%25s",
    "%(value)s",
    "\x00",
    "a\x00b",
    "'\"",
    "\\",
    "_",
    "\u2028",
    " ",
    "0000-00-00",
    "9999-99",
    "0001-01-01",
    "x" * 1000,
]
#: The same for numbers given as text (`page_size`, ids).
HOSTILE_NUMBERS = ["-1", "0", "1e3", "99999999999999999999", "%00"]

#: Every phase, in positive and negative mode; the coverage phase sends no undeclared methods.
PHASES = {
    "examples": {"enabled": True},
    "coverage": {"enabled": True, "unexpected-methods": []},
    "fuzzing": {"enabled": True},
}


#: Dates as the schema's `format: date` allows them, the ends of the calendar half the time: a
#: service that adds to or takes from a date (a window around it) must not overflow there.
EDGE_DATES = [
    dt.date.min,
    dt.date.min + dt.timedelta(days=1),
    dt.date.max - dt.timedelta(days=1),
    dt.date.max,
]
schemathesis.openapi.format("date", st.one_of(st.sampled_from(EDGE_DATES), st.dates()).map(dt.date.isoformat))


def config(max_examples: int) -> SchemathesisConfig:
    """Derandomized: the same requests on every run."""
    return SchemathesisConfig.from_dict(
        {
            "seed": 20250709,
            "dictionaries": {"hostile": {"values": HOSTILE_TEXTS}},
            "generation": {
                "mode": "all",
                "max-examples": max_examples,
                "deterministic": True,
                "database": "none",
                # Fuzzed query and path strings are, now and then, one of the hostile texts.
                "dictionaries": {"string": {"dictionary": "hostile", "probability": 0.25}},
            },
            "phases": PHASES,
        }
    )


def generated_schema() -> dict:
    """The document /api/schema/ serves, made without a request (collection has no database)."""
    spec = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(spec, renderer_context={}))


APP = get_wsgi_application()
DOCUMENT = generated_schema()
api = schemathesis.openapi.from_dict(DOCUMENT, config=config(EXAMPLES))
api.app = APP  # calls go to the Django application in-process, through WSGI

#: Each pytest item is one operation whose examples share the seeded database on purpose; and how
#: fast cases are generated depends on the machine, not on the API.
SETTINGS = settings(
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.filter_too_much,
    ],
    derandomize=True,
    database=None,
    deadline=None,
    # In `make test` a failure is reported as found (with its curl) rather than shrunk first;
    # `make fuzz` shrinks it to the smallest request that still fails.
    phases=[phase for phase in Phase if FUZZ_EXAMPLES or phase is not Phase.shrink],
)


@dataclass
class Seeded:
    editor_token: str
    #: Keys of seeded records per detail path, so that details are also called on real records.
    known_keys: dict[str, list]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The seed story and an editor, loaded once for the module in a transaction rolled back at its
    end; each test runs in a savepoint inside it, so its writes are undone after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_story()  # with the trade goal's 2024 figure, an observation to read and write
        editor = User.objects.create_user("schemathesis-editor")  # no password: a token only
        editor.groups.add(Group.objects.get(name="Editors"))
        yield Seeded(
            editor_token=Token.objects.create(user=editor).key,
            known_keys={
                "/api/countries/{code}/": ["PK", "tr", "IN"],
                "/api/sectors/{slug}/": list(Sector.objects.values_list("slug", flat=True)),
                "/api/sources/{slug}/": list(Source.objects.values_list("slug", flat=True)),
                "/api/organizations/{slug}/": list(Organization.objects.values_list("slug", flat=True)),
                "/api/officials/{slug}/": list(Official.objects.values_list("slug", flat=True)),
                "/api/commissions/{slug}/": list(Commission.objects.values_list("slug", flat=True)),
                "/api/events/{slug}/": list(Event.objects.values_list("slug", flat=True)),
                "/api/event-kinds/{slug}/": ["visit", "state_visit", "other"],
                "/api/pledges/{id}/": list(Pledge.objects.values_list("pk", flat=True)),
                "/api/observations/{id}/": list(Observation.objects.values_list("pk", flat=True)),
            },
        )
        transaction.set_rollback(True)


@pytest.fixture
def wsgi_app(seeded, db, settings, monkeypatch):
    """The project's WSGI application, sharing the test's database connection and transaction."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    # Django's test client does the same: a request must not close the test's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    # Throttling stays on (its counts go through the cache), at a rate this run never reaches.
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "100000/minute"})
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"extract": "100000/minute"})
    yield APP
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def use_known_key(case, seeded: Seeded) -> None:
    """For about half the generated keys, call a seeded record instead: chosen by a checksum of the
    generated key, so the same run makes the same calls. A key the URL cannot route (negative
    data: outside the router's pattern) never reaches the API, so it is always replaced."""
    keys = seeded.known_keys.get(case.path)
    if not keys or not case.path_parameters:
        return
    (name,) = case.path_parameters
    generated = case.path_parameters[name]
    checksum = zlib.crc32(str(generated).encode())
    if checksum % 2 or not routable(case.operation, name, generated):
        case.path_parameters[name] = keys[checksum // 2 % len(keys)]


def routable(operation, name: str, value) -> bool:
    (parameter,) = (parameter for parameter in operation.path_parameters if parameter.name == name)
    return jsonschema.Draft202012Validator(parameter.definition["schema"]).is_valid(value)


def operations(method: str | None = None) -> list:
    found = [result.ok() for result in api.get_all_operations()]
    return [operation for operation in found if method is None or operation.method.upper() == method]


def label(operation) -> str:
    return f"{operation.method.upper()} {operation.path}"


def editor(seeded: Seeded) -> dict[str, str]:
    return {"Authorization": f"Token {seeded.editor_token}"}


def sendable(case) -> None:
    """Header values as an HTTP client sends them: without leading whitespace (RFC 9110 field
    values have none, and requests refuses to send one). Schemathesis 4.32 may generate a value
    of one space for the security scheme's ``Authorization``; sent trimmed, it is still no valid
    credential, and the call still checks how the API answers it."""
    if case.headers:
        case.headers = {
            name: value.lstrip(" \t") if isinstance(value, str) else value
            for name, value in case.headers.items()
        }


def known_format(case) -> bool:
    """Whether the case asks for no format, or one the API renders."""
    return (case.query or {}).get("format") in (None, "json", "api", "csv")


@SETTINGS
@api.parametrize()
def test_every_operation_answers_as_documented_without_and_with_an_account(case, wsgi_app, seeded):
    use_known_key(case, seeded)
    sendable(case)
    anonymous = case.call_and_validate(checks=CHECKS)
    if case.method.upper() != "GET":
        # Refused before anything is read or written, whatever the body; an unknown `?format=` is
        # refused first, by DRF's content negotiation, with its documented 404.
        refusals = (401, 403) if known_format(case) else (401, 403, 404)
        assert anonymous.status_code in refusals, anonymous.status_code
    response = case.call_and_validate(checks=CHECKS, headers=editor(seeded))
    if case.method.upper() == "GET" or case.path == "/api/extract/":
        return  # nothing was written (proposals read from an article are no record)
    if response.status_code in (200, 201) and "json" in response.headers["content-type"][0]:
        # What a write answers is the record as anyone now reads it at its own `url`.
        written = response.json()
        read = WerkzeugClient(wsgi_app).get(written["url"])
        assert read.status_code == 200, (written["url"], read.status_code)
        assert read.json == written


def hostile_values(parameter) -> list:
    """The hostile values for one parameter: texts for a text, numbers as text for a number,
    each alone in a one-item list for a repeatable parameter."""
    schema = parameter.definition.get("schema", {})
    if schema.get("type") == "array":
        return [[value] for value in HOSTILE_TEXTS]
    if schema.get("type") in ("integer", "number"):
        return HOSTILE_NUMBERS
    return HOSTILE_TEXTS


@pytest.mark.parametrize("operation", operations("GET"), ids=label)
def test_every_read_answers_hostile_text_in_any_parameter_as_documented(operation, wsgi_app, seeded):
    """Each hostile value alone in each parameter; a detail's query parameters are tried on a
    real record, and its key gets each hostile value too."""
    known = {parameter.name: seeded.known_keys[operation.path][0] for parameter in operation.path_parameters}
    cases = []
    for parameter in operation.query:
        for value in hostile_values(parameter):
            cases.append(operation.Case(path_parameters=known, query={parameter.name: value}))
    for parameter in operation.path_parameters:
        # Only keys the URL can route: others never reach the API (the router's pattern).
        integer = parameter.definition["schema"].get("type") == "integer"
        for value in hostile_values(parameter):
            key = int(value) if integer and value.lstrip("-").isdigit() else value
            if routable(operation, parameter.name, key):
                cases.append(operation.Case(path_parameters={**known, parameter.name: key}))
    assert_all_answer_as_documented(cases, seeded)


def assert_all_answer_as_documented(cases: list, seeded: Seeded) -> None:
    """Send every case, without and with an account, then report every one that failed (the
    first failure of each), each with the request that reproduces it."""
    failed = []
    for case in cases:
        for headers in ({}, editor(seeded)):
            try:
                case.call_and_validate(checks=CHECKS, headers=headers)
            except FailureGroup as group:
                titles = ", ".join(sorted({failure.title for failure in group.exceptions}))
                failed.append(f"{titles}: {case.as_curl_command(headers=headers)}")
                break
    assert not failed, "\n".join([f"{len(failed)} of {len(cases)} requests failed:", *failed])


# Documented examples ---------------------------------------------------------------------------


def date_fields(schema: dict) -> list[str]:
    """The top-level fields of a request body schema that hold a `format: date`."""
    if "$ref" in schema:
        schema = DOCUMENT["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return [name for name, field in schema.get("properties", {}).items() if field.get("format") == "date"]


def examples_with_edge_dates() -> list:
    """Every documented JSON request example, once with each of its date fields at each end of
    the calendar: a complete, realistic request whose date alone is extreme."""
    cases = []
    for operation in operations():
        body = operation.definition.raw.get("requestBody", {}).get("content", {}).get("application/json", {})
        for name, documented in body.get("examples", {}).items():
            for field in date_fields(body["schema"]):
                if field in documented["value"]:
                    for day in EDGE_DATES:
                        value = {**documented["value"], field: day.isoformat()}
                        cases.append(
                            pytest.param(operation, value, id=f"{label(operation)} {name} {field}={day}")
                        )
    return cases


@pytest.mark.parametrize(("operation", "body"), examples_with_edge_dates())
def test_every_documented_example_answers_a_date_at_the_end_of_the_calendar_as_documented(
    operation, body, wsgi_app, seeded
):
    known = {parameter.name: seeded.known_keys[operation.path][0] for parameter in operation.path_parameters}
    case = operation.Case(path_parameters=known, body=body, media_type="application/json")
    assert_all_answer_as_documented([case], seeded)


# Cursors ---------------------------------------------------------------------------------------


def cursor_lists() -> list:
    return [operation for operation in operations("GET") if any(p.name == "cursor" for p in operation.query)]


def orderings(operation) -> list[str]:
    """The list's default order and each field it can be ordered by, both ways."""
    view = resolve(operation.path).func.cls
    return ["", *(f"{sign}{field}" for field in view.ordering_fields for sign in ("", "-"))]


NEXT_CURSORS: dict[tuple[str, str], dict | None] = {}


def next_cursor(client, operation, ordering: str) -> dict[str, list[str]] | None:
    """The fields of the cursor in the `next` link of the list's first one-row page (the seed
    story is the same for the whole module: asked once)."""
    if (operation.path, ordering) not in NEXT_CURSORS:
        NEXT_CURSORS[operation.path, ordering] = read_next_cursor(client, operation, ordering)
    return NEXT_CURSORS[operation.path, ordering]


def read_next_cursor(client, operation, ordering: str) -> dict[str, list[str]] | None:
    query = {"page_size": 1, **({"ordering": ordering} if ordering else {})}
    page = client.get(f"{operation.path}?{urlencode(query)}")
    assert page.status_code == 200, page.status_code
    link = page.json["next"]
    if link is None:
        return None
    (cursor,) = parse_qs(urlsplit(link).query)["cursor"]
    return parse_qs(base64.b64decode(cursor).decode(), keep_blank_values=True)


def with_fields(fields: dict[str, list[str]], **changes: str) -> str:
    return base64.b64encode(urlencode({**fields, **changes}, doseq=True).encode()).decode()


POSITIONS = st.text(max_size=40)
OFFSETS = st.one_of(st.integers(min_value=-(2**70), max_value=2**70).map(str), st.text(max_size=8))


@pytest.mark.parametrize("operation", cursor_lists(), ids=label)
@settings(SETTINGS, max_examples=FUZZ_EXAMPLES or 3)
@given(position=POSITIONS, offset=OFFSETS, reverse=st.sampled_from(["0", "1", "2", ""]))
@example(position="not-a-date", offset="0", reverse="0")
@example(position="", offset="-1", reverse="1")
@example(position="%s", offset="99999999999999999999", reverse="x")
@example(position="\x00", offset="0", reverse="0")
@example(position="9999-99-99", offset="0", reverse="1")
def test_every_cursor_list_answers_a_cursor_with_a_bad_position_as_documented(
    operation, wsgi_app, seeded, position, offset, reverse
):
    """A cursor taken from a real `next` link, its position (offset, direction) changed: it
    decodes, but does not point at a row. A 400 naming `cursor`, or a page; never a 500."""
    client = WerkzeugClient(wsgi_app)
    for ordering in orderings(operation):
        fields = next_cursor(client, operation, ordering)
        if fields is None:
            continue
        query = {"page_size": 1, **({"ordering": ordering} if ordering else {})}
        for cursor in (
            with_fields(fields, p=position),
            with_fields(fields, o=offset),
            with_fields(fields, r=reverse),
        ):
            operation.Case(query={**query, "cursor": cursor}).call_and_validate(checks=CHECKS)


def test_a_throttled_reader_gets_the_documented_429(wsgi_app, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1/minute"})
    case = api["/api/sectors/"]["GET"].Case()
    assert case.call_and_validate(checks=CHECKS).status_code == 200
    response = case.call_and_validate(checks=CHECKS)
    assert response.status_code == 429
    assert int(response.headers["retry-after"][0]) > 0


def test_the_schema_under_test_is_the_one_served(wsgi_app):
    response = Client().get("/api/schema/?format=json")
    assert response.status_code == 200
    assert response.json() == DOCUMENT
