"""Where the test database lives, and the extractor's figures on the labelled articles at the end
of a run.

On SQLite the test database is in memory unless the run drives a browser. A live server's threads
would then share the test's one connection, and two threads on one SQLite connection can stop
for good: one runs a query that calls back into Python (Django's date functions do) and waits for
the interpreter, while the other, holding the interpreter, waits for the connection to bind its
parameters. With a browser in the run the database is a file, and each thread opens its own.

The figures are computed by ``tests/test_extract.py`` wherever it runs. Under pytest-xdist that is
a worker, and the summary is printed by the controller: the worker hands the figures over in
``workeroutput``, the channel xdist provides for this, and the controller picks them up when the
worker finishes.
"""

from __future__ import annotations

import pytest

from tests.extract_eval import FIGURES, figures_lines


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None,
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """A file for the SQLite test database when a test of this run drives a live server."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3" or database.get("TEST", {}).get("NAME"):
        return
    if any(item.get_closest_marker("browser") for item in request.session.items):
        # Each worker of pytest-xdist has a folder of its own.
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / "test.sqlite3")


def pytest_sessionfinish(session: pytest.Session) -> None:
    config = session.config
    if hasattr(config, "workeroutput") and FIGURES in config.stash:
        config.workeroutput["extract_figures"] = config.stash[FIGURES]


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    figures = getattr(node, "workeroutput", {}).get("extract_figures")
    if figures:
        node.config.stash[FIGURES] = figures


def pytest_terminal_summary(terminalreporter, exitstatus, config: pytest.Config) -> None:
    if FIGURES in config.stash:
        terminalreporter.section("assisted entry: extraction figures")
        for line in figures_lines(config.stash[FIGURES]):
            terminalreporter.write_line(line)
