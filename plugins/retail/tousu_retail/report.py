"""The retail section of a period report: major complaints, money paid, approvals, open steps.

Everything is counted in SQL over the organization's own rows within ``[period.start,
period.end)``; money is summed exactly in Python from the amounts the settlements recorded.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from tousu import Org, Period, ReportSection
from tousu.money import format_amount, parse_amount
from tousu.timeutil import to_db
from tousu_retail.delisting import candidates
from tousu_retail.domain import CATEGORIES, MAJOR_TIERS, TIERS
from tousu_retail.settings import RetailSettings

TITLE = {"zh": "零售重大投诉", "en": "Retail major complaints"}


def section(store: Any, org: Org, settings: RetailSettings, period: Period, now: datetime) -> ReportSection:
    start, end = to_db(period.start), to_db(period.end)
    conn = store.conn
    received = "c.org = ? AND c.domain = 'retail' AND c.received_at >= ? AND c.received_at < ?"
    span = (org.id, start, end)
    by_category = {c: 0 for c in CATEGORIES}
    by_tier = {t: 0 for t in TIERS}
    for category, tier, count in conn.execute(
        f"SELECT c.category, c.tier, count(*) FROM complaints c WHERE {received} GROUP BY c.category, c.tier", span
    ):
        by_category[category] = by_category.get(category, 0) + count
        by_tier[tier] = by_tier.get(tier, 0) + count
    in_period = "e.org = ? AND e.at >= ? AND e.at < ? AND c.domain = 'retail'"
    joined = "FROM events e JOIN complaints c ON c.id = e.complaint_id"
    paid = [
        parse_amount(row[0])
        for row in conn.execute(
            f"SELECT json_extract(e.data, '$.fields.last_settlement.amount') {joined} "
            f"WHERE {in_period} AND e.action = 'settle'",
            span,
        )
        if row[0] is not None
    ]
    approved = [
        parse_amount(row[0])
        for row in conn.execute(
            f"SELECT json_extract(e.data, '$.input.fields.amount') {joined} WHERE {in_period} AND e.action = 'approve'",
            span,
        )
        if row[0] is not None
    ]
    escalated = conn.execute(
        f"SELECT count(*) {joined} WHERE {in_period} AND e.action IN ('sweep', 'escalate') "
        f"AND json_extract(e.data, '$.set.tier') = 'level4'",
        span,
    ).fetchone()[0]
    open_steps: dict[str, int] = {}
    for name, count in conn.execute(
        "SELECT s.name, count(*) FROM steps s JOIN complaints c ON c.id = s.complaint_id "
        "WHERE c.org = ? AND c.domain = 'retail' AND c.received_at < ? "
        "AND (s.done_at IS NULL OR s.done_at >= ?) AND (c.closed_at IS NULL OR c.closed_at >= ?) "
        "GROUP BY s.name ORDER BY count(*) DESC, s.name",
        (org.id, end, end, end),
    ):
        open_steps[name] = count
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
        "delisting_candidates": delisting,
    }
    return ReportSection(domain="retail", title=TITLE.get(org.language, TITLE["en"]), figures=figures)
