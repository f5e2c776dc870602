"""Editors writing at once: API clients posting together each get a 201, every record is stored,
and the stored totals still equal a recount.

The clients are threads, each with its own database connection, as a server's are. A test's own
transaction is invisible to other connections, so these tests need no ``transactional_db`` (and
no flush of the suite's database): the threads write to a copy of the test database made for the
test, an SQLite file or a PostgreSQL database made from it as a template, then dropped.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar
from unittest import mock

import psycopg
import pytest
from django.contrib.auth.models import Group, User
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Count
from django.urls import reverse
from rest_framework.test import APIClient

from relations.models import (
    CountryTotal,
    Event,
    EventCountry,
    EventPair,
    PairTotal,
    Source,
)
from tests.test_settings import load_settings

T = TypeVar("T")
CLIENTS = 4
# Enough for writes to overlap: before writers of totals took one lock first, PostgreSQL ended
# about one event in four with "deadlock detected" (4 of 24 in a run).
EVENTS_PER_CLIENT = 6
# The countries the events share; each client lists them in an order of its own.
SHARED = ["PK", "TR", "IN", "CN", "AZ", "SA"]


# The test database must exist; the tests' own transaction goes unused.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def scratch_database(tmp_path_factory, django_db_setup, django_db_blocker) -> Iterator[None]:
    """Connections opened from here on (other threads') use a copy of the test database, with an
    editor; the test database itself is not changed. Made once for the module, before any test's
    transaction begins (a fixture of a wider scope comes first): a PostgreSQL database is copied
    only while no one is connected to it."""
    settings = connections.settings[DEFAULT_DB_ALIAS]
    with django_db_blocker.unblock():
        if connection.vendor == "sqlite":
            copy = _sqlite_copy(tmp_path_factory.mktemp("writes") / "db.sqlite3")
        else:
            copy = _postgresql_copy(settings)
        with (
            copy as name,
            mock.patch.dict(connections.settings, {DEFAULT_DB_ALIAS: {**settings, "NAME": name}}),
        ):
            in_thread(_make_editor)
            yield


@contextmanager
def _sqlite_copy(path: Path) -> Iterator[str]:
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    yield str(path)


@contextmanager
def _postgresql_copy(settings: dict) -> Iterator[str]:
    template = settings["NAME"]
    name = f"{template}_writes"
    connection.close()  # a template must have no one connected
    server = {
        key: settings[key.upper()]
        for key in ("host", "port", "user", "password")
        if settings.get(key.upper())
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        try:
            yield name
        finally:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def _make_editor() -> None:
    editor = User.objects.create_user("editor")
    editor.groups.add(Group.objects.get(name="Editors"))


def in_thread(work: Callable[[], T]) -> T:
    """``work()``'s result, run in a thread of its own (with a connection of its own)."""
    [[result]] = together([[work]])
    if isinstance(result, Exception):
        raise result
    return result


def together(clients: list[list[Callable[[], Any]]]) -> list[list[Any]]:
    """Each client's calls made in a thread of its own, all threads starting at once; what each
    call returned (or raised), client by client."""
    start = threading.Barrier(len(clients))
    results: list[list[Any]] = [[] for _ in clients]

    def run(calls: list[Callable[[], Any]], found: list[Any]) -> None:
        try:
            start.wait()
            for call in calls:
                try:
                    found.append(call())
                except Exception as error:
                    found.append(error)
        finally:
            connections.close_all()  # this thread's

    threads = [threading.Thread(target=run, args=pair) for pair in zip(clients, results, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def editor_client() -> APIClient:
    client = APIClient()
    client.raise_request_exception = False  # a server answers 500: so does this client
    client.force_authenticate(User.objects.get(username="editor"))
    return client


def post_all(path: str, payloads: list[list[dict]]) -> list[int]:
    """Each client's payloads posted to ``path`` by a client of its own, all at once; the status
    codes of the answers."""

    def poster(client_payloads: list[dict]) -> list[Callable[[], int]]:
        clients: list[APIClient] = []

        def post(payload: dict) -> int:
            if not clients:
                clients.append(editor_client())
            return clients[0].post(path, payload, format="json").status_code

        return [lambda payload=payload: post(payload) for payload in client_payloads]

    return [status for found in together([poster(p) for p in payloads]) for status in found]


def countries_in_order(client: int, n: int) -> list[str]:
    """Three or four of the shared countries, in an order that differs between clients: each
    client starts at another place in the list, and every other one walks it backwards."""
    order = SHARED[client:] + SHARED[:client]
    if client % 2:
        order.reverse()
    start = n % len(order)
    return (order[start:] + order[:start])[: 3 + n % 2]


def totals_and_recounts() -> tuple[dict, dict]:
    """Every stored event total (pairs and countries, zeros left out), and a count made now."""
    pairs = EventPair.objects.values_list("low", "high").annotate(n=Count("pk"))
    countries = EventCountry.objects.order_by().values_list("country_id").annotate(n=Count("pk"))
    stored_pairs = PairTotal.objects.filter(events__gt=0).values_list("low", "high", "events")
    stored_countries = CountryTotal.objects.filter(events__gt=0).values_list("country", "events")
    return (
        {"pairs": {(lo, hi): n for lo, hi, n in stored_pairs}, "countries": dict(stored_countries)},
        {"pairs": {(lo, hi): n for lo, hi, n in pairs}, "countries": dict(countries)},
    )


def test_four_clients_posting_sources_at_once_all_get_201(scratch_database):
    titles = [[f"Report {client}-{n}" for n in range(8)] for client in range(CLIENTS)]
    payloads = [[{"title": title, "publisher": "Dawn", "kind": "newspaper"} for title in t] for t in titles]

    statuses = post_all(reverse("api:source-list"), payloads)

    assert Counter(statuses) == {201: 32}
    stored = in_thread(
        lambda: sorted(Source.objects.filter(publisher="Dawn").values_list("title", flat=True))
    )
    assert stored == sorted(title for t in titles for title in t)


def test_four_clients_posting_events_of_shared_countries_in_other_orders_all_get_201(scratch_database):
    payloads = [
        [
            {
                "title": f"Talks {client}-{n}",
                "kind": "meeting",
                "date": "2025-10",
                "countries": [{"country": code, "role": "party"} for code in countries_in_order(client, n)],
            }
            for n in range(EVENTS_PER_CLIENT)
        ]
        for client in range(CLIENTS)
    ]

    statuses = post_all(reverse("api:event-list"), payloads)

    assert Counter(statuses) == {201: CLIENTS * EVENTS_PER_CLIENT}
    titles = in_thread(
        lambda: set(Event.objects.filter(title__startswith="Talks ").values_list("title", flat=True))
    )
    assert titles == {payload["title"] for client_payloads in payloads for payload in client_payloads}
    stored, counted = in_thread(totals_and_recounts)
    assert stored == counted
    assert stored["countries"]["PK"] >= 1  # the clients' events are among them


def test_the_sqlite_options_are_not_given_to_postgresql():
    # psycopg would refuse to connect with SQLite's options (transaction_mode, init_command).
    show = "from django.conf import settings as s; print(s.DATABASES['default'].get('OPTIONS', {}))"
    sqlite = load_settings(show, DEBUG="1", DATABASE_URL="")
    postgresql = load_settings(show, DEBUG="1", DATABASE_URL="postgres://u@db.example.org:5432/tracker")
    assert "'transaction_mode': 'IMMEDIATE'" in sqlite.stdout, sqlite.stderr
    assert postgresql.stdout.strip() == "{}", postgresql.stderr
