"""Corrections with an audit trail: a mistake is reversed by a new event; the original stays."""

from __future__ import annotations

from typing import Any

import pytest

from tousu.testing import org

T = "2026-10-0{}T{}:00+08:00"


@pytest.fixture
def shop(make_desk: Any) -> Any:
    desk = make_desk(org("shop", ["retail"], language="en"))
    desk.cli("intake", "--org", "shop", "--channel", "phone", "--category", "property_damage",
             "--summary", "洗衣机漏水泡坏地板", "--actor", "wang", "--at", T.format(1, "09:00"))
    return desk


def test_a_settlement_entered_twice_is_voided_and_the_total_follows(shop: Any) -> None:
    assert shop.cli("act", "C1", "settle", "--field", "amount=300", "--actor", "li", "--at", T.format(1, "10:00")).code == 0
    shop.cli("act", "C1", "approve", "--field", "amount=600", "--actor", "zhou", "--at", T.format(1, "10:02"))
    # the same ¥300 typed a second time by mistake (the approval made it possible)
    assert shop.cli("act", "C1", "settle", "--field", "amount=300", "--actor", "li", "--at", T.format(1, "10:05")).code == 0
    assert shop.json("show", "C1")["fields"]["paid_total"] == "600.00"
    second = shop.json("show", "C1")["history"][-1]["n"]
    shop.fails("act", "C1", "void", "--field", f"event={second}", "--note", "typed twice",
               "--actor", "wang", "--at", T.format(1, "11:00"), code=1)  # a receptionist may not correct
    shop.fails("act", "C1", "void", "--field", f"event={second}", "--actor", "chen", "--at", T.format(1, "11:00"), code=2)
    assert shop.cli("act", "C1", "void", "--field", f"event={second}", "--note", "typed twice",
                    "--actor", "chen", "--at", T.format(1, "11:00")).code == 0
    doc = shop.json("show", "C1")
    assert doc["fields"]["paid_total"] == "300.00"
    actions = [e["action"] for e in doc["history"]]
    assert actions.count("settle") == 2 and actions[-1] == "void"  # the original stays in the history
    assert doc["history"][-1]["data"]["void"] == {"event": second, "action": "settle"}
    shop.fails("act", "C1", "void", "--field", f"event={second}", "--note", "again",
               "--actor", "chen", "--at", T.format(1, "11:05"), code=1)  # once only


def test_a_step_recorded_by_mistake_is_open_again_after_void(shop: Any) -> None:
    step = shop.json("show", "C1")["steps"][0]["name"]
    shop.cli("act", "C1", "step", "--field", f"name={step}", "--actor", "wang", "--at", T.format(1, "09:30"))
    n = shop.json("show", "C1")["history"][-1]["n"]
    shop.cli("act", "C1", "void", "--field", f"event={n}", "--note", "wrong case", "--actor", "li", "--at", T.format(1, "09:40"))
    assert next(s for s in shop.json("show", "C1")["steps"] if s["name"] == step)["done"] is False
    assert shop.cli("rebuild").code == 0 and shop.json("show", "C1")["steps"][0]["done"] is False


def test_a_status_change_or_the_intake_cannot_be_voided(shop: Any) -> None:
    shop.fails("act", "C1", "void", "--field", "event=1", "--note", "x", "--actor", "chen", "--at", T.format(1, "09:40"), code=1)


def test_an_invalid_complaint_is_reopened_by_a_supervisor_with_a_reason(shop: Any) -> None:
    shop.json("act", "C1", "invalid", "--actor", "chen", "--at", T.format(1, "09:30"))  # a supervisor's call
    shop.fails("act", "C1", "reopen", "--note", "marked invalid by mistake", "--actor", "wang",
               "--at", T.format(1, "09:40"), code=1)
    shop.fails("act", "C1", "reopen", "--actor", "chen", "--at", T.format(1, "09:40"), code=2)
    assert shop.cli("act", "C1", "reopen", "--note", "marked invalid by mistake", "--actor", "chen",
                    "--at", T.format(1, "09:40")).code == 0
    assert shop.json("show", "C1")["status"] == "in_progress"


def test_an_identical_intake_within_a_minute_asks_for_again(shop: Any) -> None:
    intake = ("intake", "--org", "shop", "--channel", "phone", "--summary", "冰箱不制冷", "--contact", "13500001111",
              "--actor", "wang")
    shop.cli(*intake, "--at", T.format(2, "09:00"))
    error = shop.fails(*intake, "--at", T.format(2, "09:00"), code=1)
    assert "--again" in error and "C00000002" in error
    assert shop.cli(*intake, "--at", T.format(2, "09:00"), "--again").code == 0
    assert shop.cli(*intake, "--at", T.format(2, "09:05")).code == 0  # five minutes later: a new call


def test_an_approval_recorded_by_mistake_is_voided_and_allows_nothing_after(shop: Any) -> None:
    assert shop.cli("act", "C1", "settle", "--field", "amount=300", "--actor", "li", "--at", T.format(1, "10:00")).code == 0
    shop.json("act", "C1", "approve", "--field", "amount=600", "--actor", "zhou", "--at", T.format(1, "10:02"))
    approval = shop.json("show", "C1")["history"][-1]
    assert approval["action"] == "approve"
    assert shop.cli("act", "C1", "void", "--field", f"event={approval['n']}", "--note", "approved the wrong case",
                    "--actor", "chen", "--at", T.format(1, "10:03")).code == 0
    # the second ¥300 needed that approval: with it reversed, it is beyond the manager's authority
    shop.fails("act", "C1", "settle", "--field", "amount=300", "--actor", "li", "--at", T.format(1, "10:05"), code=1)
    doc = shop.json("show", "C1")
    assert doc["fields"]["paid_total"] == "300.00"
    assert [e["action"] for e in doc["history"]][-2:] == ["approve", "void"]  # the approval stays in the history
    assert doc["history"][-1]["data"]["void"] == {"event": approval["n"], "action": "approve"}


def test_a_withdrawn_complaint_is_reopened_by_a_supervisor_with_a_reason(shop: Any) -> None:
    shop.json("act", "C1", "withdraw", "--actor", "wang", "--at", T.format(1, "09:30"))
    assert shop.json("show", "C1")["status"] == "withdrawn"
    shop.fails("act", "C1", "reopen", "--note", "the caller withdrew another case", "--actor", "wang",
               "--at", T.format(1, "09:40"), code=1)  # a receptionist may not correct
    shop.fails("act", "C1", "reopen", "--actor", "chen", "--at", T.format(1, "09:40"), code=2)  # no reason
    assert shop.cli("act", "C1", "reopen", "--note", "the caller withdrew another case", "--actor", "chen",
                    "--at", T.format(1, "09:40")).code == 0
    doc = shop.json("show", "C1")
    assert doc["status"] == "in_progress"
    assert [e["action"] for e in doc["history"]][-2:] == ["withdraw", "reopen"]
