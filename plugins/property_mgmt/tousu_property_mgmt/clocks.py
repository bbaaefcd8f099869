"""The SOP's clocks (处理时效, SOP 1.3, 1.5, 1.6, 1.9, 1.10), computed to the minute.

Clocks are exact calendar time by default: the property desk works every day. A limit
written in working units (``resolve_important = "3wd"``) runs on the organization's calendar,
and ``forward_clock = "business_hours"`` counts the forwarding clock in working hours (a call
at 23:00 is forwarded within 10 minutes of the next opening). Clocks tied to the receipt (``forward``, ``stop_harm``, the one-month timer)
always count from the receipt time T; clocks that depend on the tier count from ``now``,
which is T at intake and the moment of the change when the tier is raised later ("a
complaint escalated to major gets the major deadlines from that moment").
"""

from __future__ import annotations

from datetime import datetime

from tousu import Complaint, DeadlineSpec, Org
from tousu.calendars.deadlines import clock
from tousu.facts import fact_instant
from tousu.timeutil import add_months, end_of_day
from tousu_property_mgmt.domain import ONE_MONTH, SERIOUS
from tousu_property_mgmt.settings import PropertySettings


def requested_by(complaint: Complaint, org: Org) -> datetime | None:
    """The resident's own deadline (``--field requested_by=ISO``), if the form gives one."""
    return fact_instant(dict(complaint.fields), "requested_by", org.tz)


def complaint_clocks(complaint: Complaint, org: Org, settings: PropertySettings, now: datetime) -> list[DeadlineSpec]:
    """Every clock a complaint of this tier and urgency runs, as of `now`."""
    received = complaint.received_at
    tier = complaint.tier
    specs: list[DeadlineSpec] = []
    if complaint.urgent:
        specs.append(DeadlineSpec("stop_harm", received + settings.stop_harm, met_by=("stop_harm",)))
    rule = f"property_mgmt, {tier}"
    business_hours = settings.forward_clock == "business_hours"
    specs.append(clock(org, "forward", received, settings.forward, met_by=("sign",), business_hours=business_hours, rule=rule))
    if tier in SERIOUS:
        specs.append(DeadlineSpec("report_to_management", end_of_day(now, org.tz), met_by=("report",)))
    if tier == "major":
        specs.append(clock(org, "reply", now, settings.reply_major, met_by=("reply",), rule=rule))
    specs.append(_resolve(complaint, org, settings, now, rule))
    if tier != "major":
        months = settings.escalate_after_months
        specs.append(DeadlineSpec(ONE_MONTH, add_months(received, months, org.tz), met_by=("resolve",), kind="timer"))
    return specs


def _resolve(complaint: Complaint, org: Org, settings: PropertySettings, now: datetime, rule: str) -> DeadlineSpec:
    """Minor: the resident's own deadline when the form gives one, else T + 2 days (SOP 1.10.1)."""
    if complaint.tier == "minor":
        asked = requested_by(complaint, org)
        if asked is not None:
            return DeadlineSpec("resolve", asked, met_by=("resolve",), rule="property_mgmt, minor: the resident's own deadline")
    return clock(org, "resolve", now, settings.resolve_within(complaint.tier), met_by=("resolve",), rule=rule)


def reopened(complaint: Complaint, org: Org, settings: PropertySettings, now: datetime) -> list[DeadlineSpec]:
    """A reopened complaint (回访不满意, not settled after all) is back on the clock.

    It is handled again within its tier's limit from the reopening (a major one also owes the
    resident a fresh clear answer); the one-month escalation still counts from the receipt
    (SOP 1.1.1 c: "在一个月内得不到合理解决"), so a complaint reopened after a month is
    raised to major by the next sweep. Clocks still running keep their due time.
    """
    tier = complaint.tier
    rule = f"property_mgmt, {tier}, reopened"
    specs = [clock(org, "resolve", now, settings.resolve_within(tier), met_by=("resolve",), rule=rule)]
    if tier == "major":
        specs.append(clock(org, "reply", now, settings.reply_major, met_by=("reply",), rule=rule))
    else:
        months = settings.escalate_after_months
        due = add_months(complaint.received_at, months, org.tz)
        specs.append(DeadlineSpec(ONE_MONTH, due, met_by=("resolve",), kind="timer"))
    out = []
    for spec in specs:
        current = complaint.deadline(spec.name)
        if current is None or current.met_at is not None or current.state == "cancelled":
            out.append(spec)
    return out


def notify_clock(org: Org, now: datetime) -> DeadlineSpec:
    """The resident is told the result the same day the department reports it resolved (SOP 1.5)."""
    return DeadlineSpec("notify", end_of_day(now, org.tz), met_by=("notify",), start=now, rule="property_mgmt, 1.5: the same day")


def after_resolve_clocks(org: Org, now: datetime) -> tuple[DeadlineSpec, ...]:
    """The same-day duties once the department reports it done (SOP 1.4.1, 1.5).

    The receptionist reports to the public-affairs supervisor and tells the resident the
    result; the department hands the completed form back to the service center — each by
    the end of that day, each its own clock.
    """
    today = end_of_day(now, org.tz)
    return (
        DeadlineSpec("report_to_supervisor", today, met_by=("report_to_supervisor",), start=now,
                     rule="property_mgmt, 1.5: the same day"),
        notify_clock(org, now),
        DeadlineSpec("return_form", today, met_by=("return_form",), start=now, rule="property_mgmt, 1.4.1: the same day"),
    )


def callback_clock(settings: PropertySettings, now: datetime, org: Org | None = None) -> DeadlineSpec:
    """The patrol team calls back within the `callback` setting after the resident was told (SOP 1.6)."""
    if org is None:
        return DeadlineSpec("callback", now + settings.callback, met_by=("callback",))
    return clock(org, "callback", now, settings.callback, met_by=("callback",), rule="property_mgmt, callback")
