"""The center's clocks, and what makes a complaint drag on (久拖不决).

Clocks run from receipt on calendar time: the center is open on rest days and holidays
("不论公休日,节假日"). A limit written in working days (``15wd``, or ``preset = "12345"``)
runs on the organization's calendar instead. A case waiting for the complainant's
documents or another agency may be paused (``act ID pause --note REASON``): its reply and
resolve clocks stop until ``resume``. A complaint gets three (acknowledge, reply,
resolve); a consultation, which asks for no enforcement, gets only a reply. Due times are
computed from the receipt alone, so recomputing them (the core does when the tier changes)
never moves a clock that has already run out.

A complaint whose ``resolve`` limit has run out without resolution drags on: ``sweep``
records the breach and raises it to the ``drag_on`` tier with the rule written down, so it
stands out in ``due`` (its overdue clock sorts above every later one) and in the reports.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from tousu import Complaint, DeadlineSpec, Escalation, Org
from tousu.calendars.deadlines import clock
from tousu.timeutil import end_of_day, show
from tousu_city_enforcement.intake import is_consultation
from tousu_city_enforcement.settings import CityEnforcementSettings
from tousu_city_enforcement.vocabulary import (
    ACKNOWLEDGE,
    DESIGNATE,
    DRAG_ON,
    EXITS,
    REPLY,
    RESOLVE,
    TIERS,
)


def deadlines(complaint: Complaint, org: Org, settings: CityEnforcementSettings) -> list[DeadlineSpec]:
    """The clocks of a case, from its kind, category, channel and receipt.

    A visit (来人来访) not solved on the spot gets a named person who follows it to the end
    (指定专人负责一抓到底) by the end of its first day: the ``designate`` clock, met by ``assign``
    (or by resolving it on the spot).
    """
    received = complaint.received_at
    kind = "consultation" if is_consultation(complaint) else complaint.category or ""
    rule = f"city_enforcement, {kind}"
    if is_consultation(complaint):
        return [clock(org, REPLY, received, settings.consultation_reply_within, met_by=("reply", "notify", *EXITS), rule=rule)]
    acknowledge, reply, resolve = settings.limits(complaint.category)
    specs = [
        clock(org, ACKNOWLEDGE, received, acknowledge, met_by=("acknowledge", "reply", *EXITS), rule=rule),
        clock(org, REPLY, received, reply, met_by=("reply", "notify", *EXITS), rule=rule),
        clock(org, RESOLVE, received, resolve, met_by=("resolve",), rule=rule),
    ]
    if complaint.channel == "visit":
        specs.append(
            DeadlineSpec(DESIGNATE, end_of_day(received, org.tz), met_by=("assign", "resolve"), start=received,
                         rule="city_enforcement, visit: a named person by the end of its first day")
        )
    return specs


def reopened(complaint: Complaint, org: Org, settings: CityEnforcementSettings, now: datetime) -> list[DeadlineSpec]:
    """A reopened case is answered and handled again: its reply and resolve clocks restart now."""
    rule = "city_enforcement, reopened"
    if is_consultation(complaint):
        return [clock(org, REPLY, now, settings.consultation_reply_within, met_by=("reply", "notify", *EXITS), rule=rule)]
    _, reply, resolve = settings.limits(complaint.category)
    return [
        clock(org, REPLY, now, reply, met_by=("reply", "notify", *EXITS), rule=rule),
        clock(org, RESOLVE, now, resolve, met_by=("resolve",), rule=rule),
    ]


def drag_on(complaint: Complaint, tz: tzinfo, language: str) -> Escalation | None:
    """Raise a complaint whose resolve limit ran out unresolved to the ``drag_on`` tier."""
    clock = complaint.deadline(RESOLVE)
    if clock is None or clock.state != "breached" or clock.met_at is not None:
        return None
    if complaint.tier in TIERS and TIERS.index(complaint.tier) >= TIERS.index(DRAG_ON):
        return None
    due = show(clock.due_at, tz)
    if language == "zh":
        rule = f"久拖不决：处理时限 {due} 已过仍未处理完毕"
    else:
        rule = f"dragging on: the resolve limit {due} passed without resolution"
    return Escalation(tier=DRAG_ON, rule=rule)

