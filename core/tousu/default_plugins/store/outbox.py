"""The outbox and the receipt codes: every SQL statement of tousu's messages.

The outbox holds messages to send, written in the same transaction as the event that causes
them (so a message exists exactly when its event does), and delivered later, at least once,
by `tousu.default_plugins.delivery.deliver`. A row is *claimed* by moving its ``next_at`` past a lease: a
sender killed mid-delivery leaves the row due again once the lease runs out, and the resend
carries the same idempotency ``key``. Receipt codes let a complainant find their case
without an account; both tables are purged with the case's personal data.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

import attrs

from tousu.timeutil import from_db, to_db

MIGRATIONS: list[tuple[str, str]] = [
    (
        "outbox-0001-messages",
        """
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            org TEXT NOT NULL,
            complaint_id TEXT NOT NULL DEFAULT '',
            event_seq INTEGER NOT NULL DEFAULT 0,
            kind TEXT NOT NULL,
            audience TEXT NOT NULL,
            recipient TEXT NOT NULL DEFAULT '',
            channel TEXT NOT NULL,
            address TEXT NOT NULL DEFAULT '',
            language TEXT NOT NULL,
            subject TEXT NOT NULL,
            body TEXT NOT NULL,
            payload TEXT NOT NULL DEFAULT '{}',
            status TEXT NOT NULL DEFAULT 'pending',
            attempts INTEGER NOT NULL DEFAULT 0,
            next_at TEXT NOT NULL,
            last_error TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            sent_at TEXT
        );
        CREATE INDEX outbox_due ON outbox (status, next_at, id);
        CREATE INDEX outbox_complaint ON outbox (complaint_id);
        CREATE TABLE receipts (
            code TEXT PRIMARY KEY,
            complaint_id TEXT NOT NULL UNIQUE,
            org TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE mail_in (
            org TEXT NOT NULL,
            message_id TEXT NOT NULL,
            complaint_id TEXT NOT NULL,
            received_at TEXT NOT NULL,
            PRIMARY KEY (org, message_id)
        );
        CREATE INDEX mail_in_complaint ON mail_in (complaint_id);
        """,
    ),
]

_COLUMNS = (
    "id, key, org, complaint_id, event_seq, kind, audience, recipient, channel, address, language, "
    "subject, body, payload, status, attempts, next_at, last_error, created_at, sent_at"
)


@attrs.frozen
class StoredMessage:
    """One row of the outbox."""

    id: int
    key: str
    org: str
    complaint_id: str
    event_seq: int
    kind: str
    audience: str
    recipient: str
    channel: str
    address: str
    language: str
    subject: str
    body: str
    payload: str
    status: str
    attempts: int
    next_at: datetime
    last_error: str
    created_at: datetime
    sent_at: datetime | None


def _message(row: tuple[Any, ...]) -> StoredMessage:
    values = list(row)
    values[16] = from_db(values[16])
    values[18] = from_db(values[18])
    values[19] = from_db(values[19]) if values[19] else None
    return StoredMessage(*values)


class OutboxStore:
    """The outbox and receipts tables of one `tousu.default_plugins.store.Store` (its connection and transactions)."""

    def __init__(self, store: Any) -> None:
        self.store = store

    @property
    def _conn(self) -> sqlite3.Connection:
        return self.store.conn

    # -- writing messages (inside the event's transaction) --------------------------

    def add(self, rows: Iterable[dict[str, Any]]) -> None:
        """Insert messages; each dict has the outbox's columns (times already aware datetimes)."""
        self._conn.executemany(
            "INSERT INTO outbox (key, org, complaint_id, event_seq, kind, audience, recipient, channel, address, "
            "language, subject, body, payload, next_at, created_at) "
            "VALUES (:key, :org, :complaint_id, :event_seq, :kind, :audience, :recipient, :channel, :address, "
            ":language, :subject, :body, :payload, :next_at, :created_at)",
            [{**row, "next_at": to_db(row["next_at"]), "created_at": to_db(row["created_at"])} for row in rows],
        )

    # -- delivery -------------------------------------------------------------------

    def claim(
        self, now: datetime, lease_of: Callable[[str], timedelta], orgs: list[str]
    ) -> StoredMessage | None:
        """Take the next due pending message of `orgs`: count the attempt and hold it for a lease.

        Runs in its own short transaction, so two senders never take the same row at once;
        a sender that dies holding it only delays the message until the lease (``lease_of(org)``)
        runs out.
        """
        if not orgs:
            return None
        with self.store.transaction():
            row = self._conn.execute(
                f"SELECT id, org FROM outbox WHERE status = 'pending' AND next_at <= ? "
                f"AND org IN ({','.join('?' * len(orgs))}) ORDER BY next_at, id LIMIT 1",
                (to_db(now), *orgs),
            ).fetchone()
            if row is None:
                return None
            self._conn.execute(
                "UPDATE outbox SET attempts = attempts + 1, next_at = ? WHERE id = ?",
                (to_db(now + lease_of(row[1])), row[0]),
            )
            return self.get(row[0])

    def mark_sent(self, message_id: int, at: datetime) -> None:
        with self.store.transaction():
            self._conn.execute(
                "UPDATE outbox SET status = 'sent', sent_at = ?, last_error = '' WHERE id = ?", (to_db(at), message_id)
            )

    def mark_failed(self, message_id: int, error: str, next_at: datetime | None) -> None:
        """A failed attempt: due again at `next_at`, or dead when `next_at` is None."""
        with self.store.transaction():
            if next_at is None:
                self._conn.execute(
                    "UPDATE outbox SET status = 'dead', last_error = ? WHERE id = ?", (error, message_id)
                )
            else:
                self._conn.execute(
                    "UPDATE outbox SET next_at = ?, last_error = ? WHERE id = ?", (to_db(next_at), error, message_id)
                )

    def retry(self, message_id: int, now: datetime) -> bool:
        """Make a dead (or waiting) message due now with a fresh count of attempts."""
        with self.store.transaction():
            cursor = self._conn.execute(
                "UPDATE outbox SET status = 'pending', attempts = 0, next_at = ?, last_error = '' "
                "WHERE id = ? AND status != 'sent'",
                (to_db(now), message_id),
            )
            return cursor.rowcount == 1

    # -- reading --------------------------------------------------------------------

    def get(self, message_id: int) -> StoredMessage | None:
        row = self._conn.execute(f"SELECT {_COLUMNS} FROM outbox WHERE id = ?", (message_id,)).fetchone()
        return _message(row) if row else None

    def list(
        self, *, status: str | None = None, orgs: Iterable[str] | None = None, complaint_id: str | None = None,
        limit: int = 1000,
    ) -> list[StoredMessage]:
        where, params = ["1"], []
        if status is not None:
            where.append("status = ?")
            params.append(status)
        if orgs is not None:
            org_list = list(orgs)
            where.append(f"org IN ({','.join('?' * len(org_list))})")
            params.extend(org_list)
        if complaint_id is not None:
            where.append("complaint_id = ?")
            params.append(complaint_id)
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM outbox WHERE {' AND '.join(where)} ORDER BY id LIMIT ?", (*params, limit)
        )
        return [_message(row) for row in rows]

    # -- receipt codes --------------------------------------------------------------

    def receipt_of(self, complaint_id: str) -> str | None:
        row = self._conn.execute("SELECT code FROM receipts WHERE complaint_id = ?", (complaint_id,)).fetchone()
        return row[0] if row else None

    def add_receipt(self, code: str, complaint_id: str, org: str, at: datetime) -> bool:
        """Store a receipt code; False when the code is already taken (the caller draws another)."""
        cursor = self._conn.execute(
            "INSERT OR IGNORE INTO receipts (code, complaint_id, org, created_at) VALUES (?, ?, ?, ?)",
            (code, complaint_id, org, to_db(at)),
        )
        return cursor.rowcount == 1

    def case_of(self, code: str) -> tuple[str, str] | None:
        """(complaint id, org) of a receipt code, or None."""
        row = self._conn.execute("SELECT complaint_id, org FROM receipts WHERE code = ?", (code,)).fetchone()
        return (row[0], row[1]) if row else None

    # -- mail in --------------------------------------------------------------------

    def mail_seen(self, org: str, message_id: str) -> str | None:
        """The complaint an e-mail with this Message-ID already went to, or None."""
        row = self._conn.execute(
            "SELECT complaint_id FROM mail_in WHERE org = ? AND message_id = ?", (org, message_id)
        ).fetchone()
        return row[0] if row else None

    def add_mail(self, org: str, message_id: str, complaint_id: str, at: datetime) -> None:
        self._conn.execute(
            "INSERT INTO mail_in (org, message_id, complaint_id, received_at) VALUES (?, ?, ?, ?)",
            (org, message_id, complaint_id, to_db(at)),
        )

    # -- purge ----------------------------------------------------------------------

    def purge(self, complaint_ids: Iterable[str]) -> None:
        """Forget the messages and receipt codes of purged complaints (inside purge's transaction)."""
        ids = [(cid,) for cid in complaint_ids]
        self._conn.executemany("DELETE FROM outbox WHERE complaint_id = ?", ids)
        self._conn.executemany("DELETE FROM receipts WHERE complaint_id = ?", ids)
        self._conn.executemany("DELETE FROM mail_in WHERE complaint_id = ?", ids)
