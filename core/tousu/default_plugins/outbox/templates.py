"""The texts of messages, per kind and language; a domain overrides any of them by its labels.

A template is a pair (subject, body) of `str.format` texts. A domain replaces one with the
labels ``message.KIND.subject`` / ``message.KIND.body`` of its `DomainSpec.labels` in that
language. Values filled in: ``org`` (the organization's name), ``code`` (the receipt code),
``text`` (what staff wrote: the reply, the result), ``agency``, ``deadline`` (its label),
``until`` / ``due`` (local times), ``deadlines`` (the promised time limits, one per line),
``status_url`` (the status page, when ``[orgs.X.public] base_url`` is set) and, for staff
alerts only, ``case`` (the complaint id). A body line whose values are all empty is dropped.
"""

from __future__ import annotations

import string
from typing import Any

from tousu.models import DomainSpec

#: kind → language → (subject, body).
TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    "acknowledgment": {
        "zh": (
            "[{code}] 您的投诉已受理 · {org}",
            "您好，{org}已受理您的投诉，受理编号 {code}（查询和来信请注明）。\n"
            "我们会在下列时限内给您答复：{deadlines}\n查询处理进度：{status_url}",
        ),
        "en": (
            "[{code}] Your complaint has been received · {org}",
            "Hello, {org} has received your complaint. Your receipt code is {code} "
            "(quote it when you write or ask).\nWhat happens next, and by when:{deadlines}\n"
            "Follow your case: {status_url}",
        ),
    },
    "reply": {
        "zh": ("[{code}] 关于您投诉的答复 · {org}", "{text}\n查询处理进度：{status_url}"),
        "en": ("[{code}] An answer to your complaint · {org}", "{text}\nFollow your case: {status_url}"),
    },
    "notify": {
        "zh": ("[{code}] 您投诉的处理结果 · {org}", "{text}\n查询处理进度：{status_url}"),
        "en": ("[{code}] The outcome of your complaint · {org}", "{text}\nFollow your case: {status_url}"),
    },
    "transfer": {
        "zh": ("[{code}] 您的投诉已移送 · {org}", "您的投诉已移送{agency}处理。\n{text}"),
        "en": ("[{code}] Your complaint has been passed on · {org}", "Your complaint has been passed on to {agency}.\n{text}"),
    },
    "extend": {
        "zh": ("[{code}] 处理时限变更 · {org}", "“{deadline}”的时限已延长至 {until}。\n{text}"),
        "en": ("[{code}] A new time limit · {org}", "The time limit \"{deadline}\" now ends {until}.\n{text}"),
    },
    "callback_request": {
        "zh": (
            "[{code}] 您对处理结果满意吗？ · {org}",
            "您的投诉已处理完毕。请回复本邮件，或访问 {status_url} 告诉我们您是否满意。",
        ),
        "en": (
            "[{code}] Are you satisfied with the outcome? · {org}",
            "Your complaint has been dealt with. Reply to this message, or tell us at {status_url}, "
            "whether you are satisfied.",
        ),
    },
    "update": {
        "zh": ("[{code}] 您的投诉有新进展 · {org}", "{text}\n查询处理进度：{status_url}"),
        "en": ("[{code}] News about your complaint · {org}", "{text}\nFollow your case: {status_url}"),
    },
    "breach": {
        "zh": ("[{case}] 已超时：{deadline}", "投诉 {case} 的“{deadline}”已于 {due} 到期未完成。"),
        "en": ("[{case}] Overdue: {deadline}", "Complaint {case}: \"{deadline}\" was due {due} and is not done."),
    },
    "warning": {
        "zh": ("[{case}] 即将到期：{deadline}", "投诉 {case} 的“{deadline}”将于 {due} 到期。"),
        "en": ("[{case}] Due soon: {deadline}", "Complaint {case}: \"{deadline}\" is due {due}."),
    },
}


def template(kind: str, language: str, domain: DomainSpec | None) -> tuple[str, str]:
    """The (subject, body) of `kind` in `language`: the domain's labels first, then the defaults."""
    default = TEMPLATES.get(kind, TEMPLATES["update"])
    subject, body = default.get(language) or default["en"]
    if domain is not None:
        own = domain.labels.get(language, {})
        subject = own.get(f"message.{kind}.subject", subject)
        body = own.get(f"message.{kind}.body", body)
    return subject, body


def render(text: str, values: dict[str, Any]) -> str:
    """Fill a template; unknown names stay empty, and a line whose values are all empty is dropped."""
    lines = []
    formatter = string.Formatter()
    for line in text.split("\n"):
        names = [name for _, name, _, _ in formatter.parse(line) if name]
        if names and not any(str(values.get(name, "") or "") for name in names):
            continue
        lines.append(formatter.vformat(line, (), _Blank(values)))
    return "\n".join(lines).strip()


class _Blank(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return ""
