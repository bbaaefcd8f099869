"""``tousu demo`` shows the property-management SOP: its clocks, a refusal, an approval, a breach, an escalation."""

from __future__ import annotations

from typing import Any


def test_the_demo_walks_through_the_property_sop(make_desk: Any) -> None:
    result = make_desk().cli("demo")
    assert result.code == 0, result.stderr
    part = result.stdout.split("(organization property-mgmt-demo)", 1)[1].split("(organization ", 1)[0]
    for expected in (
        "the resident complaint form (住户投诉意见表) is incomplete",
        "deadline forward                due 2026-10-01T09:10:00+08:00",
        "deadline report_to_management   due 2026-10-01T23:59:59+08:00",
        "before the callback (回访, SOP 1.6)",
        "needs the approval of the general_manager (SOP 1.10.2); li is manager",
        "deadline stop_harm              due 2026-10-01T12:00:00+08:00",
        "  resolve  (due 2026-10-03T11:00:00+08:00)",
        "minor → major  (not resolved within one month of receipt",
        "monthly_statistics:2026-10",
        "物业管理:投诉统计分析与绩效考评",
    ):
        assert expected in part, expected
