"""What import and export (`tousu.default_plugins.bulk`) call on the store beyond the kernel's surface.

An import writes many records in one transaction: each in a ``savepoint``, or (the fast path)
in an ``attempt`` that raises `PartialWrite` when a record failed after writing, so the batch
is redone with savepoints; its events carry where they came from (``recording_origin``), and
the references already imported are remembered per organization. An export reads the
histories of a period. Nothing else calls these, so the kernel's
`tousu.store_surface.StoreSurface` does not list them. A store implements them with the same
names, parameters and meaning, and raises this very `PartialWrite` (``tests/test_store_surface.py``
checks the default store does).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any, Protocol

from tousu.default_plugins.store_needs import SharedStore


class PartialWrite(Exception):
    """A unit of work run by `BulkStore.attempt` failed after writing: only a rollback undoes it."""


class BulkStore(SharedStore, Protocol):
    """The store as import and export see it."""

    #: Stored with each appended event: where it came from ("" when typed at this desk).
    origin: str

    # -- an import's units inside its transaction
    def savepoint(self, name: str = ...) -> AbstractContextManager[Any]: ...
    def attempt(self) -> AbstractContextManager[Any]: ...
    def recording_origin(self, origin: dict[str, Any]) -> AbstractContextManager[Any]: ...
    #: (action, at) of the complaint's events numbered above `n` (a record's follow-ups, as recorded).
    def actions_after(self, complaint_id: str, n: int) -> list[tuple[str, datetime]]: ...
    #: The source references an import has already stored (the same record is not imported twice).
    def imported_refs(self, org: str, refs: list[str]) -> set[str]: ...
    def remember_refs(self, org: str, pairs: list[tuple[str, str]]) -> None: ...

    # -- an export's reads
    def count_received(
        self, org: str, start: datetime | None = ..., end: datetime | None = ...
    ) -> int: ...
    def histories(
        self, org: str, start: datetime | None = ..., end: datetime | None = ...
    ) -> Iterator[
        tuple[str, str, str, bool, list[tuple[int, datetime, str, str, dict[str, Any]]]]
    ]: ...


__all__ = ["BulkStore", "PartialWrite"]
