"""``act ID pause --note REASON`` and ``act ID resume``: clocks that wait for someone else stop.

A domain marks which of its clocks may pause (`DomainSpec.pausable`: waiting for the
complainant's documents, a third party's inspection) and who may pause them
(`DomainSpec.pause_roles`, or ``orgs.ID.clocks.pause_roles``). A pause needs a reason. It
holds its clocks at most ``orgs.ID.clocks.max_pause``: the pause event already moves each
clock's due time to where that cap would put it, so a forgotten pause ends by itself and
``sweep`` needs no special case. ``resume`` moves each clock to where the time actually
paused puts it, in the clock's own units (calendar time, or the working time that was left).
"""

from __future__ import annotations

from datetime import datetime

from tousu.calendars.deadlines import open_pause, pause_cap, shifted
from tousu.errors import InputError, Refused
from tousu.models import Action, Complaint, DomainSpec, Org, Staff
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


def refuse_extending_paused(complaint: Complaint, name: str) -> None:
    """An extension of a paused clock would be undone by its resume: resume first."""
    deadline = complaint.deadline(name)
    if deadline is not None and open_pause(deadline) is not None:
        raise Refused(f"deadline {name!r} of {complaint.id} is paused; resume it before extending it")
