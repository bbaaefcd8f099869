"""``tousu deliver`` and ``tousu outbox``: send what is due, see and retry what is stuck.

Doors only: they parse, call `tousu.default_plugins.delivery.deliver` or the outbox store, and print. Addresses
are masked in text output (``138****5678``); ``--json`` gives them whole to the operator.
"""

from __future__ import annotations

from typing import Any

import click

from tousu.default_plugins.operator_texts import language_of, word
from tousu.default_plugins.store.outbox import StoredMessage
from tousu.door import AT_OPTION, JSON_OPTION, Env, emit
from tousu.errors import InputError, NotFound, Refused
from tousu.messages import text
from tousu.permissions import Permission, declare

STATUSES = ("pending", "sent", "dead")


@click.command("deliver")
@click.option("--org", "org_id", metavar="ORG", help="Only this organization's messages.")
@AT_OPTION
@JSON_OPTION
@click.pass_obj
def deliver_command(env: Env, org_id: str | None, at_text: str | None, as_json: bool) -> None:
    """Send the outbox's due messages (e-mail, signed webhook); failures are retried later."""
    from tousu.default_plugins.delivery.deliver import deliver

    app = env.app
    at = env.instant(at_text, org_id) if at_text else None
    done = deliver(app, org_id, at=at)
    counts = {result: sum(d["result"] == result for d in done) for result in ("sent", "failed", "dead")}
    if as_json:
        emit({**counts, "messages": done})
        return
    lang = language_of(app, org_id)
    for item in done:
        suffix = (": " if lang == "en" else "：") + item["error"] if item["error"] else ""
        click.echo(text(lang, "deliver.line", result=word(lang, item["result"]), id=item["id"], org=item["org"],
                        kind=word(lang, item["kind"]), channel=item["channel"], suffix=suffix))
    click.echo(text(lang, "deliver.summary", **counts))


@click.group("outbox", invoke_without_command=True)
@click.option("--status", type=click.Choice(STATUSES), help="Only messages in this state.")
@click.option("--org", "org_id", metavar="ORG", help="Only this organization's messages.")
@JSON_OPTION
@click.pass_context
def outbox_command(ctx: click.Context, status: str | None, org_id: str | None, as_json: bool) -> None:
    """The messages waiting, sent and dead; `tousu outbox retry ID` sends a dead one again."""
    if ctx.invoked_subcommand is not None:
        return
    env: Env = ctx.obj
    app = env.app
    orgs = [app.org(org_id).id] if org_id else list(app.config.orgs)
    messages = app.store.outbox().list(status=status, orgs=orgs)
    if as_json:
        emit([_json(m, app) for m in messages])
        return
    from tousu.default_plugins.doors.privacy import mask_contact
    from tousu.render import clean

    lang = language_of(app, org_id)
    if not messages:
        click.echo(text(lang, "outbox.none_status", status=word(lang, status)) if status else text(lang, "outbox.none"))
    for m in messages:
        error = text(lang, "outbox.last_error", error=clean(m.last_error)) if m.last_error else ""
        to = m.recipient if m.audience == "staff" and not m.address else mask_contact(m.address)
        click.echo(text(lang, "outbox.line", id=m.id, status=word(lang, m.status), org=m.org, kind=word(lang, m.kind),
                        channel=m.channel, to=clean(to), attempts=m.attempts, error=error))


@outbox_command.command("retry")
@click.argument("message_id", metavar="ID")
@AT_OPTION
@JSON_OPTION
@click.pass_obj
def retry_command(env: Env, message_id: str, at_text: str | None, as_json: bool) -> None:
    """Make message ID due again now with a fresh count of attempts (a dead one comes back)."""
    app = env.app  # loaded first: a bad ID is told in the deployment's language
    if not message_id.lstrip("#").isdigit():
        raise InputError.of("outbox.retry_number", id=message_id)
    store = app.store.outbox()
    message = store.get(int(message_id.lstrip("#")))
    if message is None or message.org not in app.config.orgs:
        raise NotFound.of("outbox.no_message", id=message_id.lstrip("#"))
    app.org(message.org)  # its refusals and lines in its organization's language
    if message.status == "sent":
        raise Refused.of("outbox.already_sent", id=message.id)
    at = env.instant(at_text, message.org)
    store.retry(message.id, at)
    again = store.get(message.id)
    assert again is not None
    if as_json:
        emit(_json(again, app))
        return
    lang = language_of(app, message.org)
    click.echo(text(lang, "outbox.due_again", id=again.id, kind=word(lang, again.kind), org=message.org))


def _json(m: StoredMessage, app: Any) -> dict[str, Any]:
    from tousu.timeutil import show

    tz = app.org(m.org).tz
    return {
        "id": m.id,
        "key": m.key,
        "org": m.org,
        "kind": m.kind,
        "audience": m.audience,
        "recipient": m.recipient,
        "channel": m.channel,
        "address": m.address,
        "status": m.status,
        "attempts": m.attempts,
        "next_at": show(m.next_at, tz),
        "last_error": m.last_error,
        "created_at": show(m.created_at, tz),
        "sent_at": show(m.sent_at, tz),
        "subject": m.subject,
    }


declare(deliver_command, Permission("deployment", "the operator sends every organization's due messages", writes=True))
declare(outbox_command, Permission("deployment", "the operator's view of the outbox, addresses included"))
declare(retry_command, Permission("deployment", "the operator makes a message due again", writes=True))


def register_messages() -> None:
    """What ``tousu deliver`` and ``tousu outbox`` print, in the deployment's language (issue 18)."""
    from tousu.messages import register

    register({
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
    })


register_messages()
