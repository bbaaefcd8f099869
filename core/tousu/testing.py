"""The plugin authors' test kit: a pytest plugin (entry point ``pytest11``, name ``tousu``).

Fixtures:

- ``tousu_registry``: a fresh plugin registry per test, with the installed plugins loaded;
- ``make_desk``: builds a throwaway deployment (config file + migrated database) from
  organizations described with `org`, and returns a `Desk`;
- ``clock``: a `Clock` you can move (``clock.advance(hours=2)``), to pass as ``--at``.

A `Desk` runs real CLI commands (``desk.cli("intake", ...)`` through click's runner, or
``desk.subprocess(...)`` as a separate process), reads their JSON (``desk.json(...)``), and
offers the Python API (``desk.app``). `registered` adds a plugin object for one test and
checks on exit that it is really gone.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
import tomli_w


def org(
    org_id: str,
    plugins: list[str] | tuple[str, ...],
    *,
    staff: dict[str, str] | None = None,
    settings: dict[str, dict[str, Any]] | None = None,
    timezone: str = "Asia/Shanghai",
    language: str = "en",
    name: str = "",
) -> dict[str, Any]:
    """One organization's table for the config; staff maps staff id → role."""
    staff = staff if staff is not None else {
        "wang": "receptionist",
        "zhao": "department_head",
        "chen": "supervisor",
        "li": "manager",
        "zhou": "general_manager",
    }
    table: dict[str, Any] = {
        "name": name or org_id,
        "timezone": timezone,
        "language": language,
        "plugins": list(plugins),
        "staff": {sid: {"role": role} for sid, role in staff.items()},
    }
    if settings:
        table["settings"] = settings
    return {org_id: table}


@attrs.define
class CliResult:
    """What a command did: exit code, stdout, stderr, and its JSON document when it printed one."""

    code: int
    stdout: str
    stderr: str

    @property
    def json(self) -> Any:
        return json.loads(self.stdout)


class Clock:
    """A movable instant for ``--at``: starts where you say, moves only when you move it."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("Clock needs an aware datetime")
        self.now = start

    def advance(self, **delta: float) -> datetime:
        self.now = self.now + timedelta(**delta)
        return self.now

    def set(self, when: datetime) -> datetime:
        self.now = when
        return self.now

    def iso(self) -> str:
        return self.now.isoformat()

    def __str__(self) -> str:
        return self.iso()


class Desk:
    """A throwaway deployment for one test: config file, database, CLI and Python API."""

    def __init__(self, folder: Path, orgs: dict[str, Any], synchronous: str = "NORMAL") -> None:
        self.folder = folder
        self.config_path = folder / "tousu.toml"
        self.db_path = folder / "tousu.db"
        self.write_config({"database": "tousu.db", "synchronous": synchronous, "orgs": orgs})
        self._app: Any = None

    def write_config(self, document: dict[str, Any]) -> None:
        self.config_path.write_text(tomli_w.dumps(document), encoding="utf-8")
        self._app = None

    @property
    def app(self) -> Any:
        """The Python API (`tousu.app.App`) over this desk's config and database."""
        if self._app is None:
            from tousu.cli import Env

            env = Env(str(self.config_path))
            self._app = env.app
        return self._app

    def close(self) -> None:
        if self._app is not None:
            self._app.store.close()
            self._app = None

    def cli(self, *args: str, env: dict[str, str] | None = None) -> CliResult:
        """Run ``tousu --config <this desk> ARGS`` in-process through click's runner."""
        from click.testing import CliRunner

        from tousu.cli import cli

        runner = CliRunner(env=env)
        result = runner.invoke(cli, ["--config", str(self.config_path), *map(str, args)], catch_exceptions=False)
        return CliResult(result.exit_code, result.stdout, result.stderr)

    def json(self, *args: str, env: dict[str, str] | None = None) -> Any:
        """Run a command with ``--json`` and return its document; fail the test on a non-zero exit."""
        result = self.cli(*args, "--json", env=env)
        assert result.code == 0, f"tousu {' '.join(args)} exited {result.code}: {result.stderr}"
        return result.json

    def subprocess(self, *args: str, env: dict[str, str] | None = None, timeout: float = 60) -> CliResult:
        """Run ``tousu`` as a separate process (the console script's own module)."""
        full_env = {**os.environ, **(env or {})}
        proc = subprocess.run(
            [sys.executable, "-m", "tousu.cli", "--config", str(self.config_path), *map(str, args)],
            capture_output=True,
            text=True,
            env=full_env,
            timeout=timeout,
        )
        return CliResult(proc.returncode, proc.stdout, proc.stderr)

    def db_bytes(self) -> bytes:
        """The database's content, for "nothing changed" checks (after a checkpoint)."""
        import sqlite3

        conn = sqlite3.connect(self.db_path)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return b"\n".join(line.encode() for line in conn.iterdump())
        finally:
            conn.close()


@contextmanager
def registered(plugin: object, name: str) -> Iterator[object]:
    """Register `plugin` under `name` for the duration of a test, as if it were installed.

    Every registry built inside the block (the CLI's, a desk's) includes it; on exit it is
    removed, and the kit checks that a fresh registry no longer has it.
    """
    from tousu import plugins

    if name in plugins.IN_PROCESS_PLUGINS:
        raise ValueError(f"a plugin named {name!r} is already registered")
    plugins.IN_PROCESS_PLUGINS[name] = plugin
    try:
        yield plugin
    finally:
        plugins.IN_PROCESS_PLUGINS.pop(name, None)
        fresh = plugins.load_registry()
        assert fresh.pm.get_plugin(name) is None, f"plugin {name!r} is still registered after the test"
        assert name not in fresh.infos or fresh.infos[name].version != "in-process"


@pytest.fixture
def tousu_registry() -> Any:
    """A fresh plugin registry with the installed plugins loaded."""
    from tousu.plugins import load_registry

    return load_registry()


@pytest.fixture
def make_desk(tmp_path: Path) -> Iterator[Any]:
    """``make_desk(org("acme", ["retail"]), org("other", ["retail"]))`` → a `Desk`."""
    desks: list[Desk] = []

    def make(*orgs: dict[str, Any], synchronous: str = "NORMAL") -> Desk:
        merged: dict[str, Any] = {}
        for table in orgs:
            merged.update(table)
        folder = tmp_path / f"desk{len(desks)}"
        folder.mkdir()
        desk = Desk(folder, merged, synchronous)
        desks.append(desk)
        return desk

    yield make
    for desk in desks:
        desk.close()


@pytest.fixture
def clock() -> Clock:
    """A clock at 09:00 on 1 October 2026, Shanghai time."""
    from tousu.timeutil import zone

    return Clock(datetime(2026, 10, 1, 9, 0, tzinfo=zone("Asia/Shanghai")))
