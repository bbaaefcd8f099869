"""Audited views never wait for a writer: their audit row waits instead.

A view of personal data in clear is audited (`tousu.default_plugins.doors.privacy.audit`), and an audit row is a
write. Behind a long write (an import committing its batches, a rebuild) the view would wait
for the lock. So the row is written at once when the lock is free, and otherwise appended
to a spool file beside the database (``<db>.audit-spool``, one JSON line per row, with the
instant of the view) and the view goes on. The next write that takes the lock through here
(the next audited view, or the next command's start: `flush`) moves the spooled rows into
the hash-chained ``audit`` table first, in the order they were viewed.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from tousu.timeutil import from_db, to_db


def spools(store: Any) -> bool:
    """Whether `store` is a SQLite file (one writer at a time, so its views may need the spool)."""
    return isinstance(getattr(store, "conn", None), sqlite3.Connection) and bool(getattr(store, "path", ""))


def spool_path(store: Any) -> str:
    return f"{store.path}.audit-spool"


@contextlib.contextmanager
def _no_wait(store: Any) -> Iterator[None]:
    """The store's connection without its busy timeout: a locked database answers at once."""
    from tousu.default_plugins.store import BUSY_TIMEOUT_MS

    store.conn.execute("PRAGMA busy_timeout = 0")
    try:
        yield
    finally:
        store.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def _locked(error: sqlite3.OperationalError) -> bool:
    return "locked" in str(error) or "busy" in str(error)


def write_or_spool(
    store: Any, org: str, at: datetime, recorded_at: datetime, actor: str, role: str, action: str, detail: dict[str, Any]
) -> bool:
    """Append the audit row now if the write lock is free (True), else spool it (False)."""
    row = {"org": org, "at": to_db(at), "recorded_at": to_db(recorded_at), "actor": actor, "role": role,
           "action": action, "detail": detail}
    try:
        with _no_wait(store), store.transaction():
            _move_spooled(store)
            store.append_audit(org, at, recorded_at, actor, role, action, detail)
        return True
    except sqlite3.OperationalError as exc:
        if not _locked(exc):
            raise
    line = (json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    fd = os.open(spool_path(store), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)  # closing releases the lock
    return False


def flush(store: Any) -> int:
    """Move spooled audit rows into the chain if there are any and the lock is free now."""
    if not spools(store) or not os.path.exists(spool_path(store)):
        return 0
    try:
        with _no_wait(store), store.transaction():
            return _move_spooled(store)
    except sqlite3.OperationalError as exc:
        if not _locked(exc):
            raise
        return 0


def _move_spooled(store: Any) -> int:
    """Inside a write transaction: append every spooled row, then empty the spool."""
    path = spool_path(store)
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return 0
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with os.fdopen(os.dup(fd), "rb") as handle:
            lines = handle.read().splitlines()
        moved = 0
        for raw in lines:
            try:
                row = json.loads(raw)
            except ValueError:  # a torn last line of a crash: nothing to keep
                continue
            store.append_audit(row["org"], from_db(row["at"]), from_db(row["recorded_at"]), row["actor"], row["role"],
                               row["action"], row["detail"])
            moved += 1
        os.ftruncate(fd, 0)
        return moved
    finally:
        os.close(fd)
