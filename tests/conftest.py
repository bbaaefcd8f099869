"""Shared fixtures of the core tests: a desk with the in-test domain plugin enabled for one org."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.core_plugin import CoreTestPlugin
from tousu.testing import org, registered


@pytest.fixture
def deskplugin() -> Iterator[CoreTestPlugin]:
    plugin = CoreTestPlugin()
    with registered(plugin, "deskplugin"):
        yield plugin


@pytest.fixture
def two_orgs(make_desk: Any, deskplugin: CoreTestPlugin) -> Any:
    """`acme` enables the test plugin; `other` enables it too, with its own staff; `quiet` does not."""
    return make_desk(
        org("acme", ["deskplugin"]),
        org("other", ["deskplugin"], staff={"sun": "receptionist", "qian": "manager"}),
        org("quiet", ["property_mgmt"], staff={"ma": "receptionist"}),
    )


# -- the store under test ---------------------------------------------------------------
# The whole suite runs twice in CI: on SQLite, then with TOUSU_TEST_POSTGRES naming a
# PostgreSQL server (.ci/postgres start), where every test gets a fresh database through
# $TOUSU_DATABASE (CLI subprocesses, servers and the kit's desks included). A test of one
# store only is marked `sqlite_only("why")` or `postgres_only`, and is skipped on the other
# run with its reason; the run's summary counts them.


@pytest.fixture(autouse=True)
def _store_under_test(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from tousu.default_plugins.store import postgres_testdb

    if postgres_testdb.server():
        marker = request.node.get_closest_marker("sqlite_only")
        if marker is not None:
            pytest.skip(f"sqlite_only: {marker.args[0] if marker.args else 'reads the SQLite file itself'}")
        url = postgres_testdb.fresh_database()
        monkeypatch.setenv("TOUSU_DATABASE", url)
        yield
        monkeypatch.delenv("TOUSU_DATABASE", raising=False)
        postgres_testdb.drop(url)
        return
    if request.node.get_closest_marker("postgres_only") is not None:
        pytest.skip("postgres_only: needs a PostgreSQL server (set TOUSU_TEST_POSTGRES, see .ci/postgres)")
    monkeypatch.delenv("TOUSU_DATABASE", raising=False)
    yield


def pytest_sessionstart(session: pytest.Session) -> None:
    """Under `.ci/run`, tell the PostgreSQL run waiting beside this one that the venv is ready:
    the README line's `pip install` has finished once its `pytest` starts."""
    started = os.environ.get("TOUSU_CI_STARTED")
    if started:
        Path(started).touch()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say how many store-specific tests this run skipped, and why (never skipped silently)."""
    counts: dict[str, int] = {}
    for report in terminalreporter.stats.get("skipped", []):
        reason = str(report.longrepr[2]) if isinstance(report.longrepr, tuple) else ""
        reason = reason.removeprefix("Skipped: ")
        for kind in ("sqlite_only", "postgres_only"):
            if reason.startswith(kind):
                counts[kind] = counts.get(kind, 0) + 1
    from tousu.default_plugins.store import postgres_testdb

    store = "PostgreSQL" if postgres_testdb.server() else "SQLite"
    if counts:
        parts = ", ".join(
            f"{n} {kind} ({'need a PostgreSQL server: set TOUSU_TEST_POSTGRES' if kind == 'postgres_only' else 'test the SQLite file itself'})"
            for kind, n in sorted(counts.items())
        )
        terminalreporter.write_line(f"store under test: {store}; skipped as store-specific: {parts}")
    else:
        terminalreporter.write_line(f"store under test: {store}; no store-specific test skipped")
