"""Tiers, categories and clocks: what the desk sees the moment a complaint is recorded."""

from __future__ import annotations

from typing import Any

import pytest

from tests.retail.conftest import T0, act, at, clocks, intake, steps_of


@pytest.mark.parametrize(
    ("category", "tier"),
    [
        ("excessive_demand", "level3"),
        ("personal_injury", "level3"),
        ("property_damage", "level3"),
        ("counterfeit", "level3"),
        ("regulator_or_media_referral", "level4"),
        ("media_exposure", "level4"),
        ("lawsuit", "level4"),
        ("general", "level1"),
    ],
)
def test_each_category_gets_its_tier_with_the_rule_that_chose_it(desk: Any, category: str, tier: str) -> None:
    doc = intake(desk, "--category", category)
    assert (doc["category"], doc["tier"]) == (category, tier)
    assert doc["classification_reason"]


def test_a_general_complaint_is_level1_unless_the_intake_says_otherwise(desk: Any) -> None:
    assert intake(desk)["tier"] == "level1"
    raised = intake(desk, "--tier", "level2")
    assert raised["tier"] == "level2" and "raised to level2 at intake" in raised["classification_reason"]


def test_the_intake_cannot_lower_a_major_category(desk: Any) -> None:
    doc = intake(desk, "--category", "counterfeit", "--tier", "level1")
    assert doc["tier"] == "level3"
    assert "below what the rule requires" in doc["classification_reason"]


def test_property_damage_below_500_is_not_a_major_complaint(desk: Any) -> None:
    doc = intake(desk, "--category", "property_damage", "--field", "loss=499.99")
    assert (doc["category"], doc["tier"]) == ("general", "level2")
    assert "¥500.00" in doc["classification_reason"]
    assert intake(desk, "--category", "property_damage", "--field", "loss=500.00")["tier"] == "level3"


def test_a_complaint_from_the_consumer_council_is_a_referral_with_an_acknowledgement(desk: Any) -> None:
    doc = intake(desk, channel="consumer_council")
    assert (doc["category"], doc["tier"]) == ("regulator_or_media_referral", "level4")
    assert steps_of(doc) == ["acknowledge_agency", "written_reply_to_agency", "internal_check", "corrective_action"]
    assert clocks(doc)["acknowledge_agency"]["due_at"] == "2026-10-01T13:00:00+08:00"


def test_an_internal_escalation_channel_arrives_at_level4(desk: Any) -> None:
    assert intake(desk, "--category", "counterfeit", channel="escalation")["tier"] == "level4"


def test_personal_injury_received_at_nine_on_1_october_needs_a_plan_by_nine_on_4_october(desk: Any) -> None:
    doc = intake(desk, "--category", "personal_injury")
    deadlines = clocks(doc)
    assert deadlines["plan"]["due_at"] == "2026-10-04T09:00:00+08:00"
    assert deadlines["reply"]["due_at"] == "2026-10-02T09:00:00+08:00"
    assert deadlines["resolve"]["due_at"] == "2026-10-16T09:00:00+08:00"


def test_ordinary_tiers_get_the_documented_default_clocks(desk: Any) -> None:
    level1 = clocks(intake(desk))
    assert (level1["reply"]["due_at"], level1["resolve"]["due_at"]) == (
        "2026-10-02T09:00:00+08:00", "2026-10-04T09:00:00+08:00",
    )
    level2 = clocks(intake(desk, "--tier", "level2"))
    assert (level2["reply"]["due_at"], level2["resolve"]["due_at"]) == (
        "2026-10-03T09:00:00+08:00", "2026-10-08T09:00:00+08:00",
    )
    assert "plan" not in level1


def test_the_clocks_are_settings(make_desk: Any) -> None:
    from tests.retail.conftest import store_org

    desk = make_desk(store_org(plan_within="1d", reply_within={"level3": "2h"}))
    deadlines = clocks(intake(desk, "--category", "property_damage"))
    assert deadlines["plan"]["due_at"] == "2026-10-02T09:00:00+08:00"
    assert deadlines["reply"]["due_at"] == "2026-10-01T11:00:00+08:00"


def test_urgent_harm_gets_a_stop_harm_step_due_within_the_hour(desk: Any) -> None:
    doc = intake(desk, "--category", "personal_injury", "--urgent")
    assert "stop_harm" in steps_of(doc)
    assert clocks(doc)["stop_harm"]["due_at"] == "2026-10-01T10:00:00+08:00"


def test_a_referral_resting_on_an_injury_runs_the_injury_procedure_too(desk: Any) -> None:
    doc = intake(desk, "--field", "underlying=personal_injury", channel="market_regulator")
    assert "resolution_plan" in steps_of(doc) and "written_reply_to_agency" in steps_of(doc)
    assert "plan" in clocks(doc)


def test_sweep_escalates_a_level3_complaint_whose_deadline_ran_out_to_level4(desk: Any) -> None:
    cid = intake(desk, "--category", "property_damage")["id"]
    quiet = desk.json("sweep", "--org", "store", "--at", at(2, "08:59"))
    assert quiet["escalations"] == []
    swept = desk.json("sweep", "--org", "store", "--at", at(2, "09:01"))
    assert swept["escalations"] == [
        {"id": cid, "from": "level3", "to": "level4", "rule": swept["escalations"][0]["rule"]}
    ]
    assert "三级投诉未及时处理的升级事件" in swept["escalations"][0]["rule"]
    doc = desk.json("show", cid, "--at", at(2, "09:01"))
    assert doc["tier"] == "level4"
    deadlines = clocks(doc)
    assert deadlines["reply"]["state"] == "breached"  # the breach stays on record
    assert deadlines["resolve"]["due_at"] == "2026-10-12T09:01:00+08:00"  # level4: 10 days from the escalation
    assert deadlines["plan"]["due_at"] == "2026-10-04T09:00:00+08:00"  # never moved later
    again = desk.json("sweep", "--org", "store", "--at", at(2, "09:01"))
    assert again["breaches"] == [] and again["escalations"] == []


def test_a_breached_level1_complaint_is_not_escalated(desk: Any) -> None:
    cid = intake(desk)["id"]
    swept = desk.json("sweep", "--org", "store", "--at", at(5))
    assert swept["escalations"] == [] and desk.json("show", cid)["tier"] == "level1"


def test_staff_escalate_by_hand_with_a_reason(desk: Any) -> None:
    cid = intake(desk)["id"]
    act(desk, cid, "escalate", "--field", "tier=level2", "--actor", "wang")
    assert desk.json("show", cid)["classification_reason"] == "escalated by wang (no reason given)"
    act(desk, cid, "escalate", "--field", "tier=level3", "--note", "customer threatens to call the press")
    doc = desk.json("show", cid)
    assert doc["tier"] == "level3" and "customer threatens" in doc["classification_reason"]


def test_a_wrong_category_or_channel_is_bad_input_and_changes_nothing(desk: Any) -> None:
    intake(desk)
    before = desk.db_bytes()
    for args in (("--category", "theft"), ("--channel", "pigeon")):
        result = desk.cli("intake", "--org", "store", "--summary", "x", "--channel", "phone", *args, "--at", T0)
        assert result.code == 2 and "not one of" in result.stderr
    bad = desk.cli("intake", "--org", "store", "--summary", "x", "--channel", "media", "--field", "underlying=alien")
    assert bad.code == 2 and "underlying" in bad.stderr
    assert desk.db_bytes() == before
