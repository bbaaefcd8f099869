"""What ``tousu plugins`` reports: works even when a plugin is broken or the config is wrong."""

from __future__ import annotations

import tomllib
from typing import Any


def plugin_listing(env: Any) -> list[dict[str, Any]]:
    registry = env.registry
    enabled_by = _orgs_enabling(env)
    listing = []
    for name, info in sorted(registry.infos.items()):
        domains = registry.plugin_domains(name) if info.status == "ok" else []
        listing.append(
            {
                "name": name,
                "version": info.version,
                "status": info.status,
                "error": info.error,
                "module": info.module,
                "hooks": info.hooks,
                "domains": info.domains,
                "orgs": enabled_by.get(name, []),
                "contributes": {
                    "domains": info.domains,
                    "actions": sorted({a.name for d in domains for a in d.actions}),
                    "deadlines": sorted({n for d in domains for n in d.deadlines}),
                    "steps": sorted({n for d in domains for n in d.steps}),
                    "roles": sorted({n for d in domains for n in d.roles}),
                    "commands": _commands(registry, name) if info.status == "ok" else [],
                },
            }
        )
    return listing


def _orgs_enabling(env: Any) -> dict[str, list[str]]:
    """Organizations per plugin, read straight from the TOML so a bad config cannot hide plugins."""
    try:
        raw = tomllib.loads(env.config_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
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
    import click

    group = click.Group("probe")
    caller = registry.pm.subset_hook_caller(
        "register_commands", [p for n, p in registry.pm.list_name_plugin() if n != name]
    )
    try:
        caller(cli=group)
    except Exception:
        return []
    return sorted(group.commands)
