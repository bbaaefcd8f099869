"""The property desk's vocabulary: tiers, channels, categories, actions, clocks, steps and labels.

Everything here is data the core shows and checks (``tousu plugins``, ``show``, ``due``);
the rules that use it live in `tousu_property_mgmt.rules` and `tousu_property_mgmt.clocks`.
"""

from __future__ import annotations

from tousu import ActionSpec, DomainSpec
from tousu.models import OPEN_STATUSES
from tousu_property_mgmt.approvals import approval_cases
from tousu_property_mgmt.settings import PropertySettings, validate

DOMAIN = "property_mgmt"
#: 投诉界定, least to most severe (SOP 1.1).
TIERS = ("minor", "important", "major")
#: Tiers reported to the general manager / manager the same day and run through corrective action.
SERIOUS = ("important", "major")
CHANNELS = ("phone", "visit", "letter", "email", "message", "on_site", "patrol", "web")  # web: the public form
#: The cause the receptionist records (``--field cause=...``); it is also the category.
CAUSE_TIERS = {"facility": "minor", "service_fault": "important"}
CATEGORIES = ("facility", "service_fault", "general")

#: Deadline names, in the order the SOP runs them.
DEADLINES = (
    "stop_harm", "forward", "report_to_management", "reply", "resolve", "report_to_supervisor", "notify",
    "return_form", "callback",
)
#: The clocks the public-affairs desk itself owes (SOP 1.3, 1.5): its staff are appraised on them (1.12).
DESK_CLOCKS = ("forward", "report_to_supervisor", "notify")
#: Roles that pass a major or important complaint on to management (经公共事务部主管转呈, SOP 1.3).
REPORTING_ROLES = ("supervisor", "manager", "general_manager")
#: The one-month escalation clock (a timer: not on the daily list).
ONE_MONTH = "one_month"
CORRECTIVE_ACTION = "corrective_action"

ACTIONS = (
    ActionSpec(
        "report", OPEN_STATUSES, None, "report a major or important complaint to the general manager / manager (same day)"
    ),
    ActionSpec("stop_harm", OPEN_STATUSES, None, "the harm still in progress has been stopped (urgent complaints)"),
    ActionSpec(
        "report_to_supervisor", OPEN_STATUSES, None,
        "the department's feedback is reported to the public-affairs supervisor (SOP 1.5, same day)",
    ),
    ActionSpec(
        "return_form", OPEN_STATUSES, None,
        "the department hands the completed complaint form back to the service center (SOP 1.4.1, same day)",
    ),
)

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "minor": "轻微投诉", "important": "重要投诉", "major": "重大投诉",
        "phone": "来电", "visit": "来访", "letter": "来信", "email": "电子邮件", "message": "留言", "web": "网上投诉",
        "on_site": "现场接待", "patrol": "巡楼发现",
        "facility": "设施设备局限", "service_fault": "管理服务过失", "general": "一般投诉",
        "stop_harm": "停止伤害", "forward": "转交签收", "report_to_management": "当天上报总经理/主管经理",
        "reply": "明确答复住户", "resolve": "处理完毕", "notify": "通报住户处理结果", "callback": "回访",
        "one_month": "一个月未解决升级",
        "report_to_supervisor": "当天上报公共事务部主管", "return_form": "当天交回《住户投诉意见表》",
        "appraisal_of_desk_staff": "公共事务部员工考评(本岗时限)", "due": "应办", "missed": "超时",
        "label": "名称",
        "corrective_action": "不合格纠正与预防", "report": "上报",
        "patrol_team": "巡楼组管理员", "clerk": "接待员", "monthly_statistics": "月度投诉统计", "cause": "投诉原因",
        "method": "通报方式", "event_at": "发生时间",
        # figures of the monthly statistics section
        "valid": "有效投诉", "by_department": "按被投诉部门", "escalated_after_one_month": "超一个月未解决升级",
        "corrective_action_required": "须纠正预防", "corrective_action_done": "已纠正预防", "callbacks": "回访数",
        "appraisal_by_department": "部门绩效考评", "appraisal_by_staff": "员工绩效考评", "handled_on_time": "按时处理",
        "on_time": "按时", "late": "超时", "deadline": "时限", "previous": "原时限", "until": "延至",
        "approved_by": "批准人", "role": "角色", "at": "时间", "staff": "员工",
    },
    "en": {
        "minor": "minor", "important": "important", "major": "major",
        "phone": "phone", "visit": "visit", "letter": "letter", "email": "e-mail", "message": "message", "web": "web form",
        "on_site": "on site", "patrol": "found on patrol",
        "facility": "facility limits", "service_fault": "service at fault", "general": "general",
        "stop_harm": "stop the harm", "forward": "form forwarded and signed for",
        "report_to_management": "reported to management (same day)", "reply": "clear answer to the resident",
        "resolve": "resolved", "notify": "resident told the result", "callback": "callback",
        "one_month": "one month unresolved (escalation)",
        "report_to_supervisor": "reported to the public-affairs supervisor (same day)",
        "return_form": "completed form handed back (same day)",
        "appraisal_of_desk_staff": "appraisal of the public-affairs staff (their own clocks)", "due": "due",
        "missed": "missed", "label": "name",
        "corrective_action": "corrective and preventive action", "report": "report to management",
        "patrol_team": "patrol team",
        "valid": "valid", "by_department": "by department complained about",
        "escalated_after_one_month": "escalated after one month",
        "corrective_action_required": "corrective action required", "corrective_action_done": "corrective action done",
        "callbacks": "callbacks", "appraisal_by_department": "appraisal by department",
        "appraisal_by_staff": "appraisal by staff member", "handled_on_time": "handled on time",
        "on_time": "on time", "late": "late", "deadline": "deadline", "previous": "previous due time",
        "until": "extended until", "approved_by": "approved by", "role": "role", "at": "at", "staff": "staff member",
    },
}


#: The department's side of the form: its head signs in the disposal log and reports it done
#: (处置记录表), or a supervisor or manager above them.
HANDLING_ROLES = ("department_head", "supervisor", "manager", "general_manager")

def domain_spec() -> DomainSpec:
    """What ``register_domains`` contributes."""
    return DomainSpec(
        name=DOMAIN,
        plugin=DOMAIN,
        title="物业管理投诉处理 / property management",
        channels=CHANNELS,
        categories=CATEGORIES,
        tiers=TIERS,
        default_tier=None,
        default_category="general",
        actions=ACTIONS,
        deadlines=DEADLINES,
        steps=(CORRECTIVE_ACTION,),
        roles=("patrol_team",),
        accepted_roles=("clerk",),  # the source's other word for the front-line receptionist (接待员)
        # 通报方式 … 由巡楼组管理员上门告之 (1.5); 通知公共事务部巡楼组安排回访 (1.6)
        callers={"notify": ("patrol_team",), "callback": ("patrol_team",)},
        labels=LABELS,
        settings_class=PropertySettings,
        settings_validator=validate,
        # told to the resident through the outbox (docs/notifications.md); the promised times
        tell=("intake", "reply", "notify", "transfer", "extend", "callback_request"),
        public_deadlines=("reply", "resolve"),
        # waiting for a third party's inspection or the resident's access: the handling clocks stop
        pausable=("resolve", "reply", "callback"),
        pause_roles=("department_head", "supervisor", "manager", "general_manager"),
        # who may (tousu.permissions; [orgs.X.permissions] changes it): the receptionist fills in
        # the form and forwards it; the department complained about signs for it and handles it
        permissions={action: HANDLING_ROLES for action in ("sign", "start", "resolve")},
        permission_rules={
            "extend": "the manager for a minor complaint, the general manager for an important or major one "
            "(SOP 1.10; higher_role_may_approve)",
        },
        permission_cases=approval_cases,  # the same rule as role lists, tier by tier
    )
