"""Acceptance: the residents' complaint SOP (source part 3; DOMAIN §2; issue 4).

The estate desk works in English, in Shanghai time; staff ids are the roles they hold.
Clocks run from the receipt T, exact to the minute, every day of the week.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.acceptance.conftest import deadline, due, open_steps

T = "2026-10-01T09:00:00+08:00"


def intake(desk: Any, *args: str, at: str = T) -> dict[str, Any]:
    return desk.json(
        "intake", "--org", "estate", "--channel", "phone", "--summary", "lift stops between floors",
        "--place", "Block 3 lift", "--respondent", "Engineering", "--request", "repair it soon",
        "--complainant", "Mr Zhang", "--contact", "13812345678", "--actor", "reception", "--at", at, "--again", *args,
    )


def act(desk: Any, cid: str, action: str, *args: str, actor: str = "reception", at: str) -> dict[str, Any]:
    return desk.json("act", cid, action, *args, "--actor", actor, "--at", at)


def test_a_minor_complaint_received_0900_on_1_october_is_due_0900_on_3_october(desk: Any) -> None:
    doc = intake(desk, "--tier", "minor")
    assert due(doc, "forward") == "2026-10-01T09:10:00+08:00"
    assert due(doc, "resolve") == "2026-10-03T09:00:00+08:00"
    assert "report_to_management" not in [d["name"] for d in doc["deadlines"]]


def test_the_residents_own_deadline_replaces_the_2_days(desk: Any) -> None:
    doc = intake(desk, "--tier", "minor", "--field", "requested_by=2026-10-01T18:00:00+08:00")
    assert due(doc, "resolve") == "2026-10-01T18:00:00+08:00"
    later = intake(desk, "--tier", "minor", "--field", "requested_by=2026-10-05T12:00")
    assert due(later, "resolve") == "2026-10-05T12:00:00+08:00"


def test_an_important_complaint_is_reported_the_same_day_and_handled_in_3_days(desk: Any) -> None:
    doc = intake(desk, "--tier", "important")
    assert due(doc, "report_to_management").startswith("2026-10-01T23:59:59")
    assert due(doc, "resolve") == "2026-10-04T09:00:00+08:00"
    assert "corrective_action" in open_steps(doc)


def test_a_major_complaint_gets_a_clear_answer_in_2_days_and_is_resolved_in_10(desk: Any) -> None:
    doc = intake(desk, "--tier", "major")
    assert due(doc, "reply") == "2026-10-03T09:00:00+08:00"
    assert due(doc, "resolve") == "2026-10-11T09:00:00+08:00"
    assert due(doc, "report_to_management").startswith("2026-10-01T23:59:59")


def test_the_cause_on_the_form_decides_the_tier(desk: Any) -> None:
    assert intake(desk, "--field", "cause=facility")["tier"] == "minor"
    assert intake(desk, "--field", "cause=service_fault")["tier"] == "important"


def test_same_day_means_the_organizations_calendar_day(desk: Any) -> None:
    """Received 23:55: reported by midnight the same night; received 00:05: the whole day."""
    late = intake(desk, "--tier", "important", at="2026-10-01T23:55")
    early = intake(desk, "--tier", "important", at="2026-10-02T00:05")
    assert due(late, "report_to_management").startswith("2026-10-01T23:59:59")
    assert due(late, "forward") == "2026-10-02T00:05:00+08:00"
    assert due(early, "report_to_management").startswith("2026-10-02T23:59:59")


def test_the_form_is_signed_for_within_10_minutes(desk: Any) -> None:
    on_time = intake(desk, "--tier", "minor")["id"]
    late = intake(desk, "--tier", "minor")["id"]
    for cid, signed in ((on_time, "2026-10-01T09:10"), (late, "2026-10-01T09:11")):
        act(desk, cid, "forward", "--to", "Engineering", at="2026-10-01T09:05")
        act(desk, cid, "sign", actor="head", at=signed)
    assert deadline(desk.json("show", on_time), "forward")["state"] == "met"
    late_forward = deadline(desk.json("show", late), "forward")
    assert late_forward["met_at"] == "2026-10-01T09:11:00+08:00"
    report = desk.json("report", "--org", "estate", "--month", "2026-10", "--at", "2026-10-01T12:00")
    assert report["on_time_by_deadline"]["forward"]["due"] == 2
    assert report["on_time_by_deadline"]["forward"]["on_time"] == 1


@pytest.mark.parametrize(
    ("tier", "actor", "code"),
    [
        ("minor", "reception", 1),
        ("minor", "manager", 0),
        ("important", "manager", 1),
        ("important", "gm", 0),
        ("major", "gm", 0),
    ],
)
def test_going_over_time_needs_the_right_approver(desk: Any, tier: str, actor: str, code: int) -> None:
    """Minor: the manager (1.10.1); important: the general manager (1.10.2)."""
    cid = intake(desk, "--tier", tier)["id"]
    args = ("act", cid, "extend", "--field", "deadline=resolve", "--field", "until=2026-10-20T09:00",
            "--note", "parts on order", "--actor", actor, "--at", "2026-10-02T09:00")
    if code:
        reason = desk.fails(*args, code=1)
        assert ("general_manager" if tier != "minor" else "manager") in reason
    else:
        doc = desk.json(*args)
        assert due(doc, "resolve") == "2026-10-20T09:00:00+08:00"
        assert deadline(doc, "resolve")["extensions"]


def test_a_complaint_not_resolved_within_one_month_becomes_major(desk: Any) -> None:
    """At exactly one month nothing happens; one second later the sweep makes it major."""
    cid = intake(desk, "--tier", "minor")["id"]
    at_month = desk.json("sweep", "--org", "estate", "--at", "2026-11-01T09:00:00")
    assert cid not in [e["id"] for e in at_month["escalations"]]
    assert desk.json("show", cid)["tier"] == "minor"
    after = desk.json("sweep", "--org", "estate", "--at", "2026-11-01T09:00:01")
    assert cid in [e["id"] for e in after["escalations"]]
    shown = desk.json("show", cid)
    assert shown["tier"] == "major"
    assert due(shown, "resolve") == "2026-11-11T09:00:01+08:00"


def test_a_resolved_complaint_never_escalates(desk: Any) -> None:
    cid = intake(desk, "--tier", "minor")["id"]
    act(desk, cid, "resolve", actor="head", at="2026-10-02T09:00")
    desk.json("sweep", "--org", "estate", "--at", "2026-11-05T09:00")
    assert desk.json("show", cid)["tier"] == "minor"


def test_harm_in_progress_is_stopped_first(desk: Any) -> None:
    """A burst pipe flooding a flat: stop_harm within 1 hour, and nothing is resolved before it."""
    doc = intake(desk, "--tier", "important", "--urgent")
    assert due(doc, "stop_harm") == "2026-10-01T10:00:00+08:00"
    cid = doc["id"]
    desk.fails("act", cid, "resolve", "--actor", "head", "--at", "2026-10-01T11:00", code=1)
    act(desk, cid, "stop_harm", actor="head", at="2026-10-01T09:40")
    act(desk, cid, "resolve", actor="head", at="2026-10-01T12:00")


def test_from_intake_to_close_with_every_deadline_met(desk: Any) -> None:
    """Notify the same day the department reports it done, call back, then close."""
    doc = intake(desk, "--tier", "important")
    cid = doc["id"]
    act(desk, cid, "forward", "--to", "Engineering", at="2026-10-01T09:05")
    act(desk, cid, "sign", actor="head", at="2026-10-01T09:08")
    act(desk, cid, "report", "--note", "via the public-affairs supervisor", actor="chen", at="2026-10-01T11:00")
    act(desk, cid, "step", "--field", "name=corrective_action", actor="manager", at="2026-10-02T09:00")
    resolved = act(desk, cid, "resolve", actor="head", at="2026-10-02T15:00")
    assert due(resolved, "notify").startswith("2026-10-02T23:59:59")
    desk.fails("act", cid, "close", "--actor", "reception", "--at", "2026-10-02T15:30", code=1)
    desk.fails("act", cid, "callback", "--field", "satisfied=true", "--actor", "patrol",
               "--at", "2026-10-02T15:30", code=1)  # the resident was not told yet
    # issue 14: the form comes back (1.4.1) and the supervisor is told (1.5) the same day, each its own clock
    act(desk, cid, "return_form", actor="head", at="2026-10-02T15:10")
    act(desk, cid, "report_to_supervisor", at="2026-10-02T15:40")
    act(desk, cid, "notify", "--field", "method=phone", at="2026-10-02T16:00")
    act(desk, cid, "callback", "--field", "satisfied=true", actor="patrol", at="2026-10-03T10:00")
    closed = act(desk, cid, "close", at="2026-10-03T10:05")
    assert closed["status"] == "closed"
    states = {d["name"]: d["state"] for d in desk.json("show", cid)["deadlines"]}
    assert set(states.values()) == {"met"}, states


def test_an_important_complaint_cannot_close_without_its_corrective_action(desk: Any) -> None:
    cid = intake(desk, "--tier", "important")["id"]
    act(desk, cid, "resolve", actor="head", at="2026-10-02T09:00")
    act(desk, cid, "notify", at="2026-10-02T10:00")
    act(desk, cid, "callback", "--field", "satisfied=true", actor="patrol", at="2026-10-02T11:00")
    assert "corrective_action" in desk.fails("act", cid, "close", "--actor", "reception",
                                             "--at", "2026-10-02T12:00", code=1)


def test_an_invalid_complaint_is_answered_kept_and_counted_apart(desk: Any) -> None:
    valid = intake(desk, "--tier", "minor")["id"]
    cid = intake(desk, "--tier", "minor")["id"]
    # marking a complaint invalid is a supervisor's call (issue 13: role policy)
    act(desk, cid, "invalid", "--note", "not the estate's lift; told the resident whom to call", actor="chen",
        at="2026-10-01T10:00")
    act(desk, cid, "reply", "--note", "explained politely", at="2026-10-01T10:05")
    assert desk.json("show", cid)["status"] == "invalid"
    report = desk.json("report", "--org", "estate", "--month", "2026-10", "--at", "2026-10-02T00:00")
    figures = next(s for s in report["sections"] if s["domain"] == "property_mgmt")["figures"]
    assert figures["invalid"] == 1 and figures["valid"] == 1
    assert desk.json("show", valid)["status"] == "received"


def test_the_months_statistics_are_due_by_the_30th_or_the_last_day_of_a_shorter_month(desk: Any) -> None:
    """October's statistics by 30 November; January's by 28 February (每月30日前)."""
    intake(desk, "--tier", "minor")
    intake(desk, "--tier", "minor", at="2027-01-10T09:00")
    november = desk.json("due", "--org", "estate", "--at", "2026-11-02T09:00")
    duty = [e for e in november if e["id"] is None and "2026-10" in e["deadline"]]
    assert duty and duty[0]["due_at"].startswith("2026-11-30T23:59:59")
    february = desk.json("due", "--org", "estate", "--at", "2027-02-10T09:00")
    duty = [e for e in february if e["id"] is None and "2027-01" in e["deadline"]]
    assert duty and duty[0]["due_at"].startswith("2027-02-28T23:59:59")


def test_the_monthly_statistics_count_by_tier_and_department(desk: Any) -> None:
    for tier in ("minor", "minor", "important"):
        intake(desk, "--tier", tier)
    report = desk.json("report", "--org", "estate", "--month", "2026-10", "--at", "2026-10-02T00:00")
    assert report["received"] == 3
    assert report["by_tier"] == {"minor": 2, "important": 1}
    figures = next(s for s in report["sections"] if s["domain"] == "property_mgmt")["figures"]
    assert figures["by_tier"]["minor"] == 2 and figures["by_tier"]["important"] == 1
    assert figures["by_department"]["Engineering"] == 3


def test_the_forms_times_are_written_in_the_organizations_offset(desk: Any) -> None:
    """event_at and requested_by typed without an offset are read, and shown, in Shanghai time."""
    doc = intake(desk, "--tier", "minor", "--field", "event_at=2026-09-30T20:00",
                 "--field", "requested_by=2026-10-02T12:00")
    assert doc["fields"]["event_at"] == "2026-09-30T20:00:00+08:00"
    assert doc["fields"]["requested_by"] == "2026-10-02T12:00:00+08:00"
    assert due(doc, "resolve") == "2026-10-02T12:00:00+08:00"
