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


def step(desk: Any, cid: str, name: str, *extra: str, actor: str = "zhao", when: str = at(1, "10:00")) -> Any:
    return desk.cli("act", cid, "step", "--field", f"name={name}", *extra, "--actor", actor, "--at", when)


def test_2_2_the_injured_are_visited_before_the_site_inspection_and_the_plan(desk: Any) -> None:
    """到医院看望伤者,对伤者进行抚慰后,再到顾客家查看现场 … 然后尽快(3天内)给出处理方案."""
    cid = intake(desk, "--category", "personal_injury")["id"]
    site = step(desk, cid, "site_inspection")
    assert site.code == 1 and "waits for step visit_injured" in site.stderr
    plan = step(desk, cid, "resolution_plan")
    assert plan.code == 1 and "visit_injured" in plan.stderr
    assert step(desk, cid, "visit_injured", when=at(1, "11:00")).code == 0
    assert step(desk, cid, "resolution_plan", when=at(1, "11:30")).code == 1  # the site comes before the plan
    assert step(desk, cid, "site_inspection", when=at(1, "14:00")).code == 0
    assert step(desk, cid, "resolution_plan", when=at(1, "15:00")).code == 0


def test_2_4_starts_with_the_documents_and_departments_record_their_own_steps(desk: Any) -> None:
    """首先查看顾客的有关单据和有效的证明假货的鉴定书 … 通知采购部, 再通知理财部冻结供应商货款."""
    cid = intake(desk, "--category", "counterfeit", "--field", "price=99")["id"]
    assert desk.json("show", cid)["open_steps"][0] == "check_documents"
    early = step(desk, cid, "notify_purchasing", actor="qian")
    assert early.code == 1 and "waits for step check_documents" in early.stderr
    assert step(desk, cid, "check_documents", actor="wang", when=at(1, "09:30")).code == 0
    by_desk = step(desk, cid, "notify_purchasing", actor="wang", when=at(1, "09:40"))
    assert by_desk.code == 1 and "belongs to purchasing" in by_desk.stderr
    assert step(desk, cid, "notify_purchasing", actor="qian", when=at(1, "09:45")).code == 0
    by_head = step(desk, cid, "freeze_supplier_payments", actor="zhao", when=at(1, "09:50"))
    assert by_head.code == 1 and "belongs to finance" in by_head.stderr
    assert step(desk, cid, "freeze_supplier_payments", actor="sun", when=at(1, "10:00")).code == 0
    frozen = next(s for s in desk.json("show", cid)["steps"] if s["name"] == "freeze_supplier_payments")
    assert frozen["done"] is True


def test_a_department_that_does_not_use_tousu_has_its_step_recorded_by_a_head(make_desk: Any) -> None:
    """An organization without finance staff in tousu.toml: a department head records the freeze for them."""
    from tousu.testing import org

    desk = make_desk(org("store", ["retail"], staff={"wang": "receptionist", "zhao": "department_head"}))
    cid = intake(desk, "--category", "counterfeit", "--field", "price=99")["id"]
    for name in ("check_documents", "notify_purchasing"):
        assert step(desk, cid, name).code == 0
    assert step(desk, cid, "freeze_supplier_payments", actor="wang").code == 1
    assert step(desk, cid, "freeze_supplier_payments", actor="zhao").code == 0


def test_2_5_the_written_reply_to_the_agency_comes_after_the_matter_is_handled(desk: Any) -> None:
    """处理完毕后,要以书面的形式回复相关部门."""
    cid = intake(desk, channel="consumer_council")["id"]
    early = step(desk, cid, "written_reply_to_agency")
    assert early.code == 1 and "处理完毕后" in early.stderr
    act(desk, cid, "resolve", actor="zhao", when=at(2))
    assert step(desk, cid, "written_reply_to_agency", when=at(2, "10:00")).code == 0


def test_2_6_a_published_story_is_verified_assessed_and_reported_on_its_own_clock(desk: Any) -> None:
    """已在媒体爆光的: 首先确定爆光内容是否真实,分析对我们的影响 … 请示黄总对媒体提出质疑."""
    cid = intake(desk, "--category", "media_exposure")["id"]
    assert "verify_story" not in desk.json("show", cid)["open_steps"]  # only threatened so far
    out = desk.json("act", cid, "media_published", "--note", "晚报今日刊登", "--actor", "wang", "--at", at(2, "08:00"))
    assert {"verify_story", "assess_impact", "report_to_general_manager"} <= set(out["open_steps"])
    assert clocks(out)["media_response"]["due_at"] == at(3, "08:00")
    assert (cid, "media_response") in {(d["id"], d["deadline"]) for d in desk.json(
        "due", "--org", "store", "--at", at(3, "07:00"))}
    report = step(desk, cid, "report_to_general_manager", when=at(2, "09:00"))
    assert report.code == 1 and "verify_story" in report.stderr
    for name, when in (("verify_story", at(2, "09:00")), ("assess_impact", at(2, "10:00")),
                       ("report_to_general_manager", at(2, "11:00"))):
        assert step(desk, cid, name, when=when).code == 0, name
    assert clocks(desk.json("show", cid))["media_response"]["state"] == "met"
    at_intake = intake(desk, "--category", "media_exposure", "--field", "published=true")
    assert "verify_story" in at_intake["open_steps"] and "media_response" in clocks(at_intake)
    general = intake(desk)["id"]
    assert desk.cli("act", general, "media_published", "--actor", "wang", "--at", at(2)).code == 1


def test_four_a_major_complaint_closes_after_the_internal_check_corrective_action_and_retest(desk: Any) -> None:
    """四 内部改进: 内部检查 … 责成各责任部门负责人整改并落实; 商品质量问题考虑送技术部门重新检验."""
    cid = intake(desk, "--category", "lawsuit")["id"]
    act(desk, cid, "step", "--field", "name=notify_loss_prevention", actor="zhao", when=at(1, "10:00"))
    act(desk, cid, "resolve", actor="zhao", when=at(2))
    refused = desk.cli("act", cid, "close", "--actor", "zhao", "--at", at(2, "10:00"))
    assert refused.code == 1 and "internal_check" in refused.stderr and "corrective_action" in refused.stderr
    assert step(desk, cid, "corrective_action", when=at(2, "10:05")).code == 1  # the check comes first
    assert step(desk, cid, "internal_check", "--field", "product_fault=true", when=at(2, "10:10")).code == 0
    doc = desk.json("show", cid)
    assert "retest" in doc["open_steps"] and doc["fields"]["product_fault"] is True
    for name in ("corrective_action", "retest"):
        assert step(desk, cid, name, when=at(2, "11:00")).code == 0
    assert desk.json("act", cid, "close", "--actor", "zhao", "--at", at(2, "12:00"))["status"] == "closed"
    ordinary = intake(desk)
    assert ordinary["open_steps"] == []  # an ordinary complaint needs no internal improvement
    report = desk.json("report", "--org", "store", "--month", "2026-10", "--at", "2026-11-01T00:00:00+08:00")
    figures = next(s for s in report["sections"] if s["domain"] == "retail")["figures"]
    assert (figures["internal_checks"], figures["corrective_actions"], figures["retests"]) == (1, 1, 1)


def test_four_a_complaint_escalated_to_major_gets_the_internal_improvement_too(desk: Any) -> None:
    cid = intake(desk)["id"]
    raised = desk.json("act", cid, "escalate", "--field", "tier=level3", "--note", "受伤", "--actor", "li", "--at", at(2))
    assert {"internal_check", "corrective_action"} <= set(raised["open_steps"])


def test_a_supervisor_lowers_a_tier_with_a_reason_but_never_below_what_the_category_requires(make_desk: Any) -> None:
    """A tier raised by mistake comes down (降级, supervisor or above); a personal injury stays major."""
    from tousu.testing import org

    desk = make_desk(org("store", ["retail"], staff={"wang": "receptionist", "chen": "supervisor", "li": "manager"}))
    cid = intake(desk, "--tier", "level3")["id"]
    by_desk = desk.cli("act", cid, "downgrade", "--to", "level1", "--note", "误判", "--actor", "wang", "--at", at(1, "10:00"))
    assert by_desk.code == 1 and "supervisor" in by_desk.stderr
    out = desk.json("act", cid, "downgrade", "--to", "level1", "--note", "误判:无人身伤害", "--actor", "chen",
                    "--at", at(1, "10:00"))
    assert out["tier"] == "level1" and "误判:无人身伤害" in out["classification_reason"]
    injury = intake(desk, "--category", "personal_injury")["id"]
    floor = desk.cli("act", injury, "downgrade", "--to", "level2", "--note", "轻伤", "--actor", "li", "--at", at(1, "10:00"))
    assert floor.code == 1 and "at least level3" in floor.stderr


def test_four_a_complaint_lowered_below_major_no_longer_waits_for_the_internal_improvement(make_desk: Any) -> None:
    """四 内部改进 is for major complaints: lowered to level 2, the open checks are no longer required;
    a step already recorded stays in the record."""
    from tousu.testing import org

    desk = make_desk(org("store", ["retail"], staff={"wang": "receptionist", "zhao": "department_head", "chen": "supervisor"}))
    cid = intake(desk, "--tier", "level3")["id"]
    act(desk, cid, "step", "--field", "name=internal_check", "--field", "product_fault=false", actor="zhao", when=at(1, "09:00"))
    out = desk.json("act", cid, "downgrade", "--to", "level2", "--note", "误判:非重大投诉", "--actor", "chen",
                    "--at", at(1, "10:00"))
    assert "corrective_action" not in out["open_steps"]
    assert [s["name"] for s in out["steps"] if s["name"] == "internal_check"] == ["internal_check"]
    shown = desk.json("show", cid, "--actor", "chen")
    assert [e["action"] for e in shown["history"]][-1] == "downgrade"
