"""The core figures of a period report, each one SQL aggregate (never a Python loop over complaints).

Cohort figures (``received``, the breakdowns, ``processed``, ``overdue_open``,
``satisfaction_rate``, ``average_hours_to_resolve``) count the complaints *received in the
period*, as they stand now. Clock figures (``on_time_rate``) count the deadlines *due in the
period*. Activity figures (``extensions``, ``escalations``, ``reopened``) count the events
*recorded with a time in the period*. docs/reports.md defines each one precisely.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, tzinfo
from typing import Any

from tousu.models import FINAL_STATUSES
from tousu.reporting.periods import Selection
from tousu.timeutil import to_db

#: Statuses that count as "processed": the desk has finished its work on the complaint.
PROCESSED_STATUSES = ("resolved", *FINAL_STATUSES)
#: Breakdowns of the received complaints, by a column of ``complaints``.
BREAKDOWNS = (("by_channel", "channel"), ("by_category", "category"), ("by_tier", "tier"), ("by_status", "status"))
#: The grouping columns of the one pass over a period's complaints, in index order.
_GROUP_COLUMNS = ("tier", "category", "channel", "status")
#: A callback's verdict, as recorded in the complaint's fields (indexed as this very expression).
SATISFIED = "json_extract(c.fields, '$.satisfied')"


def rate(part: int, whole: int) -> float | None:
    """A share from 0 to 1 with four decimals; None when there is nothing to divide by."""
    return round(part / whole, 4) if whole else None


def core_figures(conn: sqlite3.Connection, org: str, selection: Selection, at: datetime) -> dict[str, Any]:
    """Every core figure of `selection` for `org`; `at` decides which open clocks are already late."""
    cohort = f"FROM complaints c WHERE c.org = ? AND {selection.where}"
    params: tuple[Any, ...] = (org, *selection.params)
    figures: dict[str, Any] = {}
    # One pass over the period's complaints (the covering index complaints_org_month_figures
    # holds every column read here, in GROUP BY order): the counts, every breakdown,
    # processed, and the callbacks, summed up in Python from the groups.
    groups = conn.execute(
        f"SELECT c.tier, c.category, c.channel, c.status, count(*), {SATISFIED} IS NOT NULL, "
        f"coalesce(sum({SATISFIED} IN (1, 'true')), 0) {cohort} "
        f"GROUP BY c.tier, c.category, c.channel, c.status, {SATISFIED} IS NOT NULL",
        params,
    ).fetchall()
    received = sum(row[4] for row in groups)
    figures["received"] = received
    for name, column in BREAKDOWNS:
        position = _GROUP_COLUMNS.index(column)
        counts: dict[str, int] = {}
        for row in groups:
            key = row[position] or ""
            counts[key] = counts.get(key, 0) + row[4]
        figures[name] = {key or "-": count for key, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))}
    processed = sum(row[4] for row in groups if row[3] in PROCESSED_STATUSES)
    figures["processed"] = processed
    figures["processing_rate"] = rate(processed, received)
    figures.update(_on_time(conn, org, selection, at))
    # only clocks still running can be overdue: read the running deadlines' own (partial) index,
    # which the planner would otherwise pass over for the index of every clock ever set
    figures["overdue_open"] = conn.execute(
        f"SELECT count(DISTINCT d.complaint_id) FROM deadlines d INDEXED BY deadlines_due_list "
        f"JOIN complaints c ON c.id = d.complaint_id "
        f"WHERE d.org = ? AND d.active = 1 AND d.due_at < ? AND d.kind = 'deadline' AND d.met_at IS NULL "
        f"AND c.org = ? AND {selection.where}",
        (org, to_db(at), *params),
    ).fetchone()[0]
    figures.update(_activity(conn, org, selection))
    called = sum(row[4] for row in groups if row[5])
    satisfied = sum(row[6] for row in groups if row[5])
    figures["called_back"] = called
    figures["satisfied"] = satisfied
    figures["satisfaction_rate"] = rate(satisfied, called)
    resolved, hours = conn.execute(
        f"SELECT count(*), avg((julianday(c.resolved_at) - julianday(c.received_at)) * 24) {cohort} "
        "AND c.resolved_at IS NOT NULL",
        params,
    ).fetchone()
    figures["resolved_with_time"] = resolved
    figures["average_hours_to_resolve"] = round(hours, 1) if hours is not None else None
    return figures


def _on_time(conn: sqlite3.Connection, org: str, selection: Selection, at: datetime) -> dict[str, Any]:
    """Deadlines due in the period: met by their (possibly extended) due time, out of those judged.

    A deadline is judged once it is met or its due time has passed by `at`; cancelled clocks
    (the complaint left the desk before they ran out) and timers are not counted.
    """
    period = selection.period
    rows = conn.execute(
        "SELECT d.name, count(*), coalesce(sum(d.met_at IS NOT NULL AND d.met_at <= d.due_at), 0) "
        "FROM deadlines d WHERE d.org = ? AND d.kind = 'deadline' AND d.due_at >= ? AND d.due_at < ? "
        "AND d.state != 'cancelled' AND (d.met_at IS NOT NULL OR d.due_at < ?) GROUP BY d.name ORDER BY d.name",
        (org, to_db(period.start), to_db(period.end), to_db(at)),
    ).fetchall()
    due = sum(r[1] for r in rows)
    on_time = sum(r[2] for r in rows)
    return {
        "deadlines_due": due,
        "deadlines_on_time": on_time,
        "on_time_rate": rate(on_time, due),
        "on_time_by_deadline": {
            name: {"due": count, "on_time": met, "rate": rate(met, count)} for name, count, met in rows
        },
    }


def _activity(conn: sqlite3.Connection, org: str, selection: Selection) -> dict[str, int]:
    """Events in the period: approved extensions, tier raises after intake, reopenings."""
    bounds = (org, to_db(selection.period.start), to_db(selection.period.end))
    in_period = "FROM events e WHERE e.org = ? AND e.at >= ? AND e.at < ?"

    def count(condition: str) -> int:
        return conn.execute(f"SELECT count(*) {in_period} AND {condition}", bounds).fetchone()[0]

    return {
        "extensions": count("e.action = 'extend'"),
        "escalations": count(
            "(e.action = 'escalate' OR (e.action = 'sweep' AND json_extract(e.data, '$.set.tier') IS NOT NULL))"
        ),
        "reopened": count("e.action = 'reopen'"),
    }


def trend(conn: sqlite3.Connection, org: str, selection: Selection, tz: tzinfo) -> dict[str, Any]:
    """Received and resolved per day (periods up to 62 days) or per week, for the line chart.

    ``resolved`` counts complaints whose (current) resolution time falls in the bucket,
    whenever they were received. Each bucket is two index range counts.
    """
    period = selection.period
    days = (period.end.astimezone(tz).date() - period.start.astimezone(tz).date()).days
    unit = "day" if days <= 62 else "week"
    step = timedelta(days=1 if unit == "day" else 7)
    points: list[dict[str, Any]] = []
    cursor = period.start.astimezone(tz).date()
    if unit == "week":
        cursor -= timedelta(days=cursor.weekday())
    last = period.end.astimezone(tz).date()
    while cursor < last:
        start = max(datetime.combine(cursor, datetime.min.time(), tzinfo=tz), period.start)
        end = min(datetime.combine(cursor + step, datetime.min.time(), tzinfo=tz), period.end)
        bounds = (org, to_db(start), to_db(end))
        got = conn.execute(
            "SELECT count(*) FROM complaints WHERE org = ? AND received_at >= ? AND received_at < ?", bounds
        ).fetchone()[0]
        done = conn.execute(
            "SELECT count(*) FROM complaints WHERE org = ? AND resolved_at >= ? AND resolved_at < ?", bounds
        ).fetchone()[0]
        points.append({"start": cursor.isoformat(), "received": got, "resolved": done})
        cursor += step
    return {"unit": unit, "points": points}
