"""The lifecycle as data: which action is allowed at which status, and where it leads.

Plugins add actions through `DomainSpec.actions` (never statuses). The one place that
decides whether an action may happen at a status is `check_transition`.
"""

from __future__ import annotations

from tousu.errors import InputError, Refused
from tousu.models import FINAL_STATUSES, OPEN_STATUSES, ActionSpec, Complaint, DomainSpec

BEFORE_RESOLVED = ("received", "acknowledged", "forwarded", "in_progress")
ALL = OPEN_STATUSES + FINAL_STATUSES

#: The core actions. `to_status=None` records without moving the status.
CORE_ACTIONS: dict[str, ActionSpec] = {
    spec.name: spec
    for spec in (
        ActionSpec("acknowledge", ("received",), "acknowledged", "acknowledge receipt to the complainant"),
        ActionSpec("forward", ("received", "acknowledged", "forwarded"), "forwarded", "send to a department: --to DEPT"),
        ActionSpec("sign", ("forwarded",), "in_progress", "the department signs for the complaint form"),
        ActionSpec("start", ("received", "acknowledged", "forwarded"), "in_progress", "handling has started"),
        ActionSpec("assign", OPEN_STATUSES, None, "a named person follows it through: --to STAFF"),
        ActionSpec("handover", OPEN_STATUSES, None, "shift cover: pass the case to a colleague: --to STAFF"),
        ActionSpec("reply", (*OPEN_STATUSES, "invalid"), None, "an answer given to the complainant"),
        ActionSpec("resolve", BEFORE_RESOLVED, "resolved", "the department reports it handled"),
        ActionSpec("notify", ("resolved",), None, "the complainant is told the result"),
        ActionSpec("callback", ("resolved", "closed"), None, "follow-up call: --field satisfied=true|false"),
        ActionSpec("close", ("resolved",), "closed", "close and archive"),
        ActionSpec(
            "reopen", ("resolved", "closed", "invalid", "withdrawn"), "in_progress",
            "the matter is not settled after all (invalid/withdrawn: a supervisor, with --note REASON)",
        ),
        ActionSpec("escalate", OPEN_STATUSES, None, "raise the tier by hand: --field tier=T --note REASON"),
        ActionSpec("downgrade", OPEN_STATUSES, None, "lower the tier (supervisor or above): --to TIER --note REASON"),
        ActionSpec("extend", OPEN_STATUSES, None, "approve more time: --field deadline=NAME --field until=ISO"),
        ActionSpec("pause", OPEN_STATUSES, None, "stop the clocks the domain marks pausable: --note REASON"),
        ActionSpec("resume", OPEN_STATUSES, None, "restart paused clocks, moved by the time paused"),
        ActionSpec("approve", OPEN_STATUSES, None, "record an approval (domains give it meaning)"),
        ActionSpec("step", OPEN_STATUSES, None, "complete a required step: --field name=STEP"),
        ActionSpec("transfer", OPEN_STATUSES, "transferred", "hand over to another agency: --to AGENCY"),
        ActionSpec("invalid", OPEN_STATUSES, "invalid", "an invalid complaint: answered and kept, never deleted"),
        ActionSpec("withdraw", OPEN_STATUSES, "withdrawn", "the complainant withdraws"),
        ActionSpec("note", ALL, None, "a handling note"),
        ActionSpec("inform", ALL, None, "information from the complainant: --note TEXT"),
        ActionSpec("void", ALL, None, "reverse an event recorded by mistake: --field event=N --note REASON"),
        ActionSpec("merge", OPEN_STATUSES, "closed", "a duplicate becomes part of its primary: --to ID --note REASON"),
        ActionSpec("attach", ALL, None, "attach a file as evidence: `tousu attach ID FILE [--step STEP]`"),
    )
}

#: Actions that need ``--to``.
NEEDS_TO = frozenset({"forward", "transfer", "assign", "handover", "downgrade"})
#: System actions recorded by the core itself, never typed by a user.
SYSTEM_ACTIONS = frozenset({"intake", "sweep"})


def action_spec(name: str, domain: DomainSpec | None) -> ActionSpec:
    """The spec of action `name` for a complaint of `domain`; unknown names are input errors."""
    if domain is not None:
        for spec in domain.actions:
            if spec.name == name:
                return spec
    if name in CORE_ACTIONS:
        return CORE_ACTIONS[name]
    known = sorted(set(CORE_ACTIONS) | {a.name for a in (domain.actions if domain else ())})
    raise InputError.of("error.unknown_action", action=name, known=", ".join(known))


def check_transition(complaint: Complaint, spec: ActionSpec) -> None:
    """Refuse an action the complaint's status does not allow, naming what would."""
    if complaint.status not in spec.statuses:
        allowed = ", ".join(spec.statuses)
        raise Refused.of(
            "error.transition", action=spec.name, id=complaint.id, status=complaint.status, allowed=allowed
        )
