"""The daily list (天天查阅): overdue first, most overdue on top, then what falls due in the horizon."""

from __future__ import annotations

from typing import Any

from tests.reporting.october import act, intake

NOW = "2026-10-03T12:00:00+08:00"


def desk_with_three(desk: Any) -> tuple[str, str, str]:
    """old: reply due 1 Oct 09:00, resolve 3 Oct 09:00 (wang); newer: reply 3 Oct 08:00, resolve
    5 Oct 08:00 (chen, forwarded to 城管中队); today: replied, resolve 5 Oct 18:00 (wang)."""
    old = intake(desk, "city", "phone", "noise", "2026-09-30T09:00:00+08:00", actor="wang")
    newer = intake(desk, "city", "visit", "street", "2026-10-02T08:00:00+08:00", actor="chen")
    today = intake(desk, "city", "phone", "noise", "2026-10-02T18:00:00+08:00", actor="wang")
    act(desk, today, "reply", "2026-10-02T19:00:00+08:00", "--note", "已答复")
    act(desk, newer, "forward", "2026-10-02T09:00:00+08:00", "--to", "城管中队")
    return old, newer, today


def test_json_lists_the_most_overdue_first_then_what_is_due_by_the_end_of_today(hotline_desk: Any) -> None:
    old, newer, _ = desk_with_three(hotline_desk)
    entries = hotline_desk.json("due", "--org", "city", "--at", NOW)
    assert [(e["id"], e["deadline"], e["overdue"]) for e in entries] == [
        (old, "reply", True), (newer, "reply", True), (old, "resolve", True),
    ]
    assert all({"id", "deadline", "due_at", "overdue", "owner", "tier", "summary"} <= set(e) for e in entries)
    assert entries[0]["due_at"] == "2026-10-01T09:00:00+08:00" and entries[0]["owner"] == "wang"
    wider = hotline_desk.json("due", "--org", "city", "--at", NOW, "--within", "2d")
    assert [(e["id"], e["deadline"], e["overdue"]) for e in wider][-1] == (newer, "resolve", False)
    assert len(wider) == 4  # today's resolve (5 Oct 18:00) is beyond 2 days


def test_text_groups_by_owner_or_department_and_says_how_late_or_how_long_is_left(hotline_desk: Any) -> None:
    desk_with_three(hotline_desk)
    text = hotline_desk.cli("due", "--org", "city", "--at", NOW, "--within", "2d", "--by", "owner").stdout
    # a zh organization's list reads Chinese only (issue 18): 【首问负责人：wang】, 超时 2天3小时
    wang, chen = text.index("【首问负责人：wang】"), text.index("【首问负责人：chen】")
    assert wang < chen  # the group with the most overdue item comes first
    assert "超时 2天3小时" in text[wang:chen]  # old's reply
    assert "超时 4小时" in text[chen:] and "剩余 1天20小时" in text[chen:]  # newer's reply and resolve
    by_department = hotline_desk.cli("due", "--org", "city", "--at", NOW, "--by", "department").stdout
    assert "【处理部门：城管中队】" in by_department and "【处理部门：-】" in by_department
