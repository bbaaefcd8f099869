"""A database written by an earlier tousu still opens, and its history replays to the same tables.

The fixture (``tests/fixtures/v0_1``) was written by tousu 0.1 before the event payload was
typed; users have databases like it. Opening it applies whatever migrations came since;
`rebuild` then recomputes every projection table from the stored events, and must give
exactly the tables that were stored.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tousu.app import App

FIXTURE = Path(__file__).parent / "fixtures" / "v0_1"


@pytest.mark.sqlite_only("opens a SQLite file written by tousu 0.1")
def test_rebuild_of_a_database_written_by_tousu_0_1_gives_identical_tables(tmp_path: Path) -> None:
    for name in ("demo.db", "tousu.toml"):
        shutil.copy(FIXTURE / name, tmp_path / name)
    with App.open(tmp_path / "tousu.toml") as app:
        stored = app.store.snapshot()
        assert sum(len(rows) for rows in stored.values()) > 50
        assert app.rebuild() == 11
        assert app.store.snapshot() == stored


def test_every_complaint_of_the_old_database_reads_back(tmp_path: Path) -> None:
    for name in ("demo.db", "tousu.toml"):
        shutil.copy(FIXTURE / name, tmp_path / name)
    with App.open(tmp_path / "tousu.toml") as app:
        for org_id in app.config.orgs:
            for row in app.complaints(org_id, limit=100):
                complaint = app.get(row["id"])
                assert complaint.org == org_id
                assert app.history(complaint.id)[0].action == "intake"
