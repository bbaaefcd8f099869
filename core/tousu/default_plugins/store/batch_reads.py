"""The store's reads and writes of complaints while `Store.bulk` holds a batch (`tousu.default_plugins.store.batch`).

A mixin of `tousu.default_plugins.store.Store`, first in its bases: a held complaint is answered from the
batch, a stored one from the database without flushing (a batch holds only rows of
complaints the database does not have yet, and at most one change of each stored one, whose
reads do flush); a change of a stored complaint is kept as its statements.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tousu.default_plugins.store.batch import Batch
from tousu.models import Complaint, Event
from tousu.timeutil import from_db, to_db


class _Recorder:
    """Stands in for the connection while ``Writes.save_change`` runs: keeps its statements."""

    def __init__(self) -> None:
        self.statements: list[tuple[str, tuple[Any, ...]]] = []

    def execute(self, sql: str, parameters: Any = ()) -> None:
        self.statements.append((sql, tuple(parameters)))

    def executemany(self, sql: str, rows: Any) -> None:
        self.statements.extend((sql, tuple(row)) for row in rows)



class BatchReads:
    """The store's reads and writes of complaints, aware of a `Batch` (a mixin of `Store`, first
    in its bases): held complaints are answered from the batch, the others from the database
    without flushing (a batch holds only rows of complaints the database does not have yet)."""

    conn: Any
    _batch: Batch | None = None

    def _held(self, complaint_id: str) -> bool:
        batch = self._batch
        return batch is not None and complaint_id in batch.complaints

    def _quiet(self) -> Any:
        """Read the database directly, without flushing; returns what to restore."""
        conn = self.conn
        self.conn = conn.raw
        return conn

    # -- writes ----------------------------------------------------------------------------

    def save(self, complaint: Complaint, month: str, last_event: int, *, new: bool = False) -> None:
        if new and self._batch is not None:
            self._batch.put(complaint, month, last_event)
            return
        super().save(complaint, month, last_event, new=new)  # type: ignore[misc]

    def save_change(self, before: Complaint, after: Complaint, month: str, last_event: int) -> None:
        batch = self._batch
        if batch is None:
            super().save_change(before, after, month, last_event)  # type: ignore[misc]
            return
        if after.id in batch.complaints:
            batch.put(after, month, last_event)
            return
        if after.id in batch.changed:  # a second change of the same row: write the first one
            batch.write(self.conn.raw)
        conn, recorder = self.conn, _Recorder()
        self.conn = recorder
        try:
            super().save_change(before, after, month, last_event)  # type: ignore[misc]
        finally:
            self.conn = conn
        batch.hold_change(after.id, recorder.statements)

    def save_personal(self, complaint_id: str, complainant: str, contact: str) -> None:
        if self._batch is not None:
            self._batch.put_personal(complaint_id, complainant, contact)
            return
        super().save_personal(complaint_id, complainant, contact)  # type: ignore[misc]

    # -- reads -------------------------------------------------------------------------------

    def load_many(self, ids: list[str]) -> list[Complaint]:
        batch = self._batch
        if batch is None:
            return super().load_many(ids)  # type: ignore[misc]
        if any(cid in batch.by_complaint and cid not in batch.complaints for cid in ids):
            return super().load_many(ids)  # type: ignore[misc]  # events of a stored complaint held: flush
        stored = [cid for cid in ids if cid not in batch.complaints]
        conn = self._quiet()
        try:
            found = {c.id: c for c in super().load_many(stored)} if stored else {}  # type: ignore[misc]
            for start in range(0, len(stored), 500):  # their last event, for the numbers of the next ones
                batch.tails.update(self._event_tails(stored[start : start + 500]))  # type: ignore[attr-defined]
        finally:
            self.conn = conn
        for cid in ids:
            if cid in batch.complaints:
                found[cid] = batch.loaded(cid)
        return [found[cid] for cid in ids if cid in found]

    def org_of(self, complaint_id: str) -> str | None:
        if self._held(complaint_id):
            assert self._batch is not None
            return self._batch.complaints[complaint_id][0].org
        if self._batch is None:
            return super().org_of(complaint_id)  # type: ignore[misc]
        conn = self._quiet()  # a stored complaint's organization: nothing held changes it
        try:
            return super().org_of(complaint_id)  # type: ignore[misc]
        finally:
            self.conn = conn

    def personal(self, complaint_id: str) -> tuple[str, str]:
        if self._held(complaint_id):
            assert self._batch is not None
            return self._batch.personal.get(complaint_id, ("", ""))
        return super().personal(complaint_id)  # type: ignore[misc]

    def events(self, complaint_id: str) -> list[Event]:
        if self._held(complaint_id):
            assert self._batch is not None
            return self._batch.events_of(complaint_id)
        return super().events(complaint_id)  # type: ignore[misc]

    def next_event_n(self, complaint_id: str) -> int:
        batch = self._batch
        if batch is not None and complaint_id in batch.complaints:
            rows = batch.event_rows(complaint_id)
            return (max(r[2] for r in rows) if rows else 0) + 1
        if batch is not None and complaint_id in batch.tails:
            return batch.tails[complaint_id][0] + 1
        return super().next_event_n(complaint_id)  # type: ignore[misc]

    def last_event_at(self, complaint_id: str) -> datetime | None:
        batch = self._batch
        if batch is not None and complaint_id in batch.complaints:
            rows = batch.event_rows(complaint_id)
            return from_db(max(r[4] for r in rows)) if rows else None
        if batch is not None and complaint_id in batch.tails:
            last = batch.tails[complaint_id][1]
            return from_db(last) if last else None
        return super().last_event_at(complaint_id)  # type: ignore[misc]

    def actions_after(self, complaint_id: str, n: int) -> list[tuple[str, datetime]]:
        batch = self._batch
        if batch is not None and complaint_id in batch.complaints:
            rows = sorted((r for r in batch.event_rows(complaint_id) if r[2] > n), key=lambda r: r[2])
            return [(r[8], from_db(r[4])) for r in rows]
        return super().actions_after(complaint_id, n)  # type: ignore[misc]

    def actions_of(self, complaint_id: str) -> list[str]:
        batch = self._batch
        if batch is not None and complaint_id in batch.complaints:
            return [r[8] for r in sorted(batch.event_rows(complaint_id), key=lambda r: r[2])]
        return super().actions_of(complaint_id)  # type: ignore[misc]

    def latest_earlier(
        self,
        org: str,
        domain: str,
        *,
        before: str,
        received_by: datetime,
        still_open: tuple[str, ...],
        closed_since: datetime,
        same: dict[str, str],
        field: tuple[str, Any, Any] | None = None,
    ) -> str | None:
        batch = self._batch
        ask = super().latest_earlier  # type: ignore[misc]
        if batch is None or not batch.complaints:
            return ask(org, domain, before=before, received_by=received_by, still_open=still_open,
                       closed_since=closed_since, same=same, field=field)
        conn = self._quiet()
        try:  # the stored complaints first (it checks `same`): the held ones are not among them
            stored = self._latest_stored(  # type: ignore[attr-defined]
                org, domain, before, received_by, still_open, closed_since, same, field
            )
        finally:
            self.conn = conn
        held = batch.latest_earlier(org, domain, before, to_db(received_by), still_open, to_db(closed_since), same, field)
        if held is False:  # not comparable in memory: let the database see the held rows
            return ask(org, domain, before=before, received_by=received_by, still_open=still_open,
                       closed_since=closed_since, same=same, field=field)
        candidates = [c for c in (held, stored) if c]
        return max(candidates)[1] if candidates else None  # type: ignore[type-var]
