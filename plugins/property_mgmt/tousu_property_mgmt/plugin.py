"""Hook implementations of the property-management domain: thin calls into the rule modules.

The residents' complaint SOP (《投诉处理标准作业规程》, part 3 of the source text):
`domain` holds its vocabulary, `form` the complaint form and tiers, `clocks` the time limits,
`approvals` who may let a complaint go over time, `rules` the guards and consequences,
`statistics` the monthly section and appraisal, `duties` the statistics-due deadline,
`demo` its part of ``tousu demo``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import tousu_property_mgmt.messages  # noqa: F401 - registers the rules' texts in zh and en
from tousu import (
    Action,
    Classification,
    Complaint,
    DeadlineSpec,
    DomainSpec,
    Effects,
    Escalation,
    EscalationWatch,
    Org,
    OrgDeadline,
    Period,
    ReportSection,
    Staff,
    hookimpl,
)
from tousu_property_mgmt import clocks, duties, form, rules, statistics
from tousu_property_mgmt.domain import ONE_MONTH, domain_spec
from tousu_property_mgmt.settings import PropertySettings


@hookimpl
def register_domains(register: Callable[[DomainSpec], None]) -> None:
    register(domain_spec())


@hookimpl
def register_migrations(register: Callable[[str, Callable[[Any], None]], None]) -> None:
    """The month's complaints kept grouped as the statistics section reads them (issue 20).

    The migration is built when it runs: building it imports the store, which ``tousu --help``
    and every command that opens no database never load (tests/test_cli_start.py)."""

    def received_rollup(db: Any) -> None:
        from tousu import received_rollup
        from tousu_property_mgmt.domain import DOMAIN

        received_rollup(DOMAIN, **statistics.GROUPING)(db)

    register("0001-received-rollup", received_rollup)


@hookimpl
def register_demos(register: Callable[[Any], None]) -> None:
    from tousu_property_mgmt.demo import demo

    register(demo())


@hookimpl
def complaint_classify(complaint: Complaint, settings: PropertySettings, facts: dict[str, Any]) -> Classification | None:
    return form.classify(complaint, facts, settings)


@hookimpl
def complaint_deadlines(complaint: Complaint, org: Org, settings: PropertySettings, now: datetime) -> list[DeadlineSpec]:
    return clocks.complaint_clocks(complaint, org, settings, now)


@hookimpl
def complaint_check_action(
    complaint: Complaint,
    org: Org,
    settings: PropertySettings,
    actor: Staff,
    action: Action,
    facts: dict[str, Any],
    store: Any,
) -> str | None:
    return rules.check(complaint, org, settings, actor, action, facts, store)


@hookimpl
def complaint_after_action(
    complaint: Complaint, org: Org, settings: PropertySettings, action: Action, facts: dict[str, Any], now: datetime
) -> Effects | None:
    return rules.consequences(complaint, org, settings, action, facts, now)


@hookimpl
def complaint_escalate(complaint: Complaint, settings: PropertySettings) -> Escalation | None:
    """SOP 1.1.1 c: a valid complaint not reasonably resolved within one month becomes major."""
    timer = complaint.deadline(ONE_MONTH)
    if complaint.tier == "major" or timer is None or timer.state != "breached" or complaint.status == "resolved":
        return None
    months = settings.escalate_after_months
    span = "one month" if months == 1 else f"{months} months"
    return Escalation("major", f"not resolved within {span} of receipt: a valid complaint becomes major (SOP 1.1.1 c)")


@hookimpl
def complaint_escalation_watch() -> EscalationWatch:
    """Only the one-month timer's breach raises a complaint (`complaint_escalate`)."""
    return EscalationWatch(clocks=(ONE_MONTH,))


@hookimpl
def report_section(org: Org, store: Any, period: Period, now: datetime) -> ReportSection | None:
    return statistics.section(org, store, period, now)


@hookimpl
def report_deadlines(org: Org, settings: PropertySettings, store: Any, now: datetime) -> list[OrgDeadline]:
    return duties.statistics_due(org, settings, store, now)
