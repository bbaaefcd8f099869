"""Recording an action on a complaint: the core's rules, escalation by hand, extensions, guards.

A mixin of `tousu.app.App` (`App.act` and its parts); every write still goes through
`App._commit`, in one transaction per command. The kernel's features that are default plugins
(corrections, attachments, reply templates, the calendar's pause and resume:
`tousu.hooks.Features`) take part at fixed points of an action, through `App.features`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tousu import lifecycle, policy
from tousu.calendars.deadlines import extended_warning, refuse_extending_paused
from tousu.clock import recording_instant
from tousu.errors import InputError, Refused
from tousu.facts import fact_bool, fact_instant, fact_str
from tousu.models import (
    Action,
    Complaint,
    Org,
    Staff,
)
from tousu.payload import DeadlineExtend, DeadlineMet, Payload, Set, Status, StepDone
from tousu.permissions import SUPERVISOR_AND_ABOVE, acting, check_action
from tousu.recording import (
    PUBLIC,
    PUBLIC_ACTIONS,
    _input,
    _met_by_action,
    _one_of,
)
from tousu.timeutil import to_db


class ActionWork:
    """`App.act`: parse the action, apply the core's and the domain's rules, commit one event."""

    # set by App.__init__
    config: Any
    registry: Any
    store: Any
    hooks: Any
    features: Any

    # -- actions --------------------------------------------------------------------

    def act(
        self,
        complaint_id: str,
        action: str,
        *,
        actor: str | None = None,
        to: str | None = None,
        note: str | None = None,
        fields: dict[str, Any] | None = None,
        at: datetime | None = None,
        org_id: str | None = None,
    ) -> Complaint:
        """Apply one lifecycle action, with its guards and consequences, in one transaction.

        The defaults every door shares are applied here: ``forward`` without `to` goes to the
        department the complaint was routed to, else the respondent; ``escalate`` takes its
        target tier from `to` when the facts name none (``act ID escalate --to T``).
        """
        if action in lifecycle.SYSTEM_ACTIONS:
            raise InputError(f"{action!r} is recorded by tousu itself and cannot be typed as an action")
        facts = dict(fields or {})
        with self.store.transaction():
            # "now" once we hold the write lock: never before a rival's event; never the future
            at = recording_instant(self.config, at)
            complaint = self.get(complaint_id, org_id=org_id, actor_id=acting(actor))
            org = self.org(complaint.org)
            staff = self.actor(org, actor)
            if staff is PUBLIC and action not in PUBLIC_ACTIONS:
                raise Refused(f"{action} is recorded by staff; a complainant may only {', '.join(sorted(PUBLIC_ACTIONS))}")
            if action == "forward" and not to:
                to = complaint.department or complaint.respondent or None
            if action == "escalate" and to and "tier" not in facts:
                facts["tier"], to = to, None
            typed = Action(action, to, note)
            # the text the action records, when its facts ask for one (a reply's template)
            text = self.features.action_text(self, complaint, org, staff, typed, facts, at)
            if text is not None:
                typed = Action(action, to, text)
            policy.require_rules(self._domains_of(org), org, complaint)
            if staff is not PUBLIC:  # the role policy table ([orgs.X.permissions], the domains' defaults)
                check_action(org, self.domain(complaint.domain), staff, action, complaint)
            updated = self._act(complaint, org, staff, typed, facts, at)
            # the events it causes on other complaints (a merge's primary), in the same transaction
            for entry in self.features.action_done(self, updated, org, staff, typed, at):
                other = self.get(entry.complaint_id, org_id=updated.org, actor_id=staff.id)
                self._commit(other, self.org(other.org), staff, entry.action, {}, at, entry.data, consequences=False)
            return updated

    def _act(
        self, complaint: Complaint, org: Org, staff: Staff, action: Action, facts: dict[str, Any], at: datetime
    ) -> Complaint:
        spec = lifecycle.action_spec(action.name, self.domain(complaint.domain))
        lifecycle.check_transition(complaint, spec)
        # earlier than the last event: a late entry, accepted (history keeps recording order,
        # its clocks follow the instant it happened); older than the window, a supervisor's
        policy.before_receipt(complaint, org, at)
        policy.check_late_entry(self.config, org, staff, at, self.store.last_event_at(complaint.id), action.name)
        # the event's parts, by `tousu.payload.Payload` field, each one of its operation classes
        data: dict[str, Any] = {"input": _input(action, facts)}
        if spec.to_status and spec.to_status != complaint.status:
            data["status"] = Status(spec.to_status)
        self._core_rules(complaint, org, staff, action, facts, at, data)
        # what the kernel's features record for their own actions (void, merge, attach, ...)
        data.update(self.features.action_parts(self, complaint, org, staff, action, facts, at))
        self._guard(complaint, org, staff, action, facts, at)
        # after the domain's own checks: what a feature still waits for (a step's evidence)
        self.features.action_ready(self, complaint, org, staff, action, facts, at)
        meet = _met_by_action(complaint, action, facts)
        if meet:
            data["deadlines"] = data.get("deadlines", []) + [DeadlineMet(n) for n in meet]
        return self._commit(complaint, org, staff, action, facts, at, Payload(**data))

    def _core_rules(
        self,
        complaint: Complaint,
        org: Org,
        staff: Staff,
        action: Action,
        facts: dict[str, Any],
        at: datetime,
        data: dict[str, Any],
    ) -> None:
        """What the core itself requires of and records for its own actions."""
        name = action.name
        if name in lifecycle.NEEDS_TO and not action.to:
            what = {"assign": "staff member", "handover": "staff member", "downgrade": "tier"}.get(name, "department or agency")
            raise InputError(f"{name} needs --to (the {what})")
        if name == "forward":
            data["set"] = Set(department=action.to)
        elif name == "assign":
            if action.to not in org.staff:
                raise InputError(f"assign --to {action.to!r}: not staff of {org.id} (staff: {', '.join(org.staff)})")
            data["set"] = Set(assignee=action.to)
        elif name == "handover":
            self._handover(complaint, org, action, data)
        elif name == "downgrade":
            self._downgrade(complaint, staff, action, data)
        elif name == "transfer":
            data["fields"] = {"transferred_to": action.to}
        elif name == "close" and complaint.open_steps:
            raise Refused(
                f"cannot close {complaint.id}: required steps still open: {', '.join(complaint.open_steps)} "
                f"(complete each with `tousu act {complaint.id} step --field name=STEP`)"
            )
        elif name == "step":
            step = fact_str(facts, "name")
            if not step:
                raise InputError("step needs --field name=STEP")
            current = complaint.step(step)
            if current is None:
                raise Refused(
                    f"{complaint.id} has no required step {step!r} "
                    f"(steps: {', '.join(s.name for s in complaint.steps) or 'none'})"
                )
            if current.done:
                raise Refused(f"step {step!r} of {complaint.id} is already done")
            data["steps"] = [StepDone(step)]
        elif name == "inform" and not (action.note or "").strip():
            raise InputError("inform needs --note TEXT (what the complainant added)")
        elif name == "callback":
            satisfied = fact_bool(facts, "satisfied")
            if satisfied is None:
                raise InputError("callback needs --field satisfied=true|false")
            data["fields"] = {"satisfied": satisfied}
        elif name == "escalate":
            self._escalate_by_hand(complaint, action, facts, data, staff)
        elif name == "extend":
            self._extend(complaint, org, staff, action, facts, data)

    def _escalate_by_hand(
        self, complaint: Complaint, action: Action, facts: dict[str, Any], data: dict[str, Any], staff: Staff
    ) -> None:
        tier = fact_str(facts, "tier")
        domain = self.domain(complaint.domain)
        tiers = domain.tiers if domain else ()
        if not tier:
            raise InputError(f"escalate needs --field tier=T (tiers: {', '.join(tiers) or 'none'})")
        _one_of("--field tier", tier, tiers)
        if tiers and complaint.tier in tiers and tiers.index(tier) <= tiers.index(complaint.tier):
            raise Refused(f"escalate raises the tier: {complaint.id} is already {complaint.tier}, not below {tier}")
        reason = (action.note or fact_str(facts, "reason") or "").strip()
        # the reason belongs in the record (--note); without one the record says so plainly
        data["set"] = Set(
            tier=tier,
            classification_reason=f"escalated by {staff.id}: {reason}" if reason else f"escalated by {staff.id} (no reason given)",
        )

    @staticmethod
    def _handover(complaint: Complaint, org: Org, action: Action, data: dict[str, Any]) -> None:
        """Shift cover (替班): a colleague takes the case over; the first responder stays on record.

        The owner (whom ``due --by owner`` follows) becomes the colleague, and so does the
        assignee when it was the outgoing owner; ``fields.first_responder`` keeps who received it.
        """
        to = action.to or ""
        if to not in org.staff:
            raise InputError(f"handover --to {to!r}: not staff of {org.id} (staff: {', '.join(org.staff)})")
        if to == complaint.owner:
            raise Refused(f"{complaint.id} is already {to}'s")
        keeps = complaint.assignee and complaint.assignee == complaint.owner
        data["set"] = Set(owner=to, assignee=to) if keeps else Set(owner=to)
        if not complaint.fields.get("first_responder"):
            data["fields"] = {"first_responder": complaint.owner}

    def _downgrade(self, complaint: Complaint, staff: Staff, action: Action, data: dict[str, Any]) -> None:
        """Lower the tier after intake: a supervisor or above, always with the reason on record."""
        domain = self.domain(complaint.domain)
        tiers = domain.tiers if domain else ()
        tier = action.to or ""
        _one_of("downgrade --to", tier, tiers)
        if staff.role not in SUPERVISOR_AND_ABOVE:
            raise Refused(
                f"lowering the tier of {complaint.id} is for a {', '.join(SUPERVISOR_AND_ABOVE)}; "
                f"{staff.id} is {staff.role}"
            )
        if not tiers or complaint.tier not in tiers or tiers.index(tier) >= tiers.index(complaint.tier):
            raise Refused(f"downgrade lowers the tier: {complaint.id} is {complaint.tier}, not above {tier}")
        reason = (action.note or "").strip()
        if not reason:
            raise InputError("downgrade needs the reason: --note REASON (it stays in the record)")
        data["set"] = Set(
            tier=tier,
            classification_reason=f"lowered from {complaint.tier} to {tier} by {staff.id} ({staff.role}): {reason}",
        )

    def _extend(
        self, complaint: Complaint, org: Org, staff: Staff, action: Action, facts: dict[str, Any], data: dict[str, Any]
    ) -> None:
        name = fact_str(facts, "deadline")
        until = fact_instant(facts, "until", org.tz)
        if not name or until is None:
            raise InputError("extend needs --field deadline=NAME --field until=ISO")
        deadline = complaint.deadline(name)
        if deadline is None or deadline.kind != "deadline":
            names = ", ".join(d.name for d in complaint.deadlines if d.kind == "deadline") or "none"
            raise Refused(f"{complaint.id} has no deadline {name!r} (deadlines: {names})")
        refuse_extending_paused(complaint, name)
        if deadline.met_at is not None or deadline.state == "cancelled":
            raise Refused(f"deadline {name!r} of {complaint.id} is already {deadline.state}; nothing to extend")
        if until <= deadline.due_at:
            raise InputError(
                f"extend --field until={facts['until']}: must be later than the current due time "
                f"{deadline.due_at.astimezone(org.tz).isoformat()}"
            )
        data["deadlines"] = [
            DeadlineExtend(
                name, to_db(until), staff.id, staff.role, reason=action.note or "", **extended_warning(org, deadline, until)
            )
        ]

    def _guard(
        self, complaint: Complaint, org: Org, staff: Staff, action: Action, facts: dict[str, Any], at: datetime
    ) -> None:
        reason = self.hooks.complaint_check_action(
            complaint=complaint, org=org, actor=staff, action=action, facts=facts, store=self.store, now=at
        )
        if reason:
            raise Refused(reason)

