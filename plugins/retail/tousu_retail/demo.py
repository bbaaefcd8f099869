"""The retail part of ``tousu demo``: a water-heater fire (2-2) from the call to the settlement.

It shows the major-complaint procedure the source describes: classification as level3, the
3-day resolution plan, the required steps, the compensation items a–i with their basis, the
¥500 staff authority refusing a settlement, the approval, the payment and the closing; then a
counterfeit complaint left unanswered that ``sweep`` escalates to level4.
"""

from __future__ import annotations

from typing import Any

from tousu.demo import DEFAULT_STAFF, Demo

T = "2026-10-{day}T{time}:00+08:00"


def demo() -> Demo:
    return Demo(
        domain="retail",
        title="零售 · 重大投诉处理流程 (retail major-complaint procedure)",
        run=_run,
        staff={**DEFAULT_STAFF, "sun": "finance", "qian": "purchasing"},
        order=10,
    )


def at(day: int, time: str) -> str:
    return T.format(day=f"{day:02d}", time=time)


def _run(s: Any) -> None:
    org = s.org
    s.say("09:00, 1 October: a customer phones — the water heater bought in May caught fire and burned her arm (2-2).")
    doc = s.run(
        "intake", "--org", org, "--channel", "phone", "--category", "personal_injury",
        "--summary", "热水器着火烧伤顾客手臂", "--complainant", "刘女士", "--contact", "13900000000",
        "--field", "product=WH-50", "--field", "supplier=华东热水器", "--field", "purchase_date=2026-05-18",
        "--actor", "wang", "--at", at(1, "09:00"), "--json",
    )
    cid = doc["id"]
    s.say("The desk works through the required steps; the resolution plan is due within 3 days.")
    for step, when in (
        ("advise_hospital", at(1, "09:05")), ("visit_injured", at(1, "14:00")), ("site_inspection", at(1, "16:00")),
        ("offer_loan_unit", at(1, "17:00")), ("resolution_plan", at(2, "10:00")),
    ):
        s.run("act", cid, "step", "--field", f"name={step}", "--actor", "zhao", "--at", when)
    s.run("act", cid, "choose_remedy", "--field", "remedy=replace", "--actor", "wang", "--at", at(2, "10:10"))
    facts = (
        "--field", "medical_cost=3860.50", "--field", "nursing_days=12", "--field", "nursing_daily_rate=150",
        "--field", "lost_days=30", "--field", "disability_grade=10",
    )
    s.say("Compensation items a–f for a grade-10 disability (S = ¥32,994.00, the default living cost):")
    s.run("compensate", cid, *facts, "--actor", "wang")
    total = s.run("compensate", cid, *facts, "--actor", "wang", "--json", show=False)["total"]
    s.say(f"The receptionist's authority is ¥500.00: paying ¥{total} alone is refused.")
    s.run("act", cid, "settle", "--field", f"amount={total}", "--actor", "wang", "--at", at(2, "11:00"), expect=1)
    s.run("act", cid, "approve", "--field", f"amount={total}", "--actor", "zhou", "--at", at(2, "11:30"))
    s.run("act", cid, "settle", "--field", f"amount={total}", "--actor", "wang", "--at", at(2, "11:40"))
    receipt = s.config.parent / "receipt.txt"
    receipt.write_text("收到赔款,特此收据。顾客签字:____\n", encoding="utf-8")
    s.say("The customer signs a receipt for the money (2-3); the desk attaches it as evidence before the step:")
    s.run("attach", cid, str(receipt), "--step", "customer_receipt", "--actor", "wang", "--at", at(2, "11:44"))
    for args in (
        ("step", "--field", "name=customer_receipt", "--actor", "wang", "--at", at(2, "11:45")),
        ("reply", "--note", "方案已确认:换新机,一次性赔付", "--actor", "wang", "--at", at(2, "11:50")),
        ("resolve", "--actor", "zhao", "--at", at(2, "12:00")),
        # 四 内部改进: the internal check finds the product at fault, so it is re-tested
        ("step", "--field", "name=internal_check", "--field", "product_fault=true", "--actor", "zhao", "--at", at(3, "09:00")),
        ("step", "--field", "name=corrective_action", "--actor", "zhao", "--at", at(3, "09:20")),
        ("step", "--field", "name=retest", "--actor", "zhao", "--at", at(3, "09:40")),
        ("callback", "--field", "satisfied=true", "--actor", "chen", "--at", at(3, "10:00")),
        ("close", "--actor", "wang", "--at", at(3, "10:05")),
    ):
        s.run("act", cid, *args)
    s.run("show", cid, "--at", at(3, "12:00"))
    s.say("A counterfeit claim (2-4) nobody answers: sweep on 3 October escalates it to level4.")
    fake = s.run(
        "intake", "--org", org, "--channel", "on_site", "--category", "counterfeit",
        "--summary", "顾客称所购手机为水货", "--field", "product=P-9", "--field", "supplier=某数码", "--field", "price=2999",
        "--actor", "wang", "--at", at(1, "15:00"), "--json",
    )
    s.run("sweep", "--org", org, "--at", at(3, "09:00"))
    s.run("compensate", fake["id"], "--actor", "li")
