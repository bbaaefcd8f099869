"""Every category's procedure from intake to close, through the CLI, with the source's ordering rules."""

from __future__ import annotations

from typing import Any

import pytest

from tests.retail.conftest import act, at, clocks, finish, intake, steps_of

#: 四 内部改进 (round 2): every major complaint closes only after the internal check and corrective action.
IMPROVEMENT = ["internal_check", "corrective_action"]


@pytest.mark.parametrize(
    ("category", "steps"),
    [
        ("general", []),
        ("excessive_demand", ["repair_dept_assessment", "options_analysis", *IMPROVEMENT]),
        ("personal_injury", ["advise_hospital", "visit_injured", "site_inspection", "offer_loan_unit", "resolution_plan",
                             *IMPROVEMENT]),
        ("media_exposure", ["notify_marketing", "identify_outlet", "fault_assessment", *IMPROVEMENT]),
        ("lawsuit", ["notify_loss_prevention", *IMPROVEMENT]),
        ("regulator_or_media_referral", ["written_reply_to_agency", *IMPROVEMENT]),
    ],
)
def test_a_category_cannot_close_before_its_steps_are_done_and_closes_after(
    desk: Any, category: str, steps: list[str]
) -> None:
    cid = intake(desk, "--category", category)["id"]
    assert steps_of(desk.json("show", cid)) == steps
    act(desk, cid, "resolve", actor="zhao", when=at(1, "10:00"))
    early = desk.cli("act", cid, "close", "--actor", "zhao", "--at", at(1, "10:01"))
    if steps:
        assert early.code == 1 and steps[0] in early.stderr
        finish(desk, cid, at(1, "11:00"))
    else:
        assert early.code == 0, early.stderr
    doc = desk.json("show", cid)
    assert doc["status"] == "closed" and doc["open_steps"] == []


def test_property_damage_notifies_the_supplier_before_anyone_is_dispatched_and_pays_before_the_agreement(
    desk: Any,
) -> None:
    cid = intake(desk, "--category", "property_damage", "--field", "loss=2400", "--field", "supplier=格力")["id"]
    assert steps_of(desk.json("show", cid)) == [
        "notify_supplier", "site_inspection", "resolution_plan", "settlement_agreement", *IMPROVEMENT,
    ]
    early = desk.cli("act", cid, "step", "--field", "name=site_inspection", "--actor", "zhao", "--at", at(1, "10:00"))
    assert early.code == 1 and "waits for step notify_supplier" in early.stderr
    act(desk, cid, "step", "--field", "name=notify_supplier", actor="zhao", when=at(1, "10:00"))
    act(desk, cid, "step", "--field", "name=site_inspection", actor="zhao", when=at(1, "14:00"))
    act(desk, cid, "step", "--field", "name=resolution_plan", actor="zhao", when=at(2, "10:00"))
    unpaid = desk.cli("act", cid, "step", "--field", "name=settlement_agreement", "--actor", "zhao", "--at", at(2, "11:00"))
    assert unpaid.code == 1 and "after the compensation is paid" in unpaid.stderr
    act(desk, cid, "settle", "--field", "amount=2000.00", actor="zhao", when=at(2, "11:00"))
    act(desk, cid, "step", "--field", "name=settlement_agreement", actor="zhao", when=at(2, "11:05"))
    assert "customer_receipt" in desk.json("show", cid)["open_steps"]  # 赔款后,由顾客出具收据
    finish(desk, cid, at(2, "12:00"))
    doc = desk.json("show", cid)
    assert doc["status"] == "closed"
    assert clocks(doc)["plan"]["met_at"] == "2026-10-02T10:00:00+08:00"
    assert doc["fields"]["paid_total"] == "2000.00"


def test_counterfeit_freezes_payments_after_purchasing_and_pays_only_with_proof(desk: Any) -> None:
    cid = intake(desk, "--category", "counterfeit", "--field", "price=1299", "--field", "product=X1")["id"]
    freeze = desk.cli("act", cid, "step", "--field", "name=freeze_supplier_payments", "--actor", "sun", "--at", at(1, "10:00"))
    assert freeze.code == 1 and "notify_purchasing" in freeze.stderr
    act(desk, cid, "step", "--field", "name=check_documents", actor="wang", when=at(1, "09:50"))  # 2-4 starts here
    act(desk, cid, "step", "--field", "name=notify_purchasing", actor="qian", when=at(1, "10:00"))
    act(desk, cid, "step", "--field", "name=freeze_supplier_payments", actor="sun", when=at(1, "10:30"))
    act(desk, cid, "step", "--field", "name=contact_supplier", actor="qian", when=at(1, "11:00"))
    unproven = desk.cli("act", cid, "settle", "--field", "amount=2598", "--actor", "li", "--at", at(1, "12:00"))
    assert unproven.code == 1 and "verify_authenticity" in unproven.stderr
    no_result = desk.cli("act", cid, "step", "--field", "name=verify_authenticity", "--actor", "qian", "--at", at(2))
    assert no_result.code == 2 and "result=counterfeit|genuine" in no_result.stderr
    act(desk, cid, "step", "--field", "name=verify_authenticity", "--field", "result=counterfeit", actor="qian", when=at(2))
    act(desk, cid, "settle", "--field", "amount=2598.00", actor="li", when=at(2, "10:00"))
    finish(desk, cid, at(2, "11:00"))
    doc = desk.json("show", cid)
    assert doc["status"] == "closed" and doc["fields"]["authenticity"] == "counterfeit"


def test_genuine_goods_get_no_counterfeit_compensation(desk: Any) -> None:
    cid = intake(desk, "--category", "counterfeit", "--field", "price=1299")["id"]
    act(desk, cid, "step", "--field", "name=verify_authenticity", "--field", "result=genuine", actor="qian", when=at(2))
    refused = desk.cli("act", cid, "settle", "--field", "amount=2598", "--actor", "zhou", "--at", at(2, "10:00"))
    assert refused.code == 1 and "genuine" in refused.stderr


def test_an_agency_complaint_is_acknowledged_and_answered_in_writing(desk: Any) -> None:
    cid = intake(desk, channel="quality_bureau")["id"]
    act(desk, cid, "step", "--field", "name=acknowledge_agency", when=at(1, "09:30"))
    doc = desk.json("show", cid)
    assert clocks(doc)["acknowledge_agency"]["state"] == "met"
    finish(desk, cid, at(3))
    assert desk.json("show", cid)["status"] == "closed"


def test_on_site_the_customer_is_told_before_the_complaint_is_handed_on(desk: Any) -> None:
    cid = intake(desk, channel="on_site")["id"]
    silent = desk.cli("act", cid, "assign", "--to", "zhao", "--actor", "wang", "--at", at(1, "09:10"))
    assert silent.code == 1 and "customer_told=true" in silent.stderr
    act(desk, cid, "assign", "--to", "zhao", "--field", "customer_told=true", when=at(1, "09:10"))
    assert desk.json("show", cid)["assignee"] == "zhao"


def test_the_product_remedy_follows_the_warranty_and_the_three_month_window(desk: Any) -> None:
    def offer(category: str, purchased: str, warranty: str | None = None) -> list[str]:
        extra = ["--field", f"warranty_until={warranty}"] if warranty else []
        doc = intake(desk, "--category", category, "--field", f"purchase_date={purchased}", *extra)
        return doc["fields"]["remedies"]

    assert offer("personal_injury", "2026-03-01") == ["repair", "replace", "refund"]  # within the 12-month default
    assert offer("personal_injury", "2025-01-01") == ["repair", "replace"]  # outside warranty
    assert offer("property_damage", "2026-07-01") == ["repair", "replace", "refund"]  # within 3 months
    assert offer("property_damage", "2026-06-30") == ["repair", "replace"]  # 3 months and a day
    assert offer("property_damage", "2026-06-30", "2026-09-30") == ["repair", "replace"]
    assert offer("counterfeit", "2026-09-01") == ["refund"]


def test_the_customer_chooses_a_remedy_on_offer_and_show_lists_it(desk: Any) -> None:
    cid = intake(desk, "--category", "personal_injury", "--field", "purchase_date=2025-01-01")["id"]
    refused = desk.cli("act", cid, "choose_remedy", "--field", "remedy=refund", "--actor", "wang", "--at", at(2))
    assert refused.code == 1 and "not on offer" in refused.stderr
    act(desk, cid, "choose_remedy", "--field", "remedy=replace", when=at(2))
    doc = desk.json("show", cid)
    assert doc["fields"]["remedy_chosen"] == "replace"
    assert "outside warranty" in doc["fields"]["remedy_rule"]


def test_a_purchase_date_recorded_later_with_a_note_offers_the_remedies(desk: Any) -> None:
    cid = intake(desk, "--category", "property_damage")["id"]
    assert "remedies" not in desk.json("show", cid)["fields"]
    act(desk, cid, "note", "--field", "purchase_date=2026-09-15", "--note", "receipt found", when=at(1, "10:00"))
    assert desk.json("show", cid)["fields"]["remedies"] == ["repair", "replace", "refund"]
    bad = desk.cli("act", cid, "note", "--field", "purchase_date=15/09/2026", "--actor", "wang", "--at", at(1, "11:00"))
    assert bad.code == 2 and "expected a date" in bad.stderr


def test_the_retail_history_rebuilds_to_the_same_tables(desk: Any) -> None:
    cid = intake(desk, "--category", "counterfeit", "--field", "price=500", "--field", "purchase_date=2026-09-01")["id"]
    act(desk, cid, "step", "--field", "name=verify_authenticity", "--field", "result=counterfeit", when=at(2))
    act(desk, cid, "approve", "--field", "amount=1000", actor="li", when=at(2, "10:00"))
    act(desk, cid, "settle", "--field", "amount=1000", when=at(2, "10:05"))
    act(desk, cid, "ask_supplier", "--field", "supplier=某数码", "--note", "channel?", when=at(2, "11:00"))
    desk.json("sweep", "--org", "store", "--at", at(6))
    before = desk.app.store.snapshot()
    assert desk.json("rebuild")["rebuilt"] == 1
    assert desk.app.store.snapshot() == before
