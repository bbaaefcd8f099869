"""Reads for reports, exports and purges: aggregates over a period, issued reports, the records.

A mixin of `tousu.default_plugins.store.Store`. The report's figures are assembled in `tousu.reporting`; here
is only what must be counted in the database to stay fast on a register of millions (each an
index range, grouped), and the append-only ``frozen_reports`` table. A period's complaints
are picked by their ``month`` (whole months and years, on the covering index) or by their
receipt instant (weeks and ranges): see `Cohort`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import attrs

from tousu.models import FINAL_STATUSES
from tousu.timeutil import from_db, to_db

#: A callback's verdict, as recorded in the complaint's fields (indexed as this very expression).
_SATISFIED = "json_extract(c.fields, '$.satisfied')"


@attrs.frozen
class Cohort:
    """Which complaints a period report counts: received in ``[start, end)``, or (for whole
    months and years) those whose ``month`` lies in ``months`` (first and last, inclusive)."""

    start: datetime
    end: datetime
    months: tuple[str, str] | None = None

    def where(self) -> tuple[str, tuple[str, ...]]:
        """The condition on ``complaints c`` (the store's own SQL) and its parameters."""
        if self.months is not None:
            if self.months[0] == self.months[1]:
                return "c.month = ?", (self.months[0],)
            return "c.month >= ? AND c.month <= ?", self.months
        return "c.received_at >= ? AND c.received_at < ?", (to_db(self.start), to_db(self.end))


class ReportReads:
    """Aggregates for `tousu.reporting`, issued reports, purge candidates and export records."""

    conn: sqlite3.Connection

    # -- a period report's core figures ---------------------------------------------------

    def cohort_groups(self, org: str, cohort: Cohort) -> list[tuple[Any, ...]]:
        """The period's complaints grouped: (tier, category, channel, status, count, called back, satisfied).

        One pass over the covering index complaints_org_month_figures (every column read here,
        in GROUP BY order); the caller sums the breakdowns from the groups.
        """
        where, params = cohort.where()
        return self.conn.execute(
            f"SELECT c.tier, c.category, c.channel, c.status, count(*), {_SATISFIED} IS NOT NULL, "
            f"coalesce(sum({_SATISFIED} IN (1, 'true')), 0) FROM complaints c WHERE c.org = ? AND {where} "
            f"GROUP BY c.tier, c.category, c.channel, c.status, {_SATISFIED} IS NOT NULL",
            (org, *params),
        ).fetchall()

    def merged_groups(self, org: str, cohort: Cohort) -> list[tuple[Any, ...]]:
        """The period's duplicates merged into another complaint (closed, linked ``duplicate_of``),
        grouped like `cohort_groups`, so the report counts each matter once (`tousu.default_plugins.merging`)."""
        where, params = cohort.where()
        return self.conn.execute(
            f"SELECT c.tier, c.category, c.channel, c.status, count(*), {_SATISFIED} IS NOT NULL, "
            f"coalesce(sum({_SATISFIED} IN (1, 'true')), 0) FROM links l JOIN complaints c ON c.id = l.complaint_id "
            f"WHERE l.kind = 'duplicate_of' AND c.status = 'closed' AND c.org = ? AND {where} "
            f"GROUP BY c.tier, c.category, c.channel, c.status, {_SATISFIED} IS NOT NULL",
            (org, *params),
        ).fetchall()

    def paused_clocks(self, org: str, start: datetime, end: datetime) -> list[tuple[str, dict[str, Any]]]:
        """Deadlines due in ``[start, end)`` that were ever paused: (name, clock) each, the clock's
        record (`tousu.calendars`) holding its pauses; the caller adds up the time paused."""
        rows = self.conn.execute(
            # the paused clocks' own partial index (tallies.py): a few rows, not every clock due
            "SELECT d.name, d.clock FROM deadlines d INDEXED BY deadlines_paused WHERE d.org = ? AND d.kind = 'deadline' "
            "AND d.due_at >= ? AND d.due_at < ? AND d.clock LIKE '%\"pauses\"%'",
            (org, to_db(start), to_db(end)),
        ).fetchall()
        return [(name, json.loads(clock)) for name, clock in rows if clock]

    def overdue_open(self, org: str, cohort: Cohort, at: datetime) -> int:
        """How many of the period's complaints have a running deadline past due at `at`."""
        where, params = cohort.where()
        # only clocks still running can be overdue: read the running deadlines' own (partial)
        # index, which the planner would otherwise pass over for the index of every clock ever set
        return self.conn.execute(
            f"SELECT count(DISTINCT d.complaint_id) FROM deadlines d INDEXED BY deadlines_due_list "
            f"JOIN complaints c ON c.id = d.complaint_id "
            f"WHERE d.org = ? AND d.active = 1 AND d.due_at < ? AND d.kind = 'deadline' AND d.met_at IS NULL "
            f"AND c.org = ? AND {where}",
            (org, to_db(at), org, *params),
        ).fetchone()[0]

    def resolution_hours(self, org: str, cohort: Cohort) -> tuple[int, float | None]:
        """How many of the period's complaints are resolved, and their mean hours from receipt."""
        where, params = cohort.where()
        count, hours = self.conn.execute(
            f"SELECT count(*), avg((julianday(c.resolved_at) - julianday(c.received_at)) * 24) "
            f"FROM complaints c WHERE c.org = ? AND {where} AND c.resolved_at IS NOT NULL",
            (org, *params),
        ).fetchone()
        return count, hours

    def deadlines_judged(self, org: str, start: datetime, end: datetime, at: datetime) -> list[tuple[str, int, int]]:
        """Deadlines due in ``[start, end)`` and judged by `at`, per name: (name, judged, met on time).

        Judged: met, or its due time passed by `at`; cancelled clocks and timers do not count.
        """
        return self.conn.execute(
            "SELECT d.name, count(*), coalesce(sum(d.met_at IS NOT NULL AND d.met_at <= d.due_at), 0) "
            "FROM deadlines d WHERE d.org = ? AND d.kind = 'deadline' AND d.due_at >= ? AND d.due_at < ? "
            "AND d.state != 'cancelled' AND (d.met_at IS NOT NULL OR d.due_at < ?) GROUP BY d.name ORDER BY d.name",
            (org, to_db(start), to_db(end), to_db(at)),
        ).fetchall()

    def activity(self, org: str, start: datetime, end: datetime) -> dict[str, int]:
        """Events recorded with a time in ``[start, end)``: extensions, tier raises, reopenings."""
        bounds = (org, to_db(start), to_db(end))
        in_period = "FROM events e WHERE e.org = ? AND e.at >= ? AND e.at < ?"

        def count(condition: str) -> int:
            return self.conn.execute(f"SELECT count(*) {in_period} AND {condition}", bounds).fetchone()[0]

        return {
            "extensions": count("e.action = 'extend'"),
            "escalations": count(
                "(e.action = 'escalate' OR (e.action = 'sweep' AND json_extract(e.data, '$.set.tier') IS NOT NULL))"
            ),
            "reopened": count("e.action = 'reopen'"),
        }

    def received_and_resolved(self, org: str, start: datetime, end: datetime) -> tuple[int, int]:
        """Complaints received in ``[start, end)``, and complaints resolved in it (two index ranges),
        a duplicate merged into another complaint not counted (its matter is the primary's, as in
        `merged_groups`)."""
        bounds = (org, to_db(start), to_db(end))
        merged = (
            "AND NOT (c.status = 'closed' AND EXISTS (SELECT 1 FROM links l "
            "WHERE l.complaint_id = c.id AND l.kind = 'duplicate_of'))"
        )
        got = self.conn.execute(
            f"SELECT count(*) FROM complaints c WHERE c.org = ? AND c.received_at >= ? AND c.received_at < ? {merged}",
            bounds,
        ).fetchone()[0]
        done = self.conn.execute(
            f"SELECT count(*) FROM complaints c WHERE c.org = ? AND c.resolved_at >= ? AND c.resolved_at < ? {merged}",
            bounds,
        ).fetchone()[0]
        return got, done

    # -- issued (frozen) reports: append-only ------------------------------------------------

    def latest_frozen(self, org: str, period: str) -> dict[str, Any] | None:
        """The report issued for `period` (``2026-10``), as stored; None if it was never frozen."""
        row = self.conn.execute(
            "SELECT document FROM frozen_reports WHERE org = ? AND period = ? ORDER BY seq DESC LIMIT 1", (org, period)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def frozen_periods(self, org: str) -> list[tuple[str, datetime]]:
        """Every issue of `org`'s reports: (period, frozen at), oldest first."""
        return [
            (str(period), from_db(frozen_at))
            for period, frozen_at in self.conn.execute(
                "SELECT period, frozen_at FROM frozen_reports WHERE org = ? ORDER BY seq", (org,)
            )
        ]

    def freeze_report(
        self, org: str, period: str, frozen_at: datetime, frozen_by: str, document: dict[str, Any], recorded_at: datetime
    ) -> None:
        """Store `document` as the issued report of `period` (the table refuses any later change)."""
        self.conn.execute(
            "INSERT INTO frozen_reports (org, period, frozen_at, frozen_by, document, recorded_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (org, period, to_db(frozen_at), frozen_by, json.dumps(document, ensure_ascii=False), to_db(recorded_at)),
        )

    # -- purge and export -----------------------------------------------------------------

    def purgeable(self, org: str, before: datetime) -> list[str]:
        """Complaints of `org` that left the desk before `before` and still hold personal data."""
        marks = ",".join("?" * len(FINAL_STATUSES))
        return [
            row[0]
            for row in self.conn.execute(
                f"SELECT c.id FROM complaints c JOIN personal p ON p.complaint_id = c.id "
                f"WHERE c.org = ? AND c.status IN ({marks}) AND c.closed_at IS NOT NULL AND c.closed_at < ? "
                f"AND p.erased_at IS NULL ORDER BY c.id",
                (org, *FINAL_STATUSES, to_db(before)),
            )
        ]

    def count_received(self, org: str, start: datetime | None = None, end: datetime | None = None) -> int:
        """How many complaints of `org` were received in ``[start, end)`` (either end open)."""
        where, params = _received(org, start, end)
        return self.conn.execute(f"SELECT count(*) FROM complaints c WHERE {where}", params).fetchone()[0]

    def histories(
        self, org: str, start: datetime | None = None, end: datetime | None = None
    ) -> Iterator[tuple[str, str, str, bool, list[tuple[int, datetime, str, str, dict[str, Any]]]]]:
        """Each complaint received in ``[start, end)``, oldest first, with its whole history:
        (id, complainant, contact, erased, [(n, at, actor, action, data), ...])."""
        where, params = _received(org, start, end)
        rows = self.conn.execute(
            f"SELECT c.id, coalesce(p.complainant, ''), coalesce(p.contact, ''), p.erased_at FROM complaints c "
            f"LEFT JOIN personal p ON p.complaint_id = c.id WHERE {where} ORDER BY c.received_at, c.id",
            params,
        )
        events = self.conn.cursor()
        for cid, complainant, contact, erased in rows:
            history = [
                (n, from_db(at), actor, action, json.loads(data))
                for n, at, actor, action, data in events.execute(
                    "SELECT n, at, actor, action, data FROM events WHERE complaint_id = ? ORDER BY n", (cid,)
                )
            ]
            yield cid, complainant, contact, bool(erased), history


def _received(org: str, start: datetime | None, end: datetime | None) -> tuple[str, list[Any]]:
    where, params = ["c.org = ?"], [org]
    if start is not None:
        where.append("c.received_at >= ?")
        params.append(to_db(start))
    if end is not None:
        where.append("c.received_at < ?")
        params.append(to_db(end))
    return " AND ".join(where), params
