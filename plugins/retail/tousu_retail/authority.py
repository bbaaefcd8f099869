"""Authority and approvals (DOMAIN §1.7): who may pay how much, and who approved the rest.

The history is the ledger: every ``approve`` and ``settle`` event of a complaint is read back
from the event log, so the rule never trusts a field someone could have typed at intake.
Authority is per complaint and cumulative: what is held against the settler's limit and the
approvals is the sum of every settlement on the complaint, by anyone, including the new one.
Compensation is paid at once (item j): after the first settlement, every further one needs a
new approval. An approval names the complaint's total it allows, authorises one settlement
(it is used up by it), is never by the settler, and is recorded only when the approver's own
authority covers the amount.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs

from tousu import Complaint, Event, Org, Staff
from tousu.errors import InputError
from tousu.facts import fact_amount, fact_bool, fact_str
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
    goodwill: bool = False


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
    voided = {int(e.data["void"]["event"]) for e in events if e.action == "void" and "void" in e.data}
    for event in events:
        if event.n in voided:  # reversed by a later ``void`` (a correction of the record): as if never paid
            continue
        typed = event.data.get("input", {}).get("fields", {})
        if event.action == "approve":
            amount = _amount(typed.get("amount"))
            if amount is not None:
                goodwill = bool(fact_bool(typed, "goodwill", False))
                approvals[event.n] = Approval(
                    event.n, amount, event.actor, event.role, event.at, typed.get("for"), goodwill=goodwill
                )
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


def paid_total(settlements: list[Settlement]) -> Decimal:
    return sum((s.amount for s in settlements), Decimal("0"))


def usable_approval(
    approvals: list[Approval], actor: Staff, total: Decimal, *, goodwill: bool = False
) -> Approval | None:
    """The smallest unused approval covering the complaint's `total` that someone else gave for `actor`.

    An approval names the most the complaint may have been paid in all once the settlement it
    authorises is made (authority is per complaint and cumulative); with `goodwill` only an
    approval recorded as a goodwill concession (2-1) counts.
    """
    fitting = [
        a for a in approvals
        if a.used_by is None and a.amount >= total and a.by != actor.id and a.for_staff in (None, actor.id)
        and (a.goodwill or not goodwill)
    ]
    return min(fitting, key=lambda a: (a.amount, a.n), default=None)


@attrs.frozen
class Decision:
    """Whether a settlement may be paid, the approval it uses, and why not."""

    allowed: bool
    approval: int | None = None
    reason: str = ""


def decide(
    complaint: Complaint,
    settings: RetailSettings,
    actor: Staff,
    amount: Decimal,
    events: list[Event],
    *,
    goodwill: bool = False,
) -> Decision:
    """The rule for one settlement of `amount` on `complaint`, read from its history.

    - The sum of every settlement on the complaint, by anyone, including this one, is what
      authority is held against: ten settlements of ¥500 are one of ¥5,000.
    - Item j (一次性支付): compensation is paid once. The first settlement is within the
      settler's own authority or uses an approval; every further one needs a new approval
      covering the new total, whatever the settler's own limit.
    - An approval is used by one settlement, is never the settler's own, and (2-1, a demand
      found unreasonable) must be a goodwill concession by a role that may grant one.
    """
    approvals, settlements = ledger(events)
    paid = paid_total(settlements)
    total = paid + amount
    limit = authority_of(settings, actor)
    if not settlements and not goodwill and covers(limit, total):
        return Decision(True)
    found = usable_approval(approvals, actor, total, goodwill=goodwill)
    if found is not None:
        return Decision(True, found.n)
    ask = f"`tousu act {complaint.id} approve --field amount={format_amount(total)}{' --field goodwill=true' if goodwill else ''}`"
    own = [a for a in approvals if a.by == actor.id and a.used_by is None and a.amount >= total]
    why_own = (
        f"; the approval of {yuan(own[0].amount)} by {actor.id} does not count: nobody approves their own settlement"
        if own
        else ""
    )
    if goodwill:
        return Decision(False, reason=(
            f"2-1: the repair department found no quality problem and the company not at fault, so in principle "
            f"no concession is made (原则上我们不做任何让步处理); settle {yuan(amount)} needs a goodwill approval of at "
            f"least {yuan(total)} by a {' or '.join(settings.goodwill_roles)}{why_own} "
            f"(already paid on {complaint.id}: {yuan(paid)}): {ask}"
        ))
    if settlements:
        return Decision(False, reason=(
            f"{complaint.id} has already been paid {yuan(paid)} in {len(settlements)} settlement"
            f"{'s' if len(settlements) > 1 else ''}; compensation is paid at once (item j, 一次性支付), so settle "
            f"{yuan(amount)} (a total of {yuan(total)}) needs a new approval of at least {yuan(total)} "
            f"by someone else{why_own}: {ask}"
        ))
    return Decision(False, reason=(
        f"settle {yuan(amount)} exceeds the authority of {actor.id} ({actor.role}, limit {yuan(limit)}) "
        f"and no approval of at least {yuan(total)} by someone else exists{why_own}: "
        f"ask a role whose authority covers it: {ask}"
    ))


def check_settle(
    complaint: Complaint,
    settings: RetailSettings,
    actor: Staff,
    facts: dict[str, Any],
    events: list[Event],
    *,
    goodwill: bool = False,
) -> str | None:
    """Refuse a settlement the complaint's approvals and the settler's authority do not cover."""
    decision = decide(complaint, settings, actor, required_amount(facts, "settle"), events, goodwill=goodwill)
    return None if decision.allowed else decision.reason


def check_approve(
    complaint: Complaint, settings: RetailSettings, actor: Staff, facts: dict[str, Any], events: list[Event]
) -> str | None:
    """An approval is recorded only by a role whose authority covers it, never for oneself.

    Its amount is the complaint's total once the settlement it authorises is paid, so an
    approval at or below what was already paid could authorise nothing and is refused.
    """
    amount = required_amount(facts, "approve")
    limit = authority_of(settings, actor)
    if not covers(limit, amount):
        return (
            f"approve {yuan(amount)} exceeds the authority of {actor.id} ({actor.role}, limit {yuan(limit)}): "
            f"a role with a higher limit must approve it"
        )
    if fact_str(facts, "for") == actor.id:
        return f"nobody approves their own settlement: {actor.id} cannot approve a settlement for {actor.id}"
    if fact_bool(facts, "goodwill", False) and actor.role not in settings.goodwill_roles:
        return (
            f"2-1: a goodwill concession to an unreasonable demand is approved by a {' or '.join(settings.goodwill_roles)}; "
            f"{actor.id} is {actor.role}"
        )
    paid = paid_total(ledger(events)[1])
    if paid and amount <= paid:
        return (
            f"approve {yuan(amount)}: {complaint.id} has already been paid {yuan(paid)}; an approval covers the "
            f"complaint's whole total, so approve at least {yuan(paid)} plus the new payment"
        )
    return None


def summary(events: list[Event], pending: Event | None, org: Org) -> dict[str, Any]:
    """The ledger as complaint fields, so that ``show`` lists approvals, settlements and the total paid."""
    approvals, settlements = ledger([*events, *([pending] if pending else [])])
    tz = org.tz
    return {
        "approvals": [
            {"amount": format_amount(a.amount), "by": a.by, "role": a.role, "at": show(a.at, tz),
             **({"for": a.for_staff} if a.for_staff else {}), **({"goodwill": True} if a.goodwill else {}),
             "used_by_event": a.used_by}
            for a in approvals
        ],
        "settlements": [
            {"amount": format_amount(s.amount), "by": s.by, "role": s.role, "at": show(s.at, tz),
             "approved_by": next((a.by for a in approvals if a.n == s.approval), None)}
            for s in settlements
        ],
        "paid_total": format_amount(paid_total(settlements)),
    }
