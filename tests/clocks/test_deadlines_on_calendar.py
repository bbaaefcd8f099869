"""Working-time deadlines through the whole desk: intake, show, due, sweep, rebuild agree.

A 12345-style hotline counts working days on the Chinese statutory calendar; a property desk
forwards within 10 minutes of business hours. Examples across 2025/2026 National Day.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.city_enforcement.helpers import STAFF as CITY_STAFF
from tests.property_mgmt.conftest import STAFF as ESTATE_STAFF
from tousu.testing import org

CN_DESK = {"hours": ["08:30-12:00", "13:30-17:30"], "source": "cn"}


def hotline(**settings: Any) -> dict[str, Any]:
    table = org("hotline", ["city_enforcement"], staff=CITY_STAFF, settings={"city_enforcement": settings})
    table["hotline"]["calendar"] = dict(CN_DESK)
    return table


def due_of(doc: dict[str, Any], name: str) -> str:
    return next(d["due_at"] for d in doc["deadlines"] if d["name"] == name)


def intake(desk: Any, org_id: str, at: str, *args: str) -> dict[str, Any]:
    return desk.json(
        "intake", "--org", org_id, "--actor", "wang", "--channel", "phone", "--summary", "商铺夜间噪声扰民",
        "--at", at, *args,
    )


def test_a_15_working_day_resolve_limit_skips_national_day_and_works_the_make_up_saturday(make_desk: Any) -> None:
    desk = make_desk(hotline(resolve_within="15wd"))
    doc = intake(desk, "hotline", "2026-09-28T09:00:00+08:00")
    assert due_of(doc, "resolve") == "2026-10-23T09:00:00+08:00"
    assert due_of(doc, "acknowledge") == "2026-09-29T09:00:00+08:00"  # still calendar time: 1d
    assert due_of(doc, "reply") == "2026-10-03T09:00:00+08:00"


def test_the_12345_preset_counts_every_limit_in_working_days(make_desk: Any) -> None:
    desk = make_desk(hotline(preset="12345"))
    # received on the eve of 2025 National Day after hours: counting starts Thu 10-09 08:30
    doc = intake(desk, "hotline", "2025-09-30T19:00:00+08:00")
    assert due_of(doc, "acknowledge") == "2025-10-10T08:30:00+08:00"
    assert due_of(doc, "reply") == "2025-10-17T08:30:00+08:00"  # 10-10, 10-11 (make-up), 13…17
    assert due_of(doc, "resolve") == "2025-10-29T08:30:00+08:00"  # … 20…24, 27, 28, 29
    consultation = intake(desk, "hotline", "2025-09-30T19:00:00+08:00", "--field", "kind=consultation")
    assert due_of(consultation, "reply") == "2025-10-13T08:30:00+08:00"  # 10-10, 10-11, 10-13


def test_a_preset_limit_the_table_sets_itself_wins(make_desk: Any) -> None:
    desk = make_desk(hotline(preset="12345", reply_within="5d"))
    doc = intake(desk, "hotline", "2026-09-28T09:00:00+08:00")
    assert due_of(doc, "reply") == "2026-10-03T09:00:00+08:00"
    assert due_of(doc, "resolve") == "2026-10-23T09:00:00+08:00"


def test_an_unknown_preset_or_a_working_unit_where_none_is_allowed_is_refused(make_desk: Any) -> None:
    desk = make_desk(hotline(preset="9999"))
    assert "preset" in desk.fails("calendar", "--org", "hotline", "--from", "2026-01-01", "--to", "2026-01-01", code=2)
    desk = make_desk(hotline(repeat_window="3wd"))
    assert "repeat_window" in desk.fails("calendar", "--org", "hotline", "--from", "2026-01-01", "--to", "2026-01-01", code=2)


def test_the_property_forward_clock_may_follow_business_hours(make_desk: Any) -> None:
    table = org("estate", ["property_mgmt"], staff=ESTATE_STAFF, settings={"property_mgmt": {"forward_clock": "business_hours"}})
    table["estate"]["calendar"] = {"hours": ["08:00-20:00"], "workweek": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]}
    desk = make_desk(table)
    night = desk.json(
        "intake", "--org", "estate", "--actor", "wang", "--channel", "phone", "--summary", "楼道灯坏了",
        "--tier", "minor", "--at", "2026-10-01T23:00:00+08:00",
    )
    assert due_of(night, "forward") == "2026-10-02T08:10:00+08:00"
    assert due_of(night, "resolve") == "2026-10-03T23:00:00+08:00"  # the SOP's 2 days stay calendar time
    assert desk.json("sweep", "--at", "2026-10-02T08:00:00+08:00")["breaches"] == []


def test_a_bad_forward_clock_names_the_setting(make_desk: Any) -> None:
    desk = make_desk(org("estate", ["property_mgmt"], staff=ESTATE_STAFF, settings={"property_mgmt": {"forward_clock": "office"}}))
    assert "forward_clock" in desk.fails("calendar", "--org", "estate", "--from", "2026-01-01", "--to", "2026-01-01", code=2)


@pytest.fixture
def busy_hotline(make_desk: Any) -> Any:
    desk = make_desk(hotline(preset="12345"))
    ids = [
        intake(desk, "hotline", at)["id"]
        for at in ("2026-09-28T09:00:00+08:00", "2026-09-30T16:00:00+08:00", "2026-10-03T10:00:00+08:00")
    ]
    desk.ids = ids
    return desk


def test_due_sweep_and_rebuild_agree_on_working_day_clocks(busy_hotline: Any) -> None:
    desk = busy_hotline
    # Thu 10-08 is the first working day after the holiday: the 09-30 16:00 case's 1wd acknowledgment is due then
    listed = desk.json("due", "--org", "hotline", "--at", "2026-10-08T15:30:00+08:00", "--within", "1h")
    overdue = {(i["id"], i["deadline"]) for i in listed if i["overdue"]}
    soon = {(i["id"], i["deadline"]) for i in listed if not i["overdue"]}
    assert (desk.ids[0], "acknowledge") in overdue
    assert (desk.ids[1], "acknowledge") in soon
    assert all(cid != desk.ids[2] for cid, _ in overdue | soon)  # received on a holiday: due Fri 10-09 08:30
    swept = desk.json("sweep", "--org", "hotline", "--at", "2026-10-08T15:30:00+08:00")
    assert {(b["id"], b["deadline"]) for b in swept["breaches"]} == overdue
    assert desk.json("sweep", "--org", "hotline", "--at", "2026-10-08T16:00:00+08:00")["breaches"] == []
    later = desk.json("sweep", "--org", "hotline", "--at", "2026-10-08T16:00:01+08:00")
    assert [(b["id"], b["deadline"]) for b in later["breaches"]] == [(desk.ids[1], "acknowledge")]
    store = desk.app.store
    live = store.snapshot()
    assert desk.json("rebuild") == {"rebuilt": 3}
    assert store.snapshot() == live
    shown = desk.json("show", desk.ids[1])
    assert due_of(shown, "acknowledge") == "2026-10-08T16:00:00+08:00"
