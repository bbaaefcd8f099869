"""The commands that read: show, list, due, rebuild (``plugins`` and ``demo`` are default plugins'
(`tousu.default_plugins.commands`).

Each parses its arguments, asks the App (`Env.app`) and renders the answer. Added to the
group lazily by `tousu.default_plugins.commands.CoreCommands` (``register_commands``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import click

from tousu.default_plugins.core_commands.arguments import typed_id
from tousu.door import ACTOR_OPTION, AT_OPTION, JSON_OPTION, Env, emit, pass_env
from tousu.errors import InputError


@click.command("show")
@click.argument("complaint_id", callback=lambda _ctx, _param, value: typed_id(value))
@click.option("--org", "org_id", metavar="ORG", help="Only if it belongs to this organization.")
@ACTOR_OPTION
@AT_OPTION
@JSON_OPTION
@pass_env
def show_command(
    env: Env, complaint_id: str, org_id: str | None, actor: str | None, at_text: str | None, as_json: bool
) -> None:
    """The complaint, its deadlines (state as of --at), open steps and full history."""
    from tousu.default_plugins.doors.privacy import viewer
    from tousu.permissions import acting

    app = env.app
    complaint = app.get(complaint_id, org_id=org_id, actor_id=acting(actor))
    org = app.org(complaint.org)
    at = env.instant(at_text, complaint.org)
    from tousu.default_plugins.doors.clocks import complaint_year_warnings

    for line in complaint_year_warnings(org, complaint):
        click.echo(line, err=True)
    print_complaint(app, complaint, org, at, as_json, history=True, staff=viewer(app, org, acting(actor)))


def print_complaint(
    app: Any, complaint: Any, org: Any, at: datetime, as_json: bool, history: bool, staff: Any
) -> None:
    """The complaint as `staff` may see it: personal data masked unless the rule opens it
    (see `tousu.default_plugins.doors.privacy`); a view in clear that only the role allowed is audited."""
    from tousu.default_plugins.core_commands.screens import complaint_text
    from tousu.default_plugins.doors.documents import screened
    from tousu.default_plugins.doors.render import complaint_json

    complaint, events = screened(app, complaint, org, staff, history=history)
    if as_json:
        emit(complaint_json(complaint, org, at, events))
    else:
        click.echo(complaint_text(complaint, org, app.domain(complaint.domain), at, events))


QUEUE_OPTIONS = (
    click.option("--mine", is_flag=True, help="Only cases the actor owns or is assigned."),
    click.option("--assignee", metavar="STAFF", help="Only cases assigned to STAFF."),
    click.option("--owner", metavar="STAFF", help="Only cases STAFF owns (first responder)."),
    click.option("--department", metavar="D", help="Only cases with department D."),
)


def queue_options(command: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(QUEUE_OPTIONS):
        command = option(command)
    return command


def the_org(app: Any, org_id: str | None, actor: str | None) -> str:
    """``--org``, else the actor's own organization, else the deployment's only one."""
    from tousu.default_plugins.doors.command_permissions import home_org

    if org_id:
        return org_id
    found = home_org(app, actor)
    if found:
        return found
    if len(app.config.orgs) == 1:
        return next(iter(app.config.orgs))
    raise InputError.of("org.needed", orgs=", ".join(app.config.orgs) or "-")


@click.command("list")
@click.option("--org", "org_id", metavar="ORG", help="The organization (may be left out when there is one).")
@click.option("--status", metavar="S", help="Only this status, or 'open'.")
@click.option("--tier", metavar="T")
@click.option("--category", metavar="C")
@click.option("--q", "query", metavar="TEXT", help="Search summary, place, respondent, request, department (and the complainant's name and contact where you may see them).")
@queue_options
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1, 100000))
@click.option("--offset", default=0, show_default=True, type=click.IntRange(0, None))
@ACTOR_OPTION
@AT_OPTION
@JSON_OPTION
@pass_env
def list_command(
    env: Env,
    org_id: str | None,
    status: str | None,
    tier: str | None,
    category: str | None,
    query: str | None,
    mine: bool,
    assignee: str | None,
    owner: str | None,
    department: str | None,
    limit: int,
    offset: int,
    actor: str | None,
    at_text: str | None,
    as_json: bool,
) -> None:
    """Complaints of an organization, newest first (personal data in summaries masked unless
    the actor may see it)."""
    from tousu.default_plugins.doors import queues
    from tousu.default_plugins.doors.documents import list_page
    from tousu.default_plugins.doors.privacy import viewer
    from tousu.permissions import acting, org_for

    app = env.app
    org_id = the_org(app, org_id, actor)
    org = org_for(app, org_id, actor)
    staff = viewer(app, org, acting(actor))
    items, total = list_page(
        app, org, staff, status=status, tier=tier, category=category, query=query,
        queue=queues.Queue.asked(mine, acting(actor), owner, assignee, department), limit=limit, offset=offset,
    )
    if as_json:
        emit(items)
        return
    from tousu.default_plugins.core_commands.screens import list_lines
    from tousu.default_plugins.words.labels import Labeller, org_domains

    click.echo("\n".join(list_lines(items, org, Labeller(org.language, org_domains(app, org)), total, offset)))


@click.command()
@click.option("--org", "org_id", metavar="ORG")
@click.option("--within", metavar="DURATION", help="Horizon: 90m, 2h, 3d (default: end of today).")
@click.option("--by", "group_by", type=click.Choice(["owner", "department"]), help="Group the list.")
@queue_options
@ACTOR_OPTION
@AT_OPTION
@JSON_OPTION
@pass_env
def due(
    env: Env,
    org_id: str | None,
    within: str | None,
    group_by: str | None,
    mine: bool,
    assignee: str | None,
    owner: str | None,
    department: str | None,
    actor: str | None,
    at_text: str | None,
    as_json: bool,
) -> None:
    """The daily list: overdue first (most overdue on top), then what falls due within the horizon.

    With an actor and no --org, the actor's own organization; summaries quoting personal data
    are masked unless the actor may see it.
    """
    from tousu.default_plugins.doors import queues
    from tousu.default_plugins.doors.command_permissions import home_org
    from tousu.default_plugins.doors.privacy import viewer
    from tousu.permissions import acting, org_for
    from tousu.timeutil import parse_duration

    app = env.app
    org_id = org_id or home_org(app, actor)
    if org_id:
        org_for(app, org_id, actor)
    at = env.instant(at_text, org_id)
    horizon = parse_duration(within) if within else None
    items, duties = app.due(org_id, within=horizon, at=at)
    queue = queues.Queue.asked(mine, acting(actor), owner, assignee, department)
    if queue != queues.Queue():  # a queue is one person's or department's: the org's own duties are not in it
        items, duties = queues.due_filter(items, queue), []
    from tousu.default_plugins.doors.clocks import year_warnings
    from tousu.default_plugins.doors.documents import due_document, screened_due

    items = screened_due(app, items, lambda org: viewer(app, org, acting(actor)))
    for line in year_warnings(app, items):
        click.echo(line, err=True)
    if as_json:
        emit(due_document(app, org_id, items, duties, at))
        return
    from tousu.default_plugins.core_commands.screens import due_lines
    from tousu.default_plugins.words.labels import Labeller, org_domains

    involved = {i.org for i in items} | ({org_id} if org_id else set())
    orgs = {oid: (app.org(oid), Labeller(app.org(oid).language, org_domains(app, app.org(oid)))) for oid in involved}
    lang, tz = screen_language(app, org_id)
    click.echo("\n".join(due_lines(items, duties, at, orgs, lang, tz, group_by)))


def screen_language(app: Any, org_id: str | None) -> tuple[str, Any]:
    """The language and zone of a screen: the organization's, else the deployment's when all
    its organizations share one (English and UTC otherwise)."""
    from tousu.timeutil import zone

    if org_id:
        org = app.org(org_id)
        return org.language, org.tz
    langs = {o.language for o in app.config.orgs.values()}
    zones = {o.timezone for o in app.config.orgs.values()}
    return (langs.pop() if len(langs) == 1 else "en"), zone(zones.pop() if len(zones) == 1 else "UTC")


@click.command()
@JSON_OPTION
@pass_env
def rebuild(env: Env, as_json: bool) -> None:
    """Recompute the complaint, deadline, step and link tables from the event history."""
    count = env.app.rebuild()
    if as_json:
        emit({"rebuilt": count})
    else:
        click.echo(f"rebuilt {count} complaints from their events")
