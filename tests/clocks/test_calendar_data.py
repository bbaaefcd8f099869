"""The cn calendar against an independent source: every date of 2025 and 2026.

The data of ``tousu_cn_calendar`` is transcribed from the State Council's notices; the
``chinesecalendar`` package (installed for the tests only) is a second transcription of the
same notices. They must agree on every day, through ``tousu calendar`` itself.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import chinese_calendar
import pytest

from tests.clocks.helpers import DESK_HOURS
from tousu.testing import org


def _every_day(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=n) for n in range((date(year + 1, 1, 1) - first).days)]


@pytest.fixture
def cn_desk(make_desk: Any) -> Any:
    table = org("hotline", [])
    table["hotline"]["calendar"] = {"hours": DESK_HOURS, "source": "cn"}
    return make_desk(table)


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_date_agrees_with_the_published_arrangements(cn_desk: Any, year: int) -> None:
    entries = cn_desk.json("calendar", "--org", "hotline", "--from", f"{year}-01-01", "--to", f"{year}-12-31")
    assert [e["date"] for e in entries] == [d.isoformat() for d in _every_day(year)]
    for entry in entries:
        day = date.fromisoformat(entry["date"])
        assert entry["working"] == chinese_calendar.is_workday(day), entry
        assert entry["hours"] == (DESK_HOURS if entry["working"] else [])
        if day in chinese_calendar.workdays and day.weekday() >= 5:
            assert entry["why"].startswith("make-up working day: "), entry
        elif chinese_calendar.is_holiday(day) and day.weekday() < 5:
            assert entry["why"].startswith("holiday: "), entry


def test_why_names_the_festival_and_the_weekend(cn_desk: Any) -> None:
    entries = cn_desk.json("calendar", "--org", "hotline", "--from", "2025-09-27", "--to", "2025-10-12")
    why = {e["date"]: e["why"] for e in entries}
    assert why["2025-09-27"] == "weekend"
    assert why["2025-09-28"] == "make-up working day: 国庆节、中秋节"
    assert why["2025-09-29"] == "working day"
    assert why["2025-10-01"] == "holiday: 国庆节、中秋节"
    assert why["2025-10-08"] == "holiday: 国庆节、中秋节"
    assert why["2025-10-09"] == "working day"
    assert why["2025-10-11"] == "make-up working day: 国庆节、中秋节"
    assert why["2025-10-12"] == "weekend"


def test_a_year_without_data_is_the_week_alone_with_one_warning_naming_the_setting(cn_desk: Any) -> None:
    result = cn_desk.cli("calendar", "--org", "hotline", "--from", "2026-12-30", "--to", "2027-01-04", "--json")
    assert result.code == 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "2027" in lines[0] and "orgs.hotline.calendar.holidays" in lines[0]
    entries = {e["date"]: e for e in result.json}
    assert entries["2027-01-01"]["working"] is True  # no notice yet: a Friday is worked
    assert "no holiday data for 2027" in entries["2027-01-01"]["why"]
    assert "no holiday data" not in entries["2026-12-31"]["why"]


def test_the_org_s_own_dates_win_over_the_source(make_desk: Any) -> None:
    table = org("desk", [])
    table["desk"]["calendar"] = {
        "source": "cn",
        "holidays": {"2026-10-09": "公司年假"},
        "workdays": ["2026-10-03"],
        "workweek": ["mon", "tue", "wed", "thu", "fri", "sat"],
    }
    desk = make_desk(table)
    why = {e["date"]: e for e in desk.json("calendar", "--org", "desk", "--from", "2026-10-03", "--to", "2026-10-11")}
    assert why["2026-10-03"]["working"] and why["2026-10-03"]["why"] == "make-up working day"
    assert not why["2026-10-09"]["working"] and why["2026-10-09"]["why"] == "holiday: 公司年假"
    assert why["2026-10-10"]["working"]  # the cn make-up Saturday
    assert not why["2026-10-11"]["working"] and why["2026-10-11"]["why"] == "weekend"
    assert why["2026-10-05"]["hours"] == []


def test_the_text_form_lists_one_line_per_day(cn_desk: Any) -> None:
    result = cn_desk.cli("calendar", "--org", "hotline", "--from", "2026-02-13", "--to", "2026-02-15")
    assert result.code == 0
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 3
    assert lines[1].startswith("2026-02-14") and "make-up working day: 春节" in lines[1] and "08:30-12:00" in lines[1]
    assert "holiday: 春节" in lines[2]


@pytest.mark.parametrize(
    ("table", "words"),
    [
        ({"source": "xx"}, "orgs.hotline.calendar.source: no calendar 'xx'"),
        ({"hours": ["12:00-08:00"]}, "orgs.hotline.calendar.hours"),
        ({"hours": ["08:00-12:00", "11:00-13:00"]}, "overlap"),
        ({"workweek": ["funday"]}, "orgs.hotline.calendar.workweek"),
        ({"holidays": ["2026-13-01"]}, "orgs.hotline.calendar.holidays"),
        ({"holidays": ["2026-10-09"], "workdays": ["2026-10-09"]}, "both in holidays and in workdays"),
        ({"weekdays": ["mon"]}, "unknown key(s) weekdays"),
        ({"source": "missing.ics"}, "cannot read"),
    ],
)
def test_a_bad_calendar_setting_is_one_line_naming_the_key(make_desk: Any, table: dict[str, Any], words: str) -> None:
    setup = org("hotline", [])
    setup["hotline"]["calendar"] = table
    desk = make_desk(setup)
    assert words in desk.fails("calendar", "--org", "hotline", "--from", "2026-01-01", "--to", "2026-01-02", code=2)


def test_bad_dates_are_refused(cn_desk: Any) -> None:
    assert "--from" in cn_desk.fails("calendar", "--org", "hotline", "--from", "soon", "--to", "2026-01-02", code=2)
    assert "before" in cn_desk.fails("calendar", "--org", "hotline", "--from", "2026-02-01", "--to", "2026-01-02", code=2)


def test_an_ics_file_is_another_source(make_desk: Any) -> None:
    setup = org("desk", [])
    setup["desk"]["calendar"] = {"source": ["holidays.ics"]}
    desk = make_desk(setup)
    (desk.folder / "holidays.ics").write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        "BEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:20270128\r\nDTEND;VALUE=DATE:20270130\r\nSUMMARY:Company days\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:2\r\nDTSTART;VALUE=DATE:20270130\r\nDTEND;VALUE=DATE:20270131\r\nSUMMARY:补班\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n",
        encoding="utf-8",
    )
    days = {e["date"]: e for e in desk.json("calendar", "--org", "desk", "--from", "2027-01-27", "--to", "2027-01-31")}
    assert days["2027-01-27"]["working"]
    assert days["2027-01-28"]["why"] == "holiday: Company days" and days["2027-01-29"]["why"] == "holiday: Company days"
    assert days["2027-01-30"]["working"] and days["2027-01-30"]["why"] == "make-up working day: 补班"
    assert not days["2027-01-31"]["working"]


def test_the_year_without_data_warning_reads_in_the_desks_language(make_desk: Any) -> None:
    """A zh desk's warning about a year the calendar has no holiday data for is Chinese (issue 18)."""
    from tests.clocks.test_deadlines_on_calendar import hotline

    table = hotline(resolve_within="15wd")
    table["hotline"]["language"] = "zh"
    desk = make_desk(table)
    result = desk.cli("calendar", "--org", "hotline", "--from", "2027-01-01", "--to", "2027-01-01")
    assert "2027 年的节假日数据" in result.stderr and "orgs.hotline.calendar.holidays" in result.stderr
    desk.json("intake", "--org", "hotline", "--actor", "wang", "--channel", "phone", "--summary", "噪声",
              "--at", "2026-12-28T09:00:00+08:00")
    due = desk.cli("due", "--org", "hotline", "--within", "30d", "--actor", "wang", "--at", "2026-12-28T10:00:00+08:00")
    assert "2027 年的节假日数据" in due.stderr and "warning" not in due.stderr


def test_show_and_sweep_warn_once_about_a_clock_running_into_a_year_without_data(make_desk: Any) -> None:
    """A 15-working-day clock from 28 December runs into 2027: show says so once, naming the setting, and
    so does the sweep that records the clock's warning in January (the clocks it acts on)."""
    from tests.clocks.test_deadlines_on_calendar import hotline

    desk = make_desk(hotline(resolve_within="15wd"))
    cid = desk.json("intake", "--org", "hotline", "--actor", "wang", "--channel", "phone", "--summary", "噪声",
                    "--at", "2026-12-28T09:00:00+08:00")["id"]
    for command in (("show", cid), ("sweep", "--org", "hotline", "--at", "2027-01-14T10:00:00+08:00")):
        result = desk.cli(*command)
        assert result.code == 0, result.stderr
        warnings = [line for line in result.stderr.splitlines() if "2027" in line]
        assert len(warnings) == 1, (command, result.stderr)
        assert "orgs.hotline.calendar.holidays" in warnings[0]
