"""The received-complaint rollup gives what grouping the complaints' rows gives, on random histories.

property_mgmt declares its section's grouping as a rollup (`tousu.received_rollup`, the
plugin's migration ``0001-received-rollup``): the database keeps each of the desk's complaints'
group key (``received_keys``) and their count per UTC hour received (``received_rollup``) by
triggers on complaints, clocks, steps and sweep events. `received_tally` then reads whole hours
from the rollup and judges each clock not met by its hour due against the report's instant;
the hour of the instant and the partial hours at a period's ends are grouped from the rows.

Here the random desk of test_statistics_random (late entries, reopenings, escalating sweeps,
extensions also after a clock ran out, invalid complaints, merges, voids, callbacks, steps) is
grouped both ways over a month, a week, a range cut at odd minutes and a range inside one
hour, at instants before, inside (a clock's own due instant, a second before it, inside the
hour a clock not met falls due) and after the period; the section itself is compared whole;
then the database is rebuilt from the events and must hold the same rollup. Last, the proofs
are shown to catch a wrong rollup: a clock judged by its hour alone, and a count changed behind
the triggers.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.property_mgmt.conftest import REQUIRED, STAFF
from tests.property_mgmt.test_statistics_random import SH, _walk
from tousu.default_plugins.store import rollups
from tousu.models import Period
from tousu.testing import org
from tousu_property_mgmt import statistics
from tousu_property_mgmt.domain import DEADLINES, DOMAIN

PERIODS = (
    (datetime(2026, 10, 1, tzinfo=SH), datetime(2026, 11, 1, tzinfo=SH)),
    (datetime(2026, 10, 12, tzinfo=SH), datetime(2026, 10, 19, tzinfo=SH)),
    (datetime(2026, 10, 3, 9, 17, tzinfo=SH), datetime(2026, 10, 21, 13, 42, 5, tzinfo=SH)),
    (datetime(2026, 10, 5, 10, 5, tzinfo=SH), datetime(2026, 10, 5, 10, 50, tzinfo=SH)),  # inside one hour
    (datetime(2026, 9, 1, tzinfo=SH), datetime(2027, 1, 1, tzinfo=SH)),  # every complaint
)


def _desk(make_desk: Any, seed: int, steps: int = 400) -> Any:
    table = org("estate", ["property_mgmt"], staff=STAFF, settings={"property_mgmt": {"required_fields": REQUIRED}})
    table["estate"]["staff"]["xu"] = {"role": "receptionist", "name": "许强", "department": "保安部"}
    app = make_desk(table).app
    assert _walk(app, random.Random(seed), steps) > steps // 3
    return app


def _instants(store: Any) -> list[datetime]:
    """Before, inside and after October; a clock not met's own due instant, a second before it
    and a minute after (the same UTC hour: judged from its rows)."""
    unmet = sorted(
        d[2]
        for d in store.deadlines_due("estate", DEADLINES, *PERIODS[0], domain=DOMAIN)
        if d[3] is None and d[4] != "cancelled"
    )
    assert unmet
    middle = unmet[len(unmet) // 2]
    return [
        datetime(2026, 9, 30, tzinfo=SH), datetime(2026, 10, 15, 14, 30, tzinfo=SH), middle,
        middle - timedelta(seconds=1), middle.replace(minute=0, second=0) + timedelta(minutes=59),
        unmet[len(unmet) // 3] + timedelta(minutes=1), datetime(2026, 11, 2, 9, tzinfo=SH), datetime(2027, 3, 1, tzinfo=SH),
    ]


def _both(store: Any, start: datetime, end: datetime, at: datetime) -> tuple[list[Any], list[Any]]:
    """(from the rollup, from the rows) for the section's grouping, each as a sorted list."""
    grouping = statistics.GROUPING
    rolled = store.received_tally("estate", DOMAIN, start, end, at, **grouping)
    live = store._received_groups(
        "estate", DOMAIN, start, end, at, grouping["columns"], grouping["fields"], grouping["clocks"], grouping["step"]
    )
    return sorted(rolled, key=repr), sorted(live, key=repr)


def _differences(store: Any, instants: list[datetime]) -> list[tuple[Any, ...]]:
    """The (period, instant) pairs where the rollup and the rows group differently."""
    out = []
    for start, end in PERIODS:
        for at in instants:
            rolled, live = _both(store, start, end, at)
            if rolled != live:
                out.append((start, end, at))
    return out


@pytest.mark.parametrize("seed", [31, 32, 33, 34])
def test_the_rollup_groups_as_the_rows_do_and_rebuild_keeps_it(seed: int, make_desk: Any) -> None:
    app = _desk(make_desk, seed)
    store = app.store
    spec = rollups.spec_text(**statistics.GROUPING)
    assert store._rollup_spec(DOMAIN) == spec  # the section reads the rollup
    assert store.received_rollup_drift() == []
    instants = _instants(store)
    # the hour of one of the instants holds a clock not met: that branch is exercised
    keys = [k for k, _ in store._received_rollup("estate", DOMAIN, "2026", "2028")]
    assert any(f'"u{rollups.to_db(rollups._hour(at))[:13]}"' in k for k in keys for at in instants)
    assert _differences(store, instants) == []
    estate = app.org("estate")
    october = Period(*PERIODS[0], "2026-10")
    sections = {at: statistics.section(estate, store, october, at) for at in instants}
    with pytest.MonkeyPatch.context() as patch:  # the same section grouped from the rows
        patch.setattr(type(store), "_rollup_spec", lambda self, domain: None)
        for at in instants:
            assert statistics.section(estate, store, october, at) == sections[at], (seed, at)
    snapshot = store.snapshot()
    assert snapshot["received_rollup"] and len(snapshot["received_keys"]) == sum(r[-1] for r in snapshot["received_rollup"])
    assert store.rebuild() > 0
    assert store.snapshot() == snapshot
    assert store.received_rollup_drift() == []
    store.recount_received_rollups()
    assert store.snapshot() == snapshot
    assert _differences(store, instants) == []


def test_the_proofs_catch_a_clock_judged_by_its_hour_alone(make_desk: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    app = _desk(make_desk, 35)
    store = app.store
    instants = _instants(store)
    assert _differences(store, instants) == []
    # the mutation: a clock due in the instant's own hour judged by its hour (open), not by its row
    monkeypatch.setattr(rollups, "_unmet", lambda state, now: "late" if state < now else "open")
    assert _differences(store, instants) != []


def test_a_count_changed_behind_the_triggers_shows_as_drift_and_as_a_difference_and_rebuild_recounts(
    make_desk: Any,
) -> None:
    app = _desk(make_desk, 36, 120)
    store = app.store
    instants = _instants(store)[:3]
    with store.transaction():
        store.conn.execute(
            "UPDATE received_rollup SET n = n + 2 WHERE hour = (SELECT min(hour) FROM received_rollup WHERE n > 0) "
            "AND key = (SELECT min(key) FROM received_rollup WHERE n > 0 AND hour = "
            "(SELECT min(hour) FROM received_rollup WHERE n > 0))"
        )
    assert len(store.received_rollup_drift()) == 1
    assert _differences(store, instants) != []
    store.rebuild()
    assert store.received_rollup_drift() == []
    assert _differences(store, instants) == []
