"""The desk's pages as a default plugin: they join ``tousu serve`` through ``register_routes``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tousu import hookimpl


@hookimpl
def register_routes(register: Callable[..., Any]) -> None:
    from tousu.default_plugins.web.routes import routes

    for route in routes():
        register(route)
