"""Intake at the complaint center: kinds, channels, categories, routing to squadrons, time limits."""

from __future__ import annotations

from typing import Any

from tests.city_enforcement.helpers import center, intake


def deadlines(doc: dict[str, Any]) -> dict[str, str]:
    return {d["name"]: d["due_at"] for d in doc["deadlines"]}


def test_a_complaint_received_0900_on_1_october_is_acknowledged_answered_and_resolved_by_calendar_days(
    desk: Any, clock: Any
) -> None:
    # 1 October is National Day: the center works on holidays, so the clocks do not stop.
    doc = intake(desk, clock, "--channel", "phone", "--category", "noise")
    assert doc["tier"] == "normal" and doc["category"] == "noise"
    assert doc["fields"]["kind"] == "complaint"
    assert deadlines(doc) == {
        "acknowledge": "2026-10-02T09:00:00+08:00",
        "reply": "2026-10-06T09:00:00+08:00",
        "resolve": "2026-10-16T09:00:00+08:00",
    }


def test_a_consultation_gets_only_a_reply_within_one_day_and_no_squadron(desk: Any, clock: Any) -> None:
    doc = intake(desk, clock, "--channel", "phone", "--category", "street_occupation", "--field", "kind=consultation")
    assert doc["fields"]["kind"] == "consultation"
    assert deadlines(doc) == {"reply": "2026-10-02T09:00:00+08:00"}
    assert doc["department"] == ""


def test_every_channel_of_the_center_is_accepted(desk: Any, clock: Any) -> None:
    for channel in ("phone", "visit", "letter", "superior_transfer", "media", "web"):
        assert intake(desk, clock, "--channel", channel)["channel"] == channel


def test_a_complaint_without_a_category_is_recorded_as_other_with_the_reason(desk: Any, clock: Any) -> None:
    doc = intake(desk, clock, "--channel", "letter")
    assert doc["category"] == "other"
    assert "no category given" in doc["classification_reason"]


def test_an_unknown_kind_is_refused_as_bad_input_and_nothing_is_written(desk: Any, clock: Any) -> None:
    intake(desk, clock, "--channel", "phone")
    before = desk.db_bytes()
    result = desk.cli(
        "intake", "--org", "bureau", "--channel", "phone", "--summary", "x", "--field", "kind=gossip", "--at", clock.iso()
    )
    assert result.code == 2
    assert "kind=gossip" in result.stderr and "complaint, consultation" in result.stderr
    assert "Traceback" not in result.stderr
    assert desk.db_bytes() == before


def test_an_unknown_channel_or_category_is_bad_input(desk: Any, clock: Any) -> None:
    fax = desk.cli("intake", "--org", "bureau", "--channel", "fax", "--summary", "x", "--at", clock.iso())
    assert fax.code == 2 and "superior_transfer" in fax.stderr
    dogs = desk.cli(
        "intake", "--org", "bureau", "--channel", "phone", "--category", "dogs", "--summary", "x", "--at", clock.iso()
    )
    assert dogs.code == 2 and "outdoor_barbecue" in dogs.stderr


def test_a_category_is_routed_to_its_squadron_and_a_district_route_wins(desk: Any, clock: Any) -> None:
    noise = intake(desk, clock, "--channel", "phone", "--category", "noise")
    assert noise["department"] == "一中队" and noise["fields"]["routed_by"] == "routes.noise"
    east = intake(desk, clock, "--channel", "phone", "--category", "street_occupation", "--field", "district=东城区")
    assert east["department"] == "二中队"
    west = intake(desk, clock, "--channel", "phone", "--category", "street_occupation", "--field", "district=西城区")
    assert west["department"] == "西城中队"
    assert west["fields"]["routed_by"] == "district_routes.西城区.street_occupation"
    west_sign = intake(desk, clock, "--channel", "phone", "--category", "shop_signs", "--field", "district=西城区")
    assert west_sign["department"] == "西城综合中队"
    unrouted = intake(desk, clock, "--channel", "phone", "--category", "shop_signs")
    assert unrouted["department"] == "" and "routed_by" not in unrouted["fields"]


def test_time_limits_are_settings_and_can_differ_per_category(make_desk: Any, clock: Any) -> None:
    desk = make_desk(
        center(reply_within="3d", category_limits={"noise": {"resolve": "7d", "acknowledge": "2h"}})
    )
    noise = intake(desk, clock, "--channel", "phone", "--category", "noise")
    assert deadlines(noise) == {
        "acknowledge": "2026-10-01T11:00:00+08:00",
        "reply": "2026-10-04T09:00:00+08:00",
        "resolve": "2026-10-08T09:00:00+08:00",
    }
    signs = intake(desk, clock, "--channel", "phone", "--category", "shop_signs")
    assert deadlines(signs)["resolve"] == "2026-10-16T09:00:00+08:00"


def test_settings_naming_an_unknown_category_or_a_zero_limit_are_config_errors(make_desk: Any) -> None:
    bad_route = make_desk(center(routes={"dogs": "一中队"}))
    result = bad_route.cli("due", "--org", "bureau")
    assert result.code == 2
    assert "orgs.bureau.settings.city_enforcement: routes.dogs: unknown category" in result.stderr
    zero = make_desk(center(category_limits={"noise": {"resolve": "0m"}}))
    result = zero.cli("due", "--org", "bureau")
    assert result.code == 2 and "category_limits.noise.resolve" in result.stderr
    typo = make_desk(center(resolve_in="3d"))
    result = typo.cli("due", "--org", "bureau")
    assert result.code == 2 and "resolve_in" in result.stderr


def test_labels_exist_in_chinese_and_english_for_every_id(tousu_registry: Any) -> None:
    spec = tousu_registry.domains["city_enforcement"]
    ids = (*spec.channels, *spec.categories, *spec.tiers, "complaint", "consultation", "repeat", "repeat_of")
    for language in ("zh", "en"):
        missing = [i for i in ids if i not in spec.labels[language]]
        assert missing == [], (language, missing)
    assert spec.labels["zh"]["noise"] == "商业经营性噪声扰民"
    assert spec.labels["zh"]["street_occupation"] == "违章占道经营"
    assert spec.labels["zh"]["superior_transfer"] == "上级转来"
