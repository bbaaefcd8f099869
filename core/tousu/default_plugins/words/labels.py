"""Labels in the organization's language for the core's own ids; domains bring their own.

`label` names one id, `Labeller` every id of one organization's language, looking in its
domains (`org_domains`) first: what a reply template fills in (the replies feature), what an
outgoing message, the CLI's error line (through `tousu.messages.words`) and every door's
screen show, and what the catalog's ``!l`` conversion writes (`words.formatter`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tousu.messages import CATALOG
from tousu.models import DomainSpec, Org

CORE_LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "received": "已受理", "acknowledged": "已确认", "forwarded": "已转交", "in_progress": "处理中",
        "resolved": "已处理", "closed": "已结案", "transferred": "已移送", "invalid": "无效投诉",
        "withdrawn": "已撤回", "intake": "受理登记", "acknowledge": "确认", "forward": "转交",
        "sign": "签收", "start": "开始处理", "assign": "指定专人", "reply": "答复", "resolve": "处理完毕",
        "notify": "通报结果", "callback": "回访", "close": "结案", "reopen": "重开", "escalate": "升级",
        "extend": "延期", "approve": "批准", "step": "完成步骤", "transfer": "移送", "withdraw": "撤回",
        "note": "备注", "inform": "投诉人补充", "sweep": "到期检查", "pending": "未到期", "met": "已完成", "breached": "已超时",
        "cancelled": "已取消", "id": "编号", "org": "单位", "domain": "领域", "channel": "渠道",
        "category": "类别", "tier": "级别", "status": "状态", "received_at": "受理时间", "summary": "内容",
        "owner": "首问负责人", "assignee": "专人", "complainant": "投诉人", "contact": "联系方式",
        "respondent": "被投诉对象", "place": "地点", "request": "诉求", "department": "处理部门",
        "deadlines": "时限", "steps": "必要步骤", "history": "处理记录", "links": "关联投诉",
        "reason": "定级依据", "overdue": "已超时", "due_in": "剩余", "late_by": "超时",
        "receptionist": "接待员", "department_head": "部门负责人", "supervisor": "主管",
        "manager": "主管经理", "general_manager": "总经理", "system": "系统", "done": "已完成",
        "open": "未完成", "urgent": "紧急", "flags": "标记", "fields": "登记事项",
        "event_at": "发生时间", "void": "更正作废", "merge": "合并", "duplicate_of": "重复投诉，归入",
        "duplicate": "重复投诉", "related": "相关投诉", "repeat_of": "重复信访", "true": "是", "false": "否",
        "satisfied": "满意度", "name": "名称", "until": "延至", "deadline": "时限", "tier_from": "原级别",
        "attach": "附件", "amount": "金额", "approved_by": "批准人", "by": "经办人", "at": "时间", "role": "角色",
        "approval": "所用批准（记录序号）", "used_by_event": "用于记录序号", "pause": "暂停计时", "resume": "恢复计时",
        "warn": "即将到期提醒", "sha256": "哈希值", "size": "大小", "type": "类型", "step_name": "步骤", "template": "模板",
        "handover": "替班交接", "downgrade": "降级", "first_responder": "首问接待人",
    },
    "en": {
        "received": "received", "acknowledged": "acknowledged", "forwarded": "forwarded",
        "in_progress": "in progress", "resolved": "resolved", "closed": "closed",
        "transferred": "transferred", "invalid": "invalid", "withdrawn": "withdrawn", "intake": "intake",
        "pending": "pending", "met": "met", "breached": "breached", "cancelled": "cancelled",
        "received_at": "received at", "owner": "owner (first responder)", "late_by": "late by",
        "handover": "hand over (shift cover)", "downgrade": "lower the tier", "first_responder": "first responder",
        "due_in": "due in", "history": "history", "reason": "classified by",
        "inform": "information from the complainant",
    },
}


def label(key: str | None, language: str, domain: DomainSpec | None = None) -> str:
    """The label of `key` in `language`: the domain's own first, then the core's, else the key."""
    if key is None:
        return "-"
    if domain is not None:
        found = domain.labels.get(language, {}).get(key) or catalog_label(domain.name, key, language)
        if found:
            return found
    return CORE_LABELS.get(language, {}).get(key) or key.replace("_", " ")


def catalog_label(domain: str, key: str, language: str) -> str | None:
    """A label a plugin added to the message catalog as ``label.DOMAIN.KEY`` (for ids its
    registration's labels lack; `tousu.messages`), or None."""
    entry = CATALOG.get(f"label.{domain}.{key}")
    return entry.get(language) if entry else None


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
