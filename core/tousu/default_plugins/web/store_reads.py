"""What the desk (`tousu.default_plugins.web`) calls on the store beyond the kernel's surface.

The desk's search box finds complaints by their texts, and ``tousu demo serve`` gives the
demo's staff their passwords through the store's credentials. Nothing else calls these, so
the kernel's `tousu.store_surface.StoreSurface` does not list them. A store implements them
with the same names, parameters and meaning (``tests/test_store_surface.py`` checks the
default store does).
"""

from __future__ import annotations

from typing import Any, Protocol

from tousu.models import Complaint
from tousu.store_surface import StoreSurface


class WebStore(StoreSurface, Protocol):
    """The store as the desk sees it."""

    #: `org`'s complaints whose texts match `query`, oldest first; names and contacts only
    #: where `personal`, or `handler`'s own cases.
    def search(
        self, org: str, query: str, *, personal: bool, handler: str | None, limit: int = ...
    ) -> list[Complaint]: ...
    #: Passwords, API tokens and failed sign-ins (the server's), in this store's tables.
    def credentials(self) -> Any: ...


__all__ = ["WebStore"]
