"""Tamper evidence: edit or delete history with a SQLite tool, even after dropping the triggers,
and `tousu verify` finds the first row that does not match.

Attacks tried on a copy of a small register each time: change an event's payload, its
actor, its instant; delete an event in the middle of a complaint's history and at its end;
insert a forged event; change and delete an audit row; and rewrite the whole tail of the
history after a report was frozen (the frozen head no longer in the chain).
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tousu.testing import org

T0 = "2026-10-01T09:00:00+08:00"
T1 = "2026-10-01T12:00:00+08:00"


@pytest.fixture
def desk(make_desk: Any) -> Any:
    made = make_desk(org("acme", ["retail"]), org("beta", ["retail"], staff={"qian": "receptionist", "wei": "manager"}))
    for n in range(3):
        cid = made.json("intake", "--org", "acme", "--channel", "phone", "--summary", f"s{n}", "--actor", "wang",
                        "--complainant", "张三", "--contact", "13812345678",
                        "--at", T0)["id"]
        made.json("act", cid, "reply", "--note", "called back", "--actor", "wang", "--at", T1)
    made.json("intake", "--org", "beta", "--channel", "phone", "--summary", "b", "--actor", "qian", "--at", T0)
    made.json("show", cid, "--actor", "li")  # a manager's view in clear: an audit row
    made.close()
    return made


def tamper(desk: Any, *statements: str) -> None:
    """What an insider with the file and the sqlite3 tool (or a PostgreSQL superuser) does:
    drop the triggers, then write."""
    conn = desk.connect()
    for trigger in ("events_no_update", "events_no_delete", "audit_no_update", "audit_no_delete"):
        conn.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


ATTACKS: dict[str, tuple[str, ...]] = {
    "change a note": ("UPDATE events SET data = replace(data, 'called back', 'never called') WHERE seq = 4",),
    "change the actor": ("UPDATE events SET actor = 'li' WHERE seq = 2",),
    "move an instant": ("UPDATE events SET at = '2026-09-01T01:00:00.000000Z' WHERE seq = 1",),
    "delete a middle event": ("DELETE FROM events WHERE seq = 3",),
    "delete a complaint's last event": ("DELETE FROM events WHERE seq = (SELECT max(seq) FROM events WHERE org = 'acme')",),
    "insert a forged event": (
        "INSERT INTO events (complaint_id, n, org, at, recorded_at, actor, role, action, data, os_user, origin, hash) "
        "SELECT complaint_id, 3, org, at, recorded_at, actor, role, 'close', '{}', os_user, origin, hash "
        "FROM events WHERE seq = 2",
    ),
    "recompute a fake hash": ("UPDATE events SET data = '{}', hash = 'deadbeef' WHERE seq = 2",),
    "change an audit row": ("UPDATE audit SET actor = 'wang'",),
    "delete an audit row": ("DELETE FROM audit",
                            "INSERT INTO audit (org, at, recorded_at, actor, role, action, detail) "
                            "VALUES ('acme', 'x', 'x', 'wang', 'receptionist', 'view', '{}')"),
}


def test_an_untouched_register_verifies(desk: Any, figures: Any) -> None:
    ok = desk.cli("verify")
    assert ok.code == 0, ok.stderr
    assert re.fullmatch(r"ok: 8 rows verified \(7 events, 1 audit\) in 2 organization\(s\); head [0-9a-f]{64}\n", ok.stdout)
    doc = desk.json("verify", "--org", "acme")
    assert doc["ok"] and doc["count"] == 7 and doc["events"] == 6 and len(doc["head"]) == 64
    rows = desk.connect().execute("SELECT os_user, hash FROM events").fetchall()
    assert all(user and len(digest) == 64 for user, digest in rows)  # who ran it, beside the claimed actor


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_verify_detects_history_edited_behind_its_back(desk: Any, attack: str, tmp_path: Path, figures: Any) -> None:
    tamper(desk, *ATTACKS[attack])
    result = desk.cli("verify")
    assert result.code == 1, (attack, result.stdout, result.stderr)
    assert result.stderr.startswith("tousu: error: chain broken at ") and result.stderr.count("\n") == 1
    doc = desk.cli("verify", "--json")
    assert doc.code == 1 and json.loads(doc.stdout)["ok"] is False
    assert json.loads(doc.stdout)["first_bad"]["org"] == "acme"
    assert desk.cli("verify", "--org", "beta").code == 0  # the other organization's chain is intact
    figures(f"verify: {attack!r} detected, first bad row {json.loads(doc.stdout)['first_bad']['seq']}")


def test_a_frozen_report_and_an_export_carry_the_head(desk: Any, tmp_path: Path) -> None:
    head = desk.json("verify", "--org", "acme")["head"]
    frozen = desk.json("report", "--org", "acme", "--month", "2026-10", "--freeze", "--actor", "li", "--at", "2026-11-02")
    assert frozen["chain_head"] == head
    out = tmp_path / "acme.jsonl"
    assert desk.cli("export", "--org", "acme", "--out", str(out), "--actor", "li").code == 0
    assert head in out.read_text(encoding="utf-8")
    # rewriting the whole history consistently (new hashes from the start) leaves the frozen head behind
    tamper(desk, "DELETE FROM events WHERE seq > 2 AND org = 'acme'",
           "DELETE FROM complaints WHERE org = 'acme' AND last_event > 2")
    error = desk.cli("verify", "--org", "acme")
    assert error.code == 1 and "frozen at chain head" in error.stderr


def test_the_migration_chains_an_existing_register(desk: Any, figures: Any) -> None:
    """A register written before the chain existed: its rows are chained when it is next opened."""
    conn = desk.connect()
    for statement in (
        "DROP TRIGGER events_no_update", "DROP TRIGGER events_no_delete",
        "DROP TRIGGER audit_no_update", "DROP TRIGGER audit_no_delete",
        "DROP INDEX events_org_seq", "DROP INDEX audit_org_seq",
        *(f"ALTER TABLE events DROP COLUMN {c}" for c in ("hash", "origin", "os_user")),
        *(f"ALTER TABLE audit DROP COLUMN {c}" for c in ("hash", "os_user")),
        "DELETE FROM _migrations WHERE name = 'core-0007-chain'",
    ):
        conn.execute(statement)
    conn.commit()
    conn.close()
    doc = desk.json("verify")
    assert doc["ok"] and (doc["events"], doc["audit"]) == (7, 1)
    check = desk.connect()
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):  # the triggers are back
        check.execute("DELETE FROM audit")
    check.close()
    tamper(desk, "UPDATE events SET actor = 'zhou' WHERE seq = 5")
    assert desk.cli("verify").code == 1
    figures("verify: a register from before the chain was chained by the migration (7 events, 1 audit row) and verifies")
