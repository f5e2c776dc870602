"""Prints the extractor's figures on the labelled articles at the end of a run.

The figures are computed by ``tests/test_extract.py`` wherever it runs. Under pytest-xdist that is
a worker, and the summary is printed by the controller: the worker hands the figures over in
``workeroutput``, the channel xdist provides for this, and the controller picks them up when the
worker finishes.
"""

from __future__ import annotations

import pytest

from tests.extract_eval import FIGURES, figures_lines


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
