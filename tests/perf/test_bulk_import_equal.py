"""Import held back per table (`Store.bulk`) writes exactly what importing record by record writes.

The same file, with all three domains, repeats of earlier records of the same file and of
earlier batches, recorded histories (a sweep among them), and records refused at intake or
in the middle of their history, is imported both ways into two fresh databases: every table
(events with their seq and hash, the projection, personal data, the counter, the search index)
is identical, `tousu verify` finds both chains intact and `rebuild` reproduces the projection.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import tousu.app
from tests.perf.register import TABLES, import_file, tables
from tousu.default_plugins.bulk import importer


@pytest.mark.sqlite_only("compares the SQLite files row by row; bulk writes at once on PostgreSQL")
def test_a_file_imported_in_bulk_gives_the_very_database_record_by_record_import_gives(
    tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorded = datetime(2026, 6, 1, tzinfo=UTC)
    monkeypatch.setattr(tousu.app, "clock_now", lambda: recorded)  # recorded_at is part of each hash
    one, one_app = import_file(tmp_path / "one", source, bulk=False)
    careful: list[bool] = []
    run_batch = importer._run_batch

    def spied(*args: Any, optimistic: bool, **kwargs: Any) -> Any:
        careful.append(optimistic)
        return run_batch(*args, optimistic=optimistic, **kwargs)

    monkeypatch.setattr(importer, "_run_batch", spied)
    held, held_app = import_file(tmp_path / "held", source, bulk=True)

    assert (held.imported, held.rejected, held.errors) == (one.imported, one.rejected, one.errors)
    assert held.imported > 180 and held.rejected > 15
    assert sum("'nobody'" in error["reason"] for error in held.errors) > 5
    assert (held.first_id, held.last_id) == (one.first_id, one.last_id)
    ours, theirs = tables(held_app.store.path), tables(one_app.store.path)
    for table in TABLES:
        assert ours[table] == theirs[table], table
    # what this file exercises: repeats linked within a batch and across batches, sweeps recorded
    links = [row for row in ours["links"]]
    assert len(links) > 20 and any(row[1] > "C00000061" for row in links)
    assert any(row[9] == "sweep" for row in ours["events"])
    assert False in careful  # a record refused after its rows were written: that batch was redone
    for app in (one_app, held_app):
        assert all(result.broken is None for result in app.store.verify())
        before = app.store.snapshot()
        app.rebuild()
        assert app.store.snapshot() == before
        app.close()


@pytest.mark.sqlite_only("compares the SQLite files row by row; bulk writes at once on PostgreSQL")
def test_a_dry_run_in_bulk_counts_the_same_and_writes_nothing(tmp_path: Path, source: Path) -> None:
    wet, wet_app = import_file(tmp_path / "wet", source, bulk=False, dry_run=True)
    dry, dry_app = import_file(tmp_path / "dry", source, bulk=True, dry_run=True)
    assert (dry.imported, dry.rejected, dry.errors) == (wet.imported, wet.rejected, wet.errors)
    assert tables(dry_app.store.path)["events"] == []
    wet_app.close()
    dry_app.close()
