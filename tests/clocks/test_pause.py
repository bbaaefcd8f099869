"""Pause and resume: clocks a domain marks pausable stop, and move by the time paused in their own units.

Worked examples: a 12345 hotline (working days, cn calendar, desk hours 08:30–12:00 and
13:30–17:30) paused across 2026 National Day; a property desk (calendar days) paused for a
day and a half; a pause that runs into its ``max_pause`` cap.
"""

from __future__ import annotations

from typing import Any

from tests.clocks.test_deadlines_on_calendar import due_of, hotline, intake
from tests.property_mgmt.conftest import STAFF as ESTATE_STAFF
from tousu.testing import org


def act(desk: Any, cid: str, action: str, at: str, *args: str, actor: str = "liu") -> dict[str, Any]:
    return desk.json("act", cid, action, "--actor", actor, "--at", at, *args)


def test_a_pause_across_national_day_moves_working_day_clocks_by_the_working_time_paused(make_desk: Any) -> None:
    desk = make_desk(hotline(preset="12345"))
    doc = intake(desk, "hotline", "2026-09-28T09:00:00+08:00")
    cid = doc["id"]
    assert due_of(doc, "reply") == "2026-10-13T09:00:00+08:00"
    assert due_of(doc, "resolve") == "2026-10-23T09:00:00+08:00"
    paused = act(desk, cid, "pause", "2026-09-30T10:00:00+08:00", "--note", "等待投诉人补充材料")
    # while paused, each clock is due where the 30-day cap would put it
    assert due_of(paused, "acknowledge") == "2026-09-29T09:00:00+08:00"  # not pausable: unchanged
    resumed = act(desk, cid, "resume", "2026-10-09T10:00:00+08:00")
    # paused: 09-30 10:00–17:30 (6 h), 10-08 (7.5 h), 10-09 08:30–10:00 (1.5 h) = 15 h = two working days
    assert due_of(resumed, "reply") == "2026-10-15T09:00:00+08:00"
    assert due_of(resumed, "resolve") == "2026-10-27T09:00:00+08:00"
    shown = desk.json("show", cid)
    resolve = next(d for d in shown["deadlines"] if d["name"] == "resolve")
    assert resolve["pauses"] == [
        {
            "at": "2026-09-30T10:00:00+08:00", "until": "2026-10-09T10:00:00+08:00", "cap": "2026-10-30T10:00:00+08:00",
            "by": "liu", "role": "squadron_leader", "reason": "等待投诉人补充材料",
        }
    ]
    assert resolve["paused"] is False
    assert "paused 2026-09-30 10:00 – 2026-10-09 10:00 by liu (squadron_leader): 等待投诉人补充材料" in resolve["basis"]
    assert resolve["basis"].endswith("→ due 2026-10-27 09:00")
    store = desk.app.store
    live = store.snapshot()
    desk.json("rebuild")
    assert store.snapshot() == live


def test_a_paused_clock_does_not_run_out_and_is_not_late(make_desk: Any) -> None:
    desk = make_desk(hotline(preset="12345"))
    cid = intake(desk, "hotline", "2026-09-28T09:00:00+08:00")["id"]
    act(desk, cid, "pause", "2026-10-12T10:00:00+08:00", "--note", "等待区住建局鉴定")
    # the reply was due 10-13 09:00: while paused a sweep records no breach
    swept = desk.json("sweep", "--org", "hotline", "--at", "2026-10-14T09:00:00+08:00")
    assert (cid, "reply") not in {(b["id"], b["deadline"]) for b in swept["breaches"]}
    listed = desk.json("due", "--org", "hotline", "--at", "2026-10-14T09:00:00+08:00", "--within", "30d")
    reply = next(i for i in listed if i["id"] == cid and i["deadline"] == "reply")
    assert reply["paused"] is True and not reply["overdue"] and "paused since 2026-10-12 10:00 by liu" in reply["note"]
    act(desk, cid, "resume", "2026-10-14T10:00:00+08:00")
    # 2 working days paused (10-12 10:00 → 10-14 10:00): the reply falls due 10-15 09:00
    resumed = desk.json("show", cid)
    assert due_of(resumed, "reply") == "2026-10-15T09:00:00+08:00"
    act(desk, cid, "reply", "2026-10-15T08:45:00+08:00", "--note", "已答复")
    reply_doc = next(d for d in desk.json("show", cid)["deadlines"] if d["name"] == "reply")
    assert reply_doc["on_time"] is True and reply_doc["paused_for"] == "2d"


def test_a_calendar_day_clock_moves_by_the_calendar_time_paused(make_desk: Any) -> None:
    desk = make_desk(org("estate", ["property_mgmt"], staff=ESTATE_STAFF))
    doc = desk.json(
        "intake", "--org", "estate", "--actor", "wang", "--channel", "phone", "--summary", "外墙渗水",
        "--tier", "important", "--at", "2026-10-01T09:00:00+08:00",
    )
    assert due_of(doc, "resolve") == "2026-10-04T09:00:00+08:00"
    act(desk, doc["id"], "pause", "2026-10-02T09:00:00+08:00", "--note", "等待第三方检测报告", actor="zhao")
    resumed = act(desk, doc["id"], "resume", "2026-10-03T15:00:00+08:00", actor="zhao")
    assert due_of(resumed, "resolve") == "2026-10-05T15:00:00+08:00"
    assert due_of(resumed, "forward") == "2026-10-01T09:10:00+08:00"  # not pausable


def test_max_pause_ends_a_forgotten_pause_and_due_says_why(make_desk: Any) -> None:
    table = org("estate", ["property_mgmt"], staff=ESTATE_STAFF)
    table["estate"]["clocks"] = {"max_pause": "2d"}
    desk = make_desk(table)
    cid = desk.json(
        "intake", "--org", "estate", "--actor", "wang", "--channel", "phone", "--summary", "外墙渗水",
        "--tier", "important", "--at", "2026-10-01T09:00:00+08:00",
    )["id"]
    paused = act(desk, cid, "pause", "2026-10-02T09:00:00+08:00", "--note", "等待第三方检测报告", actor="zhao")
    assert due_of(paused, "resolve") == "2026-10-06T09:00:00+08:00"  # 10-04 09:00 + the 2-day cap
    listed = desk.json("due", "--org", "estate", "--at", "2026-10-05T10:00:00+08:00", "--within", "1d")
    resolve = next(i for i in listed if i["deadline"] == "resolve")
    assert resolve["paused"] is False and "ran out at 2026-10-04 09:00" in resolve["note"]
    assert "orgs.estate.clocks.max_pause" in resolve["note"]
    late = act(desk, cid, "resume", "2026-10-05T10:00:00+08:00", actor="zhao")
    assert due_of(late, "resolve") == "2026-10-06T09:00:00+08:00"
    swept = desk.json("sweep", "--org", "estate", "--at", "2026-10-06T09:00:01+08:00")
    assert (cid, "resolve") in {(b["id"], b["deadline"]) for b in swept["breaches"]}


def test_a_pause_needs_a_reason_a_role_and_something_to_pause(make_desk: Any) -> None:
    desk = make_desk(hotline(preset="12345"))
    cid = intake(desk, "hotline", "2026-09-28T09:00:00+08:00")["id"]
    at = ("--at", "2026-09-29T10:00:00+08:00")
    assert "--note" in desk.fails("act", cid, "pause", "--actor", "liu", *at, code=2)
    assert "may not pause" in desk.fails("act", cid, "pause", "--actor", "wang", "--note", "x", *at, code=1)
    assert "not paused" in desk.fails("act", cid, "resume", "--actor", "liu", *at, code=1)
    act(desk, cid, "pause", "2026-09-29T10:00:00+08:00", "--note", "等待材料")
    assert "already paused" in desk.fails("act", cid, "pause", "--actor", "liu", "--note", "x", *at, code=1)
    assert "resume it before extending" in desk.fails(
        "act", cid, "extend", "--actor", "li", "--field", "deadline=resolve", "--field", "until=2026-12-01T00:00:00+08:00",
        *at, code=1,
    )
