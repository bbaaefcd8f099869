"""Hook implementations of the retail domain: thin adapters over the rule modules.

Entry point ``retail = "tousu_retail.plugin"``. Each hook hands its arguments to the module
that owns the rule (`rules`, `procedure`, `compensation`, `report`, `delisting`, `sales`),
so this file reads as the index of what the plugin does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import tousu_retail.messages  # noqa: F401 - registers the rules' texts in zh and en
from tousu import (
    Action,
    Classification,
    Compensation,
    Complaint,
    DeadlineSpec,
    DomainSpec,
    Effects,
    Escalation,
    EscalationWatch,
    Org,
    Period,
    ReportSection,
    Staff,
    hookimpl,
)
from tousu_retail import compensation, procedure, rules
from tousu_retail.domain import domain_spec
from tousu_retail.settings import RetailSettings, validate


@hookimpl
def register_domains(register: Callable[[DomainSpec], None]) -> None:
    register(domain_spec(RetailSettings, validate))


@hookimpl
def register_migrations(register: Callable[[str, Callable[[Any], None]], None]) -> None:
    from tousu_retail.sales import SCHEMA

    register("0001-retail-sales", SCHEMA)


@hookimpl
def register_commands(cli: Any) -> None:
    from tousu_retail.commands import retail

    cli.add_command(retail)


@hookimpl
def register_demos(register: Callable[[Any], None]) -> None:
    from tousu_retail.demo import demo

    register(demo())


@hookimpl
def complaint_classify(
    complaint: Complaint, settings: RetailSettings, facts: dict[str, Any]
) -> Classification | None:
    return rules.classify(complaint, settings, facts)


@hookimpl
def complaint_deadlines(complaint: Complaint, settings: RetailSettings, now: datetime) -> list[DeadlineSpec]:
    return rules.deadlines(complaint, settings, now)


@hookimpl
def complaint_check_action(
    complaint: Complaint,
    org: Org,
    settings: RetailSettings,
    actor: Staff,
    action: Action,
    facts: dict[str, Any],
    store: Any,
) -> str | None:
    return procedure.check(complaint, org, settings, actor, action, facts, lambda: store.events(complaint.id))


@hookimpl
def complaint_after_action(
    complaint: Complaint,
    org: Org,
    settings: RetailSettings,
    actor: Staff,
    action: Action,
    facts: dict[str, Any],
    store: Any,
    now: datetime,
) -> Effects | None:
    events = store.events(complaint.id) if action.name in ("settle", "approve", "void") else []
    return procedure.effects(complaint, org, settings, actor, action, facts, events, now)


@hookimpl
def complaint_escalate(complaint: Complaint, settings: RetailSettings) -> Escalation | None:
    return rules.escalate(complaint, settings)


@hookimpl
def complaint_escalation_watch() -> EscalationWatch:
    """Only a level3 complaint with a breached deadline is raised (`rules.escalate`)."""
    return EscalationWatch(tiers=("level3",))


@hookimpl
def complaint_compensation(
    complaint: Complaint, settings: RetailSettings, actor: Staff, facts: dict[str, Any]
) -> Compensation | None:
    return compensation.compute(complaint, settings, actor, facts)


@hookimpl
def report_section(
    org: Org, settings: RetailSettings, store: Any, period: Period, now: datetime
) -> ReportSection | None:
    from tousu_retail.report import section

    return section(store, org, settings, period, min(now, period.end))
