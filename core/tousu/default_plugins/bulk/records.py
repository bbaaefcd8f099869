"""The import/export record: reading ``.jsonl`` and ``.csv`` files one record at a time.

One record is one complaint: the intake keys, and optionally ``actions``, the history to
replay. In a ``.csv`` file ``fields`` and ``actions`` are JSON text in their cells, and any
``field.KEY`` column adds one domain field. Files are read as a stream (one line, or one CSV
row, at a time), so their size does not matter; each record keeps its line number.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO, NamedTuple

from tousu.serialize import to_json

#: Keys of an import record (``id`` is the source register's id, kept for reference only).
INTAKE_KEYS = (
    "id", "domain", "channel", "category", "tier", "summary", "complainant", "contact", "respondent", "place",
    "request", "received_at", "urgent", "actor", "fields", "actions",
)
#: What an import accepts besides: ``ref``, the record's id in the source system (`record_ref`).
IMPORT_KEYS = (*INTAKE_KEYS, "ref")
ACTION_KEYS = ("action", "at", "actor", "to", "note", "fields")
#: The longest line read (bytes): a longer one is refused on its own, never held whole in memory.
MAX_LINE = 4 * 1024 * 1024
#: How deep a record's objects and lists may nest (a real one needs four or five levels).
MAX_DEPTH = 64
#: Column order of an exported ``.csv`` file.
CSV_COLUMNS = INTAKE_KEYS


#: The last line of an export: the organization, the record count and the chain head it was
#: read from (a JSON object with only this key; in CSV a row whose first cell starts with it).
#: Import skips it.
EXPORT_MARK = "tousu_export"


class BadRecord(Exception):
    """A record that cannot be read; the message is the reason shown with its line number."""


class Raw(NamedTuple):
    """A record as read from the file, or the reason it could not be read.

    A named tuple, not a frozen attrs class: one is made per line of the file, and a frozen
    class's ``__init__`` sets each field through ``object.__setattr__`` (~1.5% of an import).
    """

    line: int
    record: dict[str, Any] | None
    error: str = ""


def _lines(handle: BinaryIO, advance: Callable[[int], None], too_long: list[int]) -> Iterator[str]:
    """Decoded lines (with their ends); a line that is not UTF-8 comes back with U+FFFD marks.

    A line longer than `MAX_LINE` is read no further than that (the rest is skipped in
    pieces of that size): its number goes to `too_long` and an empty line takes its place.
    """
    first = True
    number = 0
    while raw := handle.readline(MAX_LINE + 1):
        number += 1
        advance(len(raw))
        if len(raw) > MAX_LINE:
            while not raw.endswith(b"\n") and (raw := handle.readline(MAX_LINE)):
                advance(len(raw))
            too_long.append(number)
            first = False
            yield "\n"
            continue
        if first and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        first = False
        yield raw.decode("utf-8", errors="replace")


def _too_long(number: int) -> Raw:
    return Raw(number, None, f"line longer than {MAX_LINE // (1024 * 1024)} MiB, not read")


def _too_deep(value: Any) -> bool:
    """Whether `value` nests deeper than `MAX_DEPTH` (walked without recursion)."""
    level: list[tuple[Any, int]] = [(value, 1)]
    while level:
        item, depth = level.pop()
        if depth > MAX_DEPTH:
            return True
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        level.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def _loads(text: str) -> Any:
    """JSON text as a value; a nesting too deep to be a record raises `BadRecord`."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise BadRecord(f"nested deeper than {MAX_DEPTH} levels") from None
    # a text with fewer brackets than the limit cannot nest deeper (every level opens one):
    # counted in C, so only a line with that many is walked
    if text.count("{") + text.count("[") > MAX_DEPTH and _too_deep(value):
        raise BadRecord(f"nested deeper than {MAX_DEPTH} levels")
    return value


def read_jsonl(handle: BinaryIO, advance: Callable[[int], None] = lambda n: None) -> Iterator[Raw]:
    too_long: list[int] = []
    for number, text in enumerate(_lines(handle, advance, too_long), 1):
        if too_long:
            yield _too_long(too_long.pop())
            continue
        if not text.strip():
            continue
        if "\ufffd" in text:
            yield Raw(number, None, "not valid UTF-8")
            continue
        try:
            record = _loads(text)
        except json.JSONDecodeError as exc:
            yield Raw(number, None, f"not valid JSON: {exc.msg} at column {exc.colno}")
            continue
        except BadRecord as exc:
            yield Raw(number, None, str(exc))
            continue
        if not isinstance(record, dict):
            yield Raw(number, None, f"expected a JSON object, got {type(record).__name__}")
            continue
        if len(record) == 1 and EXPORT_MARK in record:  # an export's trailer, not a complaint
            continue
        yield Raw(number, record)


def read_csv(handle: BinaryIO, advance: Callable[[int], None] = lambda n: None) -> Iterator[Raw]:
    too_long: list[int] = []
    reader = csv.reader(_lines(handle, advance, too_long))
    header: list[str] | None = None
    consumed = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # one unreadable row never stops the rest
            start, consumed = consumed + 1, reader.line_num
            yield Raw(start, None, f"not valid CSV: {exc}")
            continue
        start, consumed = consumed + 1, reader.line_num
        if too_long:  # the row held a line too long to read: refused whole
            yield _too_long(too_long.pop())
            continue
        if header is None:
            header = [h.strip() for h in row]
            unknown = [h for h in header if h not in IMPORT_KEYS and not h.startswith("field.")]
            if unknown:
                raise BadRecord(
                    f"line 1: unknown column(s) {', '.join(unknown)} (columns: {', '.join(IMPORT_KEYS)}, field.KEY)"
                )
            continue
        if not any(cell.strip() for cell in row) or (row and row[0].startswith(EXPORT_MARK)):
            continue
        if "\ufffd" in "".join(row):
            yield Raw(start, None, "not valid UTF-8")
            continue
        if len(row) != len(header):
            yield Raw(start, None, f"expected {len(header)} cells, got {len(row)}")
            continue
        try:
            yield Raw(start, _from_cells(dict(zip(header, row, strict=True))))
        except BadRecord as exc:
            yield Raw(start, None, str(exc))


def count_records(path: Any, kind: str) -> int:
    """How many records the file holds: its lines that are not blank (less a CSV header and an
    export's trailer), read in pieces of at most `MAX_LINE` (an interrupted import's "of N")."""
    count, fresh, blank, start, last = 0, True, True, b"", b""
    with open(path, "rb") as handle:
        while piece := handle.readline(MAX_LINE):
            if fresh:
                blank, start = True, piece
            blank = blank and not piece.strip()
            fresh = piece.endswith(b"\n")
            if fresh and not blank:
                count, last = count + 1, start
        if not fresh and not blank:
            count, last = count + 1, start
    mark = EXPORT_MARK.encode()
    if last.lstrip(b"\xef\xbb\xbf \t").startswith((b'{"' + mark + b'"', mark, b'"' + mark)):
        count -= 1
    return max(0, count - 1) if kind == "csv" else count


def _from_cells(cells: dict[str, str]) -> dict[str, Any]:
    """A CSV row as a record: JSON cells decoded, ``field.KEY`` columns gathered, empty cells dropped."""
    record: dict[str, Any] = {}
    fields: dict[str, Any] = {}
    from tousu.default_plugins.filesafe import csv_uncell

    for key, value in cells.items():
        value = csv_uncell(value)  # a cell tousu's export quoted for spreadsheets
        if key.startswith("field."):
            if value != "":
                fields[key[len("field."):]] = value
        elif key in ("fields", "actions"):
            if value.strip():
                try:
                    record[key] = _loads(value)
                except json.JSONDecodeError as exc:
                    raise BadRecord(f"{key}: not valid JSON: {exc.msg}") from None
        elif value != "":
            record[key] = value
    if fields:
        base = record.get("fields", {})
        if not isinstance(base, dict):
            raise BadRecord("fields: expected a JSON object")
        record["fields"] = {**base, **fields}
    return record


def to_csv_row(record: dict[str, Any]) -> list[str]:
    """An export record as the cells of CSV_COLUMNS."""
    cells = []
    for key in CSV_COLUMNS:
        value = record.get(key)
        if value is None:
            cells.append("")
        elif key in ("fields", "actions"):
            cells.append(to_json(value, sort_keys=True) if value else "")
        elif isinstance(value, bool):
            cells.append("true" if value else "false")
        else:
            cells.append(str(value))
    return cells
