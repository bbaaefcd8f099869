"""Authority and approvals (DOMAIN §1.7): who may pay how much, and who approved the rest.

The history is the ledger: every ``approve`` and ``settle`` event of a complaint is read back
from the event log, so the rule never trusts a field someone could have typed at intake. An
approval authorises one settlement (it is used up by it), is never by the settler, and is
recorded only when the approver's own authority covers the amount.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs

from tousu import Complaint, Event, Org, Staff
from tousu.errors import InputError
from tousu.facts import fact_amount, fact_str
from tousu.money import format_amount, parse_amount
from tousu.timeutil import show
from tousu_retail.settings import RetailSettings, authority_of, covers, yuan


@attrs.frozen
class Approval:
    n: int
    amount: Decimal
    by: str
    role: str
    at: datetime
    for_staff: str | None = None
    used_by: int | None = None


@attrs.frozen
class Settlement:
    n: int
    amount: Decimal
    by: str
    role: str
    at: datetime
    approval: int | None = None


def _amount(value: Any) -> Decimal | None:
    try:
        return parse_amount(value)
    except ValueError:
        return None


def ledger(events: list[Event]) -> tuple[list[Approval], list[Settlement]]:
    """Approvals (with the settlement that used each) and settlements, from the history."""
    approvals: dict[int, Approval] = {}
    settlements: list[Settlement] = []
    for event in events:
        typed = event.data.get("input", {}).get("fields", {})
        if event.action == "approve":
            amount = _amount(typed.get("amount"))
            if amount is not None:
                approvals[event.n] = Approval(event.n, amount, event.actor, event.role, event.at, typed.get("for"))
        elif event.action == "settle":
            record = event.data.get("fields", {}).get("last_settlement", {})
            amount = _amount(typed.get("amount"))
            if amount is None:
                continue
            used = record.get("approval")
            settlements.append(Settlement(event.n, amount, event.actor, event.role, event.at, used))
            if used in approvals:
                approvals[used] = attrs.evolve(approvals[used], used_by=event.n)
    return list(approvals.values()), settlements


def required_amount(facts: dict[str, Any], action: str) -> Decimal:
    amount = fact_amount(facts, "amount")
    if amount is None:
        raise InputError(f"{action} needs --field amount=A (yuan, e.g. --field amount=500.00)")
    return amount


def usable_approval(approvals: list[Approval], actor: Staff, amount: Decimal) -> Approval | None:
    """The smallest unused approval of at least `amount` that someone else gave for `actor`."""
    fitting = [
        a for a in approvals
        if a.used_by is None and a.amount >= amount and a.by != actor.id and a.for_staff in (None, actor.id)
    ]
    return min(fitting, key=lambda a: (a.amount, a.n), default=None)


def check_settle(
    complaint: Complaint, settings: RetailSettings, actor: Staff, facts: dict[str, Any], events: list[Event]
) -> str | None:
    """Refuse a settlement above the actor's authority unless someone else approved it."""
    amount = required_amount(facts, "settle")
    limit = authority_of(settings, actor)
    if covers(limit, amount):
        return None
    approvals, _ = ledger(events)
    if usable_approval(approvals, actor, amount) is not None:
        return None
    own = [a for a in approvals if a.by == actor.id and a.used_by is None and a.amount >= amount]
    why = (
        f"; the approval of {yuan(own[0].amount)} by {actor.id} does not count: nobody approves their own settlement"
        if own
        else ""
    )
    return (
        f"settle {yuan(amount)} exceeds the authority of {actor.id} ({actor.role}, limit {yuan(limit)}) "
        f"and no approval of at least {yuan(amount)} by someone else exists{why}: "
        f"ask a role whose authority covers it: `tousu act {complaint.id} approve --field amount={format_amount(amount)}`"
    )


def check_approve(complaint: Complaint, settings: RetailSettings, actor: Staff, facts: dict[str, Any]) -> str | None:
    """An approval is recorded only by a role whose authority covers it, never for oneself."""
    amount = required_amount(facts, "approve")
    limit = authority_of(settings, actor)
    if not covers(limit, amount):
        return (
            f"approve {yuan(amount)} exceeds the authority of {actor.id} ({actor.role}, limit {yuan(limit)}): "
            f"a role with a higher limit must approve it"
        )
    if fact_str(facts, "for") == actor.id:
        return f"nobody approves their own settlement: {actor.id} cannot approve a settlement for {actor.id}"
    return None


def summary(events: list[Event], pending: Event | None, org: Org) -> dict[str, Any]:
    """The ledger as complaint fields, so that ``show`` lists approvals, settlements and the total paid."""
    approvals, settlements = ledger([*events, *([pending] if pending else [])])
    tz = org.tz
    return {
        "approvals": [
            {"amount": format_amount(a.amount), "by": a.by, "role": a.role, "at": show(a.at, tz),
             **({"for": a.for_staff} if a.for_staff else {}), "used_by_event": a.used_by}
            for a in approvals
        ],
        "settlements": [
            {"amount": format_amount(s.amount), "by": s.by, "role": s.role, "at": show(s.at, tz),
             "approved_by": next((a.by for a in approvals if a.n == s.approval), None)}
            for s in settlements
        ],
        "paid_total": format_amount(sum((s.amount for s in settlements), Decimal("0"))),
    }
