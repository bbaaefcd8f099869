"""What ``tousu serve`` and ``tousu staff`` print, in the deployment's language (issue 18),
and the server's English password rule (`passwords.check_strength`) in a zh desk's words.

Registered in the message catalog when the server package is imported (its ``__init__``), so
every module of the server, and a plugin's page that checks a password with it, finds them.
"""

from __future__ import annotations

from tousu.messages import register
from tousu.messages.said import register_said

MESSAGES: dict[str, dict[str, str]] = {
    "serve.listening": {
        "en": "tousu serve: listening on http://{host}:{port} ({workers} worker(s)); Ctrl+C or SIGTERM stops",
        "zh": "tousu: 正在 http://{host}:{port} 提供服务（{workers} 个进程）；按 Ctrl+C 或发送 SIGTERM 停止",
    },
    "serve.ready": {"en": "tousu server ready", "zh": "tousu: 服务已就绪"},
    "serve.stopped": {"en": "tousu server stopped", "zh": "tousu: 服务已停止"},
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

#: English lines the server's password rule writes (`tousu.default_plugins.server.passwords`).
SAID: dict[str, dict[str, str]] = {
    "staff.password_short": {"en": "a password needs at least {n} characters", "zh": "密码至少需要 {n} 个字符"},
    "staff.password_long": {"en": "a password has at most {n} characters", "zh": "密码最多 {n} 个字符"},
    "staff.password_spaces": {
        "en": "a password cannot start or end with a space", "zh": "密码不能以空格开头或结尾",
    },
}

register(MESSAGES)
register_said(SAID)

__all__ = ["MESSAGES", "SAID"]
