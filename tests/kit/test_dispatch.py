"""Hooks are dispatched by pluggy itself, so its documented options work for tousu plugins.

An organization enabling a domain plugin and helper plugins (no domain of their own, so they
see every complaint of the organizations that enable them): ``tryfirst`` puts a helper's
classification ahead of the domain's (``complaint_classify`` is firstresult), a wrapper
(``wrapper=True``) sees and extends every other plugin's deadlines, and every guard's reason
to refuse is reported, not only the first one's.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tousu import Classification, DeadlineSpec, hookimpl
from tousu.testing import org, registered


class Guard:
    """Refuses ``reply`` with its own reason."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    @hookimpl
    def complaint_check_action(self, action: Any) -> str | None:
        return self.reason if action.name == "reply" else None


class FirstSay:
    """Classifies everything as ``important``/``general`` before any other plugin is asked."""

    @hookimpl(tryfirst=True)
    def complaint_classify(self, complaint: Any) -> Classification:
        return Classification("important", "general", "FirstSay decided first")


class Auditor:
    """Wraps every other plugin's deadlines and adds an audit clock to them."""

    @hookimpl(wrapper=True)
    def complaint_deadlines(self, complaint: Any, now: Any) -> Any:
        specs = yield
        return [*specs, [DeadlineSpec("audit", now + timedelta(days=30), ("close",))]]


def test_every_guard_reason_is_reported(make_desk: Any, clock: Any) -> None:
    with registered(Guard("the supervisor must read it first"), "guard_a"), registered(
        Guard("the contact was not verified"), "guard_b"
    ):
        desk = make_desk(org("estate", ["property_mgmt", "guard_a", "guard_b"]))
        complaint = desk.complaint("estate")
        line = desk.fails("act", complaint.id, "reply", "--note", "已答复", "--at", clock.advance(minutes=5).isoformat(), code=1)
        assert "the supervisor must read it first" in line
        assert "the contact was not verified" in line


def test_a_tryfirst_implementation_answers_a_firstresult_hook_before_the_domain(make_desk: Any) -> None:
    with registered(FirstSay(), "first_say"):
        desk = make_desk(org("estate", ["property_mgmt", "first_say"]), org("plain", ["property_mgmt"]))
        assert desk.complaint("estate").classification_reason == "FirstSay decided first"
        assert desk.complaint("plain").classification_reason != "FirstSay decided first"


def test_a_wrapper_sees_and_extends_the_other_plugins_answers(make_desk: Any) -> None:
    with registered(Auditor(), "auditor"):
        desk = make_desk(org("estate", ["property_mgmt", "auditor"]))
        complaint = desk.complaint("estate")
        names = [d.name for d in complaint.deadlines]
        assert "audit" in names
        assert len(names) > 1, "the domain's own deadlines are still there"
