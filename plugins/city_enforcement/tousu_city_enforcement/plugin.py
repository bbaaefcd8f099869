"""Hook implementations of the city-enforcement domain: thin calls into the rule modules.

`intake` (kinds, categories, routing), `limits` (clocks and dragging on), `answers` (every
case answered), `repeats` (repeat petitions), `report` (the center's figures) and `demo`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import tousu_city_enforcement.messages  # noqa: F401 - registers the rules' texts in zh and en
from tousu import (
    Action,
    Classification,
    Complaint,
    DeadlineSpec,
    DomainSpec,
    Effects,
    Escalation,
    EscalationWatch,
    FollowUp,
    Org,
    Period,
    ReportSection,
    hookimpl,
)
from tousu.errors import InputError
from tousu.facts import fact_str
from tousu.lifecycle import BEFORE_RESOLVED
from tousu_city_enforcement import intake, limits, repeats, report
from tousu_city_enforcement.answers import exit_answer, refuse_unanswered_close
from tousu_city_enforcement.settings import CityEnforcementSettings, validate
from tousu_city_enforcement.vocabulary import (
    ACKNOWLEDGE,
    CALLERS,
    CATEGORIES,
    CHANNELS,
    DEFAULT_CATEGORY,
    DESIGNATE,
    DOMAIN,
    EXITS,
    LABELS,
    NORMAL,
    PLUGIN,
    REPLY,
    RESOLVE,
    ROLES,
    TIERS,
    TITLES,
)


@hookimpl
def register_domains(register: Callable[[DomainSpec], None]) -> None:
    register(
        DomainSpec(
            name=DOMAIN,
            plugin=PLUGIN,
            title=f"{TITLES['zh']} / {TITLES['en']}",
            channels=CHANNELS,
            categories=CATEGORIES,
            tiers=TIERS,
            default_tier=NORMAL,
            default_category=DEFAULT_CATEGORY,
            deadlines=(ACKNOWLEDGE, REPLY, RESOLVE, DESIGNATE),
            roles=ROLES,
            # the source's other word for the front-line receptionist (接待员, DOMAIN.md §0): a city
            # desk kept accepting it when it left the core's roles
            accepted_roles=("clerk",),
            callers=CALLERS,
            labels=LABELS,
            settings_class=CityEnforcementSettings,
            settings_validator=validate,
            # every case answered (件件有答复): told to the petitioner through the outbox
            tell=("intake", "reply", "notify", "transfer", "invalid", "extend"),
            public_deadlines=(REPLY, RESOLVE),
            pausable=(REPLY, RESOLVE),
            pause_roles=("squadron_leader", "supervisor", "manager", "general_manager"),
            # who may (tousu.permissions; [orgs.X.permissions] changes it): the complaint center
            # receives, answers (a consultation on the spot) and sends the form on; the squadron
            # or department concerned signs for it
            permissions={"sign": ("squadron_leader", "department_head", "supervisor", "manager", "general_manager")},
        )
    )


@hookimpl
def complaint_classify(complaint: Complaint, org: Org, facts: dict[str, Any]) -> Classification:
    return intake.classify(complaint, facts, org.language)


@hookimpl
def complaint_deadlines(complaint: Complaint, org: Org, settings: CityEnforcementSettings) -> list[DeadlineSpec]:
    return limits.deadlines(complaint, org, settings)


@hookimpl
def complaint_check_action(complaint: Complaint, action: Action, facts: dict[str, Any], store: Any) -> str | None:
    if action.name == "intake" and "transfer_to" in facts and not (fact_str(facts, "transfer_to") or "").strip():
        raise InputError("--field transfer_to=AGENCY: name the agency the case is transferred to")
    if action.name == "close":
        return refuse_unanswered_close(complaint, store)
    return None


@hookimpl
def complaint_after_action(
    complaint: Complaint,
    org: Org,
    settings: CityEnforcementSettings,
    action: Action,
    facts: dict[str, Any],
    store: Any,
    now: datetime,
) -> Effects | None:
    if action.name in EXITS:
        return exit_answer(action.name, action.to, action.note, org.language)
    if action.name == "intake":
        return _after_intake(complaint, settings, facts, store)
    if action.name == "reopen":
        return Effects(deadlines=tuple(limits.reopened(complaint, org, settings, now)))
    if action.name == "reply" and intake.is_consultation(complaint) and settings.close_consultation_on_reply:
        return _consultation_answered(complaint)
    return None


def _after_intake(
    complaint: Complaint, settings: CityEnforcementSettings, facts: dict[str, Any], store: Any
) -> Effects:
    """Record the kind, route a complaint to its squadron, link repeats, transfer out if asked.

    A case transferred out at intake is not routed: no squadron of the bureau handles it.
    """
    fields: dict[str, Any] = {"kind": intake.kind_from_facts(facts)}
    agency = (fact_str(facts, "transfer_to") or "").strip()
    department = None
    routed = None if agency or intake.is_consultation(complaint) else intake.route(complaint, settings)
    if routed is not None:
        department, fields["routed_by"] = routed
    repeat = repeats.repeat_effects(complaint, store, settings.repeat_window)
    return Effects(
        fields={**fields, **(dict(repeat.fields) if repeat else {})},
        department=department,
        links=repeat.links if repeat else (),
        flags=repeat.flags if repeat else (),
        follow_ups=(FollowUp("transfer", to=agency, note=f"transfer_to={agency} at intake"),) if agency else (),
    )


def _consultation_answered(complaint: Complaint) -> Effects:
    """A consultation is done when answered: resolve it (if not yet) and close it."""
    steps = [FollowUp("resolve")] if complaint.status in BEFORE_RESOLVED else []
    if complaint.status in (*BEFORE_RESOLVED, "resolved"):
        steps.append(FollowUp("close"))
    return Effects(follow_ups=tuple(steps))


@hookimpl
def complaint_escalate(complaint: Complaint, org: Org) -> Escalation | None:
    if intake.is_consultation(complaint):
        return None
    return limits.drag_on(complaint, org.tz, org.language)


@hookimpl
def complaint_escalation_watch() -> EscalationWatch:
    """Only the resolve limit's breach makes a case drag on (`limits.drag_on`)."""
    return EscalationWatch(clocks=(RESOLVE,))


@hookimpl
def report_section(org: Org, store: Any, period: Period) -> ReportSection:
    return report.section(org, store, period)


@hookimpl
def register_demos(register: Callable[[Any], None]) -> None:
    from tousu_city_enforcement.demo import demo

    register(demo())

