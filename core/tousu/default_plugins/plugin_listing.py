"""What ``tousu plugins`` reports: works even when a plugin is broken or the config is wrong.

Each installed plugin is listed with its version, status (``ok``, ``broken`` with the
reason, ``blocked`` by ``TOUSU_LOAD_PLUGINS``), the hooks it implements, the organizations
that enable it and what it contributes. A plugin that an organization enables but that is
not installed is listed too, as ``missing``: the one command that must still run when the
config names a plugin that is gone. The organizations are read straight from the TOML, so
a config that does not validate cannot hide anything; a config that cannot be read at all
becomes a warning.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from typing import Any

import attrs

from tousu.default_plugins.operator_texts import word
from tousu.messages import register, text
from tousu.models import Org

#: What a role list cannot say, shown beside it in the table: the rule that refines it (the
#: App's own rules, `tousu.permissions.check_action` and the lifecycle, enforce it).
CORE_ACTION_RULES: dict[str, str] = {
    "sign": "only staff of the department it was forwarded to (when the staff table gives departments)",
    "reopen": "from invalid or withdrawn: a supervisor or above, with --note REASON",
    "freeze": "report --freeze; only a period that is over",
}
_RULES_ZH = {
    CORE_ACTION_RULES["sign"]: {"zh": "只由投诉转至的部门的员工签收（员工表写明部门时）"},
    CORE_ACTION_RULES["reopen"]: {"zh": "从无效或撤回重新打开：主管及以上，须写 --note 理由"},
    CORE_ACTION_RULES["freeze"]: {"zh": "`tousu report --freeze`；只能封存已结束的期间"},
}
register({f"rule:{rule}": {**zh, "en": rule} for rule, zh in _RULES_ZH.items()})


def plugin_listing(env: Any, warnings: list[str] | None = None) -> list[dict[str, Any]]:
    """One entry per plugin, sorted by name; problems reading the config go to `warnings`."""
    registry = env.registry
    enabled_by = _orgs_enabling(env, warnings if warnings is not None else [])
    listing = [_entry(registry, name, info, enabled_by.get(name, [])) for name, info in registry.infos.items()]
    _add_permissions(env, listing)
    for name, orgs in enabled_by.items():
        if name not in registry.infos:
            listing.append(_missing(name, orgs))
    return sorted(listing, key=lambda entry: entry["name"])


def _entry(registry: Any, name: str, info: Any, orgs: list[str]) -> dict[str, Any]:
    ok = info.status == "ok"
    domains = registry.plugin_domains(name) if ok else []
    return {
        "name": name,
        "version": info.version,
        "status": info.status,
        "error": info.error,
        "module": info.module,
        "hooks": info.hooks,
        "domain": info.domains[0] if info.domains else None,
        "domains": info.domains,
        "orgs": orgs,
        "contributes": {
            "domains": info.domains,
            "channels": sorted({c for d in domains for c in d.channels}),
            "tiers": [t for d in domains for t in d.tiers],
            "categories": sorted({c for d in domains for c in d.categories}),
            "actions": sorted({a.name for d in domains for a in d.actions}),
            "deadlines": sorted({n for d in domains for n in d.deadlines}),
            "steps": sorted({n for d in domains for n in d.steps}),
            "roles": sorted({n for d in domains for n in d.roles}),
            "commands": _commands(registry, name) if ok else [],
            "settings": _settings_defaults(registry, name) if ok else {},
        },
    }


def _add_permissions(env: Any, listing: list[dict[str, Any]]) -> None:
    """Each domain plugin's role policy (`plugin_permissions`): its
    defaults, and the effective table per organization when the config validates."""
    from tousu.compose import resolve_config
    from tousu.errors import TousuError

    try:
        config = resolve_config(env.config_path, env.registry)
    except (TousuError, OSError):  # no config, or a broken one: the defaults still show
        config = None
    for entry in listing:
        if entry["status"] == "ok" and entry["domains"]:
            entry["permissions"] = plugin_permissions(env.registry, entry["name"], config)


def plugin_permissions(registry: Any, plugin: str, config: Any) -> dict[str, Any]:
    """What ``tousu plugins --json`` shows of the role policy for `plugin`'s domains.

    ``defaults``: the domains' own table (action → roles) over the core's; ``rules``: what a
    role list cannot say; ``orgs``: for each organization enabling it (when the config
    validates; None otherwise), the effective table (`action_table`).
    """
    from tousu import permissions

    domains = registry.plugin_domains(plugin)
    defaults: dict[str, list[str]] = {}
    rules: dict[str, str] = {}
    for domain in domains:
        for action, roles in {**permissions.CORE_ACTION_ROLES, **dict(domain.permissions)}.items():
            defaults[action] = list(roles)
        if domain.pause_roles:
            defaults.setdefault("pause", list(domain.pause_roles))
        rules.update({**CORE_ACTION_RULES, **dict(domain.permission_rules)})
    orgs: dict[str, Any] | None = None
    if config is not None:
        freeze_roles = tuple(getattr(config, "freeze_roles", ()))
        orgs = {
            org.id: action_table(org, domains, freeze_roles) for org in config.orgs.values() if plugin in org.plugins
        }
    return {"defaults": dict(sorted(defaults.items())), "rules": dict(sorted(rules.items())), "orgs": orgs}


def action_table(org: Org, domains: list[Any], freeze_roles: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """The effective table of `org`: one row per action of its domains (and ``freeze``).

    Each row: ``action``, ``domain``, ``roles`` (None: any staff member), ``source`` (where
    that is set) and ``rule`` (what a role list cannot say: the authority a settlement
    needs, the approval rule of an extension), as ``tousu plugins`` shows it; where the
    domain gives that rule's role lists (`DomainSpec.permission_cases`), ``cases``: case →
    roles (property's ``extend`` by tier, retail's ``approve`` and ``settle`` by amount).
    Every answer is `tousu.permissions.action_roles`', the one the App refuses by; only the
    table of them is the listing's.
    """
    from tousu import lifecycle
    from tousu.permissions import FREEZE, action_roles

    rows: list[dict[str, Any]] = []
    staff_roles = tuple(sorted({member.role for member in org.staff.values()}))
    for domain in domains:
        names = list(lifecycle.CORE_ACTIONS) + [a.name for a in domain.actions if a.name not in lifecycle.CORE_ACTIONS]
        cases = domain.permission_cases(org.settings_for(domain.plugin), staff_roles) if domain.permission_cases else {}
        for name in names:
            roles, source = action_roles(org, domain, name)
            rule = domain.permission_rules.get(name) or CORE_ACTION_RULES.get(name, "")
            if roles is None:
                source = "any staff member"
            row = {"action": name, "domain": domain.name, "roles": list(roles) if roles is not None else None,
                   "source": source, "rule": rule}
            if cases.get(name):  # the rule's own role lists, case by case (a tier, an amount)
                row["cases"] = _cases(cases[name])
            rows.append(row)
    roles, source = action_roles(org, None, FREEZE, freeze_roles)
    rows.append({"action": FREEZE, "domain": None, "roles": list(roles) if roles is not None else None,
                 "source": source, "rule": CORE_ACTION_RULES[FREEZE]})
    return rows


def _cases(cases: Mapping[str, Any]) -> dict[str, list[str]]:
    """A rule's cases as plain role lists (case → roles)."""
    return {str(case): list(roles) for case, roles in cases.items()}


def table_lines(table: list[dict[str, Any]], lang: str = "en") -> list[str]:
    """The text form of an effective table: the restricted actions, then who takes the rest
    (in `lang`; a rule a plugin wrote reads through its catalog entry)."""
    lines = []
    free = []
    for row in table:
        rule = text(lang, "plugins.rule", rule=row["rule"]) if row["rule"] else ""
        if row["roles"] is None and not rule:
            free.append(row["action"])
        elif row["roles"] is None:
            lines.append(text(lang, "plugins.anyone_rule", action=row["action"], rule=rule))
        else:
            roles = ", ".join(row["roles"])
            lines.append(text(lang, "plugins.roles_rule", action=row["action"], roles=roles, source=row["source"], rule=rule))
    if free:
        lines.append(text(lang, "plugins.anyone", actions=", ".join(dict.fromkeys(free))))
    return lines


def _missing(name: str, orgs: list[str]) -> dict[str, Any]:
    where = ", ".join(f"orgs.{org}.plugins" for org in orgs)
    return {
        "name": name,
        "version": "",
        "status": "missing",
        "error": f"not installed, but enabled in {where} (install it, or remove it from the list)",
        "module": "",
        "hooks": [],
        "domains": [],
        "orgs": orgs,
        "contributes": {
            "domains": [], "channels": [], "tiers": [], "categories": [], "actions": [],
            "deadlines": [], "steps": [], "roles": [], "commands": [], "settings": {},
        },
    }


def _orgs_enabling(env: Any, warnings: list[str]) -> dict[str, list[str]]:
    """Organizations per plugin, read straight from the TOML so a bad config cannot hide plugins."""
    path = env.config_path
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        warnings.append(f"{path}: cannot read the config ({exc}); organizations are not shown")
        return {}
    found: dict[str, list[str]] = {}
    orgs = raw.get("orgs", {})
    if isinstance(orgs, dict):
        for org_id, org in orgs.items():
            plugins = org.get("plugins", []) if isinstance(org, dict) else []
            for plugin in plugins if isinstance(plugins, list) else []:
                found.setdefault(str(plugin), []).append(org_id)
    return found


def _commands(registry: Any, name: str) -> list[str]:
    """The top-level commands the plugin adds, found by letting it register on a scratch group."""
    import click

    group = click.Group("probe")
    try:
        registry.register_hook("register_commands", name, cli=group)
    except Exception:  # reported when the real CLI loads it; the listing must not fail
        return []
    return sorted(group.commands)


def _settings_defaults(registry: Any, name: str) -> dict[str, Any]:
    """The plugin's settings with their defaults, as they would be written in tousu.toml."""
    settings_class = registry.settings_class(name)
    if settings_class is None or not attrs.has(settings_class):
        return {}
    from tousu.serialize import converter

    try:
        return converter.unstructure(settings_class())
    except Exception:  # a settings class without defaults is the plugin's bug, shown elsewhere
        return {}


def listing_text(listing: list[dict[str, Any]], lang: str = "en") -> str:
    """The human form: one block per plugin, the reason first when it is not ok."""
    from tousu.default_plugins.doors.tables import labelled

    if not listing:
        return text(lang, "plugins.none")
    lines: list[str] = []
    for p in listing:
        version = f" {p['version']}" if p["version"] else ""
        head = text(lang, "plugins.status", name=p["name"], version=version, status=word(lang, p["status"]))
        error = p["error"]
        if p["status"] == "missing" and lang != "en":
            error = text(lang, "plugins.missing", where=", ".join(f"orgs.{org}.plugins" for org in p["orgs"]))
        lines.append(head + ((": " if lang == "en" else "：") + error if error else ""))
        pairs = []
        if p["domains"]:
            pairs.append((text(lang, "plugins.domains"), ", ".join(p["domains"])))
        if p["hooks"]:
            pairs.append((text(lang, "plugins.hooks"), ", ".join(p["hooks"])))
        contributes = p["contributes"]
        for key in ("actions", "deadlines", "steps", "commands"):
            if contributes[key]:
                pairs.append((text(lang, f"plugins.{key}"), ", ".join(contributes[key])))
        pairs.append((text(lang, "plugins.orgs"), ", ".join(p["orgs"]) or "-"))
        lines.extend(_aligned(pairs, lang, labelled))
        for org_id, table in sorted(((p.get("permissions") or {}).get("orgs") or {}).items()):
            lines.append("  " + text(lang, "plugins.who_may", org=org_id))
            lines.extend(f"    {line}" for line in table_lines(table, lang))
    return "\n".join(lines)


def _aligned(pairs: list[tuple[str, str]], lang: str, labelled: Any) -> list[str]:
    if lang == "en":  # the English form as it always read: "  hooks:     a, b"
        return [f"  {label:<10} {value}" for label, value in pairs]
    return list(labelled(pairs, indent="  "))
