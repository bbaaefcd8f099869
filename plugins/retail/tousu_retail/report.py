"""The retail section of a period report: major complaints, money paid, approvals, open steps,
and the internal improvement (四 内部改进) recorded in the period.

Everything is counted in SQL over the organization's own rows within ``[period.start,
period.end)``; money is summed exactly in Python from the amounts the settlements recorded.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from tousu import Org, Period, ReportSection
from tousu.money import format_amount, parse_amount
from tousu_retail.delisting import candidates
from tousu_retail.domain import CATEGORIES, MAJOR_TIERS, TIERS
from tousu_retail.settings import RetailSettings

TITLE = {"zh": "零售重大投诉", "en": "Retail major complaints"}


def section(store: Any, org: Org, settings: RetailSettings, period: Period, now: datetime) -> ReportSection:
    start, end = period.start, period.end
    by_category = {c: 0 for c in CATEGORIES}
    by_tier = {t: 0 for t in TIERS}
    for category, tier in store.received(org.id, "retail", start, end, columns=("category", "tier")):
        by_category[category] = by_category.get(category, 0) + 1
        by_tier[tier] = by_tier.get(tier, 0) + 1
    paid = [
        parse_amount(row[3])
        for row in store.events_in(org.id, start, end, ("settle",), domain="retail", data=("fields.last_settlement.amount",))
        if row[3] is not None
    ]
    approved = [
        parse_amount(row[3])
        for row in store.events_in(org.id, start, end, ("approve",), domain="retail", data=("input.fields.amount",))
        if row[3] is not None
    ]
    escalated = sum(
        row[3] == "level4"
        for row in store.events_in(org.id, start, end, ("sweep", "escalate"), domain="retail", data=("set.tier",))
    )
    open_steps: dict[str, int] = dict(store.open_steps(org.id, "retail", end))
    improvement = {"internal_check": 0, "corrective_action": 0, "retest": 0}
    improvement.update(store.steps_done(org.id, "retail", start, end, tuple(improvement)))
    delisting = [
        {
            "criterion": row["criterion"],
            "target": row["target"],
            "product": row["product"] or "",
            "supplier": row["supplier"] or "",
            "evidence": len(row["evidence"]),
        }
        for row in candidates(store, org, settings, period.start, period.end, now)
    ]
    figures: dict[str, Any] = {
        "major_complaints": sum(by_tier.get(t, 0) for t in MAJOR_TIERS),
        "by_category": by_category,
        "by_tier": by_tier,
        "escalated_to_level4": escalated,
        "settlements": len(paid),
        "compensation_paid": format_amount(sum(paid, Decimal("0"))),
        "approvals": len(approved),
        "approved_amount": format_amount(sum(approved, Decimal("0"))),
        "open_steps": open_steps,
        # 四 内部改进, recorded in the period: internal checks, corrective actions (整改), re-tests
        "internal_checks": improvement["internal_check"],
        "corrective_actions": improvement["corrective_action"],
        "retests": improvement["retest"],
        "delisting_candidates": delisting,
    }
    return ReportSection(domain="retail", title=TITLE.get(org.language, TITLE["en"]), figures=figures)
