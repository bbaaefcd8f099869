"""What ``tousu purge`` calls on the store beyond the kernel's surface: the erasure of personal data.

`tousu.default_plugins.purge` finds the complaints past retention, blanks their names and
contacts, drops their messages from the outbox (`SharedStore.outbox`), audits the erasure
(the doors' ``audit_view``) and scrubs the file. Nothing else calls these, so the kernel's
`tousu.store_surface.StoreSurface` does not list them. A store implements them with the same
names, parameters and meaning (``tests/test_store_surface.py`` checks the default store does).
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from tousu.default_plugins.doors.store_reads import DoorStore
from tousu.default_plugins.store_needs import SharedStore


class PurgeStore(SharedStore, DoorStore, Protocol):
    """The store as ``tousu purge`` sees it."""

    #: Complaints of `org` that left the desk before `before` and still hold personal data.
    def purgeable(self, org: str, before: datetime) -> list[str]: ...
    #: Blank their personal data so that no copy is left (the search index included).
    def erase_personal(self, complaint_ids: list[str], erased_at: datetime) -> None: ...
    #: After the erasure is committed: nothing of it left in the file, its log or its index.
    def scrub(self) -> None: ...


__all__ = ["PurgeStore"]
