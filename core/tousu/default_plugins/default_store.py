"""The default store as a plugin: the kernel opens its database through ``register_stores``.

The store (`tousu.default_plugins.store`: SQLite, and PostgreSQL for a ``postgresql://`` URL
through its connection adapter) is a default plugin like reporting or bulk: the kernel names it
only as a string (`tousu.plugins.DEFAULT_COMMAND_PLUGINS`) and reaches it through the hook;
`tousu.compose.open_store` asks the installed plugins' openers first, then this one, which
always answers. The package is imported only when a database is opened, so ``tousu --help``
and ``--version`` never load it.
"""

from __future__ import annotations

from typing import Any

from tousu import hookimpl


def open_default_store(database: str, synchronous: str, threads: bool = False) -> Any:
    """The SQLite file or the PostgreSQL database `database` names, opened (not yet migrated)."""
    from tousu.default_plugins.store import Store

    return Store(database, synchronous, threads=threads)


class DefaultStore:
    """The store every deployment has unless a plugin offers its own."""

    @hookimpl
    def register_stores(self, register: Any) -> None:
        register(open_default_store)


__all__ = ["DefaultStore", "open_default_store"]
