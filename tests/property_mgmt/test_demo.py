"""``tousu demo`` shows the property-management SOP: its clocks, a refusal, an approval, a breach, an escalation."""

from __future__ import annotations

from typing import Any


def test_the_demo_walks_through_the_property_sop(make_desk: Any) -> None:
    result = make_desk().cli("demo")
    assert result.code == 0, result.stderr
    part = result.stdout.split("(organization property-mgmt-demo)", 1)[1].split("(organization ", 1)[0]
    # the demo prints what each command printed: the org's language (the rules' refusals and reasons
    # too), readable instants (issue 18)
    lines = part.splitlines()

    def a_line_with(*pieces: str) -> bool:
        return any(all(p in line for p in pieces) for line in lines)

    for pieces in (
        ("《住户投诉意见表》填写不全",),
        ("转交签收", "2026-10-01 09:10", "未到期"),
        ("当天上报总经理/主管经理", "2026-10-01 24:00"),
        ("回访前不能结案", "（规程1.6）"),
        ("须经总经理批准（规程1.10.2）；li的角色是主管经理",),
        ("停止伤害", "2026-10-01 12:00"),
        ("超时", "处理完毕（到期 2026-10-03 11:00）"),
        ("轻微投诉 → 重大投诉（受理后一个月内未解决",),
        ("月度投诉统计 2026-10",),
        ("物业管理:投诉统计分析与绩效考评",),
    ):
        assert a_line_with(*pieces), pieces
    assert "--json" not in part and ".999999" not in part
