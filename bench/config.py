"""What every part of `make bench` shares: paths, ports, the databases, the question both servers
answer, and the environment the project runs with."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DATA = BENCH / "data"
PY = str(ROOT / ".venv" / "bin" / "python")
DATASETTE = str(BENCH / ".venv" / "bin" / "datasette")
PG = "postgresql://postgres@127.0.0.1:5432/"
REDIS = "redis://127.0.0.1:6379/9"  # the shared cache, as in production (DESIGN.md: Scale)
APP_PORT, DS_PORT = 8765, 8766
CONCURRENCY = 8  # wrk connections
CSV_CAP = 120.0  # seconds: an export still running then is cut, and marked partial in the table

# The question both servers answer: a pair's newest 50 events, read through the pair index.
PAIR_SQL = """SELECT e.id, e.slug, e.title, e.kind, e.status, e.date_start, e.date_end, e.date_precision,
       e.place_country_id, e.commission_id, e.session_number
FROM relations_eventpair p JOIN relations_event e ON e.id = p.event_id
WHERE p.low = {low} AND p.high = {high}
ORDER BY p.date_start DESC, p.event_id DESC LIMIT 50"""


def log(*args) -> None:
    print(f"[{time.strftime('%H:%M:%S')}]", *args, file=sys.stderr, flush=True)


def app_env(db: str, stored: bool = True) -> dict[str, str]:
    return {
        **os.environ,
        "REDIS_URL": REDIS,
        # Stored pages on (the default) or off, to measure the views themselves.
        "PAGE_CACHE_SECONDS": "600" if stored else "0",
        "DATABASE_URL": PG + db,
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "CONN_MAX_AGE": "600",
        "API_ANON_RATE": "none",  # Datasette does not throttle either: the same work on both sides
        "LOG_LEVEL": "WARNING",
    }
