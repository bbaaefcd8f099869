"""A database written by an earlier tousu still opens, and its history replays to the same tables.

The fixture (``tests/fixtures/v0_1``) was written by tousu 0.1 before the event payload was
typed; users have databases like it. Opening it applies whatever migrations came since;
`rebuild` then recomputes every projection table from the stored events, and must give
exactly the tables that were stored.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tousu.app import App
from tousu.default_plugins.doors.queues import complaints

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
            for row in complaints(app, app.org(org_id), None, limit=100)[0]:
                complaint = app.get(row["id"])
                assert complaint.org == org_id
                assert app.history(complaint.id)[0].action == "intake"


V0_2 = Path(__file__).parent / "fixtures" / "v0_2"


def _tousu(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tousu", "--config", str(config), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.sqlite_only("opens a SQLite file written before the event payload was typed")
def test_a_database_with_every_kind_of_event_verifies_and_rebuilds_to_identical_tables(
    tmp_path: Path,
) -> None:
    """``tests/fixtures/v0_2`` (written by `make_v0_2.py` before issue 12 typed the payload):
    every built-in domain's procedure and every operation the core records. Its hash chains
    must still verify (the canonical JSON of each payload is unchanged) and `rebuild` must
    reproduce its tables exactly (the projection reads every payload as it was written)."""
    shutil.copytree(V0_2, tmp_path / "v0_2")
    config = tmp_path / "v0_2" / "tousu.toml"
    checked = _tousu(config, "verify", "--json")
    assert checked.returncode == 0, checked.stderr
    report = json.loads(checked.stdout)
    assert report["ok"] and report["count"] >= 130
    with App.open(config) as app:
        stored = app.store.snapshot()
        kinds = {
            (e.action, op.get("op"))
            for cid in stored_ids(stored)
            for e in app.history(cid)
            for op in [*e.data.get("deadlines", []), *e.data.get("steps", [])]
        }
    expected = {
        "add",
        "move",
        "met",
        "breach",
        "cancel",
        "extend",
        "pause",
        "resume",
        "warn",
        "done",
        "undo",
        "drop",
    }
    assert expected <= {op for _, op in kinds}
    rebuilt = _tousu(config, "rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr
    with App.open(config) as app:
        assert app.store.snapshot() == stored
    again = _tousu(config, "verify", "--json")
    assert again.returncode == 0 and json.loads(again.stdout)["head"] == report["head"]


def stored_ids(snapshot: dict[str, list[Any]]) -> list[str]:
    """The complaint ids of a snapshot (the first column of its complaints rows)."""
    return [row[0] for row in snapshot["complaints"]]
