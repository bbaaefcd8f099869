"""The core's own messages a desk reads: its refusals (an unknown action, a transition the
lifecycle forbids, a role the policy table refuses, a void or reopen without its reason, an
identical intake), the error line, its own classification rules. The screens' words are the
default plugins' doors' (`tousu.default_plugins.doors.texts`).
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # -- act / intake -----------------------------------------------------------------
    "intake.identical": {
        "zh": "一分钟内已受理过同一联系方式、同一渠道、内容相同的投诉 {id}；确属另一件请加 --again",
        "en": "{id} was recorded within a minute with the same contact, channel and summary; "
        "add --again if this is another complaint",
    },
    # -- the core's own classification reasons (tousu.app) -------------------------------
    "rule:as given at intake": {"zh": "按受理登记", "en": "as given at intake"},
    "rule:domain default": {"zh": "按默认级别和类别", "en": "domain default"},
    # -- a command that needs its organization named ----------------------------------
    "org.needed": {
        "zh": "请用 --org 指明单位（本部署有：{orgs}）", "en": "choose the organization with --org (this deployment has: {orgs})",
    },
    # -- misc -------------------------------------------------------------------------
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
    # -- the role policy's refusals (tousu.permissions.check_action) ---------------------
    "error.action_role.set": {
        "zh": "{what!l}须由以下角色办理：{roles!L}（{path}）；{staff} 的角色是{role!l}",
        "en": "{what} needs one of the roles {roles} ({path}); {staff} is {role}",
    },
    "error.action_role.default": {
        "zh": "{what!l}须由以下角色办理：{roles!L}（{plugin} 的默认规定，可在 {path} 中更改）；{staff} 的角色是{role!l}",
        "en": "{what} needs one of the roles {roles} (the {plugin} default; {path} changes it); {staff} is {role}",
    },
    "error.sign_department": {
        "zh": "{id} 已转至{department}，由该部门签收；{staff} 属于{own}",
        "en": "{id} was forwarded to {department}: its own staff sign for it; {staff} is of {own}",
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
    "error.interrupted": {"zh": "已中断；本命令未写入任何内容", "en": "interrupted; nothing of the command was written"},
}
