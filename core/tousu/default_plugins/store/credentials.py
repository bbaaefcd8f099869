"""Staff credentials: password hashes, API tokens and login sessions, and failed logins.

Every secret is stored only as what cannot be turned back into it: a password as its scrypt
hash (`tousu.default_plugins.server.passwords`), a token or session as the SHA-256 of its random secret.
Nothing here is an event: credentials are not part of a complaint's history, they are kept
beside it and can be revoked (a revoked row stays, with ``revoked_at``, so ``tousu staff
list`` can say when). The tables are created by the migration `MIGRATIONS`, which the core
migration list includes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

MIGRATIONS: list[tuple[str, str]] = [
    (
        "core-credentials-0001",
        """
        CREATE TABLE staff_passwords (
            org TEXT NOT NULL,
            staff TEXT NOT NULL,
            hash TEXT NOT NULL,
            set_at TEXT NOT NULL,
            PRIMARY KEY (org, staff)
        );
        CREATE TABLE staff_tokens (
            id TEXT PRIMARY KEY,
            org TEXT NOT NULL,
            staff TEXT NOT NULL,
            kind TEXT NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            digest TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            expires_at TEXT,
            last_used_at TEXT,
            revoked_at TEXT
        );
        CREATE INDEX staff_tokens_staff ON staff_tokens (org, staff, kind, name);
        CREATE TABLE login_failures (
            key TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX login_failures_key_at ON login_failures (key, at);
        """,
    ),
]


@attrs.frozen
class TokenRow:
    """One API token or login session as stored (never its secret)."""

    id: str
    org: str
    staff: str
    kind: str  # "api" (tousu staff token) | "session" (POST /api/v1/login, the desk's pages)
    name: str
    created_at: str
    expires_at: str | None
    last_used_at: str | None
    revoked_at: str | None


_TOKEN_COLUMNS = "id, org, staff, kind, name, created_at, expires_at, last_used_at, revoked_at"


class Credentials:
    """The credential tables of one database, over the `tousu.default_plugins.store.Store`'s connection.

    Writes run inside the caller's transaction (``with store.transaction(): ...``); each
    method is one or two statements.
    """

    def __init__(self, store: Any) -> None:
        self.store = store
        self.conn = store.conn

    # -- passwords --------------------------------------------------------------------

    def password_hash(self, org: str, staff: str) -> str | None:
        row = self.conn.execute(
            "SELECT hash FROM staff_passwords WHERE org = ? AND staff = ?", (org, staff)
        ).fetchone()
        return row[0] if row else None

    def set_password(self, org: str, staff: str, hashed: str, at: str) -> None:
        self.conn.execute(
            "INSERT INTO staff_passwords (org, staff, hash, set_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(org, staff) DO UPDATE SET hash = excluded.hash, set_at = excluded.set_at",
            (org, staff, hashed, at),
        )

    def remove_password(self, org: str, staff: str) -> int:
        return self.conn.execute("DELETE FROM staff_passwords WHERE org = ? AND staff = ?", (org, staff)).rowcount

    def passwords(self, org: str) -> dict[str, str]:
        """Staff id → when their password was set, for one organization."""
        rows = self.conn.execute("SELECT staff, set_at FROM staff_passwords WHERE org = ? ORDER BY staff", (org,))
        return {staff: set_at for staff, set_at in rows}

    # -- tokens and sessions -------------------------------------------------------------

    def add_token(
        self, token_id: str, org: str, staff: str, kind: str, name: str, digest: str, at: str, expires_at: str | None
    ) -> None:
        self.conn.execute(
            "INSERT INTO staff_tokens (id, org, staff, kind, name, digest, created_at, expires_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (token_id, org, staff, kind, name, digest, at, expires_at),
        )

    def token_by_digest(self, digest: str) -> TokenRow | None:
        row = self.conn.execute(f"SELECT {_TOKEN_COLUMNS} FROM staff_tokens WHERE digest = ?", (digest,)).fetchone()
        return TokenRow(*row) if row else None

    def touch(self, token_id: str, at: str) -> None:
        self.conn.execute("UPDATE staff_tokens SET last_used_at = ? WHERE id = ?", (at, token_id))

    def live_token_named(self, org: str, staff: str, name: str) -> TokenRow | None:
        row = self.conn.execute(
            f"SELECT {_TOKEN_COLUMNS} FROM staff_tokens WHERE org = ? AND staff = ? AND kind = 'api' "
            "AND name = ? AND revoked_at IS NULL",
            (org, staff, name),
        ).fetchone()
        return TokenRow(*row) if row else None

    def revoke(self, token_id: str, at: str) -> int:
        return self.conn.execute(
            "UPDATE staff_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", (at, token_id)
        ).rowcount

    def revoke_staff(self, org: str, staff: str, at: str, *, kinds: Iterable[str] = ("api", "session"), name: str | None = None) -> int:
        """Revoke a staff member's live tokens of `kinds` (only the one called `name` if given)."""
        kinds = tuple(kinds)
        sql = (
            f"UPDATE staff_tokens SET revoked_at = ? WHERE org = ? AND staff = ? AND revoked_at IS NULL "
            f"AND kind IN ({','.join('?' * len(kinds))})"
        )
        params: list[Any] = [at, org, staff, *kinds]
        if name is not None:
            sql += " AND name = ?"
            params.append(name)
        return self.conn.execute(sql, params).rowcount

    def tokens(self, org: str) -> list[TokenRow]:
        rows = self.conn.execute(
            f"SELECT {_TOKEN_COLUMNS} FROM staff_tokens WHERE org = ? ORDER BY staff, kind, created_at, id", (org,)
        )
        return [TokenRow(*row) for row in rows]

    # -- failed logins --------------------------------------------------------------------

    def add_failure(self, keys: Iterable[str], at: str) -> list[int]:
        """Count a failed (or not yet checked) login against each key; returns the rows' ids."""
        return [
            self.conn.execute("INSERT INTO login_failures (key, at) VALUES (?, ?)", (key, at)).lastrowid or 0
            for key in keys
        ]

    def remove_failures(self, ids: Iterable[int]) -> None:
        self.conn.executemany("DELETE FROM login_failures WHERE rowid = ?", [(i,) for i in ids])

    def failures_since(self, key: str, since: str) -> tuple[int, str | None]:
        """How many failures `key` has had since `since`, and the earliest of them."""
        row = self.conn.execute(
            "SELECT count(*), min(at) FROM login_failures WHERE key = ? AND at >= ?", (key, since)
        ).fetchone()
        return int(row[0]), row[1]

    def clear_failures(self, key: str) -> None:
        self.conn.execute("DELETE FROM login_failures WHERE key = ?", (key,))

    def forget_failures_before(self, before: str) -> None:
        self.conn.execute("DELETE FROM login_failures WHERE at < ?", (before,))


__all__ = ["MIGRATIONS", "Credentials", "TokenRow"]
