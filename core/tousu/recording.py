"""What the App records: the non-staff actors, and the pieces of an event's payload.

Pure functions (no store, no hooks), building `tousu.payload` classes: the action's input as recorded, the deadline operations
an action performs and the effects a plugin returned as event data (`Payload.merged` joins them); `tousu.app`
and its helpers (`tousu.app_actions`, `tousu.app_clocks`) build every event from these.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tousu.calendars.deadlines import op_fields as clock_fields
from tousu.calendars.deadlines import open_pause
from tousu.errors import InputError
from tousu.models import (
    Action,
    Complaint,
    DeadlineSpec,
    Effects,
    Org,
    Staff,
)
from tousu.payload import (
    ABSENT,
    DeadlineAdd,
    DeadlineCancel,
    DeadlineMet,
    DeadlineMove,
    DeadlineOp,
    Flag,
    Input,
    LinkAdd,
    Payload,
    Set,
    StepAdd,
    StepDrop,
    StepOp,
)
from tousu.store_surface import StoreSurface
from tousu.timeutil import to_db

SYSTEM = Staff("system", "system")
#: The complainant acting through a public door (the form, the status page, mail in): not staff.
PUBLIC = Staff("public", "public")
#: What a complainant may record themselves: a complaint, information on it, their verdict.
PUBLIC_ACTIONS = frozenset({"intake", "inform", "callback"})


# -- helpers --------------------------------------------------------------------------


def _month(at: datetime, org: Org) -> str:
    """``YYYY-MM`` of `at` in the org's zone (what ``complaints.month`` holds); cheaper than strftime."""
    local = at.astimezone(org.tz)
    return f"{local.year:04d}-{local.month:02d}"


def _one_of(what: str, value: str, allowed: tuple[str, ...]) -> None:
    if allowed and value not in allowed:
        raise InputError(f"{what} {value!r} is not one of: {', '.join(allowed)}")


def _input(action: Action, facts: dict[str, Any]) -> Input:
    return Input(
        to=action.to if action.to else ABSENT,
        note=action.note if action.note else ABSENT,
        fields=_jsonable(facts) if facts else ABSENT,
    )


def _jsonable(facts: dict[str, Any]) -> dict[str, Any]:
    """Facts as stored in an event: TOML's dates and decimals become their text."""

    def plain(value: Any) -> Any:
        if value is None or isinstance(value, str | int | bool | float):
            return value
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        return value.isoformat() if hasattr(value, "isoformat") else str(value)

    return {str(k): plain(v) for k, v in facts.items()}


def _met_by_action(complaint: Complaint, action: Action, facts: dict[str, Any]) -> list[str]:
    tokens = {action.name}
    if action.name == "step" and facts.get("name"):
        tokens.add(f"step:{facts['name']}")
    return [
        d.name
        for d in complaint.deadlines
        if d.met_at is None and d.state != "cancelled" and tokens.intersection(d.met_by)
    ]


def _deadline_ops(
    complaint: Complaint, specs: list[DeadlineSpec], org: Org, at: datetime, *, renew_met: bool = False
) -> list[DeadlineOp]:
    """Operations that bring the complaint's clocks in line with `specs` (add new, move open).

    With `renew_met` (a rule starting a clock as a consequence of an action, e.g. "notify the
    resident the day it is resolved" after a reopened complaint is resolved again), a clock
    of that name that was already met starts afresh; the earlier one stays in the history.
    """
    ops: list[DeadlineOp] = []
    seen: set[str] = set()
    for spec in specs:
        if spec.name in seen:
            continue
        seen.add(spec.name)
        current = complaint.deadline(spec.name)
        if current is None or current.state == "cancelled" or (renew_met and current.met_at is not None):
            ops.append(
                DeadlineAdd(
                    spec.name, to_db(spec.due_at), list(spec.met_by), spec.kind, **clock_fields(spec, complaint, org, at)
                )
            )
        elif current.met_at is None and current.due_at != spec.due_at and not current.extensions:
            if open_pause(current) is not None:  # a paused clock moves when it resumes, not before
                continue
            ops.append(DeadlineMove(spec.name, to_db(spec.due_at), **clock_fields(spec, complaint, org, at)))
    return ops


def _cancel_unless(complaint: Complaint, specs: list[DeadlineSpec]) -> list[DeadlineOp]:
    """Cancel the pending clocks that `specs` no longer ask for (a lowered tier).

    A clock already breached keeps its breach: lowering a tier never hides a missed deadline.
    """
    wanted = {spec.name for spec in specs}
    return [
        DeadlineCancel(d.name)
        for d in complaint.deadlines
        if d.name not in wanted and d.met_at is None and d.state == "pending"
    ]


def _effects_data(
    complaint: Complaint, effects: list[Effects], store: StoreSurface, org: Org, at: datetime
) -> Payload:
    """The parts of the event that the plugins' effects add (empty when they add nothing)."""
    if not effects:  # no plugin answered (most of a retail desk's intakes): nothing to add
        return _NO_EFFECTS
    data: dict[str, Any] = {}
    steps: list[StepOp] = [StepAdd(s) for s in dict.fromkeys(s for e in effects for s in e.steps if complaint.step(s) is None)]
    dropped = [s for e in effects for s in e.drop_steps if (step := complaint.step(s)) is not None and not step.done]
    steps += [StepDrop(s) for s in dict.fromkeys(dropped)]
    if steps:
        data["steps"] = steps
    ops = _deadline_ops(complaint, [d for e in effects for d in e.deadlines], renew_met=True, org=org, at=at)
    for e in effects:
        for names, op in ((e.meet_deadlines, DeadlineMet), (e.cancel_deadlines, DeadlineCancel)):
            for name in names:  # only a clock still running is met or cancelled
                current = complaint.deadline(name)
                if current is not None and current.met_at is None and current.state != "cancelled":
                    ops.append(op(name))
    if ops:
        data["deadlines"] = ops
    links = []
    for e in effects:
        for link in e.links:
            if store.org_of(link.id) != org.id:  # a rule may only link within its organization
                continue
            if link not in complaint.links:
                links.append(LinkAdd(link.kind, link.id))
    if links:
        data["links"] = links
    flags = [f for e in effects for f in e.flags if f not in complaint.flags]
    if flags:
        data["flags"] = [Flag(f) for f in dict.fromkeys(flags)]
    fields: dict[str, Any] = {}
    for e in effects:
        fields.update(e.fields)
    if fields:
        data["fields"] = fields
    departments = [e.department for e in effects if e.department]
    if departments:
        data["set"] = Set(department=departments[-1])
    return Payload(**data)


#: What no effects add (a frozen value: shared).
_NO_EFFECTS = Payload()


def _reclassified(before: Complaint, after: Complaint) -> bool:
    """The tier or the category changed: the domain's clocks are asked for again. What a
    domain makes of the intake's urgent flag (property's and retail's stop-harm clock) it
    decides at intake, in its own ``complaint_deadlines``; no action changes the flag."""
    return (before.tier, before.category) != (after.tier, after.category)


__all__ = ["PUBLIC", "PUBLIC_ACTIONS", "SYSTEM"]

