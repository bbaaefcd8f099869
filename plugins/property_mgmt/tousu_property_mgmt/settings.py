"""The property desk's settings: every time limit of the SOP, with the source's numbers as defaults.

An organization overrides any of them under ``[orgs.ID.settings.property_mgmt]`` in
``tousu.toml`` (durations as ``"10m"``, ``"2d"``). The defaults are the numbers of the
《投诉处理标准作业规程》; where the source sets no number (the callback) the default is ours and
documented in ``docs/property_mgmt.md``.
"""

from __future__ import annotations

from datetime import timedelta

import attrs

from tousu.calendar import Duration
from tousu.models import CORE_ROLES

_TEN_MINUTES, _ONE_HOUR = Duration(10, "m"), Duration(1, "h")
_TWO_DAYS, _THREE_DAYS, _TEN_DAYS = Duration(2, "d"), Duration(3, "d"), Duration(10, "d")
#: How the forwarding clock counts: ``calendar`` time, or ``business_hours`` on the org's calendar.
FORWARD_CLOCKS = ("calendar", "business_hours")

#: Roles from least to most authority; a higher role may approve what a lower one may.
ROLE_RANK: tuple[str, ...] = ("patrol_team", "clerk", "receptionist", "department_head", "supervisor", "manager", "general_manager")


#: What ``tousu init`` writes above ``callback``: the length is the desk's choice, not the source's.
CALLBACK_COMMENT = (
    "callback (回访, SOP 1.6): the source sets no time limit; 3 days after the resident is told is this\n"
    "desk's choice. The resident is told the result by the end of the day the department reports it\n"
    "done (当天, SOP 1.5): that day's end is tousu's reading, not a number of the source."
)


@attrs.frozen
class PropertySettings:
    """Time limits, approvers and the statistics day of one property-management company."""

    #: 1.3: the form reaches the department complained about, which signs for it.
    forward: Duration = _TEN_MINUTES
    #: ``"business_hours"``: the forwarding clock runs only in the organization's working hours.
    forward_clock: str = "calendar"
    #: 1.10.1: a minor complaint is handled within 2 days (or by the resident's own deadline).
    resolve_minor: Duration = _TWO_DAYS
    #: 1.10.2: an important complaint is handled within 3 days.
    resolve_important: Duration = _THREE_DAYS
    #: 1.10.3: a major complaint is resolved within 10 days ...
    resolve_major: Duration = _TEN_DAYS
    #: ... and the resident gets a clear answer within 2 days.
    reply_major: Duration = _TWO_DAYS
    #: 1.6: the patrol team calls back after the resident is told the result (the source sets no limit).
    callback: Duration = attrs.field(
        default=_THREE_DAYS,
        metadata={"comment": CALLBACK_COMMENT},
    )
    #: 1.9: harm still in progress is stopped first.
    stop_harm: Duration = _ONE_HOUR
    #: 1.1.1 c: a valid complaint not resolved within this many calendar months becomes major.
    escalate_after_months: int = 1
    #: 1.10.1: who approves going over time on a minor complaint.
    approver_minor: str = "manager"
    #: 1.10.2: ... on an important complaint.
    approver_important: str = "general_manager"
    #: Major complaints: the source names no approver; the general manager, as for important ones.
    approver_major: str = "general_manager"
    #: Whether a role above the required approver may approve too (a general manager for a minor one).
    higher_role_may_approve: bool = True
    #: 1.6: the month's statistics are due by this day of the month (the last day of a shorter month).
    statistics_due_day: int = attrs.field(
        default=30,
        metadata={"comment": "每月30日前 (SOP 1.6): a month's statistics are due by this day of the FOLLOWING month\n"
                             "(the last day of a shorter month): a month can be counted only once it is over."},
    )
    #: What intake refuses to record without: any of place, respondent, request, contact, complainant,
    #: and "tier" (the receptionist must judge the tier or record the cause). Empty by default so that
    #: a complaint is never lost for a missing detail; the recommended setting lists all but complainant.
    required_fields: list[str] = attrs.field(factory=list)

    def approver(self, tier: str | None) -> str:
        """The role whose approval a deadline of a complaint of `tier` needs to go over time."""
        return {"minor": self.approver_minor, "important": self.approver_important}.get(tier or "", self.approver_major)

    def resolve_within(self, tier: str | None) -> timedelta:
        return {"minor": self.resolve_minor, "important": self.resolve_important}.get(tier or "", self.resolve_major)


FORM_FIELDS = ("place", "respondent", "request", "contact", "complainant", "tier")
RECOMMENDED_REQUIRED = ["place", "respondent", "request", "contact", "tier"]


def validate(settings: PropertySettings) -> None:
    """Reject settings that would make the SOP meaningless; the message names the key."""
    for name in ("forward", "resolve_minor", "resolve_important", "resolve_major", "reply_major", "callback", "stop_harm"):
        if getattr(settings, name) <= timedelta(0):
            raise ValueError(f"{name}: a time limit must be longer than zero")
    if settings.forward_clock not in FORWARD_CLOCKS:
        raise ValueError(f"forward_clock: expected one of {', '.join(FORWARD_CLOCKS)}, got {settings.forward_clock!r}")
    if settings.escalate_after_months < 1:
        raise ValueError("escalate_after_months: expected at least 1")
    if not 1 <= settings.statistics_due_day <= 31:
        raise ValueError("statistics_due_day: expected a day of the month from 1 to 31")
    known = set(CORE_ROLES) | set(ROLE_RANK)
    for name in ("approver_minor", "approver_important", "approver_major"):
        role = getattr(settings, name)
        if role not in known:
            raise ValueError(f"{name}: unknown role {role!r} (roles: {', '.join(sorted(known))})")
    for field in settings.required_fields:
        if field not in FORM_FIELDS:
            raise ValueError(f"required_fields: {field!r} is not a form field (fields: {', '.join(FORM_FIELDS)})")
