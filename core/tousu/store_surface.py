"""The store's kernel surface: what the App, the composition root and domain plugins call.

The store is a default plugin (`tousu.default_plugins.store`, answering the ``register_stores``
hook); this protocol is the kernel's side of it. The kernel imports nothing of the store: it
uses the object `tousu.compose.open_store` hands it through these methods alone, and types
against this module. Domain plugins are given the same object (a hook's ``store``) and call
the ``for domain plugins`` group below.

What only a default plugin calls is not here: each default plugin declares the methods it
needs of the store in a protocol of its own beside it, extending this one (interface
segregation: the kernel has no reason to know a report's cohorts or an import's savepoints;
``default_plugins.store_needs`` holds what several of them share). A store implements all of
them: `tousu.default_plugins.store.Store` (SQLite, and PostgreSQL through its connection
adapter) does. The whole list is ``SURFACES`` in ``tests/test_store_surface.py``, which checks
the default store against each (same names, same parameters, nothing public left out), and
docs/modules.md names where each is. A store of another kind implements the same methods with
the same meaning, so the App and every plugin run unchanged on either. The table layout behind
it belongs to the store; nothing outside ``tousu/default_plugins/store/`` sends SQL or sees
the DB-API connection.

Conventions every store keeps:

- Instants go in and come out as timezone-aware datetimes; the store decides how it keeps them
  (SQLite: sortable UTC text, `tousu.timeutil.to_db`).
- JSON documents (event data, fields, issued reports) come out parsed.
- One command is one `transaction` (``BEGIN IMMEDIATE`` in SQLite, so writers queue);
  ``savepoint`` and ``attempt`` (the import's) are units inside it for bulk paths.
- Events, audit rows and issued reports are append-only: the database itself refuses an update
  or a delete.

The companion stores that keep their own tables (the outbox, the credentials, the attachments'
folder) are handed out by the store itself (``outbox``, ``credentials``, ``blobs``, declared by
the default plugins that use them): a store of another kind brings its own versions of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from tousu.models import Complaint, Event

#: A migration: its name and SQL text, or a function given the store's database handle.
Migration = tuple[str, "str | Callable[[Any], None]"]


@runtime_checkable
class StoreSurface(Protocol):
    """One deployment's database, as the kernel and the domain plugins see it."""

    # -- transactions and migrations
    def transaction(self) -> AbstractContextManager[Any]: ...
    #: Inside a transaction: the new complaints' rows held and written per table (the sweep, an
    #: import); a store may write at once instead, the results are the same.
    def bulk(self) -> AbstractContextManager[Any]: ...
    def migrate(self, extra: Iterable[Migration] = ...) -> list[str]: ...
    def close(self) -> None: ...

    # -- the history (append-only, hash-chained) and its projection, written only by the App
    def next_ids(self, count: int = ..., org: str | None = ...) -> list[str]: ...
    def append(self, event: Event, org: str) -> int: ...
    def save(
        self, complaint: Complaint, month: str, last_event: int, *, new: bool = ...
    ) -> None: ...
    def save_change(
        self, before: Complaint, after: Complaint, month: str, last_event: int
    ) -> None: ...
    def save_personal(self, complaint_id: str, complainant: str, contact: str) -> None: ...
    def rebuild(self, chunk: int = ...) -> int: ...

    # -- named reads of complaints and histories
    def load(self, complaint_id: str) -> Complaint | None: ...
    def load_many(self, ids: list[str]) -> list[Complaint]: ...
    def org_of(self, complaint_id: str) -> str | None: ...
    def events(self, complaint_id: str) -> list[Event]: ...
    def next_event_n(self, complaint_id: str) -> int: ...
    def last_event_at(self, complaint_id: str) -> datetime | None: ...
    def actions_of(self, complaint_id: str) -> list[str]: ...
    def identical_recent(
        self,
        org: str,
        domain: str,
        channel: str,
        summary: str,
        contact: str,
        low: datetime,
        high: datetime,
    ) -> str | None: ...

    # -- clocks: sweep and the daily list
    def pending_before(
        self, org: str, at: datetime, complaint_ids: list[str] | None = ..., *, detail: bool = ...
    ) -> list[tuple[Any, ...]]: ...
    def warnings_due(
        self, org: str, at: datetime, complaint_ids: list[str] | None = ..., *, detail: bool = ...
    ) -> list[tuple[Any, ...]]: ...
    def due_list(self, org: str, at: datetime, horizon: datetime) -> list[tuple[Any, ...]]: ...
    #: The set-based sweep (`tousu.default_plugins.store.sweeps`): its facts, events in one statement, its rows.
    def breached_clocks(self, ids: list[str]) -> dict[str, set[str]]: ...
    def latest_event_after(self, org: str, ids: list[str], at: datetime) -> datetime | None: ...
    def record_sweep(
        self,
        org: str,
        at: datetime,
        recorded_at: datetime,
        actor: str,
        role: str,
        items: list[tuple[str, int, dict[str, Any], list[str], list[str]]],
    ) -> list[int]: ...

    # -- for domain plugins: a period's cases, some complaints' events, clocks and steps, own tables
    def received(
        self,
        org: str,
        domain: str,
        start: datetime,
        end: datetime,
        *,
        columns: tuple[str, ...] = ...,
        fields: tuple[str, ...] = ...,
    ) -> list[tuple[Any, ...]]: ...
    def first_month(self, org: str, domain: str) -> str | None: ...
    #: The issued reports of `org` (period, when frozen): a duty's reminder reads them.
    def frozen_periods(self, org: str) -> list[tuple[str, datetime]]: ...
    def linked(self, complaint_ids: Iterable[str], kind: str) -> set[str]: ...
    def with_actions(
        self, complaint_ids: Iterable[str], actions: tuple[str, ...], before: datetime
    ) -> set[str]: ...
    def events_of(
        self, complaint_ids: Iterable[str], action: str
    ) -> list[tuple[str, dict[str, Any]]]: ...
    def events_in(
        self,
        org: str,
        start: datetime,
        end: datetime,
        actions: tuple[str, ...],
        *,
        domain: str,
        data: tuple[str, ...] = ...,
        fields: tuple[str, ...] = ...,
    ) -> list[tuple[Any, ...]]: ...
    def deadlines_of(self, complaint_ids: Iterable[str]) -> list[tuple[Any, ...]]: ...
    # grouped reads of a period for the report's sections (tousu.default_plugins.store.tallies)
    def received_tally(
        self,
        org: str,
        domain: str,
        start: datetime,
        end: datetime,
        at: datetime,
        *,
        columns: tuple[str, ...],
        fields: tuple[str, ...] = ...,
        clocks: tuple[str, ...] = ...,
        step: str | None = ...,
    ) -> list[tuple[Any, ...]]: ...
    def received_extensions(
        self,
        org: str,
        domain: str,
        start: datetime,
        end: datetime,
        *,
        columns: tuple[str, ...] = ...,
        skip_statuses: tuple[str, ...] = ...,
    ) -> list[tuple[Any, ...]]: ...
    def clocks_due_tally(
        self, org: str, start: datetime, end: datetime, at: datetime, *, domain: str | None = ...
    ) -> list[tuple[str, str, bool, str | None, int]]: ...
    def deadlines_named(
        self,
        org: str,
        name: str,
        start: datetime,
        end: datetime,
        *,
        domain: str,
        fields: tuple[str, ...] = ...,
    ) -> list[tuple[Any, ...]]: ...
    def steps_of(self, complaint_ids: Iterable[str], name: str) -> list[tuple[str, bool]]: ...
    def steps_done(
        self, org: str, domain: str, start: datetime, end: datetime, names: tuple[str, ...]
    ) -> list[tuple[str, int]]: ...
    def open_steps(self, org: str, domain: str, at: datetime) -> list[tuple[str, int]]: ...
    def latest_earlier(
        self,
        org: str,
        domain: str,
        *,
        before: str,
        received_by: datetime,
        still_open: tuple[str, ...],
        closed_since: datetime,
        same: dict[str, str],
        field: tuple[str, Any, Any] | None = ...,
    ) -> str | None: ...
    def own_rows(
        self,
        table: str,
        columns: tuple[str, ...],
        *,
        equal: dict[str, Any] | None = ...,
        among: dict[str, Iterable[Any]] | None = ...,
        order: tuple[str, ...] = ...,
    ) -> list[tuple[Any, ...]]: ...
    def put_own_rows(
        self,
        table: str,
        columns: tuple[str, ...],
        key: tuple[str, ...],
        rows: Iterable[tuple[Any, ...]],
    ) -> None: ...

    # -- bookkeeping (`tousu.default_plugins.store.companions`)
    #: The audit rows of views spooled while a writer held the lock, chained (the App, on opening).
    def flush_spooled_audit(self) -> int: ...
    #: The zone each organization's complaints were recorded in (`tousu.zones`).
    def recorded_zones(self) -> dict[str, str]: ...
    def remember_zone(self, org: str, timezone: str) -> None: ...
    def count_complaints(self, org: str) -> int: ...


__all__ = ["Migration", "StoreSurface"]
