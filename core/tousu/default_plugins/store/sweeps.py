"""A sweep's breaches and warnings written set-wise: what the App's set-based pass needs.

A mixin of `tousu.store.Store`. The set-based sweep (`tousu.app_sweep`) records a clock that
ran out without building the complaint: it reads the few facts that decide whether a plugin
must see the complaint (`sweep_facts`, `event_tails`; the swept clocks come with
`pending_before`/`warnings_due` ``detail``), appends the events in one
``executemany`` (`append_many`), and writes exactly the columns a row-by-row sweep changes
(`save_sweep`): the breached clocks' ``state``, the warned clocks' ``warned`` and each
complaint's ``last_event``. The statements are those `Writes.save_change` sends for the same
change, so under `Store.bulk` they are grouped with the row-by-row sweep's into one
``executemany`` each.
"""

from __future__ import annotations

from typing import Any

from tousu.default_plugins.store import chain, ledger, postgres
from tousu.models import Event
from tousu.timeutil import to_db

#: The statements `Writes.save_change` sends for a breach, a warning and the new last event
#: (`writes._update`'s spelling: grouped with them by `batch._run`).
BREACH = "UPDATE deadlines SET state = ? WHERE complaint_id = ? AND name = ?"
WARN = "UPDATE deadlines SET warned = ? WHERE complaint_id = ? AND name = ?"
LAST_EVENT = "UPDATE complaints SET last_event = ? WHERE id = ?"
_INSERT = (
    "INSERT INTO events (complaint_id, n, org, at, recorded_at, actor, role, action, data, os_user, origin, hash) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_CHUNK = 500


class SweepWrites:
    """The set-based sweep's reads and writes (a mixin of `Store`)."""

    conn: Any
    origin: str
    _heads: dict[str, str]
    _batch: Any
    _in_transaction: bool

    def sweep_facts(self, ids: list[str]) -> dict[str, tuple[str, str | None, set[str]]]:
        """complaint id → (domain, tier, names of its clocks already breached) for `ids`: what
        decides whether a breach may escalate (`tousu.app_sweep.needs_plugin`)."""
        found: dict[str, tuple[str, str | None, set[str]]] = {}
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            for cid, domain, tier in self.conn.execute(
                f"SELECT id, domain, tier FROM complaints WHERE id IN ({marks})", chunk
            ):
                found[cid] = (domain, tier, set())
            for cid, name in self.conn.execute(
                f"SELECT complaint_id, name FROM deadlines WHERE complaint_id IN ({marks}) AND state = 'breached'",
                chunk,
            ):
                if cid in found:
                    found[cid][2].add(name)
        return found

    def event_tails(self, ids: list[str]) -> dict[str, tuple[int, str | None]]:
        """(last event number, latest stored instant) of each complaint of `ids`."""
        tails: dict[str, tuple[int, str | None]] = {}
        for start in range(0, len(ids), _CHUNK):
            tails.update(self._event_tails(ids[start : start + _CHUNK]))  # type: ignore[attr-defined]
        return tails

    def append_many(self, events: list[Event], org: str) -> list[int]:
        """Append events in order, each linked to `org`'s chain as `Store.append` links it;
        returns their ``seq`` (`events` is a list: its payloads are encoded while it holds
        them). One ``executemany`` (held by `Store.bulk` on SQLite, with
        ``RETURNING`` on PostgreSQL) instead of one statement per event."""
        user = ledger.os_user()
        previous = self._heads.get(org)
        if previous is None:
            previous = ledger.head(self.conn, "events", org)
        rows = []
        texts: dict[
            int, str
        ] = {}  # events sharing one payload mapping or instant: each encoded once
        for event in events:
            data = texts.get(id(event.data))
            if data is None:
                data = texts[id(event.data)] = chain.payload_json(event.data)
            at = texts.get(id(event.at))
            if at is None:
                at = texts[id(event.at)] = to_db(event.at)
            row = (
                event.complaint_id,
                event.n,
                org,
                at,
                to_db(event.recorded_at),
                event.actor,
                event.role,
                event.action,
                data,
            )  # `rows.event_row`'s row
            canonical = chain.canonical_event_of(
                complaint_id=row[0],
                n=row[1],
                org=org,
                at=row[3],
                recorded_at=row[4],
                actor=row[5],
                role=row[6],
                action=row[7],
                data_json=data,
                os_user=user,
                origin=self.origin,
            )
            previous = chain.link(previous, canonical)
            rows.append((*row, user, self.origin, previous))
        if not rows:
            return []
        batch = self._batch
        if batch is not None:
            if batch.seq is None:
                batch.seq = self.conn.raw.execute(
                    "SELECT coalesce(max(seq), 0) FROM events"
                ).fetchone()[0]
            seqs = [batch.add_event(row) for row in rows]
        elif isinstance(self.conn, postgres.PgConnection):
            seqs = self.conn.insert_many_returning(_INSERT, rows, "seq")
        else:
            seqs = [self.conn.execute(_INSERT, row).lastrowid or 0 for row in rows]
        if self._in_transaction:  # we hold the write lock: nobody else appends until we end
            self._heads[org] = previous
        return seqs

    def save_sweep(self, items: list[tuple[str, int, list[str], list[str]]]) -> None:
        """Each (complaint id, its new last event, clocks breached, clocks warned): the rows a
        row-by-row sweep changes, changed the same way."""
        batch = self._batch
        if batch is not None:  # held with the row-by-row sweep's changes, grouped at the flush
            for cid, last, breached, warned in items:
                statements: list[tuple[str, tuple[Any, ...]]] = [(LAST_EVENT, (last, cid))]
                statements += [(BREACH, ("breached", cid, name)) for name in breached]
                statements += [(WARN, (1, cid, name)) for name in warned]
                batch.hold_change(cid, statements)
            return
        self.conn.executemany(LAST_EVENT, [(last, cid) for cid, last, _, _ in items])
        breaches = [("breached", cid, name) for cid, _, breached, _ in items for name in breached]
        if breaches:
            self.conn.executemany(BREACH, breaches)
        warnings = [(1, cid, name) for cid, _, _, warned in items for name in warned]
        if warnings:
            self.conn.executemany(WARN, warnings)
