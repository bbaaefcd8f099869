"""Putting a deployment together: plugins, config, database, migrations — in one place.

`tousu.app.App.open` is the one composition root every door uses (the CLI, the test kit,
import, the server); this module holds its parts so that a door needing only a piece (the
plugin registry before any config exists, the migrations of a scratch store) takes the same
piece the App is built from.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tousu.config import Config, config_path, load_config
from tousu.errors import PluginError, TousuError
from tousu.plugins import DEFAULT_COMMAND_PLUGINS, Registry, load_registry, named, store_openers
from tousu.store_surface import Migration, StoreSurface

if TYPE_CHECKING:
    from tousu.hooks import Features

#: Where the App's features come from: the default plugin calling the kernel's features' hooks
#: (`tousu.hooks.Features` is what the App asks of it), named as a string like every default plugin.
FEATURES = "tousu.default_plugins.feature_calls:default_features"


def default_features() -> Features:
    """The App's own features (corrections, attachments, reply templates, the outbox), one object
    per process; it raises when one of them failed to load (the App must not open without them)."""
    return named(FEATURES)()  # type: ignore[no-any-return]


def plugin_migrations(registry: Registry) -> list[Migration]:
    """Every loaded plugin's migrations, named ``plugin:name``, in load order.

    They were asked for when each plugin was loaded (`tousu.plugins.Registry.add`), so a
    plugin whose ``register_migrations`` fails is already listed as broken and is not here.
    """
    ok = set(registry.ok())
    return [(f"{plugin}:{name}", fn) for plugin, name, fn in registry.migrations if plugin in ok]


def resolve_config(config: Config | str | Path | None, registry: Registry) -> Config:
    """A `Config` as given, or read from a path (``None``: ``$TOUSU_CONFIG``, else ``./tousu.toml``)."""
    if isinstance(config, Config):
        return config
    return load_config(config_path(str(config) if config is not None else None), registry)


def opened_store(
    database: str, synchronous: str, registry: Registry | None = None, *, threads: bool = False
) -> StoreSurface:
    """The store of `database` (a file path or a URL), not yet migrated: the first that a plugin's
    opener (``register_stores``) returns, the default store's last. The kernel imports no store.
    `threads`: its connection may be used from any thread, one at a time (the server's one writer)."""
    for plugin, opener in store_openers(registry):
        try:
            store = opener(database, synchronous, threads)
        except TousuError:
            raise
        except Exception as exc:
            if plugin in DEFAULT_COMMAND_PLUGINS:
                raise  # the default store's own errors, as they always were
            raise PluginError(plugin, "register_stores", f"{type(exc).__name__}: {exc}") from exc
        if store is not None:
            return store  # type: ignore[no-any-return]
    raise TousuError(f"{database}: no store opens this database")


def open_store(config: Config, registry: Registry, *, threads: bool = False) -> StoreSurface:
    """The deployment's database, opened and migrated (the core's and every plugin's migrations)."""
    store = opened_store(str(config.database_path), config.synchronous, registry, threads=threads)
    try:
        store.migrate(plugin_migrations(registry))
    except BaseException:
        store.close()
        raise
    return store


__all__ = ["Migration", "default_features", "load_registry", "open_store", "opened_store", "plugin_migrations", "resolve_config"]
