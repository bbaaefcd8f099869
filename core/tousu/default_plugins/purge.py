"""``tousu purge``: erase complainants' personal data once a complaint is closed and past retention.

The register keeps its history (events are append-only evidence and carry no personal data);
what purge erases is the ``personal`` row of each complaint that left the desk (closed,
transferred, invalid or withdrawn) before the cut-off: the name and contact are blanked and
``erased_at`` is set. The erasure is recorded in the ``audit`` table with who, when, the
cut-off and the complaints. Replaying the history (``tousu rebuild``) still gives the same
tables, now with the blanked values.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import click

from tousu.default_plugins.doors import humanize
from tousu.door import ACTOR_OPTION, AT_OPTION, JSON_OPTION, Env, emit
from tousu.errors import InputError
from tousu.models import Org
from tousu.timeutil import show, to_db

if TYPE_CHECKING:
    from tousu.default_plugins.purge_store import PurgeStore


def purgeable(store: PurgeStore, org: Org, before: datetime) -> list[str]:
    """Complaints of `org` that left the desk before `before` and still hold personal data."""
    return store.purgeable(org.id, before)


def erase(store: PurgeStore, org: Org, staff: Any, before: datetime, at: datetime) -> list[str]:
    """Blank the personal data of the purgeable complaints and audit it, in one transaction."""
    from tousu.default_plugins.doors.privacy import audit

    with store.transaction():
        ids = purgeable(store, org, before)
        if ids:
            store.erase_personal(ids, at)
            store.outbox().purge(ids)  # their messages and receipt codes go with them
            audit(store, org, staff, at, "purge", {"before": to_db(before), "complaints": ids})
    if ids:
        store.scrub()  # nothing of the erased data left in the file, its WAL or the search index
    return ids


@click.command("purge")
@click.option("--org", "org_id", required=True, metavar="ORG")
@click.option(
    "--before", "before_text", metavar="DATE",
    help="Erase for complaints closed before this day or instant (default: the org's retention).",
)
@click.option("--dry-run", is_flag=True, help="List what would be erased; write nothing.")
@ACTOR_OPTION
@AT_OPTION
@JSON_OPTION
@click.pass_obj
def purge_command(
    env: Env, org_id: str, before_text: str | None, dry_run: bool, actor: str | None, at_text: str | None, as_json: bool
) -> None:
    """Erase complainants' names and contacts of complaints closed before DATE (or past retention).

    Only a role in the organization's personal_data_roles may purge; the history still
    replays, and the erasure is recorded in the audit log.
    """
    from tousu.default_plugins.doors.command_permissions import check_role
    from tousu.default_plugins.doors.privacy import retention_cutoff
    from tousu.permissions import acting, org_for
    from tousu.timeutil import parse_instant

    app = env.app
    org = org_for(app, org_id, actor)
    staff = app.actor(org, acting(actor))
    check_role(org, staff, "purge")
    from tousu.clock import recording_instant

    at = recording_instant(app.config, env.instant(at_text, org_id))
    if before_text:
        before = parse_instant(before_text, org.tz, what="--before")
    else:
        before = retention_cutoff(org, at)
        if before is None:
            raise InputError.of("purge.needs_before", org=org.id)
    if before > at:
        shown = {"before": humanize.instant(before, org.tz), "at": humanize.instant(at, org.tz)}
        raise InputError.of("purge.before_after_at", **shown)
    ids = purgeable(app.store, org, before) if dry_run else erase(app.store, org, staff, before, at)
    document = {
        "org": org.id,
        "before": show(before, org.tz),
        "dry_run": dry_run,
        "erased": len(ids),
        "complaints": ids,
    }
    if as_json:
        emit(document)
        return
    from tousu.messages import text

    said = text(org.language, "purge.would_erase" if dry_run else "purge.erased", n=len(ids), org=org.id,
                before=document["before"], before_shown=humanize.instant(before, org.tz, org.language))
    click.echo(said)
    for cid in ids:
        click.echo(f"  {cid}")


def register_messages() -> None:
    """What ``tousu purge`` prints, in the deployment's language (issue 18)."""
    from tousu.messages import register

    register({
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
    })


register_messages()
