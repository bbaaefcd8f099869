"""The trust tables (issue 13): which source records an import already brought in, and the
time zone each organization's complaints were recorded in.

- ``import_refs``: one row per imported record, by its ``ref`` (its id in the source
  register, else a hash of the record), so running an interrupted import again skips what
  is already in instead of duplicating it;
- ``org_zones``: the zone an organization's months were computed in (written with its first
  complaint), so a changed ``timezone`` in tousu.toml is noticed instead of silently moving
  complaints between months (`tousu.zones`).
"""

from __future__ import annotations

from typing import Any

MIGRATIONS = [
    (
        "core-0008-import-refs",
        """
        CREATE TABLE import_refs (
            org TEXT NOT NULL,
            ref TEXT NOT NULL,
            complaint_id TEXT NOT NULL,
            PRIMARY KEY (org, ref)
        ) WITHOUT ROWID;
        """,
    ),
    (
        "core-0009-org-zones",
        """
        CREATE TABLE org_zones (org TEXT PRIMARY KEY, timezone TEXT NOT NULL) WITHOUT ROWID;
        INSERT OR IGNORE INTO org_zones (org, timezone)
            SELECT DISTINCT org, '' FROM complaints;
        """,
    ),
]


def imported_ref(store: Any, org: str, ref: str) -> str | None:
    """The complaint a record with `ref` became when it was imported (None: not yet)."""
    row = store.conn.execute("SELECT complaint_id FROM import_refs WHERE org = ? AND ref = ?", (org, ref)).fetchone()
    return row[0] if row else None


def remember_ref(store: Any, org: str, ref: str, complaint_id: str) -> None:
    store.conn.execute("INSERT INTO import_refs (org, ref, complaint_id) VALUES (?, ?, ?)", (org, ref, complaint_id))


def imported_refs(store: Any, org: str, refs: list[str]) -> set[str]:
    """Which of `refs` an earlier import of `org` already brought in (one query per batch)."""
    found: set[str] = set()
    for start in range(0, len(refs), 500):
        part = refs[start:start + 500]
        marks = ", ".join("?" for _ in part)
        rows = store.conn.execute(f"SELECT ref FROM import_refs WHERE org = ? AND ref IN ({marks})", (org, *part))
        found.update(row[0] for row in rows.fetchall())
    return found


def remember_refs(store: Any, org: str, pairs: list[tuple[str, str]]) -> None:
    """(ref, complaint id) of each record a batch imported, in the batch's transaction."""
    if pairs:
        store.conn.executemany(
            "INSERT INTO import_refs (org, ref, complaint_id) VALUES (?, ?, ?)", [(org, ref, cid) for ref, cid in pairs]
        )


def recorded_zones(store: Any) -> dict[str, str]:
    """Organization → the zone its complaints were recorded in (``""``: from before the table)."""
    return dict(store.conn.execute("SELECT org, timezone FROM org_zones").fetchall())


def remember_zone(store: Any, org: str, timezone: str) -> None:
    """The zone of an organization's first complaint (kept once written); fills a legacy ``""``.

    Written once per organization and connection: after a commit has written it, the row
    holds a zone for good (`set_months` only replaces it with another), so later intakes of
    the same process skip the statement (one round trip less per intake on PostgreSQL), and so
    does every later record of the open transaction: a statement flushes an import's bulk batch.
    """
    if org in store.zones_recorded or org in store.zones_recording:
        return
    store.zones_recording.add(org)
    store.conn.execute(
        "INSERT INTO org_zones (org, timezone) VALUES (?, ?) "
        "ON CONFLICT (org) DO UPDATE SET timezone = excluded.timezone WHERE org_zones.timezone = ''",
        (org, timezone),
    )


def complaint_months(store: Any, org: str) -> list[tuple[str, str, str]]:
    """(id, received_at, month) of every complaint of `org`."""
    return store.conn.execute("SELECT id, received_at, month FROM complaints WHERE org = ?", (org,)).fetchall()


def count_complaints(store: Any, org: str) -> int:
    return int(store.conn.execute("SELECT count(*) FROM complaints WHERE org = ?", (org,)).fetchone()[0])


def set_months(store: Any, org: str, timezone: str, months: list[tuple[str, str]]) -> None:
    """Move complaints to the months of a new zone ((month, id) pairs) and record the zone."""
    store.conn.executemany("UPDATE complaints SET month = ? WHERE id = ?", months)
    store.conn.execute(
        "INSERT INTO org_zones (org, timezone) VALUES (?, ?) ON CONFLICT (org) DO UPDATE SET timezone = excluded.timezone",
        (org, timezone),
    )
