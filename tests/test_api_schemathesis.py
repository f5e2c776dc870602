"""Schemathesis over /api/schema/: every operation is called with data the schema allows, in-process.

Reads go to every endpoint (lists and details) as an anonymous reader; writes (POST, PUT, PATCH,
DELETE) carry an editor's token, and a few go without one. Every response must be one the schema
describes: no server error, a documented status code and content type, a body that matches the
documented schema; and a record a write answers with reads back the same at its own `url`.

The runs are bounded and derandomized (a fixed seed, no example database), so CI sends the same
requests every time. The WSGI calls run in the test's own thread and database connection, so the
seed data and the writes live in the test's transaction and are rolled back after it.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass

import pytest
import schemathesis
from django.contrib.auth.models import Group, User
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from werkzeug.test import Client as WerkzeugClient

from relations import services
from relations.models import Commission, Event, Official, Organization, Pledge, Sector, Source

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

#: Every phase: the schema's examples, the boundary values of every parameter and field (nulls,
#: enums, lengths; no undeclared methods), then generated data.
ALL_PHASES = {
    "examples": {"enabled": True},
    "coverage": {"enabled": True, "unexpected-methods": []},
    "fuzzing": {"enabled": True},
}
NO_COVERAGE = {**ALL_PHASES, "coverage": {"enabled": False}}
FUZZING_ONLY = {**NO_COVERAGE, "examples": {"enabled": False}}


def config(max_examples: int, phases: dict) -> SchemathesisConfig:
    """Data that fits the schema, derandomized: the same requests on every run."""
    return SchemathesisConfig.from_dict(
        {
            "seed": 20250709,
            "generation": {
                "mode": "positive",
                "max-examples": max_examples,
                "deterministic": True,
                "database": "none",
            },
            "phases": phases,
        }
    )


def generated_schema() -> dict:
    """The document /api/schema/ serves, made without a request (collection has no database)."""
    spec = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(spec, renderer_context={}))


APP = get_wsgi_application()
DOCUMENT = generated_schema()


def api_schema(max_examples: int, phases: dict):
    loaded = schemathesis.openapi.from_dict(DOCUMENT, config=config(max_examples, phases))
    loaded.app = APP  # calls go to the Django application in-process, through WSGI
    return loaded


reads = api_schema(10, ALL_PHASES).include(method="GET")
creates = api_schema(15, ALL_PHASES).include(method="POST")
# PUT and PATCH take the body POST takes; its boundary cases run once, on POST.
changes = api_schema(15, NO_COVERAGE).include(method=["PUT", "PATCH", "DELETE"])
anonymous_writes = api_schema(2, FUZZING_ONLY).exclude(method="GET")

#: Each pytest item is one operation whose examples share the seeded database on purpose; and how
#: fast cases are generated depends on the machine, not on the API.
SETTINGS = settings(
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ]
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
        services.seed_load()
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
                "/api/pledges/{id}/": list(Pledge.objects.values_list("pk", flat=True)),
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
    generated key, so the same run makes the same calls."""
    keys = seeded.known_keys.get(case.path)
    if not keys or not case.path_parameters:
        return
    (name,) = case.path_parameters
    checksum = zlib.crc32(str(case.path_parameters[name]).encode())
    if checksum % 2:
        case.path_parameters[name] = keys[checksum // 2 % len(keys)]


def write_as_editor(case, app, seeded: Seeded) -> None:
    use_known_key(case, seeded)
    token = {"Authorization": f"Token {seeded.editor_token}"}
    response = case.call_and_validate(checks=CHECKS, headers=token)
    # Proposals read from an article are no record (nothing is written): there is nothing to read back.
    if case.path == "/api/extract/":
        return
    if response.status_code in (200, 201) and "json" in response.headers["content-type"][0]:
        # What a write answers is the record as anyone now reads it at its own `url`.
        written = response.json()
        read = WerkzeugClient(app).get(written["url"])
        assert read.status_code == 200, (written["url"], read.status_code)
        assert read.json == written


@SETTINGS
@reads.parametrize()
def test_reads_as_anonymous(case, wsgi_app, seeded):
    use_known_key(case, seeded)
    case.call_and_validate(checks=CHECKS)


@SETTINGS
@creates.parametrize()
def test_creates_as_editor(case, wsgi_app, seeded):
    write_as_editor(case, wsgi_app, seeded)


@SETTINGS
@changes.parametrize()
def test_changes_and_deletes_as_editor(case, wsgi_app, seeded):
    write_as_editor(case, wsgi_app, seeded)


@SETTINGS
@anonymous_writes.parametrize()
def test_writes_without_an_account_are_refused(case, wsgi_app, seeded):
    use_known_key(case, seeded)
    response = case.call_and_validate(checks=CHECKS)
    assert response.status_code in (401, 403), response.status_code


def test_a_throttled_reader_gets_the_documented_429(wsgi_app, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1/minute"})
    case = reads["/api/sectors/"]["GET"].Case()
    assert case.call_and_validate(checks=CHECKS).status_code == 200
    response = case.call_and_validate(checks=CHECKS)
    assert response.status_code == 429
    assert int(response.headers["retry-after"][0]) > 0


def test_the_schema_under_test_is_the_one_served(wsgi_app):
    response = Client().get("/api/schema/?format=json")
    assert response.status_code == 200
    assert response.json() == DOCUMENT
