"""A self-contained HTML page a manager can open or print: no JavaScript, no network, inline SVG.

Headline figures as tiles, a table per breakdown, horizontal bars for categories and channels,
and a line of received vs resolved per day (or week). Everything, the charts included, is
drawn here from the report document, so the page renders the same offline and for ever.
"""

from __future__ import annotations

from html import escape
from typing import Any

from tousu.default_plugins.reporting.document import HEADLINES
from tousu.default_plugins.reporting.render import Block, blocks, fmt, subtitle_of, title_of

_STYLE = """
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;margin:2em auto;
max-width:60em;color:#222;padding:0 1em}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccc}
h3{font-size:1em;margin-top:1.2em}.meta{color:#555;margin:0}
.tiles{display:flex;flex-wrap:wrap;gap:.6em;margin:1em 0}
.tile{border:1px solid #ccc;border-radius:4px;padding:.5em .8em;min-width:9em}
.tile .v{font-size:1.5em;font-weight:bold}.tile .k{color:#555;font-size:.85em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ddd;padding:.25em .6em;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f3f3}
svg text{font-size:11px;fill:#333}.changes td{background:#fff7e0}
@media print{body{margin:0;max-width:none}.tile{break-inside:avoid}table,svg{break-inside:avoid}}
"""
BAR = "#4a7ab5"
RESOLVED = "#d9822b"


def to_html(document: dict[str, Any]) -> str:
    lab = document["labels"]
    title = title_of(document)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(document.get("language", "en"))}">',
        '<head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        *(f'<p class="meta">{escape(line)}</p>' for line in subtitle_of(document)),
        '<section class="tiles" id="headline">',
    ]
    for key in HEADLINES:
        parts.append(
            f'<div class="tile" data-figure="{key}"><div class="v">{escape(fmt(document.get(key), key))}</div>'
            f'<div class="k">{escape(lab.get(key, key))}</div></div>'
        )
    parts.append("</section>")
    for block in blocks(document)[1:]:
        if block.figure == "trend":
            parts.append(f"<h2>{escape(block.title)}</h2>")
            parts.append(line_chart(document["trend"], lab))
            parts.append(_table(block))
            continue
        heading = "h2" if block.level <= 2 else "h3"
        parts.append(f"<{heading}>{escape(block.title)}</{heading}>")
        if block.figure in ("by_category", "by_channel"):
            parts.append(bar_chart([(r[0], int(r[1])) for r in block.rows]))
        elif block.figure.startswith("section:"):
            numeric = [(r[0], float(r[1])) for r in block.rows if _is_number(r[1])]
            if numeric and len(numeric) == len(block.rows):
                parts.append(bar_chart(numeric))
        parts.append(_table(block) if block.kind == "table" else _pairs(block))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _table(block: Block) -> str:
    if not block.rows:
        return "<p>-</p>"
    css = ' class="changes"' if block.figure == "changes" else ""
    head = "".join(f"<th>{escape(c)}</th>" for c in block.columns)
    body = "".join(
        "<tr>" + "".join(
            f'<td class="n">{escape(c)}</td>' if i and _numeric_cell(c) else f"<td>{escape(c)}</td>"
            for i, c in enumerate(row)
        ) + "</tr>"
        for row in block.rows
    )
    return f"<table{css}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _numeric_cell(text: str) -> bool:
    return _is_number(text.rstrip("%")) or text == "-"


def _pairs(block: Block) -> str:
    if not block.rows:
        return ""
    body = "".join(f'<tr><th>{escape(k)}</th><td class="n">{escape(v)}</td></tr>' for k, v in block.rows)
    return f"<table><tbody>{body}</tbody></table>"


def bar_chart(items: list[tuple[str, float]]) -> str:
    """Horizontal bars, longest first as given; labels left, values right of each bar."""
    if not items:
        return ""
    row, label_w, bar_w = 22, 170, 360
    top = max(v for _, v in items) or 1
    height = row * len(items) + 8
    out = [
        f'<svg class="bars" width="{label_w + bar_w + 60}" height="{height}" '
        f'viewBox="0 0 {label_w + bar_w + 60} {height}" role="img">'
    ]
    for n, (name, value) in enumerate(items):
        y = 4 + n * row
        length = bar_w * value / top
        out.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{escape(_short(name))}</text>')
        out.append(f'<rect x="{label_w}" y="{y + 3}" width="{length:.1f}" height="{row - 8}" fill="{BAR}"/>')
        out.append(f'<text x="{label_w + length + 4:.1f}" y="{y + 14}">{escape(fmt(value) if value % 1 else str(int(value)))}</text>')
    out.append("</svg>")
    return "".join(out)


def _short(text: str, limit: int = 22) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def line_chart(trend: dict[str, Any], lab: dict[str, str]) -> str:
    """Received and resolved per bucket as two polylines with a y axis and a legend."""
    points = trend["points"]
    if not points:
        return ""
    w, h, left, bottom, top_pad = 640, 220, 40, 30, 24
    top = max(max(p["received"], p["resolved"]) for p in points) or 1
    span = max(len(points) - 1, 1)

    def xy(i: int, v: int) -> str:
        x = left + (w - left - 10) * i / span
        y = h - bottom - (h - bottom - top_pad) * v / top
        return f"{x:.1f},{y:.1f}"

    out = [
        f'<svg class="trend" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}" role="img">',
        f'<line x1="{left}" y1="{h - bottom}" x2="{w - 10}" y2="{h - bottom}" stroke="#999"/>',
        f'<line x1="{left}" y1="{top_pad}" x2="{left}" y2="{h - bottom}" stroke="#999"/>',
        f'<text x="{left - 4}" y="{top_pad + 4}" text-anchor="end">{top}</text>',
        f'<text x="{left - 4}" y="{h - bottom + 4}" text-anchor="end">0</text>',
        f'<text x="{left}" y="{h - 8}">{escape(points[0]["start"])}</text>',
        f'<text x="{w - 10}" y="{h - 8}" text-anchor="end">{escape(points[-1]["start"])}</text>',
    ]
    for key, colour, dy in (("received", BAR, 0), ("resolved", RESOLVED, 16)):
        line = " ".join(xy(i, p[key]) for i, p in enumerate(points))
        out.append(f'<polyline class="{key}" fill="none" stroke="{colour}" stroke-width="2" points="{line}"/>')
        out.append(f'<rect x="{w - 150}" y="{4 + dy}" width="10" height="10" fill="{colour}"/>')
        out.append(f'<text x="{w - 135}" y="{13 + dy}">{escape(lab.get(key, key))}</text>')
    out.append("</svg>")
    return "".join(out)
