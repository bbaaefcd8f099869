"""The month report against hand-written ``GROUP BY`` SQL, on each store, same history.

Six months of finished complaints are cloned on SQLite (`clone`), then copied into each other
store (`targets.Postgres.load`): both measure the very same rows. The hand-written figures are
asserted equal to tousu's on every store.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import alongside
import clone
import workload
from floor import SQLITE, Plain
from scenarios import (
    REPORT_MONTH,
    SQLITE_FILES,
    Figure,
    _checkpoint,
    _plain_beside,
    _say,
    deployment,
    history_clones,
    median,
    open_app,
)


def month_report(work: Path, count: int, runs: int, models: list[clone.Template], log: Callable[[str], None],
                 stores: tuple[Any, ...] = (SQLITE_FILES,)) -> list[Figure]:
    """One month's report over `count` complaints (six months of finished histories)."""
    folder = deployment(work / "history")
    open_app(folder).store.close()
    db = folder / "tousu.db"
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    started = time.perf_counter()
    clone.write_clones(conn, history_clones(models, count, seed=1))
    conn.close()
    _checkpoint(db)
    log(f"  history: {count:,} complaints built in {time.perf_counter() - started:.1f} s")
    figures: list[Figure] = []
    for target in stores:
        there = folder
        if target.kind != SQLITE:
            started = time.perf_counter()
            there = work / "history-pg"
            target.load(db, there)
            _say(log, target)(f"  the history copied in by COPY in {time.perf_counter() - started:.1f} s")
        with alongside.quiet():
            figures += _measure(there, count, runs, _say(log, target), target)
        if target.kind != SQLITE:
            target.drop(target.database(there))
    return figures


def _measure(folder: Path, count: int, runs: int, log: Callable[[str], None], target: Any) -> list[Figure]:
    from tousu.default_plugins.reporting.document import build_report
    from tousu.default_plugins.reporting.figures import core_figures
    from tousu.default_plugins.reporting.periods import select_period
    from tousu.default_plugins.reporting.render import to_json

    app = open_app(folder)
    plain = _plain_beside(app, target, target.database(folder))
    org = app.org(workload.ORG)
    selection = select_period(org.tz, month=REPORT_MONTH)
    at = datetime(2026, 11, 1, 9, 0, tzinfo=workload.TZ)
    whole, core, hand = [], [], []
    for _ in range(runs + 1):
        started = time.perf_counter()
        to_json(build_report(app, org, selection, at))
        whole.append(time.perf_counter() - started)
        started = time.perf_counter()
        figures = core_figures(app.store, org.id, selection, at)
        core.append(time.perf_counter() - started)
        started = time.perf_counter()
        expected = hand_written_report(plain, org.id, REPORT_MONTH, selection.period.start, selection.period.end, at)
        hand.append(time.perf_counter() - started)
    for name, value in expected.items():
        assert figures[name] == value, (target.label, name, figures[name], value)
    if target.kind != SQLITE:
        plain.close()
    app.store.close()
    log(f"  report {REPORT_MONTH}: {figures['received']:,} complaints in the month; whole report {median(whole[1:]):.3f} s, "
        f"core figures {median(core[1:]):.3f} s, hand-written SQL {median(hand[1:]):.3f} s")
    return [
        Figure("report", f"month report's figures ({figures['received']:,} of {count:,} complaints)", median(core[1:]),
               median(hand[1:]), "s", False, runs=core[1:], store=target.kind),
        Figure("report_document", "the whole report document (+ trend, 3 domain sections, JSON)", median(whole[1:]),
               median(hand[1:]), "s", False, runs=whole[1:],
               note="baseline computes the core figures only; the domain sections are the plugins' own SQL",
               store=target.kind),
    ]


#: The few expressions the two stores write differently; every query around them is shared.
_DIALECT = {
    SQLITE: {
        "satisfied": "json_extract(fields, '$.satisfied')",
        "happy": "sum(json_extract(fields, '$.satisfied') IN (1, 'true'))",
        "met": "sum(met_at IS NOT NULL AND met_at <= due_at)",
        "due_list": "deadlines d INDEXED BY deadlines_due_list",
    },
    "postgresql": {  # fields is JSON text; ->> gives SQL NULL for a missing key or a JSON null, as json_extract does
        "satisfied": "(fields::jsonb ->> 'satisfied')",
        "happy": "count(*) FILTER (WHERE (fields::jsonb ->> 'satisfied') IN ('1', 'true'))",
        "met": "count(*) FILTER (WHERE met_at IS NOT NULL AND met_at <= due_at)",
        "due_list": "deadlines d",
    },
}


def hand_written_report(
    conn: Plain | sqlite3.Connection, org: str, month: str, start: datetime, end: datetime, at: datetime
) -> dict[str, Any]:
    """The same core figures by hand: GROUP BY queries over the same indexes, nothing else."""
    from tousu.timeutil import to_db

    if isinstance(conn, sqlite3.Connection):
        conn = Plain(conn, SQLITE)
    sql = _DIALECT[conn.kind]
    breakdown: dict[str, dict[str, int]] = {"by_channel": {}, "by_category": {}, "by_tier": {}, "by_status": {}}
    received = processed = called = satisfied = 0
    for tier, category, channel, status, count, has_verdict, happy in conn.execute(
        f"SELECT tier, category, channel, status, count(*), {sql['satisfied']} IS NOT NULL, "
        f"{sql['happy']} FROM complaints WHERE org = ? AND month = ? "
        f"GROUP BY tier, category, channel, status, {sql['satisfied']} IS NOT NULL",
        (org, month),
    ).fetchall():
        received += count
        processed += count if status in ("resolved", "closed", "transferred", "invalid", "withdrawn") else 0
        if has_verdict:
            called += count
            satisfied += happy
        for key, value in (("by_channel", channel), ("by_category", category), ("by_tier", tier), ("by_status", status)):
            breakdown[key][value or "-"] = breakdown[key].get(value or "-", 0) + count
    due = on_time = 0
    for count, met in conn.execute(
        f"SELECT count(*), {sql['met']} FROM deadlines WHERE org = ? AND kind = 'deadline' "
        "AND due_at >= ? AND due_at < ? AND state != 'cancelled' AND (met_at IS NOT NULL OR due_at < ?) GROUP BY name",
        (org, to_db(start), to_db(end), to_db(at)),
    ).fetchall():
        due += count
        on_time += met or 0
    overdue = conn.execute(
        f"SELECT count(DISTINCT d.complaint_id) FROM {sql['due_list']} "
        "JOIN complaints c ON c.id = d.complaint_id "
        "WHERE d.org = ? AND d.active = 1 AND d.due_at < ? AND d.kind = 'deadline' AND d.met_at IS NULL AND c.month = ?",
        (org, to_db(at), month),
    ).fetchone()[0]
    activity = dict(conn.execute(
        "SELECT action, count(*) FROM events WHERE org = ? AND action IN ('extend', 'reopen', 'escalate') "
        "AND at >= ? AND at < ? GROUP BY action",
        (org, to_db(start), to_db(end)),
    ).fetchall())
    resolved = conn.execute(
        "SELECT count(*) FROM complaints WHERE org = ? AND month = ? AND resolved_at IS NOT NULL", (org, month)
    ).fetchone()[0]
    return {
        "received": received,
        "processed": processed,
        **{k: dict(sorted(v.items(), key=lambda kv: (-kv[1], kv[0]))) for k, v in breakdown.items()},
        "deadlines_due": due,
        "deadlines_on_time": on_time,
        "overdue_open": overdue,
        "extensions": activity.get("extend", 0),
        "reopened": activity.get("reopen", 0),
        "called_back": called,
        "satisfied": satisfied,
        "resolved_with_time": resolved,
    }


__all__ = ["hand_written_report", "month_report"]
