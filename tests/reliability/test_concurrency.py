"""Concurrency: several processes on one database at once, and nobody sees "database is locked".

Every write is one ``BEGIN IMMEDIATE`` transaction and every connection waits up to 30 s for
the lock (`tousu.default_plugins.store.BUSY_TIMEOUT_MS`), so concurrent commands queue instead of failing; the
state an action checks is read inside its own transaction, so two staff doing the same thing
at once cannot both succeed. Workers are separate processes (`concurrent_worker.py`) running
the real CLI; the figures (commands, conflicts, waits) are printed in the test summary.
``TOUSU_CONCURRENCY_COMMANDS=200`` makes each worker run more commands.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from tests.figures import scaled
from tests.reliability.conftest import ACME_STAFF, BETA_STAFF, child_env
from tests.reliability.rely_plugin import RelyPlugin

WORKER = Path(__file__).with_name("concurrent_worker.py")


@pytest.fixture
def shared(tmp_path: Path, rely: RelyPlugin) -> Any:
    """A deployment on disk (acme and beta, both on `rely`) and its App in this process."""
    from tousu.door import Env

    config = tmp_path / "tousu.toml"
    config.write_text(
        tomli_w.dumps(
            {
                "database": "tousu.db",
                "orgs": {
                    org_id: {"plugins": ["rely"], "staff": {s: {"role": r} for s, r in staff.items()}}
                    for org_id, staff in (("acme", ACME_STAFF), ("beta", BETA_STAFF))
                },
            }
        ),
        encoding="utf-8",
    )
    env = Env(str(config))
    yield config, env.app
    env.close()


def run_workers(config: Path, rely_path: Path, plan: list[tuple[str, int, list[str]]]) -> list[dict[str, Any]]:
    """Start one process per (role, count, ids) together; return every command's result."""
    start = time.time() + 1.5  # time for every interpreter to start before the barrier
    procs = []
    for index, (role, count, ids) in enumerate(plan):
        out = config.parent / f"worker{index}.jsonl"
        procs.append(
            (
                role,
                out,
                subprocess.Popen(
                    [sys.executable, str(WORKER), str(config), role, str(index), str(count), str(start), str(out), *ids],
                    env=child_env(rely_path),
                    stderr=subprocess.PIPE,
                    text=True,
                ),
            )
        )
    results = []
    for role, out, proc in procs:
        _, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0, f"worker {role} crashed: {stderr}"
        for line in out.read_text(encoding="utf-8").splitlines():
            results.append({"role": role, **json.loads(line)})
    return results


def _assert_consistent(app: Any) -> None:
    if not app.store.path.startswith("postgresql://"):  # the file itself (PostgreSQL checks its own pages)
        conn = sqlite3.connect(app.store.path)
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        conn.close()
    live = app.store.snapshot()
    app.store.rebuild()
    assert app.store.snapshot() == live


def _waits(results: list[dict[str, Any]]) -> str:
    times = sorted(r["seconds"] for r in results)
    p95 = times[int(len(times) * 0.95) - 1] if times else 0.0
    return f"p95 {p95 * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms per command" if times else "no commands"


def test_intake_actions_sweeps_and_reads_at_once_never_show_a_locked_database(
    shared: Any, rely_path: Path, figures: Any
) -> None:
    config, app = shared
    for i in range(6):  # something to act on from the first moment
        app.intake("acme", channel="phone", summary=f"seed {i}", actor="wang", at=datetime.now(UTC) - timedelta(days=3))
    n = scaled("TOUSU_CONCURRENCY_COMMANDS", 12)
    plan = [("intake", n, []), ("intake", n, []), ("actor", n, []), ("actor", n, []), ("sweep", n, []), ("reader", n, [])]
    results = run_workers(config, rely_path, plan)
    locked = [r for r in results if "locked" in r["stderr"].lower() or "busy" in r["stderr"].lower()]
    assert not locked, f"a user saw the lock: {locked[:3]}"
    uncaught = [r for r in results if "UNCAUGHT" in r["stderr"] or "Traceback" in r["stderr"]]
    assert not uncaught, uncaught[:3]
    failed = [r for r in results if r["code"] != 0]
    # The only acceptable failure is an actor losing a race: the complaint moved on between its
    # `list` and its `act`, and the status check inside the transaction refused it.
    assert all(r["role"] == "actor" and r["code"] == 1 and ("cannot" in r["stderr"] or "不能" in r["stderr"]) for r in failed), failed[:3]
    writes = [r for r in results if r["args"][0] in ("intake", "act", "sweep")]
    _assert_consistent(app)
    events = app.store.conn.execute("SELECT count(*) FROM events").fetchone()[0]
    breaches = app.store.conn.execute("SELECT count(*) FROM events WHERE action = 'sweep'").fetchone()[0]
    assert breaches > 0, "the sweeps never overlapped with anything: the test proves little"
    figures(
        f"concurrency: {len(plan)} processes ran {len(results)} commands at once ({len(writes)} writes, "
        f"{len(results) - len(writes)} reads; {events} events, {breaches} sweep events); "
        f"0 'database is locked', {len(failed)} lost races refused with exit 1; {_waits(results)}"
    )


def test_two_staff_closing_the_same_complaints_at_once_exactly_one_wins_each_time(
    shared: Any, rely_path: Path, figures: Any
) -> None:
    config, app = shared
    received = datetime.now(UTC) - timedelta(hours=5)
    ids = []
    for i in range(scaled("TOUSU_CLOSING_RACES", 10)):
        cid = app.intake("acme", channel="phone", summary=f"race {i}", actor="wang", at=received).id
        app.act(cid, "forward", to="工程部", actor="wang", at=received + timedelta(minutes=1))
        app.act(cid, "sign", actor="zhao", at=received + timedelta(minutes=2))
        app.act(cid, "resolve", actor="zhao", at=received + timedelta(minutes=3))
        ids.append(cid)
    results = run_workers(config, rely_path, [("closer", 0, ["li", *ids]), ("closer", 0, ["zhou", *ids])])
    by_id: dict[str, list[dict[str, Any]]] = {}
    for r in results:
        by_id.setdefault(r["args"][1], []).append(r)
    for cid in ids:
        outcomes = sorted(by_id[cid], key=lambda r: r["code"])
        assert [r["code"] for r in outcomes] == [0, 1], outcomes
        loser = outcomes[1]["stderr"].strip()
        # the deployment is zh: the refusal reads in Chinese (issue 18)
        assert loser == f"tousu: 错误: 投诉 {cid} 现为已结案，不能结案（结案只能在以下状态进行：已处理）"
        closes = app.store.conn.execute(
            "SELECT actor FROM events WHERE complaint_id = ? AND action = 'close'", (cid,)
        ).fetchall()
        assert len(closes) == 1
    winners = {app.store.conn.execute(
        "SELECT actor FROM events WHERE complaint_id = ? AND action = 'close'", (cid,)
    ).fetchone()[0] for cid in ids}
    _assert_consistent(app)
    figures(
        f"closing race: {len(ids)} complaints closed by two staff at once: {len(ids)} won, {len(ids)} refused "
        f"with exit 1 and 'it is closed', 0 double closes (winners: {', '.join(sorted(winners))}); {_waits(results)}"
    )
