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

Environment: PORT (8000) or LISTEN (``host:port``, space-separated for several; default
``0.0.0.0:$PORT``), WEB_THREADS (8: requests served at once; each keeps a database connection),
WEB_CONNECTIONS (1000: open connections at once, slow ones included), and the settings'
TRUSTED_PROXIES: with 0, forwarded headers (X-Forwarded-For, X-Forwarded-Proto, Forwarded) are
removed from every request, since any client can send them; with N, the client's address and
scheme are taken from the headers of the last N proxies, as the settings do for the API limit
and the sign-in lockout.
"""

from __future__ import annotations

import os

from waitress import serve

from tracker.settings import env_int
from tracker.wsgi import application


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


if __name__ == "__main__":
    serve(application, **options())
