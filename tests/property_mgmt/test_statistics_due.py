"""The monthly statistics are due by the 30th (the last day of a shorter month) — SOP 1.6.

A month's report can only be frozen once the month is over, so month M's statistics fall due
on the 30th of month M+1; ``tousu due`` lists that duty until the report of M is frozen.
"""

from __future__ import annotations

from typing import Any

from tests.property_mgmt.conftest import estate_org, file


def _duties(desk: Any, when: str) -> list[dict[str, Any]]:
    return [i for i in desk.json("due", "--org", "estate", "--at", when) if i["id"] is None]


def test_octobers_statistics_are_due_by_the_end_of_30_november(desk: Any) -> None:
    file(desk, "--tier", "minor", at="2026-10-05T09:00:00+08:00")
    assert _duties(desk, "2026-10-20T09:00:00+08:00") == []  # nothing owed before the desk's first month is over
    [duty] = _duties(desk, "2026-11-02T09:00:00+08:00")
    assert duty["deadline"] == "monthly_statistics:2026-10"
    assert duty["due_at"] == "2026-11-30T23:59:59+08:00"
    assert duty["overdue"] is False
    assert "2026-10" in duty["summary"]


def test_januarys_statistics_are_due_on_the_last_day_of_february(desk: Any) -> None:
    file(desk, "--tier", "minor", at="2027-01-10T09:00:00+08:00")
    [duty] = _duties(desk, "2027-02-10T09:00:00+08:00")
    assert (duty["deadline"], duty["due_at"]) == ("monthly_statistics:2027-01", "2027-02-28T23:59:59+08:00")


def test_a_month_not_frozen_by_its_day_stays_on_the_list_as_overdue(desk: Any) -> None:
    file(desk, "--tier", "minor", at="2026-10-05T09:00:00+08:00")
    duties = _duties(desk, "2026-12-01T00:00:00+08:00")
    assert [(d["deadline"], d["overdue"]) for d in duties] == [
        ("monthly_statistics:2026-10", True),
        ("monthly_statistics:2026-11", False),
    ]


def test_freezing_the_months_report_meets_the_duty(desk: Any) -> None:
    file(desk, "--tier", "minor", at="2026-10-05T09:00:00+08:00")
    frozen = desk.cli("report", "--org", "estate", "--month", "2026-10", "--freeze", "--at", "2026-11-20T09:00:00+08:00",
                    "--actor", "li")
    assert frozen.code == 0, frozen.stderr
    before_freezing = desk.app.due("estate", at=_instant("2026-11-19T09:00:00+08:00"))[1]
    after_freezing = desk.app.due("estate", at=_instant("2026-11-21T09:00:00+08:00"))[1]
    assert [(d.name, d.met) for d in before_freezing] == [("monthly_statistics:2026-10", False)]
    assert [(d.name, d.met) for d in after_freezing] == [("monthly_statistics:2026-10", True)]
    later = _duties(desk, "2026-12-01T00:00:00+08:00")
    assert [d["deadline"] for d in later] == ["monthly_statistics:2026-11"]  # October is done, not owed


def test_the_statistics_day_is_a_setting(make_desk: Any) -> None:
    desk = make_desk(estate_org(statistics_due_day=10))
    file(desk, "--tier", "minor", at="2026-10-05T09:00:00+08:00")
    [duty] = _duties(desk, "2026-11-02T09:00:00+08:00")
    assert duty["due_at"] == "2026-11-10T23:59:59+08:00"


def _instant(text: str) -> Any:
    from datetime import datetime

    return datetime.fromisoformat(text)


def test_freezing_the_month_on_the_day_its_statistics_fall_due_is_accepted_and_meets_the_duty(desk: Any) -> None:
    """每月30日前, read as the following month (docs/property_mgmt.md): on 30 November, the due day,
    October is over, so freezing it is never refused, and the duty is met that day."""
    manager = "li"
    file(desk, "--tier", "minor", at="2026-10-31T22:00:00+08:00")  # the 31st is counted too
    frozen = desk.cli("report", "--org", "estate", "--month", "2026-10", "--freeze", "--actor", manager,
                      "--at", "2026-11-30T18:00:00+08:00")
    assert frozen.code == 0, frozen.stderr
    [duty] = [d for d in desk.app.due("estate", at=_instant("2026-11-30T18:30:00+08:00"))[1]
              if d.name == "monthly_statistics:2026-10"]
    assert duty.met is True
    report = desk.json("report", "--org", "estate", "--month", "2026-10", "--frozen")
    assert report["received"] == 1


def test_tousu_init_says_which_clock_lengths_are_the_desks_choice(tmp_path: Any) -> None:
    """The callback's length is not the source's: the file the deployer edits says so."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "tousu", "init", "--org", "estate", "--plugin", "property_mgmt"],
                          cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "tousu.toml").read_text(encoding="utf-8")
    above_callback = text.split('\ncallback = "3d"')[0].splitlines()[-3:]
    assert any("the source sets no time limit" in line and line.startswith("#") for line in above_callback)
    assert "desk's choice" in "".join(above_callback)
