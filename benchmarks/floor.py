"""The physical floor: the very rows tousu wrote, written again by plain SQL.

A baseline database gets the same schema (tousu's own migrations), indexes and settings; the
rows are read back from tousu's database *before* the timer starts, as prebuilt tuples, and
written with ``executemany`` — in one transaction per batch, or one per complaint. The SQL is
written once, with ``?`` marks, and runs on either store through `Plain`: plain ``sqlite3``
on a file, plain ``psycopg`` on a PostgreSQL database (no tousu code in between).
"""

from __future__ import annotations

import sqlite3
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

#: Tables tousu writes when it records complaints, in the order it writes them.
TABLES = ("personal", "events", "complaints", "deadlines", "steps", "links")
SQLITE, POSTGRESQL = "sqlite", "postgresql"


def is_url(target: object) -> bool:
    return str(target).startswith(("postgresql://", "postgres://"))


class Plain:
    """A plain connection to either store, taking SQL written once in the shape both accept
    (``?`` marks become psycopg's ``%s``): what every baseline runs its statements through."""

    def __init__(self, conn: Any, kind: str, database: str = "") -> None:
        self.conn = conn
        self.kind = kind
        self.database = database  # the file or URL it is connected to, when it was opened by name

    @classmethod
    def connect(cls, database: str | Path) -> Plain:
        """A plain session: ``sqlite3`` in autocommit (transactions by hand), or ``psycopg``
        in autocommit with the URL's own settings (its ``options``, e.g. synchronous_commit)."""
        if is_url(database):
            import psycopg

            return cls(psycopg.connect(str(database), autocommit=True), POSTGRESQL, str(database))
        return cls(sqlite3.connect(database, isolation_level=None), SQLITE, str(database))

    def _sql(self, sql: str) -> str:
        return sql if self.kind == SQLITE else sql.replace("%", "%%").replace("?", "%s")

    def execute(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> Any:
        if self.kind == SQLITE:
            return self.conn.execute(sql, params)
        return self.conn.execute(self._sql(sql), params) if params else self.conn.execute(sql)

    def executemany(self, sql: str, rows: list[Any]) -> None:
        if self.kind == SQLITE:
            self.conn.executemany(sql, rows)
            return
        with self.conn.cursor() as cur:
            cur.executemany(self._sql(sql), rows)

    def begin(self) -> None:
        """A write transaction: SQLite's ``BEGIN IMMEDIATE`` (tousu's), PostgreSQL's ``BEGIN``."""
        self.conn.execute("BEGIN IMMEDIATE" if self.kind == SQLITE else "BEGIN")

    def commit(self) -> None:
        self.conn.execute("COMMIT")

    def columns(self, table: str) -> list[str]:
        """The table's columns as tousu's migrations declare them (PostgreSQL's hidden ``rowid``,
        SQLite's implicit one, left out: each store numbers the rows it is given)."""
        if self.kind == SQLITE:
            return [row[1] for row in self.conn.execute(f"PRAGMA table_info({table})")]
        return [row[0] for row in self.conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = %s AND column_name <> 'rowid' ORDER BY ordinal_position", (table,))]

    def close(self) -> None:
        self.conn.close()


def fresh_database(path: Path, synchronous: str) -> sqlite3.Connection:
    """An empty database with tousu's schema (core and plugin migrations), WAL, `synchronous`."""
    from tousu.compose import load_registry, plugin_migrations
    from tousu.default_plugins.store import Store

    store = Store(path, synchronous)  # its connection: exactly the pragmas tousu runs with
    store.migrate(plugin_migrations(load_registry()))
    return Plain(store.conn, SQLITE, str(path))


def read_rows(source: Path | str, where_id: str = "") -> dict[str, list[tuple[Any, ...]]]:
    """Every row tousu wrote to the complaint tables (optionally only ids matching a LIKE), in
    `columns` order, from a SQLite file or a PostgreSQL database."""
    conn = Plain.connect(source)
    rows: dict[str, list[tuple[Any, ...]]] = {}
    for table in TABLES:
        key = "id" if table == "complaints" else "complaint_id"
        order = "seq" if table == "events" else "rowid"
        where = f" WHERE {key} LIKE ?" if where_id else ""
        rows[table] = [tuple(row) for row in conn.execute(
            f"SELECT {', '.join(conn.columns(table))} FROM {table}{where} ORDER BY {order}", (where_id,) if where_id else ()
        ).fetchall()]
    conn.close()
    return rows


def insert_sql(conn: Plain, table: str) -> str:
    names = conn.columns(table)
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"


def bulk_write(conn: Plain, rows: dict[str, list[tuple[Any, ...]]], batch: int = 500) -> float:
    """Seconds to write `rows` by executemany, `batch` complaints per transaction."""
    sql = {table: insert_sql(conn, table) for table in TABLES}
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
        conn.begin()
        for table in TABLES:
            if chunk.get(table):
                conn.executemany(sql[table], chunk[table])
        conn.commit()
    return time.perf_counter() - started


def per_complaint_write(conn: Plain, rows: dict[str, list[tuple[Any, ...]]]) -> float:
    """Seconds to write `rows` one complaint per transaction (the interactive floor)."""
    sql = {table: insert_sql(conn, table) for table in TABLES}
    groups = list(_group(rows).values())
    started = time.perf_counter()
    for group in groups:
        conn.begin()
        for table in TABLES:
            table_rows = group.get(table)
            if table_rows:
                conn.executemany(sql[table], table_rows)
        conn.commit()
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

    from tousu.default_plugins.store import Store

    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "probe.db", synchronous)
        names = ("journal_mode", "synchronous", "temp_store", "cache_size", "busy_timeout")
        values = [f"{name}={store.conn.execute(f'PRAGMA {name}').fetchone()[0]}" for name in names]
        store.close()
    return values


def stream_copy(source: str, target: str, pragmas: list[str], batch: int = 5000) -> None:
    """Copy every complaint row of `source` into `target` (schema already there), streaming:
    SQLite files or PostgreSQL databases (read through a server-side cursor, so the client
    holds one batch at a time).

    Plain ``sqlite3``/``psycopg`` only, no tousu import: the memory floor of writing the same rows.
    """
    conn = Plain.connect(target)
    for pragma in pragmas:
        conn.execute(f"PRAGMA {pragma}")
    reader = Plain.connect(source)
    for table in TABLES:
        names = conn.columns(table)
        select = f"SELECT {', '.join(names)} FROM {table}"
        if reader.kind == SQLITE:
            cursor = reader.conn.execute(select)
        else:
            reader.conn.autocommit = False  # a named cursor lives in a transaction
            cursor = reader.conn.cursor(name=f"copy_{table}")
            cursor.execute(select)
        sql = insert_sql(conn, table)
        while rows := cursor.fetchmany(batch):
            conn.begin()
            conn.executemany(sql, rows)
            conn.commit()
        if reader.kind != SQLITE:
            cursor.close()
            reader.conn.commit()
    reader.close()
    conn.close()


if __name__ == "__main__":  # the plain loader of the memory scenario: floor.py SOURCE TARGET PRAGMA...
    import sys

    stream_copy(sys.argv[1], sys.argv[2], sys.argv[3:])


def sweep_writes(pristine: str, swept: str, scratch: Path, target: Any, synchronous: str) -> float:
    """Seconds for plain SQL to write what the sweep wrote: its events, the breached clocks,
    the warned clocks' ``warned`` flag, each swept complaint's ``last_event`` (on a copy of the
    register as it was before the sweep, on `target`'s store with tousu's `synchronous`)."""
    reader = Plain.connect(pristine)
    last = reader.execute("SELECT max(seq) FROM events").fetchone()[0]
    reader.close()  # PostgreSQL copies a database nobody is connected to
    conn = Plain.connect(swept)
    names = conn.columns("events")
    events = [tuple(row) for row in conn.execute(f"SELECT {', '.join(names)} FROM events WHERE seq > ? ORDER BY seq",
                                                 (last,)).fetchall()]
    ids = [(row[names.index("complaint_id")],) for row in events]
    breached = [tuple(row) for row in conn.execute(
        f"SELECT complaint_id, name FROM deadlines WHERE state = 'breached' AND complaint_id IN "
        f"(SELECT complaint_id FROM events WHERE seq > {last})"
    ).fetchall()]
    # the warnings it recorded (issue 17): none of the register's clocks was warned before it
    warned = [tuple(row) for row in conn.execute(
        f"SELECT complaint_id, name FROM deadlines WHERE warned = 1 AND complaint_id IN "
        f"(SELECT complaint_id FROM events WHERE seq > {last})"
    ).fetchall()]
    conn.close()
    conn = target.open(target.copy(pristine, scratch), synchronous)  # the settings tousu runs with
    started = time.perf_counter()
    conn.begin()
    if events:
        conn.executemany(insert_sql(conn, "events"), events)
    conn.executemany("UPDATE deadlines SET state = 'breached' WHERE complaint_id = ? AND name = ?", breached)
    if warned:
        conn.executemany("UPDATE deadlines SET warned = 1 WHERE complaint_id = ? AND name = ?", warned)
    conn.executemany("UPDATE complaints SET last_event = (SELECT max(seq) FROM events e WHERE e.complaint_id = id) "
                     "WHERE id = ?", ids)
    conn.commit()
    seconds = time.perf_counter() - started
    conn.close()
    return seconds
