"""Bulk writes: the rows of many records held in memory and written per table by ``executemany``.

`Store.bulk` (inside a transaction) turns the store's writes of *new* complaints — their
events, projection rows and personal data — into entries of a `Batch`; the rows go to the
database in one ``executemany`` per table when the batch is flushed, instead of six to nine
statements per record. Events get their ``seq`` and hash when appended, exactly as a direct
write would give them (we hold the write lock), so the history, its chain and every
projection row come out identical to writing record by record.

Plugins still see earlier records of the same file: the reads an import makes on the
complaints it is creating (the complaint itself, its events, the repeat lookups of a domain)
are answered from the batch (`tousu.default_plugins.store.batch_reads`), and *any other* statement sent while the batch
holds rows first flushes it (`FlushingConnection`), so nothing can ever read a database that
misses them. A unit that fails without having flushed is undone in memory (`Batch.mark` /
`Batch.undo`): no savepoint is needed around a record unless it fails after a flush.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from functools import lru_cache
from itertools import chain as _chain
from typing import Any

from tousu.default_plugins.store import derived
from tousu.default_plugins.store.rows import (
    _SORTED_JSON,
    _deadline,
    _event,
    _flags_json,
    _met_by_json,
    _met_by_tuple,
    complaint_row,
    deadline_rows,
    step_rows,
)
from tousu.models import Complaint, Deadline, Event, Link, Step
from tousu.timeutil import from_db, to_db

#: Each table's insert, without its VALUES (`_insert` adds as many rows as a statement takes).
_INSERT_EVENT = (
    "INSERT INTO events (seq, complaint_id, n, org, at, recorded_at, actor, role, action, data, os_user, origin, hash)"
)
_INSERT_PERSONAL = "INSERT INTO personal (complaint_id, complainant, contact)"
_INSERT_COMPLAINT = (
    "INSERT INTO complaints (id, org, domain, channel, received_at, month, summary, status, "
    "tier, category, classification_reason, respondent, place, request, owner, assignee, department, "
    "urgent, flags, fields, resolved_at, closed_at, last_event)"
)
_INSERT_DEADLINE = (
    "INSERT INTO deadlines (complaint_id, name, org, due_at, state, met_at, met_by, kind, extensions, active, "
    "clock, warn_at, warned)"
)
_INSERT_STEP = "INSERT INTO steps (complaint_id, name, done, done_at, done_by)"
_INSERT_LINK = "INSERT INTO links (complaint_id, kind, target)"
#: Rows per statement, largest first: a batch's rows go in ``n // 256`` statements of 256 and
#: the rest in base 4 (at most three of each smaller size), five statement texts per table.
_CHUNKS = (256, 64, 16, 4, 1)

_MISSING = object()


class Batch:
    """The rows of new complaints not yet written, in the order a direct write would write them.

    ``complaints`` holds each new complaint's latest state (its rows are made from it at the
    flush, so later actions on it in the same batch cost no UPDATE); ``events`` the event rows
    with their ``seq`` and hash; ``log`` what to undo when a unit of work fails.
    """

    def __init__(self) -> None:
        self.complaints: dict[str, tuple[Complaint, str, int]] = {}
        self.personal: dict[str, tuple[str, str]] = {}
        self.events: list[tuple[Any, ...]] = []
        self.by_complaint: dict[str, list[int]] = {}
        #: The ``seq`` of the last event appended (None: read it from the database first).
        self.seq: int | None = None
        self.log: list[tuple[str, str, Any]] = []
        #: Held complaint ids by (org, domain, key, value) for the repeat lookups: every state
        #: put is indexed (a stale entry is harmless, each candidate is checked in full).
        self.index: dict[tuple[str, str, str, str], list[str]] = {}
        #: Statements changing *stored* complaints (a sweep's breaches), at most one change each.
        self.statements: list[tuple[str, tuple[Any, ...]]] = []
        self.changed: set[str] = set()
        #: (last n, last at) of stored complaints loaded in bulk, kept up to date by appends.
        self.tails: dict[str, tuple[int, str | None]] = {}

    def __bool__(self) -> bool:
        return bool(self.events or self.complaints or self.personal or self.statements)

    # -- recording ---------------------------------------------------------------------

    def add_event(self, row: tuple[Any, ...]) -> int:
        """Hold an event row (without ``seq``, which it gets here); returns its ``seq``."""
        assert self.seq is not None
        self.seq += 1
        self.by_complaint.setdefault(row[0], []).append(len(self.events))
        self.events.append((self.seq, *row))
        self.log.append(("e", row[0], None))
        tail = self.tails.get(row[0])
        if tail is not None:
            self.log.append(("t", row[0], tail))
            self.tails[row[0]] = (max(tail[0], row[1]), max(tail[1] or "", row[3]))
        return self.seq

    def hold_change(self, complaint_id: str, statements: list[tuple[str, tuple[Any, ...]]]) -> None:
        """Hold the statements of one change of a stored complaint (``Writes.save_change``'s)."""
        self.log.append(("s", complaint_id, len(self.statements)))
        self.statements.extend(statements)
        self.changed.add(complaint_id)

    def put(self, complaint: Complaint, month: str, last_event: int) -> None:
        self.log.append(("c", complaint.id, self.complaints.get(complaint.id, _MISSING)))
        self.complaints[complaint.id] = (complaint, month, last_event)
        self._index(complaint.id, complaint.org, complaint.domain, "place", complaint.place)
        self._index(complaint.id, complaint.org, complaint.domain, "category", complaint.category or "")
        personal = self.personal.get(complaint.id)
        if personal is not None:
            self._index(complaint.id, complaint.org, complaint.domain, "contact", personal[1])

    def _index(self, cid: str, org: str, domain: str, key: str, value: str) -> None:
        entries = self.index.setdefault((org, domain, key, value), [])
        if not entries or entries[-1] != cid:
            entries.append(cid)

    def put_personal(self, complaint_id: str, complainant: str, contact: str) -> None:
        self.log.append(("p", complaint_id, self.personal.get(complaint_id, _MISSING)))
        self.personal[complaint_id] = (complainant, contact)
        held = self.complaints.get(complaint_id)
        if held is not None:
            self._index(complaint_id, held[0].org, held[0].domain, "contact", contact)

    def mark(self) -> int:
        return len(self.log)

    def undo(self, mark: int) -> None:
        """Forget everything recorded since `mark` (a failed unit of work that wrote nothing)."""
        while len(self.log) > mark:
            kind, key, previous = self.log.pop()
            if kind == "e":
                self.events.pop()
                self.by_complaint[key].pop()
                if not self.by_complaint[key]:
                    del self.by_complaint[key]
                assert self.seq is not None
                self.seq -= 1
            elif kind == "t":
                self.tails[key] = previous
            elif kind == "s":
                del self.statements[previous:]
                self.changed.discard(key)
            else:
                table = self.complaints if kind == "c" else self.personal
                if previous is _MISSING:
                    del table[key]
                else:
                    table[key] = previous

    # -- writing -------------------------------------------------------------------------

    def write(self, conn: sqlite3.Connection) -> None:
        """Every held row, a few multi-row statements per table (`_insert`), then forget them.

        The new complaints' rows are written with their insert triggers standing aside, and
        their search index, clock tallies and rollups written set-wise after them
        (`tousu.default_plugins.store.derived`); the held changes of stored complaints after
        that, through their triggers.
        """
        items = list(self.complaints.values())
        with derived.deferred(conn, list(self.complaints)) if items else nullcontext() as deriving:
            if self.personal:
                _insert(conn, _INSERT_PERSONAL, [(cid, *names) for cid, names in self.personal.items()])
            if self.events:
                _insert(conn, _INSERT_EVENT, self.events)
            if deriving is not None:
                _insert(conn, _INSERT_COMPLAINT, [complaint_row(c, month, last) for c, month, last in items])
                deriving.born()
                _insert(conn, _INSERT_DEADLINE, [row for c, _, _ in items for row in deadline_rows(c)])
                _insert(conn, _INSERT_STEP, [row for c, _, _ in items for row in step_rows(c)])
                _insert(conn, _INSERT_LINK, [(c.id, link.kind, link.id) for c, _, _ in items for link in c.links])
        if self.statements:
            _run(conn, self.statements)
        tails = self.tails
        self.__init__()  # type: ignore[misc]  # empty again; seq is read anew after a flush
        self.tails = tails

    # -- reading back ----------------------------------------------------------------------

    def loaded(self, complaint_id: str) -> Complaint:
        """A held complaint exactly as `Store.load` would read it back from its rows.

        Answered from the held state directly (a replayed history loads its complaint before
        each action): an instant read back from its stored text is the same instant in UTC,
        texts and numbers come back as they went in; the JSON parts (fields, flags, clocks) go
        through their stored text as the rows would. A clock with extensions takes the
        rows' way (`reread`); tests/perf/test_bulk_units.py holds the two ways equal.
        """
        complaint = self.complaints[complaint_id][0]
        if any(d.extensions for d in complaint.deadlines):
            return self.reread(complaint_id)
        c = complaint
        complainant, contact = self.personal.get(complaint_id, ("", ""))
        return Complaint(
            id=c.id,
            org=c.org,
            domain=c.domain,
            channel=c.channel,
            received_at=_utc(c.received_at),
            summary=c.summary,
            status=c.status,
            tier=c.tier,
            category=c.category,
            classification_reason=c.classification_reason,
            complainant=complainant or "",
            contact=contact or "",
            respondent=c.respondent,
            place=c.place,
            request=c.request,
            owner=c.owner,
            assignee=c.assignee,
            department=c.department,
            urgent=bool(int(c.urgent)),
            flags=_flags_back(tuple(c.flags)),
            fields=json.loads(_SORTED_JSON(c.fields if type(c.fields) is dict else dict(c.fields))),
            links=tuple(Link(link.kind, link.id) for link in c.links),
            deadlines=tuple(
                Deadline(
                    name=d.name,
                    due_at=_utc(d.due_at),
                    state=d.state,
                    met_at=_utc(d.met_at) if d.met_at else None,
                    met_by=_met_by_tuple(_met_by_json(d.met_by)),
                    kind=d.kind,
                    clock=json.loads(_SORTED_JSON(dict(d.clock))) if d.clock else {},
                    warn_at=_utc(d.warn_at) if d.warn_at else None,
                    warned=bool(int(d.warned)),
                )
                for d in c.deadlines
            ),
            steps=tuple(Step(s.name, bool(int(s.done)), _utc(s.done_at) if s.done_at else None, s.done_by) for s in c.steps),
            resolved_at=_utc(c.resolved_at) if c.resolved_at else None,
            closed_at=_utc(c.closed_at) if c.closed_at else None,
        )

    def reread(self, complaint_id: str) -> Complaint:
        """A held complaint made into its rows and read back from them, as `Store.load` reads."""
        complaint, month, last = self.complaints[complaint_id]
        row = complaint_row(complaint, month, last)
        complainant, contact = self.personal.get(complaint_id, ("", ""))
        return Complaint(
            id=row[0],
            org=row[1],
            domain=row[2],
            channel=row[3],
            received_at=from_db(row[4]),
            summary=row[6],
            status=row[7],
            tier=row[8],
            category=row[9],
            classification_reason=row[10],
            complainant=complainant or "",
            contact=contact or "",
            respondent=row[11],
            place=row[12],
            request=row[13],
            owner=row[14],
            assignee=row[15],
            department=row[16],
            urgent=bool(row[17]),
            flags=tuple(json.loads(row[18])),
            fields=json.loads(row[19]),
            links=tuple(Link(link.kind, link.id) for link in complaint.links),
            deadlines=tuple(
                _deadline((r[0], r[1], r[3], r[4], r[5], r[6], r[7], r[8], r[10], r[11], r[12]))
                for r in deadline_rows(complaint)
            ),
            steps=tuple(Step(r[1], bool(r[2]), from_db(r[3]) if r[3] else None, r[4]) for r in step_rows(complaint)),
            resolved_at=from_db(row[20]) if row[20] else None,
            closed_at=from_db(row[21]) if row[21] else None,
        )

    def event_rows(self, complaint_id: str) -> list[tuple[Any, ...]]:
        """The held event rows of a complaint, by number: (seq, complaint_id, n, org, at, …)."""
        return [self.events[i] for i in self.by_complaint.get(complaint_id, ())]

    def events_of(self, complaint_id: str) -> list[Event]:
        return [_event((r[1], r[2], r[4], r[5], r[6], r[7], r[8], r[9])) for r in self.event_rows(complaint_id)]

    def latest_earlier(
        self,
        org: str,
        domain: str,
        before: str,
        received_by: str,
        still_open: tuple[str, ...],
        closed_since: str,
        same: dict[str, str],
        field: tuple[str, Any, Any] | None,
    ) -> tuple[str, str] | bool | None:
        """`DomainReads.latest_earlier` over the held complaints: (received_at, id) of the most
        recent match, None without one, False when a field's value is not one this can compare
        exactly like SQLite (the caller then flushes and asks the database)."""
        best: tuple[str, str] | None = None
        key = "contact" if "contact" in same else "place" if "place" in same else "category"
        for cid in dict.fromkeys(self.index.get((org, domain, key, same[key]), ())):
            held = self.complaints.get(cid)
            if held is None:
                continue
            c = held[0]
            if c.org != org or c.domain != domain or cid == before:
                continue
            received = to_db(c.received_at)
            if received > received_by:
                continue
            if c.status not in still_open:
                closed = to_db(c.closed_at) if c.closed_at else None
                if closed is None or closed < closed_since:
                    continue
            if any(
                (self.personal.get(cid, ("", ""))[1] if key == "contact" else getattr(c, key)) != value
                for key, value in same.items()
            ):
                continue
            if field is not None:
                verdict = _field_equals(c.fields, field)
                if verdict is None:
                    return False
                if not verdict:
                    continue
            if best is None or (received, cid) > best:
                best = (received, cid)
        return best


def _insert(conn: sqlite3.Connection, head: str, rows: list[tuple[Any, ...]]) -> None:
    """`rows` inserted in order, up to 256 a statement (`_CHUNKS`), not one statement a row.

    A table with insert triggers makes each statement open a statement journal (a trigger's
    upsert may abort it), which copies every page the statement changes before changing it:
    ``executemany`` pays that per row, for each of the table's indexes (~20 µs a clock row),
    a multi-row statement once per page. The rows, their order and their values as bound are
    those ``executemany`` would write.
    """
    done, total = 0, len(rows)
    for size in _CHUNKS:
        if total - done >= size:
            sql = _values(head, len(rows[0]), size)
            while total - done >= size:
                conn.execute(sql, list(_chain.from_iterable(rows[done : done + size])))
                done += size


@lru_cache(maxsize=64)
def _values(head: str, width: int, count: int) -> str:
    row = "(" + ", ".join("?" * width) + ")"
    return f"{head} VALUES {', '.join([row] * count)}"


def _utc(value: datetime) -> datetime:
    """`from_db(to_db(value))` without the text: the same instant, in UTC."""
    if value.tzinfo is None:  # pragma: no cover - a programming error, as `to_db` says
        raise ValueError("naive datetime reached storage")
    return value if value.tzinfo is UTC else value.astimezone(UTC)


@lru_cache(maxsize=256)
def _flags_back(flags: tuple[str, ...]) -> tuple[str, ...]:
    """A complaint's flags as their stored text reads back (a handful of distinct sets)."""
    return tuple(json.loads(_flags_json(flags)))


def _run(conn: sqlite3.Connection, statements: list[tuple[str, tuple[Any, ...]]]) -> None:
    """The held changes of stored complaints, one ``executemany`` per distinct statement.

    Each complaint has at most one change held, so no two statements touch the same row and
    their order across groups does not matter; inserts keep their order within their group.
    A deletion would free a rowid an insert may take: then everything runs in order.
    """
    if any(sql.startswith("DELETE") for sql, _ in statements):
        for sql, params in statements:
            conn.execute(sql, params)
        return
    groups: dict[str, list[tuple[Any, ...]]] = {}
    for sql, params in statements:
        groups.setdefault(sql, []).append(params)
    for sql, rows in groups.items():
        conn.executemany(sql, rows)


def _field_equals(fields: Any, field: tuple[str, Any, Any]) -> bool | None:
    """``COALESCE(json_extract(fields, '$.path'), default) = value`` as SQLite decides it, or
    None when the value is a JSON object or array (compared as text by SQLite: left to it)."""
    value: Any = json.loads(json.dumps(fields if type(fields) is dict else dict(fields)))
    for part in field[0].split("."):
        value = value.get(part) if isinstance(value, dict) else None
        if value is None:
            break
    if value is None:
        value = field[1]
    if isinstance(value, dict | list):
        return None
    return _sql_value(value) == _sql_value(field[2])


def _sql_value(value: Any) -> tuple[int, Any]:
    """A value as SQLite compares it: numbers with numbers (booleans are 0/1), text with text."""
    if isinstance(value, bool):
        return (0, int(value))
    if isinstance(value, int | float):
        return (0, value)
    if value is None:
        return (2, object())  # NULL equals nothing
    return (1, str(value))


class FlushingConnection:
    """The store's connection while a batch holds rows: every statement flushes the batch first,
    so no read (and no write) ever sees a database without the rows written before it."""

    def __init__(self, raw: sqlite3.Connection, batch: Batch) -> None:
        self.raw = raw
        self.batch = batch

    def execute(self, sql: str, parameters: Any = ()) -> sqlite3.Cursor:
        if self.batch:
            self.batch.write(self.raw)
        return self.raw.execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any) -> sqlite3.Cursor:
        if self.batch:
            self.batch.write(self.raw)
        return self.raw.executemany(sql, parameters)

    @property
    def total_changes(self) -> int:
        """The raw connection's (as `__getattr__` answers, without raising an AttributeError first):
        `Store.attempt` reads it twice a record."""
        return self.raw.total_changes

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


@contextmanager
def batching(store: Any) -> Iterator[Batch]:
    """Hold the new complaints' writes of `store` in a `Batch` until the block ends (then flush)."""
    batch = Batch()
    raw = store.conn
    store.conn, store._batch = FlushingConnection(raw, batch), batch
    try:
        yield batch
        if batch:
            batch.write(raw)
    finally:
        store.conn, store._batch = raw, None
