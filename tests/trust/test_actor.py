"""Who did it: no recorded command without a named actor, the sweep is the clock itself, the
OS user is kept beside the claimed actor, imports are marked, and another organization's
staff ids answer exactly like unknown ones.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tousu.testing import org

T0 = "2026-10-01T09:00:00+08:00"
T1 = "2026-10-02T10:00:00+08:00"
NOBODY = {"TOUSU_ACTOR": ""}


@pytest.fixture
def desk(make_desk: Any) -> Any:
    made = make_desk(org("acme", ["retail"]), org("beta", ["retail"], staff={"qian": "receptionist", "wei": "manager"}))
    made.names_actor = False  # commands exactly as typed: the kit names nobody
    return made


def test_a_recorded_command_without_an_actor_is_refused(desk: Any, tmp_path: Path, figures: Any) -> None:
    cid = desk.json("intake", "--org", "acme", "--channel", "phone", "--summary", "s", "--complainant", "张三",
                    "--contact", "13812345678", "--actor", "wang", "--at", T0)["id"]
    record = tmp_path / "one.jsonl"
    record.write_text(json.dumps({"channel": "phone", "summary": "x", "received_at": T0}) + "\n", encoding="utf-8")
    attempts = [
        ("intake", "--org", "acme", "--channel", "phone", "--summary", "s", "--at", T0),
        ("act", cid, "note", "--note", "n", "--at", T0),
        ("import", str(record), "--org", "acme"),
        ("purge", "--org", "acme", "--before", T0, "--at", T1),
        ("report", "--org", "acme", "--month", "2026-10", "--freeze", "--at", "2026-11-02"),
    ]
    for attempt in attempts:
        error = desk.fails(*attempt, env=NOBODY, code=2)
        assert "--actor" in error and "TOUSU_ACTOR" in error, (attempt, error)
    # a view without a name is masked; the same view by the owner is in clear
    assert "13812345678" not in desk.cli("show", cid, env=NOBODY).stdout
    assert "13812345678" in desk.cli("show", cid, "--actor", "wang").stdout
    # the sweep is the clock itself
    desk.json("sweep", "--org", "acme", "--at", T1, env=NOBODY)
    rows = desk.connect().execute("SELECT action, actor, role, os_user FROM events").fetchall()
    assert ("sweep", "system", "system") in [r[:3] for r in rows] and all(r[3] for r in rows)
    figures(f"no silent actor: {len(attempts)} recorded commands without --actor or $TOUSU_ACTOR refused with exit 2")


def test_imported_events_are_marked_with_the_file_and_the_operator(desk: Any, tmp_path: Path) -> None:
    record = tmp_path / "legacy.jsonl"
    record.write_text(json.dumps({"channel": "phone", "summary": "x", "received_at": T0,
                                  "actions": [{"action": "reply", "at": T1, "note": "已答复"}]}) + "\n", encoding="utf-8")
    assert desk.cli("import", str(record), "--org", "acme", "--actor", "li").code == 0
    rows = desk.connect().execute("SELECT actor, origin FROM events ORDER BY seq").fetchall()
    assert [actor for actor, _ in rows] == ["li", "li"]  # records without an actor are the operator's
    assert all(json.loads(origin) == {"imported": "legacy.jsonl", "operator": "li"} for _, origin in rows)


def test_another_organizations_staff_id_answers_exactly_like_an_unknown_one(desk: Any, figures: Any) -> None:
    desk.json("intake", "--org", "acme", "--channel", "phone", "--summary", "s", "--actor", "wang", "--at", T0)
    # complaint commands: another organization's staff gets exactly what a missing complaint gets
    # (tests/security/test_authorization.py); organization commands: what an unknown id gets
    commands = [
        ["intake", "--org", "acme", "--channel", "phone", "--summary", "s", "--at", T0],
        ["list", "--org", "acme"], ["due", "--org", "acme"], ["report", "--org", "acme", "--month", "2026-10"],
        ["export", "--org", "acme"], ["purge", "--org", "acme", "--before", T0, "--at", T1],
        ["sweep", "--org", "acme", "--at", T1], ["import", "/dev/null", "--org", "acme", "--format", "jsonl"],
    ]
    for command in commands:
        foreign = desk.cli(*command, "--actor", "qian")
        unknown = desk.cli(*command, "--actor", "ghost")
        assert (foreign.code, foreign.stderr.replace("qian", "X")) == (unknown.code, unknown.stderr.replace("ghost", "X"))
        assert foreign.code != 0
    figures(f"staff ids: {len(commands)} commands with another organization's staff id answered like an unknown id")


def test_on_complaint_commands_another_organizations_staff_id_answers_like_an_unknown_one(
    desk: Any, tmp_path: Path, figures: Any
) -> None:
    """qian (staff of beta) and ghost (nobody's staff) aim every complaint command at acme's
    complaint and at a missing id: one answer for all four, so neither the complaint's
    existence nor qian's can be learned by trying."""
    cid = desk.json("intake", "--org", "acme", "--channel", "phone", "--summary", "s", "--actor", "wang", "--at", T0)["id"]
    missing = f"C{int(cid[1:]) + 1:08d}"
    photo = tmp_path / "receipt.txt"
    photo.write_text("receipt", encoding="utf-8")
    commands = [["show", "{id}"], ["show", "{id}", "--json"], ["compensate", "{id}"], ["attach", "{id}", str(photo)],
                *(["act", "{id}", action, "--at", T1] for action in ("note", "reply", "resolve", "close", "invalid"))]
    before = desk.db_bytes()
    answers = set()
    for command in commands:
        for target in (cid, missing):
            for actor in ("qian", "ghost"):
                result = desk.cli(*[a.replace("{id}", target) for a in command], "--actor", actor)
                assert result.stdout == "" and result.code == 2, (command, actor, result)
                answers.add((command[0], result.stderr.replace(target, "C").replace(actor, "X")))
    assert len(answers) == len({c[0] for c in commands}), answers  # one answer per command
    assert all(stderr.strip() == "tousu: error: complaint C not found or unknown staff member 'X'" for _, stderr in answers), answers
    assert desk.db_bytes() == before
    figures(f"staff ids: {len(commands) * 4} complaint commands by another organization's staff and by an unknown id, "
            "on a real and a missing complaint: one answer")
