"""What the operator's commands print in the deployment's language (issue 18): the words they
share and the plugin listing's lines, registered in the catalog (`tousu.messages`) when a
command that prints them is imported. The default plugins' own commands register their lines
beside them (verify, purge, outbox and deliver, serve and staff).

`language_of` picks the language: the addressed organization's (``--org``), else the one all
the deployment's organizations share, else English. Each command's ``SAID``
entries read the English lines others write for it (a broken chain, a damaged file, a weak
password) in a zh desk's words (`tousu.messages.said`).
"""

from __future__ import annotations

from typing import Any

from tousu.messages import CATALOG, register

#: Vocabulary the operator reads: statuses, kinds of messages, states of tokens and plugins.
_WORDS = {
    "pending": ("待发送", "pending"), "sent": ("已发送", "sent"), "failed": ("发送失败", "failed"),
    "dead": ("已放弃", "dead"), "acknowledgment": ("受理回执", "acknowledgment"), "reply": ("答复", "reply"),
    "notify": ("结果通报", "notify"), "transfer": ("转办通知", "transfer"), "update": ("进展通知", "update"),
    "callback_request": ("回访邀请", "callback_request"), "breach": ("超时提醒", "breach"),
    "warning": ("临期提醒", "warning"), "live": ("有效", "live"), "revoked": ("已吊销", "revoked"),
    "expired": ("已过期", "expired"), "disabled": ("已停用", "disabled"), "ok": ("正常", "ok"),
    "broken": ("出错", "broken"), "blocked": ("已屏蔽", "blocked"), "missing": ("未安装", "missing"),
}

MESSAGES: dict[str, dict[str, str]] = {
    **{f"operator.word.{key}": {"zh": zh, "en": en} for key, (zh, en) in _WORDS.items()},
    # plugins
    "plugins.none": {"en": "no plugins installed", "zh": "没有安装插件"},
    "plugins.missing": {
        "en": "not installed, but enabled in {where} (install it, or remove it from the list)",
        "zh": "未安装，但 {where} 启用了它（请安装，或从列表中删去）",
    },
    "plugins.status": {"en": "{name}{version}  {status}", "zh": "{name}{version}  {status}"},
    "plugins.domains": {"en": "domains:", "zh": "领域："},
    "plugins.hooks": {"en": "hooks:", "zh": "钩子："},
    "plugins.actions": {"en": "actions:", "zh": "操作："},
    "plugins.deadlines": {"en": "deadlines:", "zh": "时限："},
    "plugins.steps": {"en": "steps:", "zh": "步骤："},
    "plugins.commands": {"en": "commands:", "zh": "命令："},
    "plugins.orgs": {"en": "orgs:", "zh": "单位："},
    "plugins.who_may": {"en": "who may, in {org}:", "zh": "{org} 的操作权限："},
    "plugins.anyone_rule": {"en": "{action}: any staff member{rule}", "zh": "{action}：任何员工{rule}"},
    "plugins.roles_rule": {"en": "{action}: {roles}  [{source}]{rule}", "zh": "{action}：{roles}  [{source}]{rule}"},
    "plugins.anyone": {"en": "any staff member: {actions}", "zh": "任何员工：{actions}"},
    "plugins.rule": {"en": "  ({rule})", "zh": "（{rule!t}）"},
}

def language_of(app: Any, org_id: str | None = None) -> str:
    """The language an operator's command speaks: `org_id`'s, else the one every organization
    of the deployment shares, else English (also when the config cannot be read)."""
    try:
        orgs = app.config.orgs
    except Exception:  # a broken config is reported by the command itself; its listing reads English
        return "en"
    if org_id and org_id in orgs:
        return str(orgs[org_id].language)
    languages = {o.language for o in orgs.values()}
    return languages.pop() if len(languages) == 1 else "en"


def word(lang: str, key: str) -> str:
    """An operator's word (`pending`, `live`, `ok` ...) in `lang`; an unknown one as it is."""
    entry = CATALOG.get(f"operator.word.{key}")
    return (entry.get(lang) or entry["en"]) if entry else key


def listing_language(env: Any) -> str:
    """The deployment's language for a listing (``plugins``, ``domains``): English when the
    config cannot be read, so the listing still runs."""
    try:
        return language_of(env.app)
    except Exception:  # a broken config: the warnings say why, the listing reads English
        return "en"


register(MESSAGES)

__all__ = ["MESSAGES", "language_of", "listing_language", "word"]
