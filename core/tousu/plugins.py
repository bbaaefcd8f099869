"""Finding, loading and listing plugins: one entry point at a time, never on import.

A plugin that fails to import, implements a hook that does not exist, or raises while
registering its domains is recorded as *broken* with its error and left out; the rest of
tousu keeps working. ``TOUSU_LOAD_PLUGINS`` (a comma list; empty loads none) restricts which
entry points are loaded, for emergencies.
"""

from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Callable, Collection
from importlib import metadata
from types import ModuleType
from typing import Any

import attrs
import pluggy

from tousu import __version__, hookspecs, locales
from tousu.errors import TousuError
from tousu.hooks import RESULTS, adapt
from tousu.locales import Locale
from tousu.models import DomainSpec

ENTRY_POINT_GROUP = "tousu"


@attrs.define
class PluginInfo:
    """What `tousu plugins` shows about one plugin."""

    name: str
    version: str = ""
    status: str = "ok"  # ok | broken | blocked
    error: str = ""
    module: str = ""
    hooks: list[str] = attrs.field(factory=list)
    domains: list[str] = attrs.field(factory=list)
    migrations: list[str] = attrs.field(factory=list)


class Registry:
    """The plugin manager with its plugins' status and the domains they registered."""

    def __init__(self, *, features: bool = False) -> None:
        self.pm = pluggy.PluginManager("tousu")
        self.pm.add_hookspecs(hookspecs)
        #: What each hook's implementations may return (`tousu.hooks.adapt`).
        self.results = dict(RESULTS)
        #: Hooks that are steps of every action or of loading, not plugins' answers: not traced.
        self.untraced: frozenset[str] = frozenset()
        if features:  # the default plugins' registry: their own hooks and the features' too
            specs = named(FEATURE_SPECS)
            self.pm.add_hookspecs(hookspecs.DefaultPluginHooks)
            self.pm.add_hookspecs(specs.KernelFeatures)
            self.results.update(specs.RESULTS)
            self.untraced = hookspecs.DEFAULT_PLUGIN_HOOKS | specs.FEATURE_HOOKS
        self.infos: dict[str, PluginInfo] = {}
        self.domains: dict[str, DomainSpec] = {}
        #: (plugin, migration name, function) in load order, for `tousu.compose.plugin_migrations`.
        self.migrations: list[tuple[str, str, Any]] = []
        #: (plugin, locale) in load order: phone patterns and answer words (`tousu.locales`).
        self.locales: list[tuple[str, Locale]] = []
        #: (plugin, opener) in load order: the stores plugins offer (`tousu.compose.open_store`).
        self.stores: list[tuple[str, Any]] = []
        if tracing_enabled():
            named(TRACING)(self)

    # -- loading ---------------------------------------------------------------------

    def load_entry_points(self, only: Collection[str] | None = None) -> None:
        """Load each entry point of the group ``tousu`` on its own; record failures."""
        for ep in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            if ep.name not in self.infos:
                self.load(ep.name, ep.dist.version if ep.dist is not None else "", ep.value, ep.load, only)

    def load(
        self, name: str, version: str, target: str, load: Callable[[], Any], only: Collection[str] | None
    ) -> None:
        """Import plugin `name` (`target`, by `load`) and add it, unless ``TOUSU_LOAD_PLUGINS``
        (`only`) leaves it out: an entry point and a default plugin are blocked or broken alike."""
        if only is not None and name not in only:
            self.infos[name] = PluginInfo(name, version, "blocked", "not in TOUSU_LOAD_PLUGINS", target)
            return
        try:
            module = load()
        except Exception as exc:  # a broken plugin must not brick the CLI
            self.infos[name] = PluginInfo(name, version, "broken", f"import failed: {type(exc).__name__}: {exc}", target)
            return
        self.add(module, name, version)

    def add(self, plugin: ModuleType | object, name: str, version: str = "") -> PluginInfo:
        """Register one plugin object under `name`, validate it, and collect its domains."""
        info = PluginInfo(name, version, module=getattr(plugin, "__name__", type(plugin).__name__))
        self.infos[name] = info
        try:
            self.pm.register(plugin, name=name)
        except Exception as exc:  # PluginValidationError, or a duplicate name
            info.status, info.error = "broken", f"invalid hook implementation: {exc}"
            return info
        unknown = [c.name for c in self.pm.get_hookcallers(plugin) or [] if not c.has_spec()]
        if unknown:
            self.pm.unregister(plugin)
            info.status = "broken"
            info.error = f"implements unknown hook(s) {', '.join(sorted(unknown))} (misspelled?)"
            return info

        for hook_caller in self.pm.get_hookcallers(plugin) or []:
            for impl in hook_caller.get_hookimpls():
                if impl.plugin_name == name:
                    adapt(impl, hook_caller.name, self.results)
        info.hooks = sorted(c.name for c in self.pm.get_hookcallers(plugin) or [])
        try:
            self._collect_domains(name)
            self._collect_migrations(name)
            self._collect_locales(name)
            self._collect_stores(name)
        except Exception as exc:
            self.pm.unregister(plugin)
            for domain in [d for d, spec in self.domains.items() if spec.plugin == name]:
                del self.domains[domain]
            self.migrations = [m for m in self.migrations if m[0] != name]
            self.locales = [item for item in self.locales if item[0] != name]
            self.stores = [item for item in self.stores if item[0] != name]
            info.domains, info.migrations = [], []
            info.status, info.error = "broken", str(exc) if isinstance(exc, TousuError) else f"{type(exc).__name__}: {exc}"
        return info

    def _collect_domains(self, name: str) -> None:
        def register(spec: DomainSpec) -> None:
            if not isinstance(spec, DomainSpec):
                raise TypeError(f"register() expects a DomainSpec, got {type(spec).__name__}")
            if spec.name in self.domains:
                raise ValueError(
                    f"domain {spec.name!r} is already registered by plugin {self.domains[spec.name].plugin}"
                )
            self.domains[spec.name] = attrs.evolve(spec, plugin=name)
            self.infos[name].domains.append(spec.name)

        self.register_hook("register_domains", name, register=register)

    def _collect_migrations(self, name: str) -> None:
        """The plugin's migrations, asked for once when it is loaded (so a failure marks it broken
        before any organization or database depends on it)."""
        found: list[tuple[str, str, Any]] = []

        def register(mname: str, fn: Any) -> None:
            if not isinstance(mname, str) or not (isinstance(fn, str) or callable(fn)):
                raise TypeError(f"register() expects a name and SQL text or a function, got {mname!r}, {fn!r}")
            found.append((name, mname, fn))

        self.register_hook("register_migrations", name, register=register)
        self.migrations.extend(found)
        self.infos[name].migrations.extend(m for _, m, _ in found)

    def _collect_locales(self, name: str) -> None:
        """The plugin's locales, asked for once when it is loaded (a failure marks it broken)."""
        found: list[tuple[str, Locale]] = []
        meanings = {word: meaning for _, locale in self.locales for word, meaning in locale.answers.items()}

        def register(locale: Locale) -> None:
            if not isinstance(locale, Locale):
                raise TypeError(f"register() expects a tousu.locales.Locale, got {type(locale).__name__}")
            if any(locale.name == other.name for _, other in (*self.locales, *found)):
                raise ValueError(f"locale {locale.name!r} is already registered")
            clash = sorted(w for w, m in locale.answers.items() if meanings.get(w, m) != m)
            if clash:
                raise ValueError(f"answer word(s) {', '.join(clash)} already mean the opposite")
            meanings.update(locale.answers)
            found.append((name, locale))

        self.register_hook("register_locales", name, register=register)
        self.locales.extend(found)

    def _collect_stores(self, name: str) -> None:
        """The plugin's store openers, asked for once when it is loaded (a failure marks it broken)."""
        found: list[tuple[str, Any]] = []

        def register(opener: Any) -> None:
            if not callable(opener):
                raise TypeError(f"register() expects a function opening a store, got {opener!r}")
            found.append((name, opener))

        self.register_hook("register_stores", name, register=register)
        self.stores.extend(found)

    # -- queries ---------------------------------------------------------------------

    def ok(self) -> list[str]:
        """Names of the plugins that loaded and validated."""
        return [n for n, i in self.infos.items() if i.status == "ok"]

    def plugin_domains(self, plugin: str) -> list[DomainSpec]:
        return [spec for spec in self.domains.values() if spec.plugin == plugin]

    def settings_class(self, plugin: str) -> type | None:
        for spec in self.plugin_domains(plugin):
            if spec.settings_class is not None:
                return spec.settings_class
        return None

    def caller(self, hook: str, name: str) -> Any:
        """A caller of `hook` that reaches only plugin `name` (so errors and results are its own).

        Its implementations are adapted (`tousu.hooks.adapt`): a failure arrives as a
        `PluginError` naming the plugin and the hook.
        """
        return self.pm.subset_hook_caller(hook, [p for n, p in self.pm.list_name_plugin() if n != name])

    def register_hook(self, hook: str, name: str, **kwargs: Any) -> Any:
        """Call a ``register_*`` hook of plugin `name` alone, with the one error policy."""
        return self.caller(hook, name)(**kwargs)


def named(target: str) -> Any:
    """What a ``module`` or ``module:name`` string names, imported on first use: how the kernel
    reaches a default plugin's module without importing it (`DEFAULT_COMMAND_PLUGINS`, `TRACING`)."""
    module, _, name = target.partition(":")
    found = importlib.import_module(module)
    return getattr(found, name) if name else found


#: The tracer ``TOUSU_TRACE_PLUGINS`` switches on: a default plugin's function given the registry,
#: which prints every hook call to stderr (`tousu.default_plugins.tracing`), named as a string.
TRACING = "tousu.default_plugins.tracing:trace"


def tracing_enabled() -> bool:
    """``TOUSU_TRACE_PLUGINS`` set to anything but empty, ``0``, ``false`` or ``no``."""
    return os.environ.get("TOUSU_TRACE_PLUGINS", "").strip().lower() not in ("", "0", "false", "no")


#: Plugin objects registered in-process (by `tousu.testing.registered`), keyed by name; every
#: registry built by `load_registry` includes them as if they were installed entry points.
IN_PROCESS_PLUGINS: dict[str, object] = {}


#: Plugins that ship inside the core and are always loaded (datasette's "default plugins"):
#: name → module. They use the same hooks as any plugin and are listed by ``tousu plugins``.
DEFAULT_PLUGINS: dict[str, str] = {"web": "tousu.default_plugins.web.plugin", "public": "tousu.default_plugins.public.plugin"}


#: The default plugins that are always there: the store (``register_stores``: the database every
#: command opens) and those that add the product's own commands (`tousu.default_plugins.commands`):
#: name → ``module:class``. tousu without a store or ``report`` is not tousu, so neither
#: TOUSU_LOAD_PLUGINS nor the listing of installed plugins is about them; they reach the kernel
#: through the same hooks all the same.
DEFAULT_COMMAND_PLUGINS: dict[str, str] = {
    "store": "tousu.default_plugins.default_store:DefaultStore",
    "core": "tousu.default_plugins.commands:CoreCommands",
    "reporting": "tousu.default_plugins.commands:Reporting",
    "bulk": "tousu.default_plugins.commands:Bulk",
    "purge": "tousu.default_plugins.commands:Purge",
    "listing": "tousu.default_plugins.commands:Listing",
    "demo": "tousu.default_plugins.commands:Demo",
    "migrate": "tousu.default_plugins.commands:Migrate",
    "delivery": "tousu.default_plugins.commands:Delivery",
    "server": "tousu.default_plugins.commands:Server",
}


#: The kernel's features' hook contract (`KernelFeatures`, their results' types), a default
#: plugin's module added to the default plugins' registry by name.
FEATURE_SPECS = "tousu.default_plugins.feature_specs"


#: The kernel's own features that are default plugins (each class says what it does): they take
#: part in every action through the hooks of `FEATURE_SPECS`: name → ``module:class``. Loaded with
#: the default command plugins, in the same registry (`default_command_registry`), for every
#: organization and, like them, untouched by ``TOUSU_LOAD_PLUGINS`` and ``tousu plugins``; the
#: App does not open without them (`tousu.default_plugins.feature_calls`).
DEFAULT_FEATURE_PLUGINS: dict[str, str] = {
    "corrections": "tousu.default_plugins.features:Corrections",
    "attachments": "tousu.default_plugins.features:Attachments",
    "replies": "tousu.default_plugins.features:Replies",
    "outbox": "tousu.default_plugins.features:Outbox",
    "calendars": "tousu.default_plugins.calendars.plugin:Calendars",
}


#: The core's own words, a default plugin: the desk's messages, the core's English refusal lines
#: and their translations, the labels of its statuses, actions and roles, and what a door reads a
#: message with (the formatter's conversions, `localize`, the labels). Its import registers the
#: entries; the catalog (`tousu.messages`) imports it by this name the first time it is used.
DEFAULT_WORDS = "tousu.default_plugins.words"


def default_command_registry() -> tuple[Registry, list[str]]:
    """A registry of the default command and feature plugins alone (for their ``register_commands``,
    ``register_routes``, ``register_stores`` and the kernel's features' hooks), and the failures of
    those that did not load.

    Built once per process: the command group, the store openers and the server each ask for
    it, and the default plugins are the same every time (the failures come as a fresh list)."""
    registry, failures = _load_default_commands()
    return registry, list(failures)


@functools.cache
def _load_default_commands() -> tuple[Registry, list[str]]:
    registry = Registry(features=True)
    failures = []
    for name, target in {**DEFAULT_COMMAND_PLUGINS, **DEFAULT_FEATURE_PLUGINS}.items():
        try:
            info = registry.add(named(target)(), name, __version__)
            if info.status != "ok":
                raise TousuError(info.error)
        except Exception as exc:
            failures.append(str(exc) if isinstance(exc, TousuError) else f"plugin {name} failed: {type(exc).__name__}: {exc}")
    return registry, failures


@functools.cache
def settings_tables() -> list[tuple[str, str, type, Any]]:
    """(plugin, path, class, problems) of every table of ``tousu.toml`` the default plugins own
    (``register_settings``, `tousu.config`), asked once per process and only when a config is read,
    so ``--help`` imports none of their classes; a failure is every command's error."""
    registry, _failures = default_command_registry()
    found: list[tuple[str, str, type, Any]] = []
    for name in registry.ok():
        def register(path: str, cls: type, problems: Any = None, plugin: str = name) -> None:
            if not isinstance(path, str) or not attrs.has(cls) or not (problems is None or callable(problems)):
                raise TypeError(f"register() expects a table's path, an attrs class and a function, got {path!r}, {cls!r}")
            found.append((plugin, path, cls, problems))

        registry.register_hook("register_settings", name, register=register)
    return found


def store_openers(registry: Registry | None) -> list[tuple[str, Any]]:
    """(plugin, opener) of every store on offer, in the order they are asked: the installed
    plugins' (``register_stores``, load order), then the default store's, which always answers."""
    defaults, failures = default_command_registry()
    if not defaults.stores:  # the default store failed to load: no command can run
        raise TousuError("; ".join(failures) or "no store: the default store registered none")
    installed = [] if registry is None else [item for item in registry.stores if item[0] in registry.ok()]
    return [*installed, *defaults.stores]


def load_registry() -> Registry:
    """A registry with the default plugins and every installed entry point loaded (honouring
    TOUSU_LOAD_PLUGINS, which names default plugins too)."""
    registry = Registry()
    only = os.environ.get("TOUSU_LOAD_PLUGINS")
    names = None if only is None else [n.strip() for n in only.split(",") if n.strip()]
    for name, module in DEFAULT_PLUGINS.items():
        registry.load(name, __version__, module, functools.partial(named, module), names)
    for name, plugin in IN_PROCESS_PLUGINS.items():
        registry.add(plugin, name, "in-process")
    registry.load_entry_points(names)
    registry.pm.check_pending()  # offenders were already unregistered and listed as broken
    locales.install(locale for _, locale in registry.locales)
    return registry
