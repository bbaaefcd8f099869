"""The resident complaint form (《住户投诉意见表》, SOP 1.2.1) and the tier it leads to (SOP 1.1).

The receptionist records when and where it happened, who or which department is complained
about, what happened, what the resident asks for and how to reach them; the tier is the
receptionist's judgement (``--tier``) or follows from the recorded cause (``--field cause=``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tousu import Classification, Complaint, Org
from tousu.errors import InputError
from tousu.facts import fact_instant, fact_str
from tousu_property_mgmt.domain import CAUSE_TIERS, TIERS
from tousu_property_mgmt.settings import PropertySettings

#: How to fill each form field from the command line.
FIELD_OPTIONS = {
    "place": "--place or --field place=...",
    "respondent": "--respondent",
    "request": "--request",
    "contact": "--contact",
    "complainant": "--complainant",
}
_DEFAULT_RULE = (
    "no tier judged and no cause recorded: minor until someone raises it with escalate (SOP 1.1.3)"
)

_CAUSE_RULES = {
    "facility": "cause=facility: inconvenience from the limits of facilities, equipment or management, "
    "not anyone's fault (SOP 1.1.3) → minor",
    "service_fault": "cause=service_fault: the company's management or service fell short or was at fault "
    "(SOP 1.1.2) → important",
}


def cause(facts: dict[str, Any]) -> str | None:
    """The recorded cause, checked against the causes the SOP defines."""
    value = fact_str(facts, "cause")
    if value is None or value == "":
        return None
    if value not in CAUSE_TIERS:
        raise InputError(f"--field cause={value}: expected one of {', '.join(CAUSE_TIERS)}")
    return value


def classify(complaint: Complaint, facts: dict[str, Any], settings: PropertySettings) -> Classification | None:
    """The tier from the receptionist's judgement, else from the cause, else minor.

    When both are given and disagree, the more severe applies and the reason says why
    (``cause=service_fault`` with ``--tier minor`` is important: a fault is never minor).

    Returns None (no tier: intake is refused) when neither is given and the organization
    lists "tier" in ``required_fields``.
    """
    recorded = cause(facts)
    category = complaint.category or recorded or "general"
    if complaint.tier is not None:
        why = f"judged {complaint.tier} by the receptionist at intake"
        if recorded is not None and CAUSE_TIERS[recorded] != complaint.tier:
            by_cause = CAUSE_TIERS[recorded]
            if TIERS.index(by_cause) > TIERS.index(complaint.tier):
                # tier and cause cannot contradict: the more severe applies
                return Classification(
                    by_cause, category,
                    f"{_CAUSE_RULES[recorded]}; --tier {complaint.tier} at intake is below what the recorded cause "
                    f"requires, so the more severe tier applies",
                )
            why += f" (the recorded cause {recorded} alone would make it {by_cause})"
        return Classification(complaint.tier, category, why)
    if recorded is not None:
        return Classification(CAUSE_TIERS[recorded], category, _CAUSE_RULES[recorded])
    if "tier" in settings.required_fields:
        return None
    return Classification("minor", category, _DEFAULT_RULE)


def event_at(complaint: Complaint, org: Org) -> datetime:
    """When it happened (``--field event_at=ISO``); the receipt time when the form leaves it out."""
    return fact_instant(dict(complaint.fields), "event_at", org.tz) or complaint.received_at


def check_form(complaint: Complaint, org: Org, settings: PropertySettings) -> str | None:
    """Refuse an incomplete form or an unclassified complaint, naming what is missing.

    Malformed or impossible times (an event after its receipt, a resident's deadline before
    it) are bad input and raise `InputError`.
    """
    facts = dict(complaint.fields)
    happened = event_at(complaint, org)
    if happened > complaint.received_at:
        raise InputError(
            f"--field event_at={facts.get('event_at')}: the event cannot happen after the complaint was received "
            f"({complaint.received_at.astimezone(org.tz).isoformat()})"
        )
    asked = fact_instant(facts, "requested_by", org.tz)
    if asked is not None and asked <= complaint.received_at:
        raise InputError(
            f"--field requested_by={facts.get('requested_by')}: the resident's deadline must be after the receipt time "
            f"({complaint.received_at.astimezone(org.tz).isoformat()})"
        )
    required = [name for name in settings.required_fields if name in FIELD_OPTIONS]
    missing = [name for name in required if not str(getattr(complaint, name) or "").strip()]
    if missing:
        named = "; ".join(f"{name} ({FIELD_OPTIONS[name]})" for name in missing)
        return f"the resident complaint form (住户投诉意见表) is incomplete: missing {named}"
    if complaint.tier is None:
        return (
            f"a property complaint needs its tier: --tier {'|'.join(TIERS)}, "
            f"or the cause: --field cause={'|'.join(CAUSE_TIERS)}"
        )
    return None
