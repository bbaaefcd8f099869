"""An organization's time zone is part of its records: changing it is a migration, not an edit.

Months (``complaints.month``: the monthly report, the month escalation), the days of the
business calendar and every local instant shown are read in ``orgs.ID.timezone``. Edited
after complaints exist, the same complaints would silently move between months and an issued
report would no longer match the register. So the zone of an organization's first complaint
is recorded (`StoreSurface.remember_zone`), and a config whose zone differs makes that organization
unavailable, with one line saying what to do (exit 2; the other organizations keep working),
until either the zone is put back or the operator runs ``tousu rezone --org ORG``: it
recomputes the organization's months in the new zone, records the zone and writes an audit
row (the command and its `rezone` are the default plugin's: `tousu.default_plugins.core_commands.rezone`).
The history is not rewritten: each intake event keeps the month it was counted in then,
and instants already computed (due times) stay the instants they were.
"""

from __future__ import annotations

from typing import Any

import attrs


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
