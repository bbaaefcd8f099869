"""The ``tousu`` command line: one click group over `tousu.app.App` (DESIGN §6).

Exit status 0 done, 1 refused by a rule, 2 bad usage, config or input; errors are one line
on stderr, never a traceback (``TOUSU_DEBUG=1`` shows it). ``--json`` prints exactly one
JSON document on stdout. Plugin commands are loaded only when a command is looked up that
the core does not have, so ``tousu --help`` and ``--version`` stay fast and survive a broken
plugin.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from typing import Any

import click

from tousu import __version__
from tousu.door import (
    ACTOR_OPTION,
    AT_OPTION,
    FIELD_OPTION,
    JSON_OPTION,
    Env,
    emit,
    fields_of,
    pass_env,
    read_facts,
    typed_id,
)
from tousu.errors import InputError, TousuError


class CommandFailed(click.ClickException):
    """A tousu error on its way out: one line on stderr and the contract's exit status."""

    def __init__(self, message: str, exit_code: int, lang: str = "en") -> None:
        super().__init__(message)
        self.exit_code = exit_code
        self.lang = lang

    def show(self, file: Any = None) -> None:
        from tousu.privacy import mask_text
        from tousu.render import clean

        message = clean(mask_text(self.message))  # personal data never in clear on stderr
        if len(message) > 1000:  # a 100 kB value quoted back is not a clear line: keep both ends
            message = f"{message[:400]} … {message[-400:]}"
        from tousu.messages import text

        click.echo(text(self.lang, "error.prefix", message=message), err=True)


def _error_language(ctx: click.Context) -> str:
    """The language an error is told in: the deployment's, when all its organizations share
    one (the config may not even load: then English)."""
    app = getattr(ctx.find_object(object) if ctx.obj is None else ctx.obj, "_app", None)
    orgs = getattr(getattr(app, "config", None), "orgs", None) or {}
    languages = {o.language for o in orgs.values()}
    return languages.pop() if len(languages) == 1 else "en"


def _one_line(exc: click.UsageError) -> click.ClickException:
    """A usage error as the contract's one line (click's own form takes four), exit 2.

    ``tousu`` alone still prints the help: that "error" is the help the user asked for.
    """
    if type(exc).__name__ == "NoArgsIsHelpError":
        return exc
    where = exc.ctx.command_path if exc.ctx is not None else "tousu"
    return CommandFailed(f"{exc.format_message().rstrip('.')} (see `{where} --help`)", 2)


#: The free-text columns of a `list` row masked for a viewer who may not see personal data.

#: Core commands that live in their own modules, imported only when used.
LAZY_COMMANDS = {
    "report": "tousu.reporting.cli:report",
    "import": "tousu.bulk:import_command",
    "export": "tousu.bulk:export_command",
    "purge": "tousu.purge:purge_command",
    "verify": "tousu.verify:verify_command",
    "attach": "tousu.attach_cli:attach_command",
    "calendar": "tousu.calendars.cli:calendar_command",
    "deliver": "tousu.outbox.cli:deliver_command",
    "outbox": "tousu.outbox.cli:outbox_command",
    "mail-in": "tousu.outbox.mailin:mail_in_command",
    "serve": "tousu.server.cli:serve",
    "staff": "tousu.server.cli:staff",
    "domains": "tousu.domain_listing:domains_command",
}


class TousuGroup(click.Group):
    """Maps errors to exit codes, and looks up plugin commands only when a name is not a core one."""

    _plugins_loaded = False

    def _lazy(self, name: str) -> click.Command | None:
        target = LAZY_COMMANDS.get(name)
        if target is None:
            return None
        import importlib

        module, _, attr = target.partition(":")
        try:
            command = getattr(importlib.import_module(module), attr)
        except (ImportError, AttributeError):
            return None
        self.add_command(command, name)
        return command

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            raise _one_line(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TousuError as exc:
            if os.environ.get("TOUSU_DEBUG"):
                _print_traceback()
            from tousu.screens import error_labeller

            lang = _error_language(ctx)
            raise CommandFailed(exc.in_language(lang, error_labeller(ctx, lang)), exc.exit_code, lang) from None
        except click.UsageError as exc:
            raise _one_line(exc) from None
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            raise CommandFailed("interrupted; nothing of the command was written", 1) from None
        except BrokenPipeError:  # `tousu list | head -1`: the reader has all it wanted
            from tousu.failures import quiet_on_closed_pipe

            quiet_on_closed_pipe()
        except Exception as exc:  # the last line of defence: no traceback for users
            if os.environ.get("TOUSU_DEBUG"):
                _print_traceback()
            from tousu.failures import explain

            explained = explain(exc)  # a read-only or full disk is not a bug of tousu
            if explained is not None:
                raise CommandFailed(explained, 2) from None
            raise CommandFailed(
                f"internal error: {type(exc).__name__}: {exc} (set TOUSU_DEBUG=1 for the traceback)", 2
            ) from None

    def _load_plugin_commands(self, ctx: click.Context) -> None:
        if self._plugins_loaded:
            return
        self._plugins_loaded = True
        env = ctx.find_object(Env) or Env(None)
        for name in env.registry.ok():
            try:
                env.registry.register_hook("register_commands", name, cli=self)
            except TousuError as exc:  # adapted: names the plugin and the hook
                click.echo(f"tousu: warning: {exc}", err=True)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name) or self._lazy(cmd_name)
        if command is None:
            self._load_plugin_commands(ctx)
            command = super().get_command(ctx, cmd_name)
        return command

    def list_commands(self, ctx: click.Context) -> list[str]:
        for name in LAZY_COMMANDS:
            self._lazy(name)
        self._load_plugin_commands(ctx)
        return super().list_commands(ctx)


@click.group(cls=TousuGroup)
@click.version_option(__version__, prog_name="tousu")
@click.option("--config", "config_path", metavar="PATH", help="Config file (default $TOUSU_CONFIG, else ./tousu.toml).")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None) -> None:
    """tousu (投诉): record, tier, clock, forward, answer, follow up, escalate and count complaints."""
    env = Env(config_path)
    ctx.obj = env
    ctx.call_on_close(env.close)


# -- commands -------------------------------------------------------------------------


@cli.command()
@click.option("--org", "orgs", multiple=True, metavar="ID", help="An organization to create (repeatable).")
@click.option("--plugin", "plugins", multiple=True, metavar="NAME", help="A plugin to enable (repeatable).")
@click.option("--force", is_flag=True, help="Overwrite an existing config file.")
@pass_env
def init(env: Env, orgs: tuple[str, ...], plugins: tuple[str, ...], force: bool) -> None:
    """Write a starter tousu.toml with each plugin's default settings, and create the database."""
    from tousu.config import starter_config

    path = env.config_path
    if path.exists() and not force:
        raise InputError(f"{path} already exists; pass --force to overwrite it")
    installed = env.registry.ok()
    from tousu.plugins import DEFAULT_PLUGINS

    chosen = list(plugins) or [n for n in installed if n not in DEFAULT_PLUGINS]  # default plugins serve every org
    for name in chosen:
        if name not in installed:
            raise InputError(f"--plugin {name!r} is not installed (installed: {', '.join(installed) or 'none'})")
    if orgs:
        layout = {org: chosen for org in orgs}
    else:
        layout = {f"{name.replace('_', '-')}-demo": [name] for name in chosen} or {"default": []}
    try:
        path.write_text(starter_config(env.registry, layout), encoding="utf-8")
    except OSError as exc:  # a missing folder, no permission, a full disk
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
    app = env.app  # validates what was written and creates the database
    click.echo(f"wrote {path} ({', '.join(layout)}); database {app.config.database_path}")


@cli.command()
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
    _print_complaint(app, complaint, org, at, as_json, history=False, staff=app.actor(org, options["actor"]))


@cli.command("show")
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
    from tousu.permissions import acting
    from tousu.privacy import viewer

    app = env.app
    complaint = app.get(complaint_id, org_id=org_id, actor_id=acting(actor))
    org = app.org(complaint.org)
    at = env.instant(at_text, complaint.org)
    from tousu.calendars.deadlines import complaint_year_warnings

    for line in complaint_year_warnings(org, complaint):
        click.echo(line, err=True)
    _print_complaint(app, complaint, org, at, as_json, history=True, staff=viewer(app, org, acting(actor)))


def _print_complaint(
    app: Any, complaint: Any, org: Any, at: datetime, as_json: bool, history: bool, staff: Any
) -> None:
    """The complaint as `staff` may see it: personal data masked unless the rule opens it
    (see `tousu.privacy`); a view in clear that only the role allowed is audited."""
    from tousu.documents import screened
    from tousu.render import complaint_json, complaint_text

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
    from tousu.errors import InputError
    from tousu.permissions import home_org

    if org_id:
        return org_id
    found = home_org(app, actor)
    if found:
        return found
    if len(app.config.orgs) == 1:
        return next(iter(app.config.orgs))
    raise InputError.of("org.needed", orgs=", ".join(app.config.orgs) or "-")


@cli.command("list")
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
    from tousu import queues
    from tousu.documents import list_page
    from tousu.permissions import acting, org_for
    from tousu.privacy import viewer

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
    from tousu.screens import Labeller, list_lines, org_domains

    click.echo("\n".join(list_lines(items, org, Labeller(org.language, org_domains(app, org)), total, offset)))


@cli.command()
@click.argument("complaint_id", callback=lambda _ctx, _param, value: typed_id(value))
@click.argument("action")
@ACTOR_OPTION
@click.option("--to", metavar="X", help="Department, agency or staff member, for forward/transfer/assign (forward defaults to the routed department, else the respondent); the tier for escalate.")
@click.option("--note", metavar="TEXT")
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
    facts = {**read_facts(facts_file), **fields_of(fields)}
    updated = app.act(  # without --at, "now" is taken inside the transaction (see App.act)
        complaint_id, action, actor=actor, to=to, note=note, fields=facts, at=at if at_text else None, org_id=org_id
    )
    if as_json:
        _print_complaint(app, updated, org, at, True, history=False, staff=app.actor(org, actor))
    else:
        from tousu.screens import Labeller, act_line

        click.echo(act_line(updated.id, action, updated.status, Labeller(org.language, [app.domain(updated.domain)])))


@cli.command()
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
    from tousu import queues
    from tousu.permissions import acting, home_org, org_for
    from tousu.privacy import viewer
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
    from tousu.calendars.deadlines import year_warnings
    from tousu.documents import due_document, screened_due

    items = screened_due(app, items, lambda org: viewer(app, org, acting(actor)))
    for line in year_warnings(app, items):
        click.echo(line, err=True)
    if as_json:
        emit(due_document(app, org_id, items, duties, at))
        return
    from tousu.screens import Labeller, due_lines, org_domains

    involved = {i.org for i in items} | ({org_id} if org_id else set())
    orgs = {oid: (app.org(oid), Labeller(app.org(oid).language, org_domains(app, app.org(oid)))) for oid in involved}
    lang, tz = _screen_language(app, org_id)
    click.echo("\n".join(due_lines(items, duties, at, orgs, lang, tz, group_by)))


def _screen_language(app: Any, org_id: str | None) -> tuple[str, Any]:
    """The language and zone of a screen: the organization's, else the deployment's when all
    its organizations share one (English and UTC otherwise)."""
    from tousu.timeutil import zone

    if org_id:
        org = app.org(org_id)
        return org.language, org.tz
    langs = {o.language for o in app.config.orgs.values()}
    zones = {o.timezone for o in app.config.orgs.values()}
    return (langs.pop() if len(langs) == 1 else "en"), zone(zones.pop() if len(zones) == 1 else "UTC")


@cli.command()
@click.option("--org", "org_id", metavar="ORG")
@ACTOR_OPTION
@AT_OPTION
@JSON_OPTION
@pass_env
def sweep(env: Env, org_id: str | None, actor: str | None, at_text: str | None, as_json: bool) -> None:
    """Record breached deadlines and apply time-based escalations (idempotent at the same --at).

    With an actor and no --org, the actor's own organization only.
    """
    from tousu.permissions import acting, home_org, org_for

    app = env.app
    org_id = org_id or home_org(app, actor)
    if org_id:
        org_for(app, org_id, actor)
    at = env.instant(at_text, org_id)
    result = app.sweep(org_id, at if at_text else None, operator=acting(actor))
    from tousu.calendars.deadlines import warning_lines

    for line in warning_lines(result.get("calendar_years", {})):
        click.echo(line, err=True)
    if as_json:
        from tousu.documents import sweep_document

        emit(sweep_document(app, org_id, result))
        return
    from tousu.screens import Labeller, org_domains, sweep_lines

    lang, tz = _screen_language(app, org_id)
    domains = [d for o in ([app.org(org_id)] if org_id else app.config.orgs.values()) for d in org_domains(app, o)]
    click.echo("\n".join(sweep_lines(result, lang, tz, Labeller(lang, domains))))


@cli.command()
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
    from tousu.permissions import acting
    from tousu.render import compensation_json

    app = env.app
    if at_text is not None:
        env.instant(at_text, app.get(complaint_id, actor_id=acting(actor)).org)
    facts = {**read_facts(facts_file), **fields_of(fields)}
    doc = compensation_json(app.compensate(complaint_id, fields=facts, actor=actor))
    if as_json:
        emit(doc)
        return
    from tousu.screens import Labeller, compensation_lines

    complaint = app.get(complaint_id, actor_id=acting(actor))
    org = app.org(complaint.org)
    lab = Labeller(org.language, [app.domain(complaint.domain)])
    click.echo("\n".join(compensation_lines(doc, org.language, lab)))


@cli.command()
@JSON_OPTION
@pass_env
def rebuild(env: Env, as_json: bool) -> None:
    """Recompute the complaint, deadline, step and link tables from the event history."""
    count = env.app.rebuild()
    if as_json:
        emit({"rebuilt": count})
    else:
        click.echo(f"rebuilt {count} complaints from their events")


@cli.command()
@JSON_OPTION
@pass_env
def plugins(env: Env, as_json: bool) -> None:
    """Installed plugins: version, status, hooks, domains, and which organizations enable them."""
    from tousu.plugin_listing import listing_text, plugin_listing

    warnings: list[str] = []
    listing = plugin_listing(env, warnings)
    for warning in warnings:
        click.echo(f"tousu: warning: {warning}", err=True)
    if as_json:
        emit(listing)
        return
    click.echo(listing_text(listing))


@cli.command()
@click.option("--keep", is_flag=True, help="Keep the demo folder and print where it is.")
@click.option("--serve", is_flag=True, help="Then serve the demo's desk on 127.0.0.1 (passwords printed) until Ctrl-C.")
@click.option("--port", type=click.IntRange(0, 65535), default=0, metavar="PORT", help="Port for --serve (default: a free one).")
def demo(keep: bool, serve: bool, port: int) -> None:
    """The whole product in two minutes on a throwaway database."""
    from tousu.demo import run_demo

    run_demo(keep=keep, serve=serve, port=port)


# -- entry point ----------------------------------------------------------------------


def _print_traceback() -> None:
    """``TOUSU_DEBUG=1``: the traceback (imported here: ``traceback`` costs every start ~5 ms)."""
    import traceback

    traceback.print_exc()


def main(argv: list[str] | None = None) -> None:
    """The ``tousu`` console script."""
    try:
        cli.main(args=argv, prog_name="tousu")
    except BrokenPipeError:  # `tousu list | head`
        from tousu.failures import quiet_on_closed_pipe

        quiet_on_closed_pipe()


if __name__ == "__main__":  # pragma: no cover
    # `python -m tousu.cli` runs this file as __main__, a second copy of the module; run the
    # canonical one so lazily loaded commands and plugins see the same classes.
    from tousu.cli import main as canonical_main

    canonical_main()
