"""Crash safety: a desk killed with SIGKILL at random moments loses nothing it acknowledged.

A child process (`crash_child.py`) takes in complaints, moves them through their lifecycle
and sweeps, one transaction per command, and prints each event only after COMMIT returned.
The parent kills it at a random moment, N times in a row on the same database (the next
child starts on whatever the last one left). After every kill:

- ``PRAGMA integrity_check`` answers ``ok``;
- every acknowledged event is in ``events``, with the same complaint, number and action;
- no command is half-applied: each complaint's events are numbered 1..n without a gap, every
  complaint has its event history, its personal row and its projection, and the projection
  tables equal a replay of the events (`Store.snapshot` before and after `Store.rebuild`).

At the end ``tousu rebuild`` (the CLI, a separate process) reproduces the live tables.
CI runs 20 kills; ``TOUSU_CRASH_KILLS=500 pytest tests/reliability/test_crash.py`` runs more.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import tomli_w

from tests.figures import scaled
from tests.reliability.conftest import ACME_STAFF, child_env
from tousu.default_plugins.store import Store

CHILD = Path(__file__).with_name("crash_child.py")


def _write_config(folder: Path, synchronous: str = "FULL") -> Path:
    config = folder / "tousu.toml"
    config.write_text(
        tomli_w.dumps(
            {
                "database": "tousu.db",
                "synchronous": synchronous,
                "orgs": {
                    "acme": {
                        "plugins": ["rely"],
                        "staff": {sid: {"role": role} for sid, role in ACME_STAFF.items()},
                    }
                },
            }
        ),
        encoding="utf-8",
    )
    return config


class Child:
    """One run of the child: started, read line by line in a thread, killed with SIGKILL."""

    def __init__(self, config: Path, seed: int, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(CHILD), str(config), str(seed)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=config.parent,
        )
        self.acks: list[tuple[int, str, int, str]] = []
        self.ready = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith("ready"):
                self.ready.set()
            elif line.startswith("ack "):
                _, seq, cid, n, action = line.split()
                self.acks.append((int(seq), cid, int(n), action))
        self.ready.set()

    def kill_after(self, seconds: float) -> None:
        assert self.ready.wait(30), "the child never got ready"
        time.sleep(seconds)
        alive = self.proc.poll() is None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)
        self._reader.join(10)
        assert alive, f"the child died on its own: {self.proc.stderr.read() if self.proc.stderr else ''}"
        assert self.proc.returncode == -signal.SIGKILL


def _database(db: Path) -> Path | str:
    """The SQLite file, or the PostgreSQL database the suite runs on (``$TOUSU_DATABASE``)."""
    return os.environ.get("TOUSU_DATABASE") or db


def _connect(db: Path | str) -> Any:
    if str(db).startswith("postgresql://"):  # a client killed mid-transaction, on PostgreSQL
        from tousu.default_plugins.store.postgres import PgConnection

        return PgConnection(str(db))
    return sqlite3.connect(db)


def check_database(db: Path | str, acknowledged: list[tuple[int, str, int, str]]) -> dict[str, int]:
    """Everything the crash test promises about the database left behind; returns its counts."""
    db = _database(Path(db)) if not str(db).startswith("postgresql://") else db
    conn = _connect(db)
    try:
        if isinstance(conn, sqlite3.Connection):  # the file's own pages (PostgreSQL checks its own)
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        events = {row[0]: row[1:] for row in conn.execute("SELECT seq, complaint_id, n, action FROM events")}
        missing = [ack for ack in acknowledged if events.get(ack[0]) != ack[1:]]
        assert not missing, f"acknowledged events missing after the kill: {missing[:5]}"
        numbers: dict[str, list[int]] = {}
        for cid, n, _ in events.values():
            numbers.setdefault(cid, []).append(n)
        gaps = {cid: ns for cid, ns in numbers.items() if sorted(ns) != list(range(1, len(ns) + 1))}
        assert not gaps, f"complaints whose event numbers have gaps: {list(gaps)[:5]}"
        with_events = set(numbers)
        projected = {row[0] for row in conn.execute("SELECT id FROM complaints")}
        personal = {row[0] for row in conn.execute("SELECT complaint_id FROM personal")}
        assert projected == with_events == personal, "a complaint is missing its events, projection or personal row"
        counter = conn.execute("SELECT value FROM counters WHERE name = 'complaint'").fetchone()
        assert (counter[0] if counter else 0) >= len(projected)
        last_event = dict(conn.execute("SELECT id, last_event FROM complaints").fetchall())
        newest = dict(conn.execute("SELECT complaint_id, max(seq) FROM events GROUP BY complaint_id").fetchall())
        assert last_event == newest, "a projection does not reflect its complaint's newest event"
    finally:
        conn.close()
    store = Store(db)
    try:
        live = store.snapshot()
        store.rebuild()
        assert store.snapshot() == live, "the projection differs from a replay of the events"
    finally:
        store.close()
    return {"events": len(events), "complaints": len(projected)}


def _events_after(db: Path, seq: int) -> int:
    conn = _connect(_database(db))
    try:
        return conn.execute("SELECT count(*) FROM events WHERE seq > ?", (seq,)).fetchone()[0]
    finally:
        conn.close()


def test_a_desk_killed_at_random_moments_loses_no_acknowledged_event_and_half_applies_nothing(
    tmp_path: Path, rely_path: Path, figures: Any
) -> None:
    kills = scaled("TOUSU_CRASH_KILLS", 20)
    rng = random.Random(scaled("TOUSU_CRASH_SEED", 8))
    config = _write_config(tmp_path)
    env = child_env(rely_path)
    acknowledged: list[tuple[int, str, int, str]] = []
    started = time.monotonic()
    unacknowledged = 0  # events committed but killed before the child could say so: allowed
    seen = 0  # the newest event before this child started
    for _ in range(kills):
        child = Child(config, rng.randrange(2**31), env)
        child.kill_after(rng.uniform(0.0, 0.15))
        acknowledged.extend(child.acks)
        check_database(tmp_path / "tousu.db", acknowledged)
        said = max([seen, *(ack[0] for ack in child.acks)])
        unacknowledged += _events_after(tmp_path / "tousu.db", said)
        seen = said + _events_after(tmp_path / "tousu.db", said)
    rebuilt = subprocess.run(
        [sys.executable, "-m", "tousu.cli", "--config", str(config), "rebuild", "--json"],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert '"rebuilt"' in rebuilt.stdout
    final = check_database(tmp_path / "tousu.db", acknowledged)
    actions = sorted({ack[3] for ack in acknowledged})
    assert len(acknowledged) > kills, "the children acknowledged almost nothing: the test proves little"
    figures(
        f"crash: {kills} SIGKILLs survived in {time.monotonic() - started:.1f}s; "
        f"{len(acknowledged)} acknowledged commands ({', '.join(actions)}), 0 missing, "
        f"{unacknowledged} events committed but not yet acknowledged when killed; "
        f"{final['events']} events / {final['complaints']} complaints, integrity_check ok and "
        f"projection == replay after every kill (synchronous=FULL)"
    )
