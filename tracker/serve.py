"""The production server: ``python -m tracker.serve`` (waitress), configured here.

Why waitress: a client that is slow, on purpose or by bad luck, must not hold what serves the
others. waitress reads every request in full in its main loop before it gives it to one of its
threads, and writes every response back from that loop too, buffering it (past 1 MB in a
temporary file), so a thread is busy only while the view runs. Clients that dribble their header
lines cost a connection each, not a worker, and a slow reader gets the whole CSV export: nothing
cuts it off. With gunicorn's sync workers, two header dribblers made every other request wait
35 s and a slow export was cut at the 30 s worker timeout; tests/test_slow_clients.py checks
this server against both. It also served the pages faster than two sync workers here: it keeps
connections alive, and its threads overlap their database waits (gevent workers were measured
too, and were no faster than sync ones; a thread keeps its database connection between requests).

Several processes: the views are Python, and one process runs Python on one CPU at a time
however many threads it has. So with WEB_PROCESSES above 1 the parent binds the listening
sockets once (a bad or busy address stops it at once, with the reason), then forks that many
workers, each a whole waitress (its own main loop, WEB_THREADS threads, database connections and
cache client) accepting from the same sockets; whichever is free takes a new connection. The
parent opens no database connection or cache client, so a worker inherits none. It restarts a
worker that dies (logged at WARNING). SIGTERM or SIGINT to the parent stops the workers: each
stops accepting, finishes the requests it has begun and sends their answers (at most
GRACE_SECONDS), then exits; the parent exits 0. A worker whose parent is gone stops the same way.
WEB_PROCESSES=1 is a single waitress process, as before, with no parent.

Environment: PORT (8000) or LISTEN (``host:port``, space-separated for several; default
``0.0.0.0:$PORT``), WEB_PROCESSES (the number of CPUs this process may use), WEB_THREADS (8 per
process: requests served at once; each keeps a database connection), WEB_CONNECTIONS (1000 per
process: open connections at once, slow ones included), and the settings' TRUSTED_PROXIES: with
0, forwarded headers (X-Forwarded-For, X-Forwarded-Proto, Forwarded) are removed from every
request, since any client can send them; with N, the client's address and scheme are taken from
the headers of the last N proxies, as the settings do for the API limit and the sign-in lockout.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
import time

from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from waitress import serve, wasyncore
from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer, create_server

from tracker.settings import env_int
from tracker.wsgi import application

logger = logging.getLogger(__name__)

# Seconds a stopping worker waits for the requests it has begun to be answered and sent.
GRACE_SECONDS = 10
STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT}


def options() -> dict:
    """waitress's settings from the environment (see the module docstring)."""
    port = os.environ.get("PORT") or "8000"
    proxies = env_int("TRUSTED_PROXIES", 0)
    chosen = {
        "listen": os.environ.get("LISTEN") or f"0.0.0.0:{port}",
        "threads": env_int("WEB_THREADS", 8),
        "connection_limit": env_int("WEB_CONNECTIONS", 1000),
        # poll(), not select(): select cannot watch file descriptors past 1024.
        "asyncore_use_poll": True,
        "ident": "tracker",
        # Forwarded headers from an untrusted client are removed before the application sees them.
        "clear_untrusted_proxy_headers": True,
    }
    if proxies:
        chosen |= {
            "trusted_proxy": "*",
            "trusted_proxy_count": proxies,
            "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"},
        }
    return chosen


def processes() -> int:
    """WEB_PROCESSES, by default one per CPU this process may run on."""
    count = env_int("WEB_PROCESSES", len(os.sched_getaffinity(0)))
    if count < 1:
        raise ImproperlyConfigured(f"WEB_PROCESSES must be at least 1, not {count}.")
    return count


def bind(chosen: dict) -> list[socket.socket]:
    """Listening sockets for ``chosen["listen"]``, bound as waitress binds them; exits with the
    reason when an address is malformed or cannot be had."""
    try:
        adjustments = Adjustments(**chosen)
    except ValueError as error:
        sys.exit(f"tracker.serve: LISTEN {chosen['listen']!r}: {error}")
    sockets = []
    for family, kind, proto, address in adjustments.listen:
        sock = socket.socket(family, kind, proto)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as error:
            sys.exit(f"tracker.serve: cannot listen on {address[0]} port {address[1]}: {error.strerror}")
        sock.listen(adjustments.backlog)
        sockets.append(sock)
    return sockets


def busy(socket_map: dict) -> bool:
    """Whether a connection has a request read and not yet answered, or an answer not yet sent."""
    return any(
        isinstance(channel, HTTPChannel) and (channel.requests or channel.total_outbufs_len)
        for channel in list(socket_map.values())
    )


def work(sockets: list[socket.socket], chosen: dict, parent: int) -> int:
    """One worker: waitress on the parent's sockets until SIGTERM or SIGINT, or until the parent
    is gone; then it stops accepting, finishes what it has begun (at most `GRACE_SECONDS`) and
    returns its exit status."""
    stopping = []
    for number in STOP_SIGNALS:
        signal.signal(number, lambda *_: stopping.append(True))
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {*STOP_SIGNALS, signal.SIGCHLD})
    settings = {name: value for name, value in chosen.items() if name != "listen"}
    socket_map: dict = {}
    server = create_server(application, map=socket_map, sockets=sockets, **settings)
    timeout = server.adj.asyncore_loop_timeout
    while not stopping and os.getppid() == parent:
        wasyncore.loop(timeout=timeout, map=socket_map, use_poll=True, count=1)
    for listener in list(socket_map.values()):
        if isinstance(listener, BaseWSGIServer):
            listener.accepting = False  # it takes no new connection; the other workers still do
    deadline = time.monotonic() + GRACE_SECONDS
    while busy(socket_map) and time.monotonic() < deadline:
        wasyncore.loop(timeout=timeout, map=socket_map, use_poll=True, count=1)
    server.task_dispatcher.shutdown()
    wasyncore.close_all(socket_map)
    return 0


def start_worker(sockets: list[socket.socket], chosen: dict) -> int:
    parent = os.getpid()
    pid = os.fork()
    if pid:
        return pid
    status = 1
    try:
        status = work(sockets, chosen, parent)
    except BaseException:
        logger.exception("worker %d failed", os.getpid())
    finally:
        logging.shutdown()
        os._exit(status)  # never back into the parent's code


def describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exited with status {os.waitstatus_to_exitcode(status)}"


def supervise(count: int, chosen: dict) -> int:
    """Bind, start ``count`` workers and keep that many running until SIGTERM or SIGINT; then
    stop them all and return 0."""
    sockets = bind(chosen)
    # Nothing here may be inherited by a worker: the parent holds no database connection (and
    # no cache client; it never touches one).
    connections.close_all()
    signal.pthread_sigmask(signal.SIG_BLOCK, {*STOP_SIGNALS, signal.SIGCHLD})
    for sock in sockets:
        host, port = sock.getsockname()[:2]
        host = f"[{host}]" if ":" in host else host
        logger.info("Serving on http://%s:%s with %d processes", host, port, count)
    workers = {start_worker(sockets, chosen): time.monotonic() for _ in range(count)}
    while signal.sigwaitinfo({*STOP_SIGNALS, signal.SIGCHLD}).si_signo == signal.SIGCHLD:
        while workers and (ended := os.waitpid(-1, os.WNOHANG))[0]:
            pid, status = ended
            lived = time.monotonic() - workers.pop(pid)
            logger.warning("worker %d %s; starting another", pid, describe(status))
            if lived < 1:
                time.sleep(1)  # one that fails at once is not restarted in a tight loop
            started = start_worker(sockets, chosen)
            workers[started] = time.monotonic()
    for pid in workers:
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + GRACE_SECONDS + 5
    while workers:
        pid, _ = os.waitpid(-1, os.WNOHANG)
        if pid:
            workers.pop(pid, None)
        elif time.monotonic() < deadline:
            time.sleep(0.05)
        else:
            for pid in workers:
                os.kill(pid, signal.SIGKILL)
            deadline = float("inf")
    for sock in sockets:
        sock.close()
    return 0


def main() -> int:
    chosen = options()
    count = processes()
    if count == 1:
        serve(application, **chosen)
        return 0
    return supervise(count, chosen)


if __name__ == "__main__":
    sys.exit(main())
