"""The ``public`` default plugin: the complainant's pages on ``tousu serve``.

Routes (paths are contract): ``/public/{org}/new`` (GET the form, POST a complaint),
``/public/status/{code}`` (GET the status page, POST information or the callback's verdict)
and the stylesheet. Each organization opens its pages with ``[orgs.X.public] enabled = true``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tousu import hookimpl


@hookimpl
def register_routes(register: Callable[..., Any]) -> None:
    from tousu.default_plugins.public import pages

    register("/public/static/public.css", pages.stylesheet, methods=["GET"], name="public_css")
    register("/public/status/{code}", pages.status, methods=["GET", "POST"], name="public_status")
    register("/public/{org}/new", pages.new_complaint, methods=["GET", "POST"], name="public_new")
