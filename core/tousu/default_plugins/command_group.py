"""The ``tousu`` command line: one click group over `tousu.app.App` (DESIGN §6).

Exit status 0 done, 1 refused by a rule, 2 bad usage, config or input; errors are one line
on stderr, never a traceback (``TOUSU_DEBUG=1`` shows it). ``--json`` prints exactly one
JSON document on stdout. Every command is a default plugin's or an installed plugin's, added
through ``register_commands``: the core's own commands are the default plugin ``core``
(`tousu.default_plugins.commands.CoreCommands`). A default plugin's command is named by module
and summary and imported only when it runs; plugin commands are loaded only when a command is looked up that
the core does not have (or for the listing), so ``tousu --help`` stays fast and survives a
broken plugin (``tousu --version`` is answered by `tousu.start` before click is imported).

The command line is a door, and the doors are default plugins: the kernel's entry module
`tousu.cli` names this module as a string and hands the console script on to its `main`.
"""

from __future__ import annotations

import os
from typing import Any

import click

from tousu import __version__


class CommandFailed(click.ClickException):
    """A tousu error on its way out: one line on stderr and the contract's exit status."""

    def __init__(self, message: str, exit_code: int, lang: str = "en") -> None:
        super().__init__(message)
        self.exit_code = exit_code
        self.lang = lang

    def show(self, file: Any = None) -> None:
        from tousu.default_plugins.doors.privacy import mask_text
        from tousu.render import clean

        message = clean(mask_text(self.message))  # personal data never in clear on stderr
        if len(message) > 1000:  # a 100 kB value quoted back is not a clear line: keep both ends
            message = f"{message[:400]} … {message[-400:]}"
        from tousu.messages import text

        click.echo(text(self.lang, "error.prefix", message=message), err=True)


def _error_language(ctx: click.Context) -> str:
    """The language an error is told in: the organization the command addressed, else the
    deployment's when all its organizations share one (the config may not even load: then English)."""
    app = getattr(ctx.find_object(object) if ctx.obj is None else ctx.obj, "_app", None)
    addressed = getattr(app, "addressed", None)
    if addressed is not None:
        return str(addressed.language)
    orgs = getattr(getattr(app, "config", None), "orgs", None) or {}
    languages = {o.language for o in orgs.values()}
    return languages.pop() if len(languages) == 1 else "en"


def _error_labeller(ctx: click.Context, lang: str) -> Any:
    """Labels for an error line: every domain the deployment's organizations enable (an error
    may name a tier, a role or a deadline of any of them); None when no config is loaded."""
    app = getattr(ctx.find_object(object) if ctx.obj is None else ctx.obj, "_app", None)
    registry = getattr(app, "registry", None)
    orgs = getattr(getattr(app, "config", None), "orgs", None)
    if registry is None or not orgs:
        return None
    from tousu.messages import words  # the core's words: its labels and the domains'

    try:
        labels = words()
        return labels.Labeller(lang, [d for o in orgs.values() for d in labels.org_domains(app, o)])
    except Exception:  # an error about a broken deployment is still told, unlabelled
        return None


def _one_line(exc: click.UsageError) -> click.ClickException:
    """A usage error as the contract's one line (click's own form takes four), exit 2.

    ``tousu`` alone still prints the help: that "error" is the help the user asked for.
    """
    if type(exc).__name__ == "NoArgsIsHelpError":
        return exc
    where = exc.ctx.command_path if exc.ctx is not None else "tousu"
    return CommandFailed(f"{exc.format_message().rstrip('.')} (see `{where} --help`)", 2)


def register_default_commands(cli: click.Group) -> list[str]:
    """Call each default command plugin's ``register_commands`` with `cli`, one at a time and
    with the one error policy, as the server asks their ``register_routes``; returns the
    failures ("plugin X failed in hook Y: …")."""
    from tousu.errors import TousuError
    from tousu.plugins import default_command_registry

    registry, failures = default_command_registry()
    for name in registry.ok():
        try:
            registry.register_hook("register_commands", name, cli=cli)
        except Exception as exc:
            failures.append(str(exc) if isinstance(exc, TousuError) else f"plugin {name} failed: {type(exc).__name__}: {exc}")
    return failures


class TousuGroup(click.Group):
    """Maps errors to exit codes, and looks up plugin commands only when a name is not a core one."""

    _plugins_loaded = False
    _defaults_loaded = False

    def add_lazy_command(self, name: str, target: str, summary: str) -> None:
        """Add command `name` by its ``module:attribute`` and the first sentence of its help,
        imported only when it runs (what the default plugins' ``register_commands`` call)."""
        self.__dict__.setdefault("_lazy_added", {})[name] = (target, summary)

    def lazy_table(self) -> dict[str, tuple[str, str]]:
        """The core's command table and the default plugins' lazily added commands."""
        if not self._defaults_loaded:
            self._defaults_loaded = True
            for failure in register_default_commands(self):
                click.echo(f"tousu: warning: {failure}", err=True)
        return dict(self.__dict__.get("_lazy_added", {}))

    def _lazy(self, name: str) -> click.Command | None:
        entry = self.lazy_table().get(name)
        if entry is None:
            return None
        import importlib

        module, _, attr = entry[0].partition(":")
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
        from tousu.errors import TousuError  # here: `--version` and `--help` never run a command

        try:
            return super().invoke(ctx)
        except TousuError as exc:
            if os.environ.get("TOUSU_DEBUG"):
                _print_traceback()
            lang = _error_language(ctx)
            raise CommandFailed(exc.in_language(lang, _error_labeller(ctx, lang)), exc.exit_code, lang) from None
        except click.UsageError as exc:
            raise _one_line(exc) from None
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:  # told in the organization's language, like every error line
            from tousu.messages import text

            lang = _error_language(ctx)
            raise CommandFailed(text(lang, "error.interrupted"), 1, lang) from None
        except BrokenPipeError:  # `tousu list | head -1`: the reader has all it wanted
            from tousu.default_plugins.failures import quiet_on_closed_pipe

            quiet_on_closed_pipe()
        except Exception as exc:  # the last line of defence: no traceback for users
            if os.environ.get("TOUSU_DEBUG"):
                _print_traceback()
            from tousu.default_plugins.failures import explain

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
        from tousu.door import Env
        from tousu.errors import TousuError

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

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """``tousu --help``'s command list: a core command not yet imported is summed up from
        its table entry (as click would from its help), plugins' commands from themselves."""
        self._load_plugin_commands(ctx)
        table = self.lazy_table()
        names = sorted(set(self.commands) | set(table))
        commands = [(name, self.commands.get(name)) for name in names]
        shown = [(name, command) for name, command in commands if command is None or not command.hidden]
        if not shown:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in shown)
        rows = [
            (name, click.Command(name, help=table[name][1]).get_short_help_str(limit) if command is None else command.get_short_help_str(limit))
            for name, command in shown
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def list_commands(self, ctx: click.Context) -> list[str]:
        for name in self.lazy_table():
            self._lazy(name)
        self._load_plugin_commands(ctx)
        return super().list_commands(ctx)


@click.group(cls=TousuGroup)
@click.version_option(__version__, prog_name="tousu")
@click.option("--config", "config_path", metavar="PATH", help="Config file (default $TOUSU_CONFIG, else ./tousu.toml).")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None) -> None:
    """tousu (投诉): record, tier, clock, forward, answer, follow up, escalate and count complaints."""
    from tousu.door import Env

    env = Env(config_path)
    ctx.obj = env
    ctx.call_on_close(env.close)


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
        from tousu.default_plugins.failures import quiet_on_closed_pipe

        quiet_on_closed_pipe()

