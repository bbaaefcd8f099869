"""The month's section from the store's grouped reads equals the full computation, on random histories.

`statistics.section` reads the month's complaints grouped by the store (`received_tally`,
`received_clock_verdicts`, `received_extensions`) and the clocks due in the period counted by
verdict (`clock_verdict_counts`). Two references: the section as it was before the grouped
reads (`statistics_before`: a row per complaint, its clocks judged by the store), and the
full computation that one replaced, which reads every clock with its instants (`deadlines_of`,
`deadlines_due`) and judges each in Python (`statistics.verdict`). Each history is a seeded random walk over October and November: late
entries (recorded days after the instant they are dated at), reopenings, escalations by the
sweep, extensions (also after a clock ran out), invalid complaints, merges, voids and callbacks —
many refused, as a desk refuses them. Both sections are compared whole at several instants
of judgement (before, inside and long after the month's clocks ran out).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.property_mgmt import statistics_before
from tests.property_mgmt.conftest import REQUIRED, STAFF
from tousu.errors import TousuError
from tousu.models import Period
from tousu.testing import org
from tousu.timeutil import zone
from tousu_property_mgmt import statistics
from tousu_property_mgmt.domain import DEADLINES, DOMAIN

SH = zone("Asia/Shanghai")
OCTOBER = Period(datetime(2026, 10, 1, tzinfo=SH), datetime(2026, 11, 1, tzinfo=SH), "2026-10")
START = datetime(2026, 9, 28, 9, 0, tzinfo=SH)
RESPONDENTS = ("工程部", "许强", "保洁部", "zhao", "无名")


def _reference_clocks(store: Any, rows_of: dict[str, int], org: Any, period: Period, now: datetime) -> Any:
    """The full computation: every clock of the valid complaints read with its instants, judged in Python."""
    judged: list[tuple[str, str, str | None]] = []
    extended: list[tuple[Any, str, int, int, str, dict[str, Any]]] = []
    for rowid, (complaint_id, name, state, due_at, met_at, kind, entries) in enumerate(store.deadlines_of(list(rows_of))):
        for position, entry in enumerate(entries):
            at = entry.get("at") if isinstance(entry, dict) else None
            extended.append((at, complaint_id, rowid, position, name, entry))
        if kind != "deadline":
            continue
        judged.extend([(complaint_id, name, statistics.verdict(state, due_at, met_at, now))] * rows_of[complaint_id])
    extended.sort(key=lambda e: (e[0] is not None, e[0] if isinstance(e[0], str) else "", e[1], e[2], e[3]))
    extensions = []
    for _, complaint_id, _, _, name, ext in extended:
        extensions.extend(
            [
                {
                    "id": complaint_id,
                    "deadline": name,
                    "previous": statistics.show(statistics.from_db(ext["previous"]), org.tz),
                    "until": statistics.show(statistics.from_db(ext["until"]), org.tz),
                    "approved_by": ext["approved_by"],
                    "role": ext["role"],
                    "at": statistics.show(statistics.from_db(ext["at"]), org.tz),
                    "note": ext.get("reason", ""),
                    **({"approved_after_it_ran_out": True} if statistics._extended_late(ext) else {}),
                }
            ]
            * rows_of[complaint_id]
        )
    return judged, extensions


def _reference_due(store: Any, org: Any, period: Period, now: datetime) -> list[tuple[str, str | None, int]]:
    counts: dict[tuple[str, str | None], int] = {}
    for _, name, due_at, met_at, state in store.deadlines_due(org.id, DEADLINES, period.start, period.end, domain=DOMAIN):
        key = (name, statistics.verdict(state, due_at, met_at, now))
        counts[key] = counts.get(key, 0) + 1
    return [(name, verdict, count) for (name, verdict), count in counts.items()]


#: What a desk does next to a complaint in each status (actor, action); any status may also
#: see a sweep, a void or a note.
NEXT = {
    "received": (("wang", "forward"), ("zhao", "stop_harm"), ("chen", "invalid"), ("chen", "merge"), ("zhao", "start")),
    "forwarded": (("zhao", "sign"), ("zhao", "sign"), ("li", "extend")),
    "in_progress": (("chen", "report"), ("zhao", "resolve"), ("li", "extend"), ("zhao", "step"), ("wang", "reply")),
    "resolved": (("wang", "notify"), ("sun", "callback"), ("wang", "close"), ("li", "reopen")),
    "closed": (("sun", "callback"), ("li", "reopen")),
    "invalid": (("chen", "reopen"),),
}


def _act(app: Any, rng: random.Random, cid: str, ids: list[str], when: datetime) -> None:
    complaint = app.store.load(cid)
    actor, action = rng.choice((*NEXT.get(complaint.status, (("wang", "note"),)), ("chen", "void"), ("wang", "note")))
    if action == "extend":
        running = [d for d in complaint.deadlines if d.met_at is None and d.state in ("pending", "breached")]
        if not running:
            return
        clock = rng.choice(running)  # sometimes after it ran out: listed as approved late
        until = max(clock.due_at, when) + timedelta(hours=rng.randrange(1, 72))
        app.act(cid, "extend", at=when, actor=actor, note="parts",
                fields={"deadline": clock.name, "until": until.isoformat()})
    elif action == "callback":
        app.act(cid, action, at=when, actor=actor, fields={"satisfied": rng.choice(["true", "false"])})
    elif action == "step":
        app.act(cid, action, at=when, actor=actor, fields={"name": "corrective_action"})
    elif action == "forward":
        app.act(cid, action, at=when, actor=actor, to=rng.choice(["工程部", "保洁部"]))
    elif action == "merge":
        app.act(cid, action, at=when, actor=actor, to=rng.choice(ids), note="same matter")
    elif action == "void":  # reverses a step or an approval; events that set a status are refused
        app.act(cid, action, at=when, actor=actor, note="by mistake", fields={"event": rng.randrange(2, 8)})
    else:
        app.act(cid, action, at=when, actor=actor, note="n")


def _walk(app: Any, rng: random.Random, steps: int) -> int:
    """A random history over October; returns how many commands the desk accepted."""
    at, ids, accepted = START, [], 0
    for _ in range(steps):
        at += timedelta(minutes=rng.randrange(1, 150))
        # a late entry: dated hours or days before the desk records it
        when = at - timedelta(hours=rng.randrange(1, 72)) if rng.random() < 0.1 else at
        try:
            if not ids or rng.random() < 0.25:
                ids.append(
                    app.intake(
                        "estate", channel=rng.choice(["phone", "visit", "letter", "message"]), summary="投诉",
                        place="小区", request="处理", contact=f"138{rng.randrange(10**7):07d}",
                        respondent=rng.choice(RESPONDENTS), tier=rng.choice(["minor", "important", "major"]),
                        urgent=rng.random() < 0.2, actor="wang", at=when,
                    ).id
                )
                if rng.random() < 0.5:  # a prompt desk: forwarded and signed for within minutes (on time)
                    app.act(ids[-1], "forward", at=when + timedelta(minutes=2), actor="wang", to="工程部")
                    clock = next(d for d in app.store.load(ids[-1]).deadlines if d.name == "forward")
                    # sometimes at the very instant the clock runs out: still on time
                    signed = clock.due_at if rng.random() < 0.4 else when + timedelta(minutes=4)
                    app.act(ids[-1], "sign", at=signed, actor="zhao")
            elif rng.random() < 0.08:
                app.sweep("estate", at)
            else:
                _act(app, rng, rng.choice(ids), ids, when)
            accepted += 1
        except (TousuError, TypeError, ValueError):
            pass  # refused, as the desk refuses it: nothing was written
    return accepted


@pytest.mark.parametrize("seed", [11, 12, 13, 14])
def test_the_sections_grouped_reads_equal_the_full_computation(
    seed: int, make_desk: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = org("estate", ["property_mgmt"], staff=STAFF, settings={"property_mgmt": {"required_fields": REQUIRED}})
    table["estate"]["staff"]["xu"] = {"role": "receptionist", "name": "许强", "department": "保安部"}
    # a respondent naming two staff members (one by id, one by name) counts on two rows
    table["estate"]["staff"]["qian"] = {"role": "receptionist", "name": "zhao", "department": "保洁部"}
    desk = make_desk(table)
    app = desk.app
    assert _walk(app, random.Random(seed), 400) > 150
    estate = app.org("estate")
    unmet = sorted(d[2] for d in app.store.deadlines_due("estate", DEADLINES, OCTOBER.start, OCTOBER.end, domain=DOMAIN)
                   if d[3] is None and d[4] != "cancelled")
    assert unmet
    # the instant a clock runs out is itself an instant of judgement (not yet late at it)
    instants = (datetime(2026, 10, 15, tzinfo=SH), unmet[len(unmet) // 2], datetime(2026, 11, 2, 9, tzinfo=SH),
                datetime(2027, 3, 1, tzinfo=SH))
    for now in instants:
        ours = statistics.section(estate, app.store, OCTOBER, now)
        before = statistics_before.section(estate, app.store, OCTOBER, now)
        with monkeypatch.context() as patch:
            patch.setattr(statistics_before, "_clocks", _reference_clocks)
            patch.setattr(statistics_before, "_due_in_period", _reference_due)
            full = statistics_before.section(estate, app.store, OCTOBER, now)
        assert before == full, (seed, now)
        assert ours == full, (seed, now)
    figures = dict(statistics.section(estate, app.store, OCTOBER, instants[2]).figures)
    assert figures["valid"] > 0 and any(row["late"] or row["on_time"] for row in figures["deadlines"])
