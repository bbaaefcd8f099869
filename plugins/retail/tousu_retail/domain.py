"""The retail desk's vocabulary: channels, tiers, categories, steps, deadlines, roles, labels.

Ids are the English names scripts use; every id has a zh and an en label so that the desk
can work in the language of the source text (重大投诉处理流程, part 1 of the seed).
"""

from __future__ import annotations

from tousu import ActionSpec, DomainSpec
from tousu.models import OPEN_STATUSES

#: 信息来源 (source §二): where a complaint comes from.
AGENCY_CHANNELS = ("market_regulator", "consumer_council", "quality_bureau")
CHANNELS = (
    "phone", "letter", "fax", "email", "message", "on_site",
    *AGENCY_CHANNELS, "media", "escalation",
    "web",  # the public complaint form (tousu serve, /public/ORG/new)
)

#: Ordered from least to most severe; level3 and above is a major complaint (三级以上投诉).
TIERS = ("level1", "level2", "level3", "level4")
MAJOR_TIERS = ("level3", "level4")

#: 表现形式 2-1 … 2-7, and ``general`` for ordinary complaints.
CATEGORIES = (
    "general",
    "excessive_demand",  # 2-1
    "personal_injury",  # 2-2
    "property_damage",  # 2-3
    "counterfeit",  # 2-4
    "regulator_or_media_referral",  # 2-5
    "media_exposure",  # 2-6
    "lawsuit",  # 2-7
)
#: The tier each category is at least (source: 2-1…2-4 are major, 2-5…2-7 have gone outside).
CATEGORY_TIER = {
    "general": "level1",
    "excessive_demand": "level3",
    "personal_injury": "level3",
    "property_damage": "level3",
    "counterfeit": "level3",
    "regulator_or_media_referral": "level4",
    "media_exposure": "level4",
    "lawsuit": "level4",
}
#: The source's numbering, quoted in classification reasons.
CATEGORY_CLAUSE = {
    "excessive_demand": "2-1",
    "personal_injury": "2-2",
    "property_damage": "2-3",
    "counterfeit": "2-4",
    "regulator_or_media_referral": "2-5",
    "media_exposure": "2-6",
    "lawsuit": "2-7",
}
#: Categories that are "handled per the categories above" (2-5) and may name the one they rest on.
OUTSIDE_CATEGORIES = ("regulator_or_media_referral", "media_exposure", "lawsuit")
#: Categories an outside complaint can rest on (``--field underlying=...``).
UNDERLYING_CATEGORIES = ("general", "excessive_demand", "personal_injury", "property_damage", "counterfeit")

#: Required steps per category, in the order the source walks through them.
CATEGORY_STEPS: dict[str, tuple[str, ...]] = {
    "general": (),
    "excessive_demand": ("repair_dept_assessment", "options_analysis"),
    "personal_injury": (
        "advise_hospital", "visit_injured", "site_inspection", "offer_loan_unit", "resolution_plan",
    ),
    "property_damage": ("notify_supplier", "site_inspection", "resolution_plan", "settlement_agreement"),
    "counterfeit": (
        "check_documents", "notify_purchasing", "freeze_supplier_payments", "contact_supplier", "verify_authenticity",
        "settlement_agreement", "recover_goods_and_receipts",
    ),
    "regulator_or_media_referral": ("written_reply_to_agency",),
    "media_exposure": ("notify_marketing", "identify_outlet", "fault_assessment"),
    "lawsuit": ("notify_loss_prevention",),
}
#: 2-6 ③ 已在媒体爆光的: the story is out — verify it, assess the impact, report to the top manager.
PUBLISHED_STEPS = ("verify_story", "assess_impact", "report_to_general_manager")
#: 四 内部改进 after a major complaint: the internal check and the corrective action (整改) ...
IMPROVEMENT_STEPS = ("internal_check", "corrective_action")
#: ... and, where a product was at fault, re-testing by the technical department (重新检验).
RETEST = "retest"
#: Steps some rule adds outside the category table.
EXTRA_STEPS = ("acknowledge_agency", "stop_harm", "customer_receipt", *PUBLISHED_STEPS, *IMPROVEMENT_STEPS, RETEST)
#: A step that may only be completed once others are done: step → the steps it waits for (those
#: the complaint has). The source's order, sentence by sentence.
STEP_PREREQUISITES: dict[str, tuple[str, ...]] = {
    # 2-2: 到医院看望伤者,对伤者进行抚慰后,再到顾客家查看现场 … 然后尽快(3天内)给出处理方案
    # 2-3: 先通知供应商,后马上派人 … 查看现场 … 然后尽快(3天内)给出处理方案
    "site_inspection": ("notify_supplier", "visit_injured"),
    "resolution_plan": ("visit_injured", "site_inspection"),
    # 2-4: 首先查看顾客的有关单据和有效的证明假货的鉴定书 … 通知采购部,再通知理财部冻结供应商货款
    "notify_purchasing": ("check_documents",),
    "freeze_supplier_payments": ("notify_purchasing",),
    # 2-6 ③: 首先确定爆光内容是否真实,分析对我们的影响 … 请示黄总
    "assess_impact": ("verify_story",),
    "report_to_general_manager": ("verify_story", "assess_impact"),
    # 四: 内部检查 … 责成各责任部门负责人整改并落实; 商品质量问题考虑送技术部门重新检验
    "corrective_action": ("internal_check",),
    RETEST: ("internal_check",),
}
#: Steps recorded only once the matter is handled (2-5: 处理完毕后,要以书面的形式回复相关部门).
AFTER_HANDLING_STEPS = ("written_reply_to_agency",)
STEPS = tuple(dict.fromkeys(s for steps in CATEGORY_STEPS.values() for s in steps)) + EXTRA_STEPS
#: Steps done only with a file attached as evidence (`tousu attach ID FILE --step STEP`): step → what.
EVIDENCE = {
    "customer_receipt": "receipt_evidence",  # 2-3: 由顾客出具收据
    "verify_authenticity": "authentication_report",  # 2-4: 调查商品真伪
}

DEADLINES = ("reply", "resolve", "plan", "acknowledge_agency", "stop_harm", "supplier_answer", "media_response")

ROLES = ("customer_service", "purchasing", "finance", "marketing", "loss_prevention")

#: Remedies for the product itself (对商品的处理).
REMEDIES = ("repair", "replace", "refund")

ACTIONS = (
    ActionSpec("settle", OPEN_STATUSES, None, "pay and record a settlement: --field amount=A"),
    ActionSpec("choose_remedy", OPEN_STATUSES, None, "the customer's choice: --field remedy=repair|replace|refund"),
    ActionSpec("ask_supplier", OPEN_STATUSES, None, "a customer's question goes to purchasing/the supplier (2 days)"),
    ActionSpec("supplier_answer", OPEN_STATUSES, None, "purchasing/the supplier answered the customer's question"),
    ActionSpec("unacceptable_service", OPEN_STATUSES, None, "the supplier's after-sales service was unacceptable"),
    ActionSpec("supplier_refused", OPEN_STATUSES, None, "the supplier refuses to cooperate on this case"),
    ActionSpec("regulator_finding", OPEN_STATUSES, None, "a regulator found the product substandard: --field agency=..."),
    ActionSpec("media_published", OPEN_STATUSES, None, "2-6: the story has been published (verify, assess, report)"),
)

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        # compensation items (compensation.py) and recorded facts
        "medical": "医疗费", "nursing": "护理费", "lost_income": "误工费", "disability_aids": "残疾辅助器具费",
        "disability_living_subsidy": "残疾生活补助费", "disability_compensation": "残疾赔偿金", "funeral": "丧葬费",
        "death_compensation": "死亡赔偿金", "property_loss": "财产损失", "concession": "让步补偿",
        "product": "商品", "supplier": "供应商", "purchase_date": "购买日期", "price": "价格",
        "remedies": "可选处理方式", "remedy_rule": "处理方式依据", "last_settlement": "最近一次赔付",
        "paid_total": "已赔付合计", "amount": "金额",
        # channels
        "phone": "来电", "letter": "来信", "fax": "传真", "email": "电子邮件", "message": "留言", "web": "网上投诉",
        "on_site": "现场接待", "market_regulator": "工商局", "consumer_council": "消委会",
        "quality_bureau": "技术监督局", "media": "相关媒体转来", "escalation": "三级投诉未及时处理的升级事件",
        # tiers
        "level1": "一级投诉", "level2": "二级投诉", "level3": "三级投诉(重大)", "level4": "四级投诉(重大·升级)",
        # categories
        "general": "一般投诉", "excessive_demand": "顾客要求过高(2-1)", "personal_injury": "人身伤害(2-2)",
        "property_damage": "财产损失(2-3)", "counterfeit": "假货、水货(2-4)",
        "regulator_or_media_referral": "投诉到职能机构和媒体(2-5)", "media_exposure": "媒体曝光(2-6)",
        "lawsuit": "已起诉到法院(2-7)",
        # steps
        "repair_dept_assessment": "特约维修部鉴定", "options_analysis": "分析顾客承受能力与让步方案",
        "advise_hospital": "提醒送伤者就医", "visit_injured": "派人到医院看望伤者",
        "site_inspection": "查看现场并拍照", "offer_loan_unit": "提供备用机", "resolution_plan": "给出处理方案",
        "notify_supplier": "先通知供应商", "settlement_agreement": "签定《和解协议》",
        "notify_purchasing": "通知采购部", "freeze_supplier_payments": "理财部冻结供应商货款",
        "contact_supplier": "联系供应商、确定进货渠道", "verify_authenticity": "调查商品真伪",
        "recover_goods_and_receipts": "收回单据和商品", "written_reply_to_agency": "书面回复相关部门",
        "notify_marketing": "知会市场部", "identify_outlet": "了解曝光媒体", "fault_assessment": "确定是否属于我方责任",
        "notify_loss_prevention": "通知防损部", "acknowledge_agency": "感谢监督机关并答复尽快处理",
        "stop_harm": "立即停止或挽救伤害", "customer_receipt": "顾客出具收据",
        "receipt_evidence": "顾客签字的收据", "authentication_report": "商品真伪鉴定结果",
        "check_documents": "查看单据和鉴定书", "verify_story": "确定曝光内容是否真实",
        "assess_impact": "分析对我们的影响", "report_to_general_manager": "请示总经理对媒体提出质疑",
        "internal_check": "内部检查(服务及商品控制)", "corrective_action": "责成责任部门整改并落实",
        "retest": "送技术部门重新检验",
        # facts recorded with the steps
        "product_fault": "商品质量问题", "quality_problem": "存在质量问题", "company_at_fault": "公司有过失",
        "reasonable": "答复正确合理", "goodwill": "让步处理", "published": "已曝光",
        # deadlines
        "reply": "答复顾客", "resolve": "处理完毕", "plan": "处理方案(3天内)",
        "supplier_answer": "供应商2天内答复", "media_response": "已曝光:核实、分析、请示",
        # roles
        "customer_service": "客服部", "purchasing": "采购部", "finance": "理财部", "marketing": "市场部",
        "loss_prevention": "防损部", "clerk": "接待员",
        # actions
        "settle": "赔付", "choose_remedy": "选择商品处理方式", "ask_supplier": "通知采购部/供应商答复",
        "unacceptable_service": "供应商售后服务不合格", "supplier_refused": "供应商不配合",
        "regulator_finding": "监督机构检查不合格", "media_published": "已在媒体曝光",
        "internal_checks": "内部检查", "corrective_actions": "整改落实", "retests": "重新检验",
        # remedies and report figures
        "repair": "维修", "replace": "换货", "refund": "退货",
        "major_complaints": "重大投诉", "by_category": "按类别", "by_tier": "按级别",
        "compensation_paid": "赔付金额", "settlements": "赔付笔数", "approvals": "审批笔数",
        "approved_amount": "审批金额", "escalated_to_level4": "升级为四级", "open_steps": "未完成步骤",
        "delisting_candidates": "撤场候选",
    },
    "en": {
        "phone": "phone", "letter": "letter", "fax": "fax", "email": "e-mail", "message": "message", "web": "web form",
        "on_site": "on site", "market_regulator": "market regulation bureau", "consumer_council": "consumer council",
        "quality_bureau": "quality & technical supervision bureau", "media": "media", "escalation": "internal escalation",
        "level1": "level 1", "level2": "level 2", "level3": "level 3 (major)", "level4": "level 4 (major, escalated)",
        "general": "general", "excessive_demand": "excessive demand (2-1)", "personal_injury": "personal injury (2-2)",
        "property_damage": "property damage (2-3)", "counterfeit": "counterfeit or grey import (2-4)",
        "regulator_or_media_referral": "referred by a regulator or the media (2-5)",
        "media_exposure": "media exposure (2-6)", "lawsuit": "lawsuit (2-7)",
        "repair_dept_assessment": "authorised repair department's assessment",
        "options_analysis": "analyse what the customer can accept", "advise_hospital": "advise taking the injured to hospital",
        "visit_injured": "visit the injured", "site_inspection": "inspect the site, photograph",
        "offer_loan_unit": "offer a loan unit", "resolution_plan": "give the resolution plan",
        "notify_supplier": "notify the supplier first", "settlement_agreement": "sign the settlement agreement",
        "notify_purchasing": "notify purchasing", "freeze_supplier_payments": "finance freezes the supplier's payments",
        "contact_supplier": "contact the supplier, trace the supply channel",
        "verify_authenticity": "verify authenticity", "recover_goods_and_receipts": "take back receipts and goods",
        "written_reply_to_agency": "written reply to the agency", "notify_marketing": "notify marketing",
        "identify_outlet": "find out which outlet", "fault_assessment": "assess whether we are at fault",
        "notify_loss_prevention": "notify loss prevention", "acknowledge_agency": "thank the agency, promise quick handling",
        "stop_harm": "stop the harm first", "customer_receipt": "customer signs a receipt",
        "receipt_evidence": "the receipt the customer signed", "authentication_report": "the authentication report",
        "check_documents": "check the receipts and the authentication report",
        "verify_story": "verify whether the story is true", "assess_impact": "assess the impact on us",
        "report_to_general_manager": "report to the general manager (challenge an untrue story)",
        "internal_check": "internal check (service and product control)",
        "corrective_action": "corrective action by the responsible department", "retest": "re-testing by the technical department",
        "product_fault": "product at fault", "quality_problem": "quality problem", "company_at_fault": "company at fault",
        "reasonable": "correct and reasonable answer", "goodwill": "goodwill concession", "published": "published",
        "reply": "answer the customer", "resolve": "resolved", "plan": "resolution plan (3 days)",
        "supplier_answer": "supplier answers within 2 days", "media_response": "published story: verify, assess, report",
        "customer_service": "customer service", "purchasing": "purchasing", "finance": "finance",
        "marketing": "marketing", "loss_prevention": "loss prevention",
        "settle": "settle", "choose_remedy": "choose remedy", "ask_supplier": "ask the supplier",
        "unacceptable_service": "unacceptable after-sales service", "supplier_refused": "supplier refuses to cooperate",
        "regulator_finding": "regulator finding", "media_published": "story published",
        "internal_checks": "internal checks", "corrective_actions": "corrective actions", "retests": "re-tests",
        "repair": "repair", "replace": "replace", "refund": "refund",
        "major_complaints": "major complaints", "by_category": "by category", "by_tier": "by tier",
        "compensation_paid": "compensation paid", "settlements": "settlements", "approvals": "approvals",
        "approved_amount": "approved amount", "escalated_to_level4": "escalated to level 4",
        "open_steps": "open steps", "delisting_candidates": "delisting candidates",
    },
}


def domain_spec(settings_class: type, validator: object) -> DomainSpec:
    """The retail DomainSpec as registered with the core."""
    from tousu_retail.settings import approval_cases

    return DomainSpec(
        name="retail",
        plugin="retail",
        title="零售重大投诉 / retail major complaints",
        channels=CHANNELS,
        categories=CATEGORIES,
        tiers=TIERS,
        default_tier="level1",
        default_category="general",
        actions=ACTIONS,
        deadlines=DEADLINES,
        steps=STEPS,
        evidence=EVIDENCE,
        roles=ROLES,
        # the source's other word for the front-line receptionist (接待员); its authority is staff_authority's
        accepted_roles=("clerk",),
        labels=LABELS,
        settings_class=settings_class,
        settings_validator=validator,  # type: ignore[arg-type]
        # told to the customer through the outbox (docs/notifications.md); the promised times
        tell=("intake", "reply", "notify", "transfer", "extend", "callback_request"),
        public_deadlines=("reply", "resolve"),
        # who may (tousu.permissions; [orgs.X.permissions] changes it): the desk answers and
        # resolves at first contact (level 1); a department signs for what is forwarded to it
        permissions={"sign": ("department_head", *ROLES, "supervisor", "manager", "general_manager")},
        permission_rules={
            "settle": "up to the role's authority (staff_authority), counted per complaint; above it an unused "
            "approval by someone else",
            "approve": "roles whose authority covers the amount; nobody approves their own settlement",
            "step": "each step by the roles of its step_roles",
        },
        permission_cases=approval_cases,  # the authority rule as role lists, amount by amount
    )
