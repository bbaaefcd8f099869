"""What the complaint center's rules write in English, and its field names, in both languages.

Reasons and escalation rules of this domain are written in the organization's language
already; its refusals and recorded fields are read through these entries
(`tousu.messages.said`): ``en`` is the pattern of the text a rule writes, ``zh`` what a
``zh`` desk reads.
"""

from __future__ import annotations

from tousu.messages import register
from tousu.messages.said import register_said
from tousu.replies import Template, register_templates

SAID: dict[str, dict[str, str]] = {
    "city.refuse.unanswered_close": {
        "en": 'cannot close {id}: every case gets an answer (件件有答复) and the complainant has none yet; '
        'answer first: tousu act {id2} reply --note "..."',
        "zh": '不能结案{id}：件件有答复，投诉人尚未得到答复；请先答复：tousu act {id2} reply --note "..."',
    },
    "city.transfer_note": {"en": "transfer_to={agency} at intake", "zh": "受理时移送{agency}"},
}

LABELS: dict[str, dict[str, str]] = {
    "label.city_enforcement.routed_by": {"zh": "分派依据", "en": "routed by"},
    "label.city_enforcement.repeat_basis": {"zh": "重复依据", "en": "repeat basis"},
    "label.city_enforcement.district": {"zh": "区", "en": "district"},
    "label.city_enforcement.transfer_to": {"zh": "移送至", "en": "transfer to"},
    "label.city_enforcement.transferred_to": {"zh": "已移送至", "en": "transferred to"},
    "label.city_enforcement.place": {"zh": "地点", "en": "place"},
    "label.city_enforcement.contact": {"zh": "联系方式", "en": "contact"},
    "label.city_enforcement.complainant": {"zh": "投诉人", "en": "complainant"},
    "label.city_enforcement.summary": {"zh": "内容", "en": "summary"},
    "label.city_enforcement.place+category": {"zh": "同一地点、同一类别", "en": "same place and category"},
}

register_said(SAID)
register(LABELS)


#: Answers the complaint center sends most (``act ID reply --template NAME``, `tousu templates`).
register_templates((
    Template(
        "assigned", "reply", domain="city_enforcement",
        zh="您好！您反映的“{summary}”已受理（编号 {id}），已交{department}办理，我们会在{due_reply}前给您答复。{org}",
        en="Hello, your report about \"{summary}\" (no. {id}) has been passed to {department}; we will answer you by "
        "{due_reply}. {org}",
    ),
    Template(
        "handled", "notify", domain="city_enforcement",
        zh="您好！您反映的“{summary}”（编号 {id}）已办理：{note}感谢您对城市管理工作的支持。{org}",
        en="Hello, your report about \"{summary}\" (no. {id}) has been dealt with: {note} Thank you for your help. {org}",
    ),
))
