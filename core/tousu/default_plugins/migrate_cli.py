"""``tousu migrate --to postgresql://…``: move a SQLite deployment onto PostgreSQL.

The copy itself is the store's (`tousu.default_plugins.store.postgres_migrate`): every table, in one
transaction, the append-only ones resumed where the target ends, then row counts and chain
heads compared. This door adds the check a reader of issued reports cares about: every
frozen report, recomputed as of its issue on the PostgreSQL copy, gives the same figures as
on SQLite. Run it again at any time (until the switch): it adds only what was recorded since.
The attached files stay in their folder; the command says which ``[attachments] folder``
the PostgreSQL deployment should name.
"""

from __future__ import annotations

import re
from typing import Any

import attrs
import click

from tousu.default_plugins.attachment_limits import files_folder
from tousu.door import JSON_OPTION, Env, emit
from tousu.errors import InputError, Refused


def recheck_reports(source_app: Any, target_app: Any) -> list[dict[str, Any]]:
    """Every frozen report recomputed on both stores as of its issue: the figures must agree."""
    from tousu.default_plugins.reporting.document import build_report
    from tousu.default_plugins.reporting.frozen import changes
    from tousu.default_plugins.reporting.periods import select_period

    checked = []
    for org_id, org in source_app.config.orgs.items():
        for period, frozen_at in source_app.store.frozen_periods(org_id):
            if re.fullmatch(r"\d{4}-\d{2}", period):
                selection = select_period(org.tz, month=period)
            elif re.fullmatch(r"\d{4}-W\d{2}", period):
                selection = select_period(org.tz, week=period)
            elif re.fullmatch(r"\d{4}", period):
                selection = select_period(org.tz, year=period)
            else:  # a custom range: its frozen document was copied as stored
                checked.append({"org": org_id, "period": period, "rechecked": False})
                continue
            here = build_report(source_app, org, selection, frozen_at)
            there = build_report(target_app, org, selection, frozen_at)
            differing = changes(here, there)
            if differing:
                first = differing[0]
                raise Refused(
                    f"the report of {period} for {org_id} recomputes differently on PostgreSQL: "
                    f"{first['figure']} is {first['frozen']} here and {first['now']} there"
                )
            checked.append({"org": org_id, "period": period, "rechecked": True})
    return checked


@click.command("migrate")
@click.option("--to", "target", required=True, metavar="URL", help="The PostgreSQL database: postgresql://user@host:5432/name.")
@JSON_OPTION
@click.pass_obj
def migrate_command(env: Env, target: str, as_json: bool) -> None:
    """Copy this (SQLite) deployment into a PostgreSQL database and check the copy.

    Copies events, personal data, audit log, frozen reports, the attachments' index and every
    plugin's table; checks row counts, each organization's chain head, and that every frozen
    report recomputes identically. Safe to run again: it adds only what is new.
    """
    from tousu.app import App
    from tousu.default_plugins.store import postgres, postgres_migrate

    if not postgres.is_url(target):
        raise InputError(f"--to {target!r}: expected a PostgreSQL URL (postgresql://user@host:5432/name)")
    app = env.app
    if postgres.is_url(app.store.path):
        raise InputError("this deployment is already on PostgreSQL ($TOUSU_DATABASE or database = names a server)")
    target_app = App.open(attrs.evolve(app.config, database=target), registry=app.registry)
    try:
        copied = postgres_migrate.copy(app.store, target_app.store)
        reports = recheck_reports(app, target_app)
    finally:
        target_app.close()
    files = files_folder(app.config)
    document = {
        "to": postgres._safe(target),
        **copied.as_json(),
        "reports": reports,
        "attachments_folder": str(files) if files is not None else None,
        "ok": True,
    }
    if as_json:
        emit(document)
        return
    events = copied.tables.get("events", {})
    click.echo(
        f"copied to {document['to']}: {sum(t['copied'] for t in copied.tables.values())} rows in "
        f"{len(copied.tables)} tables ({events.get('copied', 0)} new events, {events.get('rows', 0)} in all); "
        f"{len(copied.heads)} chains with the same heads; "
        f"{sum(r['rechecked'] for r in reports)} frozen reports recompute identically"
    )
    if files is not None:
        click.echo(f"attached files stay in {files}: set [attachments] folder = \"{files}\" in the PostgreSQL deployment's tousu.toml")


def _declare() -> None:
    """The operator's command: it copies the whole database (every organization's), and shows
    counts and hashes, never a complainant's data."""
    from tousu.permissions import Permission, declare

    declare(migrate_command, Permission(
        "deployment", "the operator copies the whole database to PostgreSQL; counts and hashes, no data", writes=True
    ))


_declare()
