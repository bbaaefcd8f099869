"""``act ID pause --note REASON`` and ``act ID resume``: clocks that wait for someone else stop.

A domain marks which of its clocks may pause (`DomainSpec.pausable`: waiting for the
complainant's documents, a third party's inspection) and who may pause them
(`DomainSpec.pause_roles`, or ``orgs.ID.clocks.pause_roles``). A pause needs a reason. It
holds its clocks at most ``orgs.ID.clocks.max_pause``: the pause event already moves each
clock's due time to where that cap would put it, so a forgotten pause ends by itself and
``sweep`` needs no special case. ``resume`` moves each clock to where the time actually
paused puts it, in the clock's own units (calendar time, or the working time that was left).

The ``calendars`` default plugin's (`tousu.default_plugins.calendars.plugin`: the parts of a
``pause``'s and a ``resume``'s event); an extension of a paused clock is refused by the App
(`tousu.calendars.deadlines.refuse_extending_paused`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tousu.calendar import parse
from tousu.calendars.deadlines import is_working, open_pause
from tousu.default_plugins.calendars.working import (
    Calendar,
    add,
    add_working_time,
    next_working_moment,
    working_time_between,
)
from tousu.errors import InputError, Refused
from tousu.models import Action, Complaint, Deadline, DomainSpec, Org, Staff
from tousu.payload import ABSENT, Absent, DeadlineOp, DeadlinePause, DeadlineResume
from tousu.timeutil import from_db, show, to_db


def pause_ops(
    complaint: Complaint, org: Org, domain: DomainSpec | None, staff: Staff, action: Action, at: datetime
) -> list[DeadlineOp]:
    """The operations of a pause, or the reason it is refused."""
    reason = (action.note or "").strip()
    if not reason:
        raise InputError("pause needs --note REASON (what the desk is waiting for)")
    pausable = domain.pausable if domain is not None else ()
    if not pausable:
        raise Refused(f"no clock of {complaint.domain} complaints can be paused")
    from tousu.permissions import action_roles

    roles = action_roles(org, domain, "pause")[0] or ()  # [orgs.X.permissions] pause, clocks.pause_roles, the domain's
    if roles and staff.role not in roles and staff.role != "system":
        raise Refused(f"{staff.id} ({staff.role}) may not pause clocks; roles that may: {', '.join(roles)}")
    held = [d for d in complaint.deadlines if open_pause(d) is not None]
    if held:
        since = show(from_db(open_pause(held[0])["at"]), org.tz)  # type: ignore[index]
        raise Refused(f"{complaint.id} is already paused since {since}; resume it first")
    running = [
        d for d in complaint.deadlines
        if d.name in pausable and d.met_at is None and d.state == "pending" and d.due_at > at
    ]
    if not running:
        raise Refused(
            f"{complaint.id} has no running clock that can be paused (pausable: {', '.join(pausable)})"
        )
    cap = pause_cap(org, at)
    ops: list[DeadlineOp] = []
    for d in running:
        record = {
            "at": to_db(at), "by": staff.id, "role": staff.role, "reason": reason, "cap": to_db(cap),
            "due_before": to_db(d.due_at), "until": None,
        }
        if d.warn_at is not None:
            record["warn_before"] = to_db(d.warn_at)
        ops.append(
            DeadlinePause(d.name, record, due_at=to_db(shifted(org.calendar, d.clock, d.due_at, at, cap)), warn_at=None)
        )
    return ops


def resume_ops(complaint: Complaint, org: Org, at: datetime) -> list[DeadlineOp]:
    """The operations of a resume: each held clock moved by the time it was actually paused."""
    ops: list[DeadlineOp] = []
    for d in complaint.deadlines:
        pause = open_pause(d)
        if pause is None:
            continue
        began, cap = from_db(pause["at"]), from_db(pause["cap"])
        if at >= cap:  # the cap already ended it: the clock has been running again since then
            ops.append(DeadlineResume(d.name, until=pause["cap"]))
            continue
        due = shifted(org.calendar, d.clock, from_db(pause["due_before"]), began, at)
        warn_at: str | Absent = ABSENT
        if pause.get("warn_before"):
            warn = from_db(pause["warn_before"])
            warn_at = to_db(shifted(org.calendar, d.clock, warn, began, at) if warn > began else warn)
        ops.append(DeadlineResume(d.name, due_at=to_db(due), warn_at=warn_at))
    if not ops:
        raise Refused(f"{complaint.id} is not paused; nothing to resume")
    return ops


def shifted(cal: Calendar, clock_data: Any, due: datetime, paused_at: datetime, resumed_at: datetime) -> datetime:
    """`due` moved by the time from `paused_at` to `resumed_at`, in the clock's own units.

    Calendar clocks move by the calendar time paused; working clocks keep the working time
    that was left when they paused and spend it from `resumed_at`. A ``Nwd`` clock that
    would then fall due exactly at a closing time falls due at the next opening instead
    (the same instant in working time, and the time of day its receipt rule would give).
    """
    if resumed_at <= paused_at:
        return due
    if not is_working(clock_data):
        return due + (resumed_at - paused_at)
    left = working_time_between(cal, paused_at, due)
    if left <= timedelta(0):
        return due if due > resumed_at else max(due, resumed_at)
    moved = add_working_time(cal, resumed_at, left)
    span = clock_data.get("span", "")
    if span.endswith("wd") and not clock_data.get("eod"):
        moved = next_working_moment(cal, moved)
    return moved


def pause_cap(org: Org, paused_at: datetime) -> datetime:
    """When a pause begun at `paused_at` stops holding its clocks (``orgs.ID.clocks.max_pause``)."""
    return add(org.calendar, paused_at, parse(org.clocks.max_pause, what="max_pause"))


def paused_time(deadline: Deadline, now: datetime | None = None) -> timedelta:
    """How long pauses held `deadline` (each up to its resume, its cap or `now`)."""
    total = timedelta(0)
    for pause in deadline.clock.get("pauses", []) if deadline.clock else []:
        begin, cap = from_db(pause["at"]), from_db(pause["cap"])
        end = from_db(pause["until"]) if pause.get("until") else min(cap, now) if now is not None else cap
        total += max(timedelta(0), min(end, cap) - begin)
    return total
