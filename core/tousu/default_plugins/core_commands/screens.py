"""The text screens of the core's commands: a complaint (``show``, ``intake``, ``act``), the
register, the daily list, a sweep, an action, a compensation.

Every word comes from the message catalog (`tousu.messages`) or a label in the
organization's language (`tousu.default_plugins.words.labels.Labeller`), every instant through `tousu.default_plugins.doors.humanize`,
every table through `tousu.default_plugins.doors.tables`, so one organization reads one language and no screen
shows microseconds. Anything a user typed passes `tousu.render.clean` before it reaches the
terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import Any

from tousu.calendars.deadlines import open_pause
from tousu.default_plugins.doors import figures, humanize, tables
from tousu.default_plugins.doors.clocks import basis
from tousu.default_plugins.doors.render import _field_text, _summary, late_entries, reason, state_at
from tousu.default_plugins.words.labels import Labeller, label
from tousu.messages import text
from tousu.models import Complaint, DomainSpec, Event, Org
from tousu.render import clean


def complaint_text(c: Complaint, org: Org, domain: DomainSpec | None, at: datetime, events: list[Event] | None) -> str:
    """A complaint for the terminal: aligned labels, its clocks, steps and history, every
    word in the organization's language (`tousu.messages`), instants via `tousu.default_plugins.doors.humanize`."""
    lang, tz = org.language, org.tz
    lab = Labeller(lang, [domain])

    def when(value: datetime | None, seconds: bool = False) -> str:
        return humanize.instant(value, tz, lang, seconds=seconds)

    flags = [lab(f) for f in c.flags] + ([text(lang, "show.urgent")] if c.urgent else [])
    rows = [
        ("id", c.id),
        ("status", lab(c.status)),
        ("tier", lab(c.tier) if c.tier else ""),
        ("category", lab(c.category) if c.category else ""),
        ("reason", reason(lang, c.classification_reason, lab) if c.classification_reason else ""),
        ("channel", lab(c.channel)),
        ("received_at", when(c.received_at, seconds=True)),
        ("summary", c.summary),
        ("complainant", c.complainant),
        ("contact", c.contact),
        ("respondent", c.respondent),
        ("place", c.place),
        ("request", c.request),
        ("owner", c.owner),
        ("first_responder", c.fields.get("first_responder") if c.fields.get("first_responder") != c.owner else ""),
        ("assignee", c.assignee),
        ("department", c.department),
        ("flags", text(lang, "hist.sep").join(flags)),
        ("links", text(lang, "hist.sep").join(f"{lab(link.kind)} {link.id}" for link in c.links)),
    ]
    lines = tables.labelled([(label(k, lang), clean(v)) for k, v in rows if v])
    if c.fields:
        lines.append(f"\n{text(lang, 'show.fields')}:")
        pairs = []
        for key, value in c.fields.items():
            shown = _field_text(value, lab, tz)
            pairs.append((clean(lab(key)), clean(shown)))  # a key can carry escapes too
        lines.extend(tables.labelled(pairs, indent="  "))
    clocks = [d for d in c.deadlines if d.kind != "timer"], [d for d in c.deadlines if d.kind == "timer"]
    for title, group in zip(("show.deadlines", "show.timers"), clocks, strict=True):
        if not group:
            continue
        lines.append(f"\n{text(lang, title)}:")
        head = [text(lang, k) for k in ("col.deadline", "col.due_at", "col.state", "col.met_at")]
        body = []
        for d in group:
            state = state_at(d, at)
            extra = text(lang, "show.extensions", count=len(d.extensions)) if d.extensions else ""
            body.append([lab(d.name), when(d.due_at), lab(state) + extra, when(d.met_at) if state == "met" else ""])
        rendered = tables.table(head, body, fixed=(1, 3), max_width=118)
        lines.append("  " + rendered[0])
        for d, line in zip(group, rendered[1:], strict=True):  # each due time explained under it
            lines.append("  " + line)
            if d.kind != "timer" and lang == "en":  # the basis is worded in English (zh: in show --json)
                lines.append("      " + clean(basis(d, org)))
    if c.steps:
        lines.append(f"\n{text(lang, 'show.steps')}:")
        for s in c.steps:
            mark = "✓" if s.done else " "
            lines.append(f"  [{mark}] {lab(s.name)}" + (f"  {when(s.done_at)}  {clean(s.done_by)}" if s.done else ""))
    if events is not None:
        lines.append(f"\n{text(lang, 'show.history')}:")
        head = [text(lang, k) for k in ("col.n", "col.at", "col.actor", "col.action", "col.details")]
        late = late_entries(events)

        def details(e: Event) -> str:
            summary = clean(_summary(e, lab, tz))
            if e.n not in late:
                return summary
            mark = text(lang, "hist.late", at=when(e.recorded_at, seconds=True))
            return f"{mark}{text(lang, 'hist.sep')}{summary}" if summary else mark

        body = [[str(e.n), when(e.at, seconds=True), clean(e.actor), lab(e.action), details(e)] for e in events]
        lines.extend("  " + line for line in tables.table(head, body, align=">", fixed=(0, 1), max_width=118))
    return "\n".join(lines)


def _when(value: Any, tz: tzinfo, lang: str, *, seconds: bool = False) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return humanize.instant(value, tz, lang, seconds=seconds)


def span(due_at: datetime, at: datetime, lang: str) -> str:
    """``超时 1天2小时`` / ``late by 1d 2h``, or ``剩余 …`` / ``due in …``."""
    delta = due_at - at
    key = "due.late_by" if delta.total_seconds() < 0 else "due.due_in"
    return text(lang, key, span=figures.duration(delta, lang))


# -- list -------------------------------------------------------------------------------


def list_lines(
    items: Sequence[dict[str, Any]], org: Org, lab: Labeller, total: int | None = None, offset: int = 0
) -> list[str]:
    """The register: a header row, one line per complaint, and a note when the list was cut."""
    lang = org.language
    if not items:
        return [text(lang, "list.none")]
    headers = [text(lang, f"col.{c}") for c in ("id", "received_at", "status", "tier", "category", "owner", "summary")]
    rows = [
        [
            item["id"],
            _when(item.get("received_at"), org.tz, lang),
            lab(item.get("status")),
            lab(item.get("tier")),
            lab(item.get("category")),
            clean(item.get("owner") or "-"),
            clean(item.get("summary") or ""),
        ]
        for item in items
    ]
    lines = tables.table(headers, rows, fixed=(0, 1))
    if total is not None and total > len(items):
        lines.append(text(lang, "list.cut", shown=humanize.number(len(items)), total=humanize.number(total)))
        if offset:
            lines[-1] += text(lang, "list.from", first=humanize.number(offset + 1))
    return lines


# -- due --------------------------------------------------------------------------------


def due_lines(
    items: Sequence[Any],
    duties: Sequence[Any],
    at: datetime,
    orgs: dict[str, tuple[Org, Labeller]],
    lang: str,
    tz: tzinfo,
    group_by: str | None = None,
) -> list[str]:
    """The daily list: overdue lines marked ``!``, grouped by owner or department if asked."""
    if not items and not duties:
        return [text(lang, "due.none")]
    headers = [text(lang, f"col.{c}") for c in ("mark", "id", "deadline", "due_at", "left", "owner", "tier", "summary")]
    groups: dict[str, list[Any]] = {}
    for item in items:
        key = getattr(item, group_by) if group_by else ""
        groups.setdefault(key or "-", []).append(item)
    rows: list[list[str]] = []
    marks: set[str] = set()
    breaks: dict[int, str] = {}
    for key, members in groups.items():
        if group_by:
            breaks[len(rows)] = text(lang, "due.group", by=text(lang, f"due.by.{group_by}"), key=clean(key))
        for i in members:
            org, lab = orgs[i.org]
            mark = _mark(i)
            marks.add(mark)
            rows.append(
                [
                    mark,
                    i.id,
                    lab(i.deadline),
                    humanize.instant(i.due_at, org.tz, org.language),
                    text(org.language, "due.paused") if mark == "=" else span(i.due_at, at, org.language),
                    clean(i.owner or "-"),
                    lab(i.tier),
                    clean(i.summary or ""),
                ]
            )
    duty_lab = Labeller(lang, [d for _, lab in orgs.values() for d in lab.domains])
    for d in duties:
        rows.append(
            [
                "!" if d.due_at < at and not d.met else " ",
                "-",
                duty_lab(d.name.split(":")[0]) + (f" {d.name.split(':', 1)[1]}" if ":" in d.name else ""),
                humanize.instant(d.due_at, tz, lang),
                span(d.due_at, at, lang),
                "-",
                "-",
                clean(d.summary),
            ]
        )
    table = tables.table(headers, rows, fixed=(0, 1, 3))
    out = [table[0]]
    for index, line in enumerate(table[1:]):
        if index in breaks:
            out.append(breaks[index])
        out.append(line)
    if marks & {"*", "="}:  # what the marks mean, once the list holds more than overdue items
        out.append(text(lang, "due.legend"))
    return out


def _mark(item: Any) -> str:
    """``!`` overdue, ``*`` a warning (past ``warn_at`` of its time, issue 17), ``=`` paused."""
    if open_pause(item) is not None and not item.overdue:  # its clock's last pause not resumed
        return "="
    if item.overdue:
        return "!"
    return "*" if getattr(item, "warning", False) else " "


# -- sweep, act, compensation -----------------------------------------------------------


def sweep_lines(document: dict[str, Any], lang: str, tz: tzinfo, lab: Labeller) -> list[str]:
    """A sweep's summary and what it recorded (`document` as `App.sweep` returns it)."""
    at = document["at"]
    lines = [
        text(
            lang,
            "sweep.summary",
            at=humanize.instant(at, tz, lang, seconds=True),
            breached=len(document["breaches"]),
            escalated=len(document["escalations"]),
        )
    ]
    for b in document["breaches"]:
        lines.append(
            text(lang, "sweep.breached", id=b["id"], deadline=lab(b["deadline"]), due_at=_when(b["due_at"], tz, lang))
        )
    for e in document["escalations"]:
        lines.append(
            text(lang, "sweep.escalated", id=e["id"], old=lab(e["from"]), new=lab(e["to"]), rule=reason(lang, e["rule"], lab))
        )
    return lines


def act_line(complaint_id: str, action: str, status: str, lab: Labeller) -> str:
    return text(lab.lang, "act.done", id=complaint_id, action=lab(action), status=lab(status))


def compensation_lines(doc: dict[str, Any], lang: str, lab: Labeller) -> list[str]:
    """A compensation breakdown: item, amount (``¥1,234.50``), basis; then the total."""
    currency = doc.get("currency") or "CNY"
    rows = [[lab(i["name"]), figures.money(i["amount"], currency), clean(reason(lang, i["basis"], lab))] for i in doc["items"]]
    rows.append([text(lang, "comp.total"), figures.money(doc["total"], currency), ""])
    headers = [text(lang, "col.item"), text(lang, "col.amount"), text(lang, "col.basis")]
    lines = tables.table(headers, rows, align="<><", fixed=(1,))
    if doc["needs_approval"]:
        lines.append(text(lang, "comp.needs_approval"))
    for warning in doc["warnings"]:
        lines.append(text(lang, "comp.warning", warning=clean(reason(lang, warning, lab))))
    return lines


__all__ = ["act_line", "compensation_lines", "complaint_text", "due_lines", "list_lines", "span", "sweep_lines"]
