"""What the reporting plugin calls on the store beyond the kernel's surface: a report's reads.

A period report's core figures (`tousu.default_plugins.reporting.figures`) and its issued,
frozen copies (`tousu.default_plugins.reporting.frozen`) are read and written through these
methods; nothing else calls them, so the kernel's `tousu.store_surface.StoreSurface` does not
list them. A store implements them with the same names, parameters and meaning
(``tests/test_store_surface.py`` checks the default store does).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from tousu.default_plugins.store_needs import SharedStore


class Cohort(Protocol):
    """Which complaints a period report counts: received in ``[start, end)``, or (whole months
    and years) those whose ``month`` lies in ``months`` (first and last, inclusive)."""

    start: datetime
    end: datetime
    months: tuple[str, str] | None


class ReportStore(SharedStore, Protocol):
    """The store as the reporting plugin sees it."""

    # -- a period's core figures
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

    # -- issued reports (append-only)
    def latest_frozen(self, org: str, period: str) -> dict[str, Any] | None: ...
    def freeze_report(
        self,
        org: str,
        period: str,
        frozen_at: datetime,
        frozen_by: str,
        document: dict[str, Any],
        recorded_at: datetime,
    ) -> None: ...


__all__ = ["Cohort", "ReportStore"]
