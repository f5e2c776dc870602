"""Editors writing at once: API clients posting together, and how many of their writes fail.

    .venv/bin/python bench/concurrent_writes.py --database sqlite      # as `make run` serves it
    .venv/bin/python bench/concurrent_writes.py --database postgres [--pg-name tracker_concurrent]
    .venv/bin/python bench/concurrent_writes.py --url http://127.0.0.1:8000 --token KEY

With ``--database``, builds a fresh database (an SQLite file in a temporary folder, or the
PostgreSQL database ``--pg-name``, dropped and made again), migrates it, makes an editor with an
API token, serves it with ``manage.py runserver`` on ``--port`` (threaded, as `make run` does) or
with the production server (``--server production``, tracker/serve.py), measures, stops the
server and says whether the stored totals still equal a recount. With ``--url``, measures a
server already running, as the editor whose token is given (writes test records there: use a
scratch database).

Two measurements, each ``--clients`` clients posting ``--writes`` records at the same moment:
sources (the simplest write), and events that share countries listed in a different order by
each client (each event's countries, pairs and stored totals). Prints per measurement the tries,
the writes answered 201, the failures by status and the first error, and the lost writes (a 201
whose record cannot be read back).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
PG = "postgres://postgres@127.0.0.1:5432/"
# Countries the events share; each client lists them in its own order (`event_countries`).
SHARED = ["PK", "TR", "IN", "CN", "AZ", "SA"]


@dataclass
class Outcome:
    """What the clients of one measurement got back."""

    name: str
    tries: int = 0
    created: list[str] = field(default_factory=list)  # the detail URL of each record answered 201
    failures: Counter = field(default_factory=Counter)  # by status (0: no answer)
    first_error: str = ""
    lost: int = 0
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def line(self) -> str:
        failed = sum(self.failures.values())
        by_status = ", ".join(f"{n}×{status}" for status, n in sorted(self.failures.items()))
        text = (
            f"{self.name:<8} tries {self.tries:>3}  created {len(self.created):>3}  "
            f"failed {failed:>3}{f' ({by_status})' if by_status else ''}  lost {self.lost}  "
            f"in {self.seconds:.1f} s"
        )
        return text + (f"\n         first error: {self.first_error}" if self.first_error else "")


def request(url: str, token: str, payload: dict | None = None) -> tuple[int, bytes]:
    data = json.dumps(payload).encode() if payload is not None else None
    req = urllib.request.Request(url, data=data, method="POST" if data else "GET")
    if token:
        req.add_header("Authorization", f"Token {token}")
    req.add_header("Accept", "application/json")
    if data:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError as error:
        return 0, str(error).encode()


def source(client: int, n: int, run: str) -> dict:
    return {
        "title": f"Concurrent write {run} {client}-{n}",
        "publisher": f"Client {client}",
        "link": f"https://example.org/{run}/{client}/{n}",
        "kind": "online",
    }


def event_countries(client: int, n: int) -> list[str]:
    """Three or four of the shared countries, in an order that differs between clients: each
    client starts at another place in the list and half of them walk it backwards."""
    order = SHARED[client % len(SHARED) :] + SHARED[: client % len(SHARED)]
    if client % 2:
        order.reverse()
    size = 3 + n % 2
    start = n % len(order)
    return (order[start:] + order[:start])[:size]


def event(client: int, n: int, run: str) -> dict:
    return {
        "title": f"Concurrent meeting {run} {client}-{n}",
        "kind": "meeting",
        "date": "2025-10",
        "countries": [{"country": code, "role": "party"} for code in event_countries(client, n)],
    }


def measure(name: str, url: str, token: str, make, clients: int, writes: int) -> Outcome:
    """``clients`` threads post ``writes`` records each to ``url``, all starting together."""
    outcome = Outcome(name)
    run = uuid.uuid4().hex[:8]
    start = threading.Barrier(clients)

    def client(i: int) -> None:
        start.wait()
        for n in range(writes):
            status, body = request(url, token, make(i, n, run))
            with outcome.lock:
                outcome.tries += 1
                if status == 201:
                    outcome.created.append(json.loads(body)["url"])
                else:
                    outcome.failures[status] += 1
                    outcome.first_error = outcome.first_error or f"{status}: {body[:300]!r}"

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcome.seconds = time.perf_counter() - began
    outcome.lost = sum(request(detail, token)[0] != 200 for detail in outcome.created)
    return outcome


# --- a server of its own -------------------------------------------------------------------


def server_env(database_url: str, redis_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "TESTING", "PAGE_CACHE_SECONDS"}}
    return {
        **env,
        # As `make run` serves it: DEBUG on, stored pages on, the database cache unless
        # --redis is given (as in production).
        "DEBUG": "1",
        "SECRET_KEY": "bench-" + "x" * 50,
        "DATABASE_URL": database_url,
        **({"REDIS_URL": redis_url} if redis_url else {}),
        "LOG_LEVEL": "WARNING",
    }


def manage(env: dict, *args: str) -> str:
    done = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)}: {done.stderr}")
    return done.stdout.strip()


def probe(env: dict, name: str):
    """The answer of ``bench/probes/<name>.py`` on the database of ``env``."""
    env = {**env, "DJANGO_SETTINGS_MODULE": "tracker.settings"}
    done = subprocess.run(
        [PY, "-m", f"bench.probes.{name}"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise RuntimeError(f"bench/probes/{name}.py: {done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def make_database(database: str, pg_name: str, folder: Path) -> str:
    if database == "sqlite":
        return f"sqlite:///{folder / 'db.sqlite3'}"
    import psycopg

    with psycopg.connect(PG + "postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{pg_name}"')
    return PG + pg_name


def serve(env: dict, server: str, port: int, log: Path) -> subprocess.Popen:
    if server == "production":
        cmd = [PY, "-m", "tracker.serve"]
        env = {**env, "LISTEN": f"127.0.0.1:{port}"}
    else:
        cmd = [PY, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log.open("w"))
    end = time.time() + 60
    while time.time() < end:
        if request(f"http://127.0.0.1:{port}/api/", "")[0] == 200:
            return proc
        if proc.poll() is not None:
            raise RuntimeError(f"the server stopped: {log.read_text()[-2000:]}")
        time.sleep(0.3)
    stop(proc)
    raise RuntimeError("the server did not answer")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", choices=["sqlite", "postgres"])
    parser.add_argument("--pg-name", default="tracker_concurrent_writes")
    parser.add_argument("--redis", help="the cache, e.g. redis://127.0.0.1:6379/9 (default: the database)")
    parser.add_argument("--server", choices=["runserver", "production"], default="runserver")
    parser.add_argument("--port", type=int, default=8103)
    parser.add_argument("--url", help="a running server instead (with --token)")
    parser.add_argument("--token")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--writes", type=int, default=10, help="records each client posts")
    args = parser.parse_args()
    if bool(args.url) == bool(args.database) or bool(args.url) != bool(args.token):
        parser.error("give --database, or --url and --token")

    folder = Path(tempfile.mkdtemp(prefix="concurrent-writes-"))
    proc, env = None, None
    try:
        if args.database:
            env = server_env(make_database(args.database, args.pg_name, folder), args.redis)
            manage(env, "migrate", "--no-input")
            manage(env, "createcachetable")
            token = probe(env, "editor_token")
            proc = serve(env, args.server, args.port, folder / "server.log")
            base = f"http://127.0.0.1:{args.port}"
        else:
            base, token = args.url.rstrip("/"), args.token
        against = f"{args.database} ({args.server}, {'Redis' if args.redis else 'database'} cache)"
        print(f"{args.clients} clients × {args.writes} writes each, against {against if env else base}:")
        for name, path, make in [("sources", "/api/sources/", source), ("events", "/api/events/", event)]:
            print(measure(name, base + path, token, make, args.clients, args.writes).line(), flush=True)
        if env:
            wrong = probe(env, "totals_recount")
            print(f"stored totals unequal to a recount: {wrong}")
    finally:
        if proc:
            stop(proc)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
