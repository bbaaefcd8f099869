"""Classification, deadlines, required steps and escalation of a retail complaint.

Each decision says which rule made it, in the source's own numbering (2-1 … 2-7), so that the
history explains why a complaint is major and why it got the clocks it has.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tousu import Classification, Complaint, DeadlineSpec, Escalation
from tousu.errors import InputError
from tousu.facts import fact_amount, fact_bool, fact_str
from tousu_retail.domain import (
    AGENCY_CHANNELS,
    CATEGORY_CLAUSE,
    CATEGORY_STEPS,
    CATEGORY_TIER,
    IMPROVEMENT_STEPS,
    MAJOR_TIERS,
    OUTSIDE_CATEGORIES,
    PUBLISHED_STEPS,
    TIERS,
    UNDERLYING_CATEGORIES,
)
from tousu_retail.settings import RetailSettings, yuan

#: The money fact that decides whether 2-1 / 2-3 reach the ¥500 of a major complaint.
THRESHOLD_FACT = {"excessive_demand": "cost", "property_damage": "loss"}


def _higher(a: str, b: str) -> str:
    return a if TIERS.index(a) >= TIERS.index(b) else b


def classify(complaint: Complaint, settings: RetailSettings, facts: dict[str, Any]) -> Classification:
    """Choose tier and category: the category sets the least tier, the intake may only raise it."""
    given_tier = complaint.tier
    category = complaint.category
    reasons: list[str] = []
    if category is None:
        if complaint.channel in AGENCY_CHANNELS or complaint.channel == "media":
            category = "regulator_or_media_referral"
            reasons.append(f"channel {complaint.channel}: referred by an agency or the media (2-5)")
        else:
            category = "general"
    underlying(facts, category)  # a wrong --field underlying is an input error at intake
    tier = CATEGORY_TIER[category]
    threshold_fact = THRESHOLD_FACT.get(category)
    amount = fact_amount(facts, threshold_fact) if threshold_fact else None
    if amount is not None and amount < settings.major_loss_threshold:
        reasons.append(
            f"{category} ({CATEGORY_CLAUSE[category]}) needs {threshold_fact} ≥ {yuan(settings.major_loss_threshold)}, "
            f"got {yuan(amount)}: an ordinary complaint for a department (level2)"
        )
        category, tier = "general", "level2"
    elif category in CATEGORY_CLAUSE and not reasons:
        reasons.append(f"category {category} ({CATEGORY_CLAUSE[category]}) is {tier}")
    elif category == "general":
        reasons.append("ordinary complaint (general)")
    if complaint.channel == "escalation":
        tier = _higher(tier, "level4")
        reasons.append("channel escalation: 三级投诉未及时处理的升级事件 (level4)")
    if given_tier is not None and TIERS.index(given_tier) > TIERS.index(tier):
        reasons.append(f"raised to {given_tier} at intake")
        tier = given_tier
    elif given_tier is not None and given_tier != tier:
        reasons.append(f"--tier {given_tier} is below what the rule requires ({tier})")
    return Classification(tier=tier, category=category, reason="; ".join(reasons))


def underlying(facts: dict[str, Any], category: str | None) -> str | None:
    """The category an outside complaint (2-5 … 2-7) rests on: ``--field underlying=personal_injury``."""
    value = fact_str(facts, "underlying")
    if value is None or category not in OUTSIDE_CATEGORIES:
        return None
    if value not in UNDERLYING_CATEGORIES:
        raise InputError(f"--field underlying={value}: expected one of {', '.join(UNDERLYING_CATEGORIES)}")
    return value


def procedure_categories(complaint: Complaint) -> tuple[str, ...]:
    """The categories whose procedure applies: the complaint's own, and what it rests on."""
    own = complaint.category or "general"
    base = underlying(dict(complaint.fields), own)
    return (own, base) if base else (own,)


def required_steps(complaint: Complaint) -> list[str]:
    """The steps a complaint must complete before it can close (DOMAIN §1.3)."""
    steps: list[str] = []
    if complaint.channel in AGENCY_CHANNELS:
        steps.append("acknowledge_agency")
    if complaint.urgent:
        steps.append("stop_harm")
    for category in procedure_categories(complaint):
        steps.extend(CATEGORY_STEPS[category])
    if published(complaint):
        steps.extend(PUBLISHED_STEPS)
    steps.extend(improvement_steps(complaint))
    return list(dict.fromkeys(steps))


def published(complaint: Complaint) -> bool:
    """2-6 ③: a media-exposure complaint whose story is already out (``--field published=true``)."""
    return "media_exposure" in procedure_categories(complaint) and bool(
        fact_bool(dict(complaint.fields), "published", False)
    )


def improvement_steps(complaint: Complaint) -> tuple[str, ...]:
    """四 内部改进: a major complaint closes only after the internal check and the corrective action."""
    return IMPROVEMENT_STEPS if complaint.tier in MAJOR_TIERS else ()


def deadlines(complaint: Complaint, settings: RetailSettings, now: datetime) -> list[DeadlineSpec]:
    """The clocks of a complaint, from its tier, category, channel and urgency.

    A clock the complaint does not have yet runs from ``now`` (receipt at intake, the change
    later); one it already has only ever moves earlier, never later; one already met or
    breached is left alone so that its record stands.
    """
    wanted: list[tuple[str, timedelta, tuple[str, ...]]] = []
    tier = complaint.tier or "level1"
    if tier in settings.reply_within:
        wanted.append(("reply", settings.reply_within[tier], ("reply",)))
    if tier in settings.resolve_within:
        wanted.append(("resolve", settings.resolve_within[tier], ("resolve",)))
    if {"personal_injury", "property_damage"} & set(procedure_categories(complaint)):
        wanted.append(("plan", settings.plan_within, ("step:resolution_plan",)))
    if complaint.channel in AGENCY_CHANNELS:
        wanted.append(("acknowledge_agency", settings.acknowledge_agency_within, ("step:acknowledge_agency",)))
    if complaint.urgent:
        wanted.append(("stop_harm", settings.stop_harm_within, ("step:stop_harm",)))
    if published(complaint):
        wanted.append(("media_response", settings.media_response_within, ("step:report_to_general_manager",)))
    specs = []
    for name, within, met_by in wanted:
        current = complaint.deadline(name)
        due = now + within
        if current is not None:
            if current.met_at is not None or current.state != "pending":
                continue
            due = min(due, current.due_at)
        specs.append(DeadlineSpec(name, due, met_by=met_by))
    return specs


def reopened(complaint: Complaint, settings: RetailSettings, now: datetime) -> list[DeadlineSpec]:
    """A reopened complaint is back on the clock: a fresh answer and resolution, from the reopening.

    The tier's ``reply`` and ``resolve`` limits run again from `now`; a plan already given
    (2-2, 2-3) stays given — the customer is answered and the matter handled again.
    """
    tier = complaint.tier or "level1"
    specs = []
    for name, table in (("reply", settings.reply_within), ("resolve", settings.resolve_within)):
        current = complaint.deadline(name)
        still_running = current is not None and current.met_at is None and current.state != "cancelled"
        if tier in table and not still_running:  # a clock still running keeps its due time
            specs.append(DeadlineSpec(name, now + table[tier], met_by=(name,)))
    return specs


def escalate(complaint: Complaint, settings: RetailSettings) -> Escalation | None:
    """三级投诉未及时处理的升级事件: a level3 complaint whose deadline ran out becomes level4."""
    if not settings.escalate_level3_on_breach or complaint.tier != "level3":
        return None
    breached = [d.name for d in complaint.deadlines if d.kind == "deadline" and d.state == "breached"]
    if not breached:
        return None
    return Escalation(
        tier="level4",
        rule=f"level3 not handled in time (三级投诉未及时处理的升级事件): deadline {', '.join(breached)} breached",
    )
