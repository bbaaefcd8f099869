"""The resident complaint form (住户投诉意见表) and the three tiers (投诉界定, SOP 1.1-1.2)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.property_mgmt.conftest import T, file, form
from tousu.testing import org


def test_the_tier_follows_from_the_recorded_cause_and_the_rule_is_recorded(desk: Any) -> None:
    facility = file(desk, "--field", "cause=facility")
    assert (facility["tier"], facility["category"]) == ("minor", "facility")
    assert "SOP 1.1.3" in facility["classification_reason"]
    fault = file(desk, "--field", "cause=service_fault")
    assert (fault["tier"], fault["category"]) == ("important", "service_fault")
    assert "at fault" in fault["classification_reason"]


def test_the_receptionists_judgement_wins_and_the_cause_is_noted_beside_it(desk: Any) -> None:
    judged = file(desk, "--tier", "major", "--field", "cause=facility")
    assert judged["tier"] == "major"
    assert judged["classification_reason"] == (
        "judged major by the receptionist at intake (the recorded cause facility alone would make it minor)"
    )
    history = desk.json("show", judged["id"])["history"]
    assert history[0]["data"]["set"]["classification_reason"].startswith("judged major")


def test_the_form_records_place_event_time_respondent_request_and_contact(desk: Any) -> None:
    doc = file(desk, "--tier", "minor", "--field", "event_at=2026-10-01T08:30:00+08:00",
               "--field", "requested_by=2026-10-02T18:00:00+08:00")
    assert (doc["place"], doc["respondent"], doc["request"]) == ("3栋电梯", "工程部", "尽快检修")
    assert (doc["complainant"], doc["contact"]) == ("张先生", "13812345678")
    assert doc["fields"]["event_at"] == "2026-10-01T08:30:00+08:00"
    assert doc["fields"]["requested_by"] == "2026-10-02T18:00:00+08:00"


def test_when_it_happened_defaults_to_the_receipt_time(desk: Any) -> None:
    doc = file(desk, "--tier", "minor")
    assert doc["fields"]["event_at"] == T


@pytest.mark.parametrize(
    "drop, named",
    [
        ("place", "missing place (--place or --field place=...)"),
        ("request", "missing request (--request)"),
        ("contact", "missing contact (--contact)"),
        ("respondent", "missing respondent (--respondent)"),
    ],
)
def test_a_form_missing_a_required_field_is_refused_naming_it(desk: Any, drop: str, named: str) -> None:
    desk.json("due", "--org", "estate", "--at", T)  # the database exists before the snapshot
    before = desk.db_bytes()
    result = desk.cli(*form("--tier", "minor", **{drop: None}))  # type: ignore[arg-type]
    assert result.code == 1
    assert result.stderr.startswith("tousu: error: the resident complaint form (住户投诉意见表) is incomplete")
    assert named in result.stderr and "Traceback" not in result.stderr
    assert desk.db_bytes() == before


def test_a_complaint_with_neither_tier_nor_cause_is_refused_when_the_company_requires_the_tier(desk: Any) -> None:
    result = desk.cli(*form())
    assert result.code == 1
    assert "needs its tier: --tier minor|important|major, or the cause: --field cause=facility|service_fault" in result.stderr


def test_without_required_fields_a_bare_complaint_is_recorded_as_minor_with_the_reason(make_desk: Any) -> None:
    desk = make_desk(org("estate", ["property_mgmt"]))
    doc = desk.json("intake", "--org", "estate", "--channel", "letter", "--summary", "楼道灯坏了", "--at", T)
    assert doc["tier"] == "minor"
    assert doc["classification_reason"].startswith("no tier judged and no cause recorded: minor")


@pytest.mark.parametrize(
    "field, message",
    [
        ("cause=weather", "--field cause=weather: expected one of facility, service_fault"),
        ("event_at=yesterday", "--field event_at: 'yesterday' is not an ISO-8601 instant"),
        ("event_at=2026-10-01T09:30:00+08:00", "the event cannot happen after the complaint was received"),
        ("requested_by=2026-10-01T08:00:00+08:00", "the resident's deadline must be after the receipt time"),
    ],
)
def test_impossible_form_values_are_bad_input(desk: Any, field: str, message: str) -> None:
    result = desk.cli(*form("--tier", "minor", "--field", field))
    assert result.code == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_unknown_required_field_in_the_settings_is_a_config_error_with_its_path(make_desk: Any) -> None:
    desk = make_desk(org("estate", ["property_mgmt"], settings={"property_mgmt": {"required_fields": ["shoe_size"]}}))
    result = desk.cli("due", "--org", "estate")
    assert result.code == 2
    assert "orgs.estate.settings.property_mgmt: required_fields: 'shoe_size' is not a form field" in result.stderr


def test_labels_name_tiers_deadlines_and_steps_in_chinese_and_english(tousu_registry: Any) -> None:
    from tousu.default_plugins.words.labels import label

    spec = tousu_registry.domains["property_mgmt"]
    assert spec.tiers == ("minor", "important", "major")
    zh = [label(key, "zh", spec) for key in ("minor", "important", "major", "forward", "callback", "corrective_action")]
    assert zh == ["轻微投诉", "重要投诉", "重大投诉", "转交签收", "回访", "不合格纠正与预防"]
    for key in (*spec.tiers, *spec.deadlines, *spec.steps, "one_month", "report", "stop_harm", "patrol_team"):
        assert spec.labels["zh"][key] and spec.labels["en"][key], key


def test_tier_and_cause_cannot_contradict_the_more_severe_applies(desk: Any) -> None:
    """A service fault judged minor is important (SOP 1.1.2): the reason says why (issue 14)."""
    doc = file(desk, "--tier", "minor", "--field", "cause=service_fault")
    assert (doc["tier"], doc["category"]) == ("important", "service_fault")
    assert "--tier minor at intake is below what the recorded cause requires" in doc["classification_reason"]
    assert "report_to_management" in {d["name"] for d in doc["deadlines"]}
