"""The child of the crash test: runs real commands in a loop until it is killed.

``python crash_child.py CONFIG SEED`` opens the deployment through `App.open`, as the CLI
uses, then forever: takes in a complaint, or moves a random open complaint one step along
its lifecycle, or sweeps. Each command is one transaction. Only after the transaction has
committed does it print, and flush, one line::

    ack <seq> <complaint id> <n> <action>

naming the last event the command wrote (``seq`` is the event's row in ``events``, ``n`` its
number within the complaint). The parent kills this process with SIGKILL at a random moment
and then checks that every acknowledged event is in the database.
"""

from __future__ import annotations

import random
import sqlite3
import sys
from datetime import UTC, datetime, timedelta

from tousu.app import App
from tousu.errors import TousuError
from tousu.timeutil import from_db

START = datetime(2026, 10, 1, 1, 0, tzinfo=UTC)

#: The next action for a complaint at each status (a resolved one is closed, or reopened).
NEXT = {
    "received": ["forward", "note", "acknowledge"],
    "acknowledged": ["forward", "note"],
    "forwarded": ["sign", "note"],
    "in_progress": ["resolve", "note", "escalate", "inspect"],
    "resolved": ["close", "close", "reopen", "callback"],
}


def main(config: str, seed: int) -> None:
    rng = random.Random(seed)
    app = App.open(config)
    conn = app.store.conn
    last = conn.execute("SELECT max(at) FROM events").fetchone()[0]
    clock = from_db(last) + timedelta(minutes=1) if last else START
    print("ready", flush=True)
    while True:
        clock += timedelta(minutes=rng.randint(1, 90))
        roll = rng.random()
        try:
            if roll < 0.35:
                app.intake(
                    "acme",
                    channel=rng.choice(["phone", "letter", "visit"]),
                    summary=f"crash-test complaint {rng.randint(0, 10**6)}",
                    category=rng.choice(["general", "general", "safety"]),
                    complainant="测试人",
                    contact="13800000000",
                    actor="wang",
                    at=clock,
                )
            elif roll < 0.92:
                rows = conn.execute(
                    "SELECT id, status FROM complaints WHERE status NOT IN "
                    "('closed', 'transferred', 'invalid', 'withdrawn') ORDER BY random() LIMIT 1"
                ).fetchall()
                if not rows:
                    continue
                cid, status = rows[0]
                action = rng.choice(NEXT[status])
                options: dict = {"actor": "li", "at": clock}
                if action == "forward":
                    options["to"] = "工程部"
                elif action == "note":
                    options["note"] = "called the complainant back"
                elif action == "escalate":
                    options.update(fields={"tier": "high"}, note="still not fixed")
                elif action == "callback":
                    options["fields"] = {"satisfied": rng.choice(["true", "false"])}
                elif action == "close":
                    for step in app.get(cid).open_steps:
                        app.act(cid, "step", fields={"name": step}, **options)
                        _ack(conn)
                app.act(cid, action, **options)
            else:
                app.sweep("acme", clock)
        except TousuError:  # a rule refused (already high, no steps ...): nothing was written
            continue
        _ack(conn)


def _ack(conn: sqlite3.Connection) -> None:
    """Acknowledge the newest event, read back after COMMIT returned (one writer: it is ours)."""
    row = conn.execute("SELECT seq, complaint_id, n, action FROM events ORDER BY seq DESC LIMIT 1").fetchone()
    if row is not None:
        print(f"ack {row[0]} {row[1]} {row[2]} {row[3]}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
