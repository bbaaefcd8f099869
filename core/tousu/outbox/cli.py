"""``tousu deliver`` and ``tousu outbox``: send what is due, see and retry what is stuck.

Doors only: they parse, call `tousu.outbox.deliver` or the outbox store, and print. Addresses
are masked in text output (``138****5678``); ``--json`` gives them whole to the operator.
"""

from __future__ import annotations

from typing import Any

import click

from tousu.door import AT_OPTION, JSON_OPTION, Env, emit
from tousu.errors import InputError, NotFound, Refused
from tousu.permissions import Permission, declare
from tousu.store.outbox import OutboxStore, StoredMessage

STATUSES = ("pending", "sent", "dead")


@click.command("deliver")
@click.option("--org", "org_id", metavar="ORG", help="Only this organization's messages.")
@AT_OPTION
@JSON_OPTION
@click.pass_obj
def deliver_command(env: Env, org_id: str | None, at_text: str | None, as_json: bool) -> None:
    """Send the outbox's due messages (e-mail, signed webhook); failures are retried later."""
    from tousu.outbox.deliver import deliver

    app = env.app
    at = env.instant(at_text, org_id) if at_text else None
    done = deliver(app, org_id, at=at)
    counts = {result: sum(d["result"] == result for d in done) for result in ("sent", "failed", "dead")}
    if as_json:
        emit({**counts, "messages": done})
        return
    for item in done:
        suffix = f": {item['error']}" if item["error"] else ""
        click.echo(f"{item['result']:6}  #{item['id']}  {item['org']}  {item['kind']}  via {item['channel']}{suffix}")
    click.echo(f"sent {counts['sent']}, failed {counts['failed']} (will retry), dead {counts['dead']}")


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
    messages = OutboxStore(app.store).list(status=status, orgs=orgs)
    if as_json:
        emit([_json(m, app) for m in messages])
        return
    from tousu.privacy import mask_contact
    from tousu.render import clean

    if not messages:
        click.echo("no messages" + (f" {status}" if status else ""))
    for m in messages:
        error = f"  last error: {clean(m.last_error)}" if m.last_error else ""
        to = m.recipient if m.audience == "staff" and not m.address else mask_contact(m.address)
        click.echo(
            f"#{m.id:<5} {m.status:7} {m.org}  {m.kind:16} {m.channel:7} to {clean(to)}  "
            f"attempts {m.attempts}{error}"
        )


@outbox_command.command("retry")
@click.argument("message_id", metavar="ID")
@AT_OPTION
@JSON_OPTION
@click.pass_obj
def retry_command(env: Env, message_id: str, at_text: str | None, as_json: bool) -> None:
    """Make message ID due again now with a fresh count of attempts (a dead one comes back)."""
    if not message_id.lstrip("#").isdigit():
        raise InputError(f"retry {message_id!r}: expected a message number as `tousu outbox` lists it")
    app = env.app
    store = OutboxStore(app.store)
    message = store.get(int(message_id.lstrip("#")))
    if message is None or message.org not in app.config.orgs:
        raise NotFound(f"no message #{message_id.lstrip('#')} in the outbox")
    if message.status == "sent":
        raise Refused(f"message #{message.id} was already sent; nothing to retry")
    at = env.instant(at_text, message.org)
    store.retry(message.id, at)
    again = store.get(message.id)
    assert again is not None
    if as_json:
        emit(_json(again, app))
        return
    click.echo(f"message #{again.id} is due again ({again.kind} to {message.org}); run `tousu deliver`")


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
