"""The desk's report page: exactly the HTML ``tousu report --format html`` writes, with a way around.

The page is the self-contained report (inline SVG charts, its own ``<style>``), with a small
bar of links inserted after ``<body>``: the previous and next month, and back to the desk.
Because the report carries its style inline, the page sends its own Content-Security-Policy
allowing exactly that style block by its hash (and still no script at all).
"""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import datetime
from html import escape
from typing import Any

from tousu.default_plugins.web.strings import text
from tousu.errors import InputError

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_STYLE = re.compile(r"<style>(.*?)</style>", re.S)
#: The desk's bar above the report (added to the report's own style block, hashed with it).
_NAV_STYLE = (
    ".reportnav{display:flex;flex-wrap:wrap;gap:.6em 1.2em;align-items:center;padding:.5em 0;"
    "border-bottom:1px solid #ccc;margin-bottom:1em}.reportnav a{color:#174ea6}"
    ".reportnav form{display:flex;gap:.4em;align-items:center}.reportnav label{font-weight:600}"
    "@media print{.reportnav{display:none}}"
)


def month_of(value: str | None, at: datetime, tz: Any) -> str:
    """The month asked for (``YYYY-MM``), else the current month in the org's zone."""
    if not value:
        local = at.astimezone(tz)
        return f"{local.year:04d}-{local.month:02d}"
    match = _MONTH.match(value.strip())
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
        raise InputError(f"month={value[:20]!r}: expected YYYY-MM, e.g. 2026-10")
    return value.strip()


def neighbours(month: str) -> tuple[str, str]:
    year, mon = int(month[:4]), int(month[5:7])
    prev = f"{year - 1:04d}-12" if mon == 1 else f"{year:04d}-{mon - 1:02d}"
    nxt = f"{year + 1:04d}-01" if mon == 12 else f"{year:04d}-{mon + 1:02d}"
    return prev, nxt


def report_page(app: Any, org: Any, month: str, at: datetime) -> tuple[str, str]:
    """The month's report page and the Content-Security-Policy that lets its own style apply."""
    from tousu.default_plugins.reporting import frozen as issued
    from tousu.default_plugins.reporting.document import build_report
    from tousu.default_plugins.reporting.html import to_html
    from tousu.default_plugins.reporting.periods import select_period

    selection = select_period(org.tz, month=month)
    document = build_report(app, org, selection, at)
    previous = app.store.latest_frozen(org.id, selection.key)
    if previous is not None:  # as `tousu report` does: an issued month shows what changed since
        document["compared_with_frozen_at"] = previous["frozen_at"]
        document["changes_since_frozen"] = issued.changes(previous, document)
    html = to_html(document)
    prev, nxt = neighbours(month)
    lang = org.language
    nav = (
        f'<nav class="reportnav" aria-label="{escape(text(lang, "reports"))}">'
        f'<a href="/desk">{escape(text(lang, "back_to_desk"))}</a> '
        f'<a rel="prev" href="/reports?month={prev}">← {escape(text(lang, "previous"))} ({prev})</a> '
        f'<a rel="next" href="/reports?month={nxt}">{escape(text(lang, "next"))} ({nxt}) →</a>'
        f'<form method="get" action="/reports"><label for="month">{escape(text(lang, "month"))}</label> '
        f'<input id="month" name="month" type="month" value="{month}"> '
        f'<button type="submit">{escape(text(lang, "show"))}</button></form></nav>'
    )
    html = html.replace("<body>", "<body>" + nav, 1).replace("</style>", _NAV_STYLE + "</style>", 1)
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(m.encode("utf-8")).digest()).decode() + "'"
        for m in _STYLE.findall(html)
    )
    csp = (
        f"default-src 'none'; style-src {hashes}; img-src 'self' data:; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    )
    return html, csp
