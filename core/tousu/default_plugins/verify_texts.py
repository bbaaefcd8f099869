"""What ``tousu verify`` prints in the deployment's language (issue 18), and the English lines
the store's chain walk and `tousu.default_plugins.verify.verify_files` write, in a zh desk's words.

Registered in the message catalog on import (by `tousu.default_plugins.verify`).
"""

from __future__ import annotations

from tousu.messages import register
from tousu.messages.said import register_said

register({
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
})
# the English lines the store's chain walk and `tousu.default_plugins.verify.verify_files` write
register_said({
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
})
