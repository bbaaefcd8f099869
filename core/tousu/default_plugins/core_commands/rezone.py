"""``tousu rezone --org ORG``: an organization's months recomputed in its new time zone.

Why a zone change is a migration, and the guard that makes an organization unavailable until
it is run, are the kernel's (`tousu.zones`); this is the command that runs it, audited.
"""

from __future__ import annotations

from typing import Any, Protocol

import click

from tousu.default_plugins.store_needs import SharedStore
from tousu.door import ACTOR_OPTION, JSON_OPTION, Env, emit


class RezoneStore(SharedStore, Protocol):
    """What ``rezone`` calls on the store beyond the kernel's surface (and nothing else calls):
    a store implements it with the same meaning (``tests/test_store_surface.py``)."""

    #: (id, received_at as stored, month) of every complaint of `org`.
    def complaint_months(self, org: str) -> list[tuple[str, str, str]]: ...
    #: Move complaints to other months ``(month, id)`` and record `org`'s zone.
    def set_months(self, org: str, timezone: str, months: list[tuple[str, str]]) -> None: ...


def rezone(app: Any, org: Any, staff: Any) -> dict[str, Any]:
    """Move `org`'s complaints to the months of its configured zone; audited."""
    from tousu.timeutil import from_db, now

    store: RezoneStore = app.store
    with store.transaction():
        was = store.recorded_zones().get(org.id) or org.timezone
        moves = []
        for cid, received_at, month in store.complaint_months(org.id):
            local = from_db(received_at).astimezone(org.tz)
            new = f"{local.year:04d}-{local.month:02d}"
            if new != month:
                moves.append((new, cid))
        store.set_months(org.id, org.timezone, moves)
        store.append_audit(
            org.id, now(), now(), staff.id, staff.role, "rezone",
            {"from": was, "to": org.timezone, "moved": [cid for _, cid in moves]},
        )
    return {"org": org.id, "from": was, "to": org.timezone, "moved": len(moves)}


@click.command("rezone")
@click.option("--org", "org_id", required=True, metavar="ORG")
@ACTOR_OPTION
@JSON_OPTION
@click.pass_obj
def rezone_command(env: Env, org_id: str, actor: str | None, as_json: bool) -> None:
    """After changing orgs.ORG.timezone: recompute the organization's months in the new zone.

    The months of the monthly report follow the new zone from then on; the history keeps
    the month each complaint was counted in at intake. Recorded in the audit log.
    """
    from tousu.app import App
    from tousu.compose import open_store, resolve_config
    from tousu.default_plugins.doors.command_permissions import check_role
    from tousu.errors import InputError, NotFound
    from tousu.permissions import acting
    from tousu.policy import NO_ACTOR

    config = resolve_config(env.config_path, env.registry)  # unguarded: the org may be refused for its zone
    org = config.orgs.get(org_id)
    if org is None:
        config.org(org_id)  # the usual answer for an unknown or unavailable organization
    actor_id = acting(actor)
    if actor_id is None:
        raise InputError(NO_ACTOR)
    staff = org.staff.get(actor_id)
    if staff is None:
        raise NotFound(f"unknown organization {org_id!r} or unknown staff member {actor_id!r}")
    check_role(org, staff, "rezone")
    app = App(config, env.registry, open_store(config, env.registry))
    try:
        document = rezone(app, org, staff)
    finally:
        app.close()
    if as_json:
        emit(document)
    else:
        click.echo(f"{org_id}: months now counted in {document['to']} (was {document['from']}); "
                   f"{document['moved']} complaint(s) moved to another month")
