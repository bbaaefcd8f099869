"""An intake writes, byte for byte, the rows main wrote before the intake path was made cheaper.

`tests/fixtures/intake_rows.json` was recorded by main eb3e324 (issue 20, round 8) from the
intakes of `tests.perf.intake_rows`: every event's payload, the head of the hash chain (it
covers each event's canonical bytes, recorded instant and os user pinned) and every
projection table's rows. The faster path must give the same document.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.perf.intake_rows import ORG, PLUGINS, SETTINGS, STAFF, record
from tousu.testing import org

GOLDEN = Path(__file__).resolve().parent.parent / "fixtures" / "intake_rows.json"


def test_the_intakes_write_the_rows_and_the_chain_main_wrote(make_desk: Any, monkeypatch: Any) -> None:
    desk = make_desk(org(ORG, PLUGINS, staff=STAFF, settings=SETTINGS, timezone="Asia/Shanghai", language="zh"))
    found = json.loads(json.dumps(record(desk, monkeypatch), ensure_ascii=False))
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert found["refused"] == golden["refused"] == ["Refused"]
    assert found["ids"] == golden["ids"]
    assert found["events"] == golden["events"]
    assert found["head"] == golden["head"]
    if "tables" in found:  # SQLite: the projection's rows as stored
        assert found["tables"] == golden["tables"]
