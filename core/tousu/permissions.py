"""Who acts, what they may reach, and which roles may take which action: the App's decisions.

tousu has no login: ``--actor STAFF`` (or ``$TOUSU_ACTOR``) names who acts, and the roles
come only from ``tousu.toml`` — no command changes a role. What the table guarantees is
that a named staff member reaches only their own organization: another organization's
complaint answers exactly like a missing one (``complaint C… not found``), another
organization named with ``--org`` exactly like an unknown one. Within the organization,
domain rules refine further (authority limits, who approves an extension, nobody approves
their own settlement).

Every command of the ``tousu`` group must declare a `Permission`: a plugin declares its own
with `declare` (``tousu retail delisting``); the default plugins' commands are in their doors'
table (`tousu.default_plugins.doors.command_permissions`, with the role checks only the doors
apply). ``tests/security/test_authorization.py`` fails when a command has none.
"""

from __future__ import annotations

import os
from typing import Any, Literal

import attrs

from tousu import lifecycle
from tousu.errors import Forbidden, NotFound
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


def declare(command: Any, permission: Permission) -> Any:
    """Attach a plugin command's permission (``declare(my_command, Permission("org", ...))``)."""
    command.tousu_permission = permission
    return command


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


# -- who may take which action: the role policy as data (issue 13) -------------------------

#: Roles at or above a supervisor: they may lower a tier (``downgrade``) and record an entry
#: older than ``late_entry_window`` (`tousu.policy.check_late_entry`) whatever the table says.
SUPERVISOR_AND_ABOVE = ("supervisor", "manager", "general_manager")

#: The core's defaults, for every domain that does not say otherwise: a complaint is marked
#: invalid, its tier lowered and the record corrected by a supervisor or above. ``extend`` is
#: left to the domain's approval rule (property: the manager or general manager by tier).
CORE_ACTION_ROLES: dict[str, tuple[str, ...]] = {
    "invalid": SUPERVISOR_AND_ABOVE,
    "downgrade": SUPERVISOR_AND_ABOVE,
    "void": SUPERVISOR_AND_ABOVE,
}
#: Not typed by anyone (``tousu.lifecycle.SYSTEM_ACTIONS``), or not an action of a complaint.
FREEZE = "freeze"


def action_roles(
    org: Org, domain: Any, action: str, freeze_roles: tuple[str, ...] = ()
) -> tuple[tuple[str, ...] | None, str]:
    """The roles that may take `action` on `domain`'s complaints of `org`, and where that is said.

    ``[orgs.ID.permissions]`` first, then the domain's default (`DomainSpec.permissions`;
    for ``pause``, ``orgs.ID.clocks.pause_roles`` then `DomainSpec.pause_roles`), then the
    core's (`CORE_ACTION_ROLES`; ``freeze``: the deployment's ``freeze_roles``). None: any
    staff member of the organization. The source is a config path (``orgs.acme.permissions.
    invalid``, ``freeze_roles``) or ``default:PLUGIN`` / ``default:core``, in no language.
    """
    if action in org.permissions:
        return tuple(org.permissions[action]), f"orgs.{org.id}.permissions.{action}"
    if action == "pause":
        if org.clocks.pause_roles:
            return tuple(org.clocks.pause_roles), f"orgs.{org.id}.clocks.pause_roles"
        if domain is not None and domain.pause_roles:
            return tuple(domain.pause_roles), f"default:{domain.plugin}"
    if domain is not None and action in domain.permissions:
        return tuple(domain.permissions[action]), f"default:{domain.plugin}"
    if action == FREEZE:
        return tuple(freeze_roles), "freeze_roles"
    if action in CORE_ACTION_ROLES:
        return CORE_ACTION_ROLES[action], "default:core"
    return None, "default:core"


def check_action(org: Org, domain: Any, staff: Any, action: str, complaint: Any = None) -> None:
    """Refuse `action` by `staff` unless the table lets their role take it (exit 1, API 403).

    The refusal names the roles that may and where that is set, so the staff member knows
    whom to ask and the operator what to change. Every door meets it in `App.act` (``report
    --freeze`` reads the same table), so the CLI, import, the test kit, the server's API and
    the web desk refuse alike; the web desk also leaves out the buttons it would refuse
    (`tousu.default_plugins.doors.command_permissions.may_act`).
    """
    roles, source = action_roles(org, domain, action)
    if roles is not None and staff.role not in roles and action == "pause":  # as tousu.default_plugins.calendars.pauses says it
        raise Forbidden(f"{staff.id} ({staff.role}) may not pause clocks; roles that may: {', '.join(roles)} ({source})")
    if roles is not None and staff.role not in roles:
        values = {"what": action, "roles": ", ".join(roles), "staff": staff.id, "role": staff.role}
        if source.startswith("default:"):
            raise Forbidden.of(
                "error.action_role.default", **values, plugin=source.split(":", 1)[1], path=f"orgs.{org.id}.permissions"
            )
        raise Forbidden.of("error.action_role.set", **values, path=source)
    if action == "sign" and complaint is not None:
        wanted, own = _department(complaint.department), _department(getattr(staff, "department", ""))
        if wanted and own and wanted != own:
            raise Forbidden.of(
                "error.sign_department", id=complaint.id, department=complaint.department, staff=staff.id,
                own=staff.department,
            )


def _department(name: str | None) -> str:
    return " ".join((name or "").split()).casefold()


def config_problems(where: str, table: dict[str, list[str]], roles: set[str], registry: Any, plugins: Any) -> list[str]:
    """What is wrong with an ``[orgs.ID.permissions]`` table: unknown actions, unknown roles.

    An action is known when the core or a domain the organization enables declares it (or
    it is ``freeze``); an empty list would let nobody take it, which is a typo, not a rule.
    """
    known = set(lifecycle.CORE_ACTIONS) | {FREEZE} | set(CORE_ACTION_ROLES)
    for plugin in plugins:
        for spec in registry.plugin_domains(plugin):
            known.update(a.name for a in spec.actions)
            known.update(spec.permissions)
    problems = []
    for action, allowed in table.items():
        if action not in known:
            problems.append(f"{where}.permissions.{action}: unknown action (actions: {', '.join(sorted(known))})")
            continue
        if not allowed:
            problems.append(f"{where}.permissions.{action}: name at least one role (an empty list lets nobody)")
        for role in allowed:
            if role not in roles:
                problems.append(f"{where}.permissions.{action}: unknown role {role!r} (roles: {', '.join(sorted(roles))})")
    return problems


__all__ = [
    "CORE_ACTION_ROLES",
    "PERSONAL_DATA_ROLES",
    "Permission",
    "acting",
    "action_roles",
    "check_action",
    "config_problems",
    "declare",
    "may_see",
    "not_found",
    "org_for",
]
