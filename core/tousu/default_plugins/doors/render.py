"""The complaint as the doors show it: its JSON document (``show``, ``intake``, ``act`` and
the API's), a history line's details, a recorded fact as text, a rule's text (`reason`).

JSON keys are the CLI contract (DESIGN §6). Text output is labelled in the organization's
language; anything a user typed passes `tousu.render.clean` before it reaches a terminal. The
complaint's own screen (``tousu show``) is the core commands' (`tousu.default_plugins.core_commands.screens`).
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from typing import Any

from tousu import payload
from tousu.default_plugins.doors.clocks import clock_json
from tousu.default_plugins.doors.humanize import span as short_span
from tousu.models import Compensation, Complaint, Deadline, Event, Org
from tousu.money import format_amount
from tousu.payload import OP_NAMES, Input
from tousu.serialize import to_json
from tousu.timeutil import from_db, show


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
        # who received it (首问负责); stays when a colleague takes the case over (handover)
        "first_responder": str(c.fields.get("first_responder") or c.owner),
        "assignee": c.assignee,
        "department": c.department,
        "urgent": c.urgent,
        "flags": list(c.flags),
        "fields": dict(c.fields),
        "links": [{"kind": link.kind, "id": link.id} for link in c.links],
        "deadlines": [{**_deadline_json(d, tz, at), **clock_json(d, org, at)} for d in c.deadlines if d.kind != "timer"],
        "timers": [_deadline_json(d, tz, at) for d in c.deadlines if d.kind == "timer"],
        "steps": [
            {"name": s.name, "done": s.done, "done_at": show(s.done_at, tz), "done_by": s.done_by} for s in c.steps
        ],
        "open_steps": list(c.open_steps),
        "resolved_at": show(c.resolved_at, tz),
        "closed_at": show(c.closed_at, tz),
    }
    if events is not None:
        late = late_entries(events)
        doc["history"] = [{**event_json(e, tz), "recorded_late": e.n in late} for e in events]
    return doc


def late_entries(events: list[Event]) -> set[int]:
    """Numbers of the events recorded late: dated before an event recorded ahead of them.

    History keeps recording order (``n``); a late entry carries the instant it happened
    (``at``) and the instant it was typed (``recorded_at``).
    """
    late: set[int] = set()
    latest = None
    for e in events:
        if latest is not None and e.at < latest:
            late.add(e.n)
        else:
            latest = e.at
    return late


def state_at(d: Deadline, when: datetime) -> str:
    """A clock's state as seen at `when` (``show --at``), whatever a sweep has recorded yet:
    met once met, breached once due without being met."""
    if d.met_at is not None and d.met_at <= when:
        return "met"
    if d.state == "cancelled":
        return "cancelled"
    return "breached" if d.due_at < when else "pending"


def _on_time(d: Deadline) -> bool | None:
    """True when met by its due time, False when met late or breached, None while open."""
    if d.met_at is not None:
        return d.met_at <= d.due_at
    return False if d.state == "breached" else None


def _deadline_json(d: Deadline, tz: tzinfo, at: datetime) -> dict[str, Any]:
    """A clock as the contract shows it; its state as of `at`."""
    return {
        "name": d.name,
        "due_at": show(d.due_at, tz),
        "state": state_at(d, at),
        "met_at": show(d.met_at, tz) if d.met_at is not None and d.met_at <= at else None,
        "on_time": _on_time(d) if d.met_at is None or d.met_at <= at else None,
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


_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _field_text(value: Any, lab: Any, tz: tzinfo) -> str:
    """A recorded fact for the terminal: instants humanized, known ids labelled."""
    from tousu.default_plugins.doors import humanize

    if isinstance(value, str):
        if _ISO.match(value):
            try:
                return humanize.instant(datetime.fromisoformat(value.replace("Z", "+00:00")), tz, lab.lang)
            except ValueError:
                return value
        from tousu.messages.said import localize

        shown = lab(value)
        if shown == value.replace("_", " ") and "." in value:  # a settings path: an id, as written
            return value
        return localize(lab.lang, shown, lab)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "、".join(map(lab, value)) if lab.lang == "zh" else ", ".join(map(lab, value))
    if isinstance(value, dict) or (isinstance(value, list) and all(isinstance(v, dict) for v in value)):
        return _record_text(value, lab, tz)
    return _value_text(value, lab.lang)


def _record_text(value: Any, lab: Any, tz: tzinfo) -> str:
    """A fact that is a record (or a list of records) a plugin keeps, e.g. a ledger's entries:
    each ``label：value`` in the desk's language, instants humanized, records separated."""
    records = value if isinstance(value, list) else [value]
    zh = lab.lang == "zh"
    shown = []
    for record in records:
        pairs = [f"{lab(str(k))}{'：' if zh else ': '}{_field_text(v, lab, tz)}" for k, v in record.items()]
        shown.append(("，" if zh else ", ").join(pairs))
    return ("；" if zh else "; ").join(shown)


def _value_text(value: Any, lang: str) -> str:
    if isinstance(value, bool):
        from tousu.messages import text

        return text(lang, "show.yes" if value else "show.no")
    return to_json(value)


def _summary(e: Event, lab: Any, tz: tzinfo) -> str:
    """One history line's details in the organization's language."""
    from tousu.messages import has, text

    lang = lab.lang
    data = payload.read(e.data)
    parts = []
    if data.status:
        parts.append(text(lang, "hist.status", status=lab(data.status_name())))
    if data.void:
        parts.append(text(lang, "hist.void", n=data.void.event, action=lab(data.void.action)))
    if data.set:
        changes = data.set.changes()
        for k, v in sorted(changes.items()):  # as stored: by key
            if k == "classification_reason":
                continue
            parts.append(text(lang, "hist.set", key=lab(k), value=lab(v) if isinstance(v, str) else _value_text(v, lang)))
        if changes.get("classification_reason"):
            parts.append(text(lang, "hist.reason", reason=reason(lang, changes["classification_reason"], lab)))
    inp = data.input or Input()
    if inp.to:
        parts.append(text(lang, "hist.to", to=lab(inp.to)))
    for op in data.deadlines or ():
        kind = OP_NAMES[type(op)]
        key = f"hist.deadline.{kind}"
        parts.append(text(lang, key if has(key) else "hist.deadline.other", op=kind, name=lab(op.name)))
    for op in data.steps or ():
        kind = OP_NAMES[type(op)]
        key = f"hist.step.{kind}"
        parts.append(text(lang, key if has(key) else "hist.step.other", op=kind, name=lab(op.name)))
    for link in data.links or ():
        parts.append(text(lang, "hist.link", kind=lab(link.kind), id=link.id))
    for flag in data.flags or ():
        parts.append(text(lang, "hist.flag", flag=lab(flag.name)))
    for k, v in (inp.fields or {}).items():
        parts.append(text(lang, "hist.set", key=lab(k), value=_field_text(v, lab, tz)))
    if inp.note:
        parts.append(text(lang, "hist.note", note=inp.note))
    return text(lang, "hist.sep").join(parts)


def span(due_at: datetime, at: datetime) -> str:
    """``late by 2h`` or ``due in 45m`` for the daily list."""
    delta = due_at - at
    return f"late by {short_span(delta)}" if delta.total_seconds() < 0 else f"due in {short_span(delta)}"


def reason(lang: str, rule: str, lab: Any = None) -> str:
    """A rule's text (classification reason, compensation basis, escalation) in `lang`: the
    core's own words for a tier raised by hand, else what the plugin registered for the text
    (`tousu.messages.said`), else as the plugin wrote it."""
    from tousu.messages import text
    from tousu.messages.said import localize

    escalated = _ESCALATED.match(rule)
    if escalated:  # the core's own words for a tier raised by hand (tousu.app)
        staff, why = escalated.group(1), escalated.group(2)
        return text(lang, "rule.escalated_by", staff=staff, reason=why) if why else text(lang, "rule.escalated_no_reason", staff=staff)
    return localize(lang, rule, lab)


_ESCALATED = re.compile(r"^escalated by (\S+?)(?:: (.*)| \(no reason given\))$")
