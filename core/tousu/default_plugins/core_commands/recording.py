"""The commands that record: intake, act, sweep, compensate.

Each parses its arguments, asks the App (`Env.app`) and renders the answer; the rules and
every default live in `tousu.app.App`. Added to the group lazily by the default plugin
`tousu.default_plugins.commands.CoreCommands` (``register_commands``).
"""

from __future__ import annotations

from typing import Any

import click

from tousu.default_plugins.core_commands.arguments import (
    FIELD_OPTION,
    fields_of,
    read_facts,
    typed_id,
)
from tousu.default_plugins.core_commands.reading import print_complaint, screen_language, the_org
from tousu.door import ACTOR_OPTION, AT_OPTION, JSON_OPTION, Env, emit, pass_env


@click.command()
@click.option("--org", "org_id", metavar="ORG", help="The organization (may be left out when there is one).")
@click.option("--channel", required=True, metavar="CH")
@click.option("--summary", required=True, metavar="TEXT")
@click.option("--domain", metavar="D")
@click.option("--category", metavar="C")
@click.option("--tier", metavar="T")
@click.option("--complainant", default="", metavar="NAME")
@click.option("--contact", default="", metavar="C")
@click.option("--respondent", default="", metavar="R", help="The person or department complained about.")
@click.option("--place", default="", metavar="P")
@click.option("--request", default="", metavar="TEXT", help="What the complainant asks for.")
@click.option("--urgent", is_flag=True, help="Harm is still happening: stop it first.")
@click.option("--again", is_flag=True, help="Record it even though an identical intake came in within a minute.")
@FIELD_OPTION
@ACTOR_OPTION
@AT_OPTION
@JSON_OPTION
@pass_env
def intake(env: Env, org_id: str | None, fields: tuple[str, ...], at_text: str | None, as_json: bool, **options: Any) -> None:
    """Record a complaint; prints its id, tier, category, status and deadlines."""
    from tousu.permissions import org_for

    app = env.app
    org_id = the_org(app, org_id, options["actor"])
    org = org_for(app, org_id, options["actor"])
    at = env.instant(at_text, org_id)
    complaint = app.intake(org_id, fields=fields_of(fields), at=at, **options)
    print_complaint(app, complaint, org, at, as_json, history=False, staff=app.actor(org, options["actor"]))


@click.command()
@click.argument("complaint_id", callback=lambda _ctx, _param, value: typed_id(value))
@click.argument("action")
@ACTOR_OPTION
@click.option("--to", metavar="X", help="Department, agency or staff member, for forward/transfer/assign (forward defaults to the routed department, else the respondent); the tier for escalate.")
@click.option("--note", metavar="TEXT")
@click.option("--template", metavar="NAME", help="reply/notify: the text from a template (see `tousu templates`).")
@FIELD_OPTION
@click.option("--facts", "facts_file", type=click.Path(dir_okay=False), metavar="FILE.toml", help="Facts from a TOML file.")
@click.option("--org", "org_id", metavar="ORG", help="Only if it belongs to this organization.")
@AT_OPTION
@JSON_OPTION
@pass_env
def act(
    env: Env,
    complaint_id: str,
    action: str,
    actor: str | None,
    to: str | None,
    note: str | None,
    template: str | None,
    fields: tuple[str, ...],
    facts_file: str | None,
    org_id: str | None,
    at_text: str | None,
    as_json: bool,
) -> None:
    """One lifecycle action (core or plugin-defined) on a complaint."""
    from tousu.permissions import acting

    app = env.app
    complaint = app.get(complaint_id, org_id=org_id, actor_id=acting(actor))
    org = app.org(complaint.org)
    at = env.instant(at_text, complaint.org)
    facts = {**read_facts(facts_file), **fields_of(fields), **({"template": template} if template else {})}
    updated = app.act(  # without --at, "now" is taken inside the transaction (see App.act)
        complaint_id, action, actor=actor, to=to, note=note, fields=facts, at=at if at_text else None, org_id=org_id
    )
    if as_json:
        print_complaint(app, updated, org, at, True, history=False, staff=app.actor(org, actor))
    else:
        from tousu.default_plugins.core_commands.screens import act_line
        from tousu.default_plugins.words.labels import Labeller

        click.echo(act_line(updated.id, action, updated.status, Labeller(org.language, [app.domain(updated.domain)])))


@click.command()
@click.option("--org", "org_id", metavar="ORG")
@ACTOR_OPTION
@AT_OPTION
@JSON_OPTION
@pass_env
def sweep(env: Env, org_id: str | None, actor: str | None, at_text: str | None, as_json: bool) -> None:
    """Record breached deadlines and apply time-based escalations (idempotent at the same --at).

    With an actor and no --org, the actor's own organization only.
    """
    from tousu.default_plugins.doors.command_permissions import home_org
    from tousu.permissions import acting, org_for

    app = env.app
    org_id = org_id or home_org(app, actor)
    if org_id:
        org_for(app, org_id, actor)
    at = env.instant(at_text, org_id)
    result = app.sweep(org_id, at if at_text else None, operator=acting(actor))
    from tousu.default_plugins.doors.clocks import warning_lines

    years = result.get("calendar_years", {})
    for line in warning_lines(years, {oid: app.org(oid).language for oid in years if oid in app.config.orgs}):
        click.echo(line, err=True)
    if as_json:
        from tousu.default_plugins.doors.documents import sweep_document

        emit(sweep_document(app, org_id, result))
        return
    from tousu.default_plugins.core_commands.screens import sweep_lines
    from tousu.default_plugins.words.labels import Labeller, org_domains

    lang, tz = screen_language(app, org_id)
    domains = [d for o in ([app.org(org_id)] if org_id else app.config.orgs.values()) for d in org_domains(app, o)]
    click.echo("\n".join(sweep_lines(result, lang, tz, Labeller(lang, domains))))


@click.command()
@click.argument("complaint_id", callback=lambda _ctx, _param, value: typed_id(value))
@ACTOR_OPTION
@FIELD_OPTION
@click.option("--facts", "facts_file", type=click.Path(dir_okay=False), metavar="FILE.toml")
@AT_OPTION
@JSON_OPTION
@pass_env
def compensate(
    env: Env,
    complaint_id: str,
    actor: str | None,
    fields: tuple[str, ...],
    facts_file: str | None,
    at_text: str | None,
    as_json: bool,
) -> None:
    """The compensation breakdown for a complaint, from facts (--field K=V or --facts FILE.toml).

    The breakdown depends on the facts and the actor's authority only; ``--at`` is accepted
    (and checked) so that a script can pass every command the same instant.
    """
    from tousu.default_plugins.doors.render import compensation_json
    from tousu.permissions import acting

    app = env.app
    if at_text is not None:
        env.instant(at_text, app.get(complaint_id, actor_id=acting(actor)).org)
    facts = {**read_facts(facts_file), **fields_of(fields)}
    doc = compensation_json(app.compensate(complaint_id, fields=facts, actor=actor))
    if as_json:
        emit(doc)
        return
    from tousu.default_plugins.core_commands.screens import compensation_lines
    from tousu.default_plugins.words.labels import Labeller

    complaint = app.get(complaint_id, actor_id=acting(actor))
    org = app.org(complaint.org)
    lab = Labeller(org.language, [app.domain(complaint.domain)])
    click.echo("\n".join(compensation_lines(doc, org.language, lab)))
