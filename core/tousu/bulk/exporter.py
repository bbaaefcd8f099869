"""Export: each complaint as an import record (its intake and its history), personal data masked.

The history is read back from the event log: every action with its time, actor, ``--to``,
``--note`` and facts, and the sweeps that breached a clock or raised the tier, so importing
the file into a fresh database replays the same lifecycle and gives the same report.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from tousu.bulk.masking import mask_contact, mask_fields, mask_name, mask_text
from tousu.errors import Refused
from tousu.models import Org, Staff
from tousu.timeutil import from_db, show, to_db
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


def _where(org: Org, start: datetime | None, end: datetime | None) -> tuple[str, list[Any]]:
    where, params = ["c.org = ?"], [org.id]
    if start is not None:
        where.append("c.received_at >= ?")
        params.append(to_db(start))
    if end is not None:
        where.append("c.received_at < ?")
        params.append(to_db(end))
    return " AND ".join(where), params


def count_records(store: Any, org: Org, *, start: datetime | None = None, end: datetime | None = None) -> int:
    where, params = _where(org, start, end)
    return store.conn.execute(f"SELECT count(*) FROM complaints c WHERE {where}", params).fetchone()[0]


def export_records(
    store: Any, org: Org, *, start: datetime | None = None, end: datetime | None = None, unmask: bool = False
) -> Iterator[dict[str, Any]]:
    """The organization's complaints received in ``[start, end)``, oldest first, as import records."""
    where, params = _where(org, start, end)
    rows = store.conn.execute(
        f"SELECT c.id, coalesce(p.complainant, ''), coalesce(p.contact, ''), p.erased_at FROM complaints c "
        f"LEFT JOIN personal p ON p.complaint_id = c.id WHERE {where} ORDER BY c.received_at, c.id",
        params,
    )
    events = store.conn.cursor()
    for cid, complainant, contact, erased in rows:
        history = events.execute(
            "SELECT n, at, actor, action, data FROM events WHERE complaint_id = ? ORDER BY n", (cid,)
        ).fetchall()
        if erased:
            complainant = contact = ""
        yield _record(cid, complainant, contact, history, org, unmask)


def _record(
    cid: str, complainant: str, contact: str, history: list[tuple[Any, ...]], org: Org, unmask: bool
) -> dict[str, Any]:
    tz = org.tz
    text = (lambda s: s) if unmask else mask_text
    _, at, actor, _, data_text = history[0]
    data = json.loads(data_text)
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
    for _, at, actor, action, data_text in history[1:]:
        entry: dict[str, Any] = {"action": action, "at": show(from_db(at), tz)}
        if action != "sweep":
            given = json.loads(data_text).get("input", {})
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
