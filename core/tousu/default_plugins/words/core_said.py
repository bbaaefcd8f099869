"""The core's own refusals and input errors that are still written as English lines.

They are raised as plain text in many modules (`tousu.app`, `tousu.policy`, the pauses...);
these entries let a ``zh`` desk read them in Chinese (`tousu.messages.said`): ``en`` is the
pattern of the line as the core writes it, ``zh`` the line a zh desk reads. A new error
should rather be raised with ``TousuError.of(message_id, ...)``.
"""

from __future__ import annotations

SAID: dict[str, dict[str, str]] = {
    "core.transition": {  # error.transition as str() of the error (a rejected import record)
        "en": "cannot {action} complaint {id}: it is {status} ({action2} is allowed when {allowed})",
        "zh": "投诉 {id} 现为{status!l}，不能{action!l}（{action2!l}只能在以下状态进行：{allowed!L}）",
    },
    "core.no_actor": {
        "en": "who is acting? name yourself with --actor STAFF or $TOUSU_ACTOR (a recorded command never assumes a staff member)",
        "zh": "请指明经办人：--actor 员工 或 $TOUSU_ACTOR（记录类命令不会假定经办人）",
    },
    "core.unknown_staff_of": {
        "en": "unknown staff member {staff} (staff of {org}: {known}; see tousu.toml)",
        "zh": "没有员工 {staff}（{org} 的员工：{known}；见 tousu.toml）",
    },
    "core.unknown_staff": {
        "en": "unknown staff member {staff} (see the staff tables in tousu.toml)",
        "zh": "没有员工 {staff}（见 tousu.toml 的员工表）",
    },
    "core.not_found": {"en": "complaint {id} not found", "zh": "找不到投诉 {id}"},
    "core.not_found_or_staff": {
        "en": "complaint {id} not found or unknown staff member {staff}", "zh": "找不到投诉 {id}，或没有员工 {staff}",
    },
    "core.unknown_org_or_staff": {
        "en": "unknown organization {org} or unknown staff member {staff}", "zh": "没有单位 {org}，或没有员工 {staff}",
    },
    "core.needs_summary": {
        "en": "--summary: a complaint needs a summary of what happened", "zh": "--summary：投诉须写明内容",
    },
    "core.choose_domain": {
        "en": "organization {org} handles {n} domains ({domains}): choose one with --domain",
        "zh": "单位 {org} 有 {n} 个领域（{domains}）：请用 --domain 选择",
    },
    "core.domain_not_enabled": {
        "en": "--domain {domain} is not enabled for organization {org} (enabled: {enabled})",
        "zh": "单位 {org} 未启用领域 {domain}（已启用：{enabled}）",
    },
    "core.system_action": {
        "en": "{action} is recorded by tousu itself and cannot be typed as an action",
        "zh": "{action} 由 tousu 自动记录，不能手动操作",
    },
    "core.needs_to_staff": {"en": "{action} needs --to (the staff member)", "zh": "{action!l}须用 --to 指明员工"},
    "core.needs_to_dept": {
        "en": "{action} needs --to (the department or agency)", "zh": "{action!l}须用 --to 指明部门或机构",
    },
    "core.assign_not_staff": {
        "en": "assign --to {to}: not staff of {org} (staff: {staff})",
        "zh": "assign --to {to}：不是 {org} 的员工（员工：{staff}）",
    },
    "core.close_open_steps": {
        "en": "cannot close {id}: required steps still open: {steps} (complete each with `tousu act {id2} step --field name=STEP`)",
        "zh": "不能结案 {id}：以下必要步骤尚未完成：{steps!i}（逐项用 `tousu act {id2} step --field name=步骤` 完成）",
    },
    "core.step_needs_name": {"en": "step needs --field name=STEP", "zh": "完成步骤须指明：--field name=步骤"},
    "core.no_step": {
        "en": "{id} has no required step {step} (steps: {steps})",
        "zh": "{id} 没有必要步骤 {step}（必要步骤：{steps!i}）",
    },
    "core.step_done": {"en": "step {step} of {id} is already done", "zh": "{id} 的步骤 {step} 已完成"},
    "core.inform_needs_note": {
        "en": "inform needs --note TEXT (what the complainant added)", "zh": "投诉人补充须写明内容：--note 内容",
    },
    "core.callback_needs": {
        "en": "callback needs --field satisfied=true|false", "zh": "回访须记录是否满意：--field satisfied=true|false",
    },
    "core.escalate_needs_tier": {
        "en": "escalate needs --field tier=T (tiers: {tiers})", "zh": "升级须指明级别：--field tier=级别（可选：{tiers}）",
    },
    "core.escalate_raises": {
        "en": "escalate raises the tier: {id} is already {tier}, not below {target}",
        "zh": "升级只能提高级别：{id} 已是{tier!l}，不低于{target!l}",
    },
    "core.extend_needs": {
        "en": "extend needs --field deadline=NAME --field until=ISO",
        "zh": "延期须指明：--field deadline=时限 --field until=时间",
    },
    "core.no_deadline": {
        "en": "{id} has no deadline {name} (deadlines: {names})", "zh": "{id} 没有时限 {name}（时限：{names!i}）",
    },
    "core.deadline_done": {
        "en": "deadline {name} of {id} is already {state}; nothing to extend",
        "zh": "{id} 的时限 {name} 已{state!l}，无需延期",
    },
    "core.extend_later": {
        "en": "extend --field until={until}: must be later than the current due time {due}",
        "zh": "extend --field until={until}：须晚于现在的到期时间 {due}",
    },
    "core.no_compensation": {
        "en": "no compensation rules apply to {id} (domain {domain})", "zh": "{id} 没有适用的赔偿规则（领域 {domain}）",
    },
    "core.not_one_of": {"en": "{what} {value} is not one of: {allowed}", "zh": "{what} {value} 不在可选值中：{allowed}"},
    "core.rules_not_enabled": {
        "en": "the {domain} rules are not enabled for org {org}; enable the plugin or ask an operator",
        "zh": "单位 {org} 未启用 {domain} 的规则；请启用插件或联系管理员",
    },
    "core.needs_roles_setting": {
        "en": "{what} needs one of the roles {roles} ({setting}); {staff} is {role}",
        "zh": "{what} 须由以下角色办理：{roles!i}（见 {setting}）；{staff} 的角色是{role!l}",
    },
    "core.freeze_early": {
        "en": "cannot freeze {period}: the period is not over until {end} (it is now {now})",
        "zh": "不能签发 {period} 的报表：该期间到 {end} 才结束（现在是 {now}）",
    },
    "core.needs_roles": {
        "en": "{what} needs one of the roles {roles}; {staff} is {role}",
        "zh": "{what} 须由以下角色办理：{roles!i}；{staff} 的角色是{role!l}",
    },
    "core.pause_needs_note": {
        "en": "pause needs --note REASON (what the desk is waiting for)", "zh": "暂停计时须写明理由：--note 理由（在等什么）",
    },
    "core.pause_none": {
        "en": "no clock of {domain} complaints can be paused", "zh": "{domain} 的投诉没有可暂停的时限",
    },
    "core.pause_role": {
        "en": "{staff} ({role}) may not pause clocks; roles that may: {roles}",
        "zh": "{staff}（{role!l}）不能暂停计时；可暂停的角色：{roles!L}",
    },
    "core.pause_twice": {
        "en": "{id} is already paused since {since}; resume it first", "zh": "{id} 自 {since} 起已暂停；请先恢复计时",
    },
    "core.pause_nothing": {
        "en": "{id} has no running clock that can be paused (pausable: {names})",
        "zh": "{id} 没有正在计时且可暂停的时限（可暂停：{names!L}）",
    },
    "core.staff_many_orgs": {
        "en": "staff member {staff} is in {n} organizations: choose one with --org",
        "zh": "员工 {staff} 属于 {n} 个单位：请用 --org 选择",
    },
    "core.needs_to_tier": {"en": "{action} needs --to (the tier)", "zh": "{action!l}须用 --to 指明级别"},
    "core.handover_not_staff": {
        "en": "handover --to {to}: not staff of {org} (staff: {staff})",
        "zh": "handover --to {to}：不是 {org} 的员工（员工：{staff}）",
    },
    "core.handover_same_owner": {"en": "{id} is already {to}'s", "zh": "{id} 已由 {to} 负责"},
    "core.downgrade_roles": {
        "en": "lowering the tier of {id} is for a {roles}; {staff} is {role}",
        "zh": "降低 {id} 的级别须由{roles!L}办理；{staff} 是{role!l}",
    },
    "core.downgrade_not_lower": {
        "en": "downgrade lowers the tier: {id} is {tier}, not above {to}",
        "zh": "降级只能降低级别：{id} 现为{tier!l}，不高于{to!l}",
    },
    "core.downgrade_needs_reason": {
        "en": "downgrade needs the reason: --note REASON (it stays in the record)",
        "zh": "降级须写明理由：--note 理由（理由留在记录中）",
    },
    "core.downgraded_reason": {
        "en": "lowered from {tier} to {to} by {staff} ({role}): {reason}",
        "zh": "由{staff}（{role!l}）从{tier!l}降为{to!l}：{reason}",
    },
}

__all__ = ["SAID"]
