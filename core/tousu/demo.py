"""``tousu demo``: the whole product on a throwaway database, as the commands a desk would type.

Each enabled domain plugin contributes its part through ``register_demos``; the demo creates
one organization per contributing plugin, runs every step as a real ``tousu`` command and
prints the command with its output, so a new user can copy any line. Here is what a plugin
writes its demo with (`Demo`, and the `DemoScript` its function drives: plugin API); the
command that runs them all is a default plugin's (`tousu.default_plugins.demo_cli`).
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import click


@attrs.frozen
class Demo:
    """One domain's demo: its organization's staff and settings, and the script to run."""

    domain: str
    title: str
    run: Callable[[DemoScript], None]
    staff: dict[str, str] = attrs.field(factory=lambda: dict(DEFAULT_STAFF))
    settings: dict[str, Any] = attrs.field(factory=dict)
    language: str = "zh"
    order: int = 100


DEFAULT_STAFF = {
    "wang": "receptionist",
    "zhao": "department_head",
    "chen": "supervisor",
    "li": "manager",
    "zhou": "general_manager",
}


class DemoScript:
    """What a plugin's demo function drives: real commands against the demo database."""

    def __init__(self, config: Path, org: str, echo: Callable[[str], None] = click.echo) -> None:
        self.config = config
        self.org = org
        self.echo = echo

    def _group(self) -> click.Command:
        """The ``tousu`` group running the demo (the root of the current command), so the demo
        drives exactly the commands a user has."""
        ctx = click.get_current_context(silent=True)
        if ctx is not None:
            return ctx.find_root().command
        from tousu.cli import cli  # outside any command (a plugin's test of its demo script)

        return cli

    def say(self, text: str) -> None:
        """A line of narration."""
        self.echo(f"\n# {text}")

    def run(self, *args: str, show: bool = True, expect: int = 0) -> Any:
        """Run ``tousu ARGS``; print it and what it really printed; return the JSON document
        if ARGS hold ``--json``.

        The printed command is the one whose output follows: a step that wants the document
        runs without ``--json`` on screen, and the document is read afterwards (a write's
        result through ``show --json``, a read by running it again with ``--json``). With
        ``show=False`` the step is the script's own look-up and prints nothing.
        """
        wants_json = "--json" in args
        if not show:
            result = self._invoke(args, expect)
            return json.loads(result.stdout) if wants_json and result.stdout.strip() else None
        shown = tuple(a for a in args if a != "--json")
        self.echo("$ tousu " + shlex.join(shown))
        result = self._invoke(shown, expect)
        if result.stderr.strip():
            self.echo("  " + result.stderr.strip())
        for line in result.stdout.rstrip().splitlines():
            self.echo(f"  {line}" if line else "")
        if not wants_json or result.exit_code != 0:
            return None
        return self._document(args)

    def _document(self, args: tuple[str, ...]) -> Any:
        """The JSON document of a step already run and shown as text."""
        if args and args[0] == "intake":  # the newest complaint of the org is the one just recorded
            org = args[args.index("--org") + 1] if "--org" in args else self.org
            newest = self.run("list", "--org", org, "--limit", "1", "--json", show=False)
            return self.run("show", newest[0]["id"], "--json", show=False) if newest else None
        if args and args[0] == "act":
            return self.run("show", args[1], "--json", show=False)
        return self.run(*args, show=False)

    def _first_staff(self) -> str:
        import tomllib

        orgs = tomllib.loads(self.config.read_text(encoding="utf-8")).get("orgs", {})
        return next(iter(orgs.get(self.org, {}).get("staff", {})), "")

    def _invoke(self, args: tuple[str, ...], expect: int) -> Any:
        from click.testing import CliRunner

        # tousu never assumes an actor; the demo's desk is staffed, and its first member acts
        # where a step names nobody (as $TOUSU_ACTOR would on a real desk)
        env = None if "--actor" in args else {"TOUSU_ACTOR": self._first_staff()}
        result = CliRunner(env=env).invoke(self._group(), ["--config", str(self.config), *args], catch_exceptions=False)
        if result.exit_code != expect:
            raise click.ClickException(
                f"demo step failed (exit {result.exit_code}): tousu {shlex.join(args)}: {result.stderr.strip()}"
            )
        return result
