"""The test kit's choice of actor for a command that names none (`tousu.testing.Desk.named`).

tousu never assumes an actor; a desk rehearses and names one. For an action the role policy
keeps for some roles (`tousu.permissions`), it names the first staff member who may take it,
as a desk would hand the form to them. The policy is read from the desk's config, kept while
the file is unchanged. The test kit is a door like the CLI (it drives the same commands), so
this lives with what the doors share, not in the kernel.
"""

from __future__ import annotations

from typing import Any


def org_of(desk: Any, complaint_id: str) -> str | None:
    """The organization of `complaint_id` in `desk`'s database (None: none, or unreadable)."""
    try:
        with desk.store() as store:
            return store.org_of(complaint_id)
    except Exception:  # a test's broken database: the command will say what is wrong
        return None


def allowed_actor(desk: Any, complaint_id: str, action: str, staff_ids: list[str]) -> str | None:
    """The first of `staff_ids` the policy lets take `action` on `complaint_id` (None: none, or unknown)."""
    from tousu.default_plugins.doors.command_permissions import may_act

    try:
        registry, config = _policy(desk)
        with desk.store() as store:  # the kit's one opener of the desk's database (`Desk.store`)
            complaint = store.load(complaint_id)
        org = config.orgs[complaint.org]
    except Exception:  # no such complaint, a broken config: the command will say so
        return None
    domain = registry.domains.get(complaint.domain)
    return next((s for s in staff_ids if s in org.staff and may_act(org, domain, org.staff[s], action, complaint)), None)


def _policy(desk: Any) -> tuple[Any, Any]:
    """The registry and validated config of `desk` (kept while its config file is unchanged)."""
    from tousu.compose import load_registry, resolve_config

    stat = desk.config_path.stat()
    key = (stat.st_mtime_ns, stat.st_size)
    cached = getattr(desk, "_policy_cache", None)
    if cached is None or cached[0] != key:
        registry = load_registry()
        cached = (key, registry, resolve_config(desk.config_path, registry))
        desk._policy_cache = cached
    return cached[1], cached[2]
