"""The report as one JSON-able document: core figures, domain sections, and the labels to show them.

Renderers work from this document alone, so a frozen (issued) report, stored as this
document, renders exactly as it was issued, whatever happens to the complaints afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from tousu.default_plugins.reporting.figures import BREAKDOWNS, core_figures, trend
from tousu.default_plugins.reporting.periods import Selection
from tousu.default_plugins.words.labels import label
from tousu.models import DomainSpec, Org, ReportSection
from tousu.timeutil import show

#: Headline figures, in the order a report shows them.
HEADLINES = (
    "received",
    "processed",
    "processing_rate",
    "on_time_rate",
    "overdue_open",
    "extensions",
    "escalations",
    "reopened",
    "satisfaction_rate",
    "average_hours_to_resolve",
)
#: Figures that are shares (0..1): shown as percentages.
RATES = ("processing_rate", "on_time_rate", "satisfaction_rate", "rate")

REPORT_LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "report": "投诉统计报表", "period": "统计期间", "received": "受理投诉", "processed": "已办结", "resolved": "已处理",
        "processing_rate": "处理率", "on_time_rate": "按时完成率", "overdue_open": "超时未结",
        "extensions": "延期次数", "escalations": "升级次数", "reopened": "重开次数",
        "satisfaction_rate": "满意率", "average_hours_to_resolve": "平均处理时长(小时)",
        "by_channel": "按渠道", "by_category": "按类别", "by_tier": "按级别", "by_status": "按状态",
        "on_time_by_deadline": "各时限按时情况", "deadlines_due": "到期时限", "deadlines_on_time": "按时完成",
        "called_back": "已回访", "satisfied": "满意", "resolved_with_time": "已处理(计时)",
        "trend": "每日受理与处理", "due": "到期", "on_time": "按时", "rate": "比率", "count": "数量",
        "paused_hours": "暂停小时数",
        "frozen_at": "报表签发时间", "changes_since_frozen": "签发后的变化", "generated_at": "生成时间",
        "figure": "指标", "value": "数值", "frozen": "签发时", "now": "现在", "sections": "分领域",
        "start": "起", "headline": "主要指标",
    },
    "en": {
        "report": "Complaint report", "period": "period", "received": "received", "processed": "processed",
        "resolved": "resolved",
        "processing_rate": "processing rate", "on_time_rate": "on-time rate", "overdue_open": "overdue and open",
        "extensions": "extensions", "escalations": "escalations", "reopened": "reopened",
        "satisfaction_rate": "satisfaction rate", "average_hours_to_resolve": "average hours to resolve",
        "by_channel": "by channel", "by_category": "by category", "by_tier": "by tier", "by_status": "by status",
        "on_time_by_deadline": "on time by deadline", "deadlines_due": "deadlines due",
        "deadlines_on_time": "deadlines met on time", "called_back": "called back", "satisfied": "satisfied",
        "resolved_with_time": "resolved (timed)", "trend": "received and resolved", "due": "due",
        "on_time": "on time", "rate": "rate", "count": "count", "paused_hours": "hours paused", "frozen_at": "issued (frozen) at",
        "changes_since_frozen": "changed since it was issued", "generated_at": "generated at",
        "figure": "figure", "value": "value", "frozen": "issued", "now": "now", "sections": "sections",
        "start": "from", "headline": "headline figures",
    },
}


def build_report(app: Any, org: Org, selection: Selection, at: datetime) -> dict[str, Any]:
    """Compute the report of `selection` for `org` as of `at` (read-only)."""
    period = selection.period
    tz = org.tz
    figures = core_figures(app.store, org.id, selection, at)
    sections: list[ReportSection] = app.hooks.report_section(org=org, store=app.store, period=period, now=at)
    domains = _domains(app, org)
    document: dict[str, Any] = {
        "org": org.id,
        "org_name": org.name,
        "language": org.language,
        "period": {
            "label": period.label,
            "kind": selection.kind,
            "start": show(period.start, tz),
            "end": show(period.end, tz),
        },
        "generated_at": show(at, tz),
        **figures,
        "trend": trend(app.store, org.id, selection, tz),
        "sections": [
            {"domain": s.domain, "title": s.title, "figures": _plain(dict(s.figures))} for s in sections
        ],
    }
    document["labels"] = _labels(document, org.language, domains, app)
    return document


def _domains(app: Any, org: Org) -> list[DomainSpec]:
    found = []
    for plugin in org.plugins:
        info = app.registry.infos.get(plugin)
        for name in info.domains if info else ():
            spec = app.domain(name)
            if spec is not None:
                found.append(spec)
    return found


def _plain(value: Any) -> Any:
    """A plugin's figures as JSON values: decimals and instants become text, tuples lists."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


_ID = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")


def _keys(value: Any) -> Iterable[str]:
    """Every dict key and table column inside a figure, for labelling."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _keys(v)
    elif isinstance(value, list):
        for item in value:
            yield from _keys(item)
            if isinstance(item, dict):  # ids inside a table's cells (a deadline, a role) read as labels too
                yield from (v for v in item.values() if isinstance(v, str) and _ID.fullmatch(v))


def _labels(document: dict[str, Any], language: str, domains: list[DomainSpec], app: Any) -> dict[str, str]:
    """The label of every id the report shows, in the organization's language."""
    own = REPORT_LABELS.get(language, REPORT_LABELS["en"])
    labels: dict[str, str] = dict(own)
    for name, _ in BREAKDOWNS:  # ids of channels, categories, tiers, statuses: "by_tier:major"
        for key in document[name]:
            labels[f"{name}:{key}"] = _domain_label(key, language, domains)
    for key in document["on_time_by_deadline"]:
        labels[f"deadline:{key}"] = _domain_label(key, language, domains)
    for section in document["sections"]:
        spec = app.domain(section["domain"])
        for key in set(_keys(section["figures"])):
            if key not in labels:
                labels[key] = label(key, language, spec) if spec else _domain_label(key, language, domains)
    return dict(sorted(labels.items()))


def _domain_label(key: str, language: str, domains: list[DomainSpec]) -> str:
    for spec in domains:
        found = spec.labels.get(language, {}).get(key)
        if found:
            return found
    return label(key, language)
