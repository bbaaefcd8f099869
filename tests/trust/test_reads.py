"""Reads never wait for writers: with another process's write transaction held open (an
import between two batches, a rebuild), ``show`` and ``list`` answer at once, an audited
view of personal data in clear too; its audit record joins the chain at the next write."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from tousu.testing import org

T0 = "2026-10-01T09:00:00+08:00"


@pytest.fixture
def desk(make_desk: Any) -> Any:
    return make_desk(org("shop", ["retail"]))


@pytest.mark.sqlite_only(
    "holds SQLite's file write lock from a second connection; on PostgreSQL reads are MVCC snapshots that "
    "never take tousu's advisory write lock"
)
def test_views_answer_while_a_writer_holds_the_lock(desk: Any, figures: Any) -> None:
    cid = desk.json("intake", "--org", "shop", "--channel", "phone", "--summary", "fridge", "--complainant", "张三",
                    "--contact", "13812345678", "--actor", "wang", "--at", T0)["id"]
    desk.close()
    writer = sqlite3.connect(desk.db_path, isolation_level=None, timeout=0)
    writer.execute("BEGIN IMMEDIATE")  # holds the write lock, with an uncommitted change in the WAL
    writer.execute("INSERT INTO _migrations (name) VALUES ('a long write in progress')")
    try:
        views = [("show", cid, "--actor", "wang"), ("show", cid, "--json", "--actor", "li"),
                 ("list", "--org", "shop", "--actor", "li"), ("list", "--org", "shop", "--json", "--actor", "wang"),
                 ("due", "--org", "shop", "--actor", "li")]
        for view in views:
            result = desk.cli(*view)
            assert result.code == 0, (view, result.stderr)
        assert "13812345678" in desk.cli("show", cid, "--actor", "li").stdout  # the manager's view, in clear
        # a write still waits its turn: nothing of the reads' audit is in the table yet
        probe = sqlite3.connect(desk.db_path)
        assert probe.execute("SELECT count(*) FROM audit WHERE action = 'view'").fetchone()[0] == 0
        probe.close()
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    # the next command moves the spooled audit records into the chain
    assert desk.cli("show", cid, "--actor", "wang").code == 0
    desk.close()
    viewed = desk.app.store.conn.execute("SELECT actor, action FROM audit WHERE action = 'view'").fetchall()
    assert len(viewed) >= 2 and all(actor == "li" for actor, _ in viewed)
    assert desk.cli("verify").code == 0
    figures(f"reads: {len(views) + 1} views answered while another connection held the write lock "
            f"({len(viewed)} audited views spooled, then chained; verify ok)")
