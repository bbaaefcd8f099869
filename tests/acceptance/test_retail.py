"""Acceptance: the retail major-complaint procedure (source part 1; DOMAIN §1; issue 3).

Driven through the CLI with the DESIGN §5 config: ``staff_authority = "500.00"`` (利用500元的
权限) under ``[orgs.hypermart.settings.retail]``, the desk in Chinese.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.acceptance.conftest import deadline, due, open_steps

T = "2026-10-01T09:00:00+08:00"


def intake(desk: Any, *args: str, at: str = T) -> dict[str, Any]:
    return desk.json("intake", "--org", "hypermart", "--summary", "顾客投诉", "--actor", "wang", "--at", at, *args)


def step(desk: Any, cid: str, name: str, *extra: str, at: str = "2026-10-01T10:00") -> dict[str, Any]:
    from tests.retail.conftest import evidence

    evidence(desk, cid, name, actor="zhao", when=at)
    return desk.json("act", cid, "step", "--field", f"name={name}", *extra, "--actor", "zhao", "--at", at)


@pytest.mark.parametrize(
    ("category", "tier"),
    [
        ("general", "level1"),
        ("excessive_demand", "level3"),
        ("personal_injury", "level3"),
        ("property_damage", "level3"),
        ("counterfeit", "level3"),
        ("regulator_or_media_referral", "level4"),
        ("media_exposure", "level4"),
        ("lawsuit", "level4"),
    ],
)
def test_each_category_gets_its_tier_and_the_rule_is_recorded(desk: Any, category: str, tier: str) -> None:
    """2-1…2-4 are major (level3), 2-5…2-7 major and escalated (level4), ordinary level1."""
    doc = intake(desk, "--channel", "phone", "--category", category)
    assert (doc["category"], doc["tier"]) == (category, tier)
    shown = desk.json("show", doc["id"])
    assert shown["classification_reason"]


def test_injury_and_property_damage_need_a_plan_within_3_days(desk: Any) -> None:
    """A water-heater fire reported 09:00 on 1 October needs its plan by 09:00 on 4 October."""
    injury = intake(desk, "--channel", "phone", "--category", "personal_injury")
    damage = intake(desk, "--channel", "phone", "--category", "property_damage")
    assert due(injury, "plan") == "2026-10-04T09:00:00+08:00"
    assert due(damage, "plan") == "2026-10-04T09:00:00+08:00"
    assert {"advise_hospital", "visit_injured", "site_inspection", "offer_loan_unit"} <= set(open_steps(injury))


def test_each_category_brings_the_steps_of_the_source(desk: Any) -> None:
    expected = {
        "counterfeit": {"notify_purchasing", "freeze_supplier_payments", "contact_supplier",
                        "verify_authenticity", "settlement_agreement", "recover_goods_and_receipts"},
        "property_damage": {"notify_supplier", "site_inspection", "settlement_agreement"},
        "regulator_or_media_referral": {"written_reply_to_agency"},
        "media_exposure": {"notify_marketing"},
        "lawsuit": {"notify_loss_prevention"},
    }
    for category, steps in expected.items():
        doc = intake(desk, "--channel", "phone", "--category", category)
        assert steps <= set(open_steps(doc)), category


@pytest.mark.parametrize("channel", ["market_regulator", "consumer_council", "quality_bureau"])
def test_a_complaint_from_an_agency_must_be_acknowledged_to_the_agency(desk: Any, channel: str) -> None:
    doc = intake(desk, "--channel", channel)
    assert "acknowledge_agency" in open_steps(doc)
    assert doc["tier"] in ("level3", "level4")


def test_a_complaint_cannot_close_while_a_required_step_is_open(desk: Any) -> None:
    """A lawsuit (2-7): loss prevention must be told before the case closes."""
    cid = intake(desk, "--channel", "phone", "--category", "lawsuit")["id"]
    desk.json("act", cid, "resolve", "--actor", "zhao", "--at", "2026-10-05T09:00")
    reason = desk.fails("act", cid, "close", "--actor", "zhao", "--at", "2026-10-05T10:00", code=1)
    assert "notify_loss_prevention" in reason
    step(desk, cid, "notify_loss_prevention", at="2026-10-05T11:00")
    # issue 14 (四 内部改进): a major complaint also closes only after the internal check and corrective action
    assert "internal_check" in desk.fails("act", cid, "close", "--actor", "zhao", "--at", "2026-10-05T11:10", code=1)
    step(desk, cid, "internal_check", at="2026-10-05T11:20")
    step(desk, cid, "corrective_action", at="2026-10-05T11:30")
    assert desk.json("act", cid, "close", "--actor", "zhao", "--at", "2026-10-05T12:00")["status"] == "closed"


def test_a_counterfeit_runs_every_step_from_intake_to_close(desk: Any) -> None:
    """查看单据和鉴定书 → 通知采购部 → 理财部冻结供应商货款 → 联系供应商 → 鉴定 → 假一赔二 → 和解协议 → 收回单据和商品."""
    cid = intake(desk, "--channel", "phone", "--category", "counterfeit", "--field", "price=99.00",
                 "--field", "product=MW-7", "--field", "supplier=格兰仕")["id"]
    # payments are frozen only after purchasing was told
    desk.fails("act", cid, "step", "--field", "name=freeze_supplier_payments", "--actor", "zhao",
               "--at", "2026-10-01T09:30", code=1)
    step(desk, cid, "check_documents", at="2026-10-01T09:35")  # issue 14: 2-4 starts with 查看单据和鉴定书
    step(desk, cid, "notify_purchasing", at="2026-10-01T09:40")
    step(desk, cid, "freeze_supplier_payments", at="2026-10-01T09:50")
    step(desk, cid, "contact_supplier", at="2026-10-01T10:00")
    step(desk, cid, "verify_authenticity", "--field", "result=counterfeit", at="2026-10-02T10:00")
    comp = desk.json("compensate", cid)
    assert comp["total"] == "198.00" and comp["currency"] == "CNY"
    desk.json("act", cid, "settle", "--field", "amount=198.00", "--actor", "wang", "--at", "2026-10-02T11:00")
    for name in ("settlement_agreement", "recover_goods_and_receipts"):
        step(desk, cid, name, at="2026-10-02T12:00")
    for name in open_steps(desk.json("show", cid)):  # e.g. the customer's receipt after payment
        step(desk, cid, name, at="2026-10-02T12:30")
    desk.json("act", cid, "reply", "--note", "已答复", "--actor", "wang", "--at", "2026-10-02T13:00")
    desk.json("act", cid, "resolve", "--actor", "wang", "--at", "2026-10-02T14:00")
    assert desk.json("act", cid, "close", "--actor", "wang", "--at", "2026-10-02T15:00")["status"] == "closed"


def test_a_level3_complaint_not_handled_in_time_becomes_level4_at_the_sweep(desk: Any) -> None:
    """三级投诉未及时处理的升级事件: the plan was not given within 3 days."""
    cid = intake(desk, "--channel", "phone", "--category", "personal_injury")["id"]
    quiet = desk.json("sweep", "--org", "hypermart", "--at", "2026-10-01T18:00")
    assert quiet["escalations"] == []
    swept = desk.json("sweep", "--org", "hypermart", "--at", "2026-10-04T09:00:01")
    assert [e["id"] for e in swept["escalations"]] == [cid]
    assert desk.json("show", cid)["tier"] == "level4"
    assert desk.json("sweep", "--org", "hypermart", "--at", "2026-10-04T09:00:01")["escalations"] == []


def test_staff_raise_a_tier_by_hand_but_never_lower_it(desk: Any) -> None:
    cid = intake(desk, "--channel", "phone", "--category", "excessive_demand")["id"]
    raised = desk.json("act", cid, "escalate", "--field", "tier=level4", "--note", "顾客已联系报社",
                       "--actor", "li", "--at", "2026-10-01T12:00")
    assert raised["tier"] == "level4"
    desk.fails("act", cid, "escalate", "--field", "tier=level2", "--actor", "li", "--at", "2026-10-01T13:00", code=1)


# -- compensation ---------------------------------------------------------------------
# S = annual_living_cost, default ¥32,994.00.


@pytest.mark.parametrize(
    ("grade", "subsidy", "compensation"),
    [("1", "659880.00", "329940.00"), ("5", "513240.00", "256620.00"), ("10", "329940.00", "164970.00")],
)
def test_disability_items_follow_the_grade(desk: Any, grade: str, subsidy: str, compensation: str) -> None:
    """e: S × 20 (grade 1) … × 10 (grade 10); f: S × 10 … × 5, linear between."""
    cid = intake(desk, "--channel", "phone", "--category", "personal_injury")["id"]
    comp = desk.json("compensate", cid, "--field", f"disability_grade={grade}")
    items = {i["name"]: i["amount"] for i in comp["items"]}
    assert items["disability_living_subsidy"] == subsidy
    assert items["disability_compensation"] == compensation
    assert comp["total"] == f"{Decimal(subsidy) + Decimal(compensation):.2f}"
    assert comp["needs_approval"] is True
    assert all(i["basis"] for i in comp["items"])


def test_injury_items_a_to_d_are_exact_to_the_fen(desk: Any) -> None:
    """a 3,860.50; b 15 days × ¥180 = 2,700.00; c 10 days of S/365 = 903.95 (half-up); d 1,200.00."""
    cid = intake(desk, "--channel", "phone", "--category", "personal_injury")["id"]
    comp = desk.json("compensate", cid, "--field", "medical_cost=3860.50", "--field", "nursing_days=15",
                     "--field", "nursing_daily_rate=180", "--field", "lost_days=10", "--field", "aids_cost=1200")
    items = {i["name"]: i["amount"] for i in comp["items"]}
    assert items == {"medical": "3860.50", "nursing": "2700.00", "lost_income": "903.95", "disability_aids": "1200.00"}
    assert comp["total"] == "8664.45"


def test_a_death_with_two_dependants(desk: Any, tmp_path: Any) -> None:
    """g funeral 8,000; h S × 20 = 659,880; i a child of 10 → 8 years (263,952), an adult unable to work → 20 years."""
    cid = intake(desk, "--channel", "phone", "--category", "personal_injury")["id"]
    facts = tmp_path / "facts.toml"
    facts.write_text(
        'death = true\nfuneral_cost = "8000.00"\n[[dependants]]\nage = 10\n[[dependants]]\nage = 68\nunable_to_work = true\n',
        encoding="utf-8",
    )
    comp = desk.json("compensate", cid, "--facts", str(facts))
    amounts = sorted(Decimal(i["amount"]) for i in comp["items"] if Decimal(i["amount"]))  # a: no medical cost, ¥0
    assert amounts == sorted(Decimal(a) for a in ("8000.00", "659880.00", "263952.00", "659880.00"))
    assert comp["total"] == "1591712.00"


def test_property_damage_pays_the_loss_on_the_receipts(desk: Any) -> None:
    cid = intake(desk, "--channel", "phone", "--category", "property_damage")["id"]
    comp = desk.json("compensate", cid, "--field", "loss=2380.40")
    assert comp["total"] == "2380.40" and comp["needs_approval"] is True
    assert [i["amount"] for i in comp["items"]] == ["2380.40"]


def test_a_counterfeit_pays_double_and_warns_below_the_statutory_floor(desk: Any) -> None:
    """假一赔二 on a ¥99 item is ¥198; art. 55 would give ¥99 + max(3 × 99, 500) = ¥599."""
    cid = intake(desk, "--channel", "phone", "--category", "counterfeit")["id"]
    comp = desk.json("compensate", cid, "--field", "price=99")
    assert comp["total"] == "198.00"
    assert comp["warnings"] and "599.00" in comp["warnings"][0]


# -- authority -------------------------------------------------------------------------


def assessed(desk: Any, cid: str) -> None:
    """2-1 (issue 14): the repair department's assessment comes before any settlement."""
    step(desk, cid, "repair_dept_assessment", "--field", "quality_problem=true", "--field", "company_at_fault=true",
         at="2026-10-01T09:30")


@pytest.mark.parametrize(("amount", "code"), [("499.99", 0), ("500.00", 0), ("500.01", 1)])
def test_a_receptionist_settles_up_to_500_yuan_alone(desk: Any, amount: str, code: int) -> None:
    cid = intake(desk, "--channel", "phone", "--category", "excessive_demand")["id"]
    assessed(desk, cid)
    args = ("act", cid, "settle", "--field", f"amount={amount}", "--actor", "wang", "--at", "2026-10-01T10:00")
    if code == 0:
        desk.json(*args)
    else:
        assert "500.00" in desk.fails(*args, code=1)


def test_above_the_limit_a_manager_approves_and_the_receptionist_pays(desk: Any) -> None:
    cid = intake(desk, "--channel", "phone", "--category", "excessive_demand")["id"]
    assessed(desk, cid)
    desk.json("act", cid, "approve", "--field", "amount=800.00", "--actor", "li", "--at", "2026-10-01T10:00")
    desk.json("act", cid, "settle", "--field", "amount=800.00", "--actor", "wang", "--at", "2026-10-01T11:00")
    history = desk.cli("show", cid, "--json").stdout
    assert "approve" in history and "settle" in history


def test_nobody_approves_beyond_their_own_authority_or_their_own_settlement(desk: Any) -> None:
    cid = intake(desk, "--channel", "phone", "--category", "excessive_demand")["id"]
    desk.fails("act", cid, "approve", "--field", "amount=20000.00", "--actor", "li", "--at", "2026-10-01T10:00", code=1)
    desk.fails("act", cid, "approve", "--field", "amount=800.00", "--field", "for=li", "--actor", "li",
               "--at", "2026-10-01T10:00", code=1)
    desk.json("act", cid, "approve", "--field", "amount=20000.00", "--actor", "zhou", "--at", "2026-10-01T10:00")


def test_compensation_needs_approval_when_the_total_exceeds_the_actors_authority(desk: Any) -> None:
    cid = intake(desk, "--channel", "phone", "--category", "property_damage")["id"]
    assert desk.json("compensate", cid, "--field", "loss=800", "--actor", "wang")["needs_approval"] is True
    assert desk.json("compensate", cid, "--field", "loss=800", "--actor", "li")["needs_approval"] is False


# -- product remedy ---------------------------------------------------------------------


def test_the_product_remedy_follows_warranty_and_the_3_month_window(desk: Any) -> None:
    """2-3 bought 1 August (within 3 months): repair, replace or refund; 2-2 outside warranty: repair or replace."""
    recent = intake(desk, "--channel", "phone", "--category", "property_damage", "--field", "purchase_date=2026-08-01")
    old = intake(desk, "--channel", "phone", "--category", "personal_injury", "--field", "purchase_date=2024-01-10")
    assert desk.json("show", recent["id"])["fields"]["remedies"] == ["repair", "replace", "refund"]
    assert desk.json("show", old["id"])["fields"]["remedies"] == ["repair", "replace"]


# -- delisting ---------------------------------------------------------------------------


def test_quality_returns_above_2_percent_for_3_months_flag_the_product(desk: Any, tmp_path: Any) -> None:
    sales = tmp_path / "sales.csv"
    sales.write_text(
        "month,product,supplier,sold,quality_returns\n"
        "2026-08,MW-7,格兰仕,1000,21\n2026-09,MW-7,格兰仕,1000,25\n2026-10,MW-7,格兰仕,1000,30\n"
        "2026-08,TV-1,海信,1000,20\n2026-09,TV-1,海信,1000,30\n2026-10,TV-1,海信,1000,30\n",
        encoding="utf-8",
    )
    desk.json("retail", "sales", "import", str(sales), "--org", "hypermart")
    found = desk.json("retail", "delisting", "--org", "hypermart", "--month", "2026-10")
    flagged = [(c["criterion"], c.get("product")) for c in found["candidates"]]
    assert ("quality_returns", "MW-7") in flagged
    assert all(product != "TV-1" for _, product in flagged)  # exactly 2.0% in August is not above 2%


def test_proven_counterfeit_and_two_bad_services_in_a_month_are_delisting_candidates(desk: Any) -> None:
    fake = intake(desk, "--channel", "phone", "--category", "counterfeit",
                  "--field", "product=MW-7", "--field", "supplier=格兰仕")["id"]
    step(desk, fake, "check_documents")  # issue 14: 2-4 starts with 查看单据和鉴定书
    step(desk, fake, "notify_purchasing")
    step(desk, fake, "freeze_supplier_payments")
    step(desk, fake, "contact_supplier")
    step(desk, fake, "verify_authenticity", "--field", "result=counterfeit", at="2026-10-03T10:00")
    for day in ("05", "20"):
        cid = intake(desk, "--channel", "phone", "--field", "supplier=华东热水器", "--field", "product=WH-50",
                     at=f"2026-10-{day}T09:00")["id"]
        desk.json("act", cid, "unacceptable_service", "--actor", "wang", "--at", f"2026-10-{day}T10:00")
    found = desk.json("retail", "delisting", "--org", "hypermart", "--month", "2026-10")
    criteria = {c["criterion"] for c in found["candidates"]}
    assert {"counterfeit", "unacceptable_service"} <= criteria
    clean = desk.json("retail", "delisting", "--org", "hypermart", "--month", "2026-09")
    assert clean["candidates"] == []


def test_a_supplier_silent_for_2_days_on_a_customers_question_is_a_candidate(desk: Any) -> None:
    cid = intake(desk, "--channel", "phone", "--field", "product=FR-2", "--field", "supplier=北方冰箱")["id"]
    asked = desk.json("act", cid, "ask_supplier", "--note", "实物与样品不符", "--actor", "wang", "--at", "2026-10-01T10:00")
    assert deadline(asked, "supplier_answer")["due_at"] == "2026-10-03T10:00:00+08:00"
    desk.json("sweep", "--org", "hypermart", "--at", "2026-10-04T10:00")
    found = desk.json("retail", "delisting", "--org", "hypermart", "--month", "2026-10", "--at", "2026-10-04T10:00")
    assert "no_supplier_answer" in {c["criterion"] for c in found["candidates"]}


def test_the_report_has_a_retail_section(desk: Any) -> None:
    cid = intake(desk, "--channel", "phone", "--category", "property_damage")["id"]
    desk.json("act", cid, "settle", "--field", "amount=300.00", "--actor", "wang", "--at", "2026-10-02T10:00")
    report = desk.json("report", "--org", "hypermart", "--month", "2026-10")
    section = next(s for s in report["sections"] if s["domain"] == "retail")
    assert section["figures"]["major_complaints"] == 1
