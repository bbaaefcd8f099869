"""Corrections with an audit trail: an honest mistake is reversed by a new event, never erased.

- ``void --field event=N --note REASON`` reverses event N of the complaint (a step, an approval,
  a settlement a domain records, a note...): the original stays in the history, a ``void``
  event names it, and everything computed from the history (a step's state, the money paid)
  follows the reversal. Only a role allowed to correct (supervisor and above) may, with a reason.
- ``reopen`` of an ``invalid`` or ``withdrawn`` complaint is a correction too: same roles, a reason.

Events that changed the status (intake, resolve, close...) are not voided: the lifecycle has
its own ways back (``reopen``), and a sweep's breach is a fact of time, not a mistake.

A default plugin of the kernel's features (``corrections``, with `tousu.default_plugins.merging`):
the App asks it through ``complaint_action_parts`` (`tousu.default_plugins.features.Corrections`).
"""

from __future__ import annotations

from typing import Any

from tousu import payload
from tousu.errors import InputError, Refused
from tousu.facts import fact_int
from tousu.models import Action, Complaint, Event, Staff
from tousu.payload import Payload, StepDone, StepUndo, Void

#: Who may correct the record (the source procedures give it to the supervisor and above).
CORRECTING_ROLES = ("supervisor", "manager", "general_manager")
#: Recorded by tousu itself, or corrections themselves: never voided.
NOT_VOIDABLE = frozenset({"intake", "sweep", "void", "merge", "attach"})


def voided(events: list[Event]) -> set[int]:
    """The numbers of the events a later ``void`` reversed (for whoever reads the history)."""
    return {
        int(typed.void.event) for e in events if e.action == "void" and (typed := payload.read(e.data)).void
    }


def may_correct(staff: Staff, what: str) -> None:
    """Refuse (exit 1) a correction by a role that may not correct the record."""
    if staff.role not in CORRECTING_ROLES:
        raise Refused.of("error.correct_role", what=what, staff=staff.id, role=staff.role, roles=", ".join(CORRECTING_ROLES))


def void(complaint: Complaint, staff: Staff, action: Action, facts: dict[str, Any], events: list[Event]) -> Payload:
    """The parts of a ``void`` event's payload: which event it reverses, and the reversal of its steps.

    Who may void is the role policy's (``void`` in `tousu.permissions`, default supervisor
    and above), checked by `App.act` before this.
    """
    if not (action.note or "").strip():
        raise InputError.of("error.void_needs_note", id=complaint.id)
    number = fact_int(facts, "event", low=1)
    if number is None:
        raise InputError.of("error.void_needs_event", id=complaint.id)
    target = next((e for e in events if e.n == number), None)
    if target is None:
        raise Refused.of("error.void_no_event", id=complaint.id, n=number, last=events[-1].n if events else 0)
    if target.action in NOT_VOIDABLE or "status" in target.data:
        raise Refused.of("error.void_not_voidable", id=complaint.id, n=number, action=target.action)
    if number in voided(events):
        raise Refused.of("error.void_twice", id=complaint.id, n=number)
    undo = [StepUndo(op.name) for op in payload.read(target.data).steps or () if isinstance(op, StepDone)]
    if undo:
        return Payload(void=Void(number, target.action), steps=undo)
    return Payload(void=Void(number, target.action))


def check_reopen(complaint: Complaint, staff: Staff, action: Action) -> None:
    """An invalid or withdrawn complaint comes back only by a correcting role, with a reason."""
    if complaint.status not in ("invalid", "withdrawn"):
        return
    may_correct(staff, "reopen")
    if not (action.note or "").strip():
        raise InputError.of("error.reopen_needs_note", id=complaint.id, status=complaint.status)


__all__ = ["CORRECTING_ROLES", "check_reopen", "may_correct", "void", "voided"]
