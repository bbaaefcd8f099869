"""Complaints that drag on (久拖不决): past the resolve limit, sweep raises them and due shows them first."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.city_enforcement.helpers import act, intake


def test_a_complaint_unresolved_after_15_days_is_raised_to_drag_on_by_sweep(desk: Any, clock: Any) -> None:
    start = clock.now
    stall = intake(desk, clock, "--channel", "visit", "--category", "street_occupation")["id"]
    act(desk, stall, "reply", clock.advance(hours=1), "--note", "已转二中队处理")
    swept = desk.json("sweep", "--org", "bureau", "--at", (start + timedelta(days=15, minutes=1)).isoformat())
    assert swept["escalations"] == [
        {
            "id": stall,
            "from": "normal",
            "to": "drag_on",
            "rule": "dragging on: the resolve limit 2026-10-16T09:00:00+08:00 passed without resolution",
        }
    ]
    doc = desk.json("show", stall)
    assert doc["tier"] == "drag_on" and doc["classification_reason"].startswith("dragging on")
    again = desk.json("sweep", "--org", "bureau", "--at", (start + timedelta(days=15, minutes=1)).isoformat())
    assert again == {**again, "breaches": [], "escalations": []}


def test_due_puts_the_dragging_complaint_first(desk: Any, clock: Any) -> None:
    start = clock.now
    stall = intake(desk, clock, "--channel", "phone", "--category", "street_occupation")["id"]
    act(desk, stall, "acknowledge", clock.advance(minutes=30))
    act(desk, stall, "reply", clock.advance(minutes=30))
    fresh = intake(desk, clock.set(start + timedelta(days=14, hours=2)), "--channel", "phone", "--category", "noise")["id"]
    at = (start + timedelta(days=16)).isoformat()
    desk.json("sweep", "--org", "bureau", "--at", at)
    due = desk.json("due", "--org", "bureau", "--at", at)
    assert (due[0]["id"], due[0]["deadline"], due[0]["tier"], due[0]["overdue"]) == (stall, "resolve", "drag_on", True)
    # the newer complaint's overdue acknowledgement comes after: it is less late
    assert [(d["id"], d["deadline"], d["overdue"]) for d in due[1:]] == [(fresh, "acknowledge", True)]
    text = desk.cli("due", "--org", "bureau", "--at", at).stdout.splitlines()
    assert stall in text[1] and "dragging on" in text[1]  # under the header row (issue 18)


def test_a_resolved_complaint_or_an_approved_extension_does_not_drag_on(desk: Any, clock: Any) -> None:
    start = clock.now
    done = intake(desk, clock, "--channel", "phone")["id"]
    act(desk, done, "resolve", clock.advance(days=3))
    extended = intake(desk, clock, "--channel", "phone")["id"]
    act(desk, extended, "extend", clock.advance(days=1), "--field", "deadline=resolve",
        "--field", "until=2026-10-31T18:00:00+08:00", "--note", "需联合住建部门执法", actor="li")
    swept = desk.json("sweep", "--org", "bureau", "--at", (start + timedelta(days=20)).isoformat())
    assert swept["escalations"] == []
    assert desk.json("show", extended)["tier"] == "normal"


def test_a_consultation_never_drags_on(desk: Any, clock: Any) -> None:
    start = clock.now
    asked = intake(desk, clock, "--channel", "phone", "--field", "kind=consultation")["id"]
    swept = desk.json("sweep", "--org", "bureau", "--at", (start + timedelta(days=40)).isoformat())
    assert [b["deadline"] for b in swept["breaches"]] == ["reply"]
    assert swept["escalations"] == [] and desk.json("show", asked)["tier"] == "normal"
