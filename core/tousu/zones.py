"""An organization's time zone is part of its records: changing it is a migration, not an edit.

Months (``complaints.month``: the monthly report, the month escalation), the days of the
business calendar and every local instant shown are read in ``orgs.ID.timezone``. Edited
after complaints exist, the same complaints would silently move between months and an issued
report would no longer match the register. So the zone of an organization's first complaint
is recorded (`StoreSurface.remember_zone`), and a config whose zone differs makes that organization
unavailable, with one line saying what to do (exit 2; the other organizations keep working),
until either the zone is put back or the operator runs ``tousu rezone --org ORG``: it
recomputes the organization's months in the new zone, records the zone and writes an audit
row. The history is not rewritten: each intake event keeps the month it was counted in then,
and instants already computed (due times) stay the instants they were.
"""

from __future__ import annotations

from typing import Any

import attrs
import click

from tousu.door import ACTOR_OPTION, JSON_OPTION, Env, emit


def guard(config: Any, store: Any) -> Any:
    """`config` with each organization whose zone changed under its complaints made unavailable.

    A register from before zones were recorded (rows with no zone) takes the configured one.
    """
    recorded = store.recorded_zones()
    legacy = [org_id for org_id, tz in recorded.items() if not tz and org_id in config.orgs]
    if legacy:
        try:
            with store.transaction():
                for org_id in legacy:
                    store.remember_zone(org_id, config.orgs[org_id].timezone)
        except Exception:  # a read-only file: noted on the next write instead
            pass
    refused = {}
    for org_id, org in config.orgs.items():
        was = recorded.get(org_id)
        if was and was != org.timezone:
            count = store.count_complaints(org_id)
            if count:
                refused[org_id] = (
                    f"orgs.{org_id}.timezone is {org.timezone}, but the {count} complaint(s) of {org_id} were recorded "
                    f"in {was} (their months and reports are counted there): put the timezone back, or run "
                    f"`tousu rezone --org {org_id}` to recompute their months in {org.timezone}"
                )
    if not refused:
        return config
    orgs = {k: v for k, v in config.orgs.items() if k not in refused}
    return attrs.evolve(config, orgs=orgs, unavailable={**config.unavailable, **refused})


def remember(store: Any, org: Any) -> None:
    """Record the zone of an organization's first complaint (inside the intake's transaction)."""
    store.remember_zone(org.id, org.timezone)


def rezone(app: Any, org: Any, staff: Any) -> dict[str, Any]:
    """Move `org`'s complaints to the months of its configured zone; audited."""
    from tousu.timeutil import from_db, now

    with app.store.transaction():
        was = app.store.recorded_zones().get(org.id) or org.timezone
        moves = []
        for cid, received_at, month in app.store.complaint_months(org.id):
            local = from_db(received_at).astimezone(org.tz)
            new = f"{local.year:04d}-{local.month:02d}"
            if new != month:
                moves.append((new, cid))
        app.store.set_months(org.id, org.timezone, moves)
        app.store.append_audit(
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
    from tousu.errors import InputError, NotFound
    from tousu.permissions import acting, check_role
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
