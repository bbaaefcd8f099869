"""``tousu templates [NAME] [--org ORG] [--json]``: the reply and notify templates a desk may use.

Without NAME, one line per template (name, action, domain, its text in the organization's
language, cut to fit); with NAME, the template's texts in full and its placeholders, so a
receptionist sees exactly what ``act ID reply --template NAME`` will send.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from tousu.door import ACTOR_OPTION, JSON_OPTION, emit, pass_env

if TYPE_CHECKING:
    from tousu.models import DomainSpec, Org


def template_listing(org: Org, domains: list[DomainSpec]) -> list[dict[str, Any]]:
    """``tousu templates --json``: each template an organization's desks may use."""
    from tousu.default_plugins.replies import placeholders
    from tousu.replies import templates_for

    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for domain in domains or [None]:  # type: ignore[list-item]
        for t in templates_for(domain.name if domain else None):
            key = (t.domain, t.name)
            if key not in seen:
                seen[key] = {
                    "name": t.name,
                    "domain": t.domain,
                    "action": t.action,
                    "text": t.text(org.language),
                    "texts": {"zh": t.text("zh"), "en": t.text("en")},
                    "placeholders": placeholders(t),
                }
    return sorted(seen.values(), key=lambda doc: (doc["domain"] != "*", doc["domain"], doc["name"]))


@click.command("templates")
@click.argument("name", required=False)
@click.option("--org", "org_id", metavar="ORG", help="The organization (optional with one).")
@ACTOR_OPTION
@JSON_OPTION
@pass_env
def templates_command(env: Any, name: str | None, org_id: str | None, actor: str | None, as_json: bool) -> None:
    """The reply and notify templates of an organization's domains (act ID reply --template NAME)."""
    from tousu.default_plugins.doors import tables
    from tousu.default_plugins.words.labels import org_domains
    from tousu.messages import text
    from tousu.render import clean

    app = env.app
    org = app.org(_org(app, org_id, actor))
    lang = org.language
    listing = template_listing(org, org_domains(app, org))
    if name is not None:
        listing = [t for t in listing if t["name"] == name]
        if not listing:
            known = ", ".join(sorted({t["name"] for t in template_listing(org, org_domains(app, org))})) or "none"
            from tousu.errors import InputError

            raise InputError.of("template.unknown", name=name, known=known)
    if as_json:
        emit(listing)
        return
    if not listing:
        click.echo(text(lang, "templates.none"))
        return
    if name is None:
        headers = [text(lang, f"templates.col.{c}") for c in ("name", "action", "domain", "text")]
        rows = [
            [t["name"], _label(t["action"], lang), _domain(t["domain"], lang), clean(t["text"])]
            for t in listing
        ]
        click.echo("\n".join(tables.table(headers, rows, fixed=(0,))))
        return
    for t in listing:
        pairs = [
            (text(lang, "templates.col.name"), t["name"]),
            (text(lang, "templates.col.action"), _label(t["action"], lang)),
            (text(lang, "templates.col.domain"), _domain(t["domain"], lang)),
            (text(lang, "templates.placeholders"), ", ".join("{" + p + "}" for p in t["placeholders"])),
            ("zh", clean(t["texts"]["zh"])),
            ("en", clean(t["texts"]["en"])),
        ]
        click.echo("\n".join(tables.labelled(pairs)))


def _org(app: Any, org_id: str | None, actor: str | None) -> str:
    """``--org``, else the actor's own organization, else the deployment's only one."""
    from tousu.default_plugins.doors.command_permissions import home_org
    from tousu.errors import InputError

    found = org_id or home_org(app, actor) or (next(iter(app.config.orgs)) if len(app.config.orgs) == 1 else None)
    if not found:
        raise InputError.of("org.needed", orgs=", ".join(app.config.orgs) or "-")
    return found


def _label(action: str, lang: str) -> str:
    from tousu.default_plugins.words.labels import label

    return label(action, lang)


def _domain(domain: str, lang: str) -> str:
    from tousu.messages import text

    return text(lang, "templates.any") if domain == "*" else domain


__all__ = ["templates_command"]
