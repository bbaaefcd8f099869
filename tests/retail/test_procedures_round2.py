"""The procedure read sentence by sentence (issue 14): 2-1's unreasonable demands, reopening, S per city."""

from __future__ import annotations

from typing import Any

from tests.retail.conftest import act, at, clocks, intake, store_org


def settle(desk: Any, cid: str, amount: str, actor: str = "wang", when: str | None = None) -> Any:
    return desk.cli("act", cid, "settle", "--field", f"amount={amount}", "--actor", actor, "--at", when or at(2))


def assess(desk: Any, cid: str, quality_problem: bool, at_fault: bool, when: str | None = None) -> None:
    act(desk, cid, "step", "--field", "name=repair_dept_assessment", "--field", f"quality_problem={str(quality_problem).lower()}",
        "--field", f"company_at_fault={str(at_fault).lower()}", actor="zhao", when=when or at(1, "15:00"))


def test_2_1_no_settlement_before_the_repair_departments_assessment(desk: Any) -> None:
    """经特约维修部鉴定: whether a demand is excessive is known only once the repair department has looked."""
    cid = intake(desk, "--category", "excessive_demand", "--field", "cost=800")["id"]
    early = settle(desk, cid, "200.00")
    assert early.code == 1 and "repair_dept_assessment" in early.stderr
    missing = desk.cli("act", cid, "step", "--field", "name=repair_dept_assessment", "--actor", "zhao", "--at", at(1, "15:00"))
    assert missing.code == 2 and "quality_problem=true|false" in missing.stderr
    assess(desk, cid, quality_problem=True, at_fault=True)
    assert desk.json("show", cid)["fields"]["quality_problem"] is True
    assert settle(desk, cid, "200.00").code == 0  # a quality problem: the ¥500 concession is the desk's own


def test_2_1_an_unreasonable_demand_gets_no_concession_unless_a_manager_grants_goodwill(desk: Any) -> None:
    """原则上我们不做任何让步处理: no quality problem, company not at fault — even ¥100 needs a manager's goodwill."""
    cid = intake(desk, "--category", "excessive_demand", "--field", "cost=800")["id"]
    assess(desk, cid, quality_problem=False, at_fault=False)
    refused = settle(desk, cid, "100.00")
    assert refused.code == 1 and "原则上我们不做任何让步处理" in refused.stderr and "goodwill" in refused.stderr
    # an ordinary approval is not a goodwill concession, and a department head may not grant one
    act(desk, cid, "approve", "--field", "amount=300", actor="li", when=at(2, "09:00"))
    assert settle(desk, cid, "100.00", when=at(2, "09:05")).code == 1
    head = desk.cli("act", cid, "approve", "--field", "amount=300", "--field", "goodwill=true", "--actor", "zhao",
                    "--at", at(2, "09:10"))
    assert head.code == 1 and "manager or general_manager" in head.stderr
    act(desk, cid, "approve", "--field", "amount=300", "--field", "goodwill=true", actor="li", when=at(2, "09:15"))
    assert settle(desk, cid, "300.00", when=at(2, "09:20")).code == 0
    approvals = desk.json("show", cid)["fields"]["approvals"]
    assert [a.get("goodwill", False) for a in approvals] == [False, True]


def test_a_reopened_complaint_is_back_on_the_clock_and_on_the_daily_list(desk: Any) -> None:
    """回访不满意: the customer says it is not settled; a fresh answer and resolution clock from the reopening."""
    cid = intake(desk)["id"]  # level1: reply 1 day, resolve 3 days
    act(desk, cid, "reply", "--note", "answered", actor="zhao", when=at(1, "10:00"))
    act(desk, cid, "resolve", actor="zhao", when=at(1, "11:00"))
    act(desk, cid, "close", actor="zhao", when=at(1, "12:00"))
    assert desk.json("due", "--org", "store", "--within", "30d", "--at", at(2)) == []
    reopened = desk.json("act", cid, "reopen", "--note", "还是坏的", "--actor", "wang", "--at", at(5))
    shown = clocks(reopened)
    assert shown["reply"]["state"] == "pending" and shown["reply"]["due_at"] == at(6)
    assert shown["resolve"]["state"] == "pending" and shown["resolve"]["due_at"] == at(8)
    due = desk.json("due", "--org", "store", "--within", "4d", "--at", at(5, "10:00"))
    assert {(d["id"], d["deadline"]) for d in due} == {(cid, "reply"), (cid, "resolve")}
    history = desk.json("show", cid)["history"]
    assert [e["action"] for e in history].count("reopen") == 1


def test_compensate_warns_while_s_is_the_shipped_national_default(desk: Any, make_desk: Any) -> None:
    """S is 本市居民年平均生活费, per city: the shipped figure is a placeholder and compensate says so."""
    cid = intake(desk, "--category", "personal_injury")["id"]
    doc = desk.json("compensate", cid, "--field", "disability_grade=5")
    assert any("orgs.store.settings.retail.annual_living_cost" in w for w in doc["warnings"])
    plain = desk.json("compensate", cid, "--field", "medical_cost=100")  # S not used: nothing to warn about
    assert not any("annual_living_cost" in w for w in plain["warnings"])
    city = make_desk(store_org(annual_living_cost="45000.00"))
    other = intake(city, "--category", "personal_injury")["id"]
    assert not any("annual_living_cost" in w for w in city.json("compensate", other, "--field", "death=true")["warnings"])
