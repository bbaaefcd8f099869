"""Replies people can send: templates per domain and language, and a reply that says something.

A receptionist answers with ``act ID reply --template NAME``: the template is filled from the
case's facts in the organization's language and recorded as the reply's text, which the
history shows and the outbox sends. ``tousu templates`` lists what there is. A reply with no
text (no note, no template) is refused with one line.
"""

from __future__ import annotations

from typing import Any

import pytest

from tousu.testing import org

AT = "2026-10-01T{}:00+08:00".format


@pytest.fixture
def estate(make_desk: Any) -> Any:
    desk = make_desk(org("estate", ["property_mgmt"], language="zh", name="阳光花园物业"))
    desk.json("intake", "--org", "estate", "--channel", "phone", "--summary", "3栋电梯停在两层之间", "--tier", "minor",
              "--place", "3栋", "--request", "尽快修好", "--contact", "13800000000", "--at", AT("09:00"))
    return desk


def test_templates_lists_each_template_with_its_text_in_the_desks_language(estate: Any) -> None:
    listing = estate.json("templates", "--org", "estate")
    names = {t["name"]: t for t in listing}
    assert {"received", "forwarded", "answer", "resolved"} <= set(names)
    received = names["received"]
    assert received["action"] == "reply" and received["domain"] == "*"
    assert received["text"] == received["texts"]["zh"] and received["texts"]["en"]
    assert "summary" in received["placeholders"]
    assert any(t["domain"] == "property_mgmt" for t in listing)  # the domain's own
    text = estate.cli("templates", "--org", "estate").stdout
    assert "模板" in text and "received" in text and "已受理" in text
    one = estate.cli("templates", "received", "--org", "estate").stdout
    assert "{summary}" in one and "占位符" in one


def test_a_reply_from_a_template_is_filled_with_the_cases_facts_and_recorded(estate: Any) -> None:
    assert estate.cli("act", "C1", "reply", "--template", "received", "--at", AT("09:05")).code == 0
    history = estate.json("show", "C1")["history"]
    reply = history[-1]
    note = reply["data"]["input"]["note"]
    assert note.startswith("您好！您于2026-10-01 09:00反映的“3栋电梯停在两层之间”已受理（编号 C00000001）")
    assert note.endswith("阳光花园物业") and "{" not in note
    assert reply["data"]["input"]["fields"]["template"] == "received"
    shown = estate.cli("show", "C1").stdout
    assert "模板：" in shown and "“您好！您于2026-10-01 09:00" in shown  # the history line (cut to fit)


def test_a_template_with_a_note_places_the_note(estate: Any) -> None:
    assert estate.cli("act", "C1", "reply", "--template", "answer", "--note", "明天上午维修。", "--at", AT("09:05")).code == 0
    note = estate.json("show", "C1")["history"][-1]["data"]["input"]["note"]
    assert note.endswith("答复如下：明天上午维修。")


def test_a_reply_needs_text(estate: Any) -> None:
    error = estate.fails("act", "C1", "reply", "--at", AT("09:05"), code=2)
    assert "答复须有内容" in error and "--template" in error
    estate.fails("act", "C1", "reply", "--note", "   ", "--at", AT("09:05"), code=2)


def test_mistakes_with_templates_are_one_clear_line(estate: Any) -> None:
    error = estate.fails("act", "C1", "reply", "--template", "nonsense", "--at", AT("09:05"), code=2)
    assert "没有模板“nonsense”" in error and "received" in error
    # {note} is a placeholder of "answer": without --note there is a hole, refused
    error = estate.fails("act", "C1", "reply", "--template", "answer", "--at", AT("09:05"), code=2)
    assert "note" in error
    # "forwarded" names the department, which C1 does not have yet
    error = estate.fails("act", "C1", "reply", "--template", "forwarded", "--at", AT("09:05"), code=2)
    assert "department" in error
    # a notify template is not a reply's
    error = estate.fails("act", "C1", "reply", "--template", "resolved", "--note", "x", "--at", AT("09:05"), code=2)
    assert "resolved" in error
    estate.fails("act", "C1", "acknowledge", "--template", "received", "--at", AT("09:05"), code=2)


def test_an_english_desk_gets_the_english_text(make_desk: Any) -> None:
    desk = make_desk(org("shop", ["retail"], language="en", name="Hypermart"))
    desk.json("intake", "--org", "shop", "--channel", "phone", "--summary", "kettle leaks", "--at", AT("09:00"))
    assert desk.cli("act", "C1", "reply", "--template", "received", "--at", AT("09:05")).code == 0
    note = desk.json("show", "C1")["history"][-1]["data"]["input"]["note"]
    assert note.startswith('Hello, your complaint of 2026-10-01 09:00 about "kettle leaks" has been received')
