"""The desk: intake, actions, sweep and the daily list, each one transaction.

`App` is tousu's public Python API; the CLI is a thin shell over it. Every write goes
through `_commit`, which appends one event and applies it to the projection with the same
function `rebuild` uses, so the live tables always equal a replay of the history.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import attrs

from tousu import attachments, corrections, lifecycle, policy, projection
from tousu.calendars import pauses
from tousu.calendars.deadlines import extended_warning, missing_years, open_pause
from tousu.calendars.deadlines import op_fields as clock_fields
from tousu.clock import recording_instant
from tousu.config import Config
from tousu.errors import InputError, NotFound, Refused
from tousu.facts import fact_bool, fact_instant, fact_str
from tousu.hooks import Hooks
from tousu.models import (
    FINAL_STATUSES,
    OPEN_STATUSES,
    Action,
    Compensation,
    Complaint,
    DeadlineSpec,
    DomainSpec,
    Effects,
    Event,
    Org,
    OrgDeadline,
    Staff,
)
from tousu.outbox.record import record as tell
from tousu.permissions import acting, may_see, not_found
from tousu.plugins import Registry
from tousu.store import Store
from tousu.timeutil import end_of_day, parse_instant, to_db, zone
from tousu.timeutil import now as clock_now

SYSTEM = Staff("system", "system")
#: The complainant acting through a public door (the form, the status page, mail in): not staff.
PUBLIC = Staff("public", "public")
#: What a complainant may record themselves: a complaint, information on it, their verdict.
PUBLIC_ACTIONS = frozenset({"intake", "inform", "callback"})


@attrs.frozen
class DueItem:
    """One line of the daily list."""

    id: str
    deadline: str
    due_at: datetime
    overdue: bool
    owner: str
    tier: str | None
    summary: str
    department: str = ""
    assignee: str = ""
    status: str = ""
    domain: str = ""
    org: str = ""
    #: Past ``warn_at`` of its allowed time and not yet overdue (listed after the overdue items).
    warning: bool = False
    #: How the clock was computed, its pauses (tousu.calendars.deadlines).
    clock: Mapping[str, Any] = attrs.field(factory=dict)

    @property
    def paused(self) -> bool:
        pauses = self.clock.get("pauses") if self.clock else None
        return bool(pauses) and pauses[-1].get("until") is None


class App:
    """A deployment: its config, its plugins and its database."""

    def __init__(self, config: Config, registry: Registry, store: Store) -> None:
        self.config = config
        self.registry = registry
        self.hooks = Hooks(registry)
        self.store = store
        #: Whether events write their messages to the outbox (import switches it off: history is not news).
        self.telling = True

    @classmethod
    def open(cls, config: Config | str | Path | None = None, *, registry: Registry | None = None) -> App:
        """The one composition root: a deployment from its config, ready to use.

        `config` is a `Config` or the path of a ``tousu.toml`` (``None``: ``$TOUSU_CONFIG``,
        else ``./tousu.toml``). Loads the installed plugins (unless a `registry` is given),
        validates the config against them, opens the database and applies the core's and the
        plugins' migrations. Every door (CLI, test kit, import, server) builds its App here,
        so all of them decide alike.
        """
        from tousu.compose import load_registry, open_store, resolve_config

        registry = registry if registry is not None else load_registry()
        resolved = resolve_config(config, registry)
        return cls(resolved, registry, open_store(resolved, registry))

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> App:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def instant(self, text: str | None, org_id: str | None = None) -> datetime:
        """An ``--at`` text as an aware instant; ``None`` is now.

        A local time is read in the organization's zone; without an organization, in the
        deployment's zone when all its organizations share one, else UTC.
        """
        if text is None:
            return clock_now()
        if org_id:
            tz = self.org(org_id).tz
        else:
            zones = {org.timezone for org in self.config.orgs.values()}
            tz = zone(zones.pop() if len(zones) == 1 else "UTC")
        return parse_instant(text, tz)

    # -- lookups --------------------------------------------------------------------

    def org(self, org_id: str) -> Org:
        return self.config.org(org_id)

    def domain(self, name: str) -> DomainSpec | None:
        return self.registry.domains.get(name)

    def actor(self, org: Org, actor_id: str | None) -> Staff:
        """Who is acting: ``--actor``, else ``$TOUSU_ACTOR``; nobody is ever assumed.

        A recorded command without a named actor is refused (exit 2): the first staff member
        is never taken for whoever typed it. Another organization's staff id gets exactly
        the answer an unknown id gets.
        """
        actor_id = acting(actor_id)
        if actor_id is None:
            raise InputError(policy.NO_ACTOR)
        if actor_id == PUBLIC.id and actor_id not in org.staff:
            return PUBLIC
        staff = org.staff.get(actor_id)
        if staff is None:  # unknown, or staff of another organization: the same answer
            known = ", ".join(org.staff) or "none"
            raise NotFound(f"unknown staff member {actor_id!r} (staff of {org.id}: {known}; see tousu.toml)")
        return staff

    def get(self, complaint_id: str, *, org_id: str | None = None, actor_id: str | None = None) -> Complaint:
        """A complaint visible to the caller; another organization's id answers like a missing one."""
        complaint = self.store.load(complaint_id)
        if not may_see(self.config, complaint, org_id=org_id, actor_id=actor_id, public=PUBLIC.id):
            raise not_found(complaint_id, actor_id, public=PUBLIC.id)
        assert complaint is not None
        return complaint

    def history(self, complaint_id: str) -> list[Event]:
        return self.store.events(complaint_id)

    def complaints(
        self,
        org_id: str,
        *,
        status: str | None = None,
        tier: str | None = None,
        category: str | None = None,
        limit: int = 100,
    ) -> list[dict[str, Any]]:
        """An organization's complaints, newest first, as the list shows them.

        `status` is one status or ``"open"`` (every open status); each row has ``id``,
        ``received_at`` (aware, in the organization's zone), ``status``, ``tier``,
        ``category``, ``channel``, ``owner``, ``summary`` and ``assignee``.
        """
        org = self.org(org_id)
        statuses = OPEN_STATUSES if status == "open" else (status,) if status else None
        rows = self.store.complaint_rows(org.id, statuses=statuses, tier=tier, category=category, limit=limit)
        return [{**row, "received_at": row["received_at"].astimezone(org.tz)} for row in rows]

    # -- intake ---------------------------------------------------------------------

    def intake(
        self,
        org_id: str,
        *,
        channel: str,
        summary: str,
        domain: str | None = None,
        category: str | None = None,
        tier: str | None = None,
        complainant: str = "",
        contact: str = "",
        respondent: str = "",
        place: str = "",
        request: str = "",
        urgent: bool = False,
        fields: dict[str, Any] | None = None,
        actor: str | None = None,
        at: datetime | None = None,
        again: bool = False,
    ) -> Complaint:
        """Record a new complaint: classify it, put it on the clock, apply the domain's rules.

        The same contact, summary and channel within a minute of an earlier intake is refused
        unless `again` (a double click, or one call recorded twice by two receptionists).
        """
        org = self.org(org_id)
        staff = self.actor(org, actor)
        at = recording_instant(self.config, at)
        facts = dict(fields or {})
        spec = self._intake_domain(org, domain)
        if not summary.strip():
            raise InputError("--summary: a complaint needs a summary of what happened")
        _one_of("--channel", channel, spec.channels)
        if category is not None:
            _one_of("--category", category, spec.categories)
        if tier is not None:
            _one_of("--tier", tier, spec.tiers)
        place = place or fact_str(facts, "place", "") or ""
        with self.store.transaction():
            if contact and not again:
                minute = timedelta(minutes=1)
                same = self.store.identical_recent(org.id, spec.name, channel, summary, contact, at - minute, at + minute)
                if same is not None:
                    raise Refused.of("intake.identical", id=same)
            draft = Complaint(
                id="(new)",
                org=org.id,
                domain=spec.name,
                channel=channel,
                received_at=at,
                summary=summary,
                tier=tier,
                category=category,
                complainant=complainant,
                contact=contact,
                respondent=respondent,
                place=place,
                request=request,
                owner=staff.id,
                urgent=urgent,
                fields=facts,
            )
            chosen = self.hooks.complaint_classify(complaint=draft, org=org, facts=facts)
            if chosen is not None:
                _one_of("classified tier", chosen.tier, spec.tiers)
                _one_of("classified category", chosen.category, spec.categories)
                draft = projection.evolve(
                    draft, tier=chosen.tier, category=chosen.category, classification_reason=chosen.reason
                )
            else:
                draft = projection.evolve(
                    draft,
                    tier=tier or spec.default_tier,
                    category=category or spec.default_category,
                    classification_reason="as given at intake" if tier or category else "domain default",
                )
            action = Action("intake")
            self._guard(draft, org, staff, action, facts, at)
            complaint_id = self.store.next_ids(1)[0]
            draft = projection.evolve(draft, id=complaint_id)
            create = {
                "org": org.id,
                "domain": spec.name,
                "channel": channel,
                "received_at": to_db(at),
                "month": _month(at, org),
                "summary": summary,
                "respondent": respondent,
                "place": place,
                "request": request,
                "owner": staff.id,
                "urgent": urgent,
            }
            data: dict[str, Any] = {
                "create": create,
                "set": {
                    "tier": draft.tier,
                    "category": draft.category,
                    "classification_reason": draft.classification_reason,
                },
                "fields": _jsonable(facts),
            }
            specs = self.hooks.complaint_deadlines(complaint=draft, org=org, now=at)
            data["deadlines"] = _deadline_ops(draft, specs, org=org, at=at)
            return self._commit(
                None, org, staff, action, facts, at, data, complaint_id=complaint_id, personal=(complainant, contact)
            )

    def _intake_domain(self, org: Org, domain: str | None) -> DomainSpec:
        available = [d for p in org.plugins for d in self.registry.infos[p].domains if p in self.registry.infos]
        if domain is None:
            if len(available) != 1:
                raise InputError(
                    f"organization {org.id} handles {len(available)} domains ({', '.join(available) or 'none'}): "
                    "choose one with --domain"
                    if available
                    else f"organization {org.id} enables no domain plugin; add one to orgs.{org.id}.plugins"
                )
            domain = available[0]
        if domain not in available:
            raise InputError(
                f"--domain {domain!r} is not enabled for organization {org.id} (enabled: {', '.join(available) or 'none'})"
            )
        return self.registry.domains[domain]

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
            policy.require_rules(self.registry, org, complaint)
            return self._act(complaint, org, staff, Action(action, to, note), facts, at)

    def _act(
        self, complaint: Complaint, org: Org, staff: Staff, action: Action, facts: dict[str, Any], at: datetime
    ) -> Complaint:
        spec = lifecycle.action_spec(action.name, self.domain(complaint.domain))
        lifecycle.check_transition(complaint, spec)
        # earlier than the last event: a late entry, accepted (history keeps recording order,
        # its clocks follow the instant it happened); older than the window, a supervisor's
        policy.before_receipt(complaint, org, at)
        policy.check_late_entry(self.config, org, staff, at, self._last_at(complaint.id), action.name)
        data: dict[str, Any] = {"input": _input(action, facts)}
        if spec.to_status and spec.to_status != complaint.status:
            data["status"] = spec.to_status
        self._core_rules(complaint, org, staff, action, facts, at, data)
        self._guard(complaint, org, staff, action, facts, at)
        if action.name == "step":  # after the domain's own checks of the step's facts
            missing = attachments.evidence_missing(
                complaint, self.domain(complaint.domain), self.history(complaint.id), fact_str(facts, "name") or ""
            )
            if missing:
                raise Refused(missing)
        meet = _met_by_action(complaint, action, facts)
        if meet:
            data["deadlines"] = data.get("deadlines", []) + [{"op": "met", "name": n} for n in meet]
        return self._commit(complaint, org, staff, action, facts, at, data)

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
            raise InputError(f"{name} needs --to (the {'staff member' if name == 'assign' else 'department or agency'})")
        if name == "forward":
            data["set"] = {"department": action.to}
        elif name == "assign":
            if action.to not in org.staff:
                raise InputError(f"assign --to {action.to!r}: not staff of {org.id} (staff: {', '.join(org.staff)})")
            data["set"] = {"assignee": action.to}
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
            data["steps"] = [{"op": "done", "name": step}]
        elif name == "inform" and not (action.note or "").strip():
            raise InputError("inform needs --note TEXT (what the complainant added)")
        elif name == "callback":
            satisfied = fact_bool(facts, "satisfied")
            if satisfied is None:
                raise InputError("callback needs --field satisfied=true|false")
            data["fields"] = {"satisfied": satisfied}
        elif name == "void":  # a mistake reversed by a new event (tousu.corrections)
            data.update(corrections.void(complaint, staff, action, facts, self.history(complaint.id)))
        elif name == "reopen":
            corrections.check_reopen(complaint, staff, action)
        elif name == "escalate":
            self._escalate_by_hand(complaint, action, facts, data, staff)
        elif name == "extend":
            self._extend(complaint, org, staff, action, facts, data)
        elif name == "pause":
            data["deadlines"] = pauses.pause_ops(complaint, org, self.domain(complaint.domain), staff, action, at)
        elif name == "resume":
            data["deadlines"] = pauses.resume_ops(complaint, org, at)
        elif name == "attach":
            data["attachment"] = attachments.record(self.config, complaint, self.domain(complaint.domain), facts)

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
        data["set"] = {
            "tier": tier,
            "classification_reason": f"escalated by {staff.id}: {reason}" if reason else f"escalated by {staff.id} (no reason given)",
        }

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
        pauses.refuse_extending_paused(complaint, name)
        if deadline.met_at is not None or deadline.state == "cancelled":
            raise Refused(f"deadline {name!r} of {complaint.id} is already {deadline.state}; nothing to extend")
        if until <= deadline.due_at:
            raise InputError(
                f"extend --field until={facts['until']}: must be later than the current due time "
                f"{deadline.due_at.astimezone(org.tz).isoformat()}"
            )
        data["deadlines"] = [
            {
                "op": "extend",
                "name": name,
                "until": to_db(until),
                "approved_by": staff.id,
                "role": staff.role,
                "reason": action.note or "",
                **extended_warning(org, deadline, until),
            }
        ]

    def _guard(
        self, complaint: Complaint, org: Org, staff: Staff, action: Action, facts: dict[str, Any], at: datetime
    ) -> None:
        reason = self.hooks.complaint_check_action(
            complaint=complaint, org=org, actor=staff, action=action, facts=facts, store=self.store, now=at
        )
        if reason:
            raise Refused(reason)

    def _commit(
        self,
        complaint: Complaint | None,
        org: Org,
        staff: Staff,
        action: Action,
        facts: dict[str, Any],
        at: datetime,
        data: dict[str, Any],
        *,
        complaint_id: str | None = None,
        personal: tuple[str, str] = ("", ""),
        consequences: bool = True,
    ) -> Complaint:
        """Complete an action's event with the plugins' consequences and write it once.

        The plugins see the complaint as the action leaves it; what they add (steps,
        deadlines, links, flags, fields), and the deadlines of a changed tier, go into the
        same event, so the history has one entry per action saying everything it did.
        """
        cid = complaint.id if complaint is not None else complaint_id
        assert cid is not None
        updated = projection.apply(complaint, self._event(cid, staff, action.name, at, data), personal)
        effects: list[Effects] = []
        if consequences:
            effects = self.hooks.complaint_after_action(
                complaint=updated, org=org, actor=staff, action=action, facts=facts, store=self.store, now=at
            )
            extra = _effects_data(updated, effects, self.store, org, at)
            if extra:
                updated = self._apply_more(complaint, updated, cid, staff, action, at, data, extra, personal)
                data = _merge(data, extra)
        if complaint is not None and _reclassified(complaint, updated):
            ops = _deadline_ops(updated, self.hooks.complaint_deadlines(complaint=updated, org=org, now=at), org=org, at=at)
            if ops:
                extra = {"deadlines": ops}
                updated = self._apply_more(complaint, updated, cid, staff, action, at, data, extra, personal)
                data = _merge(data, extra)
        n = 1 if complaint is None else self._next_n(cid)
        if complaint is None:  # written after every rule has had its say: a refusal leaves nothing
            self.store.save_personal(cid, *personal)
        last = self.store.append(self._event(cid, staff, action.name, at, data, n), org.id)
        month = data["create"]["month"] if complaint is None else _month(updated.received_at, org)
        if complaint is None:
            self.store.save(updated, month, last, new=True)
        else:
            self.store.save_change(complaint, updated, month, last)
        if self.telling:
            tell(self.store, complaint, updated, org, self.domain(updated.domain), action.name, data, last, at)
        for follow in (f for e in effects for f in e.follow_ups):
            updated = self._act(
                updated, org, staff, Action(follow.action, follow.to, follow.note), dict(follow.fields), at
            )
        return updated

    def _apply_more(
        self,
        complaint: Complaint | None,
        updated: Complaint,
        cid: str,
        staff: Staff,
        action: Action,
        at: datetime,
        data: dict[str, Any],
        extra: dict[str, Any],
        personal: tuple[str, str],
    ) -> Complaint:
        """The complaint after the event `data` + `extra` (`updated` is after `data` alone).

        Folding `extra` onto `updated` gives what folding the merged payload onto the
        complaint before the action gives — lists of operations run in order, mappings
        update — except when the action ends the complaint (its pending clocks are cancelled
        after every operation, including the added ones) or the payload already adds links
        or flags; those are replayed whole.
        """
        if data.get("status") in FINAL_STATUSES or "links" in data or "flags" in data:
            return projection.apply(complaint, self._event(cid, staff, action.name, at, _merge(data, extra)), personal)
        return projection.apply(updated, self._event(cid, staff, action.name, at, extra))

    @staticmethod
    def _event(cid: str, staff: Staff, action: str, at: datetime, data: dict[str, Any], n: int = 0) -> Event:
        return Event(cid, n, at, clock_now(), staff.id, staff.role, action, data)

    def _next_n(self, complaint_id: str) -> int:
        return self.store.next_event_n(complaint_id)

    def _last_at(self, complaint_id: str) -> datetime | None:
        return self.store.last_event_at(complaint_id)

    # -- sweep ----------------------------------------------------------------------

    def sweep(
        self,
        org_id: str | None = None,
        at: datetime | None = None,
        *,
        complaint_ids: list[str] | None = None,
        operator: str | None = None,
    ) -> dict[str, Any]:
        """Record every deadline that has run out by `at` and apply time-based escalations.

        Cost follows the number of deadlines that just ran out, not the size of the register;
        running it again at the same instant finds nothing new and records nothing.
        `complaint_ids` limits the sweep to those complaints (import replays a recorded sweep
        on one complaint's history without touching the others).
        """
        orgs = [self.org(org_id)] if org_id else list(self.config.orgs.values())
        breaches: list[dict[str, Any]] = []
        escalations: list[dict[str, Any]] = []
        warnings: list[dict[str, Any]] = []
        years: dict[str, set[int]] = {}
        with self.store.transaction():
            # taken under the write lock, so no event after it is already in; never the future
            at = recording_instant(self.config, at)
            for org in orgs:
                due: dict[str, list[str]] = {}
                for cid, name in self.store.pending_before(org.id, at, complaint_ids):
                    due.setdefault(cid, []).append(name)
                warn: dict[str, list[str]] = {}
                for cid, name in self.store.warnings_due(org.id, at, complaint_ids):
                    warn.setdefault(cid, []).append(name)
                runner = org.staff.get(operator) if operator else None
                for complaint in self.store.load_many(list({**due, **warn})):
                    # a sweep dated before recorded events is a late entry like any other: older
                    # than late_entry_window, only a supervisor or above may run it
                    policy.check_late_entry(self.config, org, runner or SYSTEM, at, self._last_at(complaint.id), "sweep")
                    names = due.get(complaint.id, [])
                    data: dict[str, Any] = {
                        "deadlines": [{"op": "breach", "name": n} for n in names]
                        + [{"op": "warn", "name": n} for n in warn.get(complaint.id, [])]
                    }
                    breached = projection.apply(complaint, self._event(complaint.id, SYSTEM, "sweep", at, data))
                    for n in warn.get(complaint.id, []):
                        deadline = breached.deadline(n)
                        if deadline is not None:
                            warnings.append(
                                {"id": complaint.id, "deadline": n, "due_at": deadline.due_at, "warn_at": deadline.warn_at}
                            )
                    for n in names:
                        deadline = breached.deadline(n)
                        if deadline is not None and deadline.kind == "deadline":
                            breaches.append({"id": complaint.id, "deadline": n, "due_at": deadline.due_at})
                    for n in (*names, *warn.get(complaint.id, [])):
                        deadline = breached.deadline(n)
                        if deadline is not None:
                            years.setdefault(org.id, set()).update(missing_years(org, deadline.clock, deadline.due_at))
                    if not names:  # a warning only: recorded, nothing ran out, no escalation to ask for
                        self._commit(complaint, org, SYSTEM, Action("sweep"), {}, at, data, consequences=False)
                        continue
                    escalation = self.hooks.complaint_escalate(complaint=breached, org=org, now=at)
                    if escalation is not None and escalation.tier != complaint.tier:
                        spec = self.domain(complaint.domain)
                        _one_of("escalated tier", escalation.tier, spec.tiers if spec else ())
                        data["set"] = {"tier": escalation.tier, "classification_reason": escalation.rule}
                        escalations.append(
                            {"id": complaint.id, "from": complaint.tier, "to": escalation.tier, "rule": escalation.rule}
                        )
                    # an escalation is a change the domain may react to (new steps for the new tier)
                    self._commit(
                        complaint, org, SYSTEM, Action("sweep"), {}, at, data, consequences="set" in data
                    )
        return {
            "at": at, "breaches": breaches, "escalations": escalations, "warnings": warnings, "calendar_years": years,
        }

    # -- the daily list ---------------------------------------------------------------

    def due(
        self, org_id: str | None = None, *, within: timedelta | None = None, at: datetime | None = None
    ) -> tuple[list[DueItem], list[OrgDeadline]]:
        """Deadlines overdue or due by the horizon, most urgent first, and the org's own duties.

        The horizon is `at` + `within`, or the end of `at`'s day in the org's time zone.
        """
        at = at or clock_now()
        orgs = [self.org(org_id)] if org_id else list(self.config.orgs.values())
        items: list[DueItem] = []
        duties: list[OrgDeadline] = []
        for org in orgs:
            horizon = at + within if within is not None else end_of_day(at, org.tz)
            for row in self.store.due_rows(org.id, at, horizon):
                overdue = row["due_at"] < at
                warning = not overdue and row["warn_at"] is not None and row["warn_at"] <= at
                items.append(
                    DueItem(
                        row["id"], row["deadline"], row["due_at"], overdue, row["owner"], row["tier"], row["summary"],
                        row["department"], row["assignee"], row["status"], row["domain"], org.id, warning, row["clock"],
                    )
                )
            duties.extend(self.hooks.report_deadlines(org=org, store=self.store, now=at))
        # overdue first, then warnings, then the rest of the horizon; each by due time
        items.sort(key=lambda item: (0 if item.overdue else 1 if item.warning else 2, item.due_at, item.id))
        return items, duties

    # -- compensation -----------------------------------------------------------------

    def compensate(
        self, complaint_id: str, *, fields: dict[str, Any] | None = None, actor: str | None = None
    ) -> Compensation:
        complaint = self.get(complaint_id, actor_id=acting(actor))
        org = self.org(complaint.org)
        # an evaluation, not a record: without a name, reckoned with the least authority there is
        staff = self.actor(org, actor) if acting(actor) else policy.ANONYMOUS_EVALUATOR
        result = self.hooks.complaint_compensation(complaint=complaint, org=org, actor=staff, facts=dict(fields or {}))
        if result is None:
            raise Refused(f"no compensation rules apply to {complaint.id} (domain {complaint.domain})")
        return result

    # -- maintenance ------------------------------------------------------------------

    def rebuild(self) -> int:
        return self.store.rebuild()

    @contextmanager
    def transaction(self) -> Iterator[App]:
        with self.store.transaction():
            yield self


# -- helpers --------------------------------------------------------------------------


def _month(at: datetime, org: Org) -> str:
    """``YYYY-MM`` of `at` in the org's zone (what ``complaints.month`` holds); cheaper than strftime."""
    local = at.astimezone(org.tz)
    return f"{local.year:04d}-{local.month:02d}"


def _one_of(what: str, value: str, allowed: tuple[str, ...]) -> None:
    if allowed and value not in allowed:
        raise InputError(f"{what} {value!r} is not one of: {', '.join(allowed)}")


def _input(action: Action, facts: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if action.to:
        data["to"] = action.to
    if action.note:
        data["note"] = action.note
    if facts:
        data["fields"] = _jsonable(facts)
    return data


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
    complaint: Complaint, specs: list[DeadlineSpec], *, renew_met: bool = False, org: Org | None = None,
    at: datetime | None = None,
) -> list[dict[str, Any]]:
    """Operations that bring the complaint's clocks in line with `specs` (add new, move open).

    With `renew_met` (a rule starting a clock as a consequence of an action, e.g. "notify the
    resident the day it is resolved" after a reopened complaint is resolved again), a clock
    of that name that was already met starts afresh; the earlier one stays in the history.
    """
    ops: list[dict[str, Any]] = []
    seen: set[str] = set()
    for spec in specs:
        if spec.name in seen:
            continue
        seen.add(spec.name)
        current = complaint.deadline(spec.name)
        if current is None or current.state == "cancelled" or (renew_met and current.met_at is not None):
            ops.append(
                {
                    "op": "add",
                    "name": spec.name,
                    "due_at": to_db(spec.due_at),
                    "met_by": list(spec.met_by),
                    "kind": spec.kind,
                    **clock_fields(spec, complaint, org, at),
                }
            )
        elif current.met_at is None and current.due_at != spec.due_at and not current.extensions:
            if open_pause(current) is not None:  # a paused clock moves when it resumes, not before
                continue
            ops.append({"op": "move", "name": spec.name, "due_at": to_db(spec.due_at), **clock_fields(spec, complaint, org, at)})
    return ops


def _effects_data(
    complaint: Complaint, effects: list[Effects], store: Store, org: Org, at: datetime | None = None
) -> dict[str, Any]:
    data: dict[str, Any] = {}
    steps = [s for e in effects for s in e.steps if complaint.step(s) is None]
    if steps:
        data["steps"] = [{"op": "add", "name": s} for s in dict.fromkeys(steps)]
    ops = _deadline_ops(complaint, [d for e in effects for d in e.deadlines], renew_met=True, org=org, at=at)
    for e in effects:
        for name in e.meet_deadlines:
            current = complaint.deadline(name)
            if current is not None and current.met_at is None and current.state != "cancelled":
                ops.append({"op": "met", "name": name})
        for name in e.cancel_deadlines:
            current = complaint.deadline(name)
            if current is not None and current.met_at is None and current.state != "cancelled":
                ops.append({"op": "cancel", "name": name})
    if ops:
        data["deadlines"] = ops
    links = []
    for e in effects:
        for link in e.links:
            if store.org_of(link.id) != org.id:  # a rule may only link within its organization
                continue
            if link not in complaint.links:
                links.append({"kind": link.kind, "id": link.id})
    if links:
        data["links"] = links
    flags = [f for e in effects for f in e.flags if f not in complaint.flags]
    if flags:
        data["flags"] = list(dict.fromkeys(flags))
    fields: dict[str, Any] = {}
    for e in effects:
        fields.update(e.fields)
    if fields:
        data["fields"] = fields
    departments = [e.department for e in effects if e.department]
    if departments:
        data["set"] = {"department": departments[-1]}
    return data


def _reclassified(before: Complaint, after: Complaint) -> bool:
    return (before.tier, before.category, before.urgent) != (after.tier, after.category, after.urgent)


def _merge(data: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Combine two event payloads: lists are concatenated in order, mappings updated."""
    merged = dict(data)
    for key, value in extra.items():
        if not value:
            continue
        if isinstance(value, list):
            merged[key] = [*merged.get(key, []), *value]
        elif isinstance(value, dict):
            merged[key] = {**merged.get(key, {}), **value}
        else:
            merged[key] = value
    return merged


__all__ = ["App", "DueItem"]
