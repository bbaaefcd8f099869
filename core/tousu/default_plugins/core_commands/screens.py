"""The text screens of the core's commands: the register, the daily list, a sweep, an action,
a compensation.

Every word comes from the message catalog (`tousu.messages`) or a label in the
organization's language (`tousu.screens.Labeller`), every instant through `tousu.humanize`,
every table through `tousu.tables`, so one organization reads one language and no screen
shows microseconds. Anything a user typed passes `tousu.render.clean` before it reaches the
terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import Any

from tousu import humanize, tables
from tousu.messages import text
from tousu.models import Org
from tousu.render import clean
from tousu.screens import Labeller, reason


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
    return text(lang, key, span=humanize.duration(delta, lang))


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
    if getattr(item, "paused", False) and not item.overdue:
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
    rows = [[lab(i["name"]), humanize.money(i["amount"], currency), clean(reason(lang, i["basis"], lab))] for i in doc["items"]]
    rows.append([text(lang, "comp.total"), humanize.money(doc["total"], currency), ""])
    headers = [text(lang, "col.item"), text(lang, "col.amount"), text(lang, "col.basis")]
    lines = tables.table(headers, rows, align="<><", fixed=(1,))
    if doc["needs_approval"]:
        lines.append(text(lang, "comp.needs_approval"))
    for warning in doc["warnings"]:
        lines.append(text(lang, "comp.warning", warning=clean(reason(lang, warning, lab))))
    return lines


__all__ = ["act_line", "compensation_lines", "due_lines", "list_lines", "span", "sweep_lines"]
