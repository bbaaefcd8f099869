"""``tousu verify``: walk the hash chains of the history and the audit log (tamper evidence).

On PostgreSQL an ``ok`` also warns (on stderr; ``history_rights`` in JSON) when the connecting role
may UPDATE, DELETE or TRUNCATE the append-only tables: then only the triggers and the chain
guard them, not the role docs/scaling.md describes. It warns too (``search_indexed`` false) when
pg_trgm could not be installed, so ``list --q`` scans every complaint's texts.

Each row of ``events`` and ``audit`` stores ``sha256(previous hash + canonical row)``
(`tousu.store.chain`), per organization. Verify recomputes every link: a row changed,
removed or inserted with any SQLite tool, even after dropping the append-only triggers,
breaks the chain at that row (or the one after it). Exit 0 with ``ok``, the number of rows
and the head hash; exit 1 with the first row that does not match.
"""

from __future__ import annotations

from typing import Any

import click

from tousu.door import JSON_OPTION, Env, emit
from tousu.errors import InputError, Refused
from tousu.store.chain import combined_head


def verify_register(app: Any, org_id: str | None) -> dict[str, Any]:
    """The verification document: every chain walked, and the first break if any."""
    store = app.store
    if org_id is not None and org_id not in app.config.orgs and org_id not in store.chain_orgs():
        app.config.org(org_id)  # the usual "unknown organization" answer
    results = store.verify(org_id)
    broken = next((r.broken for r in results if r.broken is not None), None)
    events = sum(r.count for r in results if r.table == "events")
    audit = sum(r.count for r in results if r.table == "audit")
    chains = [{"org": r.org, "table": r.table, "count": r.count, "head": r.head} for r in results]
    if org_id is not None:
        head = next((r.head for r in results if r.table == "events"), "")
    else:
        head = combined_head((r.org, r.table, r.head) for r in results)
    document: dict[str, Any] = {
        "ok": broken is None,
        "count": events + audit,
        "events": events,
        "audit": audit,
        "head": head if broken is None else None,
        "chains": chains,
    }
    if broken is not None:
        where = store.event_at_seq(broken.seq) if broken.table == "events" and broken.seq else None
        complaint_id, n = where if where else (broken.complaint_id, broken.n)
        document["first_bad"] = {
            "table": broken.table,
            "org": broken.org,
            "seq": broken.seq,
            "complaint_id": complaint_id,
            "n": n,
            "problem": broken.what,
        }
        import attrs

        document["message"] = attrs.evolve(broken, complaint_id=complaint_id, n=n).describe()
    from tousu.attachments import verify_files

    files = verify_files(app, org_id)  # every attached file against the hash its event records
    document["files"] = files
    # on PostgreSQL: rights of the connecting role that could rewrite what was just verified
    document["history_rights"] = store.history_rights()
    # on PostgreSQL without pg_trgm: search answers the same, by scanning every complaint's texts
    document["search_indexed"] = store.search_indexed()
    if files and broken is None:
        document["ok"] = False
        document["message"] = files[0]
    return document


@click.command("verify")
@click.option("--org", "org_id", metavar="ORG", help="Only this organization's chains.")
@JSON_OPTION
@click.pass_obj
def verify_command(env: Env, org_id: str | None, as_json: bool) -> None:
    """Check that no event or audit row was changed, removed or inserted behind tousu's back.

    Exit 0 and ``ok`` with the rows verified and the chain head; exit 1 with the first row
    that does not match.
    """
    if org_id is not None and not org_id.strip():
        raise InputError.of("verify.org_needed")
    document = verify_register(env.app, org_id)
    if as_json:
        emit(document)
    if not document["ok"] and "first_bad" not in document:
        raise Refused.of("verify.file_damaged", message=document["message"])
    if not document["ok"]:
        raise Refused.of("verify.broken", message=document["message"])
    if not as_json:
        from tousu.messages import text
        from tousu.messages.operator import language_of

        orgs = len({c["org"] for c in document["chains"]})
        values = {key: document[key] for key in ("count", "events", "audit", "head")}
        click.echo(text(language_of(env.app, org_id), "verify.ok", orgs=orgs, **values))
        if document["history_rights"]:  # a warning after the ok, not a failure: the chain finds a change
            rights = ", ".join(document["history_rights"])
            click.echo(text(language_of(env.app, org_id), "verify.role_rights", rights=rights), err=True)
        if not document["search_indexed"]:
            click.echo(text(language_of(env.app, org_id), "verify.search_scans"), err=True)


def register_messages() -> None:
    """What ``tousu verify`` prints, in the deployment's language (issue 18)."""
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
    # the English lines the store's chain walk and `tousu.attachments.verify_files` write
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


register_messages()
