"""What the operator's commands print: verify, purge, outbox, deliver, plugins, domains,
serve and staff, in the deployment's language (issue 18).

`language_of` picks the language: the addressed organization's (``--org``), else the one all
the deployment's organizations share, else English. The ``SAID`` entries read the English
lines the store and the server write (a broken chain, a damaged file, a weak password) in a
zh desk's words (`tousu.messages.said`).
"""

from __future__ import annotations

from typing import Any

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
    # verify
    "verify.ok": {
        "en": "ok: {count} rows verified ({events} events, {audit} audit) in {orgs} organization(s); head {head}",
        "zh": "校验通过：共 {count} 行（处理记录 {events} 行，审计 {audit} 行），{orgs} 个单位；链头 {head}",
    },
    "verify.broken": {"en": "chain broken at {message}", "zh": "哈希链断开：{message!t}"},
    "verify.file_damaged": {"en": "attached file damaged: {message}", "zh": "附件已损坏：{message!t}"},
    "verify.org_needed": {"en": "--org: an organization id is needed", "zh": "--org：须写明单位编号"},
    "verify.search_scans": {
        "en": "warning: the pg_trgm extension is not installed, so search (list --q) reads every complaint's texts; "
        "run CREATE EXTENSION pg_trgm as a database owner, then the two CREATE INDEX statements in docs/scaling.md",
        "zh": "警告：数据库未安装 pg_trgm 扩展，搜索（list --q）会逐条读取全部投诉的文字；"
        "请由数据库所有者执行 CREATE EXTENSION pg_trgm，再执行 docs/scaling.md 中的两条 CREATE INDEX 语句",
    },
    "verify.role_rights": {
        "en": "warning: the database role may {rights}: only the triggers keep the history append-only; "
        "connect as a role granted only SELECT and INSERT on them (docs/scaling.md)",
        "zh": "警告：当前数据库角色可修改、删除或清空历史记录表，只有触发器在保护历史只增不改；"
        "请改用对这些表只有查询和插入权限的角色连接",
    },
    # purge
    "purge.erased": {
        "en": "erased the personal data of {n} complaint(s) of {org} closed before {before}",
        "zh": "已清除 {org} 在 {before_shown} 前结案的 {n} 件投诉的个人信息",
    },
    "purge.would_erase": {
        "en": "would erase the personal data of {n} complaint(s) of {org} closed before {before}",
        "zh": "试运行（未写入）：将清除 {org} 在 {before_shown} 前结案的 {n} 件投诉的个人信息",
    },
    "purge.needs_before": {
        "en": "purge needs --before DATE, or a retention period for {org} (orgs.{org}.retention = \"3y\")",
        "zh": "清除个人信息须写明 --before 日期，或为 {org} 设定保存期限（orgs.{org}.retention = \"3y\"）",
    },
    "purge.before_after_at": {
        "en": "--before {before} is after --at {at}: nothing closes in the future",
        "zh": "--before {before} 晚于 --at {at}：尚未到来的时间不会有结案",
    },
    # deliver and outbox
    "deliver.line": {
        "en": "{result:6}  #{id}  {org}  {kind}  via {channel}{suffix}",
        "zh": "{result}  #{id}  {org}  {kind}  经 {channel}{suffix}",
    },
    "deliver.summary": {
        "en": "sent {sent}, failed {failed} (will retry), dead {dead}",
        "zh": "已发送 {sent}，失败 {failed}（稍后重试），已放弃 {dead}",
    },
    "outbox.none": {"en": "no messages", "zh": "没有消息"},
    "outbox.none_status": {"en": "no messages {status}", "zh": "没有{status}的消息"},
    "outbox.line": {
        "en": "#{id:<5} {status:7} {org}  {kind:16} {channel:7} to {to}  attempts {attempts}{error}",
        "zh": "#{id:<5} {status}  {org}  {kind}  经 {channel} 发给 {to}  已尝试 {attempts} 次{error}",
    },
    "outbox.last_error": {"en": "  last error: {error}", "zh": "  上次错误：{error}"},
    "outbox.retry_number": {
        "en": "retry {id!r}: expected a message number as `tousu outbox` lists it",
        "zh": "重发 {id!r}：须写消息编号（即 `tousu outbox` 列出的编号）",
    },
    "outbox.no_message": {"en": "no message #{id} in the outbox", "zh": "发件箱里没有消息 #{id}"},
    "outbox.already_sent": {
        "en": "message #{id} was already sent; nothing to retry", "zh": "消息 #{id} 已发送，无需重发",
    },
    "outbox.due_again": {
        "en": "message #{id} is due again ({kind} to {org}); run `tousu deliver`",
        "zh": "消息 #{id} 已重新排队（{org} 的{kind}）；请运行 `tousu deliver`",
    },
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
    # serve
    "serve.listening": {
        "en": "tousu serve: listening on http://{host}:{port} ({workers} worker(s)); Ctrl+C or SIGTERM stops",
        "zh": "tousu: 正在 http://{host}:{port} 提供服务（{workers} 个进程）；按 Ctrl+C 或发送 SIGTERM 停止",
    },
    "serve.ready": {"en": "tousu server ready", "zh": "tousu: 服务已就绪"},
    "serve.stopped": {"en": "tousu server stopped", "zh": "tousu: 服务已停止"},
    # staff
    "staff.unknown": {
        "en": "unknown staff member {staff!r} of organization {org} (staff: {known}; see tousu.toml)",
        "zh": "单位 {org} 没有员工 {staff!r}（员工：{known}；见 tousu.toml）",
    },
    "staff.none": {"en": "none", "zh": "无"},
    "staff.no_password_input": {
        "en": "no password on standard input (one line expected)", "zh": "标准输入中没有密码（应为一行）",
    },
    "staff.prompt": {"en": "Password", "zh": "密码"},
    "staff.prompt_again": {"en": "Repeat the password", "zh": "再次输入密码"},
    "staff.password_set": {"en": "password set for {staff} of {org}", "zh": "已为 {org} 的 {staff} 设定密码"},
    "staff.sessions_ended": {"en": "; {n} login session(s) ended", "zh": "；已结束 {n} 个登录会话"},
    "staff.token_name": {
        "en": "--name: a short printable name (at most 64 characters), such as hotline",
        "zh": "--name：须为简短的可打印名称（最多 64 个字符），例如 hotline",
    },
    "staff.token_exists": {
        "en": "{staff} already has a live token named {name!r}; revoke it first (tousu staff revoke --name)",
        "zh": "{staff} 已有名为 {name!r} 的有效令牌；请先吊销（`tousu staff revoke --name`）",
    },
    "staff.token_issued": {
        "en": "tousu: token {name!r} for {staff} of {org}, expires {expires}; it is shown only this once",
        "zh": "tousu：已为 {org} 的 {staff} 签发令牌 {name!r}，到期 {expires_shown}；令牌只显示这一次",
    },
    "staff.never": {"en": "never", "zh": "永不"},
    "staff.no_token": {
        "en": "{staff} of {org} has no live token named {name!r} (see tousu staff list)",
        "zh": "{org} 的 {staff} 没有名为 {name!r} 的有效令牌（见 `tousu staff list`）",
    },
    "staff.nothing_to_revoke": {
        "en": "{staff} of {org} has no password and no live token (see tousu staff list)",
        "zh": "{org} 的 {staff} 既没有密码也没有有效令牌（见 `tousu staff list`）",
    },
    "staff.revoked": {
        "en": "{staff} of {org}: {n} token(s)/session(s) revoked", "zh": "{org} 的 {staff}：已吊销 {n} 个令牌/会话",
    },
    "staff.password_removed": {"en": "; password removed", "zh": "；已删除密码"},
    "staff.line": {
        "en": "{staff:<14} {role:<18} password: {password:<4} sessions: {sessions}{flag}",
        "zh": "{staff:<14} {role!l}  密码：{password}  会话：{sessions}{flag}",
    },
    "staff.yes": {"en": "yes", "zh": "有"},
    "staff.no": {"en": "no ", "zh": "无"},
    "staff.not_in_config": {"en": "  (not in tousu.toml: disabled)", "zh": "（不在 tousu.toml 中：已停用）"},
    "staff.token_line": {
        "en": "    token {name!r}: {state}, created {created}, last used {used}, expires {expires}",
        "zh": "    令牌 {name!r}：{state}，签发于 {created}，上次使用 {used}，到期 {expires}",
    },
}

#: English lines written elsewhere (the store's chain walk, the server's password rule).
SAID: dict[str, dict[str, str]] = {
    "verify.where_event": {
        "en": "events row {seq} of {org} (complaint {id}, event {n}): {what}",
        "zh": "{org} 的处理记录第 {seq} 行（投诉 {id} 第 {n} 条）：{what!t}",
    },
    "verify.where_events": {"en": "events row {seq} of {org}: {what}", "zh": "{org} 的处理记录第 {seq} 行：{what!t}"},
    "verify.where_audit": {"en": "audit row {seq} of {org}: {what}", "zh": "{org} 的审计记录第 {seq} 行：{what!t}"},
    "verify.no_hash": {"en": "it has no hash (written around tousu)", "zh": "该行没有哈希（绕过 tousu 写入）"},
    "verify.mismatch": {
        "en": "its hash does not match: the row was changed, or a row before it was removed or inserted",
        "zh": "哈希不符：该行被改动，或它之前有行被删除或插入",
    },
    "verify.gap": {
        "en": "complaint {id} has {n} events numbered up to {last}: an event was removed",
        "zh": "投诉 {id} 有 {n} 条处理记录，编号却到 {last}：有记录被删除",
    },
    "verify.last_missing": {
        "en": "complaint {id}'s last event is missing: the end of its history was removed",
        "zh": "投诉 {id} 的最后一条处理记录不见了：处理记录的末尾被删除",
    },
    "verify.frozen_gone": {
        "en": "the report of {period} was frozen at chain head {head}, which is no longer in the history: "
        "events were removed or rewritten",
        "zh": "{period} 的报表封存时的链头 {head} 已不在处理记录中：有记录被删除或改写",
    },
    "verify.file_no_hash": {
        "en": "{id} event {n}: attachment without a valid sha256", "zh": "{id} 第 {n} 条记录：附件没有有效的 sha256",
    },
    "verify.file_missing": {
        "en": "{id} event {n}: attached file {name} ({digest}) is missing",
        "zh": "{id} 第 {n} 条记录：附件 {name}（{digest}）不见了",
    },
    "verify.file_changed": {
        "en": "{id} event {n}: attached file {name} ({digest}) does not match its hash",
        "zh": "{id} 第 {n} 条记录：附件 {name}（{digest}）与其哈希不符",
    },
    "staff.password_short": {"en": "a password needs at least {n} characters", "zh": "密码至少需要 {n} 个字符"},
    "staff.password_long": {"en": "a password has at most {n} characters", "zh": "密码最多 {n} 个字符"},
    "staff.password_spaces": {
        "en": "a password cannot start or end with a space", "zh": "密码不能以空格开头或结尾",
    },
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
    from tousu.messages import CATALOG

    entry = CATALOG.get(f"operator.word.{key}")
    return (entry.get(lang) or entry["en"]) if entry else key


def listing_language(env: Any) -> str:
    """The deployment's language for a listing (``plugins``, ``domains``): English when the
    config cannot be read, so the listing still runs."""
    try:
        return language_of(env.app)
    except Exception:  # a broken config: the warnings say why, the listing reads English
        return "en"


__all__ = ["MESSAGES", "SAID", "language_of", "listing_language", "word"]
