"""Role policy per action, as data: each domain says which roles may take each action, an
organization tightens or widens it in ``[orgs.X.permissions]``, ``tousu plugins`` shows the
effective table, and every door (CLI, import, the server's API, the web desk) refuses alike,
naming the roles that may.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tousu.testing import org

T0 = "2026-10-01T09:00:00+08:00"
T1 = "2026-10-01T09:05:00+08:00"
T2 = "2026-10-01T09:08:00+08:00"
STAFF = {"wang": "receptionist", "zhao": "department_head", "chen": "supervisor", "li": "manager", "zhou": "general_manager"}


@pytest.fixture
def desk(make_desk: Any) -> Any:
    made = make_desk(org("estate", ["property_mgmt"], staff=STAFF), org("shop", ["retail"], staff=STAFF))
    made.names_actor = False  # every command names its actor
    return made


def forwarded(desk: Any, to: str = "Engineering") -> str:
    cid = desk.json("intake", "--org", "estate", "--channel", "phone", "--summary", "lift stuck", "--tier", "minor",
                    "--actor", "wang", "--at", T0)["id"]
    desk.json("act", cid, "forward", "--to", to, "--actor", "wang", "--at", T1)
    return cid


def set_permissions(desk: Any, org_id: str, table: dict[str, list[str]]) -> None:
    import tomllib

    document = tomllib.loads(desk.config_path.read_text(encoding="utf-8"))
    document["orgs"][org_id]["permissions"] = table
    desk.write_config(document)


def test_a_receptionist_may_not_do_the_departments_work_and_is_told_who_may(desk: Any, figures: Any) -> None:
    """The form goes to the department: its head signs and reports it done; invalid is a supervisor's."""
    cid = forwarded(desk)
    attempts = [("sign",), ("start",), ("invalid", "--note", "not ours")]
    for action in attempts:
        error = desk.fails("act", cid, *action, "--actor", "wang", "--at", T2, code=1)
        assert f"{action[0]} needs one of the roles" in error and "wang is receptionist" in error, error
        assert "orgs.estate.permissions" in error  # where an operator changes it
    assert "department_head, supervisor, manager, general_manager" in desk.fails(
        "act", cid, "sign", "--actor", "wang", "--at", T2, code=1
    )
    assert "supervisor, manager, general_manager" in desk.fails(
        "act", cid, "invalid", "--note", "x", "--actor", "zhao", "--at", T2, code=1
    )
    desk.json("act", cid, "sign", "--actor", "zhao", "--at", T2)  # the department's head signs
    assert "resolve needs one of the roles" in desk.fails("act", cid, "resolve", "--actor", "wang", "--at", T2, code=1)
    assert desk.json("act", cid, "resolve", "--actor", "zhao", "--at", T2)["status"] == "resolved"
    # the retail desk answers and resolves at first contact: the same receptionist may there
    shop = desk.json("intake", "--org", "shop", "--channel", "phone", "--summary", "late delivery", "--actor", "wang",
                     "--at", T0)["id"]
    assert desk.json("act", shop, "resolve", "--actor", "wang", "--at", T1)["status"] == "resolved"
    figures(f"roles: {len(attempts) + 3} actions by a role the policy keeps for others refused with exit 1, "
            "each naming the roles that may and where to change it")


def test_sign_is_for_the_department_it_was_forwarded_to(desk: Any) -> None:
    import tomllib

    document = tomllib.loads(desk.config_path.read_text(encoding="utf-8"))
    document["orgs"]["estate"]["staff"]["zhao"]["department"] = "Cleaning"
    document["orgs"]["estate"]["staff"]["sun"] = {"role": "department_head", "department": "Engineering"}
    desk.write_config(document)
    cid = forwarded(desk, "Engineering")
    error = desk.fails("act", cid, "sign", "--actor", "zhao", "--at", T2, code=1)
    assert "forwarded to Engineering" in error and "zhao is of Cleaning" in error
    desk.json("act", cid, "sign", "--actor", "sun", "--at", T2)


def test_an_organization_tightens_and_widens_the_table_in_tousu_toml(desk: Any) -> None:
    set_permissions(desk, "estate", {"invalid": ["manager", "general_manager"], "sign": ["receptionist", "department_head"]})
    cid = forwarded(desk)
    error = desk.fails("act", cid, "invalid", "--note", "x", "--actor", "chen", "--at", T2, code=1)
    assert "invalid needs one of the roles manager, general_manager (orgs.estate.permissions.invalid)" in error
    desk.json("act", cid, "sign", "--actor", "wang", "--at", T2)  # widened: the receptionist signs here
    assert desk.json("act", cid, "invalid", "--note", "x", "--actor", "li", "--at", T2)["status"] == "invalid"
    # the other organization keeps the defaults
    shop = desk.json("intake", "--org", "shop", "--channel", "phone", "--summary", "s", "--actor", "wang", "--at", T0)["id"]
    desk.json("act", shop, "invalid", "--note", "x", "--actor", "chen", "--at", T1)


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ({"invalidate": ["manager"]}, "orgs.estate.permissions.invalidate: unknown action"),
        ({"invalid": ["boss"]}, "orgs.estate.permissions.invalid: unknown role 'boss'"),
        ({"invalid": []}, "orgs.estate.permissions.invalid: name at least one role"),
        ({"invalid": "manager"}, "orgs.estate.permissions.invalid"),
    ],
)
def test_a_wrong_permissions_table_is_refused_with_its_path(desk: Any, table: Any, expected: str) -> None:
    set_permissions(desk, "estate", table)
    assert expected in desk.fails("list", "--org", "estate", "--actor", "wang", code=2)


def test_tousu_plugins_shows_the_effective_table(desk: Any) -> None:
    set_permissions(desk, "estate", {"invalid": ["manager"]})
    listing = {p["name"]: p for p in desk.json("plugins")}
    property_mgmt = listing["property_mgmt"]["permissions"]
    assert property_mgmt["defaults"]["sign"] == ["department_head", "supervisor", "manager", "general_manager"]
    assert "manager" in property_mgmt["rules"]["extend"]
    rows = {(r["action"], r["domain"]): r for r in property_mgmt["orgs"]["estate"]}
    assert rows[("invalid", "property_mgmt")] == {
        "action": "invalid", "domain": "property_mgmt", "roles": ["manager"],
        "source": "orgs.estate.permissions.invalid", "rule": "",
    }
    assert rows[("sign", "property_mgmt")]["source"] == "default:property_mgmt"
    assert rows[("note", "property_mgmt")]["roles"] is None
    assert rows[("freeze", None)]["roles"] == ["manager", "general_manager"]
    retail = {(r["action"]): r for r in listing["retail"]["permissions"]["orgs"]["shop"]}
    assert retail["invalid"]["roles"] == ["supervisor", "manager", "general_manager"] and retail["resolve"]["roles"] is None
    text = desk.cli("plugins").stdout
    assert "who may, in estate:" in text and "invalid: manager  [orgs.estate.permissions.invalid]" in text


def test_an_import_meets_the_same_table(desk: Any, tmp_path: Path) -> None:
    record = {"channel": "phone", "summary": "old case", "tier": "minor", "received_at": T0,
              "actions": [{"action": "forward", "to": "Engineering", "at": T1}, {"action": "sign", "at": T2}]}
    path = tmp_path / "legacy.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = desk.cli("import", str(path), "--org", "estate", "--actor", "wang")
    assert result.code != 0 and "sign needs one of the roles" in result.stderr, result
    assert desk.json("list", "--org", "estate", "--actor", "li") == [] or all(
        c["summary"] != "old case" for c in desk.json("list", "--org", "estate", "--actor", "li")
    )
    record["actions"][1]["actor"] = "zhao"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert desk.cli("import", str(path), "--org", "estate", "--actor", "wang").code == 0



def test_approval_rules_are_role_lists_in_the_table(desk: Any) -> None:
    # who approves going over time (property) and how much a role approves (retail), as data
    listing = {p["name"]: p for p in desk.json("plugins")}
    estate = {(r["action"]): r for r in listing["property_mgmt"]["permissions"]["orgs"]["estate"]}
    assert estate["extend"]["cases"] == {
        "minor": ["manager", "general_manager"], "important": ["general_manager"], "major": ["general_manager"],
    }
    shop = {(r["action"]): r for r in listing["retail"]["permissions"]["orgs"]["shop"]}
    cases = shop["approve"]["cases"]
    assert cases == {  # the default staff_authority: ¥500 at the desk, ¥2,000 a head, ¥10,000 a manager
        "up to ¥500.00": ["receptionist", "clerk", "customer_service", "department_head", "manager", "general_manager"],
        "up to ¥2,000.00": ["department_head", "manager", "general_manager"],
        "up to ¥10,000.00": ["manager", "general_manager"],
        "any amount": ["general_manager"],
    }
    assert "supervisor" not in cases["up to ¥500.00"]  # a role the table does not list approves nothing
    assert "invalid" not in {a for a, r in shop.items() if "cases" in r}  # a plain role list needs no cases
