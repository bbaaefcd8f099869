"""The durability setting: ``synchronous`` in tousu.toml reaches every connection, FULL by default.

What each level can lose is written down in docs/guarantees.md; this checks that the level
the operator chose is the level SQLite runs with, with WAL and the busy timeout beside it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.reliability.rely_plugin import RelyPlugin
from tousu.door import Env

LEVELS = {"OFF": 0, "NORMAL": 1, "FULL": 2, "EXTRA": 3}


def _pragmas(tmp_path: Path, line: str) -> tuple[Any, ...]:
    config = tmp_path / "tousu.toml"
    config.write_text(f'{line}\n[orgs.acme]\nplugins = ["rely"]\n', encoding="utf-8")
    env = Env(str(config))
    try:
        conn = env.app.store.conn
        return tuple(conn.execute(f"PRAGMA {name}").fetchone()[0] for name in ("synchronous", "journal_mode", "busy_timeout"))
    finally:
        env.close()


@pytest.mark.parametrize("level", [*LEVELS, "normal"])
@pytest.mark.sqlite_only("SQLite's synchronous PRAGMA (PostgreSQL's durability is the server's own setting)")
def test_the_synchronous_setting_is_the_level_sqlite_runs_with(tmp_path: Path, rely: RelyPlugin, level: str) -> None:
    assert _pragmas(tmp_path, f'synchronous = "{level}"') == (LEVELS[level.upper()], "wal", 30000)


@pytest.mark.sqlite_only("SQLite's synchronous PRAGMA (PostgreSQL's durability is the server's own setting)")
def test_without_a_setting_every_commit_is_synced_to_disk_full(tmp_path: Path, rely: RelyPlugin) -> None:
    assert _pragmas(tmp_path, "") == (LEVELS["FULL"], "wal", 30000)
