"""The servers under load: the project as deployed (waitress, tracker/serve.py) and Datasette, on
127.0.0.1; wrk against them, and a CSV export read while the server's memory is watched.

Every process started here is listed in ``started``, so that the run can stop them all on exit.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from http.client import HTTPConnection, HTTPException
from pathlib import Path

import redis

from bench.config import (
    APP_PORT,
    CONCURRENCY,
    CSV_CAP,
    DATA,
    DATASETTE,
    DS_PORT,
    PAIR_SQL,
    PY,
    REDIS,
    ROOT,
    app_env,
)

started: list[subprocess.Popen] = []


def start(cmd: list[str], env: dict | None = None) -> subprocess.Popen:
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(DATA / "server.log", "a")
    )
    started.append(proc)
    return proc


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    started.remove(proc)


def stop_all() -> None:
    for proc in list(started):
        stop(proc)


def wait_for(url: str, timeout: float = 60) -> None:
    end = time.time() + timeout
    while time.time() < end:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer")


def flush_redis() -> None:
    client = redis.Redis.from_url(REDIS)
    try:
        client.flushdb()
    finally:
        client.close()


def start_app(db: str, stored: bool = True) -> subprocess.Popen:
    # The production recipe (README): waitress, configured by tracker/serve.py.
    proc = start([PY, "-m", "tracker.serve"], env={**app_env(db, stored), "LISTEN": f"127.0.0.1:{APP_PORT}"})
    wait_for(f"http://127.0.0.1:{APP_PORT}/api/")
    return proc


def start_datasette(path: Path, db: str) -> subprocess.Popen:
    metadata = DATA / "metadata.json"
    query = PAIR_SQL.format(low=":low", high=":high")
    metadata.write_text(json.dumps({"databases": {db: {"queries": {"pair": {"sql": query}}}}}))
    proc = start(
        [
            DATASETTE, "serve", "-i", str(path), "-h", "127.0.0.1", "-p", str(DS_PORT), "-m", str(metadata),
            "--setting", "max_csv_mb", "0", "--setting", "sql_time_limit_ms", "600000",
        ]
    )  # fmt: skip
    wait_for(f"http://127.0.0.1:{DS_PORT}/-/versions.json")
    return proc


def wrk(url: str, duration: float, headers: tuple[str, ...] = ()) -> dict:
    """req/s, p50 and p99 (ms) of ``url`` under wrk for ``duration`` seconds, each request sent
    with ``headers`` ("Name: value"); raises on any answer but a 2xx, or none."""
    request = urllib.request.Request(url, headers=dict(h.split(": ", 1) for h in headers))
    urllib.request.urlopen(request, timeout=60).read()  # warm up, and fail loudly on an error
    command = ["wrk", "-t", "2", "-c", str(CONCURRENCY), "-d", f"{duration:.0f}s", "--timeout", "60s"]
    for header in headers:
        command += ["-H", header]
    out = subprocess.run(
        [*command, "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in out or "Socket errors" in out or "Requests/sec:        0" in out:
        raise RuntimeError(f"errors from {url}:\n{out}")
    if re.search(r"^\s*0 requests in", out, re.M):  # a page slower than the measurement: no latencies
        raise RuntimeError(f"no request answered within {duration:.0f} s: {url}")

    def ms(label: str) -> float:
        value, unit = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": ms("50%"),
        "p99": ms("99%"),
    }


def load(url: str, duration: float, headers: tuple[str, ...] = ()) -> dict:
    """``wrk``, or ``{"error": why}`` when the address fails: one page of the many measured must
    not end the run, and its failure is shown in its row."""
    try:
        return wrk(url, duration, headers)
    except urllib.error.HTTPError as error:
        return {"error": f"HTTP {error.code}"}
    except (OSError, HTTPException, RuntimeError, subprocess.CalledProcessError) as error:
        found = re.search(r"Non-2xx or 3xx responses: \d+|Socket errors: [^\n]*", str(error))
        return {"error": found.group(0) if found else str(error).splitlines()[0][:120]}


def rss_mib(pids: list[int]) -> float:
    best = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    best = max(best, int(line.split()[1]))
        except OSError:
            pass
    return best / 1024


def children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(x) for x in out.split()]


def stream(port: int, path: str, pids: list[int], cap: float = CSV_CAP) -> dict:
    """Download a CSV export; rows/s, time to first byte and the server's peak RSS meanwhile.
    An export still running after ``cap`` seconds is cut: rows/s from what arrived, memory so far."""
    conn = HTTPConnection("127.0.0.1", port, timeout=900)
    before = rss_mib(pids)
    t = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    assert response.status == 200, (path, response.status, response.read(500))
    first = response.read(1)
    ttfb = time.perf_counter() - t
    lines, size, peak, last_poll = first.count(b"\n"), 1, before, 0.0
    while (chunk := response.read(1 << 16)) and time.perf_counter() - t < cap:
        lines += chunk.count(b"\n")
        size += len(chunk)
        if (now := time.perf_counter()) - last_poll > 0.05:
            peak, last_poll = max(peak, rss_mib(pids)), now
    elapsed = time.perf_counter() - t
    peak = max(peak, rss_mib(pids))
    partial = bool(chunk)  # stopped at the cap
    conn.close()
    return {
        "partial": partial,
        "rows": lines - 1,
        "rows_s": (lines - 1) / elapsed,
        "ttfb": ttfb * 1000,
        "s": elapsed,
        "mb": size / 1e6,
        "peak": peak,
        "before": before,
    }
