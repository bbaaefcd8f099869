"""Every clock of the SOP (处理时效), to the minute, counted from the receipt time T."""

from __future__ import annotations

from typing import Any

import pytest

from tests.property_mgmt.conftest import deadline, due, estate_org, file


def test_a_minor_complaint_received_0900_on_1_october_runs_forward_resolve_and_the_one_month_timer(desk: Any) -> None:
    doc = file(desk, "--field", "cause=facility")
    assert due(doc, "forward") == "2026-10-01T09:10:00+08:00"
    assert due(doc, "resolve") == "2026-10-03T09:00:00+08:00"
    assert due(doc, "one_month") == "2026-11-01T09:00:00+08:00"
    assert [d["name"] for d in doc["deadlines"]] == ["forward", "resolve"]
    assert [t["name"] for t in doc["timers"]] == ["one_month"]  # escalation clock, off the daily list
    assert doc["steps"] == []


def test_a_minor_complaint_is_due_when_the_resident_asked_instead_of_in_two_days(desk: Any) -> None:
    sooner = file(desk, "--tier", "minor", "--field", "requested_by=2026-10-01T18:30:00+08:00")
    assert due(sooner, "resolve") == "2026-10-01T18:30:00+08:00"
    later = file(desk, "--tier", "minor", "--field", "requested_by=2026-10-05T12:00:00+08:00")
    assert due(later, "resolve") == "2026-10-05T12:00:00+08:00"


def test_the_residents_own_deadline_does_not_shorten_an_important_complaints_three_days(desk: Any) -> None:
    doc = file(desk, "--tier", "important", "--field", "requested_by=2026-10-01T18:30:00+08:00")
    assert due(doc, "resolve") == "2026-10-04T09:00:00+08:00"


def test_an_important_complaint_is_reported_the_same_day_and_handled_in_three_days(desk: Any) -> None:
    doc = file(desk, "--field", "cause=service_fault")
    assert due(doc, "forward") == "2026-10-01T09:10:00+08:00"
    assert due(doc, "report_to_management") == "2026-10-01T23:59:59+08:00"
    assert due(doc, "resolve") == "2026-10-04T09:00:00+08:00"
    assert deadline(doc, "reply") is None
    assert [(s["name"], s["done"]) for s in doc["steps"]] == [("corrective_action", False)]


def test_a_major_complaint_gets_a_clear_answer_in_two_days_and_is_resolved_in_ten(desk: Any) -> None:
    doc = file(desk, "--tier", "major")
    assert due(doc, "reply") == "2026-10-03T09:00:00+08:00"
    assert due(doc, "resolve") == "2026-10-11T09:00:00+08:00"
    assert due(doc, "report_to_management") == "2026-10-01T23:59:59+08:00"
    assert deadline(doc, "one_month") is None  # already major: nothing to escalate to


@pytest.mark.parametrize(
    "received, report_by",
    [
        ("2026-10-01T23:55:00+08:00", "2026-10-01T23:59:59+08:00"),
        ("2026-10-02T00:05:00+08:00", "2026-10-02T23:59:59+08:00"),
        ("2026-10-01T16:30:00+00:00", "2026-10-02T23:59:59+08:00"),  # 00:30 on 2 Oct in Shanghai
    ],
)
def test_the_same_day_report_runs_to_the_end_of_the_receipt_day_in_the_companys_zone(
    desk: Any, received: str, report_by: str
) -> None:
    doc = file(desk, "--tier", "important", at=received)
    assert due(doc, "report_to_management") == report_by


def test_the_same_day_report_is_met_by_report_and_a_late_one_is_late(desk: Any) -> None:
    on_time = file(desk, "--tier", "important", at="2026-10-01T23:50:00+08:00")["id"]
    desk.json("act", on_time, "report", "--actor", "chen", "--at", "2026-10-01T23:58:00+08:00")
    late = file(desk, "--tier", "important", at="2026-10-01T23:50:00+08:00")["id"]
    desk.json("act", late, "report", "--actor", "chen", "--at", "2026-10-02T00:01:00+08:00")
    assert deadline(desk.json("show", on_time), "report_to_management")["on_time"] is True
    assert deadline(desk.json("show", late), "report_to_management")["on_time"] is False


def test_forward_is_met_when_the_department_signs_within_ten_minutes(desk: Any) -> None:
    cid = file(desk, "--tier", "minor")["id"]
    desk.json("act", cid, "forward", "--to", "工程部", "--at", "2026-10-01T09:04:00+08:00")
    shown = desk.json("show", cid, "--at", "2026-10-01T09:04:00+08:00")
    assert deadline(shown, "forward")["state"] == "pending"  # sent, not yet signed for
    desk.json("act", cid, "sign", "--actor", "zhao", "--at", "2026-10-01T09:10:00+08:00")
    shown = deadline(desk.json("show", cid), "forward")
    assert (shown["state"], shown["met_at"], shown["on_time"]) == ("met", "2026-10-01T09:10:00+08:00", True)


def test_one_minute_past_ten_the_forward_clock_is_on_the_daily_list_as_overdue(desk: Any) -> None:
    cid = file(desk, "--tier", "minor")["id"]
    before = desk.json("due", "--org", "estate", "--at", "2026-10-01T09:10:00+08:00")
    after = desk.json("due", "--org", "estate", "--at", "2026-10-01T09:11:00+08:00")
    entry = lambda items: next(i for i in items if i["id"] == cid and i["deadline"] == "forward")  # noqa: E731
    assert entry(before)["overdue"] is False and entry(after)["overdue"] is True


def test_the_resident_is_told_the_same_day_it_is_resolved_and_called_back_within_three_days(desk: Any) -> None:
    cid = file(desk, "--tier", "minor")["id"]
    desk.json("act", cid, "resolve", "--actor", "zhao", "--at", "2026-10-02T22:10:00+08:00")
    assert due(desk.json("show", cid), "notify") == "2026-10-02T23:59:59+08:00"
    desk.json("act", cid, "notify", "--field", "method=visit", "--at", "2026-10-02T23:30:00+08:00")
    shown = desk.json("show", cid)
    assert due(shown, "callback") == "2026-10-05T23:30:00+08:00"
    assert deadline(shown, "notify")["on_time"] is True and shown["fields"]["notify_method"] == "visit"


def test_an_urgent_complaint_must_have_the_harm_stopped_within_an_hour(desk: Any) -> None:
    doc = file(desk, "--tier", "minor", "--urgent")
    assert doc["deadlines"][0]["name"] == "stop_harm"
    assert due(doc, "stop_harm") == "2026-10-01T10:00:00+08:00"
    desk.json("act", doc["id"], "stop_harm", "--actor", "zhao", "--at", "2026-10-01T09:45:00+08:00")
    assert deadline(desk.json("show", doc["id"]), "stop_harm")["on_time"] is True


def test_every_duration_is_a_setting(make_desk: Any) -> None:
    desk = make_desk(
        estate_org(forward="15m", resolve_minor="1d", callback="1d", stop_harm="30m", escalate_after_months=2)
    )
    doc = file(desk, "--tier", "minor", "--urgent")
    assert due(doc, "forward") == "2026-10-01T09:15:00+08:00"
    assert due(doc, "resolve") == "2026-10-02T09:00:00+08:00"
    assert due(doc, "stop_harm") == "2026-10-01T09:30:00+08:00"
    assert due(doc, "one_month") == "2026-12-01T09:00:00+08:00"


def test_a_zero_time_limit_is_a_config_error_naming_the_setting(make_desk: Any) -> None:
    desk = make_desk(estate_org(forward="0m"))
    result = desk.cli("due", "--org", "estate")
    assert result.code == 2 and "forward: a time limit must be longer than zero" in result.stderr


def test_a_reopened_complaint_is_back_on_the_clock_and_the_one_month_escalation_still_applies(desk: Any) -> None:
    """回访不满意 → reopen: a fresh resolve clock on the daily list; the month still counts from receipt."""
    cid = file(desk, "--tier", "minor")["id"]
    for action, extra, when in (
        ("forward", ("--to", "工程部"), "2026-10-01T09:05"),
        ("sign", (), "2026-10-01T09:08"),
        ("resolve", (), "2026-10-02T09:00"),
        ("notify", (), "2026-10-02T10:00"),
    ):  # the department (zhao, its head) signs for the form and reports it done (tousu.permissions)
        desk.json("act", cid, action, *extra, "--actor", "zhao" if action in ("sign", "resolve") else "wang", "--at", when)
    desk.json("act", cid, "callback", "--field", "satisfied=false", "--actor", "wang", "--at", "2026-10-20T10:00")
    reopened = desk.json("act", cid, "reopen", "--note", "灯又坏了", "--actor", "wang", "--at", "2026-10-20T11:00")
    resolve = next(d for d in reopened["deadlines"] if d["name"] == "resolve")
    assert (resolve["state"], resolve["due_at"]) == ("pending", "2026-10-22T11:00:00+08:00")
    due = desk.json("due", "--org", "estate", "--within", "3d", "--at", "2026-10-20T12:00")
    assert (cid, "resolve") in {(d["id"], d["deadline"]) for d in due}
    swept = desk.json("sweep", "--org", "estate", "--at", "2026-11-01T09:00:01")
    assert [e["id"] for e in swept["escalations"]] == [cid]
    assert desk.json("show", cid)["tier"] == "major"


def handled(desk: Any, tier: str = "important") -> str:
    cid = file(desk, "--tier", tier)["id"]
    for action, extra, actor, when in (
        ("forward", ("--to", "工程部"), "wang", "2026-10-01T09:05"),
        ("sign", (), "zhao", "2026-10-01T09:08"),
        ("resolve", (), "zhao", "2026-10-02T15:00"),
    ):
        desk.json("act", cid, action, *extra, "--actor", actor, "--at", when)
    return cid


def test_1_4_1_the_completed_form_comes_back_the_same_day_on_its_own_clock(desk: Any) -> None:
    """在投诉处理完毕的当天将《住户投诉意见表》交到住户服务中心: separate from resolve."""
    cid = handled(desk)
    shown = desk.json("show", cid, "--at", "2026-10-02T16:00")
    assert deadline(shown, "resolve")["state"] == "met"
    assert (deadline(shown, "return_form")["state"], due(shown, "return_form")) == ("pending", "2026-10-02T23:59:59+08:00")
    listed = desk.json("due", "--org", "estate", "--at", "2026-10-02T16:00")
    assert (cid, "return_form") in {(d["id"], d["deadline"]) for d in listed}
    desk.json("act", cid, "return_form", "--actor", "zhao", "--at", "2026-10-02T17:00")
    assert deadline(desk.json("show", cid), "return_form")["on_time"] is True


def test_1_5_the_supervisor_is_told_the_same_day_and_management_hears_through_the_supervisor(desk: Any) -> None:
    """将情况上报公共事务部主管 (its own clock); 经公共事务部主管当天转呈: not by a receptionist."""
    cid = handled(desk)
    assert due(desk.json("show", cid), "report_to_supervisor") == "2026-10-02T23:59:59+08:00"
    desk.json("act", cid, "report_to_supervisor", "--actor", "wang", "--at", "2026-10-02T15:30")
    assert deadline(desk.json("show", cid), "report_to_supervisor")["on_time"] is True
    other = file(desk, "--tier", "important")["id"]
    by_desk = desk.cli("act", other, "report", "--actor", "wang", "--at", "2026-10-01T10:00")
    assert by_desk.code == 1 and "经公共事务部主管" in by_desk.stderr and "supervisor" in by_desk.stderr
    desk.json("act", other, "report", "--actor", "chen", "--at", "2026-10-01T10:05")
    assert deadline(desk.json("show", other), "report_to_management")["on_time"] is True
