"""The text screens of the desk commands: the register, the daily list, a sweep, an action.

Every word comes from the message catalog (`tousu.messages`) or a label in the
organization's language, every instant through `tousu.humanize`, every table through
`tousu.tables`, so one organization reads one language and no screen shows microseconds.
Anything a user typed passes `tousu.render.clean` before it reaches the terminal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime, tzinfo
from typing import Any

from tousu import humanize, tables
from tousu.labels import catalog_label, label
from tousu.messages import text
from tousu.models import DomainSpec, Org
from tousu.render import clean


class Labeller:
    """Labels of one organization's language, looking in each of its domains, then the core's."""

    def __init__(self, lang: str, domains: Iterable[DomainSpec | None] = ()) -> None:
        self.lang = lang
        self.domains = [d for d in domains if d is not None]

    def __call__(self, key: str | None) -> str:
        if key is None or key == "":
            return "-"
        for domain in self.domains:
            found = domain.labels.get(self.lang, {}).get(key) or catalog_label(domain.name, key, self.lang)
            if found:
                return found
        return label(key, self.lang)


def org_domains(app: Any, org: Org) -> list[DomainSpec]:
    """The domains an organization's enabled plugins serve (for their labels)."""
    found = []
    for plugin in org.plugins:
        info = app.registry.infos.get(plugin)
        for name in getattr(info, "domains", ()) or ():
            spec = app.domain(name)
            if spec is not None:
                found.append(spec)
    return found


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


def reason(lang: str, rule: str, lab: Labeller | None = None) -> str:
    """A rule's text (classification reason, compensation basis, escalation) in `lang`: the
    core's own words for a tier raised by hand, else what the plugin registered for the text
    (`tousu.messages.said`), else as the plugin wrote it."""
    from tousu.messages.said import localize

    escalated = _ESCALATED.match(rule)
    if escalated:  # the core's own words for a tier raised by hand (tousu.app)
        staff, why = escalated.group(1), escalated.group(2)
        return text(lang, "rule.escalated_by", staff=staff, reason=why) if why else text(lang, "rule.escalated_no_reason", staff=staff)
    return localize(lang, rule, lab)


def error_labeller(ctx: Any, lang: str) -> Labeller | None:
    """Labels for an error line: every domain the deployment's organizations enable (an error
    may name a tier, a role or a deadline of any of them); None when no config is loaded."""
    app = getattr(ctx.find_object(object) if ctx.obj is None else ctx.obj, "_app", None)
    registry = getattr(app, "registry", None)
    orgs = getattr(getattr(app, "config", None), "orgs", None)
    if registry is None or not orgs:
        return None
    try:
        return Labeller(lang, [d for o in orgs.values() for d in org_domains(app, o)])
    except Exception:  # an error about a broken deployment is still told, unlabelled
        return None


_ESCALATED = re.compile(r"^escalated by (\S+?)(?:: (.*)| \(no reason given\))$")


__all__ = [
    "Labeller",
    "act_line",
    "compensation_lines",
    "due_lines",
    "error_labeller",
    "list_lines",
    "org_domains",
    "reason",
    "span",
    "sweep_lines",
]
