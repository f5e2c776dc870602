"""The project's own costs, read from inside it by the probes (bench/probes/): the queries each
request makes and their database time, every page's time, and the export's COPY statement; and
the addresses of those pages, and a signed-in editor, for the load over HTTP."""

from __future__ import annotations

import json
import subprocess

from bench.config import PY, ROOT, app_env


def probe(name: str, db: str, *args: str, stored: bool = True):
    """Run ``bench/probes/<name>.py`` on database ``db``; its answer (the last line it prints)."""
    env = {**app_env(db, stored), "DJANGO_SETTINGS_MODULE": "tracker.settings"}
    command = [PY, "-m", f"bench.probes.{name}", *args]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(result.stderr[-3000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def export_statement(db: str) -> str:
    """The COPY statement behind the project's unfiltered ``/api/events/?format=csv``."""
    return probe("export_statement", db).strip()


def project_queries(db: str, urls: list[str], stored: bool = False) -> dict[str, tuple[int, float]]:
    """Queries per request and their summed database time (EXPLAIN ANALYZE), via the test client."""
    return {url: tuple(cost) for url, cost in probe("queries", db, *urls, stored=stored).items()}


def page_costs(db: str) -> dict[str, list]:
    """Every page and list as a reader or editor opens it, without stored answers: status,
    queries and median time in process (the test client), on the busiest and the quietest
    country, and the busiest pair, commission and official of that database."""
    return probe("pages", db, stored=False)


def page_urls(db: str) -> dict[str, str]:
    """The addresses ``page_costs`` opens, by label, on database ``db``."""
    return probe("pages", db, "urls")


def editor_create(db: str) -> dict[str, str]:
    """A staff user of the Editors group, signed in: its username, session cookie and API token."""
    return probe("editor_session", db, "create")


def editor_remove(db: str, username: str) -> None:
    """Deletes the editor ``editor_create`` made, with its token and session; fails if any is left."""
    left = probe("editor_session", db, "remove", username)
    if any(left.values()):
        raise RuntimeError(f"the signed-in editor {username} was not removed: {left}")
