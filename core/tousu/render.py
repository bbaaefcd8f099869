"""Turning complaints, events and lists into JSON documents and terminal text.

JSON keys are the CLI contract (DESIGN §6). Text output is labelled in the organization's
language, and anything a user typed is stripped of control characters before it reaches a
terminal, so stored text can never move the cursor or recolour the screen.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import datetime, tzinfo
from typing import Any

from tousu.labels import label
from tousu.models import Compensation, Complaint, Deadline, DomainSpec, Event, Org
from tousu.money import format_amount
from tousu.timeutil import from_db, humanize, show

_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def clean(text: Any) -> str:
    """Text safe for a terminal on one line: control, line-break and bidi-override characters
    become visible escapes, so stored text can neither recolour the screen nor forge a line."""
    return _CONTROL.sub(_escape, str(text))


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\n":
        return "\\n"
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def pad(text: Any, width: int) -> str:
    """`text` padded to `width` terminal columns: a Chinese character takes two."""
    text = str(text)
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - used, 0)


def dumps(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2, default=_default)


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")  # JSON holds whole seconds (see timeutil.show)
    return str(value)


def complaint_json(c: Complaint, org: Org, at: datetime, events: list[Event] | None = None) -> dict[str, Any]:
    """The contract's complaint document; deadline states are as of `at`."""
    tz = org.tz
    doc: dict[str, Any] = {
        "id": c.id,
        "org": c.org,
        "domain": c.domain,
        "channel": c.channel,
        "category": c.category,
        "tier": c.tier,
        "classification_reason": c.classification_reason,
        "status": c.status,
        "received_at": show(c.received_at, tz),
        "summary": c.summary,
        "complainant": c.complainant,
        "contact": c.contact,
        "respondent": c.respondent,
        "place": c.place,
        "request": c.request,
        "owner": c.owner,
        "assignee": c.assignee,
        "department": c.department,
        "urgent": c.urgent,
        "flags": list(c.flags),
        "fields": dict(c.fields),
        "links": [{"kind": link.kind, "id": link.id} for link in c.links],
        "deadlines": [_deadline_json(d, tz, at) for d in c.deadlines if d.kind != "timer"],
        "timers": [_deadline_json(d, tz, at) for d in c.deadlines if d.kind == "timer"],
        "steps": [
            {"name": s.name, "done": s.done, "done_at": show(s.done_at, tz), "done_by": s.done_by} for s in c.steps
        ],
        "open_steps": list(c.open_steps),
        "resolved_at": show(c.resolved_at, tz),
        "closed_at": show(c.closed_at, tz),
    }
    if events is not None:
        doc["history"] = [event_json(e, tz) for e in events]
    return doc


def _deadline_json(d: Deadline, tz: tzinfo, at: datetime) -> dict[str, Any]:
    """A clock as the contract shows it; its state as of `at`."""
    return {
        "name": d.name,
        "due_at": show(d.due_at, tz),
        "state": d.state_at(at),
        "met_at": show(d.met_at, tz) if d.met_at is not None and d.met_at <= at else None,
        "on_time": d.on_time if d.met_at is None or d.met_at <= at else None,
        "kind": d.kind,
        "extensions": [
            {
                "until": show(e.until, tz),
                "previous": show(e.previous, tz),
                "approved_by": e.approved_by,
                "role": e.role,
                "at": show(e.at, tz),
                "reason": e.reason,
            }
            for e in d.extensions
        ],
    }


def event_json(e: Event, tz: tzinfo) -> dict[str, Any]:
    return {
        "n": e.n,
        "at": show(e.at, tz),
        "recorded_at": show(e.recorded_at, tz),
        "actor": e.actor,
        "role": e.role,
        "action": e.action,
        "data": _show_times(e.data, tz),
    }


def _show_times(value: Any, tz: tzinfo) -> Any:
    """Stored UTC instants inside event data, shown in the org's offset."""
    if isinstance(value, dict):
        return {k: _show_times(v, tz) for k, v in value.items()}
    if isinstance(value, list):
        return [_show_times(v, tz) for v in value]
    if isinstance(value, str) and len(value) == 27 and value.endswith("Z") and value[10] == "T":
        try:
            return show(from_db(value), tz)
        except ValueError:
            return value
    return value


def compensation_json(comp: Compensation) -> dict[str, Any]:
    return {
        "total": format_amount(comp.total),
        "currency": comp.currency,
        "items": [{"name": i.name, "amount": format_amount(i.amount), "basis": i.basis} for i in comp.items],
        "needs_approval": comp.needs_approval,
        "warnings": list(comp.warnings),
    }


def complaint_text(c: Complaint, org: Org, domain: DomainSpec | None, at: datetime, events: list[Event] | None) -> str:
    lang, tz = org.language, org.tz

    def lab(key: str | None) -> str:
        return label(key, lang, domain)

    rows = [
        ("id", c.id),
        ("status", lab(c.status)),
        ("tier", f"{lab(c.tier)} ({c.tier})" if c.tier else "-"),
        ("category", f"{lab(c.category)} ({c.category})" if c.category else "-"),
        ("reason", c.classification_reason),
        ("channel", lab(c.channel)),
        ("received_at", show(c.received_at, tz)),
        ("summary", c.summary),
        ("complainant", c.complainant),
        ("contact", c.contact),
        ("respondent", c.respondent),
        ("place", c.place),
        ("request", c.request),
        ("owner", c.owner),
        ("assignee", c.assignee),
        ("department", c.department),
        ("flags", ", ".join(c.flags) + (" urgent" if c.urgent else "")),
        ("links", ", ".join(f"{link.kind} {link.id}" for link in c.links)),
    ]
    lines = [f"{pad(label(k, lang), 14)} {clean(v)}" for k, v in rows if v]
    if c.fields:
        lines.append(f"\n{label('fields', lang)}:")
        for key, value in c.fields.items():
            shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=_default)
            lines.append(f"  {pad(lab(key), 24)} {clean(shown)}")
    if c.deadlines:
        lines.append(f"\n{label('deadlines', lang)}:")
        for d in c.deadlines:
            state = d.state_at(at)
            when = show(d.met_at, tz) if state == "met" else ""
            extra = f" (+{len(d.extensions)} ext.)" if d.extensions else ""
            timer = " [timer]" if d.kind == "timer" else ""
            lines.append(f"  {pad(lab(d.name), 24)} {show(d.due_at, tz):<26} {pad(lab(state), 10)} {when}{extra}{timer}")
    if c.steps:
        lines.append(f"\n{label('steps', lang)}:")
        for s in c.steps:
            mark = "x" if s.done else " "
            lines.append(f"  [{mark}] {lab(s.name)}" + (f"  {show(s.done_at, tz)} {s.done_by}" if s.done else ""))
    if events is not None:
        lines.append(f"\n{label('history', lang)}:")
        for e in events:
            lines.append(f"  {e.n:>3}  {show(e.at, tz):<26} {pad(clean(e.actor), 10)} {pad(lab(e.action), 16)} {clean(_summary(e))}")
    return "\n".join(lines)


def _summary(e: Event) -> str:
    data = e.data
    parts = []
    if "status" in data:
        parts.append(f"→ {data['status']}")
    if "set" in data:
        parts.extend(f"{k}={v}" for k, v in data["set"].items() if k != "classification_reason")
        if "classification_reason" in data["set"]:
            parts.append(f"({data['set']['classification_reason']})")
    inp = data.get("input", {})
    if inp.get("to"):
        parts.append(f"to {inp['to']}")
    for op in data.get("deadlines", []):
        parts.append(f"{op['op']} {op['name']}")
    for op in data.get("steps", []):
        parts.append(f"step {op['op']} {op['name']}")
    for link in data.get("links", []):
        parts.append(f"link {link['kind']} {link['id']}")
    if inp.get("fields"):
        parts.append(" ".join(f"{k}={v}" for k, v in inp["fields"].items()))
    if inp.get("note"):
        parts.append(f"“{inp['note']}”")
    return "; ".join(parts)


def span(due_at: datetime, at: datetime) -> str:
    """``late by 2h`` or ``due in 45m`` for the daily list."""
    delta = due_at - at
    return f"late by {humanize(delta)}" if delta.total_seconds() < 0 else f"due in {humanize(delta)}"
