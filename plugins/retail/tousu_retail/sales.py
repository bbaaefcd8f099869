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


def _count(value: str, column: str, line: int, path: Path) -> int:
    text = value.strip()
    if not text.isdigit():
        raise InputError.of("retail.sales.count", path=str(path), line=line, column=column, value=value)
    return int(text)


def read_rows(path: Path) -> list[tuple[str, str, str, int, int]]:
    """Parse and check the whole file before anything is written."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError.of("retail.sales.not_found", path=str(path)) from None
    except UnicodeDecodeError as exc:
        raise InputError.of("retail.sales.not_utf8", path=str(path), byte=exc.start) from None
    reader = csv.DictReader(io.StringIO(text))
    header = tuple(h.strip() for h in (reader.fieldnames or ()))
    missing = [c for c in COLUMNS if c not in header]
    extra = [c for c in header if c not in COLUMNS]
    if missing or extra:
        raise _columns(path, missing, extra)
    try:
        return _rows(reader, path)
    except csv.Error as exc:
        raise InputError.of("retail.sales.unreadable", path=str(path), problem=str(exc)) from None


def _columns(path: Path, missing: list[str], extra: list[str]) -> InputError:
    """The refusal of a header that lacks or adds columns."""
    which = "missing_unknown" if missing and extra else "missing" if missing else "unknown"
    return InputError.of(f"retail.sales.columns_{which}", path=str(path), columns=",".join(COLUMNS),
                         missing=", ".join(missing), unknown=", ".join(extra))


def _rows(reader: csv.DictReader, path: Path) -> list[tuple[str, str, str, int, int]]:
    rows: list[tuple[str, str, str, int, int]] = []
    seen: set[tuple[str, str, str]] = set()
    for line, raw in enumerate(reader, start=2):
        record = {k.strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        if None in raw:
            raise InputError.of("retail.sales.too_many", path=str(path), line=line)
        month, product, supplier = record["month"], record["product"], record["supplier"]
        if not _MONTH.match(month):
            raise InputError.of("retail.sales.month", path=str(path), line=line, month=month)
        if not product or not supplier:
            raise InputError.of("retail.sales.empty", path=str(path), line=line)
        key = (month, product, supplier)
        if key in seen:
            raise InputError.of("retail.sales.twice", path=str(path), line=line, month=month, product=product, supplier=supplier)
        seen.add(key)
        sold = _count(record["sold"], "sold", line, path)
        rows.append((*key, sold, _count(record["quality_returns"], "quality_returns", line, path)))
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
