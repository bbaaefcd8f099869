"""The ``register_routes`` hook: plugins add pages to the server, never over the core's API."""

from __future__ import annotations

import asyncio
import json
import threading
from pathlib import Path
from typing import Any

from tests.server.conftest import make_deployment
from tousu import hookimpl
from tousu.testing import registered


def call(app: Any, method: str, path: str) -> tuple[int, bytes]:
    """One request to an ASGI app in-process (no lifespan): status and body."""
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http", "method": method, "path": path, "raw_path": path.encode(), "query_string": b"",
        "headers": [], "scheme": "http", "server": ("127.0.0.1", 80), "client": ("127.0.0.1", 1),
        "http_version": "1.1", "root_path": "",
    }
    # on a thread of its own: another test's event loop may still be running on this one
    worker = threading.Thread(target=asyncio.run, args=(app(scope, receive, send),))
    worker.start()
    worker.join()
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    return status, b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


class Pages:
    @hookimpl
    def register_routes(self, register: Any) -> None:
        from starlette.responses import PlainTextResponse

        def hello(request: Any) -> Any:
            return PlainTextResponse("hello from a plugin")

        def hijack(request: Any) -> Any:
            return PlainTextResponse("I am not the core")

        register("/pages/hello", hello)
        register("/api/v1/me", hijack)  # refused: the core's path
        register("/healthz", hijack)


class Broken:
    @hookimpl
    def register_routes(self, register: Any) -> None:
        raise RuntimeError("pages failed to build")


def test_hook_register_routes(tmp_path: Path) -> None:
    from tousu.default_plugins.server.asgi import create_app

    desk = make_deployment(tmp_path / "d")
    with registered(Pages(), "pages"), registered(Broken(), "broken"):
        app = create_app(desk.config_path)
        assert call(app, "GET", "/pages/hello") == (200, b"hello from a plugin")
        status, body = call(app, "GET", "/api/v1/me")
        assert status == 401 and "error" in json.loads(body)
        status, body = call(app, "GET", "/healthz")
        assert status == 200 and json.loads(body)["status"] == "ok"
    desk.close()


def test_the_reports_join_the_server_as_the_reporting_plugins_own_routes(tmp_path: Path, monkeypatch: Any) -> None:
    """``/api/v1/reports`` and the desk's ``/reports`` come from the reporting default plugin
    through ``register_routes`` (the server imports no report code). Where the desk (``web``)
    is not loaded its report page is a 404 like every other page, and the API still reports."""
    from tousu.default_plugins.server.asgi import create_app

    desk = make_deployment(tmp_path / "d")
    served = create_app(desk.config_path)
    assert call(served, "GET", "/reports")[0] == 303  # the desk's page: to the login first
    status, body = call(served, "GET", "/api/v1/reports")
    assert status == 401 and "error" in json.loads(body)  # the API's: a token first

    monkeypatch.setenv("TOUSU_LOAD_PLUGINS", "retail")  # no desk pages
    without_desk = create_app(desk.config_path)
    assert call(without_desk, "GET", "/desk")[0] == 404
    assert call(without_desk, "GET", "/reports")[0] == 404
    assert call(without_desk, "GET", "/api/v1/reports")[0] == 401
    desk.close()


class Work:
    """A plugin's background work: started with the server, stopped with it."""

    def __init__(self) -> None:
        self.events: list[str] = []

    @hookimpl
    def register_background(self, register: Any) -> None:
        def start(deployment: Any) -> Any:
            self.events.append(f"start {sorted(deployment.config.orgs)} {callable(deployment.app)}")
            outer = self

            class Running:
                def stop(self) -> None:
                    outer.events.append("stop")

            return Running()

        register(start)


class BrokenWork:
    @hookimpl
    def register_background(self, register: Any) -> None:
        def start(deployment: Any) -> Any:
            raise RuntimeError("no feed today")

        register(start)


def _lifespan(app: Any, during: Any) -> None:
    """Run the app's lifespan (startup, `during()`, shutdown) on a thread of its own."""

    async def run() -> None:
        async with app.router.lifespan_context(app):
            during()

    worker = threading.Thread(target=asyncio.run, args=(run(),))
    worker.start()
    worker.join()


def test_hook_register_background(tmp_path: Path) -> None:
    """A plugin's work starts with ``tousu serve`` and stops with it, beside the outbox's own
    delivery rounds (the delivery default plugin's); one whose start fails is left out."""
    from tousu.default_plugins.server.asgi import background_starts, create_app

    desk = make_deployment(tmp_path / "d")
    work = Work()
    with registered(work, "work"), registered(BrokenWork(), "broken"):
        app = create_app(desk.config_path)
        starts = [getattr(start, "__qualname__", "") for start in background_starts(app.state.tousu.registry)]
        assert any(name.startswith("Delivery.") for name in starts), starts  # the default plugin's, last
        assert starts[-1].startswith("Delivery.")
        seen: list[list[str]] = []
        _lifespan(app, lambda: seen.append(list(work.events)))
    assert seen == [[f"start {sorted(app.state.tousu.config.orgs)} True"]]  # started before the first request
    assert work.events[-1] == "stop"
    assert call(app, "GET", "/healthz")[0] == 200  # a failing start leaves the server serving
    desk.close()
