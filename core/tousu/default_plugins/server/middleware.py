"""Small pure-ASGI middlewares: access log, security headers, JSON errors, body limit.

- `AccessLog`: one JSON line per request on the ``tousu.access`` logger: ``ts``,
  ``request_id`` (the caller's ``X-Request-ID`` when it is a plain token, else a new one; sent
  back in the response), ``method``, ``route`` (the route's template, ``/api/v1/complaints/{id}``,
  never the raw path or query string), ``status``, ``duration_ms``, and ``org``/``staff`` once
  a request is authenticated. Never bodies, query strings, tokens, cookies, names or phones.
- `SecurityHeaders`: nosniff, no framing, no referrer, a strict CSP unless the response set
  its own, ``Cache-Control: no-store`` (answers hold personal data), HSTS over HTTPS.
- `Errors`: a tousu error becomes ``{"error": "one line"}`` with its status (bad input 400,
  missing 404, refused 409, role not allowed 403); anything else 500 with the request id,
  and the traceback only in the server's log (``TOUSU_DEBUG=1``). Never a traceback to a caller.
- `BodyLimit`: a body larger than ``[server] max_body_bytes`` is refused with 413 before it
  is read (by ``Content-Length``) or as soon as it grows past the limit (chunked bodies).
"""

from __future__ import annotations

import contextvars
import logging
import os
import re
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from starlette.responses import JSONResponse

from tousu.errors import ConfigError, InputError, NotFound, PluginError, Refused, TousuError
from tousu.serialize import to_json

access_log = logging.getLogger("tousu.access")
server_log = logging.getLogger("tousu.server")
REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("tousu_request_id", default="-")
_GOOD_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class BodyTooLarge(Exception):
    """The request body is larger than the server accepts."""


class Unauthorized(Exception):
    """No valid token or session (401)."""


class Document(JSONResponse):
    """A document of the CLI's ``--json``, with the CLI's conversions (`tousu.render`) but
    compact: an indented dump runs json's pure-Python encoder, five times slower."""

    def render(self, content: Any) -> bytes:
        return to_json(content, compact=True).encode("utf-8")


def json_error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def one_line(message: str) -> str:
    """An error as the CLI shows it: personal data masked, one line, bounded."""
    from tousu.default_plugins.doors.privacy import mask_text

    text = " ".join(mask_text(str(message)).split())
    return f"{text[:400]} … {text[-400:]}" if len(text) > 1000 else text


def status_of(exc: BaseException) -> int | None:
    """The HTTP status of a tousu error (None: not one of ours)."""
    explicit = getattr(exc, "http_status", None)
    if isinstance(explicit, int):
        return explicit
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, PluginError):
        return 500
    if isinstance(exc, Refused):
        return 409
    if isinstance(exc, InputError | ConfigError | TousuError):
        return 400
    return None


class AccessLog:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers") or ()).get(b"x-request-id", b"").decode("latin-1")
        request_id = given if _GOOD_ID.match(given) else uuid.uuid4().hex
        token = REQUEST_ID.set(request_id)
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = [500]

        async def sending(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            state = scope.get("state", {})
            entry = {
                "ts": datetime.now(UTC).isoformat(timespec="milliseconds"),
                "request_id": request_id,
                "method": scope.get("method"),
                "route": _route_of(scope),
                "status": status[0],
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            }
            if state.get("staff"):
                entry["org"], entry["staff"] = state.get("org"), state.get("staff")
            access_log.info(to_json(entry))
            REQUEST_ID.reset(token)


def _route_of(scope: dict[str, Any]) -> str:
    """The template of the route that served `scope` (``/api/v1/complaints/{id}``)."""
    endpoint = scope.get("endpoint")
    app = scope.get("app")
    for route in getattr(app, "routes", ()) if endpoint is not None else ():
        if getattr(route, "endpoint", None) is endpoint or getattr(route, "app", None) is endpoint:
            return getattr(route, "path", "") or "(no route)"
    return "(no route)"


class SecurityHeaders:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https = scope.get("scheme") == "https"

        async def sending(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                wanted = [
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"cross-origin-opener-policy", b"same-origin"),
                    (b"content-security-policy", CSP.encode()),
                    (b"cache-control", b"no-store"),
                ]
                if https:
                    wanted.append((b"strict-transport-security", b"max-age=31536000"))
                headers.extend((k, v) for k, v in wanted if k not in present)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, sending)


class Errors:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = [False]

        async def sending(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                started[0] = True
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception as exc:
            if started[0]:  # too late for an error body: the connection just ends
                server_log.error("request %s failed after its response began: %s", REQUEST_ID.get(), type(exc).__name__)
                return
            await error_response(exc)(scope, receive, send)


def error_response(exc: BaseException) -> JSONResponse:
    """The JSON answer for an exception that reached the door."""
    if isinstance(exc, BodyTooLarge):
        return json_error(413, str(exc))
    if isinstance(exc, Unauthorized):
        return json_error(401, str(exc) or "log in first", {"www-authenticate": "Bearer"})
    status = status_of(exc)
    if status is not None and isinstance(exc, TousuError):
        if isinstance(exc, ConfigError) and "does not load" in str(exc):
            status = 503
        return json_error(status, one_line(str(exc)))
    request_id = REQUEST_ID.get()
    if os.environ.get("TOUSU_DEBUG"):
        server_log.exception("request %s: internal error", request_id)
    else:
        server_log.error("request %s: internal error %s (set TOUSU_DEBUG=1 for the traceback)", request_id, type(exc).__name__)
    return json_error(500, f"internal error (request id {request_id}); the server's log has the details")


class BodyLimit:
    def __init__(self, app: Any, limit: int, larger: Sequence[tuple[re.Pattern[str], int]] = ()) -> None:
        self.app = app
        self.limit = limit
        #: Paths allowed a larger body (a route's ``max_body``: the desk's file upload).
        self.larger = tuple(larger)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = next((n for pattern, n in self.larger if pattern.match(scope.get("path", ""))), self.limit)
        message = f"the request body is larger than {limit} bytes"
        length = dict(scope.get("headers") or ()).get(b"content-length")
        if length is not None:
            try:
                too_big = int(length) > limit
            except ValueError:
                await json_error(400, "Content-Length is not a number")(scope, receive, send)
                return
            if too_big:
                await json_error(413, message)(scope, receive, send)
                return
        seen = [0]

        async def receiving() -> dict[str, Any]:
            event = await receive()
            if event["type"] == "http.request":
                seen[0] += len(event.get("body", b""))
                if seen[0] > limit:
                    raise BodyTooLarge(message)
            return event

        await self.app(scope, receiving, send)


__all__ = [
    "REQUEST_ID",
    "AccessLog",
    "BodyLimit",
    "BodyTooLarge",
    "Document",
    "Errors",
    "SecurityHeaders",
    "Unauthorized",
    "error_response",
    "json_error",
    "one_line",
    "status_of",
]
