"""The physical floor: the very rows tousu wrote, written again by plain ``sqlite3``.

A baseline database gets the same schema (tousu's own migrations), indexes and pragmas; the
rows are read back from tousu's database *before* the timer starts, as prebuilt tuples, and
written with ``executemany`` — in one transaction per batch, or one per complaint.
"""

from __future__ import annotations

import sqlite3
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

#: Tables tousu writes when it records complaints, in the order it writes them.
TABLES = ("personal", "events", "complaints", "deadlines", "steps", "links")


def fresh_database(path: Path, synchronous: str) -> sqlite3.Connection:
    """An empty database with tousu's schema (core and plugin migrations), WAL, `synchronous`."""
    from tousu.compose import load_registry, plugin_migrations
    from tousu.store import Store

    store = Store(path, synchronous)  # its connection: exactly the pragmas tousu runs with
    store.migrate(plugin_migrations(load_registry()))
    return store.conn


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def read_rows(source: Path, where_id: str = "") -> dict[str, list[tuple[Any, ...]]]:
    """Every row tousu wrote to the complaint tables (optionally only ids matching a LIKE)."""
    conn = sqlite3.connect(source)
    rows: dict[str, list[tuple[Any, ...]]] = {}
    for table in TABLES:
        key = "id" if table == "complaints" else "complaint_id"
        order = "seq" if table == "events" else "rowid"
        where = f" WHERE {key} LIKE ?" if where_id else ""
        rows[table] = conn.execute(
            f"SELECT * FROM {table}{where} ORDER BY {order}", (where_id,) if where_id else ()
        ).fetchall()
    conn.close()
    return rows


def _insert_sql(conn: sqlite3.Connection, table: str) -> str:
    names = columns(conn, table)
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"


def bulk_write(conn: sqlite3.Connection, rows: dict[str, list[tuple[Any, ...]]], batch: int = 500) -> float:
    """Seconds to write `rows` by executemany, `batch` complaints per transaction."""
    sql = {table: _insert_sql(conn, table) for table in TABLES}
    by_complaint = _group(rows)
    ids = list(by_complaint)
    chunks = []
    for start in range(0, len(ids), batch):
        chunk: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        for cid in ids[start : start + batch]:
            for table, table_rows in by_complaint[cid].items():
                chunk[table].extend(table_rows)
        chunks.append(chunk)
    started = time.perf_counter()
    for chunk in chunks:
        conn.execute("BEGIN IMMEDIATE")
        for table in TABLES:
            if chunk.get(table):
                conn.executemany(sql[table], chunk[table])
        conn.execute("COMMIT")
    return time.perf_counter() - started


def per_complaint_write(conn: sqlite3.Connection, rows: dict[str, list[tuple[Any, ...]]]) -> float:
    """Seconds to write `rows` one complaint per transaction (the interactive floor)."""
    sql = {table: _insert_sql(conn, table) for table in TABLES}
    groups = list(_group(rows).values())
    started = time.perf_counter()
    for group in groups:
        conn.execute("BEGIN IMMEDIATE")
        for table in TABLES:
            table_rows = group.get(table)
            if table_rows:
                conn.executemany(sql[table], table_rows)
        conn.execute("COMMIT")
    return time.perf_counter() - started


def _group(rows: dict[str, list[tuple[Any, ...]]]) -> dict[str, dict[str, list[tuple[Any, ...]]]]:
    """Rows by complaint id, in the order the complaints were created."""
    grouped: dict[str, dict[str, list[tuple[Any, ...]]]] = {}
    for row in rows["complaints"]:
        grouped[row[0]] = {"complaints": [row]}
    for table in TABLES:
        if table == "complaints":
            continue
        position = 1 if table == "events" else 0  # events: seq first, then complaint_id
        for row in rows[table]:
            grouped[row[position]].setdefault(table, []).append(row)
    return dict(sorted(grouped.items()))


def store_pragmas(synchronous: str) -> list[str]:
    """The pragmas tousu's `Store` sets on its connection, as ``name=value`` (read off a live one)."""
    import tempfile

    from tousu.store import Store

    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "probe.db", synchronous)
        names = ("journal_mode", "synchronous", "temp_store", "cache_size", "busy_timeout")
        values = [f"{name}={store.conn.execute(f'PRAGMA {name}').fetchone()[0]}" for name in names]
        store.close()
    return values


def stream_copy(source: Path, target: Path, pragmas: list[str], batch: int = 5000) -> None:
    """Copy every complaint row of `source` into `target` (schema already there), streaming.

    Plain ``sqlite3`` only, no tousu import: the memory floor of writing the same rows.
    """
    conn = sqlite3.connect(target, isolation_level=None)
    for pragma in pragmas:
        conn.execute(f"PRAGMA {pragma}")
    reader = sqlite3.connect(source)
    for table in TABLES:
        names = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
        sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
        cursor = reader.execute(f"SELECT {', '.join(names)} FROM {table}")
        while rows := cursor.fetchmany(batch):
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(sql, rows)
            conn.execute("COMMIT")
    reader.close()
    conn.close()


if __name__ == "__main__":  # the plain loader of the memory scenario: floor.py SOURCE TARGET PRAGMA...
    import sys

    stream_copy(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:])
