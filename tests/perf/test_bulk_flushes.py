"""An import's bulk batch is written per table when it ends, not at every record: nothing a
record always does (recording its organization's zone) sends a statement that flushes it.
The zone is still recorded once, also when the first transaction that recorded it rolled back."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from tests.perf.register import deployment, import_file, record
from tousu.default_plugins.bulk.importer import run_import
from tousu.default_plugins.bulk.records import read_jsonl
from tousu.default_plugins.store import batch, trust


@pytest.mark.sqlite_only("counts the bulk batch's flushes; bulk writes at once on PostgreSQL")
def test_a_bulk_import_writes_its_rows_a_few_times_a_batch_not_once_a_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(
        5
    )  # the register's records without sweeps (a sweep reads stored clocks: it flushes)
    records = [r for r in (record(rng, i) for i in range(240)) if "sweep" not in json.dumps(r)]
    source = tmp_path / "plain.jsonl"
    source.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    flushes: list[int] = []
    write = batch.Batch.write

    def counted(self: batch.Batch, conn: Any) -> None:
        flushes.append(len(self.complaints))
        write(self, conn)

    monkeypatch.setattr(batch.Batch, "write", counted)
    result, app = import_file(tmp_path / "held", source, bulk=True)
    app.close()
    assert result.imported > 150 and result.rejected > 10
    # batches of 60, each written once, when it ends: neither the zone nor the chain's head read
    # at a batch's first record flushes it, so a record refused in its history (there are some)
    # is forgotten in memory and no batch is redone with a savepoint per record
    batches = -(-(result.imported + result.rejected) // 60)
    assert len(flushes) == batches, (flushes, batches)
    assert max(flushes) > 30  # a batch's complaints go to the database together


def test_the_zone_is_recorded_by_the_import_after_a_dry_run_rolled_it_back(
    tmp_path: Path, source: Path
) -> None:
    app = deployment(tmp_path / "zones")
    with source.open("rb") as handle:
        dry = run_import(
            app, app.org("bench"), read_jsonl(handle), batch=60, operator="wang", dry_run=True
        )
    assert dry.imported > 180
    assert "bench" not in trust.recorded_zones(app.store)
    with source.open("rb") as handle:
        wet = run_import(app, app.org("bench"), read_jsonl(handle), batch=60, operator="wang")
    assert wet.imported == dry.imported
    assert trust.recorded_zones(app.store)["bench"] == app.org("bench").timezone
    app.close()
