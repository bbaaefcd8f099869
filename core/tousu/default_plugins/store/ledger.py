"""The SQLite side of the hash chain: linking a new row, the migration, and walking the chains.

The canonical form and the hashing are `tousu.default_plugins.store.chain` (pure, shared by every store);
this module holds only the SQL that reads and writes the ``hash`` columns.
"""

from __future__ import annotations

import getpass
import json
import sqlite3
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from tousu.default_plugins.store.chain import (
    GENESIS,
    ChainResult,
    canonical_audit,
    canonical_event,
    link,
    walk,
)

TABLES = ("events", "audit")

_TRIGGERS = {
    "events": (
        "CREATE TRIGGER events_no_update BEFORE UPDATE ON events "
        "BEGIN SELECT RAISE(ABORT, 'events are append-only: history cannot be changed'); END",
        "CREATE TRIGGER events_no_delete BEFORE DELETE ON events "
        "BEGIN SELECT RAISE(ABORT, 'events are append-only: history cannot be deleted'); END",
    ),
    "audit": (
        "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
        "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    ),
}

_EVENT_COLUMNS = "seq, complaint_id, n, org, at, recorded_at, actor, role, action, data, os_user, origin, hash"
_AUDIT_COLUMNS = "seq, org, at, recorded_at, actor, role, action, detail, os_user, hash"


@lru_cache(maxsize=1)
def os_user() -> str:
    """The operating-system user running this process, recorded beside the claimed actor."""
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry (a container with a bare uid), no LOGNAME
        import os

        return f"uid:{os.getuid()}" if hasattr(os, "getuid") else "unknown"


def head_query(table: str) -> str:
    """The statement that reads the hash of the last row of an org's chain in `table` (one
    parameter, the org): `head` runs it alone, `Store.next_ids` inside its counter read."""
    return f"SELECT hash FROM {table} WHERE org = ? ORDER BY seq DESC LIMIT 1"


def head(conn: sqlite3.Connection, table: str, org: str) -> str:
    """The hash of the last row of `org`'s chain in `table` (the genesis value when empty)."""
    row = conn.execute(head_query(table), (org,)).fetchone()
    return row[0] if row and row[0] else GENESIS


def event_canonical(row: tuple[Any, ...]) -> bytes:
    """The canonical bytes of an ``events`` row read with `_EVENT_COLUMNS` (seq first)."""
    return canonical_event(
        complaint_id=row[1], n=row[2], org=row[3], at=row[4], recorded_at=row[5], actor=row[6], role=row[7],
        action=row[8], data=json.loads(row[9]), os_user=row[10], origin=row[11],
    )


def audit_canonical(row: tuple[Any, ...]) -> bytes:
    return canonical_audit(
        org=row[1], at=row[2], recorded_at=row[3], actor=row[4], role=row[5], action=row[6],
        detail=json.loads(row[7]), os_user=row[8],
    )


def append_audit(
    conn: sqlite3.Connection, org: str, at: str, recorded_at: str, actor: str, role: str, action: str, detail: str
) -> None:
    """Append one audit row, linked to the org's audit chain."""
    user = os_user()
    canonical = canonical_audit(
        org=org, at=at, recorded_at=recorded_at, actor=actor, role=role, action=action,
        detail=json.loads(detail), os_user=user,
    )
    conn.execute(
        "INSERT INTO audit (org, at, recorded_at, actor, role, action, detail, os_user, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (org, at, recorded_at, actor, role, action, detail, user, link(head(conn, "audit", org), canonical)),
    )


def migrate_chain(db: Any) -> None:
    """core-0007: who ran it (OS user), where it came from (import), and the hash of every row.

    Existing rows are chained in their recording order; the append-only triggers are
    dropped for the one UPDATE that fills the new column and created again at once.
    """
    conn: sqlite3.Connection = db.conn
    conn.execute("ALTER TABLE events ADD COLUMN os_user TEXT NOT NULL DEFAULT ''")
    conn.execute("ALTER TABLE events ADD COLUMN origin TEXT NOT NULL DEFAULT ''")
    conn.execute("ALTER TABLE events ADD COLUMN hash TEXT")
    conn.execute("ALTER TABLE audit ADD COLUMN os_user TEXT NOT NULL DEFAULT ''")
    conn.execute("ALTER TABLE audit ADD COLUMN hash TEXT")
    conn.execute("CREATE INDEX events_org_seq ON events (org)")  # (org, rowid): the chain's order
    conn.execute("CREATE INDEX audit_org_seq ON audit (org)")
    for table, columns, canonical in (
        ("events", _EVENT_COLUMNS, event_canonical),
        ("audit", _AUDIT_COLUMNS, audit_canonical),
    ):
        conn.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
        conn.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        heads: dict[str, str] = {}
        updates: list[tuple[str, int]] = []
        for row in conn.execute(f"SELECT {columns} FROM {table} ORDER BY seq").fetchall():
            org = row[3] if table == "events" else row[1]
            heads[org] = link(heads.get(org, GENESIS), canonical(row))
            updates.append((heads[org], row[0]))
        conn.executemany(f"UPDATE {table} SET hash = ? WHERE seq = ?", updates)
        for trigger in _TRIGGERS[table]:
            conn.execute(trigger)


def orgs_of(conn: sqlite3.Connection) -> list[str]:
    """Every organization with a row in either chain (an org removed from the config included)."""
    rows = conn.execute("SELECT DISTINCT org FROM events UNION SELECT DISTINCT org FROM audit ORDER BY 1")
    return [row[0] for row in rows]


def _rows(conn: sqlite3.Connection, table: str, org: str) -> Iterator[tuple[int, bytes, str | None]]:
    columns, canonical = (_EVENT_COLUMNS, event_canonical) if table == "events" else (_AUDIT_COLUMNS, audit_canonical)
    for row in conn.execute(f"SELECT {columns} FROM {table} WHERE org = ? ORDER BY seq", (org,)):
        try:
            yield row[0], canonical(row), row[-1]
        except (ValueError, TypeError):  # data that is no longer JSON: changed by hand
            yield row[0], b"\x00unreadable", row[-1]


def verify_org(conn: sqlite3.Connection, org: str) -> list[ChainResult]:
    """Walk `org`'s chains (events, audit), then what a chain alone cannot see.

    A chain shows a row changed, inserted or removed before its head; a removed last event
    of a complaint is also caught by the events' numbering (1…n per complaint, no gaps) and
    by the projection's ``last_event``, and a truncated chain by the heads that frozen
    reports stored when they were issued.
    """
    results = [walk(table, org, _rows(conn, table, org)) for table in TABLES]
    events = results[0]
    if events.broken is None:
        gap = conn.execute(
            "SELECT complaint_id, count(*), max(n) FROM events WHERE org = ? GROUP BY complaint_id "
            "HAVING count(*) != max(n) OR min(n) != 1 LIMIT 1",
            (org,),
        ).fetchone()
        if gap is not None:
            from tousu.default_plugins.store.chain import Break

            events.broken = Break("events", org, 0, f"complaint {gap[0]} has {gap[1]} events numbered up to {gap[2]}: "
                                  "an event was removed", gap[0])
    if events.broken is None:
        missing = conn.execute(
            "SELECT c.id, c.last_event FROM complaints c WHERE c.org = ? AND NOT EXISTS "
            "(SELECT 1 FROM events e WHERE e.seq = c.last_event) LIMIT 1",
            (org,),
        ).fetchone()
        if missing is not None:
            from tousu.default_plugins.store.chain import Break

            events.broken = Break("events", org, missing[1], f"complaint {missing[0]}'s last event is missing: "
                                  "the end of its history was removed", missing[0])
    if events.broken is None:
        for period, document in conn.execute(
            "SELECT period, document FROM frozen_reports WHERE org = ? ORDER BY seq", (org,)
        ):
            stored = json.loads(document).get("chain_head")
            if stored and not conn.execute(
                "SELECT 1 FROM events WHERE org = ? AND hash = ? LIMIT 1", (org, stored)
            ).fetchone():
                from tousu.default_plugins.store.chain import Break

                events.broken = Break("events", org, 0, f"the report of {period} was frozen at chain head {stored[:12]}…, "
                                      "which is no longer in the history: events were removed or rewritten")
                break
    return results
