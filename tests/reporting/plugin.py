"""A small in-test domain for the report and bulk tests: a city hotline with consultations.

Its rules are few and fixed so the tests can count by hand: a ``reply`` deadline one day
after receipt (met by ``reply``), a ``resolve`` deadline three days after (met by
``resolve``), a timer that raises ``low`` to ``high`` when ``resolve`` runs out, a follow-up
``note`` after every ``resolve``, and a report section that counts complaints apart from
consultations, in SQL.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tousu import DeadlineSpec, DomainSpec, Effects, Escalation, FollowUp, ReportSection, hookimpl
from tousu.timeutil import to_db


class HotlinePlugin:
    @hookimpl
    def register_domains(self, register: Any) -> None:
        register(
            DomainSpec(
                name="hotline",
                plugin="hotline",
                title="hotline",
                channels=("phone", "visit", "letter"),
                categories=("noise", "street", "consultation"),
                tiers=("low", "high"),
                default_tier="low",
                default_category="noise",
                deadlines=("reply", "resolve"),
                labels={
                    "zh": {"noise": "噪声扰民", "street": "占道经营", "consultation": "咨询", "phone": "电话",
                           "low": "一般", "high": "重大", "reply": "答复", "resolve": "办结",
                           "complaints": "投诉(不含咨询)"},
                    "en": {"complaints": "complaints (not consultations)"},
                },
            )
        )

    @hookimpl
    def complaint_deadlines(self, complaint: Any, now: Any) -> list[DeadlineSpec]:
        start = complaint.received_at
        return [
            DeadlineSpec("reply", start + timedelta(days=1), met_by=("reply",)),
            DeadlineSpec("resolve", start + timedelta(days=3), met_by=("resolve",)),
        ]

    @hookimpl
    def complaint_after_action(self, complaint: Any, action: Any) -> Effects | None:
        if action.name == "resolve":
            return Effects(follow_ups=(FollowUp("note", note="result filed"),))
        return None

    @hookimpl
    def complaint_escalate(self, complaint: Any) -> Escalation | None:
        resolve = complaint.deadline("resolve")
        if complaint.tier == "low" and resolve is not None and resolve.state == "breached":
            return Escalation("high", "not resolved in 3 days (test rule)")
        return None

    @hookimpl
    def report_section(self, org: Any, store: Any, period: Any) -> ReportSection:
        bounds = (org.id, to_db(period.start), to_db(period.end))
        rows = store.conn.execute(
            "SELECT category, count(*) FROM complaints WHERE org = ? AND received_at >= ? AND received_at < ? "
            "AND category != 'consultation' GROUP BY category ORDER BY category",
            bounds,
        ).fetchall()
        by_category = {category: count for category, count in rows}
        return ReportSection(
            "hotline",
            "hotline section",
            {
                "complaints": sum(by_category.values()),
                "complaint_categories": by_category,
                "top_places": [
                    {"place": place, "count": count}
                    for place, count in store.conn.execute(
                        "SELECT place, count(*) FROM complaints WHERE org = ? AND received_at >= ? "
                        "AND received_at < ? AND place != '' GROUP BY place ORDER BY 2 DESC, 1",
                        bounds,
                    )
                ],
            },
        )
