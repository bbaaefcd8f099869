"""The desk's own words, in both languages an organization may choose (``zh``, ``en``).

Domain terms (statuses, tiers, actions, steps, deadlines) come from `tousu.default_plugins.words.labels.label`,
so the desk says what the CLI and the reports say; this catalog holds only the words of the
pages themselves. Every key exists in both languages (a test checks it).
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "zh": {
        "app": "投诉台", "login": "登录", "logout": "退出", "org": "单位", "staff": "工号", "password": "密码",
        "login_failed": "单位、工号或密码不正确。", "login_title": "投诉台登录", "session_expired": "登录已过期,请重新登录。",
        "desk": "今日清单", "new": "登记投诉", "search": "查找", "reports": "月报", "signed_in_as": "当前用户",
        "mine": "我的", "department": "本部门", "all": "全部", "overdue": "已超时", "warnings": "即将到期",
        "due_today": "今日到期", "nothing_due": "没有到期事项。", "late_by": "超时 {span}", "due_in": "剩余 {span}",
        "deadline": "时限", "due_at": "到期时间", "complaint": "投诉", "count": "件数",
        "filed": "已登记投诉 {id}。", "done_action": "{id}:{action}已记录。", "refused": "未能办理:",
        "not_found": "找不到", "not_found_text": "没有这件投诉,或您无权查看。", "back_to_desk": "返回今日清单",
        "forbidden": "无法办理", "bad_request": "请求无效", "csrf_failed": "表单已过期,请刷新页面后重试。",
        "intake_form": "投诉登记表", "submit_intake": "登记", "optional": "选填", "required": "必填",
        "choose": "请选择", "field_extra": "其他登记事项", "yes": "是", "no": "否",
        "actions": "可办理的操作", "no_actions": "您的角色目前没有可办理的操作。", "do": "办理",
        "note": "备注", "to": "交给", "attachments": "附件(证据)", "upload": "上传", "file": "文件",
        "for_step": "对应步骤", "none": "无", "download": "下载", "size": "大小", "type": "类型",
        "uploaded_by": "上传人", "uploaded": "已上传附件 {name}。", "needs_evidence": "需附证据:{what}",
        "time_left": "剩余/超时", "state": "状态", "at": "时间", "actor": "经办人", "action": "操作",
        "details": "内容", "personal_masked": "个人信息已遮蔽", "compensation": "赔偿计算", "calculate": "计算",
        "total": "合计", "item": "项目", "amount": "金额", "basis": "依据", "needs_approval": "超出权限,需审批",
        "search_placeholder": "编号、电话、姓名、地点或内容", "results": "结果", "no_results": "没有找到。",
        "search_hint": "按编号、电话、姓名、地点或内容查找。",
        "previous": "上个月", "next": "下个月", "month": "月份", "show": "查看", "skip": "跳到正文",
        "tier_reason": "定级依据", "steps_open": "未完成", "steps_done": "已完成", "received_at": "受理时间",
        "channel": "渠道", "category": "类别", "tier": "级别", "status": "状态", "summary": "内容",
        "counts": "统计", "open_complaint": "打开", "domain": "领域", "page_error": "出错了",
        "timers": "内部计时", "calc_hint": "填写事实后计算(不记录)。", "warnings_list": "提示", "received_at_late": "受理时间(补登时填写)",
        "again": "与刚登记的一件相同,仍要再登记一次",
    },
    "en": {
        "app": "Complaint desk", "login": "Sign in", "logout": "Sign out", "org": "Organization", "staff": "Staff id",
        "password": "Password", "login_failed": "Organization, staff id or password is not right.",
        "login_title": "Sign in to the complaint desk", "session_expired": "Your session has expired; please sign in again.",
        "desk": "Today's list", "new": "New complaint", "search": "Search", "reports": "Reports",
        "signed_in_as": "Signed in as", "mine": "Mine", "department": "My department", "all": "All",
        "overdue": "Overdue", "warnings": "Due soon", "due_today": "Due today", "nothing_due": "Nothing is due.",
        "late_by": "late by {span}", "due_in": "due in {span}", "deadline": "Deadline", "due_at": "Due at",
        "complaint": "Complaint", "count": "Count", "filed": "Complaint {id} recorded.",
        "done_action": "{id}: {action} recorded.", "refused": "Not done:", "not_found": "Not found",
        "not_found_text": "There is no such complaint, or it is not yours to see.", "back_to_desk": "Back to today's list",
        "forbidden": "Not allowed", "bad_request": "Bad request",
        "csrf_failed": "The form has expired; reload the page and try again.", "intake_form": "Complaint form",
        "submit_intake": "Record", "optional": "optional", "required": "required", "choose": "Choose…",
        "field_extra": "Other facts", "yes": "yes", "no": "no", "actions": "What you can do now",
        "no_actions": "Your role has nothing to do on this complaint now.", "do": "Record", "note": "Note",
        "to": "To", "attachments": "Attachments (evidence)", "upload": "Upload", "file": "File",
        "for_step": "For step", "none": "none", "download": "Download", "size": "Size", "type": "Type",
        "uploaded_by": "Uploaded by", "uploaded": "Attached {name}.", "needs_evidence": "needs evidence: {what}",
        "time_left": "Left / late", "state": "State", "at": "At", "actor": "By", "action": "Action",
        "details": "Details", "personal_masked": "personal data masked", "compensation": "Compensation calculator",
        "calculate": "Calculate", "total": "Total", "item": "Item", "amount": "Amount", "basis": "Basis",
        "needs_approval": "exceeds your authority: needs approval",
        "search_placeholder": "id, phone, name, place or text", "results": "Results", "no_results": "Nothing found.",
        "search_hint": "Search by id, phone, name, place or text.", "previous": "Previous month",
        "next": "Next month", "month": "Month", "show": "Show", "skip": "Skip to content",
        "tier_reason": "Classified by", "steps_open": "open", "steps_done": "done", "received_at": "Received at",
        "channel": "Channel", "category": "Category", "tier": "Tier", "status": "Status", "summary": "Summary",
        "counts": "Counts", "open_complaint": "Open", "domain": "Domain", "page_error": "Something went wrong",
        "timers": "Internal timers", "calc_hint": "Fill in the facts and calculate (nothing is recorded).",
        "warnings_list": "Warnings", "received_at_late": "Received at (if entered late)",
        "again": "Record it again although it matches one just recorded",
    },
}


def text(language: str, key: str, **values: object) -> str:
    """The desk's word for `key` in `language` (English if the language is unknown)."""
    table = STRINGS.get(language) or STRINGS["en"]
    template = table.get(key) or STRINGS["en"].get(key) or key
    return template.format(**values) if values else template
