"""The reports over HTTP: ``GET /api/v1/reports`` and the desk's ``/reports`` page.

Reporting is a default plugin, so its HTTP side joins ``tousu serve`` the way any plugin's
does, through ``register_routes`` (`tousu.default_plugins.commands.Reporting`), and the
server and the desk never import it. The API endpoint answers the document ``tousu report
--format json|csv|html`` writes; the page is that HTML with the desk's bar around it, served
only where the desk itself (the ``web`` plugin) is: elsewhere it is a 404 like any page.
"""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from tousu.default_plugins.server.auth import Identity
from tousu.errors import InputError

REPORT_FORMATS = {"json": "application/json", "csv": "text/csv; charset=utf-8", "html": "text/html; charset=utf-8"}


def report(request: Request, app: Any, identity: Identity, body: None) -> Response:
    """``tousu report --format json|csv|html`` of a month, week, year or range."""
    from tousu.default_plugins.reporting.cli import render
    from tousu.default_plugins.reporting.compared import report_document
    from tousu.default_plugins.reporting.periods import select_period
    from tousu.default_plugins.server.desk_api import viewing_at
    from tousu.default_plugins.server.requests import query

    params = query(request, ("month", "week", "year", "from", "to", "format", "at"))
    fmt = params.get("format", "json")
    if fmt not in REPORT_FORMATS:
        raise InputError(f"format: expected one of {', '.join(REPORT_FORMATS)}, got {fmt[:40]!r}")
    org = app.org(identity.org)
    selection = select_period(
        org.tz, month=params.get("month"), week=params.get("week"), year=params.get("year"),
        date_from=params.get("from"), date_to=params.get("to"),
    )
    document = report_document(app, org, selection, viewing_at(org, params.get("at")))
    headers = {}
    if fmt == "html":  # the report's own page carries its inline style
        headers["content-security-policy"] = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
    return Response(render(document, fmt), media_type=REPORT_FORMATS[fmt], headers=headers)


def desk_page(request: Request, page: Any, form: dict[str, Any]) -> Response:
    """``/reports?month=YYYY-MM``: the month's report inside the desk (the current month by default)."""
    from tousu.default_plugins.reporting.desk_page import month_of, report_page
    from tousu.default_plugins.web.routes import message_page
    from tousu.timeutil import now

    org = page.viewer.org
    at = now()
    try:
        month = month_of(request.query_params.get("month"), at, org.tz)
    except InputError as exc:
        return message_page(page, 400, page.t("bad_request"), str(exc))
    html, csp = report_page(page.app, org, month, at)
    return HTMLResponse(html, headers={"Content-Security-Policy": csp})


def routes() -> list[Route]:
    """The API's report endpoint, and the desk's report page."""
    from tousu.default_plugins.server.api import endpoint
    from tousu.default_plugins.web.routes import page_endpoint

    page = page_endpoint(desk_page)

    async def desk_report(request: Request) -> Response:
        from tousu.default_plugins.server.asgi import deployment

        info = deployment(request).registry.infos.get("web")
        if info is None or info.status != "ok":  # the desk is not served: neither is its report page
            raise HTTPException(404)
        return await page(request)

    return [
        Route("/api/v1/reports", endpoint(report), methods=["GET"]),
        Route("/reports", desk_report, methods=["GET"]),
    ]


__all__ = ["REPORT_FORMATS", "desk_page", "report", "routes"]
