"""The JSON documents of the desk commands, built once for every door.

``tousu show --json`` and ``GET /api/v1/complaints/{id}`` print the same document because
both call `complaint_document`; the daily list, a sweep and the register likewise. A door
decides *who* looks (the CLI's ``--actor``, the server's logged-in staff member); what they
may see is decided here, by the privacy rule (`tousu.default_plugins.doors.privacy`), and a view in clear that
only the viewer's role allowed is audited with that viewer.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tousu.models import Complaint, Event, Org, Staff
from tousu.timeutil import show


def screened(
    app: Any, complaint: Complaint, org: Org, staff: Staff | None, *, history: bool, command: str = "show"
) -> tuple[Complaint, list[Event] | None]:
    """The complaint (and its history) as `staff` may see it: personal data masked unless
    the rule opens it; a view in clear that only the role allowed is audited."""
    from tousu.default_plugins.doors import privacy

    events = app.history(complaint.id) if history else None
    if not privacy.may_see(org, staff, complaint, app.domain(complaint.domain)):
        complaint, events = privacy.masked_view(complaint, events)
    elif not privacy.sees_as_handler(complaint, staff) and (
        privacy.masked_complaint(complaint) != complaint or any(privacy.masked_event(e) != e for e in events or ())
    ):
        privacy.record_unmasked_view(app.store, org, staff, privacy.now(), command, [complaint.id])
    return complaint, events


def complaint_document(
    app: Any, complaint: Complaint, org: Org, at: datetime, staff: Staff | None, *, history: bool
) -> dict[str, Any]:
    """``show --json`` (with history), ``intake --json`` and ``act --json`` (without)."""
    from tousu.default_plugins.doors.render import complaint_json

    shown, events = screened(app, complaint, org, staff, history=history)
    return complaint_json(shown, org, at, events)


def due_document(app: Any, org_id: str | None, items: list[Any], duties: list[Any], at: datetime) -> list[dict[str, Any]]:
    """``due --json``: the clocks (already screened for the viewer), then the org's own duties."""
    from tousu.default_plugins.doors.clocks import due_notes

    return [
        {
            "id": i.id,
            "deadline": i.deadline,
            "due_at": show(i.due_at, app.org(i.org).tz),
            "overdue": i.overdue,
            "owner": i.owner,
            "tier": i.tier,
            "summary": i.summary,
            "department": i.department,
            "assignee": i.assignee,
            "status": i.status,
            "warning": i.warning,
            **due_notes(i, app.org(i.org), at),
        }
        for i in items
    ] + [
        {
            "id": None,
            "deadline": d.name,
            "due_at": show(d.due_at, app.org(org_id).tz if org_id else d.due_at.tzinfo),
            "overdue": d.due_at < at and not d.met,
            "owner": None,
            "tier": None,
            "summary": d.summary,
        }
        for d in duties
    ]


def screened_due(app: Any, items: list[Any], viewer_of: Any) -> list[Any]:
    """The daily list's rows as each organization's viewer (``viewer_of(org)``) may see them."""
    from tousu.default_plugins.doors.privacy import screen_rows

    by_org: dict[str, list[Any]] = {}
    for item in items:
        by_org.setdefault(item.org, []).append(item)
    screened_rows = {
        i.id + "\0" + i.deadline: i
        for oid, rows in by_org.items()
        for i in screen_rows(app.store, app.org(oid), viewer_of(app.org(oid)), rows, "due", ("summary", "department"))
    }
    return [screened_rows[i.id + "\0" + i.deadline] for i in items]


def sweep_document(app: Any, org_id: str | None, result: dict[str, Any]) -> dict[str, Any]:
    """``sweep --json``: when it ran, what it found breached and what it escalated."""
    at = result["at"]
    tz = app.org(org_id).tz if org_id else at.tzinfo
    document = {
        "at": show(at, tz),
        "breaches": [{**b, "due_at": show(b["due_at"], tz)} for b in result["breaches"]],
        "escalations": result["escalations"],
    }
    if result.get("warnings"):  # clocks past warn_at of their allowed time, recorded once each
        document["warnings"] = [
            {**w, "due_at": show(w["due_at"], tz), "warn_at": show(w["warn_at"], tz)} for w in result["warnings"]
        ]
    return document


#: The columns of a list row that hold free text (any of them may quote a name or a phone).
LIST_FREE_TEXT = ("summary", "department", "place", "respondent", "request")


def list_page(
    app: Any,
    org: Org,
    staff: Staff | None,
    *,
    status: str | None = None,
    tier: str | None = None,
    category: str | None = None,
    query: str | None = None,
    queue: Any = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """``list --json``: one page of the organization's register, newest first, summaries
    screened for `staff` (`queues` searches and filters); and how many match in all."""
    from tousu.default_plugins.doors import queues
    from tousu.default_plugins.doors.privacy import screen_rows

    rows, total = queues.complaints(
        app, org, staff, status=status, tier=tier, category=category, query=query, queue=queue,
        limit=limit, offset=offset,
    )
    items = [{**row, "received_at": show(row["received_at"], org.tz)} for row in rows]
    return screen_rows(app.store, org, staff, items, "list", LIST_FREE_TEXT), total


__all__ = ["complaint_document", "due_document", "list_page", "screened", "screened_due", "sweep_document"]
