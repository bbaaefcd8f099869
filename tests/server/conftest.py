"""Fixtures of the server tests: a property-management deployment served by a real process.

``acme`` and ``other`` are two property companies on one server; every staff member has the
password `PASSWORD`. `served` is one server per test module (starting one costs about a
second); tests that count failed logins or edit tousu.toml start their own with `serve`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.figures import FigureLog
from tests.server.harness import Served, server_config, set_password
from tousu.testing import Clock, Desk, default_start, org

ACME = {
    "wang": "receptionist", "zhao": "department_head", "chen": "supervisor", "li": "manager", "zhou": "general_manager",
    "patrol": "patrol_team",
}
OTHER = {"sun": "receptionist", "qian": "manager"}


LOG = FigureLog("server figures")


@pytest.fixture
def figures() -> Any:
    """Call ``figures("...")`` to report a measured figure in the terminal summary."""
    return LOG.add


def pytest_terminal_summary(terminalreporter: Any) -> None:
    LOG.report(terminalreporter)


def make_deployment(folder: Path, *, passwords: bool = True, **server: Any) -> Desk:
    folder.mkdir(parents=True, exist_ok=True)
    desk = Desk(
        folder,
        {**org("acme", ["property_mgmt"], staff=ACME), **org("other", ["property_mgmt"], staff=OTHER)},
        "NORMAL",
        Clock(default_start()),
    )
    server_config(desk, **server)
    for org_id, staff in (("acme", ACME), ("other", OTHER)):
        for staff_id in staff if passwords else ():
            set_password(desk, org_id, staff_id)
    return desk


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    desk = make_deployment(tmp_path_factory.mktemp("served"))
    server = Served.start(desk)
    yield server
    server.stop()
    desk.close()


@pytest.fixture(scope="module")
def tokens(served: Served) -> dict[str, str]:
    """A session token for every staff member of both organizations (staff ids are unique here)."""
    return {sid: served.login(oid, sid) for oid, staff in (("acme", ACME), ("other", OTHER)) for sid in staff}


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Served]]:
    """``serve(**server_settings)``: a fresh deployment and its own server for one test."""
    started: list[tuple[Desk, Served]] = []

    def start(**server: Any) -> Served:
        desk = make_deployment(tmp_path / f"d{len(started)}", **server)
        one = Served.start(desk)
        started.append((desk, one))
        return one

    yield start
    for desk, one in started:
        one.kill()
        desk.close()
