"""Large tables fast: template complaints recorded by tousu itself, cloned by direct SQL.

A million complaints through the pipeline would take many minutes, so the 1 000 000-row
scenarios start from a few hundred *template* complaints that tousu records through
`App.intake`/`App.act` (so every row is one tousu wrote), then copy them with
``executemany``: new ids, every instant shifted by the same amount (receipt, events,
deadlines, steps, and instants inside the JSON payloads), the month recomputed, a new
contact. The rows stay exactly what tousu would have written for that history at that time.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from workload import TZ

_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{6})?(?:Z|[+-]\d\d:\d\d)")


def _parse(text: str) -> tuple[datetime, str]:
    """An instant as stored (``...Z``) or as shown (``...+08:00``), and how to write it back."""
    if text.endswith("Z"):
        return datetime.fromisoformat(text[:-1]), "db"
    return datetime.fromisoformat(text), "micro" if "." in text else "seconds"


def _format(value: datetime, style: str) -> str:
    if style == "db":
        return value.isoformat(timespec="microseconds") + "Z"
    return value.isoformat(timespec="microseconds" if style == "micro" else "seconds")


class _Cell:
    """A text cell with instants in it, kept as a format string over its template's distinct
    instants (``{0}``, ``{3}``…): one ``str.format`` call rebuilds it for any shift."""

    __slots__ = ("text",)

    def __init__(self, text: str, stamps: dict[str, int]) -> None:
        def literal(part: str) -> str:
            return part.replace("{", "{{").replace("}", "}}")

        parts = _STAMP.split(text)
        pieces = [literal(parts[0])]
        for found, tail in zip(_STAMP.findall(text), parts[1:], strict=True):
            pieces.append(f"{{{stamps.setdefault(found, len(stamps))}}}")
            pieces.append(literal(tail))
        self.text = "".join(pieces)


class _Row:
    """A template row: its values, where the new id goes, and its cells with instants (each
    a bound ``str.format``), so a copy is the list copied and those few cells filled in."""

    __slots__ = ("cells", "ids", "values")

    def __init__(self, row: tuple[Any, ...], id_positions: tuple[int, ...], stamps: dict[str, int]) -> None:
        self.values = list(row)
        self.ids = id_positions
        self.cells = [
            (position, _Cell(value, stamps).text.format)
            for position, value in enumerate(row)
            if position not in id_positions and isinstance(value, str) and _STAMP.search(value)
        ]

    def build(self, new_id: str, stamps: list[str]) -> list[Any]:
        row = self.values.copy()
        for position in self.ids:
            row[position] = new_id
        for position, fill in self.cells:
            row[position] = fill(*stamps)
        return row


class Template:
    """One complaint as tousu recorded it, ready to be copied to another time."""

    def __init__(self, conn: sqlite3.Connection, complaint_id: str) -> None:
        def rows(sql: str) -> list[tuple[Any, ...]]:
            return conn.execute(sql, (complaint_id,)).fetchall()

        found: dict[str, int] = {}  # every distinct instant of its rows, numbered
        self.complaint = _Row(rows("SELECT * FROM complaints WHERE id = ?")[0], (0,), found)
        self.received = datetime.fromisoformat(rows("SELECT received_at FROM complaints WHERE id = ?")[0][0][:-1])
        self.personal = _Row(rows("SELECT * FROM personal WHERE complaint_id = ?")[0], (0,), found)
        self.events = [_Row(r[1:], (0,), found) for r in rows("SELECT * FROM events WHERE complaint_id = ? ORDER BY n")]
        self.deadlines = [_Row(r, (0,), found) for r in rows("SELECT * FROM deadlines WHERE complaint_id = ? ORDER BY rowid")]
        self.steps = [_Row(r, (0,), found) for r in rows("SELECT * FROM steps WHERE complaint_id = ? ORDER BY rowid")]
        #: The distinct instants of those rows, in the numbering of the cells' format strings.
        self.stamps = [_parse(text) for text in found]
        pending = rows("SELECT due_at FROM deadlines WHERE complaint_id = ? AND active = 1 AND state = 'pending'")
        #: Minutes from receipt to the first pending clock / to the last recorded event.
        self.first_pending = min((self._offset(r[0]) for r in pending), default=None)
        self.last_event = self._offset(rows("SELECT max(at) FROM events WHERE complaint_id = ?")[0][0])

    def _offset(self, stored: str) -> timedelta:
        return datetime.fromisoformat(stored[:-1]) - self.received

    def rows_at(self, new_id: str, received: datetime, contact: str, first_seq: int) -> dict[str, list[list[Any]]]:
        """This complaint's rows as if it had been received at `received` (aware)."""
        delta = received.astimezone(UTC).replace(tzinfo=None) - self.received
        shifted = [_format(value + delta, style) for value, style in self.stamps]  # each instant once
        complaint = self.complaint.build(new_id, shifted)
        complaint[5] = received.astimezone(TZ).strftime("%Y-%m")
        events = []
        for n, template_row in enumerate(self.events):
            row = template_row.build(new_id, shifted)
            row[4] = row[3]  # recorded_at: when it happened (the template's wall clock means nothing here)
            events.append([first_seq + n, *row])
        complaint[-1] = first_seq + len(events) - 1  # last_event
        personal = self.personal.build(new_id, shifted)
        personal[2] = contact
        return {
            "complaints": [complaint],
            "personal": [personal],
            "events": events,
            "deadlines": [row.build(new_id, shifted) for row in self.deadlines],
            "steps": [row.build(new_id, shifted) for row in self.steps],
        }


def insert_sql(conn: sqlite3.Connection, table: str) -> str:
    width = len(conn.execute(f"PRAGMA table_info({table})").fetchall())
    return f"INSERT INTO {table} VALUES ({', '.join('?' * width)})"


def write_clones(
    conn: sqlite3.Connection,
    clones: Iterator[tuple[Template, datetime]],
    *,
    batch: int = 20_000,
    progress: Callable[[int], None] = lambda n: None,
) -> int:
    """Insert each (template, receipt) as a new complaint after the ones already there."""
    tables = ("complaints", "personal", "events", "deadlines", "steps")
    sql = {t: insert_sql(conn, t) for t in tables}
    # secondary indexes are dropped while loading and built again after (sorted, far faster)
    indexes = conn.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({', '.join('?' * len(tables))})",
        tables,
    ).fetchall()
    for name, _ in indexes:
        conn.execute(f"DROP INDEX {name}")
    # the search index's triggers too: each complaint would be indexed twice (its row, then its
    # personal row's update); it is filled once after, as its migration fills it
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'complaint_search%'"
    ).fetchall()
    for name, _ in triggers:
        conn.execute(f"DROP TRIGGER {name}")
    first = conn.execute("SELECT coalesce(max(id), '') FROM complaints").fetchone()[0]
    number = conn.execute("SELECT coalesce(max(value), 0) FROM counters WHERE name = 'complaint'").fetchone()[0]
    seq = conn.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()[0] + 1
    pending: dict[str, list[Any]] = {t: [] for t in tables}
    written = 0

    def flush() -> None:
        conn.execute("BEGIN IMMEDIATE")
        for table in tables:
            if pending[table]:
                conn.executemany(sql[table], pending[table])
                pending[table] = []
        conn.execute(
            "INSERT INTO counters (name, value) VALUES ('complaint', ?) "
            "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            (number,),
        )
        conn.execute("COMMIT")

    for template, received in clones:
        number += 1
        rows = template.rows_at(f"C{number:08d}", received, f"139{number:08d}", seq)
        seq += len(rows["events"])
        for table, table_rows in rows.items():
            pending[table].extend(table_rows)
        written += 1
        if written % batch == 0:
            flush()
            progress(written)
    flush()
    for _, create in indexes:
        conn.execute(create)
    if triggers:
        _index_for_search(conn, first)
        for _, create in triggers:
            conn.execute(create)
    return written


def _index_for_search(conn: sqlite3.Connection, after: str) -> None:
    """The search index's rows of the complaints after id `after`, as the search migration
    (`tousu.default_plugins.store.search`) fills it for the complaints already there."""
    from tousu.default_plugins.store.search import OPEN_COLUMNS, PERSONAL_COLUMNS

    texts = ", ".join(f"c.{name}" for name in OPEN_COLUMNS)
    conn.execute(
        f"INSERT INTO complaint_search (rowid, {', '.join(OPEN_COLUMNS + PERSONAL_COLUMNS)}) "
        f"SELECT CAST(substr(c.id, 2) AS INTEGER), {texts}, coalesce(p.complainant, ''), coalesce(p.contact, '') "
        "FROM complaints c LEFT JOIN personal p ON p.complaint_id = c.id WHERE c.id > ?",
        (after,),
    )
