"""``tousu domains [--json]``: what each installed domain accepts, so nobody guesses a value.

For each domain: its channels, categories, tiers (lowest first), actions (the core's and its
own, with the statuses that allow each), deadlines, required steps, roles and the intake
fields it names, each with its label in the languages the domain labels. A desk reads it
before typing ``--channel``, ``--category``, ``--tier`` or an action.
"""

from __future__ import annotations

from typing import Any

import click

from tousu.door import JSON_OPTION, emit, pass_env


def domain_listing(registry: Any) -> list[dict[str, Any]]:
    """Every installed domain as a JSON-ready document (keys are ids, labels beside them)."""
    from tousu.lifecycle import CORE_ACTIONS

    out = []
    for name in sorted(registry.domains):
        spec = registry.domains[name]
        labels = {lang: dict(table) for lang, table in spec.labels.items()}

        def labelled(ids: tuple[str, ...], labels: dict[str, dict[str, str]] = labels) -> list[dict[str, Any]]:
            return [{"id": i, "labels": {lang: t[i] for lang, t in labels.items() if i in t}} for i in ids]

        actions = {a.name: a for a in CORE_ACTIONS.values()} | {a.name: a for a in spec.actions}
        out.append(
            {
                "domain": name,
                "plugin": spec.plugin,
                "title": spec.title,
                "channels": labelled(spec.channels),
                "categories": labelled(spec.categories),
                "tiers": labelled(spec.tiers),
                "default_tier": spec.default_tier,
                "actions": [
                    {**labelled((a.name,))[0], "allowed_when": list(a.statuses), "leads_to": a.to_status, "help": a.help}
                    for a in actions.values()
                ],
                "deadlines": labelled(spec.deadlines),
                "steps": labelled(spec.steps),
                "roles": labelled(spec.roles),
                "fields": labelled(tuple(spec.public_fields)),
            }
        )
    return out


def listing_text(listing: list[dict[str, Any]], lang: str) -> str:
    """The listing for the terminal: one block per domain, ids with their labels."""
    from tousu.default_plugins.doors.tables import labelled
    from tousu.messages import text

    lines: list[str] = []
    for doc in listing:
        lines.append(f"{doc['domain']}  ({doc['plugin']})  {_title(doc['title'], lang)}".rstrip())

        def ids(items: list[dict[str, Any]]) -> str:
            shown = []
            for item in items:
                name = item["labels"].get(lang)
                shown.append(f"{item['id']} ({name})" if name and name != item["id"] else item["id"])
            return ", ".join(shown) or "-"

        pairs = [(text(lang, f"domains.{key}"), ids(doc[key]))
                 for key in ("channels", "categories", "tiers", "deadlines", "steps", "roles", "fields")]
        pairs.append((text(lang, "domains.actions"), ", ".join(a["id"] for a in doc["actions"])))
        lines.extend(labelled(pairs, indent="  "))
        lines.append("")
    return "\n".join(lines).rstrip()


def _title(title: str, lang: str) -> str:
    """A bilingual title (``零售重大投诉 / retail major complaints``) in `lang`'s half."""
    if lang == "en" or " / " not in title:
        return title
    import re

    halves = title.split(" / ")
    return next((h for h in halves if re.search(r"[\u3400-\u9fff]", h)), title)


@click.command("domains")
@JSON_OPTION
@pass_env
def domains_command(env: Any, as_json: bool) -> None:
    """Each installed domain's channels, categories, tiers, actions, deadlines, steps and fields."""
    listing = domain_listing(env.registry)
    if as_json:
        emit(listing)
        return
    from tousu.default_plugins.operator_texts import listing_language

    click.echo(listing_text(listing, listing_language(env)))  # no config yet: English


__all__ = ["domain_listing", "domains_command", "listing_text"]
