"""The typed event payload writes exactly the mapping the untyped one wrote (issue 12).

Events are hash-chained over their canonical JSON (`tousu.default_plugins.store.chain`), so a payload read
into `tousu.payload` classes and written back must give the very same mapping, key for key:
a key the old writer left out stays out, a ``null`` it wrote stays ``null``.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tousu import payload
from tousu.default_plugins.store import chain
from tousu.payload import ABSENT, DeadlineExtend, DeadlinePause, Payload, Set, Status
from tousu.serialize import converter

FIXTURES = Path(__file__).parent / "fixtures"


def _stored(db: Path) -> list[dict]:
    con = sqlite3.connect(db)
    try:
        return [json.loads(data) for (data,) in con.execute("SELECT data FROM events ORDER BY seq")]
    finally:
        con.close()


@pytest.mark.parametrize("fixture", ["v0_1", "v0_2"])
def test_every_stored_payload_reads_into_the_classes_and_writes_back_unchanged(
    fixture: str,
) -> None:
    stored = _stored(FIXTURES / fixture / "demo.db")
    assert len(stored) > 60
    for data in stored:
        typed = payload.read(data)
        assert isinstance(typed, Payload)
        again = payload.written(typed)
        assert again == data
        assert chain._CANONICAL(again) == chain._CANONICAL(data)


def test_absent_and_null_stay_apart() -> None:
    """``warn_at: null`` (the clock has no warning) and no ``warn_at`` (unchanged) differ."""
    extend = DeadlineExtend("resolve", "2026-01-02T00:00:00.000000Z", "li", "manager", reason="")
    assert "warn_at" not in converter.unstructure(extend)
    cleared = DeadlineExtend(
        "resolve", "2026-01-02T00:00:00.000000Z", "li", "manager", warn_at=None
    )
    assert converter.unstructure(cleared)["warn_at"] is None
    assert converter.unstructure(cleared)["op"] == "extend"
    pause = payload.read(
        {"deadlines": [{"op": "pause", "name": "reply", "pause": {"at": "x"}, "warn_at": None}]}
    )
    op = pause.deadlines[0]
    assert isinstance(op, DeadlinePause) and op.warn_at is None and op.due_at is ABSENT


def test_set_merges_field_by_field_and_lists_concatenate() -> None:
    first = Payload(status=Status("resolved"), set=Set(tier="a", category=None), flags=[])
    later = Payload(set=Set(tier="b", department="x"))
    merged = first.merged(later)
    assert payload.written(merged) == {
        "status": "resolved",
        "set": {"tier": "b", "category": None, "department": "x"},
        "flags": [],
    }
    assert Payload().empty() and not first.empty()


@pytest.mark.parametrize(
    "bad",
    [
        {"deadlines": [{"op": "explode", "name": "x"}]},
        {"steps": [{"op": "done"}]},
        {"set": {"colour": "red"}},
        {"create": {"org": "o"}},
    ],
)
def test_a_payload_no_tousu_wrote_is_refused_with_a_reason(bad: dict) -> None:
    with pytest.raises(ValueError):
        payload.read(bad)
