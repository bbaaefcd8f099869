"""Shared pieces of the reliability tests: the `rely` plugin in-process and on disk, and figures.

Each test reports what it tried (kills survived, commands run, inputs refused...) through
`figures`; the lines are printed in pytest's terminal summary so they can be quoted.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.figures import FigureLog
from tests.reliability.rely_plugin import RelyPlugin, install
from tousu.testing import registered

LOG = FigureLog("reliability figures")

#: Acme and Beta both run the `rely` domain; each has its own staff.
ACME_STAFF = {"wang": "receptionist", "zhao": "department_head", "li": "manager", "zhou": "general_manager"}
BETA_STAFF = {"sun": "receptionist", "qian": "manager"}


@pytest.fixture
def figures() -> Any:
    """Call ``figures("12 kills survived ...")`` to report a measured figure."""
    return LOG.add


def pytest_terminal_summary(terminalreporter: Any) -> None:
    LOG.report(terminalreporter)


@pytest.fixture
def rely() -> Iterator[RelyPlugin]:
    """The `rely` plugin registered in-process for one test (its fault switch starts off)."""
    plugin = RelyPlugin()
    with registered(plugin, "rely"):
        yield plugin


@pytest.fixture
def rely_path(tmp_path: Path) -> Path:
    """A folder to put on PYTHONPATH so child processes load `rely` from its entry point."""
    return install(tmp_path / "site")


def child_env(rely_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a child process: `rely` installed, the repository importable."""
    root = Path(__file__).resolve().parents[2]
    paths = [str(rely_path), str(root), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p), **extra}
    env.pop("TOUSU_RELY_FAULT", None)
    env.update(extra)
    return env
