"""Writes of the projection: each complaint's rows, written by what changed; personal data; rebuild.

A mixin of `tousu.default_plugins.store.Store`. Only the App writes, through these, inside the store's
transaction; the events themselves are appended by `Store.append`.
"""

from __future__ import annotations

import sqlite3
import time
from datetime import datetime
from typing import Any

from tousu import projection
from tousu.default_plugins.store.rows import _event, complaint_row, deadline_rows, step_rows
from tousu.default_plugins.store.schema import PROJECTION_TABLES
from tousu.models import FINAL_STATUSES, Complaint
from tousu.timeutil import to_db

_COMPLAINT_COLUMNS = (
    "id", "org", "domain", "channel", "received_at", "month", "summary", "status", "tier", "category",
    "classification_reason", "respondent", "place", "request", "owner", "assignee", "department", "urgent",
    "flags", "fields", "resolved_at", "closed_at", "last_event",
)
_DEADLINE_COLUMNS = (
    "complaint_id", "name", "org", "due_at", "state", "met_at", "met_by", "kind", "extensions", "active",
    "clock", "warn_at", "warned",
)
_STEP_COLUMNS = ("complaint_id", "name", "done", "done_at", "done_by")
_SAVE_DEADLINE = (
    "INSERT INTO deadlines (complaint_id, name, org, due_at, state, met_at, met_by, kind, extensions, active, "
    "clock, warn_at, warned) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_SAVE_STEP = "INSERT INTO steps (complaint_id, name, done, done_at, done_by) VALUES (?, ?, ?, ?, ?)"


def _update(
    conn: sqlite3.Connection,
    table: str,
    columns: tuple[str, ...],
    old: tuple[Any, ...],
    new: tuple[Any, ...],
    key: tuple[str, ...],
    key_values: tuple[Any, ...],
    always: tuple[str, ...] = (),
) -> None:
    """``UPDATE`` only the columns whose value changed (SQLite then rewrites only the indexes
    holding them); `always` columns are set even when unchanged."""
    changed = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b or columns[i] in always]
    if not changed:
        return
    assignments = ", ".join(f"{columns[i]} = ?" for i in changed)
    where = " AND ".join(f"{k} = ?" for k in key)
    conn.execute(f"UPDATE {table} SET {assignments} WHERE {where}", (*(new[i] for i in changed), *key_values))


#: Complaints rebuilt per transaction (`Writes.rebuild`): short enough that an intake waiting
#: behind one waits well under a second.
REBUILD_CHUNK = 500
#: Seconds between two chunks: longer than SQLite's longest busy-wait sleep (100 ms), so a
#: command waiting for the write lock gets it instead of the next chunk taking it again.
REBUILD_PAUSE = 0.12


_COMPLAINT_VALUES = (
    " INTO complaints (id, org, domain, channel, received_at, month, summary, status, "
    "tier, category, classification_reason, respondent, place, request, owner, assignee, department, "
    "urgent, flags, fields, resolved_at, closed_at, last_event) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_SAVE_COMPLAINT = "INSERT OR REPLACE" + _COMPLAINT_VALUES
#: A new complaint's row: its id was just drawn, so nothing can be replaced, and a plain
#: INSERT skips the conflict handling (on PostgreSQL an ``ON CONFLICT DO UPDATE``); a row
#: that did exist would fail loudly instead of being overwritten.
_NEW_COMPLAINT = "INSERT" + _COMPLAINT_VALUES





class Writes:
    """The projection tables' writes (inside `Store.transaction`)."""

    conn: sqlite3.Connection

    def save(self, complaint: Complaint, month: str, last_event: int, *, new: bool = False) -> None:
        """Write one complaint's projection rows (replacing what was there unless `new`)."""
        self.save_many([(complaint, month, last_event)], new=new)

    def save_many(self, items: list[tuple[Complaint, str, int]], *, new: bool = False) -> None:
        """Write projection rows; `new` skips clearing rows of complaints that cannot have any."""
        if not items:
            return
        if not new:
            ids = [(c.id,) for c, _, _ in items]
            self.conn.executemany("DELETE FROM deadlines WHERE complaint_id = ?", ids)
            self.conn.executemany("DELETE FROM steps WHERE complaint_id = ?", ids)
            self.conn.executemany("DELETE FROM links WHERE complaint_id = ?", ids)
        insert = _NEW_COMPLAINT if new else _SAVE_COMPLAINT
        if len(items) == 1:  # one command, one complaint: a plain execute costs less than executemany
            self.conn.execute(insert, complaint_row(*items[0]))
        else:
            self.conn.executemany(insert, [complaint_row(c, month, last) for c, month, last in items])
        deadlines = [row for c, _, _ in items for row in deadline_rows(c)]
        if deadlines:
            self.conn.executemany(_SAVE_DEADLINE, deadlines)
        steps = [row for c, _, _ in items for row in step_rows(c)]
        if steps:
            self.conn.executemany(_SAVE_STEP, steps)
        links = [(c.id, link.kind, link.id) for c, _, _ in items for link in c.links]
        if links:
            self.conn.executemany("INSERT INTO links (complaint_id, kind, target) VALUES (?, ?, ?)", links)

    def save_change(self, before: Complaint, after: Complaint, month: str, last_event: int) -> None:
        """Write an existing complaint's projection rows by what changed since `before`.

        `before` is the complaint as its rows hold it (loaded, or saved earlier in the same
        transaction). Only differing rows are written and only their differing columns set,
        so a sweep breaching one clock updates that clock and the complaint's ``last_event``
        instead of deleting and reinserting every row (and every index entry) of it. New
        clocks, steps and links are appended, which keeps the order `load` returns them in.
        """
        cid = after.id
        old_row = complaint_row(before, month, last_event)
        new_row = complaint_row(after, month, last_event, before, old_row)
        _update(self.conn, "complaints", _COMPLAINT_COLUMNS, old_row, new_row, ("id",), (cid,), always=("last_event",))
        # a clock the action left alone is the very same object in both states, and gives the
        # same row unless the complaint's being open changed (its ``active``): not encoded twice
        same: frozenset[int] = frozenset()
        if (before.status in FINAL_STATUSES) == (after.status in FINAL_STATUSES):
            same = frozenset(id(d) for d in before.deadlines) & frozenset(id(d) for d in after.deadlines)
        clocks: dict[int, tuple[Any, str]] = {}  # each clock mapping encoded once for both states
        self._sync_rows(
            "deadlines", _DEADLINE_COLUMNS, _SAVE_DEADLINE,
            deadline_rows(before, same, clocks), deadline_rows(after, same, clocks),
        )
        self._sync_rows("steps", _STEP_COLUMNS, _SAVE_STEP, step_rows(before), step_rows(after))
        if before.links != after.links:
            old_links = set(before.links)
            for link in set(before.links) - set(after.links):
                self.conn.execute(
                    "DELETE FROM links WHERE complaint_id = ? AND kind = ? AND target = ?", (cid, link.kind, link.id)
                )
            added_links = [(cid, link.kind, link.id) for link in dict.fromkeys(after.links) if link not in old_links]
            if added_links:
                self.conn.executemany("INSERT INTO links (complaint_id, kind, target) VALUES (?, ?, ?)", added_links)

    def _sync_rows(
        self,
        table: str,
        columns: tuple[str, ...],
        insert: str,
        before: list[tuple[Any, ...]],
        after: list[tuple[Any, ...]],
    ) -> None:
        """Bring one complaint's rows of a child table (keyed by complaint id and name) from
        `before` to `after`: changed rows updated in place, gone ones deleted, new ones appended."""
        old = {row[1]: row for row in before}
        added = []
        for row in after:
            previous = old.pop(row[1], None)
            if previous is None:
                added.append(row)
            elif previous != row:
                _update(self.conn, table, columns, previous, row, ("complaint_id", "name"), (row[0], row[1]))
        for row in old.values():
            self.conn.execute(f"DELETE FROM {table} WHERE complaint_id = ? AND name = ?", (row[0], row[1]))
        if added:
            self.conn.executemany(insert, added)

    def save_personal(self, complaint_id: str, complainant: str, contact: str) -> None:
        self.conn.execute(
            "INSERT INTO personal (complaint_id, complainant, contact) VALUES (?, ?, ?)",
            (complaint_id, complainant, contact),
        )

    def erase_personal(self, complaint_ids: list[str], erased_at: datetime) -> None:
        """Blank the personal data of `complaint_ids` so that no copy is left in the file.

        ``secure_delete`` makes SQLite overwrite the old cells with zeros instead of leaving
        them in free space; call `scrub` after the commit to clear the WAL and the search
        index's old segments.
        """
        self.conn.execute("PRAGMA secure_delete = ON")
        self.conn.executemany(
            "UPDATE personal SET complainant = '', contact = '', erased_at = ? WHERE complaint_id = ?",
            [(to_db(erased_at), cid) for cid in complaint_ids],
        )

    def scrub(self) -> None:
        """After an erasure is committed: merge the search index (dropping the erased terms its
        old segments still hold) and checkpoint the WAL into the file, truncating it."""
        self.conn.execute("PRAGMA secure_delete = ON")
        if self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'complaint_search'").fetchone():
            with self.transaction():
                self.conn.execute("INSERT INTO complaint_search (complaint_search) VALUES ('optimize')")
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # -- rebuilding -------------------------------------------------------------------

    def rebuild(self, chunk: int = REBUILD_CHUNK) -> int:
        """Recompute every projection table from the events; returns the number of complaints.

        `chunk` complaints at a time, each chunk one short transaction (its rows cleared and
        written again from its events), so intakes and actions go on between the chunks
        instead of waiting for the whole register: a complaint recorded to meanwhile is
        rebuilt from all its events, or was already and is kept up to date by the write
        itself. Last, rows of complaints that have no events are removed.
        """
        # an organization moved to another zone (`tousu rezone`) counts its months in it
        from tousu.default_plugins.store.trust import recorded_zones

        zones = {org: tz for org, tz in recorded_zones(self).items() if tz}
        ids = [row[0] for row in self.conn.execute("SELECT DISTINCT complaint_id FROM events ORDER BY complaint_id")]
        count = 0
        for start in range(0, len(ids), chunk):
            if start:  # a writer waiting for the lock polls at most every 100 ms: let it in
                time.sleep(REBUILD_PAUSE)
            count += self._rebuild_chunk(ids[start:start + chunk], zones)
        with self.transaction():
            for table in PROJECTION_TABLES:
                key = "id" if table == "complaints" else "complaint_id"
                self.conn.execute(f"DELETE FROM {table} WHERE {key} NOT IN (SELECT complaint_id FROM events)")
            self.recount_clock_tallies()  # derived from the clocks: counted again with them (tousu.default_plugins.store.tallies)
            self.recount_received_rollups()  # and the received complaints' rollups (tousu.default_plugins.store.rollups)
        return count

    def _rebuild_chunk(self, ids: list[str], zones: dict[str, str]) -> int:
        """One transaction: the projection rows of complaints `ids`, replayed from their events."""
        marks = ", ".join("?" for _ in ids)
        batch: list[tuple[Complaint, str, int]] = []
        with self.transaction():
            for table in PROJECTION_TABLES:
                key = "id" if table == "complaints" else "complaint_id"
                self.conn.execute(f"DELETE FROM {table} WHERE {key} IN ({marks})", ids)
            current: Complaint | None = None
            month, last = "", 0
            rows = self.conn.execute(
                "SELECT complaint_id, n, at, recorded_at, actor, role, action, data, seq FROM events "
                f"WHERE complaint_id IN ({marks}) ORDER BY complaint_id, n",
                ids,
            ).fetchall()
            for row in rows:
                event = _event(row[:8])
                if current is not None and current.id != event.complaint_id:
                    batch.append((current, month, last))
                    current = None
                if current is None:
                    month = _month_in(zones, event.data["create"])
                    current = projection.apply(None, event, self.personal(event.complaint_id))
                else:
                    current = projection.apply(current, event)
                last = row[8]
            if current is not None:
                batch.append((current, month, last))
            self.save_many(batch)
        return len(batch)


def _month_in(zones: dict[str, str], create: dict[str, Any]) -> str:
    """The month a complaint counts in: as recorded at intake, or in its org's recorded zone."""
    tz = zones.get(create.get("org", ""))
    if not tz:
        return str(create["month"])
    from tousu.timeutil import from_db, zone

    local = from_db(create["received_at"]).astimezone(zone(tz))
    return f"{local.year:04d}-{local.month:02d}"
