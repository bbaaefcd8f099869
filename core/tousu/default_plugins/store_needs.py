"""What several default plugins call on the store, and what the default store answers for itself.

The kernel's `tousu.store_surface.StoreSurface` holds what the App and the domain plugins call;
each default plugin declares, beside itself, the further methods it calls. What more than one
of them calls is declared once, here: ``SharedStore``. A store of another kind implements
these too, with the same names, parameters and meaning (``SURFACES`` in
``tests/test_store_surface.py`` lists every protocol and checks the default store against each).

``StoreUpkeep`` is the default store's own: no plugin calls it; its tests compare databases
and derived tables with it, check the grouped tallies against the clocks read one by one, and
its PostgreSQL copy recounts with it. Another store answers it only to run those tests.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from tousu.models import Complaint
from tousu.store_surface import StoreSurface


class SharedStore(StoreSurface, Protocol):
    """The store as the default plugins see it: the kernel's surface and what several of them call."""

    #: The outbox, receipt codes and mail-in tables, in this store's transactions (the outbox
    #: writing a message, delivery, the public pages' receipt codes, purge).
    def outbox(self) -> Any: ...
    #: The head of an organization's event chain (an issued report and an export name it).
    def chain_head(self, org: str) -> str: ...
    #: One row of the hash-chained audit log, written at once (an export, a rezone).
    def append_audit(
        self,
        org: str,
        at: datetime,
        recorded_at: datetime,
        actor: str,
        role: str,
        action: str,
        detail: dict[str, Any],
    ) -> None: ...


class StoreUpkeep(StoreSurface, Protocol):
    """The default store's checks of itself: for its tests and its own PostgreSQL copy."""

    #: Many complaints' rows at once (`save` and the batch's flush write through it).
    def save_many(self, items: list[tuple[Complaint, str, int]], *, new: bool = ...) -> None: ...
    #: Every projection table's rows, sorted: what `rebuild` must reproduce (replay, bulk, crash tests).
    def snapshot(self) -> dict[str, list[tuple[Any, ...]]]: ...
    #: The daily list's rows as dicts (`StoreSurface.due_list` gives them as tuples).
    def due_rows(self, org: str, at: datetime, horizon: datetime) -> list[dict[str, Any]]: ...
    #: The derived tallies and rollups counted again from the complaints, and what differs.
    def recount_clock_tallies(self) -> None: ...
    def clock_tallies_drift(self) -> list[tuple[Any, ...]]: ...
    def recount_received_rollups(self) -> None: ...
    def received_rollup_drift(self) -> list[tuple[Any, ...]]: ...
    #: A period's clocks read one by one, judged in SQL or counted (how property's statistics
    #: read them before the grouped tallies): the tests check the tallies against them.
    def clocks_judged(
        self, org: str, domain: str, start: datetime, end: datetime, at: datetime
    ) -> list[tuple[str, str, str, str | None, list[dict[str, Any]] | None]]: ...
    def clock_verdict_counts(
        self, org: str, names: tuple[str, ...], start: datetime, end: datetime, at: datetime, *, domain: str
    ) -> list[tuple[str, str | None, int]]: ...
    def deadlines_due(
        self, org: str, names: tuple[str, ...], start: datetime, end: datetime, *, domain: str
    ) -> list[tuple[Any, ...]]: ...


__all__ = ["SharedStore", "StoreUpkeep"]
