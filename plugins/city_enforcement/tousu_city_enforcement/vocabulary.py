"""The complaint center's ids (channels, kinds, categories, tiers) and their zh/en labels.

Ids are the stable vocabulary of the CLI, the database and the report's JSON; labels are
what a desk or a leader reads. Report figure names are labelled here too, so that the
generic report renderer can show them in the organization's language through the domain's
labels; a figure whose name is also a core id (``received``) keeps the core's label, because
a domain label would win over the core's everywhere (a status shown as a figure name).
"""

from __future__ import annotations

DOMAIN = "city_enforcement"
PLUGIN = "city_enforcement"

#: Where a case comes from (信息来源). `superior_transfer` is 上级转来: a government department
#: or a superior authority passes a citizen's case on to the bureau.
CHANNELS = ("phone", "visit", "letter", "superior_transfer", "media", "web", "email")  # email: tousu mail-in

#: What a case is: a complaint asks the bureau to act; a consultation asks a question. A
#: consultation is recorded and counted but is not a complaint.
COMPLAINT = "complaint"
CONSULTATION = "consultation"
KINDS = (COMPLAINT, CONSULTATION)

CATEGORIES = (
    "noise",
    "street_occupation",
    "illegal_construction",
    "outdoor_advertising",
    "shop_signs",
    "outdoor_barbecue",
    "other",
)
DEFAULT_CATEGORY = "other"

#: Tiers, least to most severe: a complaint past its resolve limit drags on (久拖不决).
NORMAL = "normal"
DRAG_ON = "drag_on"
TIERS = (NORMAL, DRAG_ON)

#: Clocks: acknowledge receipt, answer the complainant, resolve the matter.
ACKNOWLEDGE, REPLY, RESOLVE = "acknowledge", "reply", "resolve"

#: Actions that give the complainant an answer (件件有答复).
ANSWERS = ("reply", "notify")
#: Exits that leave the desk: each records the answer the caller is given ("已移送…") as it leaves.
EXITS = ("transfer", "invalid", "withdraw")
#: The field of an exit's event that holds the answer given to the caller.
EXIT_ANSWER = "exit_answer"
#: A visit that is not solved on the spot gets a named person by the end of its first day (一抓到底).
DESIGNATE = "designate"

REPEAT_FLAG = "repeat"
REPEAT_LINK = "repeat_of"

#: ``operator``: the complaint center's operator who answers the caller (件件有答复).
ROLES = ("squadron_leader", "operator")
#: Who must reach the caller while a clock is open: the operator answers and acknowledges.
CALLERS = {"acknowledge": ("operator",), "reply": ("operator",)}

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        # channels
        "phone": "来电",
        "visit": "来人来访",
        "letter": "来信",
        "superior_transfer": "上级转来",
        "media": "媒体报道",
        "web": "网上投诉",
        "email": "电子邮件",
        # kinds
        "complaint": "投诉",
        "consultation": "咨询",
        # categories
        "noise": "商业经营性噪声扰民",
        "street_occupation": "违章占道经营",
        "illegal_construction": "违章建设",
        "outdoor_advertising": "户外广告",
        "shop_signs": "门头牌匾",
        "outdoor_barbecue": "露天烧烤",
        "other": "其他",
        # tiers, flags, links, roles
        "normal": "一般",
        "drag_on": "久拖不决",
        "repeat": "重复投诉",
        "repeat_of": "重复投诉自",
        "squadron_leader": "中队长",
        "clerk": "接待员",
        "designate": "指定专人(一抓到底)", "acknowledge": "确认受理", "reply": "答复投诉人", "resolve": "处理完毕",
        "exit_answer": "离岗答复",
        "operator": "接线员",
        # report figures
        "complaints": "投诉",
        "consultations": "咨询",
        "by_kind": "按性质",
        "by_channel": "按渠道",
        "by_channel_and_kind": "按渠道和性质",
        "complaints_by_category": "投诉类别",
        "category_share_percent": "投诉类别占比(%)",
        "consultations_by_category": "咨询类别",
        "by_district": "按城区",
        "transferred_out": "移送案件",
        "transferred_to": "移送单位",
        "handled": "已处理",
        "processing_rate_percent": "处理率(%)",
        "answered": "已答复",
        "called_back": "已回访",
        "satisfied": "满意",
        "satisfaction_rate_percent": "满意率(%)",
        "repeats": "重复投诉",
        "drag_on_cases": "久拖不决",
        "still_open": "未办结",
        "weekly": "每周汇总",
        "monthly": "每月汇总",
        "week": "周",
        "month": "月份",
        "count": "件数",
        "kind": "性质",
        "unspecified": "未注明",
    },
    "en": {
        "phone": "phone",
        "visit": "visit",
        "letter": "letter",
        "superior_transfer": "transferred from a superior",
        "media": "media report",
        "web": "web",
        "email": "e-mail",
        "complaint": "complaint",
        "consultation": "consultation",
        "noise": "commercial noise",
        "street_occupation": "street occupation by traders",
        "illegal_construction": "illegal construction",
        "outdoor_advertising": "outdoor advertising",
        "shop_signs": "shop signs",
        "outdoor_barbecue": "outdoor barbecue",
        "other": "other",
        "normal": "normal",
        "drag_on": "dragging on",
        "repeat": "repeat petition",
        "repeat_of": "repeat of",
        "squadron_leader": "squadron leader",
        "designate": "named person designated (visit)", "exit_answer": "answer given on leaving the desk",
        "operator": "operator",
        "complaints": "complaints",
        "consultations": "consultations",
        "by_kind": "by kind",
        "by_channel": "by channel",
        "by_channel_and_kind": "by channel and kind",
        "complaints_by_category": "complaints by category",
        "category_share_percent": "category share of complaints (%)",
        "consultations_by_category": "consultations by topic",
        "by_district": "by district",
        "transferred_out": "transferred out",
        "transferred_to": "transferred to",
        "handled": "handled",
        "processing_rate_percent": "processing rate (%)",
        "answered": "answered",
        "called_back": "called back",
        "satisfied": "satisfied",
        "satisfaction_rate_percent": "satisfaction rate (%)",
        "repeats": "repeat petitions",
        "drag_on_cases": "dragging on",
        "still_open": "still open",
        "weekly": "weekly",
        "monthly": "monthly",
        "week": "week",
        "month": "month",
        "count": "count",
        "kind": "kind",
        "unspecified": "unspecified",
    },
}

TITLES = {"zh": "城管执法局投诉中心", "en": "City enforcement bureau complaint center"}


def label(key: str, language: str) -> str:
    """The label of one of this domain's ids in `language` (the id itself when unknown)."""
    return LABELS.get(language, LABELS["en"]).get(key) or key.replace("_", " ")
