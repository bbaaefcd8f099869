"""The set-based sweep (`tousu.app_sweep`) leaves the very database the row-by-row sweep leaves.

Two desks live the same seeded random history — three domains in one organization and in a
second one whose outbox is on; intakes, forwards, assignments, escalations by hand, extensions
(also after a clock ran out), pauses and resumes, replies, resolutions, and sweeps between
them (some dated before recorded events, by a supervisor) — one with `SET_BASED_SWEEP` on, one
with it off. Every sweep's result, every table (events with seq, payload and hash; clocks;
steps; complaints; the clock tallies; the outbox, less its random keys), the hash chain and a
rebuild must come out the same. The history has breaches that escalate (retail level3, the
property desk's one-month timer, a city case's resolve limit) and many that do not, warnings,
and late entries. Runs on both stores; a wrong set path (tried below) fails it.
"""

from __future__ import annotations

import itertools
import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

import tousu.app
import tousu.app_clocks
import tousu.default_plugins.outbox.receipts
import tousu.default_plugins.store.sweeps
from tousu.calendars.deadlines import open_pause
from tousu.errors import TousuError
from tousu.models import EscalationWatch
from tousu.testing import org
from tousu.timeutil import zone

SH = zone("Asia/Shanghai")
START = datetime(2026, 10, 1, 9, 0, tzinfo=SH)
DOMAINS = ("retail", "property_mgmt", "city_enforcement")
#: Every table a sweep may touch (and its neighbours), with the columns left out: random keys.
TABLES = {
    "events": (),
    "complaints": (),
    "deadlines": (),
    "steps": (),
    "links": (),
    "personal": (),
    "clock_tallies": (),
    "received_rollup": (),
    "received_keys": (),
    "outbox": ("key",),
    "receipts": (),
    "counters": (),
}


def _orgs() -> list[dict[str, Any]]:
    settings = {
        "city_enforcement": {"routes": {"noise": "noise_squadron", "*": "general_squadron"}}
    }
    quiet = org("bench", list(DOMAINS), settings=settings, language="zh", timezone="Asia/Shanghai")
    told = org("told", list(DOMAINS), settings=settings, timezone="Asia/Shanghai")
    told["told"]["notify"] = {"webhook": {"url": "http://127.0.0.1:9/none", "secret": "s" * 32}}
    return [quiet, told]


def _config(desk: Any) -> dict[str, Any]:
    """A late-entry window short enough that some late sweeps by the system are refused."""
    merged: dict[str, Any] = {}
    for table in _orgs():
        merged.update(table)
    return {
        "database": "tousu.db",
        "synchronous": "NORMAL",
        "late_entry_window": "2h",
        "orgs": merged,
    }


def _intake(app: Any, rng: random.Random, org_id: str, i: int, at: datetime) -> str | None:
    domain = DOMAINS[i % 3]
    fields: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    if domain == "retail":
        extra = {"category": rng.choice(("general", "counterfeit", None))}
    elif domain == "property_mgmt":
        extra = {"place": "3号楼1单元", "respondent": "工程部", "request": "尽快处理"}
        fields = {"cause": "facility"}
    else:
        extra = {
            "category": rng.choice(("noise", "other")),
            "place": rng.choice(("朝阳路1号", "海淀路2号")),
        }
        fields = {"district": "朝阳", "kind": "consultation" if rng.random() < 0.1 else "complaint"}
    try:
        complaint = app.intake(
            org_id,
            channel="phone",
            summary=f"第{i}件：噪音扰民",
            domain=domain,
            complainant="王五",
            contact=f"138{rng.randrange(10**8):08d}",
            fields=fields,
            actor="wang",
            at=at,
            **{k: v for k, v in extra.items() if v is not None},
        )
    except TousuError:
        return None
    return str(complaint.id)


def _act(app: Any, rng: random.Random, cid: str, at: datetime) -> None:
    complaint = app.store.load(cid)
    roll = rng.random()
    try:
        if roll < 0.15:
            app.act(cid, "acknowledge", actor="wang", at=at)
        elif roll < 0.3:
            app.act(cid, "forward", actor="wang", to="工程部", at=at)
        elif roll < 0.38:
            app.act(cid, "assign", actor="chen", to="zhao", at=at)
        elif roll < 0.5:  # raised by hand: a level3 retail breach escalates again in a sweep
            tier = {"retail": "level3", "property_mgmt": "important", "city_enforcement": "normal"}[
                complaint.domain
            ]
            app.act(cid, "escalate", actor="li", fields={"tier": tier}, note="serious", at=at)
        elif roll < 0.65:
            running = [
                d
                for d in complaint.deadlines
                if d.met_at is None and d.state in ("pending", "breached")
            ]
            if running:
                clock = rng.choice(running)  # sometimes after it ran out
                until = max(clock.due_at, at) + timedelta(hours=rng.randrange(1, 96))
                app.act(
                    cid,
                    "extend",
                    actor="li",
                    note="parts",
                    fields={"deadline": clock.name, "until": until.isoformat()},
                    at=at,
                )
        elif roll < 0.75:
            app.act(cid, "pause", actor="chen", note="waiting for documents", at=at)
        elif roll < 0.82:
            app.act(cid, "resume", actor="chen", note="documents in", at=at)
        elif roll < 0.9:
            app.act(cid, "reply", actor="wang", note="已处理", at=at)
        else:
            app.act(cid, "resolve", actor="zhao", at=at)
    except TousuError:
        pass


def _live(app: Any, seed: int) -> list[Any]:
    """The seeded history; returns every sweep's result (or the refusal's text)."""
    rng = random.Random(seed)
    at, ids, results = START, {"bench": [], "told": []}, []
    for i in range(150):
        at += timedelta(minutes=rng.randrange(5, 300))
        org_id = "bench" if rng.random() < 0.75 else "told"
        if rng.random() < 0.45 or not ids[org_id]:
            cid = _intake(app, rng, org_id, i, at)
            if cid:
                ids[org_id].append(cid)
        else:
            _act(app, rng, rng.choice(ids[org_id]), at)
        if rng.random() < 0.12:
            late = rng.random() < 0.25  # dated before recorded events: a late entry
            when = (
                at - timedelta(hours=rng.randrange(1, 48))
                if late
                else at + timedelta(minutes=rng.randrange(1, 60))
            )
            operator = "chen" if late and rng.random() < 0.4 else None
            try:
                results.append(
                    app.sweep(rng.choice((None, "bench", "told")), when, operator=operator)
                )
            except TousuError as exc:
                results.append(str(exc))
    for days in (2, 9, 40):  # clocks of every length run out, the one-month timers last
        results.append(app.sweep(None, at + timedelta(days=days)))
    return results


def _tables(app: Any) -> dict[str, list[tuple[Any, ...]]]:
    conn = app.store.conn
    found = {}
    for table, left_out in TABLES.items():
        cursor = conn.execute(f"SELECT * FROM {table}")
        names = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
        keep = [i for i, name in enumerate(names) if name not in left_out and name != "rowid"]
        found[table] = sorted((tuple(row[i] for i in keep) for row in rows), key=repr)
    return found


def _both(make_desk: Any, monkeypatch: pytest.MonkeyPatch, seed: int) -> tuple[Any, Any]:
    monkeypatch.setattr(tousu.app, "clock_now", lambda: datetime(2026, 12, 1, tzinfo=UTC))
    lived = []
    for on in (True, False):
        codes = itertools.count(
            1
        )  # the receipt codes the outbox's messages quote, the same on both desks
        monkeypatch.setattr(
            tousu.default_plugins.outbox.receipts, "new_code", lambda codes=codes: f"K7Q4-M2XD-{next(codes):04d}"
        )
        desk = make_desk(*_orgs())
        desk.write_config(_config(desk))
        monkeypatch.setattr(tousu.app_clocks, "SET_BASED_SWEEP", on)
        lived.append((desk, _live(desk.app, seed)))
    return lived[0], lived[1]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_set_based_sweep_leaves_what_the_row_by_row_sweep_leaves(
    make_desk: Any, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    (quick, ours), (slow, theirs) = _both(make_desk, monkeypatch, seed)
    assert ours == theirs
    swept = [r for r in ours if isinstance(r, dict)]
    assert sum(len(r["breaches"]) for r in swept) > 20
    assert sum(len(r["warnings"]) for r in swept) > 0
    assert sum(len(r["escalations"]) for r in swept) > 0
    refused = [r for r in ours if isinstance(r, str)]
    assert seed != 1 or any("late entry" in r for r in refused), (
        "a late sweep by the system refused"
    )
    mine, reference = _tables(quick.app), _tables(slow.app)
    for table in TABLES:
        assert mine[table] == reference[table], table
    assert mine["outbox"], "the told organization's sweeps wrote staff alerts"
    assert mine["received_keys"], "the property complaints' rollup keys, kept by the sweep's triggers too"
    for desk in (quick, slow):
        assert all(result.broken is None for result in desk.app.store.verify())
    before = quick.app.store.snapshot()
    quick.app.rebuild()
    assert quick.app.store.snapshot() == before


def test_a_wrong_set_path_is_caught(make_desk: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison above fails when the set path writes a breach wrongly (the mutation)."""
    monkeypatch.setattr(
        tousu.default_plugins.store.sweeps,
        "BREACH",
        "UPDATE deadlines SET state = ? WHERE complaint_id = ? AND name != ?",
    )
    monkeypatch.setattr(tousu.app, "clock_now", lambda: datetime(2026, 12, 1, tzinfo=UTC))
    desks = []
    for on in (True, False):
        codes = itertools.count(1)
        monkeypatch.setattr(
            tousu.default_plugins.outbox.receipts, "new_code", lambda codes=codes: f"K7Q4-M2XD-{next(codes):04d}"
        )
        desk = make_desk(*_orgs())
        desk.write_config(_config(desk))
        monkeypatch.setattr(tousu.app_clocks, "SET_BASED_SWEEP", on)
        _live(desk.app, 1)
        desks.append(desk)
    assert _tables(desks[0].app)["deadlines"] != _tables(desks[1].app)["deadlines"]


def test_hook_complaint_escalation_watch(make_desk: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each domain's watch is what its escalation rule looks at, and a breach no watch matches
    is recorded without asking ``complaint_escalate`` (which would have answered None)."""
    desk = make_desk(*_orgs())
    app = desk.app
    bench = app.org("bench")
    assert app.hooks.escalation_watches(org=bench, domain="retail") == [
        EscalationWatch(tiers=("level3",))
    ]
    assert app.hooks.escalation_watches(org=bench, domain="property_mgmt") == [
        EscalationWatch(clocks=("one_month",))
    ]
    assert app.hooks.escalation_watches(org=bench, domain="city_enforcement") == [
        EscalationWatch(clocks=("resolve",))
    ]
    plain = app.intake(
        "bench",
        channel="phone",
        summary="质量问题",
        domain="retail",
        contact="13800000001",
        actor="wang",
        at=START,
    )
    raised = app.intake(
        "bench",
        channel="phone",
        summary="质量问题二",
        domain="retail",
        contact="13800000002",
        actor="wang",
        at=START,
    )
    app.act(
        raised.id,
        "escalate",
        actor="li",
        fields={"tier": "level3"},
        note="serious",
        at=START + timedelta(minutes=1),
    )
    asked: list[str] = []
    escalate = type(app.hooks).complaint_escalate
    monkeypatch.setattr(
        type(app.hooks),
        "complaint_escalate",
        lambda self, **kw: asked.append(kw["complaint"].id) or escalate(self, **kw),
    )
    swept = app.sweep("bench", START + timedelta(days=20))
    assert {b["id"] for b in swept["breaches"]} >= {plain.id, raised.id}
    assert asked == [raised.id]
    assert [e["id"] for e in swept["escalations"]] == [raised.id]
    assert app.store.load(plain.id).tier != "level4"


def test_a_runs_canonical_form_is_each_events_own() -> None:
    """`chain.canonical_events_of` (a sweep's run spells what its events share once) gives the
    very bytes `chain.canonical_event` gives each event: odd ids, numbers and payloads."""
    from tousu.default_plugins.store import chain

    shared = {
        "org": "城管", "at": "2026-10-01T01:00:00.000000Z", "recorded_at": "2026-12-01T00:00:00.000001Z",
        "actor": "system", "role": "system", "action": "sweep", "os_user": 'o"k\\', "origin": '{"imported": "a.jsonl"}',
    }
    canonical = chain.canonical_events_of(**shared)
    for cid, n, data in (
        ("C-2026-000001", 1, {"deadlines": [{"op": "breach", "name": "reply"}]}),
        ('投诉-"7"\\\n', 12345, {"deadlines": [{"op": "warn", "name": "回复"}], "z": None, "a": [1.5, True]}),
        ("", 0, {}),
    ):
        assert canonical(cid, n, chain.payload_json(data)) == chain.canonical_event(
            complaint_id=cid, n=n, data=data, **shared
        )


def test_the_daily_list_is_the_stores_rows_most_urgent_first(make_desk: Any) -> None:
    """`App.due` (built from `Store.due_list`, each clock parsed when opened) lists exactly the
    store's `due_rows`, overdue first, then warnings, then the rest, each by due time and id,
    on a lived history (pauses, extensions, escalations, sweeps), at several instants."""
    desk = make_desk(*_orgs())
    desk.write_config(_config(desk))
    app = desk.app
    _live(app, 2)
    seen_paused = seen_warning = False
    for hours in (0, 20, 70, 200, 400, 900):
        at = START + timedelta(hours=hours)
        items, _ = app.due(at=at)
        expected = []
        for org_id in app.config.orgs:
            horizon = tousu.app_clocks.end_of_day(at, app.org(org_id).tz)
            for row in app.store.due_rows(org_id, at, horizon):
                overdue = row["due_at"] < at
                warning = not overdue and row["warn_at"] is not None and row["warn_at"] <= at
                expected.append((0 if overdue else 1 if warning else 2, row["due_at"], row["id"], row, org_id))
        expected.sort(key=lambda e: e[:3])
        assert [
            (i.id, i.deadline, i.due_at, i.overdue, i.warning, i.owner, i.tier, i.summary, i.department,
             i.assignee, i.status, i.domain, i.org, dict(i.clock))
            for i in items
        ] == [
            (row["id"], row["deadline"], row["due_at"], group == 0, group == 1, row["owner"], row["tier"],
             row["summary"], row["department"], row["assignee"], row["status"], row["domain"], org_id, row["clock"])
            for group, _, _, row, org_id in expected
        ]
        assert all(i.clock == expected[k][3]["clock"] for k, i in enumerate(items))
        seen_paused = seen_paused or any(open_pause(i) is not None for i in items)
        seen_warning = seen_warning or any(i.warning for i in items)
    assert seen_paused and seen_warning


@pytest.mark.parametrize("on", [True, False])
def test_clocks_running_out_at_one_instant_are_swept_by_name(
    make_desk: Any, monkeypatch: pytest.MonkeyPatch, on: bool
) -> None:
    """A major property complaint received 09:00 on 1 October owes its report to management
    and its reply; both are extended to 18:00 on 4 October. A sweep at 18:01 lists the two
    breaches by name (reply, then report_to_management), on either path and on every store.
    Before, a tie was listed in whatever order the store returned it (SQLite: the order the
    clocks were written; PostgreSQL: where the rows lay, which vacuum may change), so two
    desks living one history could list one sweep differently."""
    monkeypatch.setattr(tousu.app_clocks, "SET_BASED_SWEEP", on)
    desk = make_desk(*_orgs())
    app = desk.app
    complaint = app.intake(
        "bench", channel="phone", summary="电梯困人", domain="property_mgmt", complainant="王五",
        contact="13800000001", place="3号楼1单元", respondent="工程部", request="尽快处理",
        tier="major", fields={"cause": "facility"}, actor="wang", at=START,
    )
    until = datetime(2026, 10, 4, 18, 0, tzinfo=SH)
    for name in ("report_to_management", "reply"):
        app.act(complaint.id, "extend", actor="zhou", note="部件待到", fields={"deadline": name, "until": until.isoformat()},
                at=START + timedelta(minutes=5))
    written = [d.name for d in app.store.load(complaint.id).deadlines if d.due_at == until]
    assert written == ["report_to_management", "reply"], "written in the order the rules start them"
    swept = app.sweep("bench", until + timedelta(minutes=1))
    assert [b["deadline"] for b in swept["breaches"] if b["due_at"] == until] == ["reply", "report_to_management"]
