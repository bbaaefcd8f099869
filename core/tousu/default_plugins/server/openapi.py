"""``GET /api/v1/openapi.json``: the API described as OpenAPI 3.1, from one table.

`ENDPOINTS` lists every core route with its body keys, query parameters and answers; a test
checks that it and the server's routes name the same paths and methods, so the description
cannot drift from what is served.
"""

from __future__ import annotations

from typing import Any

from tousu import __version__

_STR = {"type": "string"}
_ERROR = {"description": "one line saying what is wrong", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
_DOC = {"description": "the same document as the CLI's --json", "content": {"application/json": {"schema": {"type": "object"}}}}
_LIST = {"description": "the same list as the CLI's --json", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "object"}}}}}


def _body(keys: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "required": bool(required),
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": list(required),
                    "properties": keys,
                }
            }
        },
    }


_AT = {"type": "string", "description": "ISO-8601 instant; absent: the server's clock; never in the future"}
_FIELDS = {"type": "object", "description": "facts, as --field K=V (or a --facts file) gives them"}
INTAKE = {
    "channel": _STR, "summary": _STR, "domain": _STR, "category": _STR, "tier": _STR, "complainant": _STR,
    "contact": _STR, "respondent": _STR, "place": _STR, "request": _STR, "urgent": {"type": "boolean"},
    "fields": _FIELDS, "at": _AT,
    "again": {"type": "boolean", "description": "record it although an identical intake came within the minute"},
}

#: (method, path, summary, body, query parameters, answers, needs login)
ENDPOINTS: list[tuple[str, str, str, dict[str, Any] | None, tuple[str, ...], dict[str, Any], bool]] = [
    ("get", "/healthz", "The server is up (no login).", None, (), {"200": {"description": "ok"}}, False),
    (
        "post", "/api/v1/login", "Log in; a session token for the Authorization header.",
        _body({"org": _STR, "staff": _STR, "password": _STR}, ("org", "staff", "password")), (),
        {"200": {"description": "{token, org, staff, role, expires_at}"}, "401": _ERROR,
         "429": {"description": "too many failed logins; see Retry-After"}},
        False,
    ),
    ("post", "/api/v1/logout", "End the token the request carries.", None, (), {"200": {"description": "logged out"}}, True),
    ("get", "/api/v1/me", "Who the token belongs to: {org, staff, role}.", None, (), {"200": _DOC}, True),
    (
        "post", "/api/v1/complaints", "Record a complaint (tousu intake --json).",
        _body(INTAKE, ("channel", "summary")), (), {"201": _DOC, "400": _ERROR, "409": _ERROR}, True,
    ),
    (
        "get", "/api/v1/complaints", "The register (tousu list --json).", None,
        ("status", "tier", "category", "q", "limit", "offset"), {"200": _LIST, "400": _ERROR}, True,
    ),
    ("get", "/api/v1/complaints/{id}", "One complaint with its history (tousu show --json).", None, ("at",),
     {"200": _DOC, "404": _ERROR}, True),
    (
        "post", "/api/v1/complaints/{id}/actions", "One lifecycle action (tousu act --json).",
        _body({"action": _STR, "to": _STR, "note": _STR, "fields": _FIELDS, "at": _AT}, ("action",)), (),
        {"200": _DOC, "400": _ERROR, "403": _ERROR, "404": _ERROR, "409": _ERROR}, True,
    ),
    (
        "post", "/api/v1/complaints/{id}/compensation", "A compensation breakdown (tousu compensate --json).",
        _body({"fields": _FIELDS, "at": _AT}), (), {"200": _DOC, "400": _ERROR, "404": _ERROR, "409": _ERROR}, True,
    ),
    ("get", "/api/v1/due", "The daily list (tousu due --json).", None, ("within", "by", "at"), {"200": _LIST}, True),
    (
        "get", "/api/v1/reports", "A period's report (tousu report) as json, csv or html.", None,
        ("month", "week", "year", "from", "to", "format", "at"), {"200": {"description": "the report"}, "400": _ERROR}, True,
    ),
    ("post", "/api/v1/sweep", "Record breached clocks and escalations (tousu sweep --json).", _body({"at": _AT}), (),
     {"200": _DOC, "403": _ERROR}, True),
    ("get", "/api/v1/openapi.json", "This description.", None, (), {"200": {"description": "OpenAPI 3.1"}}, True),
]


def document() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for method, path, summary, body, params, answers, login in ENDPOINTS:
        operation: dict[str, Any] = {"summary": summary, "responses": dict(answers)}
        if login:
            operation["responses"].setdefault("401", _ERROR)
        else:
            operation["security"] = []
        parameters = [{"name": p, "in": "query", "required": False, "schema": _STR} for p in params]
        if "{id}" in path:
            parameters.insert(0, {"name": "id", "in": "path", "required": True, "schema": _STR})
        if parameters:
            operation["parameters"] = parameters
        if body is not None:
            operation["requestBody"] = body
        paths.setdefault(path, {})[method] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": "tousu desk API", "version": __version__, "description": "See docs/api.md."},
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": {"type": "object", "properties": {"error": _STR}, "required": ["error"]}},
        },
        "security": [{"bearer": []}],
    }


__all__ = ["ENDPOINTS", "document"]
