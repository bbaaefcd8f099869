"""The SQLite database: schema, migrations, transactions, and the projection tables.

One file per deployment, WAL mode, a busy timeout, and ``BEGIN IMMEDIATE`` for every write
so that concurrent commands queue instead of failing. ``events`` is append-only: triggers make
the database itself refuse UPDATE and DELETE. ``complaints``, ``deadlines``, ``steps`` and
``links`` are projections of the events; `rebuild` recomputes them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from tousu.default_plugins.bulk_store import PartialWrite
from tousu.default_plugins.store import chain, ledger, postgres
from tousu.default_plugins.store.batch import Batch, batching
from tousu.default_plugins.store.batch_reads import BatchReads
from tousu.default_plugins.store.companions import Companions
from tousu.default_plugins.store.domain_reads import DomainReads
from tousu.default_plugins.store.reads import Reads
from tousu.default_plugins.store.reports import ReportReads
from tousu.default_plugins.store.rows import (
    _SORTED_JSON,
    complaint_row,
    deadline_rows,
    event_row,
    step_rows,
)
from tousu.default_plugins.store.schema import (
    CORE_MIGRATIONS,
    PROJECTION_TABLES,
    Migration,
    _script,
    _version,
    refresh_statistics,
)
from tousu.default_plugins.store.sweeps import SweepWrites
from tousu.default_plugins.store.tallies import Tallies
from tousu.default_plugins.store.writes import Writes
from tousu.errors import ConfigError
from tousu.models import Event
from tousu.timeutil import to_db

#: The id counter and an org's chain head in one statement (an intake's first read).
_COUNTER_AND_HEAD = f"SELECT (SELECT value FROM counters WHERE name = 'complaint'), ({ledger.head_query('events')})"

BUSY_TIMEOUT_MS = 30_000
#: Page cache per connection, in KiB as SQLite's negative ``cache_size`` takes it (32 MiB).
CACHE_KIB = -32768


class Store(BatchReads, Reads, Writes, ReportReads, DomainReads, Tallies, SweepWrites, Companions):
    """The database of one deployment (SQLite): `tousu.store_surface.StoreSurface` and the default
    plugins' surfaces list what it answers (``tests/test_store_surface.py`` checks)."""

    def __init__(self, path: Path | str, synchronous: str = "FULL", *, threads: bool = False) -> None:
        """`threads`: the connection may be used from any thread, one at a time (the server's
        one writer, behind its write lock); by default SQLite's connection refuses another thread."""
        self.path = str(path)
        if postgres.is_url(path):  # the same Store on PostgreSQL (tousu.default_plugins.store.postgres)
            self.conn = postgres.PgConnection(self.path)  # type: ignore[assignment]
            self.db = postgres.PgDatabase(self.conn)  # type: ignore[assignment]
            self._init_state()
            return
        try:
            conn = sqlite3.connect(
                self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=not threads
            )
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
        self._init_state()

    def _init_state(self) -> None:
        self._in_transaction = False
        #: The complaint-id counter as this transaction has advanced it (written once, at commit).
        self._counter: int | None = None
        self._counter_written: int | None = None
        #: Stored with each appended event: where it came from ("" when typed at this desk).
        self.origin = ""
        #: The events chain's head per organization, as this transaction has moved it.
        self._heads: dict[str, str] = {}
        #: The rows `bulk` holds back until they are written per table (None: write at once).
        self._batch: Batch | None = None
        #: Organizations whose recorded zone (``org_zones``) a committed transaction of this
        #: connection has seen written: once set it is never blank again, so each intake's
        #: `tousu.default_plugins.store.trust.remember_zone` would be a no-op statement (and one that flushes an
        #: import's bulk batch); and those written by the open transaction, forgotten on rollback.
        self.zones_recorded: set[str] = set()
        self.zones_recording: set[str] = set()

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
            self.zones_recorded |= self.zones_recording
        finally:
            self._in_transaction = False
            self._counter = self._counter_written = None
            self._heads.clear()
            self.zones_recording.clear()

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
            self.zones_recording.clear()  # a zone written inside may be rolled back: written again later
            if self._batch is not None:
                self._batch.tails.clear()  # and the histories' ends bulk keeps
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
        batch = self._batch
        mark, heads = (batch.mark(), dict(self._heads)) if batch is not None else (0, self._heads)
        try:
            yield self
        except Exception:
            if self.conn.total_changes != changes:
                self.zones_recording.clear()  # the caller undoes what was written: a zone too
                raise PartialWrite() from None
            self._counter = counter
            if batch is not None:  # what the unit held back is forgotten, the chain's head restored
                batch.undo(mark)
                self._heads = heads
            raise

    @contextmanager
    def bulk(self) -> Iterator[Store]:
        """Inside a transaction: hold the writes of new complaints and write them per table.

        Events, projection rows and personal data of the complaints created inside go to the
        database in one ``executemany`` per table when the block ends (or before any other
        statement), with the same ``seq``, hashes and rows a direct write gives them; reads of
        those complaints are answered from memory (`tousu.default_plugins.store.batch`). Import uses it.
        """
        if not self._in_transaction:
            raise RuntimeError("Store.bulk() is used inside Store.transaction()")
        if self._batch is not None or isinstance(self.conn, postgres.PgConnection):
            yield self  # nested, or PostgreSQL (whose seq comes from a sequence): rows written at once
            return
        with batching(self):
            yield self

    def migrate(self, extra: Iterable[Migration] = ()) -> list[str]:
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
        pending = [
            (name, sql if callable(sql) else _script(sql))
            for name, sql in (*CORE_MIGRATIONS, *extra)
            if name not in done
        ]
        if not pending:
            refresh_statistics(self.conn)  # every query plans with statistics (tousu.default_plugins.store.schema)
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
        refresh_statistics(self.conn)
        return applied

    # -- ids ------------------------------------------------------------------------

    def next_ids(self, count: int = 1, org: str | None = None) -> list[str]:
        """Allocate `count` time-ordered complaint ids (``C00000001``...) inside the transaction.

        The counter is read once per transaction and written once, just before it commits
        (a batch of a thousand intakes costs two statements, not two thousand); the write
        lock taken by ``BEGIN IMMEDIATE`` keeps every other writer out meanwhile. With `org`
        (the organization whose event comes next: an intake's), the head of its events chain
        is read in the same statement, for `append`: one statement instead of two.
        """
        if self._counter is None:
            if org is not None and self._in_transaction and self._batch is None and org not in self._heads:
                value, head = self.conn.execute(_COUNTER_AND_HEAD, (org,)).fetchone()
                # what `ledger.head` would read at the append: nobody else writes until we end,
                # and an event appended meanwhile (through `append`) moves the kept head
                self._heads[org] = head or chain.GENESIS
                self._counter = self._counter_written = value or 0
            else:
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
        # the payload is spelled once, canonically, for both the row and its link in the chain
        row = event_row(event, org, chain.payload_json(event.data))
        user = ledger.os_user()
        canonical = chain.canonical_event_of(
            complaint_id=row[0], n=row[1], org=org, at=row[3], recorded_at=row[4], actor=row[5], role=row[6],
            action=row[7], data_json=row[8], os_user=user, origin=self.origin,
        )
        previous = self._heads.get(org)
        batch = self._batch
        if previous is None:
            # A batch holding none of the org's events leaves its head in the database: read it
            # without flushing (a flush inside a record's unit would make its refusal a partial write).
            quiet = batch is not None and not any(row[3] == org for row in batch.events)
            previous = ledger.head(self.conn.raw if quiet else self.conn, "events", org)
        digest = chain.link(previous, canonical)
        if batch is not None:
            if batch.seq is None:
                batch.seq = self.conn.raw.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()[0]
            self._heads[org] = digest
            return batch.add_event((*row, user, self.origin, digest))
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

    def history_rights(self) -> list[str]:
        """What the connecting role may do to the append-only tables beyond reading and adding
        (``"UPDATE events"``, ...): on PostgreSQL the second lock on history is a role without
        those rights (docs/scaling.md), and a superuser or the tables' owner has them all.
        Empty on SQLite, whose only lock is the triggers (and the file's permissions)."""
        if not isinstance(self.conn, postgres.PgConnection):
            return []
        rows = self.conn.execute(
            "SELECT p || ' ' || t FROM unnest(ARRAY['events', 'audit', 'frozen_reports']) WITH ORDINALITY AS a(t, i), "
            "unnest(ARRAY['UPDATE', 'DELETE', 'TRUNCATE']) WITH ORDINALITY AS b(p, j) "
            "WHERE to_regclass(t) IS NOT NULL AND has_table_privilege(t, p) ORDER BY i, j"
        ).fetchall()
        return [row[0] for row in rows]



def dump(path: Path | str) -> bytes:
    """A database file's whole content as SQL text (after a WAL checkpoint), for "nothing changed" checks;
    on PostgreSQL (a URL) every table's rows, sorted."""
    if postgres.is_url(path):
        return postgres.dump(str(path))
    conn = sqlite3.connect(str(path))
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return b"\n".join(line.encode() for line in conn.iterdump())
    finally:
        conn.close()


__all__ = [
    "CORE_MIGRATIONS",
    "PROJECTION_TABLES",
    "PartialWrite",
    "Store",
    "complaint_row",
    "deadline_rows",
    "dump",
    "event_row",
    "step_rows",
]
