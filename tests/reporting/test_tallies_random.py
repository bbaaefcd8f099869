"""The clock tallies give what counting every clock gives, on random histories, and rebuild keeps them.

`clock_tallies` counts the clocks per UTC hour due, domain, name, kind and met/cancelled state,
kept by triggers on every insert, delete and update of a clock. The report's on-time figures
(`core_figures`) and property_mgmt's deadline table read it (`Store.clocks_due_tally`); the
hour holding the report's instant and the parts of an hour at either end of a period are
counted from the clocks themselves. Here the random property desk of
tests/property_mgmt/test_statistics_random.py (late entries, reopenings, escalating sweeps,
extensions, invalid complaints, merges, voids, callbacks) is judged over whole months, a week
and a range cut at odd minutes, at instants before, inside and after the period — including a
clock's own due instant — and compared with the full count (`deadlines_judged`, and every clock
read and judged in Python), then rebuilt from the events.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.property_mgmt.conftest import REQUIRED, STAFF
from tests.property_mgmt.test_statistics_random import SH, _walk
from tousu.default_plugins.reporting import figures as report_figures
from tousu.default_plugins.reporting.periods import select_period
from tousu.testing import org
from tousu.timeutil import to_db
from tousu_property_mgmt import statistics
from tousu_property_mgmt.domain import DEADLINES, DOMAIN

PERIODS = (
    (datetime(2026, 10, 1, tzinfo=SH), datetime(2026, 11, 1, tzinfo=SH)),
    (datetime(2026, 10, 12, tzinfo=SH), datetime(2026, 10, 19, tzinfo=SH)),
    (datetime(2026, 10, 3, 9, 17, tzinfo=SH), datetime(2026, 10, 21, 13, 42, 5, tzinfo=SH)),
    (datetime(2026, 10, 5, 10, 5, tzinfo=SH), datetime(2026, 10, 5, 10, 50, tzinfo=SH)),  # inside one hour
)


def _full_count(store: Any, org_id: str, start: datetime, end: datetime, at: datetime, domain: str | None) -> dict:
    """Every clock due in the period read from the clocks table, judged one by one in Python."""
    counts: dict[tuple[str, str, bool, str | None], int] = {}
    join = " JOIN complaints c ON c.id = d.complaint_id AND c.domain = ?" if domain else ""
    rows = store.conn.execute(
        f"SELECT d.name, d.kind, d.state, d.due_at, d.met_at FROM deadlines d{join} "
        "WHERE d.org = ? AND d.due_at >= ? AND d.due_at < ?",
        (*((domain,) if domain else ()), org_id, to_db(start), to_db(end)),
    ).fetchall()
    for name, kind, state, due_at, met_at in rows:
        from tousu.timeutil import from_db

        verdict = statistics.verdict(state, from_db(due_at), from_db(met_at) if met_at else None, at)
        key = (name, kind, state == "cancelled", verdict)
        counts[key] = counts.get(key, 0) + 1
    return counts


@pytest.mark.parametrize("seed", [21, 22, 23])
def test_the_tallies_equal_counting_every_clock(seed: int, make_desk: Any) -> None:
    table = org("estate", ["property_mgmt"], staff=STAFF, settings={"property_mgmt": {"required_fields": REQUIRED}})
    desk = make_desk(table)
    app = desk.app
    assert _walk(app, random.Random(seed), 400) > 150
    store = app.store
    assert store.clock_tallies_drift() == []
    due = sorted(d[2] for d in store.deadlines_due("estate", DEADLINES, *PERIODS[0], domain=DOMAIN))
    assert due
    instants = (datetime(2026, 10, 9, 14, 30, tzinfo=SH), due[len(due) // 2], due[len(due) // 3] + timedelta(seconds=1),
                datetime(2026, 11, 2, 9, tzinfo=SH), datetime(2027, 3, 1, tzinfo=SH))
    for start, end in PERIODS:
        for at in instants:
            for domain in (None, DOMAIN):
                ours = {tuple(row[:4]): row[4] for row in store.clocks_due_tally("estate", start, end, at, domain=domain)}
                assert ours == _full_count(store, "estate", start, end, at, domain), (seed, start, end, at, domain)
            judged = report_figures._judged(store.clocks_due_tally("estate", start, end, at))
            assert judged == [tuple(row) for row in store.deadlines_judged("estate", start, end, at)]
    # the month's core figures: the tallies' on-time figures are the full count's
    estate = app.org("estate")
    for selection in (select_period(SH, month="2026-10"), select_period(SH, week="2026-W42"),
                      select_period(SH, date_from="2026-10-03", date_to="2026-10-20")):
        for at in instants:
            figures = report_figures.core_figures(store, "estate", selection, at)
            rows = store.deadlines_judged("estate", selection.period.start, selection.period.end, at)
            assert figures["deadlines_due"] == sum(r[1] for r in rows)
            assert figures["deadlines_on_time"] == sum(r[2] for r in rows)
            assert list(figures["on_time_by_deadline"]) == [r[0] for r in rows]
            assert [(v["due"], v["on_time"]) for v in figures["on_time_by_deadline"].values()] == [
                (r[1], r[2]) for r in rows
            ]
    before = statistics.section(estate, store, select_period(SH, month="2026-10").period, instants[3])
    snapshot = store.snapshot()
    assert snapshot["clock_tallies"]
    assert store.rebuild() > 0
    assert store.snapshot() == snapshot
    assert store.clock_tallies_drift() == []
    assert statistics.section(estate, store, select_period(SH, month="2026-10").period, instants[3]) == before


def test_a_clock_rewritten_behind_the_tallies_shows_as_drift_and_rebuild_recounts(make_desk: Any) -> None:
    table = org("estate", ["property_mgmt"], staff=STAFF, settings={"property_mgmt": {"required_fields": REQUIRED}})
    app = make_desk(table).app
    assert _walk(app, random.Random(5), 60) > 10
    store = app.store
    with store.transaction():
        store.conn.execute("UPDATE clock_tallies SET n = n + 3 WHERE rowid IN (SELECT min(rowid) FROM clock_tallies)")
    assert len(store.clock_tallies_drift()) == 1
    store.rebuild()
    assert store.clock_tallies_drift() == []
