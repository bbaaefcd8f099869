"""The hook implementations of the utilities domain: thin adapters over `tousu_utilities.rules`.

Entry point ``utilities = "tousu_utilities.plugin"`` in the group ``tousu``. Every
``complaint_*`` hook here runs only for organizations that list ``utilities`` in their
``plugins`` and only for complaints of the ``utilities`` domain; the core guarantees both.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from tousu import (
    Action,
    Classification,
    Complaint,
    DeadlineSpec,
    DomainSpec,
    Effects,
    Escalation,
    Org,
    Period,
    ReportSection,
    hookimpl,
)
from tousu.facts import fact_str
from tousu_utilities import report, rules
from tousu_utilities.domain import SPEC, UtilitiesSettings


@hookimpl
def register_domains(register: Callable[[DomainSpec], None]) -> None:
    register(SPEC)


@hookimpl
def complaint_classify(
    complaint: Complaint, settings: UtilitiesSettings, facts: dict[str, Any]
) -> Classification:
    return rules.classify(complaint, facts, settings)


@hookimpl
def complaint_deadlines(complaint: Complaint, settings: UtilitiesSettings) -> list[DeadlineSpec]:
    return rules.deadlines(complaint, settings)


@hookimpl
def complaint_check_action(complaint: Complaint, action: Action, facts: dict[str, Any]) -> str | None:
    return rules.refusal(complaint, action.name, facts)


@hookimpl
def complaint_after_action(
    complaint: Complaint, action: Action, facts: dict[str, Any], now: datetime
) -> Effects | None:
    if action.name == "intake" and complaint.category == "meter_fault":
        return Effects(steps=("meter_test",))
    if action.name == "intake" and complaint.category == "billing_dispute":
        return Effects(flags=("hold_disconnection",))
    if action.name == "restore":
        return Effects(fields={"restored_at": rules.restored_at(now)})
    if action.name == "step" and fact_str(facts, "name") == "meter_test":
        result = rules.meter_result(facts)
        return Effects(fields={"meter_result": result}, flags=("refund_due",) if result == "fast" else ())
    return None


@hookimpl
def complaint_escalate(complaint: Complaint) -> Escalation | None:
    """A missed restore clock makes an outage critical; a missed reply makes a routine case priority."""
    restore = complaint.deadline("restore")
    if restore is not None and restore.state == "breached" and complaint.tier != "critical":
        return Escalation("critical", "supply not restored within the restore clock")
    reply = complaint.deadline("reply")
    if reply is not None and reply.state == "breached" and complaint.tier == "routine":
        return Escalation("priority", "no reply within the reply clock")
    return None


@hookimpl
def report_section(org: Org, store: Any, period: Period) -> ReportSection:
    return report.section(org, store, period)


@hookimpl
def register_demos(register: Callable[[Any], None]) -> None:
    from tousu.demo import Demo
    from tousu_utilities.demo import run

    register(Demo(domain="utilities", title="水电服务投诉 · City Water & Power", run=run, language="en", order=40))
