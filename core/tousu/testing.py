"""The plugin authors' test kit: a pytest plugin (entry point ``pytest11``, name ``tousu``).

Installed with tousu, so any project that has tousu installed gets these fixtures without
a ``conftest.py``. See ``docs/writing-plugins.md`` ("Testing your plugin") for a tour.

Fixtures:

- ``tousu_registry``: a fresh plugin registry per test, with the installed plugins (and any
  `registered` in-process plugin) loaded; ``tousu_pm`` is its pluggy ``PluginManager``;
- ``tousu_store``: a temporary database with the core's and the plugins' migrations applied;
- ``make_desk``: builds a throwaway deployment (config file + migrated database) from
  organizations described with `org`, and returns a `Desk`;
- ``clock``: a `Clock` you can move (``clock.advance(hours=2)``), to pass as ``--at``; the
  desks of the same test share it.

A `Desk` runs real CLI commands (``desk.cli("intake", ...)`` through click's runner, or
``desk.subprocess(...)`` as a separate process), reads their JSON (``desk.json(...)``),
checks refusals (``desk.fails(...)``), makes complaints (``desk.complaint(org, ...)``) and
offers the Python API (``desk.app``). `registered` adds a plugin object for one test and
checks on exit that it is really gone; `installed_on_path` writes a plugin as an installed
distribution into a folder you put on ``PYTHONPATH`` of a subprocess.
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

from tousu.timeutil import DEFAULT_TIMEZONE


def org(
    org_id: str,
    plugins: list[str] | tuple[str, ...],
    *,
    staff: dict[str, str] | None = None,
    settings: dict[str, dict[str, Any]] | None = None,
    timezone: str = DEFAULT_TIMEZONE,
    language: str = "en",
    name: str = "",
) -> dict[str, Any]:
    """One organization's table for the config; staff maps staff id → role."""
    from tousu.demo import DEFAULT_STAFF  # one default staff table: the demo's and the kit's

    staff = staff if staff is not None else dict(DEFAULT_STAFF)
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


#: Commands the kit names an actor for when a test names none (see `Desk.named`).
NAMED_COMMANDS = frozenset({"intake", "act", "import", "purge", "attach", "show", "list", "compensate", "export"})


class Desk:
    """A throwaway deployment for one test: config file, database, CLI and Python API."""

    database: str | None = None

    def __init__(
        self, folder: Path, orgs: dict[str, Any], synchronous: str = "NORMAL", clock: Clock | None = None,
        database: str | None = None,
    ) -> None:
        self.folder = folder
        self.config_path = folder / "tousu.toml"
        self.db_path = folder / "tousu.db"
        #: A PostgreSQL URL when the desk runs on PostgreSQL (``TOUSU_TEST_POSTGRES``), else None:
        #: every command, the app and `db_bytes` then use it (``$TOUSU_DATABASE``).
        if database is None:
            from tousu.default_plugins.store import postgres_testdb

            given = os.environ.get("TOUSU_DATABASE", "")
            if given.startswith("postgresql://"):  # a desk made outside `make_desk`: the test's database
                database = given
            elif postgres_testdb.server():  # a module's fixture, before any test's database exists
                database = postgres_testdb.fresh_database(drop_at_exit=True)
        self.database = database
        self.synchronous = synchronous
        self.clock = clock
        self._app: Any = None
        self.write_config({"database": "tousu.db", "synchronous": synchronous, "orgs": orgs})

    def write_config(self, document: dict[str, Any]) -> None:
        """Replace the whole config file (the next `app` and every command read it afresh).

        A desk rehearses: unless the document says otherwise it runs with ``clock = "replay"``,
        so the kit's `clock` may record at any instant, the future included (`tousu.clock`).
        """
        self.close()
        self._policy_cache = None
        document = {"clock": "replay", **document}
        self.config_path.write_text(tomli_w.dumps(document), encoding="utf-8")

    def write_orgs(self, *orgs: dict[str, Any]) -> None:
        """Replace the organizations (built with `org`), keeping the database."""
        merged: dict[str, Any] = {}
        for table in orgs:
            merged.update(table)
        self.write_config({"database": "tousu.db", "synchronous": self.synchronous, "orgs": merged})

    @property
    def app(self) -> Any:
        """The Python API (`tousu.app.App`) over this desk's config and database.

        Built on first use with the plugins registered at that moment: enter `registered`
        before touching ``desk.app``.
        """
        if self._app is None:
            from tousu.app import App

            with self._database_env():
                self._app = App.open(self.config_path)
        return self._app

    @contextmanager
    def _database_env(self) -> Iterator[None]:
        """``$TOUSU_DATABASE`` pointing at this desk's PostgreSQL database while the app opens."""
        if self.database is None:
            yield
            return
        before = os.environ.get("TOUSU_DATABASE")
        os.environ["TOUSU_DATABASE"] = self.database
        try:
            yield
        finally:
            if before is None:
                os.environ.pop("TOUSU_DATABASE", None)
            else:
                os.environ["TOUSU_DATABASE"] = before

    def _env(self, env: dict[str, str] | None) -> dict[str, str] | None:
        if self.database is None or "TOUSU_DATABASE" in (env or {}):
            return env
        return {**(env or {}), "TOUSU_DATABASE": self.database}

    def has_database(self) -> bool:
        """Whether the desk's database exists yet (a PostgreSQL one always does)."""
        return self.database is not None or self.db_path.exists()

    def close(self) -> None:
        if self._app is not None:
            self._app.close()
            self._app = None

    @contextmanager
    def store(self) -> Iterator[Any]:
        """The desk's database as a `tousu.default_plugins.store.Store`, closed after: the kit's one opener of it
        beside the commands (its PostgreSQL database when it has one, else the SQLite file)."""
        from tousu.default_plugins.store import Store

        store = Store(self.database or self.db_path, "NORMAL")
        try:
            yield store
        finally:
            store.close()

    # -- the command line ------------------------------------------------------------

    #: The kit names an actor for a command that names none (see `named`); set False to
    #: run commands exactly as typed (``desk.names_actor = False``).
    names_actor = True

    def named(self, args: tuple[str, ...], env: dict[str, str] | None) -> dict[str, str] | None:
        """`env` with ``TOUSU_ACTOR`` set to the addressed organization's first staff member,
        when the command names no actor (for ``act``, the first whose role the role policy
        lets take the action: `tousu.permissions`).

        tousu itself never assumes an actor (a recorded command without one is refused);
        a desk rehearses, like its ``clock = "replay"``, and names one so that a test can
        leave ``--actor`` out. The organization is the one ``--org`` names, else the one of
        the complaint id given, else the first. Pass ``env={"TOUSU_ACTOR": ""}`` (or set
        `names_actor` False) to run a command with nobody named.
        """
        if not self.names_actor or "--actor" in args or "TOUSU_ACTOR" in (env or {}) or os.environ.get("TOUSU_ACTOR"):
            return env
        command = args[0] if args else ""
        # only where a name is needed: `sweep` is the clock itself, and `due`/`sweep` without
        # --org would narrow to the named actor's organization
        if command not in NAMED_COMMANDS and not (command == "report" and "--freeze" in args):
            return env
        if "--mine" in args:  # asks who "me" is: the test means to leave it out
            return env
        import tomllib

        try:
            orgs = tomllib.loads(self.config_path.read_text(encoding="utf-8")).get("orgs", {})
        except (OSError, ValueError):  # a test's unreadable config: the command will say so
            return env
        from tousu.default_plugins.doors.kit_actors import allowed_actor, org_of

        org_id = args[args.index("--org") + 1] if "--org" in args[:-1] else None
        if org_id is None:
            for arg in args[:3]:
                if isinstance(arg, str) and arg[:1] == "C" and arg[1:].isdigit() and self.has_database():
                    org_id = org_of(self, arg)
                    break
        table = orgs.get(org_id) if org_id else next(iter(orgs.values()), None)
        staff = list((table or {}).get("staff", {}))
        if command == "act" and len(args) > 2 and staff:
            # an action the role policy keeps for other roles (tousu.permissions): the first
            # staff member who may take it, as a desk would hand it to them
            staff = [allowed_actor(self, str(args[1]), str(args[2]), staff) or staff[0]]
        return {**(env or {}), "TOUSU_ACTOR": staff[0]} if staff else env

    def cli(self, *args: str, env: dict[str, str] | None = None) -> CliResult:
        """Run ``tousu --config <this desk> ARGS`` in-process through click's runner."""
        from click.testing import CliRunner

        from tousu.cli import cli

        runner = CliRunner(env=self._env(self.named(args, env)))
        result = runner.invoke(cli, ["--config", str(self.config_path), *map(str, args)], catch_exceptions=False)
        return CliResult(result.exit_code, result.stdout, result.stderr)

    def json(self, *args: str, env: dict[str, str] | None = None) -> Any:
        """Run a command with ``--json`` and return its document; fail the test on a non-zero exit."""
        result = self.cli(*args, "--json", env=env)
        assert result.code == 0, f"tousu {' '.join(map(str, args))} exited {result.code}: {result.stderr}"
        return result.json

    def fails(self, *args: str, code: int, env: dict[str, str] | None = None) -> str:
        """Run a command that must fail with exit `code`; return its one-line error.

        Checks the contract for unhappy paths: the expected exit status, exactly one line on
        stderr and no traceback, nothing on stdout, and the database byte-for-byte unchanged.
        """
        before = self.db_bytes() if self.has_database() else None
        result = self.cli(*args, env=env)
        assert result.code == code, (
            f"tousu {' '.join(map(str, args))} exited {result.code}, expected {code}: {result.stderr}{result.stdout}"
        )
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in result.stderr, f"expected one error line, got: {result.stderr!r}"
        if before is not None:
            assert self.db_bytes() == before, "a failed command changed the database"
        return lines[0]

    def subprocess(self, *args: str, env: dict[str, str] | None = None, timeout: float = 60) -> CliResult:
        """Run ``tousu`` as a separate process (the console script's own module)."""
        full_env = {**os.environ, **(self._env(self.named(args, env)) or {})}
        proc = subprocess.run(
            [sys.executable, "-m", "tousu.cli", "--config", str(self.config_path), *map(str, args)],
            capture_output=True,
            text=True,
            env=full_env,
            timeout=timeout,
        )
        return CliResult(proc.returncode, proc.stdout, proc.stderr)

    # -- making data -----------------------------------------------------------------

    def complaint(self, org_id: str, **overrides: Any) -> Any:
        """A complaint received now (the desk's `clock`) through the Python API.

        Defaults: the organization's only domain, that domain's first channel, a neutral
        summary, the first staff member as actor. Anything `tousu.app.App.intake` takes can be
        overridden (``tier=``, ``category=``, ``fields={...}``, ``at=``, ``actor=`` ...).
        Returns the `tousu.models.Complaint` as recorded.
        """
        app = self.app
        org = app.org(org_id)
        served = [d for p in org.plugins if p in app.registry.infos for d in app.registry.infos[p].domains]
        domain = overrides.get("domain") or (served[0] if len(served) == 1 else None)
        spec = app.domain(domain) if domain else None
        defaults: dict[str, Any] = {
            "channel": spec.channels[0] if spec is not None and spec.channels else "phone",
            "summary": "a complaint made by the test kit",
            "at": self.clock.now if self.clock is not None else default_start(),
            # tousu never assumes an actor: the kit names the organization's first staff member
            "actor": next(iter(org.staff), None),
        }
        return app.intake(org_id, **{**defaults, **overrides})

    def connect(self) -> Any:
        """A raw connection to the desk's database, bypassing tousu (what an insider with the
        file or a superuser login has): a ``sqlite3.Connection``, or on PostgreSQL tousu's
        connection, which takes the same calls and SQL and raises the same ``sqlite3`` errors."""
        from tousu.default_plugins.store import postgres_testdb

        return postgres_testdb.connect(self.database or self.db_path)

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        """Rows of one SQL query on the desk's database, whichever store it is (SQLite's
        dialect, as tousu's own SQL: on PostgreSQL it is translated the same way)."""
        from tousu.default_plugins.store import postgres_testdb

        return postgres_testdb.query(self.database or self.db_path, sql, params)

    def db_bytes(self) -> bytes:
        """The database's content, for "nothing changed" checks (after a checkpoint)."""
        from tousu.default_plugins.store import dump

        return dump(self.database or self.db_path)


def default_start() -> datetime:
    """09:00 on 1 October 2026, Shanghai time: where every kit clock starts."""
    from tousu.timeutil import zone

    return datetime(2026, 10, 1, 9, 0, tzinfo=zone(DEFAULT_TIMEZONE))


# -- plugins for one test ---------------------------------------------------------------


@contextmanager
def registered(plugin: object, name: str) -> Iterator[object]:
    """Register `plugin` under `name` for the duration of a test, as if it were installed.

    Every registry built inside the block (the CLI's, a desk's) includes it, and the CLI
    looks its commands up afresh; on exit it is removed, its commands leave the ``tousu``
    group, and the kit checks that a fresh registry no longer has it.
    """
    from tousu import plugins

    if name in plugins.IN_PROCESS_PLUGINS:
        raise ValueError(f"a plugin named {name!r} is already registered")
    commands_before = _cli_commands()
    plugins.IN_PROCESS_PLUGINS[name] = plugin
    _forget_plugin_commands(commands_before)
    try:
        yield plugin
    finally:
        plugins.IN_PROCESS_PLUGINS.pop(name, None)
        _forget_plugin_commands(commands_before)
        fresh = plugins.load_registry()
        assert fresh.pm.get_plugin(name) is None, f"plugin {name!r} is still registered after the test"
        assert name not in fresh.infos or fresh.infos[name].version != "in-process"
        assert name not in plugins.IN_PROCESS_PLUGINS


def _cli_commands() -> dict[str, Any]:
    from tousu.cli import cli

    return dict(cli.commands)


def _forget_plugin_commands(keep: dict[str, Any]) -> None:
    """Make the ``tousu`` group look plugin commands up again, keeping only `keep`."""
    from tousu.cli import cli

    cli.commands.clear()
    cli.commands.update(keep)
    cli._plugins_loaded = False  # type: ignore[attr-defined]


def installed_on_path(
    folder: Path,
    distribution: str,
    *,
    entry_points: dict[str, str],
    modules: dict[str, str],
    version: str = "0.1",
) -> Path:
    """Write a plugin into `folder` as an installed distribution; return `folder`.

    `modules` maps a file name (``"brokenmod.py"``, ``"pkg/__init__.py"``) to its source;
    `entry_points` maps an entry-point name to its module (group ``tousu``). Put `folder` on
    ``PYTHONPATH`` of a subprocess (``desk.subprocess(..., env={"PYTHONPATH": str(folder)})``)
    and ``importlib.metadata`` finds it like any ``pip install``: nothing is installed globally.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for filename, source in modules.items():
        target = folder / filename
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source, encoding="utf-8")
    info = folder / f"{distribution.replace('-', '_')}-{version}.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {distribution}\nVersion: {version}\n", encoding="utf-8"
    )
    lines = "".join(f"{name} = {target}\n" for name, target in entry_points.items())
    (info / "entry_points.txt").write_text(f"[tousu]\n{lines}", encoding="utf-8")
    return folder


# -- fixtures ---------------------------------------------------------------------------


@pytest.fixture
def tousu_registry() -> Any:
    """A fresh plugin registry with the installed plugins loaded."""
    from tousu.plugins import load_registry

    return load_registry()


@pytest.fixture
def tousu_pm(tousu_registry: Any) -> Any:
    """The fresh registry's pluggy ``PluginManager`` (``tousu_pm.hook.<name>``, ``get_plugins()``)."""
    return tousu_registry.pm


@pytest.fixture
def tousu_store(tmp_path: Path) -> Iterator[Any]:
    """A temporary `tousu.default_plugins.store.Store` with the core's and every loaded plugin's migrations applied."""
    from tousu.compose import load_registry, plugin_migrations
    from tousu.default_plugins.store import Store, postgres_testdb

    url = postgres_testdb.fresh_database() if postgres_testdb.server() else None
    store = Store(url or tmp_path / "kit.db", "NORMAL")
    store.migrate(plugin_migrations(load_registry()))
    yield store
    store.close()
    if url:
        postgres_testdb.drop(url)


@pytest.fixture
def make_desk(tmp_path: Path, clock: Clock) -> Iterator[Any]:
    """``make_desk(org("acme", ["retail"]), org("other", ["retail"]))`` → a `Desk`."""
    from tousu.default_plugins.store import postgres_testdb

    desks: list[Desk] = []
    created: list[str] = []

    def make(*orgs: dict[str, Any], synchronous: str = "NORMAL") -> Desk:
        merged: dict[str, Any] = {}
        for table in orgs:
            merged.update(table)
        folder = tmp_path / f"desk{len(desks)}"
        folder.mkdir()
        database = None
        if postgres_testdb.server():  # on PostgreSQL: each desk its own database
            given = os.environ.get("TOUSU_DATABASE", "")
            if not desks and given.startswith("postgresql://"):
                database = given  # the test's own database (tests/conftest.py), shared with its subprocesses
            else:
                database = postgres_testdb.fresh_database()
                created.append(database)
        desk = Desk(folder, merged, synchronous, clock, database)
        desks.append(desk)
        return desk

    yield make
    for desk in desks:
        desk.close()
    for url in created:
        postgres_testdb.drop(url)


@pytest.fixture
def clock() -> Clock:
    """A clock at 09:00 on 1 October 2026, Shanghai time."""
    return Clock(default_start())
