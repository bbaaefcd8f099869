"""A sweep writes its breaches per table (`Store.bulk`) and leaves the very database a sweep writing
complaint by complaint leaves: the same events (seq, hash), clocks, escalations and steps."""

from __future__ import annotations

import contextlib
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

import tousu.app
from tests.perf.register import TABLES, import_file, tables
from tousu.app import App
from tousu.default_plugins.store import Store


@pytest.mark.sqlite_only("compares the SQLite files row by row; bulk writes at once on PostgreSQL")
@pytest.mark.parametrize("instant", ["2026-03-05T00:00:00+00:00", "2026-06-01T00:00:00+00:00"])
def test_a_sweep_in_bulk_leaves_the_database_a_complaint_by_complaint_sweep_leaves(
    tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch, instant: str
) -> None:
    monkeypatch.setattr(tousu.app, "clock_now", lambda: datetime(2026, 6, 2, tzinfo=UTC))
    _, app = import_file(tmp_path / "register", source, bulk=True)
    app.close()
    shutil.copytree(tmp_path / "register", tmp_path / "one")
    at = datetime.fromisoformat(instant)

    held = App.open(tmp_path / "register" / "tousu.toml")
    swept = held.sweep("bench", at)
    assert held.sweep("bench", at)["breaches"] == []  # the same instant again finds nothing new
    held.close()
    with monkeypatch.context() as patched:
        patched.setattr(Store, "bulk", lambda self: contextlib.nullcontext(self))
        one = App.open(tmp_path / "one" / "tousu.toml")
        assert one.sweep("bench", at) == swept
        one.close()

    assert len(swept["breaches"]) > 20
    ours, theirs = tables(tmp_path / "register" / "tousu.db"), tables(tmp_path / "one" / "tousu.db")
    for table in TABLES:
        assert ours[table] == theirs[table], table
    again = App.open(tmp_path / "register" / "tousu.toml")
    assert all(result.broken is None for result in again.store.verify())
    before = again.store.snapshot()
    again.rebuild()
    assert again.store.snapshot() == before
    again.close()

