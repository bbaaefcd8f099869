"""Who may run which command, on what, and who sees personal data: the declared table.

tousu has no login: ``--actor STAFF`` (or ``$TOUSU_ACTOR``) names who acts, and the roles
come only from ``tousu.toml`` — no command changes a role. What the table guarantees is
that a named staff member reaches only their own organization: another organization's
complaint answers exactly like a missing one (``complaint C… not found``), another
organization named with ``--org`` exactly like an unknown one. Within the organization,
domain rules refine further (authority limits, who approves an extension, nobody approves
their own settlement).

Every command of the ``tousu`` group must have an entry: the core's are in
`CORE_PERMISSIONS`; a plugin declares its own with `declare` (``tousu retail delisting``).
``tests/security/test_authorization.py`` fails when a command has none.
"""

from __future__ import annotations

import os
from typing import Any, Literal

import attrs

from tousu.errors import InputError, NotFound
from tousu.models import Org

Scope = Literal["deployment", "org", "complaint"]
#: `Permission.roles` value: the roles the organization lists in ``personal_data_roles``.
PERSONAL_DATA_ROLES = "personal_data_roles"


@attrs.frozen
class Permission:
    """What a command touches and who may run it.

    - ``scope``: ``deployment`` (config, plugins, the whole database: the operator's, no
      organization's data shown), ``org`` (one organization, named with ``--org``) or
      ``complaint`` (one complaint, by id; its organization follows from it);
    - ``roles``: None for any staff member of that organization, a tuple of roles, or
      `PERSONAL_DATA_ROLES`;
    - ``personal_data``: ``none`` (shows none), ``masked`` (masked unless the viewer is the
      owner, the assignee or in ``personal_data_roles``; unmasked views by role are audited),
      ``unmask_by_role`` (masked unless ``--unmask`` by a role in ``personal_data_roles``);
    - ``writes``: whether it records anything.
    """

    scope: Scope
    summary: str
    roles: tuple[str, ...] | str | None = None
    personal_data: Literal["none", "masked", "unmask_by_role"] = "none"
    writes: bool = False


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
    # the server's doors: the operator starts it and hands out credentials; staff then work
    # through it as themselves (docs/security.md)
    "serve": Permission("deployment", "the operator runs the server; staff log in to it with their own credentials"),
    "staff set-password": Permission("org", "the operator sets a staff member's password (stored hashed)", writes=True),
    "staff token": Permission("org", "the operator issues an API token (shown once, stored hashed)", writes=True),
    "staff revoke": Permission("org", "the operator ends a staff member's tokens and password", writes=True),
    "staff list": Permission("org", "who has a password and which tokens; never a secret"),
}


def declare(command: Any, permission: Permission) -> Any:
    """Attach a plugin command's permission (``declare(my_command, Permission("org", ...))``)."""
    command.tousu_permission = permission
    return command


def permission_for(path: str, command: Any) -> Permission | None:
    """The declared permission of the command at `path` (``"act"``, ``"retail delisting"``)."""
    return CORE_PERMISSIONS.get(path) or getattr(command, "tousu_permission", None)


def acting(actor_id: str | None) -> str | None:
    """The named actor: ``--actor``, else ``$TOUSU_ACTOR``, else nobody."""
    return actor_id or os.environ.get("TOUSU_ACTOR") or None


def org_for(app: Any, org_id: str, actor_id: str | None) -> Org:
    """The organization ``--org`` names, as the actor may reach it.

    Without an actor (the operator at the database) this is the plain lookup. With one,
    an organization the actor is not staff of answers exactly like one that does not exist,
    so ``--org`` cannot be used to learn which organizations a deployment serves.
    """
    actor_id = acting(actor_id)
    if actor_id is None:
        return app.org(org_id)
    if org_id in app.config.unavailable:  # its plugin is broken: say so, as without an actor
        return app.org(org_id)
    org = app.config.orgs.get(org_id)
    if org is None or actor_id not in org.staff:
        # an unknown organization, an unknown staff id and another organization's staff id
        # all get this one answer
        raise NotFound(f"unknown organization {org_id!r} or unknown staff member {actor_id!r}")
    return app.org(org_id)


def may_see(config: Any, complaint: Any, *, org_id: str | None, actor_id: str | None, public: str) -> bool:
    """Whether a complaint command may reach `complaint` (None: no such id).

    One answer (`not_found`) for a missing id, another organization's complaint (or one
    outside ``--org``), an actor who is staff of another organization and an actor who is
    nobody's staff: neither which complaints exist nor which staff ids exist elsewhere can
    be learned by trying them. ``""`` (an empty ``$TOUSU_ACTOR``) and
    no actor name nobody (the operator at the database); `public` is the complainant's door.
    """
    if complaint is None or (org_id is not None and complaint.org != org_id):
        return False
    if not actor_id or actor_id == public:
        return True
    org = config.orgs.get(complaint.org)
    return org is None or actor_id in org.staff


def not_found(complaint_id: str, actor_id: str | None, *, public: str) -> NotFound:
    """The one answer for a complaint a command may not reach (see `may_see`).

    With a named actor it names both possibilities, like `org_for`: a mistyped
    ``$TOUSU_ACTOR`` is then found at once, and the line is the same whether the id exists,
    belongs to another organization, or the actor is staff elsewhere or nowhere.
    """
    if actor_id and actor_id != public:
        return NotFound(f"complaint {complaint_id} not found or unknown staff member {actor_id!r}")
    return NotFound(f"complaint {complaint_id} not found")


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
    from tousu.errors import Forbidden

    permission = CORE_PERMISSIONS[path]
    roles = org.personal_data_roles if permission.roles == PERSONAL_DATA_ROLES else permission.roles
    if roles is not None and staff.role not in roles:
        where = f" (orgs.{org.id}.personal_data_roles)" if permission.roles == PERSONAL_DATA_ROLES else ""
        raise Forbidden(f"{path} needs one of the roles {', '.join(roles)}{where}; {staff.id} is {staff.role}")


__all__ = [
    "CORE_PERMISSIONS",
    "PERSONAL_DATA_ROLES",
    "Permission",
    "acting",
    "check_role",
    "declare",
    "home_org",
    "may_see",
    "not_found",
    "org_for",
    "permission_for",
]
