"""Approvals to go over time (超时需经主管经理/总经理批准, SOP 1.10.1-1.10.2).

The core's ``extend`` records who approved an extension and in which role; this module
decides whether that person may: the manager for a minor complaint, the general manager for
an important or major one, and (a setting, on by default) anyone ranked above the required
role, since a company that lets its manager approve lets its general manager approve too.
"""

from __future__ import annotations

from typing import Any

from tousu import Complaint, Staff
from tousu.errors import Forbidden
from tousu.facts import fact_str
from tousu_property_mgmt.settings import ROLE_RANK, PropertySettings


def may_approve(role: str, required: str, settings: PropertySettings) -> bool:
    """Whether `role` is the required approver, or (when allowed) ranked above it."""
    if role == required:
        return True
    if not settings.higher_role_may_approve or role not in ROLE_RANK or required not in ROLE_RANK:
        return False
    return ROLE_RANK.index(role) > ROLE_RANK.index(required)


def approval_cases(settings: PropertySettings | None, staff_roles: tuple[str, ...] = ()) -> dict[str, dict[str, list[str]]]:
    """Who may approve going over time, tier by tier, as role lists (``tousu plugins --json``)."""
    settings = settings or PropertySettings()
    ranked = [*ROLE_RANK, *(role for role in staff_roles if role not in ROLE_RANK)]
    by_tier = {tier: [role for role in ranked if may_approve(role, settings.approver(tier), settings)]
               for tier in ("minor", "important", "major")}
    return {"extend": by_tier, "approve": by_tier}


def check_extension(complaint: Complaint, actor: Staff, facts: dict[str, Any], settings: PropertySettings) -> str | None:
    """Refuse an extension by anyone but the approver the complaint's tier requires, naming that role."""
    required = settings.approver(complaint.tier)
    if may_approve(actor.role, required, settings):
        return None
    deadline = fact_str(facts, "deadline") or "a deadline"
    source = "SOP 1.10.1" if complaint.tier == "minor" else "SOP 1.10.2"
    # raised rather than returned: the refusal is about who acts (the server answers 403)
    raise Forbidden(
        f"going over time on {deadline} of {complaint.tier} complaint {complaint.id} needs the approval of the "
        f"{required} ({source}); {actor.id} is {actor.role}"
    )
