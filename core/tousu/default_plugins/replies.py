"""Reply and notify templates filled: the answers a desk sends most, per domain and language.

``tousu act ID reply --template NAME`` fills the template (`tousu.replies.Template`) from the
complaint in the organization's language and records the result as the reply's text (the
note), so the history, the outbox message to the complainant and the status page all carry
exactly what was sent; ``--note`` adds to it (``{note}`` in the template places it, else it
follows as a new paragraph). ``tousu templates`` lists them.

The core offers templates every domain can use (domain ``*``, `CORE_TEMPLATES`, registered
when this module loads); a plugin adds its own with `tousu.replies.register_templates`.
Placeholders never include the complainant's name or contact: a reply is kept in the
history, and ``tousu purge`` must leave no personal data behind it.

A default plugin of the kernel's features (``replies``, `tousu.default_plugins.features.Replies`):
the App asks it for an action's text (``complaint_action_text``), and it holds the rule that a
reply has one (``complaint_action_parts``).
"""

from __future__ import annotations

import string
from datetime import datetime
from typing import Any

from tousu.default_plugins.doors import humanize
from tousu.default_plugins.words.labels import Labeller
from tousu.errors import InputError
from tousu.messages import register
from tousu.models import Complaint, DomainSpec, Org
from tousu.replies import TEMPLATE_ACTIONS, Template, register_templates, templates_for


def find(domain: str | None, name: str) -> Template:
    """The template `name` for `domain`, or an input error listing the ones there are."""
    for t in templates_for(domain):
        if t.name == name:
            return t
    known = ", ".join(t.name for t in templates_for(domain)) or "none"
    raise InputError.of("template.unknown", name=name, known=known)


def placeholders(template: Template) -> list[str]:
    """The placeholders a template's texts use, in order of first use."""
    names: list[str] = []
    for text in (template.zh, template.en):
        for _, name, _, _ in string.Formatter().parse(text):
            if name and name not in names:
                names.append(name)
    return names


def facts_of(complaint: Complaint, org: Org, domain: DomainSpec | None, at: datetime) -> dict[str, str]:
    """The values a template may use, in the organization's language (never personal data)."""
    lang, tz = org.language, org.tz
    lab = Labeller(lang, [domain])
    values = {
        "id": complaint.id,
        "org": org.name or org.id,
        "received": humanize.instant(complaint.received_at, tz, lang),
        "received_date": complaint.received_at.astimezone(tz).date().isoformat(),
        "today": at.astimezone(tz).date().isoformat(),
        "summary": complaint.summary or "",
        "place": complaint.place or "",
        "respondent": complaint.respondent or "",
        "request": complaint.request or "",
        "department": complaint.department or "",
        "category": lab(complaint.category) if complaint.category else "",
        "tier": lab(complaint.tier) if complaint.tier else "",
        "status": lab(complaint.status),
        "owner": complaint.owner or "",
    }
    for d in complaint.deadlines:
        if d.kind == "deadline" and d.state != "cancelled":
            values[f"due_{d.name}"] = humanize.instant(d.due_at, tz, lang)
    for key, value in complaint.fields.items():
        if isinstance(value, str | int) and not isinstance(value, bool):
            values.setdefault(f"field_{key}", str(value))
    return values


def fill(
    template: Template, complaint: Complaint, org: Org, domain: DomainSpec | None, at: datetime, note: str | None
) -> str:
    """The template's text for this complaint, in its organization's language.

    A placeholder the complaint has no value for is refused (exit 2) naming it, so an answer
    never goes out with a hole in it; ``{note}`` needs ``--note``.
    """
    values = facts_of(complaint, org, domain, at)
    note = (note or "").strip()
    values["note"] = note
    text = template.text(org.language)
    used = [name for _, name, _, _ in string.Formatter().parse(text) if name]
    missing = [name for name in dict.fromkeys(used) if not values.get(name)]
    if missing:
        raise InputError.of("template.missing", name=template.name, id=complaint.id, missing=", ".join(missing))
    filled = text.format_map(values).strip()
    if note and "note" not in used:
        filled = f"{filled}\n{note}"
    return filled


#: Templates every domain can use.
CORE_TEMPLATES = (
    Template(
        "received",
        "reply",
        zh="您好！您于{received}反映的“{summary}”已受理（编号 {id}），我们正在处理，会尽快给您答复。{org}",
        en="Hello, your complaint of {received} about \"{summary}\" has been received (no. {id}) and is being "
        "handled; we will answer you as soon as we can. {org}",
    ),
    Template(
        "forwarded",
        "reply",
        zh="您好！您反映的“{summary}”已转交{department}处理（编号 {id}），处理后我们会告诉您结果。{org}",
        en="Hello, your complaint about \"{summary}\" has been passed to {department} (no. {id}); we will tell "
        "you the outcome. {org}",
    ),
    Template(
        "answer",
        "reply",
        zh="您好！关于您于{received}反映的“{summary}”（编号 {id}），答复如下：{note}",
        en="Hello, about your complaint of {received} on \"{summary}\" (no. {id}), our answer: {note}",
    ),
    Template(
        "resolved",
        "notify",
        zh="您好！您于{received}反映的“{summary}”已处理完毕（编号 {id}）：{note}感谢您的监督。{org}",
        en="Hello, your complaint of {received} about \"{summary}\" has been dealt with (no. {id}): {note} "
        "Thank you for telling us. {org}",
    ),
)

register_templates(CORE_TEMPLATES)
register(
    {
        "template.unknown": {
            "zh": "没有模板“{name}”（可用的模板：{known}；见 tousu templates）",
            "en": "unknown template {name!r} (templates: {known}; see `tousu templates`)",
        },
        "template.missing": {
            "zh": "模板“{name}”要用到 {missing}，投诉 {id} 没有这一项：请补充，或用 --note 写答复",
            "en": "template {name!r} needs {missing}, which {id} lacks: fill it in, or write the reply with --note",
        },
        "template.action": {
            "zh": "模板“{name}”用于{action!l}，不能用于{other!l}",
            "en": "template {name!r} is for {action}, not {other}",
        },
        "template.only_for": {
            "zh": "--template 只能用于{actions!L}",
            "en": "--template fills the text of {actions} only",
        },
        "error.reply_needs_text": {
            "zh": "答复须有内容：--note 答复内容，或 --template 模板（见 tousu templates）",
            "en": "a reply needs its text: --note TEXT or --template NAME (see `tousu templates`)",
        },
        "templates.none": {"zh": "没有模板", "en": "no templates"},
        "templates.col.name": {"zh": "模板", "en": "template"},
        "templates.col.action": {"zh": "用于", "en": "for"},
        "templates.col.domain": {"zh": "领域", "en": "domain"},
        "templates.col.text": {"zh": "内容", "en": "text"},
        "templates.any": {"zh": "通用", "en": "any"},
        "templates.placeholders": {"zh": "占位符", "en": "placeholders"},
    }
)

__all__ = ["CORE_TEMPLATES", "facts_of", "fill", "find", "note_from", "placeholders", "reply_needs_text"]


def note_from(
    complaint: Complaint,
    org: Org,
    domain: DomainSpec | None,
    action: str,
    facts: dict[str, Any],
    note: str | None,
    at: datetime,
) -> str:
    """The text an action records when its facts name a template (``--template NAME``)."""
    if action not in TEMPLATE_ACTIONS:
        raise InputError.of("template.only_for", actions=", ".join(TEMPLATE_ACTIONS))
    template = find(domain.name if domain else None, str(facts.get("template") or "").strip())
    if template.action != action:
        raise InputError.of("template.action", name=template.name, action=template.action, other=action)
    return fill(template, complaint, org, domain, at, note)


def reply_needs_text(action: str, note: str | None) -> None:
    """A reply is recorded with its words: typed (``--note``) or filled from a template."""
    if action == "reply" and not (note or "").strip():
        raise InputError.of("error.reply_needs_text")
