"""The ASGI application: one `tousu.app.App` per worker thread, the routes, the middlewares.

`create_app(config)` is the factory (``tousu serve`` calls it; so can any ASGI server:
``uvicorn --factory tousu.default_plugins.server.asgi:from_environment``). It is built on `App.open` like
every door, never on the CLI.

SQLite connections cannot be shared between threads, and Starlette runs each plain ``def``
endpoint in a worker thread, so every thread opens its own App over the same database
(`Deployment.app`) for its reads. Writes in one process queue on `Deployment.write_lock`
instead of in SQLite's busy loop, so a burst of intakes is served in arrival order, and run
in one writer App (`Deployment.writing`) whose connection is handed from thread to thread
behind that lock. ``tousu.toml`` is read
again when it changes (checked on every request: one ``stat``), so a staff member removed
from it loses access with the next request; a config that no longer loads answers 503.

Routes: the core's (``/healthz``, ``/api/v1/...``, `tousu.default_plugins.server.api`) first, then those the
plugins add through the ``register_routes`` hook (the desk's pages, the public form). A
plugin cannot take a path under ``/api/`` or ``/healthz``.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.routing import BaseRoute, Route

from tousu.config import Config, load_config
from tousu.default_plugins.server.middleware import (
    AccessLog,
    BodyLimit,
    Errors,
    SecurityHeaders,
    json_error,
)
from tousu.errors import ConfigError
from tousu.plugins import Registry, load_registry

log = logging.getLogger("tousu.server")
RESERVED = ("/api/", "/api", "/healthz")


def _open_app(config: Config, registry: Registry, threads: bool = False) -> Any:
    from tousu.app import App

    return App.open(config, registry=registry, threads=threads)


def _reopened(app: Any, config: Config, registry: Registry) -> Any:
    """`app`'s connection under a config read again: checked like a newly opened App's, so an
    organization whose timezone was changed under its complaints is refused until rezoned."""
    from tousu.app import App
    from tousu.zones import guard

    return App(guard(config, app.store), registry, app.store)


class Deployment:
    """The config, the plugins and a thread's App: what every request of the server shares."""

    def __init__(self, config: Config | str | Path, registry: Registry | None = None) -> None:
        self.registry = registry if registry is not None else load_registry()
        if isinstance(config, Config):
            self.path: Path | None = None
            self._config = config
        else:
            self.path = Path(config)
            self._config = load_config(self.path, self.registry)
        self._stamp = self._stat()
        self._generation = 0
        self._config_error: str | None = None
        self._lock = threading.Lock()
        self._local = threading.local()
        #: Writes of this process, one at a time (other processes wait in SQLite's busy timeout).
        self.write_lock = threading.Lock()
        #: The App every `writing` block of this process runs in (opened by the first one, then
        #: kept): one connection whose page cache stays warm from write to write, where a
        #: thread's own connection found its cache outdated by the other threads' commits and
        #: read its pages again (+200–500 µs CPU per intake with 8 clients; issue 20).
        self._writer: Any = None
        self._writer_generation = -1
        _open_app(self._config, self.registry).close()  # migrations, once, before serving

    def _stat(self) -> tuple[int, int, int] | None:
        if self.path is None:
            return None
        try:
            st = os.stat(self.path)
        except OSError:
            return (0, 0, 0)
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    @property
    def config(self) -> Config:
        """The current config (read again when the file changed); ConfigError if it is broken."""
        stamp = self._stat()
        if stamp != self._stamp:
            with self._lock:
                if stamp != self._stamp:
                    try:
                        self._config = load_config(self.path, self.registry)  # type: ignore[arg-type]
                        self._config_error = None
                    except ConfigError as exc:
                        self._config_error = str(exc)
                    self._stamp = stamp
                    self._generation += 1
        if self._config_error is not None:
            raise ConfigError(f"the server's tousu.toml does not load: {self._config_error}")
        return self._config

    def app(self) -> Any:
        """This thread's App over the current config (opened on the thread's first request)."""
        config = self.config
        local = self._local
        current = getattr(local, "app", None)
        if current is None:
            local.app = _open_app(config, self.registry)
        elif local.generation != self._generation:
            local.app = _reopened(current, config, self.registry)
        local.generation = self._generation
        return local.app

    @contextmanager
    def writing(self) -> Iterator[Any]:
        """One request's writes, one writer at a time, inside one transaction of the writer's
        App: the same connection for every write of the process, used by one thread at a time
        (behind `write_lock`). Use the App it yields only inside the block."""
        config = self.config
        with self.write_lock:
            app = self._writer
            if app is None:
                app = self._writer = _open_app(config, self.registry, threads=True)
            elif self._writer_generation != self._generation:
                app = self._writer = _reopened(app, config, self.registry)
            self._writer_generation = self._generation
            with app.store.transaction():
                yield app


def deployment(request: Request) -> Deployment:
    """The `Deployment` serving `request` (for plugin endpoints: ``deployment(request).app()``)."""
    return request.app.state.tousu


def plugin_routes(registry: Registry) -> list[BaseRoute]:
    """Routes the plugins add through ``register_routes``, in plugin order, reserved paths
    refused; then those of the product's own default plugins (reporting's API endpoint and
    page), which may add API paths."""
    from tousu.plugins import default_command_registry

    routes: list[BaseRoute] = []
    product, _failures = default_command_registry()  # a failure there is reported by every command
    for source, own in ((registry, False), (product, True)):
        for name in source.ok():

            def register(
                path: str | BaseRoute,
                endpoint: Callable[..., Any] | None = None,
                *,
                methods: Sequence[str] | None = None,
                name: str | None = None,
                plugin: str = name,
                own: bool = own,
            ) -> None:
                route = path if isinstance(path, BaseRoute) else Route(path, endpoint, methods=methods, name=name)  # type: ignore[arg-type]
                where = getattr(route, "path", "")
                if not own and (where.startswith(RESERVED) or where in RESERVED):
                    log.warning("plugin %s: route %s is reserved for the core API; not added", plugin, where)
                    return
                routes.append(route)

            try:
                source.register_hook("register_routes", name, register=register)
            except Exception as exc:  # a broken plugin's pages are missing, the API still serves
                log.warning("%s", exc)
    return routes


def background_starts(registry: Registry) -> list[Callable[[Any], Any]]:
    """What the plugins run beside the requests (``register_background``), in plugin order,
    then the default plugins' (delivery's rounds): each ``start(deployment)``."""
    from tousu.plugins import default_command_registry

    starts: list[Callable[[Any], Any]] = []
    product, _failures = default_command_registry()  # a failure there is reported by every command
    for source in (registry, product):
        for name in source.ok():
            try:
                source.register_hook("register_background", name, register=starts.append)
            except Exception as exc:  # a broken plugin's work is missing, the server still serves
                log.warning("%s", exc)
    return starts


def create_app(config: Config | str | Path, registry: Registry | None = None) -> Starlette:
    """The ASGI app of a deployment (a `Config`, or the path of its ``tousu.toml``)."""
    from tousu.default_plugins.server import api

    target = Deployment(config, registry)
    settings = target.config.server

    @asynccontextmanager
    async def lifespan(app: Starlette) -> Any:
        from tousu.default_plugins.operator_texts import language_of
        from tousu.messages import text

        lang = language_of(target)  # its config: every organization's language
        running = []  # the outbox's delivery rounds (a default plugin's), and any plugin's work
        for start in background_starts(target.registry):
            try:
                running.append(start(target))
            except Exception as exc:
                log.warning("background work %s failed to start: %s: %s", getattr(start, "__qualname__", start), type(exc).__name__, exc)
        log.info(text(lang, "serve.ready"))
        try:
            yield
        finally:
            for work in reversed(running):
                if work is not None:
                    work.stop()
            log.info(text(lang, "serve.stopped"))

    middleware = [Middleware(AccessLog), Middleware(SecurityHeaders), Middleware(Errors)]
    if settings.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["authorization", "content-type", "x-request-id"],
                allow_credentials=False,
                max_age=600,
            )
        )
    extra = plugin_routes(target.registry)
    # a route may take a larger body than [server] max_body_bytes: its max_body(config) (the desk's upload)
    larger = [(r.path_regex, int(r.max_body(target.config))) for r in extra if callable(getattr(r, "max_body", None))]
    middleware.append(Middleware(BodyLimit, limit=settings.max_body_bytes, larger=larger))

    async def http_error(request: Request, exc: Exception) -> Any:
        status = getattr(exc, "status_code", 500)
        words = {404: "no such endpoint", 405: "method not allowed on this endpoint"}
        return json_error(status, words.get(status, getattr(exc, "detail", "") or "error"))

    app = Starlette(
        routes=[*api.routes(), *extra],
        middleware=middleware,
        exception_handlers={HTTPException: http_error},
        lifespan=lifespan,
    )
    app.state.tousu = target
    return app


def from_environment() -> Starlette:
    """``uvicorn --factory tousu.default_plugins.server.asgi:from_environment``: the config of ``$TOUSU_CONFIG``."""
    from tousu.config import config_path

    return create_app(config_path(None))


__all__ = ["Deployment", "create_app", "deployment", "from_environment", "plugin_routes"]
