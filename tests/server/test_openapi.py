"""``/api/v1/openapi.json`` describes exactly the routes the server serves."""

from __future__ import annotations

from typing import Any


def test_openapi_describes_every_route_and_nothing_else(served: Any, tokens: dict[str, str]) -> None:
    from tousu.default_plugins.server.api import routes
    from tousu.default_plugins.server.asgi import plugin_routes
    from tousu.plugins import load_registry

    assert served.get("/api/v1/openapi.json").status == 401
    document = served.get("/api/v1/openapi.json", token=tokens["wang"]).json
    assert document["openapi"].startswith("3.1")
    described = {(method.upper(), path) for path, ops in document["paths"].items() for method in ops}
    every = [*routes(), *plugin_routes(load_registry())]  # the core's and the default plugins' (reports)
    served_routes = {
        (method, route.path) for route in every if route.path.startswith(("/api/", "/healthz"))
        for method in route.methods if method != "HEAD"
    }
    assert described == served_routes
    intake = document["paths"]["/api/v1/complaints"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert set(intake["properties"]) >= {
        "channel", "summary", "domain", "category", "tier", "complainant", "contact", "respondent", "place",
        "request", "urgent", "fields",
    }
    assert intake["additionalProperties"] is False
