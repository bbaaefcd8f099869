"""Reading ``tousu.toml``: one file, every setting with a default, every error with its path.

The file is read with `tomllib`, structured with the one cattrs converter (unknown keys are
errors), and each enabled plugin's ``settings`` table is structured into that plugin's own
settings class. Anything wrong is reported as ``path.to.key: what was expected``. The starter
file ``tousu init`` writes is the command's own (`tousu.default_plugins.core_commands.init_config`).

The tables a feature owns (``[server]``, ``[attachments]``, ``[orgs.ID.notify]``, …) are not
spelled here: the default plugins register them (``register_settings``, `tousu.plugins.settings_tables`),
and the file's shape is the kernel's keys with theirs added (`_shapes`), so they are structured in
the same pass, their mistakes reported with the same paths, and read as ``config.server``,
``org.notify`` (`tousu.models.Tables`).
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import attrs

from tousu.clock import CLOCKS, DEFAULT_DURATIONS, DEFAULT_LATE_ENTRY_WINDOW, DEFAULT_SKEW
from tousu.errors import ConfigError, InputError
from tousu.messages import LANGUAGES  # an organization speaks a language every message has
from tousu.models import CORE_ROLES, Org, Staff, Tables
from tousu.plugins import Registry, settings_tables
from tousu.serialize import converter, error_lines
from tousu.timeutil import DEFAULT_TIMEZONE, parse_duration, zone

#: Roles that may see complainants' names and contacts in an export (``tousu export --unmask``).
PERSONAL_DATA_ROLES = ("manager", "general_manager")
SYNCHRONOUS = ("OFF", "NORMAL", "FULL", "EXTRA")
#: Roles that may freeze (issue) a report unless ``freeze_roles`` says otherwise.
FREEZE_ROLES = ("manager", "general_manager")
#: A config larger than this is refused unread (a real one, even with hundreds of orgs, is far smaller).
MAX_CONFIG_BYTES = 1024 * 1024


@attrs.frozen
class StaffConfig:
    role: str
    name: str = ""
    department: str = ""


@attrs.frozen
class OrgConfig:
    name: str = ""
    timezone: str = DEFAULT_TIMEZONE
    language: str = "zh"
    plugins: list[str] = attrs.field(factory=list)
    staff: dict[str, StaffConfig] = attrs.field(factory=dict)
    settings: dict[str, dict[str, Any]] = attrs.field(factory=dict)
    personal_data_roles: list[str] = attrs.field(factory=lambda: list(PERSONAL_DATA_ROLES))
    #: How long complainants' personal data is kept after a complaint closes ("3y", "180d"); "" = no limit.
    retention: str = ""
    # here the organization's tables the default plugins register (``[orgs.X.calendar]``, ``notify``)
    #: ``[orgs.X.permissions]``: action → roles allowed (tousu.permissions), over the domains' defaults.
    permissions: dict[str, list[str]] = attrs.field(factory=dict)


@attrs.frozen
class ConfigFile:
    """The shape of ``tousu.toml`` itself."""

    database: str = "tousu.db"
    synchronous: str = "FULL"
    #: "real" (recording commands may not record the future) or "replay" (rehearsals: any instant).
    clock: str = "real"
    #: How far ahead of the real clock an --at may be (another machine's clock runs fast).
    clock_skew: str = DEFAULT_SKEW
    #: A late entry older than this (its instant before the real clock minus it) needs a supervisor or above.
    late_entry_window: str = DEFAULT_LATE_ENTRY_WINDOW
    #: Roles that may issue (freeze) a report.
    freeze_roles: list[str] = attrs.field(factory=lambda: list(FREEZE_ROLES))
    orgs: dict[str, OrgConfig] = attrs.field(factory=dict)
    # then the deployment's tables the default plugins register (``[attachments]``, ``[server]``)


@attrs.frozen
class Config(Tables):
    """The validated deployment: where the database lives and each organization, structured;
    the tables the default plugins own read as attributes (``config.server``: `Tables`)."""

    database: str
    synchronous: str
    orgs: dict[str, Org]
    path: Path | None = None
    #: Organizations left out because a plugin they enable is broken: org id → the reason.
    unavailable: dict[str, str] = attrs.field(factory=dict)
    clock: str = "real"
    clock_skew: str = DEFAULT_SKEW
    clock_skew_delta: timedelta = DEFAULT_DURATIONS["clock_skew"]
    late_entry_window: timedelta = DEFAULT_DURATIONS["late_entry_window"]
    freeze_roles: tuple[str, ...] = FREEZE_ROLES
    #: The deployment's tables the default plugins own (``register_settings``): name → value.
    tables: dict[str, Any] = attrs.field(factory=dict)

    def org(self, org_id: str) -> Org:
        if org_id in self.unavailable:
            raise ConfigError(self.unavailable[org_id])
        try:
            return self.orgs[org_id]
        except KeyError:
            known = ", ".join(sorted(self.orgs)) or "none"
            raise ConfigError(f"unknown organization {org_id!r} (organizations in the config: {known})") from None

    @property
    def is_postgresql(self) -> bool:
        """Whether the database is a PostgreSQL server (``postgresql://…``) rather than a file."""
        return self.database.startswith(("postgresql://", "postgres://"))

    @property
    def database_path(self) -> Path:
        """The SQLite file (relative to the config file), or the PostgreSQL URL as given.

        A URL is returned as a ``str`` (a ``Path`` would fold its ``//``); `tousu.default_plugins.store.Store`
        takes either.
        """
        if self.is_postgresql:
            return self.database  # type: ignore[return-value]
        base = self.path.parent if self.path is not None else Path.cwd()
        target = Path(self.database)
        return target if target.is_absolute() or self.database == ":memory:" else base / target


def database_setting(configured: str) -> str:
    """The database to use: ``$TOUSU_DATABASE`` when set, else the config's ``database``.

    Either may be a SQLite file (a path, or ``sqlite:///path``) or a PostgreSQL server
    (``postgresql://user@host:5432/name``).
    """
    value = os.environ.get("TOUSU_DATABASE") or configured
    if value.startswith("sqlite:///"):
        return value[len("sqlite:///") - 1 :] if value.startswith("sqlite:////") else value[len("sqlite:///") :]
    return value


def config_path(explicit: str | None) -> Path:
    """``--config``, else ``$TOUSU_CONFIG``, else ``./tousu.toml``."""
    return Path(explicit or os.environ.get("TOUSU_CONFIG") or "tousu.toml")


def load_config(path: Path, registry: Registry) -> Config:
    """Read, structure and validate the config file at `path` against the installed plugins."""
    try:
        with path.open("rb") as handle:  # read at most the cap: tomllib on a huge file costs CPU and memory
            raw_bytes = handle.read(MAX_CONFIG_BYTES + 1)
        if len(raw_bytes) > MAX_CONFIG_BYTES:
            raise ConfigError(f"{path}: the config file is larger than {MAX_CONFIG_BYTES // 1024} KiB; is it the right file?")
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found (run `tousu init` to write one, or pass --config)") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config file: {exc.strerror}") from None
    try:
        raw = tomllib.loads(raw_bytes.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not valid UTF-8 at byte {exc.start}; save the file as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except RecursionError:  # tomllib recurses into nested arrays and inline tables
        raise ConfigError(f"{path}: not valid TOML: arrays or tables nested too deeply") from None
    return build_config(raw, registry, path)


def build_config(raw: dict[str, Any], registry: Registry, path: Path | None = None) -> Config:
    """Structure a parsed TOML document; raises ConfigError listing every problem by path."""
    problems: list[str] = []
    shapes = _shapes()
    try:
        config = converter.structure(raw, shapes.file)
    except Exception as exc:
        raise ConfigError("; ".join(error_lines(exc, "")).lstrip(".")) from None
    if config.synchronous.upper() not in SYNCHRONOUS:
        problems.append(f"synchronous: expected one of {', '.join(SYNCHRONOUS)}, got {config.synchronous!r}")
    for name, check in shapes.deployment.items():
        problems.extend(check(getattr(config, name), name))
    if config.clock not in CLOCKS:
        problems.append(f"clock: expected \"real\" or \"replay\", got {config.clock!r}")
    durations = {}
    for key in DEFAULT_DURATIONS:  # a bad one is a problem: no Config is built
        try:
            durations[key] = parse_duration(getattr(config, key), what=key)
        except InputError as exc:
            problems.append(str(exc))
    orgs: dict[str, Org] = {}
    unavailable: dict[str, str] = {}
    shared: dict[str, Any] = {}  # what the organizations' tables collect once per file (`TableContext`)
    missing: dict[str, str] = {}
    for org_id, org_config in config.orgs.items():
        down = _plugin_down(org_id, org_config, registry)
        if down:  # an installed plugin that failed to load takes down its organizations only
            unavailable[org_id] = down
            continue
        gone = _plugin_missing(org_id, org_config, registry)
        if gone:  # uninstalled (or misspelt): decided below, once every organization is read
            missing[org_id] = gone
            continue
        org = _build_org(org_id, org_config, registry, problems, shared, path, shapes.org)
        if org is not None:
            orgs[org_id] = org
    if missing and (orgs or unavailable):
        # one organization's missing plugin never stops the others; they keep working and
        # that organization answers with the reason
        unavailable.update(missing)
    else:
        problems.extend(missing.values())
    known_roles = set(CORE_ROLES) | {r for o in orgs.values() for s in o.staff.values() for r in [s.role]}
    for name in registry.ok():
        for spec in registry.plugin_domains(name):
            known_roles.update(spec.roles, spec.accepted_roles)
    for role in config.freeze_roles:
        if role not in known_roles:
            problems.append(f"freeze_roles: unknown role {role!r} (roles: {', '.join(sorted(known_roles))})")
    if problems:
        raise ConfigError("; ".join(problems))
    return Config(
        database_setting(config.database), config.synchronous.upper(), orgs, path, unavailable,
        clock=config.clock, clock_skew=config.clock_skew, clock_skew_delta=durations["clock_skew"],
        late_entry_window=durations["late_entry_window"], freeze_roles=tuple(config.freeze_roles),
        tables={name: getattr(config, name) for name in shapes.deployment},
    )


def _plugin_down(org_id: str, oc: OrgConfig, registry: Registry) -> str:
    """Why `org_id` cannot work now (an enabled plugin is broken or blocked), or ``""``.

    A plugin that is installed but failed to import or register is not a mistake in the
    config, and must not stop the organizations that do not use it (a misspelt or missing
    plugin still is a config error).
    """
    for name in oc.plugins:
        info = registry.infos.get(name)
        if info is not None and info.status != "ok":
            return (
                f"orgs.{org_id}.plugins: plugin {name!r} is not installed or failed to load ({info.status}: "
                f"{info.error}); organization {org_id} is unavailable until it is fixed; see `tousu plugins`"
            )
    return ""


def _plugin_missing(org_id: str, oc: OrgConfig, registry: Registry) -> str:
    """Why `org_id` cannot work because a plugin it enables is not installed, or ``""``."""
    installed = registry.ok()
    for name in oc.plugins:
        if name not in installed and name not in registry.infos:
            return (
                f"orgs.{org_id}.plugins: plugin {name!r} is not installed or failed to load "
                f"(installed: {', '.join(sorted(installed)) or 'none'}; see `tousu plugins`)"
            )
    return ""


@attrs.frozen
class TableContext:
    """What an organization's table needs beyond its own keys to become its value (its
    ``built(context)``, ``register_settings``), where ValueError is a problem line (``where.key:
    ...``). `timezone` is None when the organization's is wrong (that is the error then);
    `shared` lives for one config read."""

    where: str
    timezone: str | None
    registry: Registry
    base: Path
    shared: dict[str, Any]


def _build_org(
    org_id: str,
    oc: OrgConfig,
    registry: Registry,
    problems: list[str],
    shared: dict[str, Any],
    path: Path | None,
    tables: dict[str, Check],
) -> Org | None:
    """The organization's value, or None with its problems added; its plugins are all installed
    and loaded (`build_config` set aside an organization whose plugin is missing or broken)."""
    where = f"orgs.{org_id}"
    before = len(problems)
    timezone: str | None = oc.timezone
    try:
        zone(oc.timezone)
    except ValueError as exc:
        problems.append(f"{where}.timezone: {exc}")
        timezone = None
    values = _built_tables(oc, tables, where, timezone, registry, path, shared, problems)
    if oc.language not in LANGUAGES:
        problems.append(f"{where}.language: expected one of {', '.join(LANGUAGES)}, got {oc.language!r}")
    roles = set(CORE_ROLES)
    for name in oc.plugins:
        for spec in registry.plugin_domains(name):
            roles.update(spec.roles, spec.accepted_roles)
    for staff_id, staff in oc.staff.items():
        if staff.role not in roles:
            problems.append(
                f"{where}.staff.{staff_id}.role: unknown role {staff.role!r} (roles: {', '.join(sorted(roles))})"
            )
    settings: dict[str, Any] = {}
    for name in oc.settings:
        if name not in oc.plugins:
            problems.append(
                f"{where}.settings.{name}: settings for a plugin the organization does not enable "
                f"(enabled: {', '.join(oc.plugins) or 'none'})"
            )
    for name in oc.plugins:
        settings_class = registry.settings_class(name)
        table = oc.settings.get(name, {})
        if settings_class is None:
            if table:
                problems.append(f"{where}.settings.{name}: plugin {name} takes no settings")
            continue
        try:
            settings[name] = converter.structure(table, settings_class)
        except Exception as exc:
            problems.extend(error_lines(exc, f"{where}.settings.{name}"))
            continue
        for spec in registry.plugin_domains(name):
            if spec.settings_validator is not None:
                try:
                    spec.settings_validator(settings[name])
                except ValueError as exc:
                    problems.append(f"{where}.settings.{name}: {exc}")
    for role in oc.personal_data_roles:
        if role not in roles:
            problems.append(f"{where}.personal_data_roles: unknown role {role!r} (roles: {', '.join(sorted(roles))})")
    if oc.retention:
        try:
            parse_retention(oc.retention)
        except ValueError as exc:
            problems.append(f"{where}.retention: {exc}")
    for name, check in tables.items():
        problems.extend(check(getattr(oc, name), f"{where}.{name}"))
    from tousu.permissions import config_problems

    problems.extend(config_problems(where, oc.permissions, roles, registry, oc.plugins))
    if len(problems) > before:
        return None
    staff = {sid: Staff(sid, s.role, s.name, s.department) for sid, s in oc.staff.items()}
    return Org(
        org_id, oc.name or org_id, oc.timezone, oc.language, tuple(oc.plugins), staff, settings,
        personal_data_roles=tuple(oc.personal_data_roles), retention=oc.retention, tables=values,
        permissions={action: tuple(allowed) for action, allowed in oc.permissions.items()},
    )


def _built_tables(
    oc: OrgConfig,
    tables: dict[str, Check],
    where: str,
    timezone: str | None,
    registry: Registry,
    path: Path | None,
    shared: dict[str, Any],
    problems: list[str],
) -> dict[str, Any]:
    """The organization's registered tables as they are read (``org.notify``): each as structured,
    or what its ``built`` returns (`TableContext`), in order, right after the zone is known."""
    base = path.parent if path is not None else Path.cwd()
    values: dict[str, Any] = {}
    for name in tables:
        value = getattr(oc, name)
        if hasattr(value, "built"):
            try:
                value = value.built(TableContext(f"{where}.{name}", timezone, registry, base, shared))
            except ValueError as exc:
                problems.append(str(exc))
        values[name] = value
    return values


_RETENTION = re.compile(r"^\s*(\d{1,3})\s*(y|d|w)\s*$")


def parse_retention(text: str) -> tuple[int, str]:
    """``"3y"`` → (3, "y"): years (calendar), weeks or days; ValueError names the accepted forms
    (``orgs.ID.retention``: how long personal data is kept once a complaint closes; ``purge`` reads it)."""
    match = _RETENTION.match(text)
    if not match or int(match.group(1)) == 0:
        raise ValueError(f"{text!r} is not a retention period; use years, weeks or days: \"3y\", \"26w\", \"180d\"")
    return int(match.group(1)), match.group(2)


#: What a registered table's ``problems`` is: (its value, its path) → the lines of what is wrong.
Check = Callable[[Any, str], list[str]]


@attrs.frozen
class Shapes:
    """The file's shape with the default plugins' tables (`_shapes`)."""

    file: type
    #: the deployment's tables and the organizations' (name → its check), in alphabetical order
    deployment: dict[str, Check]
    org: dict[str, Check]


_SHAPES: tuple[object, Shapes] | None = None


def _shapes() -> Shapes:
    """`ConfigFile` and `OrgConfig` with the tables the default plugins register added as fields
    (so an unknown key, a wrong type and the allowed keys read as for the kernel's own), built
    once per process."""
    global _SHAPES
    registered = settings_tables()
    if _SHAPES is not None and _SHAPES[0] is registered:
        return _SHAPES[1]
    deployment: dict[str, tuple[type, Check]] = {}
    org: dict[str, tuple[type, Check]] = {}
    for plugin, path, cls, check in registered:
        parts = path.split(".")
        into = deployment if len(parts) == 1 else org if len(parts) == 3 and parts[:2] == ["orgs", "*"] else None
        own = attrs.fields_dict(ConfigFile if into is deployment else OrgConfig)
        if into is None or parts[-1] in own or parts[-1] in into:
            raise ConfigError(f"plugin {plugin} registers the settings table {path!r}: taken, or not NAME nor orgs.*.NAME")
        into[parts[-1]] = (cls, check or (lambda value, where: []))
    org_shape = _shaped(OrgConfig, org, before="permissions")
    shapes = Shapes(
        _shaped(ConfigFile, deployment, types={"orgs": dict[str, org_shape]}),  # type: ignore[valid-type]
        {name: check for name, (_, check) in sorted(deployment.items())},
        {name: check for name, (_, check) in sorted(org.items())},
    )
    _SHAPES = (registered, shapes)
    return shapes


def _shaped(base: type, tables: dict[str, tuple[type, Check]], *, before: str = "", types: dict[str, Any] | None = None) -> type:
    """`base` with `tables` as fields (alphabetical, before the field `before` or last), each
    defaulting to its class's defaults."""
    attrs.resolve_types(base)
    these: dict[str, Any] = {}

    def add_tables() -> None:
        for name, (cls, _) in sorted(tables.items()):
            these[name] = attrs.field(type=cls, factory=cls)

    for field in attrs.fields(base):
        if field.name == before:
            add_tables()
        these[field.name] = attrs.field(type=(types or {}).get(field.name, field.type), default=field.default)
    if not before:
        add_tables()
    return attrs.make_class(base.__name__, these, frozen=True)
