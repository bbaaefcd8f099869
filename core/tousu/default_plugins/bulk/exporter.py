"""Export: each complaint as an import record (its intake and its history), personal data masked.

The history is read back from the event log: every action with its time, actor, ``--to``,
``--note`` and facts, and the sweeps that breached a clock or raised the tier, so importing
the file into a fresh database replays the same lifecycle and gives the same report.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from tousu.default_plugins.bulk.masking import mask_contact, mask_fields, mask_name, mask_text
from tousu.errors import Refused
from tousu.models import Org, Staff
from tousu.timeutil import from_db, show
from tousu.timeutil import now as clock_now


def check_unmask(org: Org, staff: Staff) -> None:
    """Only a role the organization allows may see complainants' names and contacts."""
    if staff.role not in org.personal_data_roles:
        raise Refused(
            f"--unmask needs one of the roles {', '.join(org.personal_data_roles)} "
            f"(orgs.{org.id}.personal_data_roles); {staff.id} is {staff.role}"
        )


def audit(store: Any, org: Org, staff: Staff, at: datetime, detail: dict[str, Any]) -> None:
    """Append who exported what to the append-only, hash-chained ``audit`` table."""
    with store.transaction():
        store.append_audit(org.id, at, clock_now(), staff.id, staff.role, "export", detail)


def count_records(store: Any, org: Org, *, start: datetime | None = None, end: datetime | None = None) -> int:
    return store.count_received(org.id, start, end)


def export_records(
    store: Any, org: Org, *, start: datetime | None = None, end: datetime | None = None, unmask: bool = False
) -> Iterator[dict[str, Any]]:
    """The organization's complaints received in ``[start, end)``, oldest first, as import records."""
    for cid, complainant, contact, erased, history in store.histories(org.id, start, end):
        if erased:
            complainant = contact = ""
        yield _record(cid, complainant, contact, history, org, unmask)


def _record(
    cid: str, complainant: str, contact: str, history: list[tuple[Any, ...]], org: Org, unmask: bool
) -> dict[str, Any]:
    tz = org.tz
    text = (lambda s: s) if unmask else mask_text
    _, at, actor, _, data = history[0]
    create, chosen = data["create"], data.get("set", {})
    record: dict[str, Any] = {
        "id": cid,
        "domain": create["domain"],
        "channel": create["channel"],
        "category": chosen.get("category"),
        "tier": chosen.get("tier"),
        "summary": text(create["summary"]),
        "complainant": complainant if unmask else mask_name(complainant),
        "contact": contact if unmask else mask_contact(contact),
        "respondent": text(create.get("respondent", "")),
        "place": text(create.get("place", "")),
        "request": text(create.get("request", "")),
        "received_at": show(from_db(create["received_at"]), tz),
        "urgent": bool(create.get("urgent", False)),
        "actor": actor,
        "fields": data.get("fields", {}) if unmask else mask_fields(data.get("fields", {})),
    }
    actions = []
    for _, at, actor, action, event_data in history[1:]:
        entry: dict[str, Any] = {"action": action, "at": show(at, tz)}
        if action != "sweep":
            given = event_data.get("input", {})
            entry["actor"] = actor
            if given.get("to"):
                entry["to"] = text(given["to"])
            if given.get("note"):
                entry["note"] = text(given["note"])
            if given.get("fields"):
                entry["fields"] = given["fields"] if unmask else mask_fields(given["fields"])
        actions.append(entry)
    record["actions"] = actions
    return {k: v for k, v in record.items() if v not in (None, "")}
