"""The public pages' words, in the message catalog (`tousu.messages`), ids ``public.*``."""

from __future__ import annotations

from tousu.messages import register

MESSAGES: dict[str, dict[str, str]] = {
    "public.new.title": {"zh": "在线投诉", "en": "Make a complaint"},
    "public.new.intro": {
        "zh": "请告诉我们发生了什么。提交后您会得到一个受理编号，凭编号可随时查询处理进度。",
        "en": "Tell us what happened. You will get a receipt code to follow your complaint at any time.",
    },
    "public.field.summary": {"zh": "发生了什么（必填）", "en": "What happened (required)"},
    "public.field.place": {"zh": "地点", "en": "Where"},
    "public.field.request": {"zh": "您的诉求", "en": "What you would like us to do"},
    "public.field.complainant": {"zh": "您的姓名", "en": "Your name"},
    "public.field.contact": {"zh": "联系方式（电话或电子邮件）", "en": "How to reach you (phone or e-mail)"},
    "public.field.category": {"zh": "类别", "en": "Kind of complaint"},
    "public.field.honeypot": {"zh": "请勿填写", "en": "Leave this empty"},
    "public.contact.hint": {
        "zh": "留下联系方式，我们会把受理编号和答复发给您。",
        "en": "Leave a contact and we will send you the receipt code and our answers.",
    },
    "public.submit": {"zh": "提交投诉", "en": "Send the complaint"},
    "public.error.summary": {"zh": "请写下发生了什么。", "en": "Please tell us what happened."},
    "public.error.too_fast": {
        "zh": "提交太快了，请检查内容后再提交一次。",
        "en": "That was very quick: please check the form and send it again.",
    },
    "public.error.rejected": {"zh": "无法受理这份表单，请重新填写。", "en": "This form could not be accepted; please fill it in again."},
    "public.error.invalid": {"zh": "有一项填写有误：{reason}", "en": "Something in the form is not right: {reason}"},
    "public.error.too_many": {"zh": "请求过于频繁，请稍后再试。", "en": "Too many requests; please try again in a minute."},
    "public.error.too_large": {"zh": "内容太长了。", "en": "That is too long to send."},
    "public.not_found.title": {"zh": "未找到", "en": "Not found"},
    "public.not_found.text": {
        "zh": "没有找到这个受理编号。请检查编号是否输入正确。",
        "en": "We found no complaint with this receipt code. Please check that you typed it correctly.",
    },
    "public.status.title": {"zh": "投诉处理进度", "en": "Your complaint"},
    "public.status.code": {"zh": "受理编号", "en": "Receipt code"},
    "public.status.keep": {
        "zh": "请保存好这个编号：凭它可以查询进度、补充情况。不要把它告诉他人。",
        "en": "Keep this code: with it you can follow your complaint and add to it. Do not share it.",
    },
    "public.status.received_at": {"zh": "受理时间", "en": "Received"},
    "public.status.state": {"zh": "当前状态", "en": "Status"},
    "public.state.received": {"zh": "已受理", "en": "received"},
    "public.state.handling": {"zh": "处理中", "en": "being handled"},
    "public.state.answered": {"zh": "已答复", "en": "answered"},
    "public.state.closed": {"zh": "已办结", "en": "closed"},
    "public.status.next.received": {
        "zh": "我们已收到您的投诉，将转交负责部门处理，并在下列时限内答复您。",
        "en": "We have your complaint. It goes to the people responsible, and we answer within the time limits below.",
    },
    "public.status.next.handling": {
        "zh": "您的投诉正在处理中，我们会在下列时限内答复您。",
        "en": "Your complaint is being dealt with; we answer within the time limits below.",
    },
    "public.status.next.answered": {
        "zh": "我们已处理并答复。请告诉我们您是否满意。",
        "en": "We have dealt with it and answered. Please tell us whether you are satisfied.",
    },
    "public.status.next.closed": {"zh": "此投诉已办结。", "en": "This complaint is closed."},
    "public.status.deadlines": {"zh": "处理时限", "en": "Time limits"},
    "public.deadline.pending": {"zh": "截止", "en": "by"},
    "public.deadline.met": {"zh": "已完成", "en": "done"},
    "public.deadline.breached": {"zh": "已超时", "en": "overdue"},
    "public.status.summary": {"zh": "您反映的情况", "en": "What you told us"},
    "public.status.answers": {"zh": "我们的答复", "en": "Our answers"},
    "public.status.no_answers": {"zh": "暂无答复。", "en": "No answer yet."},
    "public.status.transferred": {"zh": "已移送{agency}处理。", "en": "Passed on to {agency}."},
    "public.status.additions": {"zh": "您的补充", "en": "What you added"},
    "public.inform.title": {"zh": "补充情况", "en": "Add information"},
    "public.inform.submit": {"zh": "提交补充", "en": "Add it"},
    "public.inform.text": {"zh": "补充内容", "en": "What you want to add"},
    "public.error.text": {"zh": "请写下补充内容。", "en": "Please write what you want to add."},
    "public.callback.title": {"zh": "您对处理结果满意吗？", "en": "Are you satisfied with the outcome?"},
    "public.callback.yes": {"zh": "满意", "en": "Satisfied"},
    "public.callback.no": {"zh": "不满意", "en": "Not satisfied"},
    "public.callback.comment": {"zh": "意见（可选）", "en": "Comment (optional)"},
    "public.callback.submit": {"zh": "提交评价", "en": "Send"},
    "public.callback.given.yes": {"zh": "您表示满意。", "en": "You said you were satisfied."},
    "public.callback.given.no": {"zh": "您表示不满意。", "en": "You said you were not satisfied."},
    "public.done.inform": {"zh": "已收到您的补充。", "en": "Thank you: your information was added."},
    "public.done.callback": {"zh": "感谢您的评价。", "en": "Thank you for your answer."},
    "public.refused": {
        "zh": "现在无法记录，请稍后再试或直接联系我们。",
        "en": "This cannot be recorded at the moment; please try later or contact us directly.",
    },
}

register(MESSAGES)
