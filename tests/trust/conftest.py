"""Shared pieces of the trust tests (issue 13): desks on the real clock, and figures.

Each test performs an attack or a mistake through the CLI and reports what it tried
(attacks refused, chains verified, bytes scanned) through `figures`; the lines are printed
in pytest's terminal summary under "trust figures".
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.figures import FigureLog

LOG = FigureLog("trust figures")


@pytest.fixture
def figures() -> Any:
    """Call ``figures("12 attacks refused ...")`` to report a measured figure."""
    return LOG.add


def pytest_terminal_summary(terminalreporter: Any) -> None:
    LOG.report(terminalreporter)


def on_real_clock(desk: Any, **settings: Any) -> Any:
    """Put `desk` on the real clock (the kit rehearses with ``clock = "replay"``)."""
    import tomllib

    document = tomllib.loads(desk.config_path.read_text(encoding="utf-8"))
    document.update({"clock": "real", **settings})
    desk.write_config(document)
    return desk
