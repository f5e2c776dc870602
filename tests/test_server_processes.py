"""The production server as several processes (WEB_PROCESSES=2): a parent binds the listening
socket and runs two workers that each answer on their own; a worker killed is replaced; SIGTERM
lets the answer being sent arrive whole, then stops every process, and the parent exits 0; a worker
does not outlive its parent; an address already taken stops the server at once, saying so.
WEB_PROCESSES=1 is one process, as before.

The server runs as in tests/test_slow_clients.py, whose helpers start it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.test_slow_clients import (
    EVENTS,
    ROOT,
    SlowReader,
    demo_database,
    production_server,
    server_env,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def database(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[str]:
    yield from demo_database(django_db_blocker, tmp_path_factory, "procs")


@pytest.fixture(scope="module")
def server(database, tmp_path_factory):
    with production_server(database, tmp_path_factory.mktemp("procs-log"), WEB_PROCESSES="2") as running:
        yield running


def state(pid: int) -> tuple[str, int] | None:
    """A process's state letter and parent, from /proc; None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None
    return fields[0], int(fields[1])


def workers(parent: int) -> list[int]:
    """The live child processes of ``parent``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (known := state(int(entry.name))):
            if known[1] == parent and known[0] != "Z":
                found.append(int(entry.name))
    return sorted(found)


def gone(pid: int) -> bool:
    known = state(pid)
    return known is None or known[0] == "Z"


def eventually(condition: Callable[[], bool], within: float = 30) -> bool:
    end = time.monotonic() + within
    while not condition():
        if time.monotonic() > end:
            return False
        time.sleep(0.1)
    return True


def status(url: str) -> int:
    with urllib.request.urlopen(url, timeout=20) as response:
        response.read()
        return response.status


def sockets_held(pid: int) -> int:
    return sum(os.readlink(fd).startswith("socket:") for fd in Path(f"/proc/{pid}/fd").iterdir())


def answers_with_only(survivor: int, server) -> bool:
    """Whether the site answers, new connection after new connection, while every worker but
    ``survivor`` is stopped (SIGSTOP)."""
    stopped = [pid for pid in workers(server.proc.pid) if pid != survivor]
    for pid in stopped:
        os.kill(pid, signal.SIGSTOP)
    try:
        return all(status(server.base + "/api/sectors/") == 200 for _ in range(4))
    finally:
        for pid in stopped:
            os.kill(pid, signal.SIGCONT)


def test_two_workers_each_answer_while_the_other_is_stopped(server):
    both = workers(server.proc.pid)

    assert len(both) == 2
    assert all(answers_with_only(pid, server) for pid in both)
    # The parent holds its listening socket and nothing else a worker could inherit and share
    # (no database connection, no cache client).
    assert sockets_held(server.proc.pid) == 1


def test_a_killed_worker_is_replaced_and_the_site_keeps_answering(server):
    killed, kept = workers(server.proc.pid)
    os.kill(killed, signal.SIGKILL)

    assert eventually(lambda: len(now := workers(server.proc.pid)) == 2 and killed not in now)
    (new,) = set(workers(server.proc.pid)) - {kept}
    assert answers_with_only(new, server)
    assert answers_with_only(kept, server)
    assert f"worker {killed} killed by SIGKILL; starting another" in server.log.read_text()


def test_sigterm_lets_the_export_being_read_arrive_whole_then_stops_every_process(database, tmp_path):
    with production_server(database, tmp_path, WEB_PROCESSES="2") as server:
        both = workers(server.proc.pid)
        reader = SlowReader(server.port, "/api/events/?format=csv")
        reading = threading.Thread(target=reader.run)
        reading.start()
        assert eventually(lambda: reader.received)  # the export has begun to arrive

        server.proc.send_signal(signal.SIGTERM)

        assert server.proc.wait(60) == 0
        reading.join(60)
        assert all(gone(pid) for pid in both)
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", server.port), timeout=5).close()
    rows = reader.body.decode("utf-8-sig").splitlines()
    assert len(rows) == 1 + EVENTS
    assert reader.body.endswith(b"\n")


def test_the_workers_stop_when_the_parent_is_killed(database, tmp_path):
    with production_server(database, tmp_path, WEB_PROCESSES="2") as server:
        both = workers(server.proc.pid)
        assert len(both) == 2
        server.proc.kill()
        server.proc.wait()

        assert eventually(lambda: all(gone(pid) for pid in both))


def test_one_process_serves_alone(database, tmp_path):
    with production_server(database, tmp_path, WEB_PROCESSES="1") as server:
        assert workers(server.proc.pid) == []
        assert status(server.base + "/api/sectors/") == 200


def test_an_address_already_taken_stops_the_server_at_once_with_the_reason(database):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "tracker.serve"],
            cwd=ROOT,
            env={**server_env(database), "LISTEN": f"127.0.0.1:{port}", "WEB_PROCESSES": "2"},
            capture_output=True,
            text=True,
            timeout=120,
        )

    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1 port {port}: Address already in use" in result.stderr
