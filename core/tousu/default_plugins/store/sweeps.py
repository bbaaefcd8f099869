"""A sweep's breaches and warnings written set-wise: what the App's set-based pass needs.

A mixin of `tousu.default_plugins.store.Store`. The set-based sweep (`tousu.app_sweep`) records a clock that
ran out without building the complaint: it reads the few facts that decide whether a plugin
must see the complaint (the swept clocks come with `pending_before`/`warnings_due` ``detail``,
with their complaint's domain, tier and last event number; `breached_clocks` for a watch on a
clock; `latest_event_after` for the late-entry rule), then `record_sweep` appends a run's
events in one ``executemany`` and writes exactly the columns a row-by-row sweep changes: the
breached clocks' ``state``, the warned clocks' ``warned`` and each complaint's ``last_event``,
with the statements `Writes.save_change` sends for the same change.
"""

from __future__ import annotations

from datetime import datetime
from operator import itemgetter
from typing import Any

from tousu.default_plugins.store import chain, ledger, postgres
from tousu.timeutil import from_db, to_db

#: The statements `Writes.save_change` sends for a breach, a warning and the new last event
#: (`writes._update`'s spelling: grouped with them by `batch._run`).
BREACH = "UPDATE deadlines SET state = ? WHERE complaint_id = ? AND name = ?"
WARN = "UPDATE deadlines SET warned = ? WHERE complaint_id = ? AND name = ?"
LAST_EVENT = "UPDATE complaints SET last_event = ? WHERE id = ?"
_INSERT = (
    "INSERT INTO events (complaint_id, n, org, at, recorded_at, actor, role, action, data, os_user, origin, hash) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_SEQ = (
    "INSERT INTO events (seq, complaint_id, n, org, at, recorded_at, actor, role, action, data, os_user, origin, hash) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_CHUNK = 500
_second = itemgetter(1)
#: An organization's latest event instant by a skip scan of ``events_org_action_at (org,
#: action, at)``: the distinct actions walked by one seek each, the latest ``at`` of each.
_ORG_LATEST = (
    "WITH RECURSIVE acts(action) AS (SELECT min(action) FROM events WHERE org = ? UNION ALL "
    "SELECT (SELECT min(e.action) FROM events e WHERE e.org = ? AND e.action > acts.action) FROM acts "
    "WHERE acts.action IS NOT NULL) "
    "SELECT max((SELECT max(e.at) FROM events e WHERE e.org = ? AND e.action = acts.action)) FROM acts"
)


class SweepWrites:
    """The set-based sweep's reads and writes (a mixin of `Store`)."""

    conn: Any
    origin: str
    _heads: dict[str, str]
    _batch: Any
    _in_transaction: bool

    def breached_clocks(self, ids: list[str]) -> dict[str, set[str]]:
        """complaint id → names of its clocks already breached, for those of `ids` that have
        any: what an escalation watch on a clock looks at besides the clocks breached now
        (`tousu.app_sweep.needs_plugin`)."""
        found: dict[str, set[str]] = {}
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            for cid, name in self.conn.execute(
                f"SELECT complaint_id, name FROM deadlines WHERE complaint_id IN ({marks}) AND state = 'breached'",
                chunk,
            ):
                found.setdefault(cid, set()).add(name)
        return found

    def latest_event_after(self, org: str, ids: list[str], at: datetime) -> datetime | None:
        """The latest instant recorded in the histories of `ids` (complaints of `org`) when it
        is later than `at`; None when none of them has an event after `at`.

        What a sweep's late-entry rule needs (`tousu.policy.check_late_entry` refuses by the
        largest). First the organization's latest instant, found through ``events_org_action_at``
        one action at a time (a seek per distinct action, not a scan): a sweep at the present
        finds nothing later and reads no history; only otherwise are the complaints' events read.
        """
        stamp = to_db(at)
        latest = self.conn.execute(_ORG_LATEST, (org, org, org)).fetchone()
        if not ids or latest is None or latest[0] is None or latest[0] <= stamp:
            return None
        found = None
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            row = self.conn.execute(
                f"SELECT max(at) FROM events WHERE complaint_id IN ({','.join('?' * len(chunk))})", chunk
            ).fetchone()
            if row and row[0] is not None and (found is None or row[0] > found):
                found = row[0]
        return from_db(found) if found is not None and found > stamp else None

    def record_sweep(
        self,
        org: str,
        at: datetime,
        recorded_at: datetime,
        actor: str,
        role: str,
        items: list[tuple[str, int, dict[str, Any], list[str], list[str]]],
    ) -> list[int]:
        """Record one sweep event per (complaint id, event number, payload, clocks breached,
        clocks warned) of `items`, in order, and change the rows a row-by-row sweep changes
        the same way; returns the events' ``seq``.

        The events are those `Store.append` writes (same row, same link in `org`'s chain: the
        canonical form spelled once for the whole run, `chain.canonical_events_of`), in one
        ``executemany`` (``RETURNING seq`` on PostgreSQL); then the complaints' ``last_event``,
        the breached clocks' ``state`` and the warned clocks' ``warned``, one ``executemany``
        each. Under `Store.bulk` (SQLite) the events are numbered after those the batch holds
        (the row-by-row complaints before this run) and written at once, as are ``last_event``
        and ``warned``, which no trigger reads; the breaches, which move the clock tallies and
        rollups, are held with the row-by-row sweep's changes and run with them, so every
        trigger sees the order a row-by-row sweep gives.
        """
        if not items:
            return []
        user = ledger.os_user()
        previous = self._heads.get(org)
        if previous is None:
            previous = ledger.head(self.conn, "events", org)
        stamp, recorded = to_db(at), to_db(recorded_at)
        canonical = chain.canonical_events_of(
            org=org, at=stamp, recorded_at=recorded, actor=actor, role=role, action="sweep", os_user=user,
            origin=self.origin,
        )
        batch = self._batch
        seq = 0
        if batch is not None:  # numbered after the events the batch holds (the row-by-row ones before)
            if batch.seq is None:
                batch.seq = self.conn.raw.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()[0]
            seq = batch.seq
        texts: dict[int, str] = {}  # complaints sharing one payload mapping: encoded once
        rows = []
        link, origin = chain.link, self.origin
        for cid, n, data, _, _ in items:
            text = texts.get(id(data))
            if text is None:
                text = texts[id(data)] = chain.payload_json(data)
            previous = link(previous, canonical(cid, n, text))
            seq += 1
            rows.append((seq, cid, n, org, stamp, recorded, actor, role, "sweep", text, user, origin, previous))
        if batch is not None:
            # written now, past the batch: no trigger reads an event and no held row depends on
            # these; the held events, numbered before them, are written at the flush
            self.conn.raw.executemany(_INSERT_SEQ, rows)
            batch.seq = seq
            seqs = [row[0] for row in rows]
        elif isinstance(self.conn, postgres.PgConnection):
            rows = [row[1:] for row in rows]
            seqs = self.conn.insert_many_returning(_INSERT, rows, "seq")
        else:
            seqs = [self.conn.execute(_INSERT, row[1:]).lastrowid or 0 for row in rows]
        if self._in_transaction:  # we hold the write lock: nobody else appends until we end
            self._heads[org] = previous
        conn = self.conn
        if batch is not None:
            # a breach moves the clock tallies and rollups (their triggers): held with the
            # row-by-row sweep's changes and run with them, in the order a row-by-row sweep runs
            # them. ``last_event`` and ``warned`` move no trigger and no held row depends on
            # them: written now, past the batch (which holds no row of these complaints) like
            # the events
            for cid, _, _, breached, _ in items:
                if breached:
                    batch.hold_change(cid, [(BREACH, ("breached", cid, name)) for name in breached])
            conn = self.conn.raw
        else:
            breaches = [("breached", cid, name) for cid, _, _, breached, _ in items for name in breached]
            if breaches:
                conn.executemany(BREACH, breaches)
        # in key order: each page of the table and its index visited once, not at random
        conn.executemany(LAST_EVENT, sorted(zip(seqs, [item[0] for item in items], strict=True), key=_second))
        warnings = [(1, cid, name) for cid, _, _, _, warned in items for name in warned]
        if warnings:
            conn.executemany(WARN, warnings)
        return seqs
