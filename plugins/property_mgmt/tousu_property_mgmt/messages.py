"""What the property desk's rules write (reasons, refusals), in Chinese and English.

The rules write English and tousu stores it as written; a ``zh`` desk reads these entries
(`tousu.messages.said`): ``en`` is the pattern of the text a rule writes, ``zh`` what the desk
reads. Change both when a rule's words change.
"""

from __future__ import annotations

from tousu.messages import register
from tousu.messages.said import register_said
from tousu.replies import Template, register_templates

SAID: dict[str, dict[str, str]] = {
    # classification (form.classify) and escalation (plugin.complaint_escalate)
    "property.reason.default": {
        "en": "no tier judged and no cause recorded: minor until someone raises it with escalate (SOP 1.1.3)",
        "zh": "未判定级别、未记录原因：按轻微投诉，需要时再升级（规程1.1.3）",
    },
    "property.reason.facility": {
        "en": "cause=facility: inconvenience from the limits of facilities, equipment or management, "
        "not anyone's fault (SOP 1.1.3) → minor",
        "zh": "原因：设施设备局限——因设施、设备或管理局限造成不便，并非任何人的过失（规程1.1.3）→ 轻微投诉",
    },
    "property.reason.service_fault": {
        "en": "cause=service_fault: the company's management or service fell short or was at fault (SOP 1.1.2) → important",
        "zh": "原因：管理服务过失——公司管理或服务不到位或有过失（规程1.1.2）→ 重要投诉",
    },
    "property.reason.judged_cause": {
        "en": "judged {tier} by the receptionist at intake (the recorded cause {cause} alone would make it {other})",
        "zh": "受理时由接待员判定为{tier!l}（仅按所记录的原因“{cause!l}”应为{other!l}）",
    },
    "property.reason.judged": {
        "en": "judged {tier} by the receptionist at intake",
        "zh": "受理时由接待员判定为{tier!l}",
    },
    "property.rule.one_month": {
        "en": "not resolved within {span!t} of receipt: a valid complaint becomes major (SOP 1.1.1 c)",
        "zh": "受理后{span!t}内未解决：有效投诉升为重大投诉（规程1.1.1 c）",
    },
    "property.span.one_month": {"en": "one month", "zh": "一个月"},
    "property.span.months": {"en": "{n} months", "zh": "{n}个月"},
    # refusals (rules.py, approvals.py, form.py)
    "property.refuse.stop_harm": {
        "en": "stop the harm first (SOP 1.9): {id} is urgent; record `tousu act {id} stop_harm` before resolving it",
        "zh": "须先停止伤害（规程1.9）：{id}为紧急投诉；处理完毕前请先记录 `tousu act {id} stop_harm`",
    },
    "property.refuse.callback_before_notify": {
        "en": "call back after the resident is told the result: record `tousu act {id} notify` first",
        "zh": "须先通报住户处理结果再回访：请先记录 `tousu act {id} notify`",
    },
    "property.refuse.close_before_callback": {
        "en": "cannot close {id} before the callback (回访, SOP 1.6): record `tousu act {id} callback --field satisfied=true|false`",
        "zh": "回访前不能结案{id}（规程1.6）：请记录 `tousu act {id} callback --field satisfied=true|false`",
    },
    "property.refuse.over_time": {
        "en": "going over time on {deadline} of {tier} complaint {id} needs the approval of the {required} "
        "(SOP {clause}); {staff} is {role}",
        "zh": "{tier!l}{id}的“{deadline!l}”超时限处理须经{required!l}批准（规程{clause}）；{staff}的角色是{role!l}",
    },
    "property.refuse.form_incomplete": {
        "en": "the resident complaint form (住户投诉意见表) is incomplete: missing {missing!t}",
        "zh": "《住户投诉意见表》填写不全：缺少{missing!t}",
    },
    "property.refuse.needs_tier": {
        "en": "a property complaint needs its tier: --tier {tiers}, or the cause: --field cause={causes}",
        "zh": "物业投诉须判定级别：--tier {tiers}，或记录原因：--field cause={causes}",
    },
    "property.reason.cause_overrides_tier": {
        "en": "--tier {tier} at intake is below what the recorded cause requires, so the more severe tier applies",
        "zh": "受理时判定的{tier!l}低于所记录原因要求的级别，按较重的级别处理",
    },
    "property.refuse.report_by_supervisor": {
        "en": "a major or important complaint reaches management through the public-affairs supervisor "
        "(经公共事务部主管当天转呈, SOP 1.3): the report is recorded by a {roles}; {staff} is {role} — "
        "report to the supervisor with `tousu act {id} report_to_supervisor`",
        "zh": "重大及重要投诉经公共事务部主管当天转呈（规程1.3）：上报由{roles!L}记录；{staff}的角色是{role!l}——"
        "请用 `tousu act {id} report_to_supervisor` 上报公共事务部主管",
    },
    "property.refuse.invalid_while_harm": {
        "en": "{id} is still causing harm (SOP 1.9: stop it first): record `tousu act {id} stop_harm` before marking it invalid",
        "zh": "{id}仍在造成损害（规程1.9：先停止伤害）：判为无效投诉前请先记录 `tousu act {id} stop_harm`",
    },
    "property.refuse.invalid_needs_reason": {
        "en": "invalid needs the reason the complaint is invalid: --note REASON (SOP 1.8: it is answered and kept)",
        "zh": "判为无效投诉须写明理由：--note 理由（规程1.8：仍予答复并存档）",
    },
    # the form's missing entries: "place (--place or --field place=...)"
    "property.missing.place": {"en": "place (--place or --field place=...)", "zh": "地点（--place 或 --field place=...）"},
    "property.missing.respondent": {"en": "respondent (--respondent)", "zh": "被投诉对象（--respondent）"},
    "property.missing.request": {"en": "request (--request)", "zh": "诉求（--request）"},
    "property.missing.contact": {"en": "contact (--contact)", "zh": "联系方式（--contact）"},
    "property.missing.complainant": {"en": "complainant (--complainant)", "zh": "投诉人（--complainant）"},
}

register_said(SAID)
_EXTEND_RULE = (
    "the manager for a minor complaint, the general manager for an important or major one (SOP 1.10; higher_role_may_approve)"
)
register({f"rule:{_EXTEND_RULE}": {
    "en": _EXTEND_RULE, "zh": "轻微投诉由经理批准，重要或重大投诉由总经理批准（SOP 1.10；higher_role_may_approve）",
}})
register({"label.property_mgmt.attach": {"zh": "附件", "en": "attach"}})


#: Answers the property desk sends most (``act ID reply --template NAME``, `tousu templates`).
register_templates((
    Template(
        "repair_scheduled", "reply", domain="property_mgmt",
        zh="您好！您反映的“{summary}”（{place}）已安排{department}上门处理，将在{due_resolve}前处理完毕。如有变化我们会及时告诉您。{org}",
        en="Hello, {department} will deal with \"{summary}\" ({place}) and finish by {due_resolve}; we will tell you "
        "if anything changes. {org}",
    ),
    Template(
        "repaired", "notify", domain="property_mgmt",
        zh="您好！您反映的“{summary}”（{place}）已处理完毕：{note}我们的巡楼人员会回访您。{org}",
        en="Hello, \"{summary}\" ({place}) has been dealt with: {note} Our patrol team will call you back. {org}",
    ),
))
