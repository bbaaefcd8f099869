"""Which store the suite runs on, for the few tests that belong to one of them.

Mark a whole test with ``@pytest.mark.sqlite_only("why")`` (or ``postgres_only``); inside a
parametrized test, call `only_on_sqlite` for the one case that needs the file. Either way
the skip's reason starts with the marker's name, so the run's summary counts it.
"""

from __future__ import annotations

import pytest

from tousu.default_plugins.store import postgres_testdb


def on_postgres() -> bool:
    return postgres_testdb.server() is not None


def only_on_sqlite(reason: str) -> None:
    """Skip the running test on the PostgreSQL run (a case about the SQLite file)."""
    if on_postgres():
        pytest.skip(f"sqlite_only: {reason}")
