"""Plain-text tables for the terminal: a header row, columns aligned by display width.

A Chinese character takes two columns on a terminal, so padding by ``len`` misaligns every
zh screen; widths here follow `unicodedata.east_asian_width`. A row that would run past the
terminal's 120 columns has its widest flexible cells cut with ``…`` instead of wrapping.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

#: The width a row is cut to: what a desk terminal shows without wrapping.
MAX_WIDTH = 120
#: The separator between two columns.
GAP = "  "


def width(text: str) -> int:
    """Terminal columns `text` takes: wide and full-width characters two, combining marks none."""
    total = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        total += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return total


def cut(text: str, limit: int) -> str:
    """`text` cut to at most `limit` columns, ending in ``…`` when something was dropped."""
    if width(text) <= limit:
        return text
    if limit <= 0:
        return ""
    kept, used = [], 0
    for ch in text:
        w = 0 if unicodedata.combining(ch) else (2 if unicodedata.east_asian_width(ch) in "WF" else 1)
        if used + w > limit - 1:
            break
        kept.append(ch)
        used += w
    return "".join(kept) + "…"


def pad(text: str, size: int, align: str = "<") -> str:
    """`text` padded to `size` display columns (``>`` right-aligns, for numbers)."""
    space = " " * max(size - width(text), 0)
    return space + text if align == ">" else text + space


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    align: str = "",
    max_width: int = MAX_WIDTH,
    fixed: Sequence[int] = (),
    prefix: str = "",
) -> list[str]:
    """Lines of a table: the header row, then one line per row, each at most `max_width` wide.

    `align` holds one character per column (``<`` or ``>``, default left). When the rows are
    too wide, the widest column not in `fixed` (ids, times) is narrowed first, down to its
    header's width, cutting its cells with ``…``. `prefix` starts every line (a marker column
    such as ``!`` for overdue lines is part of the rows instead).
    """
    count = len(headers)
    cells = [[str(c) for c in row] + [""] * (count - len(row)) for row in rows]
    sizes = [max([width(h)] + [width(r[i]) for r in cells]) for i, h in enumerate(headers)]
    budget = max_width - width(prefix) - width(GAP) * (count - 1)
    floors = [max(width(h), 4) for h in headers]
    while sum(sizes) > budget:
        candidates = [i for i in range(count) if i not in fixed and sizes[i] > floors[i]]
        if not candidates:
            break
        widest = max(candidates, key=lambda i: sizes[i])
        sizes[widest] = max(floors[widest], sizes[widest] - (sum(sizes) - budget))
    aligns = (align + "<" * count)[:count]

    def line(values: Sequence[str]) -> str:
        parts = [pad(cut(v, sizes[i]), sizes[i], aligns[i]) for i, v in enumerate(values)]
        return (prefix + GAP.join(parts)).rstrip()

    return [line(list(headers)), *(line(r) for r in cells)]


def labelled(pairs: Sequence[tuple[str, str]], *, indent: str = "") -> list[str]:
    """``label  value`` lines with the labels padded to the widest one (by display width)."""
    if not pairs:
        return []
    size = max(width(k) for k, _ in pairs)
    return [f"{indent}{pad(k, size)}  {v}".rstrip() for k, v in pairs]


__all__ = ["MAX_WIDTH", "cut", "labelled", "pad", "table", "width"]
