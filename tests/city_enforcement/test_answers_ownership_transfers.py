"""Every case answered, first-responder ownership, and transfers out to other agencies."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.city_enforcement.helpers import act, center, intake


def test_no_complaint_closes_before_the_complainant_has_an_answer(desk: Any, clock: Any) -> None:
    cid = intake(desk, clock, "--channel", "phone", "--category", "noise")["id"]
    act(desk, cid, "resolve", clock.advance(days=2), actor="liu")
    before = desk.db_bytes()
    refused = desk.cli("act", cid, "close", "--actor", "wang", "--at", clock.advance(hours=1).isoformat())
    assert refused.code == 1
    assert "件件有答复" in refused.stderr and f"tousu act {cid} reply" in refused.stderr
    assert desk.db_bytes() == before
    act(desk, cid, "reply", clock.advance(minutes=5), "--note", "已责令整改")
    closed = act(desk, cid, "close", clock.advance(minutes=5))
    assert closed["status"] == "closed"
    assert {d["name"]: d["state"] for d in closed["deadlines"]}["reply"] == "met"


def test_telling_the_complainant_the_result_is_an_answer_too(desk: Any, clock: Any) -> None:
    cid = intake(desk, clock, "--channel", "letter")["id"]
    act(desk, cid, "resolve", clock.advance(days=1))
    act(desk, cid, "notify", clock.advance(hours=1), "--note", "电话告知处理结果")
    assert act(desk, cid, "close", clock.advance(hours=1))["status"] == "closed"


def test_a_reopened_complaint_needs_a_new_answer_before_it_closes_again(desk: Any, clock: Any) -> None:
    cid = intake(desk, clock, "--channel", "phone")["id"]
    act(desk, cid, "reply", clock.advance(hours=1))
    act(desk, cid, "resolve", clock.advance(days=1))
    act(desk, cid, "close", clock.advance(hours=1))
    act(desk, cid, "reopen", clock.advance(days=1), "--note", "噪声又出现了")
    act(desk, cid, "resolve", clock.advance(days=1))
    refused = desk.cli("act", cid, "close", "--at", clock.advance(hours=1).isoformat())
    assert refused.code == 1 and "answer first" in refused.stderr
    act(desk, cid, "reply", clock.advance(hours=1))
    assert act(desk, cid, "close", clock.advance(hours=1))["status"] == "closed"


def test_a_consultation_is_closed_by_its_answer(desk: Any, clock: Any) -> None:
    cid = intake(desk, clock, "--channel", "phone", "--field", "kind=consultation")["id"]
    doc = act(desk, cid, "reply", clock.advance(minutes=10), "--note", "临时摊点许可到区城管局窗口办理")
    assert doc["status"] == "closed"
    history = desk.json("show", cid)["history"]
    assert [e["action"] for e in history] == ["intake", "reply", "resolve", "close"]
    assert {d["name"]: d["state"] for d in doc["deadlines"]} == {"reply": "met"}


def test_a_consultation_can_stay_open_after_its_answer_when_the_setting_says_so(make_desk: Any, clock: Any) -> None:
    desk = make_desk(center(close_consultation_on_reply=False))
    cid = intake(desk, clock, "--channel", "phone", "--field", "kind=consultation")["id"]
    assert act(desk, cid, "reply", clock.advance(minutes=10))["status"] == "received"
    act(desk, cid, "resolve", clock.advance(minutes=10))
    assert act(desk, cid, "close", clock.advance(minutes=10))["status"] == "closed"


def test_an_unanswered_consultation_cannot_be_closed_either(desk: Any, clock: Any) -> None:
    cid = intake(desk, clock, "--channel", "phone", "--field", "kind=consultation")["id"]
    act(desk, cid, "resolve", clock.advance(minutes=10))
    refused = desk.cli("act", cid, "close", "--at", clock.advance(minutes=1).isoformat())
    assert refused.code == 1 and "件件有答复" in refused.stderr


def test_the_first_responder_owns_the_case_and_the_named_follower_is_recorded(desk: Any, clock: Any) -> None:
    cid = intake(desk, clock, "--channel", "visit", "--category", "illegal_construction", actor="chen")["id"]
    act(desk, cid, "forward", clock.advance(minutes=5), "--to", "一中队", actor="chen")
    doc = act(desk, cid, "assign", clock.advance(minutes=5), "--to", "liu", actor="chen")
    assert doc["owner"] == "chen" and doc["assignee"] == "liu"
    shown = desk.json("show", cid)
    assert shown["owner"] == "chen" and shown["assignee"] == "liu"
    [assign] = [e for e in shown["history"] if e["action"] == "assign"]
    assert assign["actor"] == "chen" and assign["data"]["set"] == {"assignee": "liu"}
    act(desk, cid, "resolve", clock.advance(days=1), actor="liu")
    act(desk, cid, "reply", clock.advance(hours=1), actor="liu")
    assert act(desk, cid, "close", clock.advance(hours=1), actor="liu")["owner"] == "chen"


def test_a_case_outside_the_remit_is_transferred_out_with_the_agency_recorded(desk: Any, clock: Any) -> None:
    cid = intake(desk, clock, "--channel", "superior_transfer", "--category", "other")["id"]
    doc = act(desk, cid, "transfer", clock.advance(hours=2), "--to", "区住房和城乡建设局")
    assert doc["status"] == "transferred"
    assert doc["fields"]["transferred_to"] == "区住房和城乡建设局"
    # round 2: the transfer answers the caller ("已移送…"), meeting acknowledge and reply; resolve stops
    assert {d["name"]: d["state"] for d in doc["deadlines"]} == {"acknowledge": "met", "reply": "met", "resolve": "cancelled"}


def test_a_case_can_be_transferred_out_at_intake(desk: Any, clock: Any) -> None:
    doc = intake(desk, clock, "--channel", "visit", "--category", "noise", "--field", "transfer_to=区生态环境局")
    assert doc["status"] == "transferred" and doc["fields"]["transferred_to"] == "区生态环境局"
    assert doc["department"] == ""  # not routed to a squadron: the bureau does not handle it
    history = desk.json("show", doc["id"])["history"]
    assert [(e["action"], e["actor"]) for e in history] == [("intake", "wang"), ("transfer", "wang")]


def test_a_transfer_at_intake_must_name_the_agency(desk: Any, clock: Any) -> None:
    intake(desk, clock, "--channel", "phone")
    before = desk.db_bytes()
    result = desk.cli(
        "intake", "--org", "bureau", "--channel", "visit", "--summary", "x", "--field", "transfer_to=",
        "--at", clock.iso(),
    )
    assert result.code == 2 and "transfer_to=AGENCY" in result.stderr
    assert desk.db_bytes() == before


def test_a_reopened_complaint_gets_fresh_reply_and_resolve_clocks_from_the_moment_it_reopens(desk: Any, clock: Any) -> None:
    cid = intake(desk, clock, "--channel", "phone", "--category", "noise")["id"]
    act(desk, cid, "reply", clock.advance(hours=1))
    act(desk, cid, "resolve", clock.advance(days=1))
    act(desk, cid, "close", clock.advance(hours=1))
    reopened_at = clock.advance(days=3)
    doc = act(desk, cid, "reopen", reopened_at, "--note", "噪声又出现了")
    clocks = {d["name"]: d for d in doc["deadlines"]}
    assert clocks["reply"]["state"] == "pending" and clocks["reply"]["met_at"] is None
    assert clocks["reply"]["due_at"] == (reopened_at + timedelta(days=5)).isoformat()
    assert clocks["resolve"]["due_at"] == (reopened_at + timedelta(days=15)).isoformat()
    assert clocks["acknowledge"]["state"] == "met"  # receipt was acknowledged once; that stays
