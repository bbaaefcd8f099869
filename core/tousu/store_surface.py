"""The store's public surface: every method the App, the default plugins and domain plugins may call.

The store is a default plugin (`tousu.default_plugins.store`, answering the ``register_stores``
hook); this protocol is the kernel's side of it. The kernel imports nothing of the store: it
uses the object `tousu.compose.open_store` hands it through these methods alone, and types
against this module. `tousu.default_plugins.store.Store` (SQLite, and PostgreSQL through its
connection adapter) implements it, and a test checks it does (same names, same parameters); a
store of another kind implements the same methods with the same meaning, so the App and every
plugin run unchanged on either. The table layout behind it belongs to the store; nothing
outside ``tousu/default_plugins/store/`` sends SQL or sees the DB-API connection.

Conventions every store keeps:

- Instants go in and come out as timezone-aware datetimes; the store decides how it keeps them
  (SQLite: sortable UTC text, `tousu.timeutil.to_db`).
- JSON documents (event data, fields, issued reports) come out parsed.
- One command is one `transaction` (``BEGIN IMMEDIATE`` in SQLite, so writers queue);
  `savepoint` and `attempt` are units inside it for bulk paths.
- Events, audit rows and issued reports are append-only: the database itself refuses an update
  or a delete.

The companion stores that keep their own tables (the outbox, the credentials, the attachments'
folder) are handed out by the store itself (`outbox`, `credentials`, `blobs`): a store of
another kind brings its own versions of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from tousu.models import Complaint, Event

#: A migration: its name and SQL text, or a function given the store's database handle.
Migration = tuple[str, "str | Callable[[Any], None]"]


class ChainResult(Protocol):
    """One hash chain walked (`StoreSurface.verify`): how many rows, its head, the first break."""

    table: str
    org: str
    count: int
    head: str
    broken: Any


class Cohort(Protocol):
    """Which complaints a period report counts: received in ``[start, end)``, or (whole months
    and years) those whose ``month`` lies in ``months`` (first and last, inclusive)."""

    start: datetime
    end: datetime
    months: tuple[str, str] | None


class PartialWrite(Exception):
    """A unit of work run by `StoreSurface.attempt` failed after writing: only a rollback undoes it."""


@runtime_checkable
class StoreSurface(Protocol):
    """One deployment's database, as the rest of tousu sees it."""

    #: Stored with each appended event: where it came from ("" when typed at this desk).
    origin: str

    # -- transactions and migrations
    def transaction(self) -> AbstractContextManager[Any]: ...
    def savepoint(self, name: str = ...) -> AbstractContextManager[Any]: ...
    def attempt(self) -> AbstractContextManager[Any]: ...
    #: Inside a transaction: the new complaints' rows held and written per table (import); a
    #: store may write at once instead, the results are the same.
    def bulk(self) -> AbstractContextManager[Any]: ...
    def recording_origin(self, origin: dict[str, Any]) -> AbstractContextManager[Any]: ...
    def migrate(self, extra: Iterable[Migration] = ...) -> list[str]: ...
    def close(self) -> None: ...

    # -- the history (append-only, hash-chained) and its projection, written only by the App
    def next_ids(self, count: int = ..., org: str | None = ...) -> list[str]: ...
    def append(self, event: Event, org: str) -> int: ...
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
    def chain_head(self, org: str) -> str: ...
    def chain_orgs(self) -> list[str]: ...
    def history_rights(self) -> list[str]: ...
    def verify(self, org: str | None = ...) -> list[ChainResult]: ...
    def save(
        self, complaint: Complaint, month: str, last_event: int, *, new: bool = ...
    ) -> None: ...
    def save_many(self, items: list[tuple[Complaint, str, int]], *, new: bool = ...) -> None: ...
    def save_change(
        self, before: Complaint, after: Complaint, month: str, last_event: int
    ) -> None: ...
    def save_personal(self, complaint_id: str, complainant: str, contact: str) -> None: ...
    def erase_personal(self, complaint_ids: list[str], erased_at: datetime) -> None: ...
    def scrub(self) -> None: ...
    def rebuild(self, chunk: int = ...) -> int: ...
    def snapshot(self) -> dict[str, list[tuple[Any, ...]]]: ...

    # -- named reads of complaints and histories
    def load(self, complaint_id: str) -> Complaint | None: ...
    def load_many(self, ids: list[str]) -> list[Complaint]: ...
    def org_of(self, complaint_id: str) -> str | None: ...
    def personal(self, complaint_id: str) -> tuple[str, str]: ...
    def events(self, complaint_id: str) -> list[Event]: ...
    def event_at_seq(self, seq: int) -> tuple[str, int] | None: ...
    def next_event_n(self, complaint_id: str) -> int: ...
    def last_event_at(self, complaint_id: str) -> datetime | None: ...
    def actions_after(self, complaint_id: str, n: int) -> list[tuple[str, datetime]]: ...
    def actions_of(self, complaint_id: str) -> list[str]: ...
    def complaint_rows(
        self,
        org: str,
        *,
        statuses: tuple[str, ...] | None = ...,
        tier: str | None = ...,
        category: str | None = ...,
        limit: int = ...,
    ) -> list[dict[str, Any]]: ...
    def search(
        self, org: str, query: str, *, personal: bool, handler: str | None, limit: int = ...
    ) -> list[Complaint]: ...
    def search_indexed(self) -> bool: ...
    def list_page(self, org: str, **filters: Any) -> tuple[list[dict[str, Any]], int]: ...
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
    def due_rows(self, org: str, at: datetime, horizon: datetime) -> list[dict[str, Any]]: ...
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

    # -- reports, issued reports, purge and export
    def cohort_groups(self, org: str, cohort: Cohort) -> list[tuple[Any, ...]]: ...
    def merged_groups(self, org: str, cohort: Cohort) -> list[tuple[Any, ...]]: ...
    def paused_clocks(self, org: str, start: datetime, end: datetime) -> list[tuple[str, dict[str, Any]]]: ...
    def overdue_open(self, org: str, cohort: Cohort, at: datetime) -> int: ...
    def resolution_hours(self, org: str, cohort: Cohort) -> tuple[int, float | None]: ...
    def deadlines_judged(
        self, org: str, start: datetime, end: datetime, at: datetime
    ) -> list[tuple[str, int, int]]: ...
    def activity(self, org: str, start: datetime, end: datetime) -> dict[str, int]: ...
    def received_and_resolved(
        self, org: str, start: datetime, end: datetime
    ) -> tuple[int, int]: ...
    def latest_frozen(self, org: str, period: str) -> dict[str, Any] | None: ...
    def frozen_periods(self, org: str) -> list[tuple[str, datetime]]: ...
    def freeze_report(
        self,
        org: str,
        period: str,
        frozen_at: datetime,
        frozen_by: str,
        document: dict[str, Any],
        recorded_at: datetime,
    ) -> None: ...
    def purgeable(self, org: str, before: datetime) -> list[str]: ...
    def count_received(
        self, org: str, start: datetime | None = ..., end: datetime | None = ...
    ) -> int: ...
    def histories(
        self, org: str, start: datetime | None = ..., end: datetime | None = ...
    ) -> Iterator[
        tuple[str, str, str, bool, list[tuple[int, datetime, str, str, dict[str, Any]]]]
    ]: ...

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
    def clocks_judged(
        self, org: str, domain: str, start: datetime, end: datetime, at: datetime
    ) -> list[tuple[str, str, str, str | None, list[dict[str, Any]] | None]]: ...
    def clock_verdict_counts(
        self, org: str, names: tuple[str, ...], start: datetime, end: datetime, at: datetime, *, domain: str
    ) -> list[tuple[str, str | None, int]]: ...
    def deadlines_due(
        self, org: str, names: tuple[str, ...], start: datetime, end: datetime, *, domain: str
    ) -> list[tuple[Any, ...]]: ...
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
    def recount_clock_tallies(self) -> None: ...
    def clock_tallies_drift(self) -> list[tuple[Any, ...]]: ...
    def recount_received_rollups(self) -> None: ...
    def received_rollup_drift(self) -> list[tuple[Any, ...]]: ...
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

    # -- companion stores and bookkeeping (`tousu.default_plugins.store.companions`)
    #: The outbox, receipt codes and mail-in tables, in this store's transactions.
    def outbox(self) -> Any: ...
    #: Passwords, API tokens and failed sign-ins (the server's).
    def credentials(self) -> Any: ...
    #: The folder of attached files (`folder`, beside the database), each named by its SHA-256.
    def blobs(self, folder: Path) -> Any: ...
    def attach_events(self) -> Iterator[tuple[str, str, int, dict[str, Any]]]: ...
    def combined_head(self, heads: Iterable[tuple[str, str, str]]) -> str: ...
    #: The audit of a view: never waits for a writer (SQLite spools it until the next write).
    def audit_view(
        self, org: str, at: datetime, recorded_at: datetime, actor: str, role: str, action: str, detail: dict[str, Any]
    ) -> None: ...
    def flush_spooled_audit(self) -> int: ...
    #: The zone each organization's complaints were recorded in (`tousu.zones`).
    def recorded_zones(self) -> dict[str, str]: ...
    def remember_zone(self, org: str, timezone: str) -> None: ...
    def count_complaints(self, org: str) -> int: ...
    def complaint_months(self, org: str) -> list[tuple[str, str, str]]: ...
    def set_months(self, org: str, timezone: str, months: list[tuple[str, str]]) -> None: ...
    #: The source references an import has already stored (the same record is not imported twice).
    def imported_refs(self, org: str, refs: list[str]) -> set[str]: ...
    def remember_refs(self, org: str, pairs: list[tuple[str, str]]) -> None: ...


#: Every method name of the surface, for the test that checks a store implements them all.
METHODS: tuple[str, ...] = tuple(
    name
    for name, value in vars(StoreSurface).items()
    if callable(value) and not name.startswith("_")
)

__all__ = ["METHODS", "ChainResult", "Cohort", "Migration", "PartialWrite", "StoreSurface"]
