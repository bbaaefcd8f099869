"""One month without a resolution makes a valid complaint major (SOP 1.1.1 c), via the daily sweep."""

from __future__ import annotations

from typing import Any

from tests.property_mgmt.conftest import deadline, due, file

RULE = "not resolved within one month of receipt: a valid complaint becomes major (SOP 1.1.1 c)"


def test_one_second_before_the_month_is_up_nothing_escalates(desk: Any) -> None:
    cid = file(desk, "--tier", "minor")["id"]
    swept = desk.json("sweep", "--org", "estate", "--at", "2026-11-01T08:59:59+08:00")
    assert swept["escalations"] == []
    assert desk.json("show", cid)["tier"] == "minor"


def test_one_second_after_the_month_is_up_sweep_makes_it_major_with_the_rule(desk: Any) -> None:
    cid = file(desk, "--tier", "minor")["id"]
    swept = desk.json("sweep", "--org", "estate", "--at", "2026-11-01T09:00:01+08:00")
    assert swept["escalations"] == [{"id": cid, "from": "minor", "to": "major", "rule": RULE}]
    shown = desk.json("show", cid, "--at", "2026-11-01T09:00:01+08:00")
    assert (shown["tier"], shown["classification_reason"]) == ("major", RULE)
    assert deadline(shown, "one_month")["state"] == "breached"


def test_at_exactly_one_month_the_clock_has_not_yet_run_out(desk: Any) -> None:
    file(desk, "--tier", "important")
    assert desk.json("sweep", "--org", "estate", "--at", "2026-11-01T09:00:00+08:00")["escalations"] == []


def test_an_escalated_complaint_gets_the_major_deadlines_from_that_moment(desk: Any) -> None:
    cid = file(desk, "--tier", "minor")["id"]
    desk.json("sweep", "--org", "estate", "--at", "2026-11-01T09:00:01+08:00")
    shown = desk.json("show", cid, "--at", "2026-11-01T09:00:01+08:00")
    assert due(shown, "report_to_management") == "2026-11-01T23:59:59+08:00"
    assert due(shown, "reply") == "2026-11-03T09:00:01+08:00"
    assert due(shown, "resolve") == "2026-11-11T09:00:01+08:00"
    assert deadline(shown, "resolve")["state"] == "pending"
    assert due(shown, "forward") == "2026-10-01T09:10:00+08:00"  # receipt clocks do not move


def test_the_first_action_after_the_escalation_puts_the_corrective_action_on_it(desk: Any) -> None:
    cid = file(desk, "--tier", "minor")["id"]
    desk.json("sweep", "--org", "estate", "--at", "2026-11-01T09:00:01+08:00")
    desk.json("act", cid, "report", "--actor", "chen", "--at", "2026-11-01T10:00:00+08:00")
    shown = desk.json("show", cid, "--at", "2026-11-01T10:00:00+08:00")
    assert [(s["name"], s["done"]) for s in shown["steps"]] == [("corrective_action", False)]
    assert deadline(shown, "report_to_management")["state"] == "met"


def test_a_complaint_resolved_within_the_month_or_marked_invalid_never_escalates(desk: Any) -> None:
    resolved = file(desk, "--tier", "minor")["id"]
    desk.json("act", resolved, "resolve", "--actor", "zhao", "--at", "2026-10-31T09:00:00+08:00")
    invalid = file(desk, "--tier", "minor")["id"]
    desk.json("act", invalid, "invalid", "--note", "not the company's matter; referred to the gas company",
              "--at", "2026-10-01T09:30:00+08:00")
    swept = desk.json("sweep", "--org", "estate", "--at", "2026-11-02T00:00:00+08:00")
    assert swept["escalations"] == []
    assert desk.json("show", invalid)["status"] == "invalid"


def test_sweeping_twice_escalates_once(desk: Any) -> None:
    cid = file(desk, "--tier", "minor")["id"]
    desk.json("sweep", "--org", "estate", "--at", "2026-11-01T09:00:01+08:00")
    again = desk.json("sweep", "--org", "estate", "--at", "2026-11-01T09:00:01+08:00")
    assert again == {"at": "2026-11-01T09:00:01+08:00", "breaches": [], "escalations": []}
    assert [e["action"] for e in desk.json("show", cid)["history"]] == ["intake", "sweep"]


def test_a_complaint_received_on_31_january_escalates_after_the_last_day_of_february(desk: Any) -> None:
    cid = file(desk, "--tier", "minor", at="2027-01-31T10:00:00+08:00")["id"]
    assert desk.json("sweep", "--org", "estate", "--at", "2027-02-28T09:59:59+08:00")["escalations"] == []
    escalated = desk.json("sweep", "--org", "estate", "--at", "2027-02-28T10:00:01+08:00")["escalations"]
    assert [e["id"] for e in escalated] == [cid]
