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
from typing import Any, BinaryIO

import attrs

from tousu.serialize import to_json

#: Keys of an import record (``id`` is the source register's id, kept for reference only).
INTAKE_KEYS = (
    "id", "domain", "channel", "category", "tier", "summary", "complainant", "contact", "respondent", "place",
    "request", "received_at", "urgent", "actor", "fields", "actions",
)
ACTION_KEYS = ("action", "at", "actor", "to", "note", "fields")
#: Column order of an exported ``.csv`` file.
CSV_COLUMNS = INTAKE_KEYS


#: The last line of an export: the organization, the record count and the chain head it was
#: read from (a JSON object with only this key; in CSV a row whose first cell starts with it).
#: Import skips it.
EXPORT_MARK = "tousu_export"


class BadRecord(Exception):
    """A record that cannot be read; the message is the reason shown with its line number."""


@attrs.frozen
class Raw:
    """A record as read from the file, or the reason it could not be read."""

    line: int
    record: dict[str, Any] | None
    error: str = ""


def _lines(handle: BinaryIO, advance: Callable[[int], None]) -> Iterator[str]:
    """Decoded lines (with their ends); a line that is not UTF-8 comes back with U+FFFD marks."""
    first = True
    for raw in handle:
        advance(len(raw))
        if first and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        first = False
        yield raw.decode("utf-8", errors="replace")


def read_jsonl(handle: BinaryIO, advance: Callable[[int], None] = lambda n: None) -> Iterator[Raw]:
    for number, text in enumerate(_lines(handle, advance), 1):
        if not text.strip():
            continue
        if "\ufffd" in text:
            yield Raw(number, None, "not valid UTF-8")
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            yield Raw(number, None, f"not valid JSON: {exc.msg} at column {exc.colno}")
            continue
        if not isinstance(record, dict):
            yield Raw(number, None, f"expected a JSON object, got {type(record).__name__}")
            continue
        if list(record) == [EXPORT_MARK]:  # an export's trailer, not a complaint
            continue
        yield Raw(number, record)


def read_csv(handle: BinaryIO, advance: Callable[[int], None] = lambda n: None) -> Iterator[Raw]:
    reader = csv.reader(_lines(handle, advance))
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
        if header is None:
            header = [h.strip() for h in row]
            unknown = [h for h in header if h not in INTAKE_KEYS and not h.startswith("field.")]
            if unknown:
                raise BadRecord(
                    f"line 1: unknown column(s) {', '.join(unknown)} (columns: {', '.join(INTAKE_KEYS)}, field.KEY)"
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


def _from_cells(cells: dict[str, str]) -> dict[str, Any]:
    """A CSV row as a record: JSON cells decoded, ``field.KEY`` columns gathered, empty cells dropped."""
    record: dict[str, Any] = {}
    fields: dict[str, Any] = {}
    from tousu.filesafe import csv_uncell

    for key, value in cells.items():
        value = csv_uncell(value)  # a cell tousu's export quoted for spreadsheets
        if key.startswith("field."):
            if value != "":
                fields[key[len("field."):]] = value
        elif key in ("fields", "actions"):
            if value.strip():
                try:
                    record[key] = json.loads(value)
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
