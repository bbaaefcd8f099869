"""What the retail rules write (reasons, bases, warnings, refusals), in Chinese and English.

The rules write their texts in English and tousu stores them as written; a ``zh`` desk reads
them through these entries (`tousu.messages.said`): the ``en`` entry is the pattern of the
text the rule writes, the ``zh`` entry what the desk reads. Change both when a rule's words
change (`tests/usability/test_plugin_texts.py` runs the demo and fails on English left).
"""

from __future__ import annotations

from tousu.messages import register
from tousu.messages.said import register_said
from tousu.replies import Template, register_templates

SAID: dict[str, dict[str, str]] = {
    # classification (rules.classify)
    "retail.reason.channel_referral": {
        "en": "channel {channel}: referred by an agency or the media (2-5)",
        "zh": "渠道{channel!l}：由职能机构或媒体转来（2-5）",
    },
    "retail.reason.below_threshold": {
        "en": "{category} ({clause}) needs {fact} ≥ {threshold}, got {amount}: an ordinary complaint for a department (level2)",
        "zh": "{category!l}（{clause}）须{fact!l}不低于{threshold}，实为{amount}：按一般投诉由部门处理（二级投诉）",
    },
    "retail.reason.category": {
        "en": "category {category} ({clause}) is {tier}",
        "zh": "类别{category!l}（{clause}）定为{tier!l}",
    },
    "retail.reason.general": {"en": "ordinary complaint (general)", "zh": "一般投诉"},
    "retail.reason.escalation_channel": {
        "en": "channel escalation: 三级投诉未及时处理的升级事件 (level4)",
        "zh": "渠道：三级投诉未及时处理的升级事件（四级投诉）",
    },
    "retail.reason.raised": {"en": "raised to {tier} at intake", "zh": "受理时提高为{tier!l}"},
    "retail.reason.tier_below": {
        "en": "--tier {given} is below what the rule requires ({tier})",
        "zh": "--tier {given!l}低于规定要求（{tier!l}）",
    },
    "retail.rule.escalate": {
        "en": "level3 not handled in time (三级投诉未及时处理的升级事件): deadline {deadlines} breached",
        "zh": "三级投诉未及时处理的升级事件：{deadlines!L}已超时",
    },
    # product remedies (remedy.remedies)
    "retail.remedy.counterfeit": {
        "en": "2-4: the goods and receipts are taken back; 假一赔二 is paid on top",
        "zh": "2-4：收回商品和单据，另按假一赔二赔付",
    },
    "retail.remedy.window": {
        "en": "2-3: within {months} months of purchase ({purchased}); plus damages",
        "zh": "2-3：购买（{purchased}）后{months}个月内；另赔偿损失",
    },
    "retail.remedy.past_window": {
        "en": "2-3: {warranty!t} and past the refund window; as 2-2, plus damages",
        "zh": "2-3：{warranty!t}，已过退货期；按2-2处理，另赔偿损失",
    },
    "retail.remedy.damage": {"en": "2-3: {warranty!t}; plus damages", "zh": "2-3：{warranty!t}；另赔偿损失"},
    "retail.remedy.injury": {"en": "2-2: {warranty!t}", "zh": "2-2：{warranty!t}"},
    "retail.warranty.within": {"en": "within warranty (until {until})", "zh": "在保修期内（至 {until}）"},
    "retail.warranty.outside": {"en": "outside warranty (until {until})", "zh": "已过保修期（至 {until}）"},
    # compensation bases (compensation.py)
    "retail.basis.medical": {"en": "a: actual necessary treatment cost", "zh": "a：实际必要的医疗费用"},
    "retail.basis.medical_none": {
        "en": "a: no medical cost incurred — gifts as a goodwill gesture",
        "zh": "a：未发生医疗费——以礼品表示慰问",
    },
    "retail.basis.nursing": {
        "en": "b: {days} days × {rate} a day for a hired carer",
        "zh": "b：{days}天 × 每天{rate}（雇请护工）",
    },
    "retail.basis.lost_income": {"en": "c: actual income lost", "zh": "c：实际误工减少的收入"},
    "retail.basis.lost_days": {
        "en": "c: income not established: S {s} × {days} / {year} days",
        "zh": "c：收入无法确定：S {s} × {days} / {year}天",
    },
    "retail.basis.aids": {"en": "d: a standard (普及型) disability aid", "zh": "d：普及型残疾辅助器具"},
    "retail.basis.grade": {"en": "{item}: grade {grade}: S {s} × {times}", "zh": "{item}：{grade}级伤残：S {s} × {times}"},
    "retail.basis.funeral": {"en": "g: the city funeral service's basic charges", "zh": "g：本市殡葬服务基本费用"},
    "retail.basis.death": {"en": "h: S {s} × {years}", "zh": "h：S {s} × {years}"},
    "retail.basis.dependant": {"en": "i: {why!t}: S {s} × {years} years", "zh": "i：{why!t}：S {s} × {years}年"},
    "retail.basis.minor": {"en": "minor aged {age}, supported until {until}", "zh": "未成年人，{age}岁，抚养至{until}岁"},
    "retail.basis.unable_aged": {
        "en": "aged {age}, unable to work, supported {years} years",
        "zh": "{age}岁，无劳动能力，扶养{years}年",
    },
    "retail.basis.unable": {"en": "unable to work, supported {years} years", "zh": "无劳动能力，扶养{years}年"},
    "retail.basis.counterfeit": {"en": "2-4 假一赔二: price {price} × {times}", "zh": "2-4 假一赔二：价格{price} × {times}"},
    "retail.basis.concession": {
        "en": "2-1: concession to an excessive demand (折旧退货/让步)",
        "zh": "2-1：对过高要求的让步（折旧退货/让步）",
    },
    "retail.basis.property_loss": {
        "en": "2-3: direct property loss from the customer's {basis}",
        "zh": "2-3：按顾客的{basis!l}计算的直接财产损失",
    },
    # compensation warnings
    "retail.warn.default_s": {
        "en": "S (本市居民年平均生活费) is the shipped default {s}, a national figure: "
        "set your city's in orgs.{org}.settings.retail.annual_living_cost",
        "zh": "S（本市居民年平均生活费）用的是出厂默认值{s}（全国数字）：请在 orgs.{org}.settings.retail.annual_living_cost 设置本市的数值",
    },
    "retail.warn.statutory_floor": {
        "en": "below the statutory floor of the Consumer Rights Protection Law art. 55: refund {price} plus "
        "{times} × the price (at least {minimum}) = {floor}; the policy pays {paid}, {less} less — "
        "the customer may claim the difference",
        "zh": "低于《消费者权益保护法》第五十五条的法定标准：退还价款{price}，另加价款的{times}倍（至少{minimum}），"
        "共{floor}；按本规定赔付{paid}，少{less}——顾客可主张差额",
    },
    "retail.warn.not_at_fault": {
        "en": "2-1: the company is not at fault; in principle no concession beyond the staff authority ({limit}), {amount} asked",
        "zh": "2-1：公司无过错，原则上不作超出员工权限（{limit}）的让步；顾客要求{amount}",
    },
    "retail.warn.funeral": {"en": "g: funeral cost not given (--field funeral_cost=A)", "zh": "g：未给出丧葬费（--field funeral_cost=金额）"},
    "retail.warn.adult": {
        "en": "i: dependant {index} (aged {age}) is an adult able to work: no support is due",
        "zh": "i：第{index}位被扶养人（{age}岁）是有劳动能力的成年人，不予扶养费",
    },
    # refusals (authority.py, procedure.py)
    "retail.refuse.settle_authority": {
        "en": "settle {amount} exceeds the authority of {staff} ({role}, limit {limit}) and no approval of at least "
        "{total} by someone else exists{own!t}: ask a role whose authority covers it: {ask}",
        "zh": "赔付{amount}超出{staff}的权限（{role!l}，限额{limit}），且没有他人批准至少{total}{own!t}："
        "请权限足够的角色批准：{ask}",
    },
    "retail.refuse.own_approval": {
        "en": "; the approval of {amount} by {staff} does not count: nobody approves their own settlement",
        "zh": "；{staff}本人批准的{amount}不算：任何人不得批准自己的赔付",
    },
    "retail.refuse.paid_already": {
        "en": "{id} has already been paid {paid} in {count} settlement{s}; compensation is paid at once (item j, 一次性支付), "
        "so settle {amount} (a total of {total}) needs a new approval of at least {total} by someone else{own!t}: {ask}",
        "zh": "{id}已赔付{paid}（{count}笔）；赔偿一次性支付（j项），所以再赔付{amount}（合计{total}）须由他人重新批准至少{total}{own!t}：{ask}",
    },
    "retail.refuse.goodwill": {
        "en": "2-1: the repair department found no quality problem and the company not at fault, so in principle no "
        "concession is made (原则上我们不做任何让步处理); settle {amount} needs a goodwill approval of at least {total} "
        "by a {roles}{own!t} (already paid on {id}: {paid}): {ask}",
        "zh": "2-1：特约维修部鉴定无质量问题、公司无过错，原则上我们不做任何让步处理；赔付{amount}须由{roles!L}"
        "作让步批准至少{total}{own!t}（{id}已赔付：{paid}）：{ask}",
    },
    "retail.refuse.approve_authority": {
        "en": "approve {amount} exceeds the authority of {staff} ({role}, limit {limit}): a role with a higher limit must approve it",
        "zh": "批准{amount}超出{staff}的权限（{role!l}，限额{limit}）：须由限额更高的角色批准",
    },
    "retail.refuse.approve_own": {
        "en": "nobody approves their own settlement: {staff} cannot approve a settlement for {other}",
        "zh": "任何人不得批准自己的赔付：{staff}不能为{other}批准赔付",
    },
    "retail.refuse.goodwill_role": {
        "en": "2-1: a goodwill concession to an unreasonable demand is approved by a {roles}; {staff} is {role}",
        "zh": "2-1：对不合理要求的让步须由{roles!L}批准；{staff}的角色是{role!l}",
    },
    "retail.refuse.approve_paid": {
        "en": "approve {amount}: {id} has already been paid {paid}; an approval covers the complaint's whole total, "
        "so approve at least {paid2} plus the new payment",
        "zh": "批准{amount}：{id}已赔付{paid}；批准额涵盖该投诉的全部赔付，请至少批准{paid2}加上新的赔付",
    },
    "retail.refuse.on_site": {
        "en": "on-site complaint: the first receiver tells the customer before handing over (record it with --field customer_told=true)",
        "zh": "现场投诉：首位接待人移交前须告知顾客（用 --field customer_told=true 记录）",
    },
    "retail.refuse.supplier_open": {
        "en": "a question to the supplier of {id} is still unanswered; record the answer first",
        "zh": "{id}向供应商提出的问题尚未答复；请先记录答复",
    },
    "retail.refuse.no_supplier_question": {
        "en": "{id} has no open question to the supplier (ask with `ask_supplier --note ...`)",
        "zh": "{id}没有待答复的供应商问题（用 `ask_supplier --note ...` 提问）",
    },
    "retail.refuse.step_order": {
        "en": "step {step} of {id} waits for step {before} (the source's order: {before2} comes first)",
        "zh": "{id}的步骤“{step!l}”须在“{before!l}”之后完成（规程的顺序）",
    },
    "retail.refuse.agreement_after_pay": {
        "en": "2-3: the settlement agreement is signed after the compensation is paid: record it first with `tousu act {id} settle --field amount=A`",
        "zh": "2-3：赔偿付清后才签定和解协议：请先用 `tousu act {id} settle --field amount=金额` 记录赔付",
    },
    "retail.refuse.needs_proof": {
        "en": "2-4: compensation is paid only with proof: complete step verify_authenticity of {id} first",
        "zh": "2-4：须有证据才赔付：请先完成{id}的“调查商品真伪”步骤",
    },
    "retail.refuse.genuine": {
        "en": "2-4: verification of {id} found the goods genuine; no counterfeit compensation is due",
        "zh": "2-4：{id}经调查商品为真品，不予假货赔偿",
    },
    "retail.refuse.needs_assessment": {
        "en": "2-1: settle only after the authorised repair department's assessment (经特约维修部鉴定): record "
        "`tousu act {id} step --field name=repair_dept_assessment --field quality_problem=true|false "
        "--field company_at_fault=true|false` first",
        "zh": "2-1：经特约维修部鉴定后才可赔付：请先记录 `tousu act {id} step --field name=repair_dept_assessment "
        "--field quality_problem=true|false --field company_at_fault=true|false`",
    },
    "retail.refuse.no_remedy": {
        "en": "no product remedy on offer for {id}: record --field purchase_date=YYYY-MM-DD first",
        "zh": "{id}没有可选的商品处理方式：请先记录 --field purchase_date=年-月-日",
    },
    "retail.refuse.remedy_not_offered": {
        "en": "{chosen} is not on offer for {id} ({rule!t}): choose {offered}",
        "zh": "{id}不能选择{chosen!l}（{rule!t}）：可选{offered!L}",
    },
    "retail.refuse.media_published_category": {
        "en": "media_published is for a media-exposure complaint (2-6); {id} is {category}",
        "zh": "“已在媒体曝光”只用于媒体曝光投诉（2-6）；{id}是{category!l}",
    },
    "retail.refuse.media_published_twice": {
        "en": "the published story of {id} is already recorded", "zh": "{id}的曝光报道已记录",
    },
    "retail.refuse.step_role_on_behalf": {
        "en": "step {step} of {id} belongs to {roles} (or, as {org} lists nobody in that role, a {heads}); {staff} is {role}",
        "zh": "{id}的步骤“{step!l}”由{roles!L}办理（{org}没有该角色的员工，也可由{heads!L}代为记录）；{staff}是{role!l}",
    },
    "retail.refuse.step_role": {
        "en": "step {step} of {id} belongs to {roles}; {staff} is {role}",
        "zh": "{id}的步骤“{step!l}”由{roles!L}办理；{staff}是{role!l}",
    },
    "retail.refuse.written_reply_after_handling": {
        "en": "2-5: the written reply to the agency comes after the matter is handled (处理完毕后): resolve {id} first",
        "zh": "2-5：处理完毕后才书面回复相关部门：请先将{id}处理完毕（resolve）",
    },
    "retail.refuse.downgrade_below_category": {
        "en": "{id} is {category} ({clause}), which is at least {least}: a lower tier needs another category, not a downgrade",
        "zh": "{id}属于{category!l}（{clause}），至少为{least!l}：要更低的级别须改类别，不能降级",
    },
}

#: Labels of ids the domain's registration does not label itself.
LABELS: dict[str, dict[str, str]] = {
    "label.retail.remedy": {"zh": "处理方式", "en": "remedy"},
    "label.retail.remedy_chosen": {"zh": "已选处理方式", "en": "remedy chosen"},
    "label.retail.repair": {"zh": "维修", "en": "repair"},
    "label.retail.replace": {"zh": "换货", "en": "replace"},
    "label.retail.refund": {"zh": "退货", "en": "refund"},
    "label.retail.receipts": {"zh": "单据", "en": "receipts"},
    "label.retail.estimate": {"zh": "估价", "en": "estimate"},
    "label.retail.settlements": {"zh": "赔付笔数", "en": "settlements"},
    "label.retail.approvals": {"zh": "审批笔数", "en": "approvals"},
}

#: What a role list cannot say (``tousu plugins``' permission table), read on a zh desk.
RULES: dict[str, dict[str, str]] = {
    "rule:up to the role's authority (staff_authority), counted per complaint; above it an unused approval by someone else": {
        "en": "up to the role's authority (staff_authority), counted per complaint; above it an unused approval by someone else",
        "zh": "在角色的赔付权限（staff_authority）内，按每件投诉累计；超出须有他人尚未用过的批准",
    },
    "rule:roles whose authority covers the amount; nobody approves their own settlement": {
        "en": "roles whose authority covers the amount; nobody approves their own settlement",
        "zh": "权限覆盖该金额的角色；不得批准自己的赔付",
    },
    "rule:each step by the roles of its step_roles": {
        "en": "each step by the roles of its step_roles", "zh": "每个步骤由 step_roles 为它规定的角色办理",
    },
}

#: The sales import's refusals of a wrong file (`tousu_retail.sales`), as each desk reads them.
SALES_ERRORS: dict[str, dict[str, str]] = {
    "retail.sales.not_found": {"en": "{path}: file not found", "zh": "{path}：找不到文件"},
    "retail.sales.not_utf8": {
        "en": "{path}: not UTF-8 (byte {byte}); save the CSV as UTF-8",
        "zh": "{path}：不是 UTF-8 编码（第 {byte} 字节）；请把表格另存为 UTF-8 编码",
    },
    "retail.sales.columns_missing_unknown": {
        "en": "{path}: expected the columns {columns}; missing {missing}; unknown {unknown}",
        "zh": "{path}：应有以下列：{columns}；缺少 {missing}；未知的列 {unknown}",
    },
    "retail.sales.columns_missing": {
        "en": "{path}: expected the columns {columns}; missing {missing}", "zh": "{path}：应有以下列：{columns}；缺少 {missing}",
    },
    "retail.sales.columns_unknown": {
        "en": "{path}: expected the columns {columns}; unknown {unknown}", "zh": "{path}：应有以下列：{columns}；未知的列 {unknown}",
    },
    "retail.sales.unreadable": {"en": "{path}: {problem}", "zh": "{path}：无法读取（{problem}）"},
    "retail.sales.count": {
        "en": "{path}: line {line}: {column} {value!r}: expected a whole number of 0 or more",
        "zh": "{path}：第 {line} 行：{column} 为 {value!r}：应为 0 或更大的整数",
    },
    "retail.sales.too_many": {"en": "{path}: line {line}: more values than columns", "zh": "{path}：第 {line} 行：值的个数多于列数"},
    "retail.sales.month": {
        "en": "{path}: line {line}: month {month!r}: expected YYYY-MM", "zh": "{path}：第 {line} 行：月份 {month!r}：应写成 2026-10 这样的年月",
    },
    "retail.sales.empty": {
        "en": "{path}: line {line}: product and supplier must not be empty", "zh": "{path}：第 {line} 行：商品和供应商不能为空",
    },
    "retail.sales.twice": {
        "en": "{path}: line {line}: {month} {product} / {supplier} appears twice in the file",
        "zh": "{path}：第 {line} 行：{month} {product} / {supplier} 在文件中出现了两次",
    },
    "retail.not_enabled": {
        "en": "organization {org} does not enable the retail plugin (plugins: {plugins})",
        "zh": "单位 {org} 没有启用 retail 插件（已启用：{plugins}）",
    },
    "retail.month_option": {
        "en": "--month {month}: expected YYYY-MM, e.g. 2026-10", "zh": "--month {month}：应写成年月，例如 2026-10",
    },
}

#: The retail actions' own refusals of a missing or wrong field.
FIELD_SAID: dict[str, dict[str, str]] = {
    "retail.field.amount": {
        "en": "{action} needs --field amount=A (yuan, e.g. --field amount=500.00)",
        "zh": "{action!l}须写明金额：--field amount=金额（元，例如 --field amount=500.00）",
    },
    "retail.field.remedy": {
        "en": "choose_remedy needs --field remedy=({remedies})",
        "zh": "选择处理方式须写明：--field remedy=（{remedies}）",
    },
}

#: What ``tousu retail`` prints (``text(org.language, id)``).
COMMAND_TEXTS: dict[str, dict[str, str]] = {
    "retail.sales.imported": {"en": "imported {n} rows of sales for {org}", "zh": "已为 {org} 导入 {n} 行销售数据"},
    "retail.delisting.none": {"en": "{org} {month}: no delisting candidates", "zh": "{org} {month}：没有需要撤场的商品或供应商"},
    "retail.delisting.product": {
        "en": "{number}. {criterion}: product {who}{extra} — {rule}", "zh": "{number}. {criterion}：商品 {who}{extra} — {rule}",
    },
    "retail.delisting.supplier": {
        "en": "{number}. {criterion}: supplier {who}{extra} — {rule}", "zh": "{number}. {criterion}：供应商 {who}{extra} — {rule}",
    },
    "retail.delisting.of_supplier": {"en": " (supplier {supplier})", "zh": "（供应商 {supplier}）"},
    **{f"retail.evidence.{key}": {"en": key, "zh": zh} for key, zh in (
        ("complaint", "投诉"), ("at", "时间"), ("product", "商品"), ("supplier", "供应商"), ("month", "月份"),
        ("sold", "销量"), ("quality_returns", "质量退换"), ("rate", "比例"), ("result", "结果"), ("step", "步骤"),
    )},
}

register_said(SAID)
register(SALES_ERRORS)
register_said(FIELD_SAID)
register(LABELS)
register(RULES)
register(COMMAND_TEXTS)


#: Answers the retail desk sends most (``act ID reply --template NAME``, `tousu templates`).
register_templates((
    Template(
        "plan_offered", "reply", domain="retail",
        zh="您好！关于您的投诉（编号 {id}），我们的处理方案如下：{note}如您同意，我们将尽快办理。{org}",
        en="Hello, about your complaint (no. {id}), this is what we propose: {note} If you agree, we will arrange it "
        "at once. {org}",
    ),
    Template(
        "settled", "notify", domain="retail",
        zh="您好！您的投诉（编号 {id}）已按约定处理完毕：{note}感谢您对本店的信任。{org}",
        en="Hello, your complaint (no. {id}) has been settled as agreed: {note} Thank you for your trust. {org}",
    ),
))
