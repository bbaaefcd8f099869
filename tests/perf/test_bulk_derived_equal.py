"""An import's derived tables, written set-wise once per batch, are the rows the triggers write.

The search index, the clock tallies and the received rollups are kept by triggers at every
write. While a bulk batch writes its new complaints those insert triggers stand aside and the
batch writes the three tables itself, one statement each (`tousu.default_plugins.store.derived`).
The bulk tests' register (three domains, repeats, histories with sweeps, records refused at
intake and in the middle of their history, a batch redone with a savepoint per record) is
imported three ways: in bulk with the set-wise writes, in bulk with the per-row triggers, and
record by record.
"""

from __future__ import annotations

import contextlib
import random
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import tousu.app
from tests.perf.register import TABLES, deployment, import_file, tables
from tousu import received_rollup
from tousu.default_plugins.bulk import importer
from tousu.default_plugins.store import Store, derived, postgres_testdb
from tousu.models import Complaint, Deadline, Event, Step

#: Every derived table, in an order that shows every row: the rowids where the table has them
#: (a tally's rowid is the order its row was first counted), and the rollup's rows of count 0
#: (the keys complaints passed through on their way).
DERIVED = {
    "complaint_search": "SELECT rowid, * FROM complaint_search ORDER BY rowid",
    "clock_tallies": "SELECT rowid, * FROM clock_tallies ORDER BY rowid",
    "received_keys": "SELECT * FROM received_keys ORDER BY complaint_id",
    "received_rollup": "SELECT * FROM received_rollup ORDER BY org, domain, hour, key",
}


def _derived(path: str) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return {table: conn.execute(sql).fetchall() for table, sql in DERIVED.items()}
    finally:
        conn.close()


class _RowByRow:
    """What `derived.deferred` hands a batch when the triggers are left to count row by row."""

    def born(self) -> None:
        pass


@contextlib.contextmanager
def _triggers_count(conn: Any, ids: list[str]) -> Iterator[_RowByRow]:
    yield _RowByRow()  # no switch row: every insert trigger counts its row


@pytest.fixture(autouse=True)
def _recorded_at(monkeypatch: pytest.MonkeyPatch) -> None:
    recorded = datetime(2026, 6, 1, tzinfo=UTC)
    monkeypatch.setattr(tousu.app, "clock_now", lambda: recorded)  # recorded_at is part of each hash


@pytest.mark.sqlite_only("compares the SQLite files row by row; bulk writes at once on PostgreSQL")
def test_the_set_wise_writes_leave_every_derived_row_the_per_row_triggers_leave(
    tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deferred, careful = [], []
    real_deferred, run_batch = derived.deferred, importer._run_batch

    def counted(conn: Any, ids: list[str]) -> Any:
        deferred.append(len(ids))
        return real_deferred(conn, ids)

    def spied(*args: Any, optimistic: bool, **kwargs: Any) -> Any:
        careful.append(optimistic)
        return run_batch(*args, optimistic=optimistic, **kwargs)

    monkeypatch.setattr(importer, "_run_batch", spied)
    monkeypatch.setattr(derived, "deferred", counted)
    held, held_app = import_file(tmp_path / "held", source, bulk=True)
    monkeypatch.setattr(derived, "deferred", _triggers_count)
    counted_rows, triggered_app = import_file(tmp_path / "triggered", source, bulk=True)

    assert (held.imported, held.rejected, held.errors) == (counted_rows.imported, counted_rows.rejected, counted_rows.errors)
    assert sum(deferred) > 200 and False in careful  # the set-wise path wrote, also in a batch redone carefully
    ours, theirs = _derived(held_app.store.path), _derived(triggered_app.store.path)
    for table in DERIVED:
        assert ours[table] == theirs[table], table
    rows, their_rows = tables(held_app.store.path), tables(triggered_app.store.path)
    for table in TABLES:
        assert rows[table] == their_rows[table], table
    # what the register exercises: every domain's clocks, the rollup's keys on the way, a sweep's tier
    assert len(ours["clock_tallies"]) > 100 and len(ours["received_keys"]) > 50
    assert sum(row[-1] == 0 for row in ours["received_rollup"]) > 50
    assert any(row[-1].endswith(",1]") for row in ours["received_keys"])  # raised by a replayed sweep
    assert len(ours["complaint_search"]) == len(rows["complaints"])
    for app in (held_app, triggered_app):
        assert app.store.received_rollup_drift() == [] and app.store.clock_tallies_drift() == []
        assert app.store.conn.execute("SELECT count(*) FROM derived_deferred").fetchone() == (0,)
        app.close()


def _second_database(monkeypatch: pytest.MonkeyPatch) -> str | None:
    """On the PostgreSQL run, a database of its own for the second deployment of a test."""
    if postgres_testdb.server() is None:
        return None
    url = postgres_testdb.fresh_database()
    monkeypatch.setenv("TOUSU_DATABASE", url)
    return url


def _store_rows(app: Any) -> dict[str, list[tuple[Any, ...]]]:
    """The derived tables as either store reads them: the tallies without their rowid (record by
    record counts a clock first as it is written, bulk as it ends up) and the rollup without its
    rows of count 0 (the keys complaints passed through: a history replayed action by action
    passes through others than its final rows written at once)."""
    conn = app.store.conn
    return {
        "clock_tallies": conn.execute(
            "SELECT org, hour, domain, name, kind, met, cancelled, n FROM clock_tallies WHERE n != 0 "
            "ORDER BY org, hour, domain, name, kind, met, cancelled").fetchall(),
        "received_keys": conn.execute("SELECT * FROM received_keys ORDER BY complaint_id").fetchall(),
        "received_rollup": conn.execute(
            "SELECT * FROM received_rollup WHERE n != 0 ORDER BY org, domain, hour, key").fetchall(),
        "complaint_search": conn.execute(
            "SELECT rowid, summary, place, respondent, request, department, complainant, contact "
            "FROM complaint_search ORDER BY rowid").fetchall(),
    }


def test_an_import_in_bulk_counts_what_an_import_record_by_record_counts(
    tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, one_app = import_file(tmp_path / "one", source, bulk=False)
    second = _second_database(monkeypatch)
    try:
        held, held_app = import_file(tmp_path / "held", source, bulk=True)
        assert (held.imported, held.rejected, held.errors) == (one.imported, one.rejected, one.errors)
        ours, theirs = _store_rows(held_app), _store_rows(one_app)
        for table in ours:
            assert ours[table] == theirs[table], table
        assert len(ours["received_keys"]) > 50 and len(ours["clock_tallies"]) > 50
        for app in (one_app, held_app):
            assert app.store.received_rollup_drift() == [] and app.store.clock_tallies_drift() == []
            app.close()
    finally:
        if second is not None:
            postgres_testdb.drop(second)


def _derived_now(conn: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    return {table: conn.execute(sql).fetchall() for table, sql in DERIVED.items()}


def _intake(app: Any, summary: str) -> str:
    return app.intake(
        "bench", channel="phone", summary=summary, domain="property_mgmt", complainant="王五", contact="13800000001",
        place="3号楼1单元", respondent="工程部", request="尽快处理", fields={"cause": "facility"}, actor="wang",
        at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
    ).id


@pytest.mark.sqlite_only("the batch holds rows on SQLite only")
def test_a_record_rolled_back_after_its_batch_was_written_leaves_no_derived_row(tmp_path: Path) -> None:
    app = deployment(tmp_path / "desk")
    store = app.store
    kept = _intake(app, "先来的一件")
    before = _derived_now(store.conn)
    with store.transaction(), store.bulk(), pytest.raises(RuntimeError, match="refused"), store.savepoint():
        refused = _intake(app, "被退回的一件")
        store.conn.execute("SELECT 1")  # any statement writes the batch: the set-wise rows with it
        written = _derived_now(store.conn.raw)
        assert any(row[0] == refused for row in written["received_keys"])
        assert len(written["complaint_search"]) == len(before["complaint_search"]) + 1
        raise RuntimeError("refused after its rows were written")
    assert _derived_now(store.conn) == before
    assert [row[0] for row in before["received_keys"]] == [kept]
    assert store.conn.execute("SELECT count(*) FROM derived_deferred").fetchone() == (0,)
    app.close()


@pytest.mark.sqlite_only("the batch holds rows on SQLite only")
def test_no_other_connection_ever_sees_the_switch_and_its_writes_count_row_by_row(
    tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a batch writes with its triggers standing aside, another connection reads the
    switch table empty and cannot write (SQLite's one writer); once the import is in, an
    intake on another connection is counted by the triggers."""
    seen: list[tuple[int, str]] = []
    born = derived.Deferred.born
    path = tmp_path / "desk" / "tousu.db"

    def watched(self: derived.Deferred) -> None:
        assert self.conn.execute("SELECT count(*) FROM derived_deferred").fetchone() == (1,)
        other = sqlite3.connect(path, timeout=0)
        try:
            switch = other.execute("SELECT count(*) FROM derived_deferred").fetchone()[0]
            try:
                other.execute("BEGIN IMMEDIATE")
                verdict = "wrote"
            except sqlite3.OperationalError as exc:
                verdict = str(exc)
            seen.append((switch, verdict))
        finally:
            other.close()
        born(self)

    monkeypatch.setattr(derived.Deferred, "born", watched)
    app = deployment(tmp_path / "desk")
    with source.open("rb") as handle:
        from tousu.default_plugins.bulk.records import read_jsonl

        importer.run_import(app, app.org("bench"), read_jsonl(handle), batch=60, operator="wang")
    monkeypatch.setattr(derived.Deferred, "born", born)
    assert seen and all(entry == (0, "database is locked") for entry in seen)
    tallied = app.store.conn.execute("SELECT sum(n) FROM clock_tallies").fetchone()[0]
    app.close()

    later = tousu.app.App.open(tmp_path / "desk" / "tousu.toml")  # another connection, no batch
    new = _intake(later, "导入之后的一件")
    conn = later.store.conn
    assert conn.execute("SELECT count(*) FROM received_keys WHERE complaint_id = ?", (new,)).fetchone() == (1,)
    assert conn.execute("SELECT count(*) FROM complaint_search WHERE rowid = ?", (int(new[1:]),)).fetchone() == (1,)
    clocks = conn.execute("SELECT count(*) FROM deadlines WHERE complaint_id = ?", (new,)).fetchone()[0]
    assert clocks > 0 and conn.execute("SELECT sum(n) FROM clock_tallies").fetchone()[0] == tallied + clocks
    assert later.store.received_rollup_drift() == [] and later.store.clock_tallies_drift() == []
    later.close()


def _random_complaint(rng: random.Random, cid: str) -> Complaint:
    """A complaint of one of two rollup domains (or neither), with clocks named like the
    rollups' in any order, kinds and states, the step or not, and fields of every JSON kind."""
    received = datetime(2026, 3, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(60 * 24 * 20))
    deadlines = []
    for name in rng.sample(("zeta", "alpha", "mid", "other"), rng.randrange(5)):
        due = received + timedelta(hours=rng.randrange(1, 200))
        met = rng.choice((None, due - timedelta(minutes=5), due + timedelta(hours=3)))
        state = "met" if met else rng.choice(("pending", "breached", "cancelled"))
        deadlines.append(Deadline(name, due, state, met, kind=rng.choice(("deadline", "deadline", "timer"))))
    steps = [Step(name, rng.random() < 0.5) for name in rng.sample(("fix", "check"), rng.randrange(3))]
    fields = {"a": rng.choice((1, 2.5, "x", 'say "hi"', True, None, [1, 2], {"b": "c"})),
              "obj": rng.choice(({"k": [1, {"z": None}]}, "plain", 0))}
    return Complaint(
        id=cid, org="acme", domain=rng.choice(("gamma", "delta", "plain")), channel="phone", received_at=received,
        summary=f"第{cid}件", status=rng.choice(("received", "acknowledged", "closed")),
        tier=rng.choice((None, "minor", "major")), category=rng.choice((None, "noise")), urgent=rng.random() < 0.3,
        place=rng.choice(("", "东城路3号")), fields=fields, deadlines=tuple(deadlines), steps=tuple(steps),
    )


def _write_random(path: Path, seed: int) -> sqlite3.Connection:
    store = Store(path, "OFF")
    store.migrate([
        ("x-0001-gamma", received_rollup("gamma", columns=("tier", "status", "urgent", "category"), fields=("a", "obj"),
                                         clocks=("zeta", "alpha", "mid"), step="fix")),
        ("x-0002-delta", received_rollup("delta", columns=("status",), clocks=("mid",))),
    ])
    rng = random.Random(seed)
    at = datetime(2026, 4, 1, tzinfo=UTC)
    for _ in range(3):  # three transactions, each flushed a few times on the way
        with store.transaction(), store.bulk():
            for i in range(60):
                cid = store.next_ids(1)[0]
                if rng.random() < 0.2:  # a sweep that raised the tier: the key's last position
                    store.append(Event(cid, 1, at, at, "sweep", "system", "sweep", {"set": {"tier": "major"}}), "acme")
                store.save(_random_complaint(rng, cid), "2026-03", 1, new=True)
                store.save_personal(cid, rng.choice(("王五", "")), f"1380000{rng.randrange(100):04d}")
                if i % 25 == 24:
                    store.conn.execute("SELECT 1")  # any statement writes the batch
    store.close()
    return sqlite3.connect(path)


@pytest.mark.sqlite_only("the batch holds rows on SQLite only")
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_complaints_of_two_rollups_are_counted_set_wise_as_the_triggers_count_them(
    tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    ours = _write_random(tmp_path / "set-wise.db", seed)
    monkeypatch.setattr(derived, "deferred", _triggers_count)
    theirs = _write_random(tmp_path / "triggered.db", seed)
    mine, their = _derived_now(ours), _derived_now(theirs)
    for table in DERIVED:
        assert mine[table] == their[table], table
    keys = [row[-1] for row in mine["received_keys"]]
    assert len({row[2] for row in mine["received_keys"]}) == 2 and any(key.endswith(",1]") for key in keys)
    assert sum(row[-1] == 0 for row in mine["received_rollup"]) > 20
