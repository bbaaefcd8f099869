"""Copying a SQLite deployment into PostgreSQL (``tousu migrate --to postgresql://…``).

Every table is copied as stored — events and audit rows with their sequence numbers and
hashes, personal data, frozen reports, the attachments' index, credentials, the outbox,
the plugins' tables — in one PostgreSQL transaction: a failed copy leaves the target as it
was. The append-only tables (events, audit, frozen reports) are copied from where the
target's copy ends, after checking that the target's last row is the source's row of the
same number (same hash), so a second run adds only what was recorded since and never
rewrites history; every other table is replaced whole. Then each table's row count and
each organization's chain heads must be the same on both sides.
"""

from __future__ import annotations

from typing import Any

import attrs

from tousu.errors import Refused

#: Tables only appended to: copied incrementally (by ``seq``), never replaced.
APPEND_ONLY = ("events", "audit", "frozen_reports")
#: What the SQLite store keeps that is not data: its own catalog and the search index
#: (on PostgreSQL a view over the copied tables).
_SKIP_PREFIXES = ("sqlite_", "complaint_search", "_migrations")
#: Tables derived from the others and kept by the target's own triggers as the rows arrive
#: (tousu.default_plugins.store.tallies, tousu.default_plugins.store.rollups): not copied, counted again there after the copy
#: (a copied count would be added to by those triggers, and keys are written in each store's form).
DERIVED = ("clock_tallies", "received_keys", "received_rollup", "received_rollups")


@attrs.define
class Copied:
    """What a run copied and checked."""

    tables: dict[str, dict[str, int]] = attrs.field(factory=dict)
    heads: list[dict[str, Any]] = attrs.field(factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"tables": self.tables, "chains": self.heads}


def _source_tables(source: Any) -> list[str]:
    return [
        row[0]
        for row in source.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        if not row[0].startswith(_SKIP_PREFIXES) and row[0] not in DERIVED
    ]


def _columns(source: Any, table: str) -> tuple[list[str], bool]:
    """The table's columns on SQLite, and whether it has an implicit rowid (copied as ``rowid``)."""
    info = source.conn.execute(f"PRAGMA table_info({table})").fetchall()
    names = [row[1] for row in info]
    integer_key = [row for row in info if row[5] and row[2].upper() == "INTEGER"]
    without_rowid = source.conn.execute(
        "SELECT sql LIKE '%WITHOUT ROWID%' FROM sqlite_master WHERE name = ?", (table,)
    ).fetchone()[0]
    return names, not integer_key and not without_rowid


def _target_columns(target: Any, table: str) -> list[str]:
    return [
        row[0]
        for row in target.conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = ? ORDER BY ordinal_position",
            (table,),
        )
    ]


def copy(source: Any, target: Any) -> Copied:
    """Copy every table of `source` (a SQLite `Store`) into `target` (a PostgreSQL `Store`,
    migrated with the same migrations); raise `Refused` when the target's history differs."""
    done = Copied()
    tables = _source_tables(source)
    with target.transaction():
        for table in tables:
            columns, rowid = _columns(source, table)
            there = _target_columns(target, table)
            if not there:
                raise Refused(f"the target has no table {table}: is a plugin installed here that is missing there?")
            missing = [c for c in columns if c not in there]
            if missing:
                raise Refused(f"the target's {table} lacks the columns {', '.join(missing)}: migrate it with this tousu")
            selected = (["rowid"] if rowid and "rowid" in there else []) + columns
            where, params, start = "", (), 0
            if table in APPEND_ONLY:
                start = _resume_at(source, target, table)
                where, params = " WHERE seq > ?", (start,)
            else:
                target.conn.execute(f"DELETE FROM {table}")
            rows = source.conn.execute(
                f"SELECT {', '.join(selected)} FROM {table}{where} ORDER BY {'seq' if table in APPEND_ONLY else 'rowid' if rowid else '1'}",
                params,
            ).fetchall()
            if rows:
                marks = ", ".join("?" * len(selected))
                target.conn.executemany(f"INSERT INTO {table} ({', '.join(selected)}) VALUES ({marks})", rows)
            done.tables[table] = {"copied": len(rows), "kept": start if table in APPEND_ONLY else 0}
        _advance_identities(target, tables)
        target.recount_clock_tallies()
        target.recount_received_rollups()
    _check(source, target, tables, done)
    return done


def _resume_at(source: Any, target: Any, table: str) -> int:
    """Where the target's copy of an append-only table ends, after checking it is the source's."""
    row = target.conn.execute(f"SELECT max(seq) FROM {table}").fetchone()
    last = row[0] if row and row[0] is not None else 0
    if not last:
        return 0
    key = "hash" if table != "frozen_reports" else "document"
    theirs = target.conn.execute(f"SELECT {key} FROM {table} WHERE seq = ?", (last,)).fetchone()
    ours = source.conn.execute(f"SELECT {key} FROM {table} WHERE seq = ?", (last,)).fetchone()
    if ours is None or theirs is None or ours[0] != theirs[0]:
        raise Refused(
            f"the target's {table} does not continue this deployment's (row {last} differs): "
            "it holds another history; migrate into an empty database"
        )
    return int(last)


def _advance_identities(target: Any, tables: list[str]) -> None:
    """Each identity column's sequence past the copied rows (the next id is the source's next)."""
    for table in tables:
        for (column,) in target.conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = ? AND is_identity = 'YES'",
            (table,),
        ).fetchall():
            target.conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                f"coalesce((SELECT max({column}) FROM {table}), 0) + 1, false)"
            )


def _check(source: Any, target: Any, tables: list[str], done: Copied) -> None:
    """The same row count in every table, and the same chain heads in every organization."""
    for table in tables:
        ours = source.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        theirs = target.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        done.tables[table]["rows"] = theirs
        if ours != theirs:
            raise Refused(f"{table}: {ours} rows here but {theirs} in the target after the copy")
    before = {(r.org, r.table): r for r in source.verify()}
    after = {(r.org, r.table): r for r in target.verify()}
    for key, mine in sorted(before.items()):
        copied = after.get(key)
        if copied is None or copied.head != mine.head or copied.count != mine.count:
            raise Refused(f"the {key[1]} chain of {key[0]} differs after the copy")
        if copied.broken is not None:
            raise Refused(f"the copied {key[1]} chain of {key[0]} does not verify: {copied.broken.describe()}")
        done.heads.append({"org": key[0], "table": key[1], "count": copied.count, "head": copied.head})


__all__ = ["APPEND_ONLY", "Copied", "copy"]
