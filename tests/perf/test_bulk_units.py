"""Import's units of work without savepoints: a refusal before any write costs nothing, one after
a write is never half-kept, and a batch whose record failed after writing is redone carefully."""

from __future__ import annotations

from pathlib import Path

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
