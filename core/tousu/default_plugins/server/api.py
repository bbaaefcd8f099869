"""The JSON API under ``/api/v1`` (docs/api.md): paths and keys are a contract.

Each endpoint parses its request (`tousu.default_plugins.server.requests`), asks the App, and renders the
same document as the CLI's ``--json``. The actor is the staff member the bearer token
belongs to; a body naming anyone else changes nothing. Plain ``def`` work runs in a worker
thread on that thread's own App (`tousu.default_plugins.server.asgi.Deployment`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tousu.default_plugins.server import auth
from tousu.default_plugins.server.asgi import deployment
from tousu.default_plugins.server.middleware import Unauthorized, json_error
from tousu.default_plugins.server.requests import fields_of, read_json
from tousu.errors import InputError
from tousu.timeutil import show

Handler = Callable[..., Response]


def endpoint(fn: Handler, *, body: bool = False, login: bool = True) -> Callable[[Request], Awaitable[Response]]:
    """An async endpoint around a plain function: the body read and parsed here (async), the
    work done in a worker thread; ``fn(request, app, identity, body)``."""

    async def run(request: Request) -> Response:
        document = await read_json(request) if body else None
        return await run_in_threadpool(_call, fn, request, document, login)

    run.__name__ = fn.__name__
    run.__doc__ = fn.__doc__
    return run


def _call(fn: Handler, request: Request, document: Any, login: bool) -> Response:
    for name, value in request.path_params.items():  # as a body's or a query's: refused on either store
        if isinstance(value, str) and "\x00" in value:
            raise InputError(f"path parameter {name!r} contains a NUL character")
    app = deployment(request).app()
    identity = caller(request, app) if login else None
    return fn(request, app, identity, document)


def caller(request: Request, app: Any) -> auth.Identity:
    """The logged-in staff member of an API request (bearer tokens only: no cookies, so no CSRF)."""
    identity = auth.authenticate(app, auth.bearer(request.headers))
    if identity is None:
        raise Unauthorized("log in first: send Authorization: Bearer TOKEN (POST /api/v1/login gives one)")
    request.state.org, request.state.staff = identity.org, identity.staff.id
    return identity


# -- no login -----------------------------------------------------------------------------


def healthz(request: Request, app: Any, identity: None, body: None) -> Response:
    """Up, with its config loaded and its database open."""
    from tousu import __version__

    return JSONResponse({"status": "ok", "version": __version__})


def login(request: Request, app: Any, identity: None, body: dict[str, Any]) -> Response:
    """``{"org","staff","password"}`` → a session token; every failure answers alike."""
    values = fields_of(body, {"org": str, "staff": str, "password": str}, required=("org", "staff", "password"))
    client = request.client.host if request.client else None
    try:
        secret, who = auth.login(app, values["org"], values["staff"], values["password"], client)
    except auth.LoginFailed:
        return json_error(401, auth.LOGIN_FAILED)
    except auth.Throttled as exc:
        return json_error(429, str(exc), {"retry-after": str(exc.retry_after)})
    request.state.org, request.state.staff = who.org, who.staff.id
    org = app.org(who.org)
    return JSONResponse(
        {
            "token": secret,
            "org": who.org,
            "staff": who.staff.id,
            "role": who.staff.role,
            "expires_at": show(who.expires_at, org.tz) if who.expires_at else None,
        }
    )


# -- logged in ----------------------------------------------------------------------------


def logout(request: Request, app: Any, identity: auth.Identity, body: Any) -> Response:
    """End the token the request came with."""
    auth.logout(app, identity)
    return JSONResponse({"logged_out": True})


def me(request: Request, app: Any, identity: auth.Identity, body: None) -> Response:
    staff = identity.staff
    return JSONResponse({"org": identity.org, "staff": staff.id, "role": staff.role, "name": staff.name})


def openapi(request: Request, app: Any, identity: auth.Identity, body: None) -> Response:
    from tousu.default_plugins.server.openapi import document

    return JSONResponse(document())


def routes() -> list[Route]:
    """The core's routes, in the order Starlette tries them."""
    from tousu.default_plugins.server import desk_api as desk

    return [
        Route("/healthz", endpoint(healthz, login=False), methods=["GET"]),
        Route("/api/v1/login", endpoint(login, body=True, login=False), methods=["POST"]),
        Route("/api/v1/logout", endpoint(logout), methods=["POST"]),
        Route("/api/v1/me", endpoint(me), methods=["GET"]),
        Route("/api/v1/complaints", endpoint(desk.create_complaint, body=True), methods=["POST"]),
        Route("/api/v1/complaints", endpoint(desk.list_complaints), methods=["GET"]),
        Route("/api/v1/complaints/{id}", endpoint(desk.show_complaint), methods=["GET"]),
        Route("/api/v1/complaints/{id}/actions", endpoint(desk.act, body=True), methods=["POST"]),
        Route("/api/v1/complaints/{id}/compensation", endpoint(desk.compensation, body=True), methods=["POST"]),
        Route("/api/v1/due", endpoint(desk.due), methods=["GET"]),
        Route("/api/v1/sweep", endpoint(desk.sweep, body=True), methods=["POST"]),
        Route("/api/v1/openapi.json", endpoint(openapi), methods=["GET"]),
    ]


__all__ = ["caller", "endpoint", "routes"]
