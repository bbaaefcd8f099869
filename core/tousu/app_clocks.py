"""The clocks' side of the desk: the sweep that records what ran out, and the daily list.

A mixin of `tousu.app.App`: `App.sweep` (one transaction; its cost follows the clocks that
just ran out) and `App.due` (read-only).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from operator import attrgetter
from typing import Any

import attrs

from tousu import app_sweep, policy, projection
from tousu.calendars.deadlines import missing_years
from tousu.clock import recording_instant
from tousu.models import (
    Action,
    OrgDeadline,
)
from tousu.payload import DeadlineBreach, DeadlineOp, DeadlineWarn, Payload, Set
from tousu.recording import (
    SYSTEM,
    _one_of,
)
from tousu.timeutil import end_of_day
from tousu.timeutil import now as clock_now


@attrs.frozen(slots=False)
class DueItem:
    """One line of the daily list (frozen; without slots, as a list makes thousands: attrs
    then fills the instance's dict at once instead of setting each slot through the frozen guard)."""

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


_BY_DUE_TIME = attrgetter("due_at", "id")

#: Record the breaches and warnings no plugin needs to see set-wise (`tousu.app_sweep`); off,
#: every swept complaint goes row by row (tests/perf/test_set_sweep_equal.py runs both).
SET_BASED_SWEEP = True


class ClockWork:
    """`App.sweep` and `App.due`."""

    # set by App.__init__
    config: Any
    registry: Any
    store: Any
    hooks: Any
    features: Any

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
        with self.store.transaction(), self.store.bulk():  # events and changes written per table at the end
            # taken under the write lock, so no event after it is already in; never the future
            at = recording_instant(self.config, at)
            for org in orgs:
                # the swept clocks as stored, with their complaint's domain, tier and last event
                # number, for the set-based pass (read alike with it on or off)
                clocks: dict[tuple[str, str], tuple[Any, ...]] = {}  # (kind, due_at, warn_at, clock)
                facts: dict[str, tuple[Any, ...]] = {}  # (domain, tier, last event number)
                due: dict[str, list[str]] = {}
                for row in self.store.pending_before(org.id, at, complaint_ids, detail=True):
                    cid, name = row[0], row[1]
                    due.setdefault(cid, []).append(name)
                    clocks[cid, name] = row[2:6]
                    facts[cid] = row[6:]
                warn: dict[str, list[str]] = {}
                for row in self.store.warnings_due(org.id, at, complaint_ids, detail=True):
                    cid, name = row[0], row[1]
                    warn.setdefault(cid, []).append(name)
                    clocks[cid, name] = row[2:6]
                    if cid not in facts:  # a breach's facts name the domain and tier too
                        facts[cid] = row[6:]
                runner = org.staff.get(operator) if operator else None
                ids = list({**due, **warn})
                # a sweep dated before recorded events is a late entry like any other: older than
                # late_entry_window, only a supervisor or above may run it. Judged before any
                # complaint is recorded, so a refused sweep has written nothing (on PostgreSQL not
                # even taken a seq), whichever path records them; once, by the latest instant of
                # the swept histories (the rule refuses by the largest)
                if complaint_ids is None and ids:  # (import replays a sweep on one complaint: checked below)
                    latest = self.store.latest_event_after(org.id, ids, at)
                    policy.check_late_entry(self.config, org, runner or SYSTEM, at, latest, "sweep")
                # complaints no plugin needs to see, recorded set-wise (tousu.app_sweep); not while
                # import replays one complaint's history (its rows may be held in the batch), nor
                # when a feature must see each event (the outbox of an organization that notifies)
                quick: dict[str, app_sweep.Quick] = {}
                if (
                    SET_BASED_SWEEP
                    and complaint_ids is None
                    and not (self.telling and self.features.event_watched(org))
                ):
                    quick = app_sweep.plan(self, org, ids, due, warn, facts)
                loaded = {c.id: c for c in self.store.load_many([cid for cid in ids if cid not in quick])}
                run: list[tuple[str, int, dict[str, Any], list[str], list[str]]] = []
                payloads: dict[tuple[tuple[str, ...], tuple[str, ...]], dict[str, Any]] = {}  # one per kind of sweep
                listed = years.setdefault(org.id, set()) if quick else set()  # listed as row by row lists it
                for cid in ids:
                    found = quick.get(cid)
                    if found is not None:
                        key = (tuple(found.breached), tuple(found.warned))
                        data = payloads.get(key)
                        if data is None:
                            data = payloads[key] = found.payload()
                        run.append((cid, found.n + 1, data, found.breached, found.warned))
                        app_sweep.figures(org, cid, found, clocks, breaches, warnings, listed)
                        continue
                    self._sweep_quick(org, at, run)  # in order: the history's numbers and chain as row by row
                    complaint = loaded.get(cid)
                    if complaint is not None:
                        if complaint_ids is not None:  # import's replay, not judged above
                            last = self.store.last_event_at(complaint.id)
                            policy.check_late_entry(self.config, org, runner or SYSTEM, at, last, "sweep")
                        self._sweep_one(complaint, org, at, due, warn, breaches, escalations, warnings, years)
                self._sweep_quick(org, at, run)
        return {
            "at": at, "breaches": breaches, "escalations": escalations, "warnings": warnings, "calendar_years": years,
        }

    def _sweep_quick(
        self, org: Any, at: datetime, run: list[tuple[str, int, dict[str, Any], list[str], list[str]]]
    ) -> None:
        """The set-based pass's complaints gathered so far (id, event number, payload, clocks
        breached and warned): their events in one statement, their rows set-wise."""
        if not run:
            return
        # one instant for the run, from the App's clock as every event's (`_event`): one statement records them
        recorded = self._event(run[0][0], SYSTEM, "sweep", at, {}).recorded_at
        self.store.record_sweep(org.id, at, recorded, SYSTEM.id, SYSTEM.role, run)
        run.clear()

    def _sweep_one(
        self,
        complaint: Any,
        org: Any,
        at: datetime,
        due: dict[str, list[str]],
        warn: dict[str, list[str]],
        breaches: list[dict[str, Any]],
        escalations: list[dict[str, Any]],
        warnings: list[dict[str, Any]],
        years: dict[str, set[int]],
    ) -> None:
        """One complaint row by row: loaded whole, the breach folded in, the escalation rule asked
        (its late entry already judged by `sweep`, once, before anything was recorded)."""
        names = due.get(complaint.id, [])
        ops: list[DeadlineOp] = [DeadlineBreach(n) for n in names]
        ops += [DeadlineWarn(n) for n in warn.get(complaint.id, [])]
        data = Payload(deadlines=ops)
        breached = projection.fold(complaint, data, complaint.id, at, SYSTEM.id)
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
            self._commit(complaint, org, SYSTEM, Action("sweep"), {}, at, data, consequences=False, applied=breached)
            return
        escalation = self.hooks.complaint_escalate(complaint=breached, org=org, now=at)
        if escalation is not None and escalation.tier != complaint.tier:
            spec = self.domain(complaint.domain)
            _one_of("escalated tier", escalation.tier, spec.tiers if spec else ())
            data = attrs.evolve(data, set=Set(tier=escalation.tier, classification_reason=escalation.rule))
            escalations.append(
                {"id": complaint.id, "from": complaint.tier, "to": escalation.tier, "rule": escalation.rule}
            )
        # an escalation is a change the domain may react to (new steps for the new tier)
        escalated = bool(data.set)
        self._commit(  # without an escalation the event is the one `breached` was folded from
            complaint, org, SYSTEM, Action("sweep"), {}, at, data, consequences=escalated,
            applied=None if escalated else breached,
        )

    # -- the daily list ---------------------------------------------------------------

    def due(
        self, org_id: str | None = None, *, within: timedelta | None = None, at: datetime | None = None
    ) -> tuple[list[DueItem], list[OrgDeadline]]:
        """Deadlines overdue or due by the horizon, most urgent first, and the org's own duties.

        The horizon is `at` + `within`, or the end of `at`'s day in the org's time zone.
        """
        at = at or clock_now()
        orgs = [self.org(org_id)] if org_id else list(self.config.orgs.values())
        # overdue first, then warnings, then the rest of the horizon; each by due time
        overdue_items: list[DueItem] = []
        warning_items: list[DueItem] = []
        later_items: list[DueItem] = []
        duties: list[OrgDeadline] = []
        for org in orgs:
            horizon = at + within if within is not None else end_of_day(at, org.tz)
            for cid, name, due_at, owner, tier, summary, department, assignee, status, domain, warned, clock in (
                self.store.due_list(org.id, at, horizon)
            ):
                overdue = due_at < at
                warning = not overdue and warned
                (overdue_items if overdue else warning_items if warning else later_items).append(
                    DueItem(
                        cid, name, due_at, overdue, owner, tier, summary, department, assignee, status, domain, org.id,
                        warning, clock,
                    )
                )
            duties.extend(self.hooks.report_deadlines(org=org, store=self.store, now=at))
        for group in (overdue_items, warning_items, later_items):
            group.sort(key=_BY_DUE_TIME)  # each org's already is: a pass over them
        return overdue_items + warning_items + later_items, duties

