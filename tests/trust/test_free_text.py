"""Personal data in free text: a clerk who does not handle the case never reads it in clear.

The attack: a complainant's name, phone number and e-mail typed into every free-text place
a desk has (summary, --note, --to, the escalation reason, field values, a department name)
and then read back by a clerk through every output: show (text and JSON), list, due
(grouped by department), act's output, the report in every format, error messages and
import error lines. Then ``purge``: the erased name and number are in neither the database
file nor its WAL (the bytes are scanned).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tousu.testing import org

T0 = "2026-10-01T09:00:00+08:00"
T1 = "2026-10-01T10:00:00+08:00"
NAME, PHONE, MAIL, OTHER = "欧阳修远", "13987654321", "ouyang.xy@example.cn", "13911112222"
SECRETS = (NAME, PHONE, MAIL, OTHER)
STAFF = {"wang": "receptionist", "xu": "clerk", "zhao": "department_head", "li": "manager", "zhou": "general_manager"}


@pytest.fixture
def desk(make_desk: Any) -> Any:
    return make_desk(org("acme", ["retail"], staff=STAFF))


def leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


def record(desk: Any) -> str:
    cid = desk.json(
        "intake", "--org", "acme", "--channel", "phone", "--summary", f"{NAME} says the fridge broke, call {PHONE}",
        "--complainant", NAME, "--contact", f"{PHONE} {MAIL}", "--request", f"refund to {NAME}",
        "--field", f"remark=mail {MAIL} or {PHONE}", "--actor", "wang", "--at", T0,
    )["id"]
    desk.json("act", cid, "note", "--note", f"customer {PHONE} threatens media; {NAME} wrote from {MAIL}",
              "--actor", "wang", "--at", T1)
    desk.json("act", cid, "forward", "--to", f"售后部 {OTHER}", "--actor", "wang", "--at", T1)
    return cid


def test_a_clerk_reads_no_personal_data_in_free_text_anywhere(desk: Any, tmp_path: Path, figures: Any) -> None:
    cid = record(desk)
    outputs = {
        "show": desk.cli("show", cid, "--actor", "xu").stdout,
        "show --json": desk.cli("show", cid, "--actor", "xu", "--json").stdout,
        "list": desk.cli("list", "--org", "acme", "--actor", "xu").stdout,
        "list --json": desk.cli("list", "--org", "acme", "--actor", "xu", "--json").stdout,
        "due --by department": desk.cli("due", "--org", "acme", "--by", "department", "--actor", "xu",
                                        "--at", T1, "--within", "30d").stdout,
        "due --json": desk.cli("due", "--org", "acme", "--actor", "xu", "--at", T1, "--within", "30d", "--json").stdout,
        "act --json": desk.cli("act", cid, "note", "--note", "seen", "--actor", "xu", "--at", T1, "--json").stdout,
    }
    for fmt in ("text", "json", "csv", "md", "html"):
        outputs[f"report {fmt}"] = desk.cli("report", "--org", "acme", "--month", "2026-10", "--format", fmt,
                                            "--actor", "xu").stdout
    outputs["error"] = desk.cli("act", cid, "escalate", "--field", f"tier=level9 {PHONE}", "--actor", "xu",
                                "--at", T1).stderr
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"channel": f"fax {PHONE}", "summary": f"{NAME}", "received_at": T0}) + "\n",
                   encoding="utf-8")
    outputs["import error line"] = desk.cli("import", str(bad), "--org", "acme", env={"TOUSU_ACTOR": "wang"}).stderr
    leaked = {where: leaks(text) for where, text in outputs.items() if leaks(text)}
    assert leaked == {}, json.dumps(leaked, ensure_ascii=False)
    # the handler and a manager still read it in clear
    assert PHONE in desk.cli("show", cid, "--actor", "wang").stdout
    assert NAME in desk.cli("show", cid, "--actor", "li", "--json").stdout
    figures(f"free text: {len(SECRETS)} secrets in 6 free-text places read through {len(outputs)} outputs by a clerk: 0 leaks")


@pytest.mark.sqlite_only("reads the bytes of the SQLite file and its WAL")
def test_purge_leaves_nothing_in_the_file_or_its_wal(desk: Any, figures: Any) -> None:
    cid = desk.json("intake", "--org", "acme", "--channel", "phone", "--summary", "the fridge broke",
                    "--complainant", NAME, "--contact", f"{PHONE} {MAIL}", "--actor", "wang", "--at", T0)["id"]
    desk.json("show", cid, "--actor", "li")  # read in clear (and audited) before it goes
    desk.json("act", cid, "invalid", "--note", "duplicate", "--actor", "li", "--at", T1)
    desk.close()
    assert desk.cli("purge", "--org", "acme", "--before", "2026-11-01", "--actor", "li", "--at", "2026-11-02").code == 0
    files = [p for p in desk.folder.iterdir() if p.name.startswith("tousu.db")]
    scanned = 0
    for path in files:
        data = path.read_bytes()
        scanned += len(data)
        for secret in (NAME, PHONE, MAIL):
            assert secret.encode() not in data, (path.name, secret)
    # the complaint itself is still there, its history replays
    conn = sqlite3.connect(desk.db_path)
    assert conn.execute("SELECT complainant, contact FROM personal WHERE complaint_id = ?", (cid,)).fetchone() == ("", "")
    conn.close()
    figures(f"purge: {scanned:,} bytes of {len(files)} database files scanned, 0 copies of the erased name and e-mail")
