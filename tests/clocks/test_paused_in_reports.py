"""Reports count paused time per deadline and never count a paused period as late (issue 17).

The hotline's reply was due 10-13 09:00; the desk paused the case 10-12 10:00 → 10-14 10:00
(waiting for the housing bureau's inspection) and answered 10-15 08:45: on time, because the
due time moved by the time paused. The month's report shows the reply on time and says how
long the reply and resolve clocks were paused (48 hours each, calendar time).
"""

from __future__ import annotations

from typing import Any

from tests.clocks.test_deadlines_on_calendar import hotline, intake


def test_the_month_report_counts_the_time_paused_and_no_lateness_for_it(make_desk: Any) -> None:
    desk = make_desk(hotline(preset="12345"))
    cid = intake(desk, "hotline", "2026-09-28T09:00:00+08:00")["id"]
    desk.json("act", cid, "pause", "--note", "等待区住建局鉴定", "--actor", "liu", "--at", "2026-10-12T10:00:00+08:00")
    desk.json("act", cid, "resume", "--actor", "liu", "--at", "2026-10-14T10:00:00+08:00")
    desk.json("act", cid, "reply", "--note", "已答复", "--actor", "liu", "--at", "2026-10-15T08:45:00+08:00")
    report = desk.json("report", "--org", "hotline", "--month", "2026-10", "--at", "2026-11-02T09:00:00+08:00")
    reply = report["on_time_by_deadline"]["reply"]
    assert reply["on_time"] == reply["due"] == 1 and reply["paused_hours"] == 48.0
    assert report["on_time_by_deadline"]["resolve"]["paused_hours"] == 48.0
    assert report["paused_hours"] == 96.0
    text = desk.cli("report", "--org", "hotline", "--month", "2026-10", "--at", "2026-11-02T09:00:00+08:00").stdout
    assert "hours paused" in text and "48" in text


def test_a_report_without_pauses_has_no_paused_figures(make_desk: Any) -> None:
    desk = make_desk(hotline(preset="12345"))
    intake(desk, "hotline", "2026-09-28T09:00:00+08:00")
    report = desk.json("report", "--org", "hotline", "--month", "2026-10", "--at", "2026-11-02T09:00:00+08:00")
    assert "paused_hours" not in report
    assert all("paused_hours" not in v for v in report["on_time_by_deadline"].values())
