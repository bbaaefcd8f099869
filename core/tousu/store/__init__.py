"""The SQLite database: schema, migrations, transactions, and the projection tables.

One file per deployment, WAL mode, a busy timeout, and ``BEGIN IMMEDIATE`` for every write
so that concurrent commands queue instead of failing. ``events`` is append-only: triggers make
the database itself refuse UPDATE and DELETE. ``complaints``, ``deadlines``, ``steps`` and
``links`` are projections of the events; `rebuild` recomputes them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import sqlite_utils

from tousu import projection
from tousu.errors import ConfigError
from tousu.models import FINAL_STATUSES, Complaint, Deadline, Event, Extension, Link, Step
from tousu.store import chain, ledger
from tousu.store.outbox import MIGRATIONS as OUTBOX_MIGRATIONS
from tousu.timeutil import from_db, to_db

BUSY_TIMEOUT_MS = 30_000
#: Page cache per connection, in KiB as SQLite's negative ``cache_size`` takes it (32 MiB).
CACHE_KIB = -32768

#: The encoders of every stored JSON text, built once: ``json.dumps`` with any option builds
#: a new encoder at each call, and every write encodes an event payload and a fields mapping.
_SORTED_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
_PLAIN_JSON = json.JSONEncoder(ensure_ascii=False).encode

CORE_MIGRATIONS: list[tuple[str, str | Callable[[sqlite_utils.Database], None]]] = [
    (
        "core-0001-initial",
        """
        CREATE TABLE complaints (
            id TEXT PRIMARY KEY,
            org TEXT NOT NULL,
            domain TEXT NOT NULL,
            channel TEXT NOT NULL,
            received_at TEXT NOT NULL,
            month TEXT NOT NULL,
            summary TEXT NOT NULL,
            status TEXT NOT NULL,
            tier TEXT,
            category TEXT,
            classification_reason TEXT NOT NULL DEFAULT '',
            respondent TEXT NOT NULL DEFAULT '',
            place TEXT NOT NULL DEFAULT '',
            request TEXT NOT NULL DEFAULT '',
            owner TEXT NOT NULL DEFAULT '',
            assignee TEXT NOT NULL DEFAULT '',
            department TEXT NOT NULL DEFAULT '',
            urgent INTEGER NOT NULL DEFAULT 0,
            flags TEXT NOT NULL DEFAULT '[]',
            fields TEXT NOT NULL DEFAULT '{}',
            resolved_at TEXT,
            closed_at TEXT,
            last_event INTEGER NOT NULL
        );
        CREATE INDEX complaints_org_month ON complaints (org, month, tier, category, channel, status);
        CREATE INDEX complaints_org_status ON complaints (org, status);
        CREATE TABLE personal (
            complaint_id TEXT PRIMARY KEY,
            complainant TEXT NOT NULL DEFAULT '',
            contact TEXT NOT NULL DEFAULT '',
            erased_at TEXT
        );
        CREATE TABLE events (
            seq INTEGER PRIMARY KEY,
            complaint_id TEXT NOT NULL,
            n INTEGER NOT NULL,
            org TEXT NOT NULL,
            at TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            actor TEXT NOT NULL,
            role TEXT NOT NULL,
            action TEXT NOT NULL,
            data TEXT NOT NULL,
            UNIQUE (complaint_id, n)
        );
        CREATE INDEX events_org_action_at ON events (org, action, at);
        CREATE TRIGGER events_no_update BEFORE UPDATE ON events
            BEGIN SELECT RAISE(ABORT, 'events are append-only: history cannot be changed'); END;
        CREATE TRIGGER events_no_delete BEFORE DELETE ON events
            BEGIN SELECT RAISE(ABORT, 'events are append-only: history cannot be deleted'); END;
        CREATE TABLE deadlines (
            complaint_id TEXT NOT NULL,
            name TEXT NOT NULL,
            org TEXT NOT NULL,
            due_at TEXT NOT NULL,
            state TEXT NOT NULL,
            met_at TEXT,
            met_by TEXT NOT NULL DEFAULT '[]',
            kind TEXT NOT NULL DEFAULT 'deadline',
            extensions TEXT NOT NULL DEFAULT '[]',
            active INTEGER NOT NULL,
            PRIMARY KEY (complaint_id, name)
        );
        CREATE INDEX deadlines_pending ON deadlines (org, due_at) WHERE active = 1 AND state = 'pending';
        CREATE INDEX deadlines_active ON deadlines (org, due_at) WHERE active = 1;
        CREATE INDEX deadlines_org_due ON deadlines (org, due_at, name, state, met_at);
        CREATE TABLE steps (
            complaint_id TEXT NOT NULL,
            name TEXT NOT NULL,
            done INTEGER NOT NULL DEFAULT 0,
            done_at TEXT,
            done_by TEXT,
            PRIMARY KEY (complaint_id, name)
        );
        CREATE TABLE links (
            complaint_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            target TEXT NOT NULL,
            PRIMARY KEY (complaint_id, kind, target)
        );
        CREATE INDEX links_target ON links (target);
        CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
        """,
    ),
    (
        "core-0002-reports",
        """
        CREATE INDEX complaints_org_received ON complaints (org, received_at);
        CREATE INDEX complaints_org_resolved ON complaints (org, resolved_at) WHERE resolved_at IS NOT NULL;
        CREATE INDEX deadlines_org_kind_due ON deadlines (org, kind, due_at, name, state, met_at);
        CREATE TABLE frozen_reports (
            seq INTEGER PRIMARY KEY,
            org TEXT NOT NULL,
            period TEXT NOT NULL,
            frozen_at TEXT NOT NULL,
            frozen_by TEXT NOT NULL DEFAULT '',
            recorded_at TEXT NOT NULL DEFAULT '',
            document TEXT NOT NULL
        );
        CREATE INDEX frozen_reports_org_period ON frozen_reports (org, period, seq);
        CREATE TRIGGER frozen_reports_no_update BEFORE UPDATE ON frozen_reports
            BEGIN SELECT RAISE(ABORT, 'frozen reports are append-only: an issued report cannot be changed'); END;
        CREATE TRIGGER frozen_reports_no_delete BEFORE DELETE ON frozen_reports
            BEGIN SELECT RAISE(ABORT, 'frozen reports are append-only: an issued report cannot be deleted'); END;
        CREATE TABLE audit (
            seq INTEGER PRIMARY KEY,
            org TEXT NOT NULL,
            at TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            actor TEXT NOT NULL,
            role TEXT NOT NULL,
            action TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX audit_org_at ON audit (org, at);
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        """,
    ),
    (
        "core-0003-lookups",
        # Plugins look up earlier cases by contact, and by place and category, at every intake
        # (city_enforcement's repeat petitions): without these each lookup reads the whole register.
        """
        CREATE INDEX personal_contact ON personal (contact);
        CREATE INDEX complaints_org_place ON complaints (org, place, category, received_at, id);
        """,
    ),
    (
        "core-0004-report-figures",
        # Every core figure of a month's report in one pass over one index: the counts and
        # breakdowns, the callbacks' verdicts, and resolution times (covered: no table reads).
        # It starts with every column of complaints_org_month, which it replaces.
        """
        CREATE INDEX complaints_org_month_figures ON complaints
            (org, month, tier, category, channel, status, resolved_at, received_at, json_extract(fields, '$.satisfied'));
        DROP INDEX complaints_org_month;
        """,
    ),
    (
        "core-0005-clock-queues",
        # The two queues of running clocks, each in exactly the order it is read, so their cost
        # follows the clocks due rather than the register: sweep (pending clocks by due time)
        # and the daily list / overdue figure (running deadlines, timers left out). They
        # replace the two partial indexes on (org, due_at) that the planner could not tell apart.
        """
        CREATE INDEX deadlines_sweep ON deadlines (org, due_at, complaint_id) WHERE active = 1 AND state = 'pending';
        CREATE INDEX deadlines_due_list ON deadlines (org, due_at, complaint_id, met_at)
            WHERE active = 1 AND kind = 'deadline';
        DROP INDEX deadlines_pending;
        DROP INDEX deadlines_active;
        """,
    ),
    (
        "core-0006-sweep-events",
        # "Did a sweep breach this clock / escalate this complaint?" for each complaint of a
        # month's report: only sweep events are indexed, so the lookup finds them without
        # reading every event of every complaint (and intakes and actions never touch it).
        """
        CREATE INDEX events_sweeps ON events (complaint_id) WHERE action = 'sweep';
        """,
    ),
    *OUTBOX_MIGRATIONS,  # the outbox and receipt codes (tousu.store.outbox)
    # Tamper evidence (tousu.store.chain): the OS user, the origin and the hash of every row.
    ("core-0007-chain", ledger.migrate_chain),
]

# how each clock was computed, when it warns, whether a sweep recorded the warning (tousu.calendars)
CORE_MIGRATIONS.append(
    (
        "core-clocks-0001-deadline-clock",
        """
        ALTER TABLE deadlines ADD COLUMN clock TEXT NOT NULL DEFAULT '';
        ALTER TABLE deadlines ADD COLUMN warn_at TEXT;
        ALTER TABLE deadlines ADD COLUMN warned INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX deadlines_warnings ON deadlines (org, warn_at, complaint_id)
            WHERE active = 1 AND state = 'pending' AND warn_at IS NOT NULL;
        """,
    )
)

# the search index over complaints' texts (tousu.store.search) keeps itself in step by triggers
from tousu.store.search import SEARCH_MIGRATIONS  # noqa: E402

CORE_MIGRATIONS += SEARCH_MIGRATIONS
# Staff credentials (tousu.store.credentials): password hashes, token digests, failed logins.
from tousu.store.credentials import MIGRATIONS as _CREDENTIAL_MIGRATIONS  # noqa: E402

CORE_MIGRATIONS.extend(_CREDENTIAL_MIGRATIONS)

PROJECTION_TABLES = ("complaints", "deadlines", "steps", "links")

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


_SAVE_COMPLAINT = (
    "INSERT OR REPLACE INTO complaints (id, org, domain, channel, received_at, month, summary, status, "
    "tier, category, classification_reason, respondent, place, request, owner, assignee, department, "
    "urgent, flags, fields, resolved_at, closed_at, last_event) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


class PartialWrite(Exception):
    """A unit of work run by `Store.attempt` failed after writing: only a rollback undoes it."""


class Store:
    """The database of one deployment."""

    def __init__(self, path: Path | str, synchronous: str = "FULL") -> None:
        self.path = str(path)
        try:
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute(f"PRAGMA synchronous = {synchronous}")
            # Statement journals (one per write inside a savepoint) in memory, not temp files:
            # bulk import writes every record inside a savepoint. A larger page cache keeps
            # the indexes of a register of millions of complaints in memory.
            conn.execute("PRAGMA temp_store = MEMORY")
            conn.execute(f"PRAGMA cache_size = {CACHE_KIB}")
        except sqlite3.DatabaseError as exc:
            raise ConfigError(f"{self.path}: cannot open the database: {exc}") from None
        self.conn = conn
        self.db = sqlite_utils.Database(conn)
        self._in_transaction = False
        #: The complaint-id counter as this transaction has advanced it (written once, at commit).
        self._counter: int | None = None
        self._counter_written: int | None = None
        #: Stored with each appended event: where it came from ("" when typed at this desk).
        self.origin = ""
        #: The events chain's head per organization, as this transaction has moved it.
        self._heads: dict[str, str] = {}

    def close(self) -> None:
        self.conn.close()

    # -- transactions and migrations ------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """One command, one transaction: ``BEGIN IMMEDIATE`` ... ``COMMIT``, or nothing at all."""
        if self._in_transaction:
            yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._in_transaction = True
        self._heads.clear()
        try:
            yield self
            self._write_counter()
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")
        finally:
            self._in_transaction = False
            self._counter = self._counter_written = None
            self._heads.clear()

    @contextmanager
    def savepoint(self, name: str = "tousu_record") -> Iterator[Store]:
        """A nested unit inside a transaction: on an exception only its own writes are undone.

        Bulk paths wrap each record in one so that a bad record leaves nothing behind while
        the records around it, in the same transaction, are kept.
        """
        if not self._in_transaction:
            raise RuntimeError("Store.savepoint() is used inside Store.transaction()")
        self.conn.execute(f"SAVEPOINT {name}")
        counter = self._counter
        try:
            yield self
        except BaseException:
            self.conn.execute(f"ROLLBACK TO {name}")
            self.conn.execute(f"RELEASE {name}")
            self._counter = counter  # ids handed out inside are free again
            self._heads.clear()  # heads of rows now rolled back
            raise
        else:
            self.conn.execute(f"RELEASE {name}")

    @contextmanager
    def attempt(self) -> Iterator[Store]:
        """A unit of work inside a transaction *without* a savepoint, for bulk paths.

        On an exception, ids handed out inside are free again; if the unit had already
        written something, `PartialWrite` is raised instead of the error (the caller rolls
        back and redoes the work with `savepoint`). Most refusals happen before anything
        is written, and then this costs nothing where a savepoint costs two statements and
        a statement journal for every write.
        """
        if not self._in_transaction:
            raise RuntimeError("Store.attempt() is used inside Store.transaction()")
        changes, counter = self.conn.total_changes, self._counter
        try:
            yield self
        except Exception:
            if self.conn.total_changes != changes:
                raise PartialWrite() from None
            self._counter = counter
            raise

    def migrate(self, extra: Iterable[tuple[str, Callable[[sqlite_utils.Database], None]]] = ()) -> list[str]:
        """Apply the core's and the plugins' migrations not yet recorded; return their names."""
        try:
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT (datetime('now')))"
            )
            done = {row[0] for row in self.conn.execute("SELECT name FROM _migrations")}
        except sqlite3.DatabaseError as exc:
            raise ConfigError(f"{self.path}: not a tousu database ({exc})") from None
        extra = list(extra)
        known = {name for name, _ in CORE_MIGRATIONS} | {name for name, _ in extra}
        newer = sorted(name for name in done if name.startswith("core-") and name not in known)
        if newer:  # written by a newer tousu: its tables mean things this version does not know
            raise ConfigError(
                f"{self.path}: the database was written by a newer tousu (migration{'s' if len(newer) > 1 else ''} "
                f"{', '.join(newer)} unknown to tousu {_version()}); upgrade tousu before using it"
            )
        pending: list[tuple[str, Callable[[sqlite_utils.Database], None]]] = [
            (name, sql if callable(sql) else _script(sql)) for name, sql in CORE_MIGRATIONS if name not in done
        ] + [(name, fn) for name, fn in extra if name not in done]
        if not pending:
            return []
        with self.transaction():
            done = {row[0] for row in self.conn.execute("SELECT name FROM _migrations")}
            applied = []
            for name, fn in pending:
                if name in done:
                    continue
                fn(self.db)
                self.conn.execute("INSERT INTO _migrations (name) VALUES (?)", (name,))
                applied.append(name)
        return applied

    # -- ids ------------------------------------------------------------------------

    def next_ids(self, count: int = 1) -> list[str]:
        """Allocate `count` time-ordered complaint ids (``C00000001``...) inside the transaction.

        The counter is read once per transaction and written once, just before it commits
        (a batch of a thousand intakes costs two statements, not two thousand); the write
        lock taken by ``BEGIN IMMEDIATE`` keeps every other writer out meanwhile.
        """
        if self._counter is None:
            row = self.conn.execute("SELECT value FROM counters WHERE name = 'complaint'").fetchone()
            self._counter = self._counter_written = row[0] if row else 0
        start = self._counter + 1
        self._counter += count
        if not self._in_transaction:
            self._write_counter()
            self._counter = self._counter_written = None
        return [f"C{n:08d}" for n in range(start, start + count)]

    def _write_counter(self) -> None:
        if self._counter is not None and self._counter != self._counter_written:
            self.conn.execute(
                "INSERT INTO counters (name, value) VALUES ('complaint', ?) "
                "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                (self._counter,),
            )
            self._counter_written = self._counter

    # -- events ---------------------------------------------------------------------

    def append(self, event: Event, org: str) -> int:
        """Append one event, linked to the org's hash chain; returns its global sequence number.

        Beside the claimed actor the row records the operating-system user, and `origin`
        (set by `recording_origin`, e.g. the import file) when the event was not typed here.
        """
        row = event_row(event, org)
        user = ledger.os_user()
        canonical = chain.canonical_event(
            complaint_id=row[0], n=row[1], org=org, at=row[3], recorded_at=row[4], actor=row[5], role=row[6],
            action=row[7], data=event.data, os_user=user, origin=self.origin,
        )
        previous = self._heads.get(org)
        if previous is None:
            previous = ledger.head(self.conn, "events", org)
        digest = chain.link(previous, canonical)
        cursor = self.conn.execute(
            "INSERT INTO events (complaint_id, n, org, at, recorded_at, actor, role, action, data, os_user, origin, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*row, user, self.origin, digest),
        )
        if self._in_transaction:  # we hold the write lock: nobody else appends until we end
            self._heads[org] = digest
        return cursor.lastrowid or 0

    @contextmanager
    def recording_origin(self, origin: dict[str, Any]) -> Iterator[Store]:
        """Mark every event appended inside as coming from `origin` (``{"imported": FILE, ...}``)."""
        before, self.origin = self.origin, _SORTED_JSON(origin)
        try:
            yield self
        finally:
            self.origin = before

    def append_audit(
        self, org: str, at: datetime, recorded_at: datetime, actor: str, role: str, action: str, detail: dict[str, Any]
    ) -> None:
        """Append one row to the audit log (views of personal data in clear, exports, purges)."""
        ledger.append_audit(self.conn, org, to_db(at), to_db(recorded_at), actor, role, action, _SORTED_JSON(detail))

    def chain_head(self, org: str) -> str:
        """The hash of `org`'s last event: what a frozen report and an export record."""
        return ledger.head(self.conn, "events", org)

    def verify(self, org: str | None = None) -> list[chain.ChainResult]:
        """Walk the hash chains of `org` (default every organization with history)."""
        orgs = [org] if org is not None else ledger.orgs_of(self.conn)
        return [result for o in orgs for result in ledger.verify_org(self.conn, o)]

    def chain_orgs(self) -> list[str]:
        """Organizations with rows in the chains (one removed from the config included)."""
        return ledger.orgs_of(self.conn)

    def event_at_seq(self, seq: int) -> tuple[str, int] | None:
        row = self.conn.execute("SELECT complaint_id, n FROM events WHERE seq = ?", (seq,)).fetchone()
        return (row[0], row[1]) if row else None

    def events(self, complaint_id: str) -> list[Event]:
        rows = self.conn.execute(
            "SELECT complaint_id, n, at, recorded_at, actor, role, action, data FROM events "
            "WHERE complaint_id = ? ORDER BY n",
            (complaint_id,),
        )
        return [_event(row) for row in rows]

    # -- projections ----------------------------------------------------------------

    def org_of(self, complaint_id: str) -> str | None:
        row = self.conn.execute("SELECT org FROM complaints WHERE id = ?", (complaint_id,)).fetchone()
        return row[0] if row else None

    def load(self, complaint_id: str) -> Complaint | None:
        """The complaint as the projection tables hold it (None if there is no such id)."""
        found = self.load_many([complaint_id])
        return found[0] if found else None

    def load_many(self, ids: list[str]) -> list[Complaint]:
        """Several complaints, in the order of `ids`, with their deadlines, steps and links."""
        if not ids:
            return []
        out: dict[str, Complaint] = {}
        for chunk_start in range(0, len(ids), 500):
            chunk = ids[chunk_start : chunk_start + 500]
            marks = ",".join("?" * len(chunk))
            deadlines: dict[str, list[Deadline]] = {}
            for row in self.conn.execute(
                f"SELECT complaint_id, name, due_at, state, met_at, met_by, kind, extensions, clock, warn_at, warned "
                f"FROM deadlines WHERE complaint_id IN ({marks}) ORDER BY complaint_id, rowid",
                chunk,
            ):
                deadlines.setdefault(row[0], []).append(_deadline(row))
            steps: dict[str, list[Step]] = {}
            for row in self.conn.execute(
                f"SELECT complaint_id, name, done, done_at, done_by FROM steps "
                f"WHERE complaint_id IN ({marks}) ORDER BY complaint_id, rowid",
                chunk,
            ):
                steps.setdefault(row[0], []).append(
                    Step(row[1], bool(row[2]), from_db(row[3]) if row[3] else None, row[4])
                )
            links: dict[str, list[Link]] = {}
            for row in self.conn.execute(
                f"SELECT complaint_id, kind, target FROM links WHERE complaint_id IN ({marks}) "
                f"ORDER BY complaint_id, rowid",
                chunk,
            ):
                links.setdefault(row[0], []).append(Link(row[1], row[2]))
            for row in self.conn.execute(
                f"SELECT c.id, c.org, c.domain, c.channel, c.received_at, c.summary, c.status, c.tier, "
                f"c.category, c.classification_reason, p.complainant, p.contact, c.respondent, c.place, "
                f"c.request, c.owner, c.assignee, c.department, c.urgent, c.flags, c.fields, "
                f"c.resolved_at, c.closed_at FROM complaints c LEFT JOIN personal p ON p.complaint_id = c.id "
                f"WHERE c.id IN ({marks})",
                chunk,
            ):
                cid = row[0]
                out[cid] = Complaint(
                    id=cid,
                    org=row[1],
                    domain=row[2],
                    channel=row[3],
                    received_at=from_db(row[4]),
                    summary=row[5],
                    status=row[6],
                    tier=row[7],
                    category=row[8],
                    classification_reason=row[9],
                    complainant=row[10] or "",
                    contact=row[11] or "",
                    respondent=row[12],
                    place=row[13],
                    request=row[14],
                    owner=row[15],
                    assignee=row[16],
                    department=row[17],
                    urgent=bool(row[18]),
                    flags=tuple(json.loads(row[19])),
                    fields=json.loads(row[20]),
                    links=tuple(links.get(cid, ())),
                    deadlines=tuple(deadlines.get(cid, ())),
                    steps=tuple(steps.get(cid, ())),
                    resolved_at=from_db(row[21]) if row[21] else None,
                    closed_at=from_db(row[22]) if row[22] else None,
                )
        return [out[i] for i in ids if i in out]

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
        if len(items) == 1:  # one command, one complaint: a plain execute costs less than executemany
            self.conn.execute(_SAVE_COMPLAINT, complaint_row(*items[0]))
        else:
            self.conn.executemany(_SAVE_COMPLAINT, [complaint_row(c, month, last) for c, month, last in items])
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
        old_row, new_row = complaint_row(before, month, last_event), complaint_row(after, month, last_event)
        _update(self.conn, "complaints", _COMPLAINT_COLUMNS, old_row, new_row, ("id",), (cid,), always=("last_event",))
        self._sync_rows("deadlines", _DEADLINE_COLUMNS, _SAVE_DEADLINE, deadline_rows(before), deadline_rows(after))
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

    def personal(self, complaint_id: str) -> tuple[str, str]:
        row = self.conn.execute(
            "SELECT complainant, contact FROM personal WHERE complaint_id = ?", (complaint_id,)
        ).fetchone()
        return (row[0], row[1]) if row else ("", "")

    # -- queries for plugins ---------------------------------------------------------

    def find(self, org: str, where: str = "1", params: Iterable[Any] = (), limit: int = 1000) -> list[Complaint]:
        """Complaints of `org` matching a SQL condition on ``complaints c`` / ``personal p``.

        For plugin rules such as "an earlier case with the same contact". `where` must use
        ``?`` placeholders; values go in `params`.
        """
        rows = self.conn.execute(
            f"SELECT c.id FROM complaints c LEFT JOIN personal p ON p.complaint_id = c.id "
            f"WHERE c.org = ? AND ({where}) ORDER BY c.received_at, c.id LIMIT ?",
            (org, *params, limit),
        )
        return self.load_many([row[0] for row in rows])

    def complaint_rows(
        self,
        org: str,
        *,
        statuses: tuple[str, ...] | None = None,
        tier: str | None = None,
        category: str | None = None,
        limit: int = 100,
    ) -> list[dict[str, Any]]:
        """The list's columns of `org`'s complaints, newest first (``received_at`` aware, UTC)."""
        where, params = ["c.org = ?"], [org]
        if statuses:
            where.append(f"c.status IN ({','.join('?' * len(statuses))})")
            params.extend(statuses)
        for column, value in (("tier", tier), ("category", category)):
            if value:
                where.append(f"c.{column} = ?")
                params.append(value)
        rows = self.conn.execute(
            "SELECT c.id, c.received_at, c.status, c.tier, c.category, c.channel, c.owner, c.summary, c.assignee "
            f"FROM complaints c WHERE {' AND '.join(where)} ORDER BY c.id DESC LIMIT ?",
            (*params, limit),
        ).fetchall()
        keys = ("id", "received_at", "status", "tier", "category", "channel", "owner", "summary", "assignee")
        return [{**dict(zip(keys, row, strict=True)), "received_at": from_db(row[1])} for row in rows]

    # -- rebuilding -------------------------------------------------------------------

    def rebuild(self) -> int:
        """Recompute every projection table from the events; returns the number of complaints."""
        count = 0
        with self.transaction():
            for table in PROJECTION_TABLES:
                self.conn.execute(f"DELETE FROM {table}")
            months = {}
            batch: list[tuple[Complaint, str, int]] = []
            current: Complaint | None = None
            last = 0
            rows = self.conn.execute(
                "SELECT complaint_id, n, at, recorded_at, actor, role, action, data, seq FROM events "
                "ORDER BY complaint_id, n"
            ).fetchall()
            for row in rows:
                event = _event(row[:8])
                if current is not None and current.id != event.complaint_id:
                    batch.append((current, months[current.id], last))
                    current = None
                if current is None:
                    months[event.complaint_id] = event.data["create"]["month"]
                    current = projection.apply(None, event, self.personal(event.complaint_id))
                else:
                    current = projection.apply(current, event)
                last = row[8]
                if len(batch) >= 1000:
                    self.save_many(batch)
                    count += len(batch)
                    batch = []
            if current is not None:
                batch.append((current, months[current.id], last))
            self.save_many(batch)
            count += len(batch)
        return count

    def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every projection table's rows, sorted: what `rebuild` must reproduce exactly."""
        return {
            table: sorted(self.conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in PROJECTION_TABLES
        }


def _version() -> str:
    from tousu import __version__

    return __version__


def _script(sql: str) -> Callable[[sqlite_utils.Database], None]:
    def run(db: sqlite_utils.Database) -> None:
        pending = ""
        for piece in sql.split(";"):
            pending += piece + ";"
            if sqlite3.complete_statement(pending):
                if pending.strip(" \n;"):
                    db.conn.execute(pending)
                pending = ""

    return run


def event_row(event: Event, org: str) -> tuple[Any, ...]:
    return (
        event.complaint_id,
        event.n,
        org,
        to_db(event.at),
        to_db(event.recorded_at),
        event.actor,
        event.role,
        event.action,
        _SORTED_JSON(event.data),
    )


def _event(row: tuple[Any, ...]) -> Event:
    return Event(row[0], row[1], from_db(row[2]), from_db(row[3]), row[4], row[5], row[6], json.loads(row[7]))


def complaint_row(c: Complaint, month: str, last_event: int) -> tuple[Any, ...]:
    return (
        c.id,
        c.org,
        c.domain,
        c.channel,
        to_db(c.received_at),
        month,
        c.summary,
        c.status,
        c.tier,
        c.category,
        c.classification_reason,
        c.respondent,
        c.place,
        c.request,
        c.owner,
        c.assignee,
        c.department,
        int(c.urgent),
        _flags_json(tuple(c.flags)),
        _SORTED_JSON(c.fields if type(c.fields) is dict else dict(c.fields)),
        to_db(c.resolved_at) if c.resolved_at else None,
        to_db(c.closed_at) if c.closed_at else None,
        last_event,
    )


@lru_cache(maxsize=512)
def _met_by_json(met_by: tuple[str, ...]) -> str:
    """The stored form of a clock's ``met_by`` (a handful of distinct values, so encoded once each)."""
    return json.dumps(list(met_by))


@lru_cache(maxsize=512)
def _flags_json(flags: tuple[str, ...]) -> str:
    return _PLAIN_JSON(list(flags))


def deadline_rows(c: Complaint) -> list[tuple[Any, ...]]:
    is_open = c.status not in FINAL_STATUSES
    return [
        (
            c.id,
            d.name,
            c.org,
            to_db(d.due_at),
            d.state,
            to_db(d.met_at) if d.met_at else None,
            _met_by_json(d.met_by),
            d.kind,
            _PLAIN_JSON(
                [
                    {
                        "until": to_db(e.until),
                        "previous": to_db(e.previous),
                        "approved_by": e.approved_by,
                        "role": e.role,
                        "at": to_db(e.at),
                        "reason": e.reason,
                    }
                    for e in d.extensions
                ]
            )
            if d.extensions
            else "[]",
            int(is_open and d.state in ("pending", "breached")),
            _SORTED_JSON(dict(d.clock)) if d.clock else "",
            to_db(d.warn_at) if d.warn_at else None,
            int(d.warned),
        )
        for d in c.deadlines
    ]


def step_rows(c: Complaint) -> list[tuple[Any, ...]]:
    return [(c.id, s.name, int(s.done), to_db(s.done_at) if s.done_at else None, s.done_by) for s in c.steps]


def _deadline(row: tuple[Any, ...]) -> Deadline:
    extensions = (
        tuple(
            Extension(from_db(e["until"]), from_db(e["previous"]), e["approved_by"], e["role"], from_db(e["at"]), e["reason"])
            for e in json.loads(row[7])
        )
        if row[7] != "[]"
        else ()
    )
    return Deadline(
        name=row[1],
        due_at=from_db(row[2]),
        state=row[3],
        met_at=from_db(row[4]) if row[4] else None,
        met_by=_met_by_tuple(row[5]),
        kind=row[6],
        extensions=extensions,
        clock=json.loads(row[8]) if row[8] else {},
        warn_at=from_db(row[9]) if row[9] else None,
        warned=bool(row[10]),
    )


@lru_cache(maxsize=512)
def _met_by_tuple(text: str) -> tuple[str, ...]:
    """A stored ``met_by`` read back (a handful of distinct values: each parsed once)."""
    return tuple(json.loads(text))
