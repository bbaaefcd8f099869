"""What ``tousu verify`` calls on the store beyond the kernel's surface: the chains walked.

`tousu.default_plugins.verify` walks every hash chain (``verify``), finds the complaint of a
broken row, says whether the database role could rewrite the append-only tables and whether
the search index exists, and checks the attached files against their events. Nothing else
calls these, so the kernel's `tousu.store_surface.StoreSurface` does not list them. A store
implements them with the same names, parameters and meaning (``tests/test_store_surface.py``
checks the default store does).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from tousu.store_surface import StoreSurface


class ChainResult(Protocol):
    """One hash chain walked (`VerifyStore.verify`): how many rows, its head, the first break."""

    table: str
    org: str
    count: int
    head: str
    broken: Any


class VerifyStore(StoreSurface, Protocol):
    """The store as ``tousu verify`` sees it."""

    def chain_orgs(self) -> list[str]: ...
    def verify(self, org: str | None = ...) -> list[ChainResult]: ...
    #: One head for all chains (`tousu verify` without ``--org``).
    def combined_head(self, heads: Iterable[tuple[str, str, str]]) -> str: ...
    #: The (complaint, event number) of an event's row, to name a break.
    def event_at_seq(self, seq: int) -> tuple[str, int] | None: ...
    #: What the connecting role may do to the append-only tables besides INSERT (PostgreSQL).
    def history_rights(self) -> list[str]: ...
    def search_indexed(self) -> bool: ...
    #: Every recorded attachment (complaint, org, event n, data), to check the files' digests.
    def attach_events(self) -> Iterator[tuple[str, str, int, dict[str, Any]]]: ...


__all__ = ["ChainResult", "VerifyStore"]
