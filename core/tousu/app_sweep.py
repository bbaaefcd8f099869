"""The sweep's set-based pass: clocks run out recorded without building their complaints.

A row-by-row sweep loads each complaint whole (every clock, step and link parsed), folds the
breach into it, asks the domain's escalation rule, diffs the rows and writes the difference.
For most complaints of a sweep none of that decides anything: a warning asks no plugin, and a
breach whose domain's plugins do not escalate on it changes only the breached clocks' state
and the complaint's ``last_event``. Those complaints (`Quick`) get their events built from the
clock rows, recorded per run in one statement with their rows written set-wise
(`Store.record_sweep`); every other complaint takes the row-by-row path, in the same
order, so the history's numbers, hashes and chain are the ones a row-by-row sweep gives.
`tests/perf/test_set_sweep_equal.py` proves both paths leave the same database.

A complaint takes the row-by-row path when any plugin must see it: a breach in a domain where
an enabled plugin implements ``complaint_escalate`` and has not declared, through
``complaint_escalation_watch``, that this breach cannot escalate (`needs_plugin`); or when the
organization's outbox is on (the messages are built from the whole complaint).
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from tousu.calendars.deadlines import missing_years
from tousu.models import EscalationWatch
from tousu.payload import DeadlineBreach, DeadlineOp, DeadlineWarn, Payload, written
from tousu.timeutil import from_db


class Quick(NamedTuple):
    """One complaint the set-based pass records: its clocks breached and warned (in the
    sweep's order) and the number of its last event (a tuple: a sweep makes thousands)."""

    breached: list[str]
    warned: list[str]
    n: int

    def payload(self) -> dict[str, Any]:
        """The event's payload as the row-by-row sweep writes it."""
        ops: list[DeadlineOp] = [DeadlineBreach(n) for n in self.breached]
        ops += [DeadlineWarn(n) for n in self.warned]
        return written(Payload(deadlines=ops))


def plan(
    app: Any,
    org: Any,
    ids: list[str],
    due: dict[str, list[str]],
    warn: dict[str, list[str]],
    facts: dict[str, tuple[Any, ...]],
) -> dict[str, Quick]:
    """The complaints of `ids` that need no plugin, with what the set-based pass needs
    (`facts`: each one's domain, tier and last event number as `Store.pending_before`
    ``detail`` gives them, None for a missing complaint or history; `warnings_due` gives no
    domain or tier, which only a breach needs)."""
    watches: dict[str, list[EscalationWatch] | None] = {}
    quick: dict[str, Quick] = {}
    unsure: list[str] = []  # a watch on a clock may match them once their earlier breaches are known
    for cid in ids:
        domain, tier, n = facts[cid]
        if n is None:
            continue  # no history, so no complaint: the row-by-row path finds nothing either
        breached, warned = due.get(cid, []), warn.get(cid, [])
        if breached:
            if domain is None:
                continue  # no complaint row
            if domain not in watches:
                watches[domain] = app.hooks.escalation_watches(org=org, domain=domain)
            verdict = _verdict(watches[domain], tier, breached)
            if verdict:
                continue
            if verdict is None:
                unsure.append(cid)
        quick[cid] = Quick(breached, warned, n or 0)
    if unsure:
        before = app.store.breached_clocks(unsure)
        for cid in unsure:
            domain, tier, _ = facts[cid]
            if needs_plugin(watches[domain], tier, due[cid], before.get(cid, set())):
                del quick[cid]
    return quick


def _verdict(watches: list[EscalationWatch] | None, tier: str | None, breached: list[str]) -> bool | None:
    """`needs_plugin` from the clocks breached now alone: True or False when that decides it,
    None when a watch on a clock could still match a clock breached by an earlier sweep."""
    if watches is None:
        return True
    now = set(breached)
    if any(watch.matches(tier, now) for watch in watches):
        return True  # more breached clocks only match more
    if any(watch.clocks and (not watch.tiers or tier in watch.tiers) for watch in watches):
        return None
    return False


def needs_plugin(
    watches: list[EscalationWatch] | None, tier: str | None, breached: list[str], before: set[str]
) -> bool:
    """Whether a breach of `breached` may be escalated by a plugin: None (some plugin escalates
    without saying when) always may; otherwise one whose watch matches the complaint's tier
    and a clock breached after this sweep (now, or `before`, by an earlier sweep)."""
    if watches is None:
        return True
    if not watches:
        return False
    after = set(breached) | before
    return any(watch.matches(tier, after) for watch in watches)


def figures(
    org: Any,
    cid: str,
    quick: Quick,
    clocks: dict[tuple[str, str], tuple[Any, ...]],
    breaches: list[dict[str, Any]],
    warnings: list[dict[str, Any]],
    years: set[int],
) -> None:
    """The sweep's result lines of one complaint added to `breaches`, `warnings` and `years`
    (the calendar years its clocks run into), as the row-by-row sweep reads them off the
    breached complaint (`clocks`: each swept clock's kind, due_at, warn_at and clock as stored,
    by complaint id and name)."""
    for name in quick.warned:
        kind, stored, warn_at, clock = clocks[cid, name]
        due_at = from_db(stored)
        warnings.append({"id": cid, "deadline": name, "due_at": due_at, "warn_at": from_db(warn_at) if warn_at else None})
        # only a working-time clock with its start runs into calendar years (calendars.deadlines.
        # missing_years answers [] for any other): the text says so without parsing it
        if clock and '"working"' in clock and '"from"' in clock:
            years.update(missing_years(org, json.loads(clock), due_at))
    for name in quick.breached:
        kind, stored, _, clock = clocks[cid, name]
        due_at = from_db(stored)
        if kind == "deadline":
            breaches.append({"id": cid, "deadline": name, "due_at": due_at})
        if clock and '"working"' in clock and '"from"' in clock:
            years.update(missing_years(org, json.loads(clock), due_at))
