"""An en organization's text screens name a domain's own terms after their English labels:
``callback (回访)``, so a desk can find each in the procedure it was written from (issue 18).

Only the domain's vocabulary (tiers, categories, channels, actions, deadlines, steps) that
its procedure names in Chinese carries the term; the core's words and JSON stay as they are.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tousu.testing import org

T = "2026-10-01T{}:00+08:00".format


@pytest.fixture
def estate(make_desk: Any) -> Any:
    desk = make_desk(org("estate", ["property_mgmt"], language="en"))
    desk.json("intake", "--org", "estate", "--channel", "phone", "--summary", "lift stuck", "--tier", "minor",
              "--place", "block 3", "--request", "fix it", "--contact", "13800000001", "--actor", "wang", "--at", T("09:00"))
    return desk


def test_show_list_and_due_name_the_source_terms_in_parentheses(estate: Any) -> None:
    shown = estate.cli("show", "C1", "--actor", "li", "--at", T("10:00")).stdout
    assert "minor (轻微投诉)" in shown, shown
    assert "form forwarded and signed for (转交签收)" in shown and "phone (来电)" in shown, shown
    listed = estate.cli("list", "--org", "estate", "--actor", "li").stdout
    assert "(轻微投诉)" in listed, listed
    due = estate.cli("due", "--org", "estate", "--at", T("10:00"), "--within", "30d").stdout
    assert "resolved (处理完毕)" in due, due
    # the core's own words carry none: the status and the headers read English alone
    assert "received (" not in shown and "status (" not in listed


def test_json_keeps_the_ids_and_a_zh_desk_reads_no_double_term(estate: Any, make_desk: Any) -> None:
    doc = estate.json("show", "C1", "--actor", "li", "--at", T("10:00"))
    assert doc["tier"] == "minor" and "轻微投诉" not in json.dumps(doc, ensure_ascii=False)
    zh = make_desk(org("estate", ["property_mgmt"], language="zh"))
    zh.json("intake", "--org", "estate", "--channel", "phone", "--summary", "电梯停了", "--tier", "minor",
            "--place", "3栋", "--request", "修好", "--contact", "13800000001", "--actor", "wang", "--at", T("09:00"))
    shown = zh.cli("show", "C1", "--actor", "li", "--at", T("10:00")).stdout
    assert "轻微投诉" in shown and "(轻微投诉)" not in shown and "minor" not in shown
