"""Import's units of work without savepoints: a refusal before any write costs nothing, one after
a write is never half-kept, and a batch whose record failed after writing is redone carefully."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs
import pytest

from tousu.default_plugins.store import PartialWrite, Store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "units.db", "NORMAL")
    store.migrate()
    yield store
    store.close()


def test_a_refusal_before_any_write_frees_its_id_and_keeps_the_error(store: Store) -> None:
    with store.transaction():
        assert store.next_ids(1) == ["C00000001"]
        with pytest.raises(ValueError, match="refused"), store.attempt():
            store.next_ids(1)
            raise ValueError("refused")
        assert store.next_ids(1) == ["C00000002"]
    assert store.conn.execute("SELECT value FROM counters").fetchone() == (2,)


def test_a_failure_after_a_write_is_reported_as_a_partial_write_and_the_rollback_keeps_nothing(store: Store) -> None:
    with pytest.raises(PartialWrite), store.transaction(), store.attempt():
        store.save_personal(store.next_ids(1)[0], "王五", "13700000001")
        raise ValueError("refused after writing")
    assert store.conn.execute("SELECT count(*) FROM personal").fetchone() == (0,)
    assert store.conn.execute("SELECT count(*) FROM counters").fetchone() == (0,)


def test_the_id_counter_is_written_once_when_the_transaction_commits(store: Store) -> None:
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    with store.transaction():
        ids = [store.next_ids(1)[0] for _ in range(50)]
    store.conn.set_trace_callback(None)
    assert ids[0] == "C00000001" and ids[-1] == "C00000050"
    assert sum("counters" in s for s in statements) == 2  # read once, written once
    assert store.conn.execute("SELECT value FROM counters").fetchone() == (50,)


def _exact(value: Any) -> Any:
    """A value with everything `==` overlooks spelled out: types, time zones, key order."""
    if attrs.has(type(value)):
        return (type(value).__name__, [(f.name, _exact(getattr(value, f.name))) for f in attrs.fields(type(value))])
    if isinstance(value, datetime):
        return ("datetime", value.isoformat(), value.tzinfo is UTC, value.fold)
    if isinstance(value, dict):
        return ("dict", [(k, _exact(v)) for k, v in value.items()])
    if isinstance(value, list | tuple):
        return (type(value).__name__, [_exact(v) for v in value])
    return (type(value).__name__, value)


@pytest.mark.sqlite_only("the batch holds rows on SQLite only")
def test_a_held_complaint_is_answered_exactly_as_its_rows_read_back(
    tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A replayed history loads its complaint from the batch before each action: what it gets
    is what the complaint's rows would read back, to the type, time zone and key order."""
    from tests.perf.register import import_file
    from tousu.default_plugins.store.batch import Batch

    answered: list[str] = []
    loaded = Batch.loaded

    def compared(self: Batch, complaint_id: str) -> Any:
        fast = loaded(self, complaint_id)
        assert _exact(fast) == _exact(self.reread(complaint_id))
        answered.append(complaint_id)
        return fast

    monkeypatch.setattr(Batch, "loaded", compared)
    result, app = import_file(tmp_path / "held", source, bulk=True)
    app.close()
    assert result.imported > 180 and len(answered) > 40
