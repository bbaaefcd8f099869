"""A duplicate filed twice becomes part of the primary: ``act ID merge --to OTHER --note REASON``.

The duplicate is closed by its merge (its clocks cancelled), both histories are kept and
linked both ways, the report counts the matter once, and only a correcting role merges,
with a reason, into another live complaint of the same organization.
"""

from __future__ import annotations

from typing import Any

import pytest

from tousu.testing import org

T = "2026-10-01T{}:00+08:00".format


@pytest.fixture
def estate(make_desk: Any) -> Any:
    desk = make_desk(
        org("estate", ["property_mgmt"], language="zh"),
        org("other", ["property_mgmt"], language="zh", staff={"sun": "supervisor"}),
    )
    for when, contact in (("09:00", "13800000001"), ("09:20", "13800000002")):
        desk.json("intake", "--org", "estate", "--channel", "phone", "--summary", "3栋电梯停在两层之间",
                  "--tier", "minor", "--place", "3栋", "--request", "修好", "--contact", contact,
                  "--actor", "wang", "--at", T(when))
    desk.json("intake", "--org", "other", "--channel", "phone", "--summary", "别处的电梯", "--tier", "minor",
              "--place", "1栋", "--request", "修好", "--contact", "13800000003", "--actor", "sun", "--at", T("09:30"))
    return desk


def test_a_duplicate_is_merged_into_the_primary_both_histories_kept_and_linked(estate: Any) -> None:
    assert estate.cli("act", "c2", "merge", "--to", "c1", "--note", "同一部电梯，业主的邻居又打来",
                      "--actor", "chen", "--at", T("10:00")).code == 0
    duplicate = estate.json("show", "C2", "--actor", "chen", "--at", T("10:05"))
    primary = estate.json("show", "C1", "--actor", "chen", "--at", T("10:05"))
    assert duplicate["status"] == "closed"
    assert {"kind": "duplicate_of", "id": "C00000001"} in duplicate["links"]
    assert {"kind": "duplicate", "id": "C00000002"} in primary["links"]
    assert all(d["state"] in ("cancelled", "met") for d in duplicate["deadlines"])  # its clocks cancelled
    assert primary["status"] == "received" and any(d["state"] == "pending" for d in primary["deadlines"])
    # both histories kept: the duplicate's intake and its merge, the primary's merge beside its own
    assert [e["action"] for e in duplicate["history"]] == ["intake", "merge"]
    assert [e["action"] for e in primary["history"]][-1] == "merge"
    assert primary["history"][-1]["data"]["input"]["note"] == "同一部电梯，业主的邻居又打来"
    shown = estate.cli("show", "C1", "--actor", "chen", "--at", T("10:05")).stdout
    assert "重复投诉 C00000002" in shown
    assert "C00000001" in estate.cli("show", "C2", "--actor", "chen", "--at", T("10:05")).stdout
    # the projections replay from the events
    assert estate.cli("rebuild").code == 0
    assert estate.json("show", "C2", "--actor", "chen", "--at", T("10:05"))["links"] == duplicate["links"]


def test_the_report_counts_the_matter_once(estate: Any) -> None:
    before = estate.json("report", "--org", "estate", "--month", "2026-10", "--at", "2026-11-01T09:00+08:00")
    estate.cli("act", "C2", "merge", "--to", "C1", "--note", "重复", "--actor", "chen", "--at", T("10:00"))
    after = estate.json("report", "--org", "estate", "--month", "2026-10", "--at", "2026-11-01T09:00+08:00")
    assert before["received"] == 2 and after["received"] == 1
    assert sum(after["by_status"].values()) == 1 and after["processed"] == before["processed"]


def test_the_daily_trend_counts_the_merged_duplicates_receipt_once(estate: Any) -> None:
    """Two intakes of the same matter on 1 October, one merged into the other: the day received 1."""

    def first_of_october() -> dict[str, Any]:
        report = estate.json("report", "--org", "estate", "--month", "2026-10", "--at", "2026-11-01T09:00+08:00")
        assert report["trend"]["unit"] == "day"
        return next(p for p in report["trend"]["points"] if p["start"] == "2026-10-01")

    assert first_of_october()["received"] == 2
    estate.cli("act", "C2", "merge", "--to", "C1", "--note", "重复", "--actor", "chen", "--at", T("10:00"))
    day = first_of_october()
    assert day["received"] == 1 and day["resolved"] == 0


def test_who_may_merge_and_into_what(estate: Any) -> None:
    at = T("10:00")
    estate.fails("act", "C2", "merge", "--to", "C1", "--note", "重复", "--actor", "wang", "--at", at, code=1)
    estate.fails("act", "C2", "merge", "--to", "C1", "--actor", "chen", "--at", at, code=2)  # no reason
    estate.fails("act", "C2", "merge", "--note", "重复", "--actor", "chen", "--at", at, code=2)  # no primary
    estate.fails("act", "C2", "merge", "--to", "C2", "--note", "重复", "--actor", "chen", "--at", at, code=2)
    # another organization's complaint answers like a missing one
    missing = estate.fails("act", "C2", "merge", "--to", "C3", "--note", "重复", "--actor", "chen", "--at", at, code=2)
    nowhere = estate.fails("act", "C2", "merge", "--to", "C9", "--note", "重复", "--actor", "chen", "--at", at, code=2)
    assert missing.replace("C00000003", "X").replace("C3", "X") == nowhere.replace("C00000009", "X").replace("C9", "X")
    assert estate.cli("act", "C2", "merge", "--to", "C1", "--note", "重复", "--actor", "chen", "--at", at).code == 0
    # no chains: a case merged away is no primary; a merged case cannot be merged again
    estate.json("intake", "--org", "estate", "--channel", "phone", "--summary", "又一次", "--tier", "minor",
                "--place", "3栋", "--request", "修好", "--contact", "13800000009", "--actor", "wang", "--at", T("10:10"))
    estate.fails("act", "C4", "merge", "--to", "C2", "--note", "重复", "--actor", "chen", "--at", T("10:20"), code=1)
    estate.fails("act", "C2", "merge", "--to", "C4", "--note", "重复", "--actor", "chen", "--at", T("10:20"), code=1)
