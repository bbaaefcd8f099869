"""What the kernel asks of the store beyond complaints: its companion stores and its bookkeeping.

The kernel reaches the store only through the object `tousu.compose.open_store` hands it (the
``register_stores`` hook) and the protocol `tousu.store_surface.StoreSurface`; it imports nothing of
this package. So each helper it once imported from here (the outbox, the credentials, the
attachments' folder, the chains' combined head, the audit spool, the recorded zones and the
import references) is a method of the store, declared by the default plugin that calls it
(``tests/test_store_surface.py`` lists them): a store of another kind answers with its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from tousu.default_plugins.store import spool, trust
from tousu.default_plugins.store.attachments import Blobs, attach_events
from tousu.default_plugins.store.chain import combined_head
from tousu.default_plugins.store.credentials import Credentials
from tousu.default_plugins.store.outbox import OutboxStore


class Companions:
    """The companion stores and the store's own bookkeeping, as methods of the `Store`."""

    _in_transaction: bool

    # -- companion stores: their own tables, the same connection and transactions
    def outbox(self) -> OutboxStore:
        """The outbox, receipt codes and mail-in tables (`tousu.default_plugins.store.outbox`)."""
        return OutboxStore(self)

    def credentials(self) -> Credentials:
        """Passwords, tokens and failed sign-ins (`tousu.default_plugins.store.credentials`)."""
        return Credentials(self)

    def blobs(self, folder: Path) -> Blobs:
        """The folder of attached files beside the database, each named by its SHA-256."""
        return Blobs(folder)

    def attach_events(self) -> Iterator[tuple[str, str, int, dict[str, Any]]]:
        """Every ``attach`` event: complaint id, org, event number, attachment record."""
        return attach_events(self)

    # -- the chains
    def combined_head(self, heads: Iterable[tuple[str, str, str]]) -> str:
        """One digest over several chains' heads ``(org, table, head)``, in a stable order."""
        return combined_head(heads)

    # -- the audit of views: never waiting for a writer
    def audit_view(
        self, org: str, at: datetime, recorded_at: datetime, actor: str, role: str, action: str, detail: dict[str, Any]
    ) -> None:
        """Append one audit row (in its own transaction if none is open); while another command
        holds SQLite's write lock the row is spooled and joins the chain at the next write."""
        if self._in_transaction or not spool.spools(self):
            with self.transaction():  # type: ignore[attr-defined]
                self.append_audit(org, at, recorded_at, actor, role, action, detail)  # type: ignore[attr-defined]
            return
        spool.write_or_spool(self, org, at, recorded_at, actor, role, action, detail)

    def flush_spooled_audit(self) -> int:
        """Move audit rows spooled while a writer held the lock into the chain (if the lock is free)."""
        return spool.flush(self)

    # -- organizations' recorded zones (`tousu.zones`) and import references (bulk)
    def recorded_zones(self) -> dict[str, str]:
        return trust.recorded_zones(self)

    def remember_zone(self, org: str, timezone: str) -> None:
        trust.remember_zone(self, org, timezone)

    def count_complaints(self, org: str) -> int:
        return trust.count_complaints(self, org)

    def complaint_months(self, org: str) -> list[tuple[str, str, str]]:
        """(id, received_at as stored, month) of every complaint of `org`."""
        return trust.complaint_months(self, org)

    def set_months(self, org: str, timezone: str, months: list[tuple[str, str]]) -> None:
        """Move complaints to other months ``(month, id)`` and record `org`'s zone."""
        trust.set_months(self, org, timezone, months)

    def imported_refs(self, org: str, refs: list[str]) -> set[str]:
        return trust.imported_refs(self, org, refs)

    def remember_refs(self, org: str, pairs: list[tuple[str, str]]) -> None:
        trust.remember_refs(self, org, pairs)


__all__ = ["Companions"]
