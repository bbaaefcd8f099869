"""What a complainant sees of their case: public state, answers, promised times. Pure functions.

Only what the complainant needs and nothing of the desk's inside: no staff names or roles,
no internal notes, no department or respondent, no complaint id (nothing that works on
``/api/``), nothing of another case. Answers are the notes of the events the domain tells
the complainant of (`DomainSpec.tell`), their own additions are shown back to them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from tousu.default_plugins.words.labels import label
from tousu.models import Complaint, DomainSpec, Event, Org

#: Core status → the four states a complainant is shown.
PUBLIC_STATES = {
    "received": "received",
    "acknowledged": "received",
    "forwarded": "handling",
    "in_progress": "handling",
    "resolved": "answered",
    "closed": "closed",
    "transferred": "closed",
    "invalid": "closed",
    "withdrawn": "closed",
}
#: Told actions whose note is an answer to the complainant.
ANSWERS = ("reply", "notify", "transfer", "invalid")


def public_state(complaint: Complaint) -> str:
    return PUBLIC_STATES.get(complaint.status, "handling")


def callback_due(complaint: Complaint, events: Sequence[Event], domain: DomainSpec | None = None) -> bool:
    """The complainant may give their verdict: the case is resolved (or closed) and not yet judged since.

    A domain that runs a callback clock (a deadline met by ``callback``, as the property desk
    starts once the resident is told the result) asks exactly while that clock runs.
    """
    if complaint.status not in ("resolved", "closed"):
        return False
    if domain is not None and "callback" in domain.deadlines:
        return any(
            "callback" in d.met_by and d.met_at is None and d.state in ("pending", "breached")
            for d in complaint.deadlines
        )
    for event in reversed(events):
        if event.action == "callback":
            return False
        if event.action in ("resolve", "reopen"):
            return True
    return True


def case_view(complaint: Complaint, events: Sequence[Event], org: Org, domain: DomainSpec | None) -> dict[str, Any]:
    """Everything the status page shows, already in the organization's language and zone."""
    tell = set(domain.tell if domain is not None else ())
    lang = org.language
    answers = []
    additions = []
    for event in events:
        entered = event.data.get("input", {}) if isinstance(event.data, dict) else {}
        note = (entered.get("note") or "").strip()
        if event.action in ANSWERS and event.action in tell and (note or event.action == "transfer"):
            answers.append(
                {
                    "kind": event.action,
                    "label": label(event.action, lang, domain),
                    "at": _local(event.at, org),
                    "text": note,
                    "agency": entered.get("to", "") if event.action == "transfer" else "",
                }
            )
        elif event.actor == "public" and event.action in ("inform", "callback"):
            fields = entered.get("fields", {})
            additions.append(
                {
                    "kind": event.action,
                    "at": _local(event.at, org),
                    "text": note,
                    "satisfied": fields.get("satisfied") if event.action == "callback" else None,
                }
            )
    promised = set(domain.public_deadlines if domain is not None else ())
    deadlines = [
        {
            "name": d.name,
            "label": label(d.name, lang, domain),
            "due_at": _local(d.due_at, org),
            "state": "met" if d.met_at is not None else d.state,
        }
        for d in complaint.deadlines
        if d.name in promised and d.kind == "deadline" and d.state != "cancelled"
    ]
    return {
        "state": public_state(complaint),
        "received_at": _local(complaint.received_at, org),
        "summary": complaint.summary,
        "answers": answers,
        "additions": additions,
        "deadlines": deadlines,
        "callback_due": callback_due(complaint, events, domain),
        "open": complaint.is_open,
    }


def _local(at: datetime, org: Org) -> str:
    return at.astimezone(org.tz).strftime("%Y-%m-%d %H:%M")
