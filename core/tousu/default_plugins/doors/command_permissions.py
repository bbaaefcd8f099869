"""Who may run which command, on what: the declared table of the default plugins' commands.

tousu has no login: ``--actor STAFF`` (or ``$TOUSU_ACTOR``, read by `tousu.permissions.acting`)
names who acts, and the roles come only from ``tousu.toml``. Every command of the ``tousu``
group must have an entry: the commands the default plugins add are in `CORE_PERMISSIONS`
(they are the doors' own, so the table lives with the doors); a plugin declares its own with
`tousu.permissions.declare` (``tousu retail delisting``), which stays plugin API in the
kernel. ``tests/security/test_authorization.py`` fails when a command has none.

What only the doors apply is here too: the actor's own organization for the commands whose
``--org`` is optional (`home_org`), the role a command needs (`check_role`, ``purge``,
``rezone``, the API's sweep), and whether the role policy lets someone take an action
(`may_act`: the web desk's buttons, the test kit's actor). The App's own decisions (the actor,
the organization as the actor may reach it, the role policy of actions) stay in
`tousu.permissions`.
"""

from __future__ import annotations

from typing import Any

from tousu.errors import Forbidden, InputError, Refused
from tousu.models import Org
from tousu.permissions import PERSONAL_DATA_ROLES, Permission, acting, check_action

CORE_PERMISSIONS: dict[str, Permission] = {
    "init": Permission("deployment", "writes a starter tousu.toml: whoever may write the config file", writes=True),
    "demo": Permission("deployment", "a throwaway database in a temporary folder", writes=False),
    "plugins": Permission("deployment", "installed plugins and which organizations enable them"),
    "domains": Permission("deployment", "what each installed domain accepts: channels, categories, tiers, actions"),
    "templates": Permission("org", "any staff member: the reply and notify templates of the organization's domains"),
    "rebuild": Permission("deployment", "recomputes the projection tables from the events", writes=True),
    "intake": Permission("org", "any staff member of the organization records a complaint", writes=True),
    "show": Permission("complaint", "any staff member of the complaint's organization", personal_data="masked"),
    "act": Permission(
        "complaint", "any staff member of the complaint's organization; domain rules add limits", writes=True
    ),
    "list": Permission("org", "any staff member of the organization", personal_data="masked"),
    "due": Permission("org", "any staff member; without --org, the actor's own organization", personal_data="masked"),
    "sweep": Permission("org", "any staff member; recorded as the system", writes=True),
    "compensate": Permission("complaint", "any staff member of the complaint's organization"),
    "attach": Permission(
        "complaint", "any staff member of the complaint's organization attaches evidence", writes=True
    ),
    "report": Permission("org", "any staff member; figures only, no personal data", writes=True),
    "import": Permission("org", "any staff member; each record's actor must be staff of the organization", writes=True),
    "export": Permission("org", "any staff member; --unmask only by personal_data_roles", personal_data="unmask_by_role"),
    "verify": Permission(
        "deployment", "walks the hash chains of the history and the audit log: counts and hashes, no data"
    ),
    "purge": Permission(
        "org", "erases personal data of closed complaints", roles=PERSONAL_DATA_ROLES, writes=True
    ),
    "calendar": Permission("org", "any staff member; the organization's working days, no complaint data"),
    "rezone": Permission(
        "org", "after a timezone change, recomputes the organization's months (audited)",
        roles=("manager", "general_manager"), writes=True,
    ),
    # the server's doors: the operator starts it and hands out credentials; staff then work
    # through it as themselves (docs/security.md)
    "serve": Permission("deployment", "the operator runs the server; staff log in to it with their own credentials"),
    "staff set-password": Permission("org", "the operator sets a staff member's password (stored hashed)", writes=True),
    "staff token": Permission("org", "the operator issues an API token (shown once, stored hashed)", writes=True),
    "staff revoke": Permission("org", "the operator ends a staff member's tokens and password", writes=True),
    "staff list": Permission("org", "who has a password and which tokens; never a secret"),
}


def permission_for(path: str, command: Any) -> Permission | None:
    """The declared permission of the command at `path` (``"act"``, ``"retail delisting"``): the
    table's, else what `tousu.permissions.declare` attached to the command."""
    return CORE_PERMISSIONS.get(path) or getattr(command, "tousu_permission", None)


def home_org(app: Any, actor_id: str | None) -> str | None:
    """The actor's own organization, for commands whose ``--org`` is optional (``due``, ``sweep``).

    A staff id used in two organizations is ambiguous there: ask for ``--org``.
    """
    actor_id = acting(actor_id)
    if actor_id is None:
        return None
    homes = [o.id for o in app.config.orgs.values() if actor_id in o.staff]
    if not homes:
        raise InputError(f"unknown staff member {actor_id!r} (see the staff tables in tousu.toml)")
    if len(homes) > 1:
        raise InputError(f"staff member {actor_id!r} is in {len(homes)} organizations: choose one with --org")
    return homes[0]


def check_role(org: Org, staff: Any, path: str) -> None:
    """Refuse a command whose declared roles do not include the actor's (exit 1)."""
    permission = CORE_PERMISSIONS[path]
    roles = org.personal_data_roles if permission.roles == PERSONAL_DATA_ROLES else permission.roles
    if roles is not None and staff.role not in roles:
        where = f" (orgs.{org.id}.personal_data_roles)" if permission.roles == PERSONAL_DATA_ROLES else ""
        raise Forbidden(f"{path} needs one of the roles {', '.join(roles)}{where}; {staff.id} is {staff.role}")


def may_act(org: Org, domain: Any, staff: Any, action: str, complaint: Any = None) -> bool:
    """Whether the App's role policy (`tousu.permissions.check_action`) lets `staff` take `action`:
    the web desk leaves out the buttons it would refuse, the test kit names an actor it lets."""
    try:
        check_action(org, domain, staff, action, complaint)
    except Refused:
        return False
    return True


__all__ = ["CORE_PERMISSIONS", "check_role", "home_org", "may_act", "permission_for"]
