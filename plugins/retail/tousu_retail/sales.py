"""Monthly sales and quality returns per product (table ``retail_sales``), imported from CSV.

Delisting criterion 4 (quality returns above 2% for 3 consecutive months) needs the number
sold next to the number returned for quality reasons; the desk's register does not know
sales, so the merchandise system exports them and ``tousu retail sales import`` loads them.
A file is loaded whole or not at all; a month already loaded for a product is replaced.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from tousu.errors import InputError
from tousu.timeutil import to_db

COLUMNS = ("month", "product", "supplier", "sold", "quality_returns")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


#: ``retail_sales``: one row per organization, month, product and supplier (the migration the
#: store runs; a plugin hands it SQL text and reads and writes the table through the store).
SCHEMA = (
    "CREATE TABLE retail_sales ("
    " org TEXT NOT NULL, month TEXT NOT NULL, product TEXT NOT NULL, supplier TEXT NOT NULL,"
    " sold INTEGER NOT NULL, quality_returns INTEGER NOT NULL, imported_at TEXT NOT NULL,"
    " PRIMARY KEY (org, month, product, supplier))"
)


def _count(value: str, column: str, line: int) -> int:
    text = value.strip()
    if not text.isdigit():
        raise InputError(f"line {line}: {column} {value!r}: expected a whole number of 0 or more")
    return int(text)


def read_rows(path: Path) -> list[tuple[str, str, str, int, int]]:
    """Parse and check the whole file before anything is written."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 (byte {exc.start}); save the CSV as UTF-8") from None
    reader = csv.DictReader(io.StringIO(text))
    header = tuple(h.strip() for h in (reader.fieldnames or ()))
    missing = [c for c in COLUMNS if c not in header]
    extra = [c for c in header if c not in COLUMNS]
    if missing or extra:
        raise InputError(
            f"{path}: expected the columns {','.join(COLUMNS)}"
            + (f"; missing {', '.join(missing)}" if missing else "")
            + (f"; unknown {', '.join(extra)}" if extra else "")
        )
    try:
        return _rows(reader)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None


def _rows(reader: csv.DictReader) -> list[tuple[str, str, str, int, int]]:
    rows: list[tuple[str, str, str, int, int]] = []
    seen: set[tuple[str, str, str]] = set()
    for line, raw in enumerate(reader, start=2):
        record = {k.strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        if None in raw:
            raise InputError(f"line {line}: more values than columns")
        month, product, supplier = record["month"], record["product"], record["supplier"]
        if not _MONTH.match(month):
            raise InputError(f"line {line}: month {month!r}: expected YYYY-MM")
        if not product or not supplier:
            raise InputError(f"line {line}: product and supplier must not be empty")
        key = (month, product, supplier)
        if key in seen:
            raise InputError(f"line {line}: {month} {product} / {supplier} appears twice in the file")
        seen.add(key)
        rows.append((*key, _count(record["sold"], "sold", line), _count(record["quality_returns"], "quality_returns", line)))
    return rows


def import_sales(store: Any, org_id: str, path: Path, at: datetime) -> int:
    """Load `path` for `org_id` in one transaction; returns the number of rows loaded."""
    rows = read_rows(path)
    with store.transaction():
        store.put_own_rows(
            "retail_sales",
            ("org", "month", "product", "supplier", "sold", "quality_returns", "imported_at"),
            ("org", "month", "product", "supplier"),
            [(org_id, *row, to_db(at)) for row in rows],
        )
    return len(rows)
