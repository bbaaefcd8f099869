"""The report section on a hand-counted month: local-time boundaries, open and dragging cases, zh labels."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tests.city_enforcement.helpers import act, center, intake
from tousu.models import Period
from tousu.timeutil import zone

TZ = zone("Asia/Shanghai")
OCTOBER = Period(datetime(2026, 10, 1, tzinfo=TZ), datetime(2026, 11, 1, tzinfo=TZ), "2026-10")


def figures(desk: Any, period: Period, org_id: str = "bureau") -> tuple[str, dict[str, Any]]:
    app = desk.app
    [ours] = [
        s for s in app.hooks.report_section(org=app.org(org_id), store=app.store, period=period)
        if s.domain == "city_enforcement"
    ]
    return ours.title, dict(ours.figures)


def test_a_hand_counted_october(make_desk: Any, clock: Any) -> None:
    desk = make_desk(center(language="zh"))
    # 30 September 23:59 local is September; 31 October 23:59 local is October (15:59 UTC).
    intake(desk, "2026-09-30T23:59:00+08:00", "--channel", "phone", "--category", "noise")
    handled = intake(desk, clock, "--channel", "phone", "--category", "noise", "--contact", "13900001111")["id"]
    act(desk, handled, "reply", clock.advance(hours=1))
    act(desk, handled, "resolve", clock.advance(days=1))
    act(desk, handled, "callback", clock.advance(hours=1), "--field", "satisfied=false")
    repeat = intake(desk, clock.advance(days=1), "--channel", "web", "--category", "noise", "--contact", "13900001111")
    asked = intake(desk, clock, "--channel", "phone", "--category", "noise", "--field", "kind=consultation")["id"]
    act(desk, asked, "reply", clock.advance(minutes=5))
    act(desk, asked, "callback", clock.advance(minutes=5), "--field", "satisfied=true")
    intake(desk, clock, "--channel", "visit", "--category", "other", "--field", "transfer_to=区市场监管局")
    stall = intake(desk, clock, "--channel", "media", "--category", "street_occupation", "--field", "district=西城区")
    desk.json("sweep", "--org", "bureau", "--at", (clock.now + timedelta(days=16)).isoformat())
    intake(desk, "2026-10-31T23:59:00+08:00", "--channel", "letter", "--category", "shop_signs")
    intake(desk, "2026-11-01T00:00:00+08:00", "--channel", "letter", "--category", "shop_signs")

    title, f = figures(desk, OCTOBER)
    assert title == "城管执法局投诉中心 · 2026-10"
    assert (f["received"], f["complaints"], f["consultations"]) == (6, 5, 1)
    assert f["by_channel"] == {"phone": 2, "visit": 1, "letter": 1, "media": 1, "web": 1}
    assert f["complaints_by_category"] == {"noise": 2, "street_occupation": 1, "shop_signs": 1, "other": 1}
    assert f["category_share_percent"] == {"noise": 40.0, "street_occupation": 20.0, "shop_signs": 20.0, "other": 20.0}
    assert f["consultations_by_category"] == {"noise": 1}
    assert f["by_district"] == {"unspecified": 5, "西城区": 1}
    assert f["transferred_out"] == 1 and f["transferred_to"] == {"区市场监管局": 1}
    # handled: the resolved noise complaint, the answered consultation, the transfer
    assert f["handled"] == 3 and f["processing_rate_percent"] == 50.0
    # answered (round 2, 件件有答复 covers every exit): the two replies and the transfer's "已移送区市场监管局处理"
    assert f["answered"] == 3
    assert (f["called_back"], f["satisfied"], f["satisfaction_rate_percent"]) == (2, 1, 50.0)
    assert f["repeats"] == 1 and repeat["flags"] == ["repeat"]
    # 16 days on, the unresolved repeat and the street stall both drag on
    assert f["drag_on_cases"] == 2
    assert [desk.json("show", c["id"])["tier"] for c in (repeat, stall)] == ["drag_on", "drag_on"]
    assert f["still_open"] == 3
    assert [w["week"] for w in f["weekly"]] == [f"2026-W{n}" for n in range(40, 45)]
    assert f["weekly"][-1] == {
        "week": "2026-W44", "received": 1, "complaints": 1, "consultations": 0, "transferred_out": 0, "repeats": 0,
        "noise": 0, "street_occupation": 0, "shop_signs": 1, "other": 0,
    }
    assert f["monthly"] == [
        {
            "month": "2026-10", "received": 6, "complaints": 5, "consultations": 1, "transferred_out": 1,
            "repeats": 1, "noise": 2, "street_occupation": 1, "shop_signs": 1, "other": 1,
        }
    ]


def test_an_empty_period_has_zero_counts_and_no_rates(desk: Any) -> None:
    title, f = figures(desk, OCTOBER)
    assert f["received"] == 0 and f["complaints_by_category"] == {} and f["category_share_percent"] == {}
    assert f["processing_rate_percent"] is None and f["satisfaction_rate_percent"] is None
    assert len(f["monthly"]) == 1 and f["monthly"][0]["received"] == 0
    assert title.endswith("2026-10")


def test_a_period_with_only_consultations_has_no_complaint_shares(desk: Any, clock: Any) -> None:
    for _ in range(3):
        cid = intake(desk, clock, "--channel", "phone", "--category", "noise", "--field", "kind=consultation")["id"]
        act(desk, cid, "reply", clock.advance(minutes=5))
    _, f = figures(desk, OCTOBER)
    assert (f["received"], f["complaints"], f["consultations"]) == (3, 0, 3)
    assert f["category_share_percent"] == {} and f["processing_rate_percent"] == 100.0


def test_the_figures_are_plain_json(desk: Any, clock: Any) -> None:
    import json

    intake(desk, clock, "--channel", "phone")
    _, f = figures(desk, OCTOBER)
    assert json.loads(json.dumps(f)) == f
