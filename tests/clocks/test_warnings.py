"""Warnings: a clock past `warn_at` of its allowed time is listed after the overdue items and
recorded by a sweep once.

The hotline's calendar-day limits from a receipt on 2026-10-01 09:00: acknowledge 1d (warns
10-02 04:12), reply 5d (warns 10-05 09:00), resolve 15d (warns 10-13 09:00).
"""

from __future__ import annotations

from typing import Any

from tests.clocks.test_deadlines_on_calendar import hotline, intake


def test_due_lists_warnings_after_the_overdue_items(make_desk: Any) -> None:
    desk = make_desk(hotline())
    cid = intake(desk, "hotline", "2026-10-01T09:00:00+08:00")["id"]
    listed = desk.json("due", "--org", "hotline", "--at", "2026-10-05T10:00:00+08:00")
    assert [(i["id"], i["deadline"], i["overdue"], i["warning"]) for i in listed] == [
        (cid, "acknowledge", True, False),
        (cid, "reply", False, True),
    ]
    # before 80 % of the reply's five days it is no warning, and not due by the end of the day
    early = desk.json("due", "--org", "hotline", "--at", "2026-10-05T08:59:00+08:00")
    assert [(i["deadline"], i["warning"]) for i in early] == [("acknowledge", False)]


def test_a_sweep_records_each_warning_once(make_desk: Any) -> None:
    desk = make_desk(hotline())
    cid = intake(desk, "hotline", "2026-10-01T09:00:00+08:00")["id"]
    first = desk.json("sweep", "--org", "hotline", "--at", "2026-10-05T10:00:00+08:00")
    assert [(b["id"], b["deadline"]) for b in first["breaches"]] == [(cid, "acknowledge")]
    assert first["warnings"] == [
        {"id": cid, "deadline": "reply", "due_at": "2026-10-06T09:00:00+08:00", "warn_at": "2026-10-05T09:00:00+08:00"}
    ]
    again = desk.json("sweep", "--org", "hotline", "--at", "2026-10-05T11:00:00+08:00")
    assert again == {"at": "2026-10-05T11:00:00+08:00", "breaches": [], "escalations": []}
    later = desk.json("sweep", "--org", "hotline", "--at", "2026-10-13T10:00:00+08:00")
    assert [(b["deadline"]) for b in later["breaches"]] == ["reply"]
    assert [(w["deadline"], w["warn_at"]) for w in later["warnings"]] == [("resolve", "2026-10-13T09:00:00+08:00")]
    history = [e["action"] for e in desk.json("show", cid)["history"]]
    assert history == ["intake", "sweep", "sweep"]
    store = desk.app.store
    live = store.snapshot()
    desk.json("rebuild")
    assert store.snapshot() == live


def test_warn_at_is_a_setting(make_desk: Any) -> None:
    table = hotline()
    table["hotline"]["clocks"] = {"warn_at": 0.5}
    desk = make_desk(table)
    intake(desk, "hotline", "2026-10-01T09:00:00+08:00")
    swept = desk.json("sweep", "--org", "hotline", "--at", "2026-10-03T21:00:00+08:00")
    assert [w["deadline"] for w in swept["warnings"]] == ["reply"]  # half of 5 days: 10-03 21:00


def test_a_working_time_clock_warns_after_that_share_of_its_working_time(make_desk: Any) -> None:
    desk = make_desk(hotline(preset="12345"))
    # 3wd from Mon 09-14 09:00: due Thu 09-17 09:00, 22.5 working hours; 80 % = 18 h → Wed 12:00
    cid = intake(desk, "hotline", "2026-09-14T09:00:00+08:00", "--field", "kind=consultation")["id"]
    assert desk.json("sweep", "--org", "hotline", "--at", "2026-09-16T11:59:00+08:00").get("warnings") is None
    swept = desk.json("sweep", "--org", "hotline", "--at", "2026-09-16T12:00:00+08:00")
    assert swept["warnings"] == [
        {"id": cid, "deadline": "reply", "due_at": "2026-09-17T09:00:00+08:00", "warn_at": "2026-09-16T12:00:00+08:00"}
    ]


def test_a_bad_warn_at_names_the_setting(make_desk: Any) -> None:
    table = hotline()
    table["hotline"]["clocks"] = {"warn_at": 2}
    desk = make_desk(table)
    assert "orgs.hotline.clocks.warn_at" in desk.fails("due", "--org", "hotline", code=2)


def test_the_due_screen_marks_warnings_and_paused_clocks(make_desk: Any) -> None:
    """The text list says what the JSON's ``"warning": true`` and ``"paused": true`` say (issue 17)."""
    desk = make_desk(hotline())
    cid = intake(desk, "hotline", "2026-10-01T09:00:00+08:00")["id"]
    lines = desk.cli("due", "--org", "hotline", "--at", "2026-10-05T10:00:00+08:00").stdout.splitlines()
    acknowledge = next(line for line in lines if "acknowledge" in line or "确认" in line)
    reply = next(line for line in lines if cid in line and line is not acknowledge)
    assert acknowledge.lstrip().startswith("!") and reply.lstrip().startswith("*")
    assert lines[-1].startswith("! ") and "*" in lines[-1]  # the legend
    desk.json("act", cid, "pause", "--note", "waiting for the caller's photos", "--actor", "liu",
              "--at", "2026-10-05T10:30:00+08:00")
    lines = desk.cli("due", "--org", "hotline", "--within", "60d", "--at", "2026-10-05T11:00:00+08:00").stdout.splitlines()
    paused = [line for line in lines if cid in line and line.lstrip().startswith("=")]
    assert paused and all("paused" in line for line in paused)
