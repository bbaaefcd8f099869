"""``tousu init`` writes the staff each plugin needs; ``init --add`` grows a file without losing it.

A deployer starts with ``tousu init --org estate --plugin property_mgmt`` and gets a staff
member for every role the plugin's procedures name (the patrol team) besides the core's;
months later ``tousu init --add shop --plugin retail`` adds a second organization (with the
retail desk's finance, purchasing... staff) while every comment and setting edited by hand
stays exactly as it was.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from tousu.testing import Desk


def bare_desk(tmp_path: Path) -> Any:
    desk = Desk.__new__(Desk)
    desk.config_path = tmp_path / "tousu.toml"
    return desk


def staff_roles(path: Path, org: str) -> dict[str, str]:
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    return {sid: s["role"] for sid, s in document["orgs"][org]["staff"].items()}


def test_init_writes_the_roles_each_plugin_needs(tmp_path: Path) -> None:
    desk = bare_desk(tmp_path)
    result = Desk.cli(desk, "init", "--org", "estate", "--plugin", "property_mgmt")
    assert result.code == 0, result.stderr
    roles = set(staff_roles(desk.config_path, "estate").values())
    assert {"receptionist", "department_head", "supervisor", "manager", "general_manager", "patrol_team"} <= roles
    city = bare_desk(tmp_path / "city")
    (tmp_path / "city").mkdir()
    assert Desk.cli(city, "init", "--org", "center", "--plugin", "city_enforcement").code == 0
    assert "squadron_leader" in staff_roles(city.config_path, "center").values()


def test_init_add_adds_an_organization_and_keeps_every_comment_and_setting(tmp_path: Path) -> None:
    desk = bare_desk(tmp_path)
    assert Desk.cli(desk, "init", "--org", "estate", "--plugin", "property_mgmt").code == 0
    path = desk.config_path
    edited = path.read_text(encoding="utf-8").replace('forward = "10m"', 'forward = "15m"  # our desk: 15 minutes')
    edited = "# Sunny Gardens' desk — edited by hand, keep this line\n" + edited
    path.write_text(edited, encoding="utf-8")
    result = Desk.cli(desk, "init", "--add", "shop", "--plugin", "retail")
    assert result.code == 0, result.stderr
    after = path.read_text(encoding="utf-8")
    assert after.startswith(edited.rstrip("\n"))  # the file as it was, then the new organization
    assert "# our desk: 15 minutes" in after and "keep this line" in after
    document = tomllib.loads(after)
    assert document["orgs"]["estate"]["settings"]["property_mgmt"]["forward"] == "15m"
    assert document["orgs"]["shop"]["plugins"] == ["retail"]
    assert "staff_authority" in str(document["orgs"]["shop"]["settings"]["retail"]) or document["orgs"]["shop"]["settings"]["retail"]
    assert {"finance", "purchasing"} <= set(staff_roles(path, "shop").values())
    # the new organization works at once
    assert Desk.cli(desk, "list", "--org", "shop", "--actor", "reception").code == 0


def test_init_add_adds_a_plugin_to_an_existing_organization(tmp_path: Path) -> None:
    desk = bare_desk(tmp_path)
    assert Desk.cli(desk, "init", "--org", "estate", "--plugin", "property_mgmt").code == 0
    path = desk.config_path
    path.write_text(path.read_text(encoding="utf-8") + "\n# the end of the file\n", encoding="utf-8")
    result = Desk.cli(desk, "init", "--add", "estate", "--plugin", "retail")
    assert result.code == 0, result.stderr
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    assert document["orgs"]["estate"]["plugins"] == ["property_mgmt", "retail"]
    assert "retail" in document["orgs"]["estate"]["settings"] and "property_mgmt" in document["orgs"]["estate"]["settings"]
    assert "finance" in staff_roles(path, "estate").values()
    assert "# the end of the file" in path.read_text(encoding="utf-8")


def test_init_add_mistakes_change_nothing(tmp_path: Path) -> None:
    desk = bare_desk(tmp_path)
    missing = Desk.cli(desk, "init", "--add", "shop", "--plugin", "retail")
    assert missing.code == 2 and "tousu init" in missing.stderr
    assert Desk.cli(desk, "init", "--org", "estate", "--plugin", "property_mgmt").code == 0
    before = desk.config_path.read_bytes()
    for args in (("--add", "shop"), ("--add", "shop", "--plugin", "nosuch"), ("--add", "estate", "--plugin", "property_mgmt")):
        result = Desk.cli(desk, "init", *args)
        assert result.code == 2 and result.stderr.count("\n") == 1, (args, result.stderr)
        assert desk.config_path.read_bytes() == before
