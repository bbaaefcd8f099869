"""Attached files: a content-addressed folder beside the database, and the events naming them.

A file is stored once under its SHA-256 (``ab/abcdef…``), whatever it is called and however
often it is attached; what it is called, who attached it to which complaint and when is
recorded in an ``attach`` event, so the history (and its hash chain) covers the hash. The
folder holds only bytes: deleting the database leaves anonymous blobs, and a blob no event
names is harmless. Writes go to a temporary file that is fsynced and then renamed, so a
crash never leaves a half-written blob under a valid name.

This module is the only place that reads the ``attach`` events with SQL (for ``verify``).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HEX = frozenset("0123456789abcdef")


def is_sha256(text: str) -> bool:
    """A lowercase hex SHA-256 digest (64 characters), the only names the folder holds."""
    return len(text) == 64 and set(text) <= HEX


class Blobs:
    """The folder of attached files, each named by its SHA-256."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_of(self, sha256: str) -> Path:
        if not is_sha256(sha256):  # never build a path from anything but a digest
            raise ValueError(f"not a sha256 digest: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def put(self, content: bytes) -> str:
        """Store `content` (once) and return its SHA-256."""
        sha256 = hashlib.sha256(content).hexdigest()
        target = self.path_of(sha256)
        if target.exists() and target.stat().st_size == len(content):
            return sha256
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".incoming-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _fsync_dir(target.parent)
        return sha256

    def exists(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file()

    def size(self, sha256: str) -> int | None:
        path = self.path_of(sha256)
        return path.stat().st_size if path.is_file() else None

    def read(self, sha256: str) -> bytes:
        return self.path_of(sha256).read_bytes()

    def digest(self, sha256: str) -> str | None:
        """The SHA-256 of what is stored under `sha256` now (None: no such file)."""
        path = self.path_of(sha256)
        if not path.is_file():
            return None
        h = hashlib.sha256()
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def attach_events(store: Any) -> Iterator[tuple[str, str, int, dict[str, Any]]]:
    """Every ``attach`` event of the database: complaint id, org, event number, attachment record."""
    rows = store.conn.execute(
        "SELECT complaint_id, org, n, data FROM events WHERE action = 'attach' ORDER BY seq"
    )
    for complaint_id, org, n, data in rows:
        record = json.loads(data).get("attachment") or {}
        yield complaint_id, org, n, record


__all__ = ["Blobs", "attach_events", "is_sha256"]
