"""The words of the default plugins' doors: the daily list, the register, a complaint and its
history lines, sweeps, compensations, the domain listing (column headers, summaries, the
refusals of the register's filters).

Registered in the catalog (`tousu.messages`) when the doors' package is imported, which every
screen that prints them does; the core's own refusals and rule names are in
`tousu.default_plugins.words.desk`.
"""

from __future__ import annotations

from tousu.messages import register

MESSAGES: dict[str, dict[str, str]] = {
    # -- column headers and labels ------------------------------------------------------
    "col.id": {"zh": "编号", "en": "id"},
    "col.received_at": {"zh": "受理时间", "en": "received"},
    "col.status": {"zh": "状态", "en": "status"},
    "col.tier": {"zh": "级别", "en": "tier"},
    "col.category": {"zh": "类别", "en": "category"},
    "col.summary": {"zh": "内容", "en": "summary"},
    "col.deadline": {"zh": "时限", "en": "deadline"},
    "col.due_at": {"zh": "到期时间", "en": "due"},
    "col.left": {"zh": "剩余/超时", "en": "left / late"},
    "col.owner": {"zh": "首问负责人", "en": "owner"},
    "col.assignee": {"zh": "专人", "en": "assignee"},
    "col.department": {"zh": "处理部门", "en": "department"},
    "col.state": {"zh": "状态", "en": "state"},
    "col.met_at": {"zh": "完成时间", "en": "met at"},
    "col.n": {"zh": "序号", "en": "#"},
    "col.at": {"zh": "时间", "en": "at"},
    "col.actor": {"zh": "经办人", "en": "by"},
    "col.action": {"zh": "操作", "en": "action"},
    "col.details": {"zh": "内容", "en": "details"},
    "col.item": {"zh": "项目", "en": "item"},
    "col.amount": {"zh": "金额", "en": "amount"},
    "col.basis": {"zh": "依据", "en": "basis"},
    "col.mark": {"zh": " ", "en": " "},
    # -- list -------------------------------------------------------------------------
    "list.none": {"zh": "没有投诉", "en": "no complaints"},
    "list.cut": {
        "zh": "显示 {shown} 条，共 {total} 条（用 --limit/--offset 查看更多）",
        "en": "showing {shown} of {total} (use --limit/--offset)",
    },
    "list.from": {"zh": "（从第 {first} 条起）", "en": " (from no. {first})"},
    "list.unknown_value": {
        "zh": "--{option}：没有“{value}”这个值（可选：{allowed}）",
        "en": "--{option}: unknown value {value!r} (allowed: {allowed})",
    },
    "queue.mine_needs_actor": {
        "zh": "--mine 须指明是谁：--actor 员工 或 $TOUSU_ACTOR", "en": "--mine needs to know who you are: --actor STAFF or $TOUSU_ACTOR",
    },
    # -- due --------------------------------------------------------------------------
    "due.none": {"zh": "没有到期事项", "en": "nothing due"},
    "due.late_by": {"zh": "超时 {span}", "en": "late by {span}"},
    "due.due_in": {"zh": "剩余 {span}", "en": "due in {span}"},
    "due.group": {"zh": "【{by}：{key}】", "en": "[{by}: {key}]"},
    "due.duty": {"zh": "单位事项", "en": "organization duty"},
    "due.paused": {"zh": "暂停计时", "en": "paused"},
    "due.legend": {
        "zh": "! 已超时   * 即将到期（已过预警点）   = 暂停计时",
        "en": "! overdue   * warning (past warn_at of its time)   = paused",
    },
    "due.by.owner": {"zh": "首问负责人", "en": "owner"},
    "due.by.department": {"zh": "处理部门", "en": "department"},
    # -- sweep ------------------------------------------------------------------------
    "sweep.summary": {
        "zh": "到期检查 {at}：超时 {breached} 项，升级 {escalated} 件",
        "en": "sweep at {at}: {breached} breached, {escalated} escalated",
    },
    "sweep.breached": {"zh": "  超时  {id}  {deadline}（到期 {due_at}）", "en": "  breached   {id}  {deadline}  (due {due_at})"},
    "sweep.escalated": {"zh": "  升级  {id}  {old} → {new}（{rule}）", "en": "  escalated  {id}  {old} → {new}  ({rule})"},
    # -- act / intake -----------------------------------------------------------------
    "act.done": {"zh": "{id}：{action} → {status}", "en": "{id}: {action} → {status}"},
    "intake.done": {
        "zh": "已受理 {id}：{tier}，{category}，{status}",
        "en": "recorded {id}: {tier}, {category}, {status}",
    },
    "intake.deadline": {"zh": "  {name}  {due_at}", "en": "  {name}  {due_at}"},
    # -- show -------------------------------------------------------------------------
    "show.fields": {"zh": "登记事项", "en": "fields"},
    "show.deadlines": {"zh": "时限", "en": "deadlines"},
    "show.timers": {"zh": "计时", "en": "timers"},
    "show.steps": {"zh": "必要步骤", "en": "required steps"},
    "show.history": {"zh": "处理记录", "en": "history"},
    "show.extensions": {"zh": "（延期 {count} 次）", "en": " ({count} extension(s))"},
    "show.timer": {"zh": "计时器", "en": "timer"},
    "show.urgent": {"zh": "紧急", "en": "urgent"},
    "show.yes": {"zh": "是", "en": "yes"},
    "show.no": {"zh": "否", "en": "no"},
    # -- history lines ----------------------------------------------------------------
    "hist.status": {"zh": "→ {status}", "en": "→ {status}"},
    "hist.set": {"zh": "{key}：{value}", "en": "{key}: {value}"},
    "hist.reason": {"zh": "（{reason}）", "en": "({reason})"},
    "hist.to": {"zh": "至 {to}", "en": "to {to}"},
    "hist.deadline.add": {"zh": "开始计时 {name}", "en": "clock started: {name}"},
    "hist.deadline.move": {"zh": "调整时限 {name}", "en": "clock moved: {name}"},
    "hist.deadline.met": {"zh": "按时完成 {name}", "en": "clock met: {name}"},
    "hist.deadline.breach": {"zh": "超时 {name}", "en": "clock breached: {name}"},
    "hist.deadline.cancel": {"zh": "取消计时 {name}", "en": "clock cancelled: {name}"},
    "hist.deadline.extend": {"zh": "延期 {name}", "en": "clock extended: {name}"},
    "hist.deadline.other": {"zh": "{op} {name}", "en": "{op} {name}"},
    "hist.deadline.warn": {"zh": "即将到期提醒 {name}", "en": "warning: {name}"},
    "hist.deadline.pause": {"zh": "暂停计时 {name}", "en": "clock paused: {name}"},
    "hist.deadline.resume": {"zh": "恢复计时 {name}", "en": "clock resumed: {name}"},
    "hist.step.add": {"zh": "须完成步骤 {name}", "en": "step required: {name}"},
    "hist.step.done": {"zh": "完成步骤 {name}", "en": "step done: {name}"},
    "hist.step.other": {"zh": "步骤 {op} {name}", "en": "step {op} {name}"},
    "hist.link": {"zh": "关联 {kind} {id}", "en": "linked {kind} {id}"},
    "hist.flag": {"zh": "标记 {flag}", "en": "flag {flag}"},
    "hist.note": {"zh": "“{note}”", "en": "“{note}”"},
    "hist.late": {"zh": "补录（录入于 {at}）", "en": "recorded late (entered {at})"},
    "hist.sep": {"zh": "；", "en": "; "},
    # -- the core's own classification reasons (tousu.app) -------------------------------
    "rule.escalated_by": {"zh": "{staff} 手动升级：{reason}", "en": "escalated by {staff}: {reason}"},
    "rule.escalated_no_reason": {"zh": "{staff} 手动升级（未写明理由）", "en": "escalated by {staff} (no reason given)"},
    # -- money ------------------------------------------------------------------------
    "comp.total": {"zh": "合计", "en": "total"},
    "comp.needs_approval": {"zh": "需审批：合计超出你的权限", "en": "needs approval: the total exceeds your authority"},
    "comp.warning": {"zh": "提示：{warning}", "en": "warning: {warning}"},
    # -- tousu domains ------------------------------------------------------------------
    "domains.channels": {"zh": "渠道", "en": "channels"},
    "domains.categories": {"zh": "类别", "en": "categories"},
    "domains.tiers": {"zh": "级别", "en": "tiers"},
    "domains.deadlines": {"zh": "时限", "en": "deadlines"},
    "domains.steps": {"zh": "必要步骤", "en": "required steps"},
    "domains.roles": {"zh": "角色", "en": "roles"},
    "domains.fields": {"zh": "登记事项", "en": "fields"},
    "domains.actions": {"zh": "操作", "en": "actions"},
    # -- misc -------------------------------------------------------------------------
    "rebuild.done": {"zh": "已从处理记录重建 {count} 件投诉", "en": "rebuilt {count} complaints from their events"},
    "hist.void": {"zh": "作废第 {n} 条记录（{action}）", "en": "voids event {n} ({action})"},
    "hist.deadline.undo": {"zh": "撤销 {name}", "en": "undone: {name}"},
    "hist.step.undo": {"zh": "撤销步骤 {name}", "en": "step undone: {name}"},
    "hist.step.drop": {"zh": "不再须完成步骤 {name}", "en": "step no longer required: {name}"},
    "attach.done": {
        "zh": "{id}：已附上 {name}（{type}，{size} 字节）SHA-256 {sha256}",
        "en": "{id}: attached {name} ({type}, {size} bytes) sha256 {sha256}",
    },
}

register(MESSAGES)
