"""Text, Markdown, CSV and JSON renderings of a report document.

Every rendering is a pure function of the document (`tousu.default_plugins.reporting.document`), so a frozen
report renders the same today as on the day it was issued. The document is first laid out as
`Block`s (a list of label/value pairs, or a table); text, Markdown and HTML draw those blocks.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import attrs

from tousu.default_plugins.doors.tables import pad, width
from tousu.default_plugins.reporting.document import HEADLINES, RATES
from tousu.render import clean
from tousu.serialize import to_json as json_text


@attrs.frozen
class Block:
    """A titled part of a report: ``pairs`` (label, value) or a ``table`` (columns, rows)."""

    title: str
    kind: str  # pairs | table
    rows: tuple[tuple[str, ...], ...]
    columns: tuple[str, ...] = ()
    level: int = 2
    figure: str = ""  # the figure's key, for charts


def fmt(value: Any, key: str = "") -> str:
    """One value as people read it: shares as percentages, None as a dash."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and key in RATES:
        return f"{value * 100:.1f}%"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | dict):
        return json_text(value)
    return str(value)


def title_of(document: dict[str, Any]) -> str:
    lab = document["labels"]
    period = document["period"]
    return f"{lab.get('report', 'report')} · {document['org_name']} · {period['label']}"


def subtitle_of(document: dict[str, Any]) -> list[str]:
    """The period as people say it (``2026-10-01 – 2026-10-31``) and the instants as
    ``2026-11-02 09:00``: the document keeps the ISO texts (issue 18)."""
    from datetime import datetime

    from tousu.default_plugins.doors.figures import period as period_text

    lab = document["labels"]
    period = document["period"]

    def when(text: str) -> str:
        return _ISO.sub(r"\1 \2", text) if isinstance(text, str) else str(text)

    try:
        span = period_text(datetime.fromisoformat(period["start"]), datetime.fromisoformat(period["end"]))
    except (TypeError, ValueError):
        span = f"{period['start']} – {period['end']}"
    lines = [f"{lab.get('period', 'period')}: {span}"]
    if document.get("frozen_at"):
        lines.append(f"{lab.get('frozen_at', 'frozen at')}: {when(document['frozen_at'])}")
    lines.append(f"{lab.get('generated_at', 'generated at')}: {when(document['generated_at'])}")
    return lines


def blocks(document: dict[str, Any]) -> list[Block]:
    """The report laid out: headline figures, one table per breakdown, the sections, the changes."""
    lab = document["labels"]

    def name(key: str) -> str:
        return lab.get(key, key)

    out = [Block(name("headline"), "pairs", tuple((name(k), fmt(document.get(k), k)) for k in HEADLINES))]
    received = document["received"]
    for key in ("by_channel", "by_category", "by_tier", "by_status"):
        rows = tuple(
            (lab.get(f"{key}:{k}", k), str(v), fmt(v / received if received else None, "rate"))
            for k, v in document[key].items()
        )
        out.append(Block(name(key), "table", rows, (name("figure"), name("count"), name("rate")), figure=key))
    deadlines = document["on_time_by_deadline"]
    paused = any("paused_hours" in v for v in deadlines.values())  # a column only when a clock was paused
    out.append(
        Block(
            name("on_time_by_deadline"),
            "table",
            tuple(
                (lab.get(f"deadline:{k}", k), str(v["due"]), str(v["on_time"]), fmt(v["rate"], "rate"),
                 *((fmt(v.get("paused_hours", 0.0)),) if paused else ()))
                for k, v in deadlines.items()
            ),
            (name("figure"), name("due"), name("on_time"), name("rate"), *((name("paused_hours"),) if paused else ())),
        )
    )
    out.append(
        Block(
            name("trend"),
            "table",
            tuple((p["start"], str(p["received"]), str(p["resolved"])) for p in document["trend"]["points"]),
            (name("start"), name("received"), name("resolved")),
            figure="trend",
        )
    )
    for section in document["sections"]:
        out.extend(section_blocks(section, lab))
    changes = document.get("changes_since_frozen")
    if changes is not None:
        out.append(
            Block(
                f"{name('changes_since_frozen')} ({document.get('compared_with_frozen_at', '')})",
                "table",
                tuple((c["figure"], fmt(c["frozen"], c["figure"].rsplit(".", 1)[-1]),
                       fmt(c["now"], c["figure"].rsplit(".", 1)[-1])) for c in changes),
                (name("figure"), name("frozen"), name("now")),
                figure="changes",
            )
        )
    return out


def section_blocks(section: dict[str, Any], lab: dict[str, str]) -> Iterator[Block]:
    """A domain's section, drawn generically: scalars, breakdowns and tables."""

    def name(key: str) -> str:
        return lab.get(key, key)

    scalars = [(name(k), fmt(v, k)) for k, v in section["figures"].items() if not isinstance(v, dict | list)]
    yield Block(section["title"] or section["domain"], "pairs", tuple(scalars))
    for key, value in section["figures"].items():
        if isinstance(value, dict) and all(isinstance(v, dict) for v in value.values()) and value:
            columns = list(dict.fromkeys(c for v in value.values() for c in v))
            rows = tuple((name(k), *(fmt(v.get(c), c) for c in columns)) for k, v in value.items())
            yield Block(name(key), "table", rows, (name("figure"), *map(name, columns)), level=3)
        elif isinstance(value, dict):
            yield Block(name(key), "table", tuple((name(k), fmt(v, key)) for k, v in value.items()),
                        (name("figure"), name("value")), level=3, figure=f"section:{key}")
        elif isinstance(value, list):
            columns = list(dict.fromkeys(c for row in value if isinstance(row, dict) for c in row))
            if columns:
                rows = tuple(
                    tuple(_cell(row.get(c), c, lab) if isinstance(row, dict) else fmt(row) for c in columns) for row in value
                )
                yield Block(name(key), "table", rows, tuple(map(name, columns)), level=3)
            elif value:
                yield Block(name(key), "pairs", ((name(key), ", ".join(fmt(v) for v in value)),), level=3)


_ISO = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2})?(?:[+-]\d{2}:\d{2}|Z)")


def _cell(value: Any, key: str, lab: dict[str, str]) -> str:
    """A table cell of a domain's section: an id by its label, an instant as ``2026-10-04 10:30``
    (the offset is the organization's; the JSON keeps the full ISO text)."""
    if isinstance(value, str):
        if value in lab:
            return lab[value]
        if _ISO.fullmatch(value):
            return _ISO.sub(r"\1 \2", value)
    return fmt(value, key)


# -- text ---------------------------------------------------------------------------


def _numeric(text: str) -> bool:
    return text.replace(".", "", 1).replace("%", "").replace("-", "", 1).isdigit() or text == "-"


def to_text(document: dict[str, Any]) -> str:
    """Aligned tables for a terminal."""
    lines = [clean(title_of(document)), *map(clean, subtitle_of(document))]
    for block in blocks(document):
        if not block.rows:
            continue
        lines.append("")
        lines.append(clean(("  " if block.level > 2 else "") + block.title))
        table = [block.columns, *block.rows] if block.kind == "table" else list(block.rows)
        table = [tuple(clean(c) for c in row) for row in table]
        sizes = [max(width(row[i]) for row in table if i < len(row)) for i in range(max(map(len, table)))]
        for n, row in enumerate(table):
            cells = [pad(c, sizes[i], ">" if i > 0 and _numeric(c) else "<") for i, c in enumerate(row)]
            lines.append("  " + "  ".join(cells).rstrip())
            if block.kind == "table" and n == 0:
                lines.append("  " + "  ".join("-" * s for s in sizes))
    return "\n".join(lines) + "\n"


# -- markdown -----------------------------------------------------------------------


def _md_cell(text: str) -> str:
    """Register text shown literally: no link, image, emphasis or HTML from a summary or a name."""
    from tousu.default_plugins.filesafe import md_text

    return md_text(clean(text))


def to_markdown(document: dict[str, Any]) -> str:
    lines = [f"# {_md_cell(title_of(document))}", ""]
    lines.extend(f"- {_md_cell(line)}" for line in subtitle_of(document))
    for block in blocks(document):
        if not block.rows:
            continue
        lines += ["", f"{'#' * block.level} {_md_cell(block.title)}", ""]
        columns = block.columns or (document["labels"].get("figure", "figure"), document["labels"].get("value", "value"))
        lines.append("| " + " | ".join(map(_md_cell, columns)) + " |")
        lines.append("|" + "|".join("---" if i == 0 else "---:" for i in range(len(columns))) + "|")
        for row in block.rows:
            lines.append("| " + " | ".join(map(_md_cell, row)) + " |")
    return "\n".join(lines) + "\n"


# -- csv ----------------------------------------------------------------------------


def csv_rows(document: dict[str, Any]) -> Iterator[tuple[str, str, str, str]]:
    """(section, figure, key, value): one row per figure, one per entry of a breakdown."""

    def flatten(section: str, figure: str, value: Any) -> Iterator[tuple[str, str, str, str]]:
        if isinstance(value, dict):
            for key, inner in value.items():
                if isinstance(inner, dict):
                    for column, cell in inner.items():
                        yield section, figure, f"{key}.{column}", _csv_value(cell)
                else:
                    yield section, figure, str(key), _csv_value(inner)
        elif isinstance(value, list):
            for n, row in enumerate(value, 1):
                if isinstance(row, dict):
                    for column, cell in row.items():
                        yield section, figure, f"{n}.{column}", _csv_value(cell)
                else:
                    yield section, figure, str(n), _csv_value(row)
        else:
            yield section, figure, "", _csv_value(value)

    for key, value in document.items():
        if key in ("sections", "labels", "period", "changes_since_frozen"):
            continue
        if key == "trend":
            for point in value["points"]:
                yield "core", "trend", f"{point['start']}.received", str(point["received"])
                yield "core", "trend", f"{point['start']}.resolved", str(point["resolved"])
            continue
        yield from flatten("core", key, value)
    for field in ("label", "start", "end"):
        yield "core", f"period_{field}", "", document["period"][field]
    for section in document["sections"]:
        for key, value in section["figures"].items():
            yield from flatten(section["domain"], key, value)
    for change in document.get("changes_since_frozen") or ():
        yield "changes_since_frozen", change["figure"], "frozen", _csv_value(change["frozen"])
        yield "changes_since_frozen", change["figure"], "now", _csv_value(change["now"])


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json_text(value)
    return str(value)


def to_csv(document: dict[str, Any]) -> str:
    buffer = io.StringIO()
    from tousu.default_plugins.filesafe import CsvWriter

    writer = CsvWriter(buffer)  # no cell is a formula to a spreadsheet
    writer.writerow(("section", "figure", "key", "value"))
    writer.writerows(csv_rows(document))
    return buffer.getvalue()


def to_json(document: dict[str, Any]) -> str:
    return json_text(document, indent=2) + "\n"
