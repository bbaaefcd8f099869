"""What the doors' shared layer calls on the store beyond the kernel's surface: pages and privacy.

The register's pages (`tousu.default_plugins.doors.queues`) read one page of it at a time,
and the privacy layer (`tousu.default_plugins.doors.privacy`) reads a complaint's name and
contact to mask them and audits who saw what. Nothing else calls these, so the kernel's
`tousu.store_surface.StoreSurface` does not list them. A store implements them with the same
names, parameters and meaning (``tests/test_store_surface.py`` checks the default store does).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from tousu.store_surface import StoreSurface


class DoorStore(StoreSurface, Protocol):
    """The store as the doors' shared layer sees it."""

    #: One page of the register (the list's filters), newest first, and the total.
    def list_page(self, org: str, **filters: Any) -> tuple[list[dict[str, Any]], int]: ...
    #: A complaint's complainant and contact (what the masks hide).
    def personal(self, complaint_id: str) -> tuple[str, str]: ...
    #: The audit of a view: never waits for a writer (SQLite spools it until the next write).
    def audit_view(
        self, org: str, at: datetime, recorded_at: datetime, actor: str, role: str, action: str, detail: dict[str, Any]
    ) -> None: ...


__all__ = ["DoorStore"]
