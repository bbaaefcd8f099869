"""The utilities rules as plain functions of a complaint, its facts and the settings.

The hook implementations in `tousu_utilities.plugin` only adapt these to the hook contract,
so each rule can be read (and tested) on its own.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from tousu import Classification, Complaint, DeadlineSpec
from tousu.errors import InputError
from tousu.facts import fact_amount, fact_bool, fact_int, fact_str
from tousu_utilities.domain import METER_RESULTS, TIERS, UtilitiesSettings


def classify(complaint: Complaint, facts: dict[str, Any], settings: UtilitiesSettings) -> Classification:
    """Tier from the category and its facts; a regulator's referral is at least priority.

    A tier the desk gave at intake (``--tier``) is kept when it is more severe than the rule's.
    """
    category = complaint.category or "general"
    tier, reason = _by_category(category, facts, settings)
    if complaint.channel == "regulator" and TIERS.index(tier) < TIERS.index("priority"):
        tier, reason = "priority", "referred by the regulator: at least priority"
    if complaint.tier in TIERS and TIERS.index(complaint.tier) > TIERS.index(tier):
        tier, reason = complaint.tier, f"as given at intake (the rule said {tier}: {reason})"
    return Classification(tier, category, reason)


def _by_category(category: str, facts: dict[str, Any], settings: UtilitiesSettings) -> tuple[str, str]:
    if category == "outage":
        households = fact_int(facts, "households", 1, low=1, high=10_000_000) or 1
        if fact_bool(facts, "medical_equipment", False):
            return "critical", "outage: a customer relies on medical equipment"
        if households >= settings.critical_households:
            return "critical", f"outage: {households} households cut off (critical from {settings.critical_households})"
        return "priority", f"outage: {households} household(s) cut off"
    if category == "billing_dispute":
        amount = fact_amount(facts, "disputed_amount", Decimal("0")) or Decimal("0")
        if amount >= settings.priority_dispute_amount:
            return "priority", f"billing dispute of {amount} (priority from {settings.priority_dispute_amount})"
        return "routine", f"billing dispute of {amount}"
    if category == "meter_fault":
        return "routine", "meter fault: tested on site within the meter-test clock"
    return "routine", "general service complaint"


def deadlines(complaint: Complaint, settings: UtilitiesSettings) -> list[DeadlineSpec]:
    """Clocks run from receipt: a reclassification moves them, it does not restart them.

    A clock that has already run out keeps the due time it was breached at, so that an
    escalation caused by the breach does not rewrite when the breach happened.
    """
    return [_keep_breached(complaint, spec) for spec in _clocks(complaint, settings)]


def _keep_breached(complaint: Complaint, spec: DeadlineSpec) -> DeadlineSpec:
    current = complaint.deadline(spec.name)
    if current is not None and current.state == "breached":
        return DeadlineSpec(spec.name, current.due_at, spec.met_by, spec.kind)
    return spec


def _clocks(complaint: Complaint, settings: UtilitiesSettings) -> list[DeadlineSpec]:
    received = complaint.received_at
    reply_within = {
        "routine": settings.reply_routine,
        "priority": settings.reply_priority,
        "critical": settings.reply_critical,
    }[complaint.tier or "routine"]
    specs = [DeadlineSpec("reply", received + reply_within, ("reply",))]
    if complaint.category == "outage":
        restore_within = settings.restore_critical if complaint.tier == "critical" else settings.restore_priority
        specs.append(DeadlineSpec("restore", received + restore_within, ("restore",)))
    if complaint.category == "meter_fault":
        specs.append(DeadlineSpec("meter_test", received + settings.meter_test_within, ("step:meter_test",)))
    return specs


def refusal(complaint: Complaint, action: str, facts: dict[str, Any]) -> str | None:
    """Why an action may not happen now, or None."""
    if action == "restore" and complaint.category != "outage":
        return f"restore applies to outages; {complaint.id} is a {complaint.category} complaint"
    if action == "restore" and complaint.fields.get("restored_at"):
        return f"supply of {complaint.id} was already recorded as restored at {complaint.fields['restored_at']}"
    if action in ("resolve", "close") and complaint.category == "outage" and not complaint.fields.get("restored_at"):
        return f"cannot {action} {complaint.id}: supply is not restored yet (record `restore` first)"
    if action == "step" and fact_str(facts, "name") == "meter_test":
        meter_result(facts)  # a missing or unknown result is bad input, not a refusal
    return None


def meter_result(facts: dict[str, Any]) -> str:
    result = fact_str(facts, "result")
    if result not in METER_RESULTS:
        raise InputError(f"step meter_test needs --field result={'|'.join(METER_RESULTS)} (got {result!r})")
    return result


def restored_at(now: datetime) -> str:
    return now.isoformat()
