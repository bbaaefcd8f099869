"""What every command of the ``tousu`` group shares: its environment and its common options.

Core commands, the default plugins' commands (report, import/export, purge) and domain
plugins' commands (``tousu retail delisting``) import these from here, never from
`tousu.cli` (the entry module): a command parses its arguments, asks `Env.app` (an
`tousu.app.App` built by `App.open`) to decide, and renders the answer. How the core's own
commands read a typed id, ``--field`` pairs and a ``--facts`` file is theirs
(`tousu.default_plugins.core_commands.arguments`).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import click

JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout.")
AT_OPTION = click.option("--at", "at_text", metavar="ISO", help="The instant to act at (ISO-8601; default now).")
ACTOR_OPTION = click.option("--actor", metavar="STAFF", help="Who acts (default $TOUSU_ACTOR).")


class Env:
    """What a command needs, built lazily: the plugins, the config, the App.

    The registry comes first and alone (``tousu plugins`` and ``tousu init`` need it before a
    valid config exists); the App is `tousu.app.App.open` over the config path and that registry.
    """

    def __init__(self, config_path: str | None) -> None:
        self.config_option = config_path
        self._registry: Any = None
        self._app: Any = None

    @property
    def registry(self) -> Any:
        if self._registry is None:
            from tousu.plugins import load_registry

            self._registry = load_registry()
        return self._registry

    @property
    def config_path(self) -> Path:
        from tousu.config import config_path

        return config_path(self.config_option)

    @property
    def app(self) -> Any:
        if self._app is None:
            from tousu.app import App

            self._app = App.open(self.config_path, registry=self.registry)
        return self._app

    def instant(self, text: str | None, org_id: str | None = None) -> datetime:
        """``--at`` as an aware instant (a local time in the organization's zone); now without it."""
        return self.app.instant(text, org_id)

    def close(self) -> None:
        if self._app is not None:
            self._app.close()


def emit(document: Any) -> None:
    """Print one JSON document on stdout (the ``--json`` contract)."""
    from tousu.render import dumps

    click.echo(dumps(document))


pass_env = click.make_pass_decorator(Env)


__all__ = [
    "ACTOR_OPTION",
    "AT_OPTION",
    "JSON_OPTION",
    "Env",
    "emit",
    "pass_env",
]
