"""Both stores, the same random histories: every command answers the same on SQLite and on
PostgreSQL — exit code and output of intake, act, sweep, show, due and the month's report.

Each history is a seeded random walk of commands (some refused: a refusal must read the
same too) typed at two desks with the same config, one on each store.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tousu.default_plugins.reporting.frozen import NOT_FIGURES
from tousu.testing import Desk, org

pytestmark = pytest.mark.postgres_only

START = datetime.fromisoformat("2026-10-01T09:00:00+08:00")
ACTIONS = ("forward --to 客服部", "sign", "reply --note called", "resolve", "close", "callback --field satisfied=true",
           "extend --deadline reply --until 2026-10-20T18:00:00+08:00 --reason busy")


def _history(rng: random.Random, steps: int) -> list[tuple[str, ...]]:
    commands: list[tuple[str, ...]] = []
    at, made = START, 0
    for _ in range(steps):
        at += timedelta(minutes=rng.randrange(5, 600))
        stamp = ("--at", at.isoformat())
        roll = rng.random()
        if made == 0 or roll < 0.3:
            made += 1
            commands.append(("intake", "--org", "acme", "--channel", rng.choice(["phone", "web", "visit"]),
                             "--summary", f"case {made}", "--contact", f"1390000{rng.randrange(1000, 9999)}", *stamp))
        elif roll < 0.85:
            action = rng.choice(ACTIONS).split()
            actor = rng.choice(["wang", "zhao", "li"])
            commands.append(("act", f"C{rng.randrange(1, made + 1):08d}", *action, "--actor", actor, *stamp))
        else:
            commands.append(("sweep", *stamp))
    return commands


def _answer(desk: Desk, command: tuple[str, ...]) -> tuple[int, Any]:
    result = desk.cli(*command, "--json") if command[0] in ("intake", "sweep") else desk.cli(*command)
    return result.code, result.stdout if result.code == 0 else result.stderr


def _shown(document: dict[str, Any]) -> dict[str, Any]:
    """`show`'s document without the real instants each desk recorded at (a second apart)."""
    return {**document, "history": [{k: v for k, v in e.items() if k != "recorded_at"} for e in document["history"]]}


def _figures(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k not in NOT_FIGURES}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_same_random_history_reads_the_same_on_both_stores(
    seed: int, tmp_path: Path, make_desk: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    orgs = org("acme", ["retail"])
    on_postgres = make_desk(orgs)
    monkeypatch.delenv("TOUSU_DATABASE")  # the other desk is a SQLite file
    (tmp_path / "sqlite").mkdir()
    on_sqlite = Desk(tmp_path / "sqlite", orgs, "NORMAL")
    on_sqlite.database = None
    try:
        commands = _history(random.Random(seed), 40)
        for command in commands:
            assert _answer(on_sqlite, command) == _answer(on_postgres, command), command
        at = ("--at", "2026-11-05T12:00:00+08:00")
        ids = {c[1] for c in commands if c[0] == "act"}
        for cid in sorted(ids):
            show = ("show", cid, "--json", "--actor", "li", *at)
            if on_sqlite.cli(*show).code != 0:  # an intake refused on both: the ids moved on
                assert on_postgres.cli(*show).code != 0
                continue
            assert _shown(on_sqlite.json(*show)) == _shown(on_postgres.json(*show)), cid
        for reading in (("due", "--org", "acme", "--within", "30d", "--json", *at),
                        ("list", "--org", "acme", "--json", "--actor", "li")):
            assert on_sqlite.json(*reading) == on_postgres.json(*reading), reading[0]
        month = ("report", "--org", "acme", "--month", "2026-10", "--json", *at)
        assert _figures(on_sqlite.json(*month)) == _figures(on_postgres.json(*month))
        assert on_sqlite.json("verify")["ok"] and on_postgres.json("verify")["ok"]
    finally:
        on_sqlite.close()
