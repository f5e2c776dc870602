"""Slow clients cannot take the site down: the production server, started as the README says
(`python -m tracker.serve`, waitress), keeps answering other readers while two
clients dribble their request headers and a third reads a CSV export slowly, and the slow
reader gets the whole file, however long reading it takes. It is checked as one process
(WEB_PROCESSES=1) and as two workers sharing the listening socket (WEB_PROCESSES=2).

The server runs as a subprocess against a copy of the test database (a file for SQLite, a
database made from the test one as a template for PostgreSQL) with demo events added, so the
test's own database is never flushed. tests/test_server_processes.py uses the same helpers.
"""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.db import connection

# The test itself reads nothing: the mark makes pytest-django create the test database to copy.
pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
EVENTS = 500  # about 70 KB of CSV: many reads, some 4 s, for a reader taking 16 KiB a second
READ_SIZE = 4096
READ_EVERY = 0.25  # seconds: 16 KiB a second
HEADER_EVERY = 0.5  # seconds between the header lines a slow client sends


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DEBUG": "0",
        "TESTING": "1",
        "SECRET_KEY": "test-slow-clients",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "API_ANON_RATE": "none",
        "PAGE_CACHE_SECONDS": "0",
        "REDIS_URL": "",
    }


def copy_test_database(tmp_path: Path, suffix: str = "slow") -> Iterator[str]:
    """A URL for a copy of this worker's test database, migrated, with its data; dropped after."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        path = tmp_path / f"{suffix}.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
        yield f"sqlite:///{path}"
        return
    import psycopg

    name = f"{settings['NAME']}_{suffix}"
    admin = f"host={settings['HOST']} port={settings['PORT']} user={settings['USER']} dbname=postgres"
    if settings["PASSWORD"]:
        admin += f" password={settings['PASSWORD']}"
    connection.close()  # a template database must have no other connections
    with psycopg.connect(admin, autocommit=True) as pg:
        pg.execute(f'DROP DATABASE IF EXISTS "{name}"')
        pg.execute(f'CREATE DATABASE "{name}" TEMPLATE "{settings["NAME"]}"')
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    try:
        yield f"postgres://{settings['USER']}{password}@{settings['HOST']}:{settings['PORT']}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as pg:
            pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def demo_database(django_db_blocker, tmp_path_factory, suffix: str) -> Iterator[str]:
    """A copy of the test database with `EVENTS` demo events (see `copy_test_database`)."""
    with django_db_blocker.unblock():
        copies = copy_test_database(tmp_path_factory.mktemp(suffix), suffix)
        database_url = next(copies)
    try:
        subprocess.run(
            [sys.executable, "manage.py", "generate_demo", "--events", str(EVENTS), "--quiet"],
            cwd=ROOT,
            env=server_env(database_url),
            check=True,
        )
        yield database_url
    finally:
        with django_db_blocker.unblock():
            next(copies, None)


@dataclass
class Server:
    base: str
    proc: subprocess.Popen
    log: Path

    @property
    def port(self) -> int:
        return int(self.base.rsplit(":", 1)[1])


@contextmanager
def production_server(database_url: str, log_dir: Path, **settings: str) -> Iterator[Server]:
    """`python -m tracker.serve` on a free port with ``settings`` added to its environment, once
    it answers; stopped after with SIGTERM, and anything left of its process group killed."""
    port = free_port()
    log = log_dir / "server.log"
    with open(log, "w") as errors:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tracker.serve"],
            cwd=ROOT,
            env={**server_env(database_url), "LISTEN": f"127.0.0.1:{port}", **settings},
            stdout=subprocess.DEVNULL,
            stderr=errors,
            start_new_session=True,  # its own process group, to kill whatever a test leaves
        )
    try:
        server = Server(f"http://127.0.0.1:{port}", proc, log)
        wait_until_up(server.base, proc, log)
        yield server
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@pytest.fixture(scope="module")
def database(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[str]:
    yield from demo_database(django_db_blocker, tmp_path_factory, "slow")


@pytest.fixture(scope="module", params=[1, 2], ids=["1 process", "2 processes"])
def server(request, database, tmp_path_factory) -> Iterator[str]:
    """The production server with ``request.param`` processes; yields its address."""
    log_dir = tmp_path_factory.mktemp("slow-log")
    with production_server(database, log_dir, WEB_PROCESSES=str(request.param)) as running:
        yield running.base


def wait_until_up(base: str, proc: subprocess.Popen, log: Path) -> None:
    end = time.monotonic() + 60
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"the server stopped:\n{log.read_text()}")
        try:
            urllib.request.urlopen(base + "/", timeout=5).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer:\n{log.read_text()}")


@dataclass
class SlowHeaders:
    """A client that sends a request line and then one header line every `HEADER_EVERY`
    seconds, never finishing its headers, until stopped."""

    port: int
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        with socket.create_connection(("127.0.0.1", self.port)) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            line = 0
            while not self.stop.wait(HEADER_EVERY):
                line += 1
                try:
                    sock.sendall(f"X-Slow-{line}: still coming\r\n".encode())
                except OSError:
                    return


@dataclass
class SlowReader:
    """Downloads a URL over HTTP/1.0 reading `READ_SIZE` bytes every `READ_EVERY` seconds
    through a small receive window, so the server cannot hand it everything at once."""

    port: int
    path: str
    received: bytes = b""

    def run(self) -> None:
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, READ_SIZE)
        sock.settimeout(30)
        with sock:
            sock.connect(("127.0.0.1", self.port))
            sock.sendall(f"GET {self.path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
            while chunk := sock.recv(READ_SIZE):
                self.received += chunk
                time.sleep(READ_EVERY)

    @property
    def body(self) -> bytes:
        return self.received.partition(b"\r\n\r\n")[2]


def timed_get(url: str) -> float:
    started = time.monotonic()
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
    return time.monotonic() - started


def run_slow_clients(base: str) -> tuple[list[float], SlowReader]:
    """Two slow-header clients and a slow CSV reader at once; meanwhile five ordinary page
    loads, one after another. Returns how long each page load took, and the reader."""
    port = int(base.rsplit(":", 1)[1])
    dribblers = [SlowHeaders(port) for _ in range(2)]
    reader = SlowReader(port, "/api/events/?format=csv")
    threads = [threading.Thread(target=client.run) for client in [*dribblers, reader]]
    for thread in threads:
        thread.start()
        time.sleep(0.1)
    try:
        time.sleep(0.5)  # every slow client is connected and holding on
        waits = [timed_get(base + "/api/sectors/") for _ in range(5)]
    finally:
        for client in dribblers:
            client.stop.set()
        for thread in threads:
            thread.join(60)
    return waits, reader


def test_ordinary_requests_are_answered_while_slow_clients_hold_on_and_the_export_arrives_whole(server):
    waits, reader = run_slow_clients(server)

    assert max(waits) < 1.5, waits
    assert reader.received.split(b"\r\n", 1)[0].endswith(b" 200 OK"), reader.received[:200]
    rows = reader.body.decode("utf-8-sig").splitlines()
    assert rows[0].startswith("id,slug,title,kind,"), rows[0]
    assert len(rows) == 1 + EVENTS  # the header and every event: nothing cut
    assert reader.body.endswith(b"\n")
