"""The core desk's messages: the daily list, the register, a complaint, sweeps, refusals."""

from __future__ import annotations

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
    "org.needed": {
        "zh": "请用 --org 指明单位（本部署有：{orgs}）", "en": "choose the organization with --org (this deployment has: {orgs})",
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
    "intake.identical": {
        "zh": "一分钟内已受理过同一联系方式、同一渠道、内容相同的投诉 {id}；确属另一件请加 --again",
        "en": "{id} was recorded within a minute with the same contact, channel and summary; "
        "add --again if this is another complaint",
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
    "rule:as given at intake": {"zh": "按受理登记", "en": "as given at intake"},
    "rule:domain default": {"zh": "按默认级别和类别", "en": "domain default"},
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
    "none": {"zh": "无", "en": "none"},
    "error.prefix": {"zh": "tousu: 错误: {message}", "en": "tousu: error: {message}"},
    "error.unknown_action": {
        "zh": "没有“{action}”这个操作（可用的操作：{known!L}）",
        "en": "unknown action {action!r} (actions: {known})",
    },
    "error.transition": {
        "zh": "投诉 {id} 现为{status!l}，不能{action!l}（{action!l}只能在以下状态进行：{allowed!L}）",
        "en": "cannot {action} complaint {id}: it is {status} ({action} is allowed when {allowed})",
    },
    "error.correct_role": {
        "zh": "{what!l}须由以下角色办理：{roles!L}；{staff} 的角色是{role!l}",
        "en": "{what} needs one of the roles {roles}; {staff} is {role}",
    },
    "error.void_needs_note": {
        "zh": "更正作废须写明理由：--note 理由", "en": "void needs the reason: --note REASON",
    },
    "error.void_needs_event": {
        "zh": "更正作废须指明哪一条记录：--field event=序号（见 tousu show {id}）",
        "en": "void needs the event to reverse: --field event=N (see `tousu show {id}`)",
    },
    "error.void_no_event": {
        "zh": "投诉 {id} 没有第 {n} 条记录（共 {last} 条）",
        "en": "{id} has no event {n} (its history has {last})",
    },
    "error.void_not_voidable": {
        "zh": "投诉 {id} 第 {n} 条记录（{action!l}）不能作废：改变状态的操作请用相应操作更正，例如重开",
        "en": "event {n} of {id} ({action}) cannot be voided: a change of status is corrected by the lifecycle (e.g. reopen)",
    },
    "error.void_twice": {"zh": "投诉 {id} 第 {n} 条记录已作废", "en": "event {n} of {id} is already voided"},
    "error.reopen_needs_note": {
        "zh": "重开{status!l}的投诉 {id} 须写明理由：--note 理由",
        "en": "reopening {status} complaint {id} needs the reason: --note REASON",
    },
    "hist.void": {"zh": "作废第 {n} 条记录（{action}）", "en": "voids event {n} ({action})"},
    "hist.deadline.undo": {"zh": "撤销 {name}", "en": "undone: {name}"},
    "hist.step.undo": {"zh": "撤销步骤 {name}", "en": "step undone: {name}"},
    "hist.step.drop": {"zh": "不再须完成步骤 {name}", "en": "step no longer required: {name}"},
    "error.not_found": {"zh": "找不到投诉 {id}", "en": "complaint {id} not found"},
    "attach.done": {
        "zh": "{id}：已附上 {name}（{type}，{size} 字节）SHA-256 {sha256}",
        "en": "{id}: attached {name} ({type}, {size} bytes) sha256 {sha256}",
    },
    "error.interrupted": {"zh": "已中断；本命令未写入任何内容", "en": "interrupted; nothing of the command was written"},
}
