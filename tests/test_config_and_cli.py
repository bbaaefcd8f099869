"""The config file and the command line as a deployer meets them: clear errors with the key path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.stores import on_postgres
from tousu.testing import Desk

GOOD_ORG = """
[orgs.acme]
name = "Acme"
plugins = ["deskplugin"]
[orgs.acme.staff]
wang = { role = "receptionist" }
"""


def write(desk: Any, text: str) -> None:
    desk.config_path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    "text, message",
    [
        (GOOD_ORG + '[orgs.acme.settings.deskplugin]\nforward_within = "ten minutes"\n',
         "orgs.acme.settings.deskplugin.forward_within: expected a duration"),
        (GOOD_ORG + "[orgs.acme.settings.deskplugin]\nforward_witin = \"10m\"\n",
         "orgs.acme.settings.deskplugin.forward_witin: unknown key"),
        (GOOD_ORG.replace('plugins = ["deskplugin"]', 'plugins = ["deskplugin", "retial"]'),
         "orgs.acme.plugins: plugin 'retial' is not installed or failed to load (installed: "),
        (GOOD_ORG.replace("receptionist", "janitor"), "orgs.acme.staff.wang.role: unknown role 'janitor'"),
        # retail's and property's word for the front line (DomainSpec.accepted_roles), not the core's
        (GOOD_ORG.replace("receptionist", "clerk"), "orgs.acme.staff.wang.role: unknown role 'clerk'"),
        (GOOD_ORG.replace('name = "Acme"', 'name = "Acme"\ntimezone = "Mars/Olympus"'),
         "orgs.acme.timezone: unknown time zone 'Mars/Olympus'"),
        (GOOD_ORG.replace('name = "Acme"', 'name = "Acme"\nlanguage = "fr"'), "orgs.acme.language: expected one of zh, en"),
        (GOOD_ORG.replace('name = "Acme"', "name = 5"), "orgs.acme.name: expected a string"),
        (GOOD_ORG + "[orgs.acme.settings.property_mgmt]\n", "orgs.acme.settings.property_mgmt: settings for a plugin"),
        ("databse = 'x.db'\n" + GOOD_ORG, "databse: unknown key"),
        ("[orgs.acme\n", "not valid TOML"),
    ],
)
def test_a_malformed_config_exits_2_naming_the_key_path_without_a_traceback(
    make_desk: Any, deskplugin: Any, text: str, message: str
) -> None:
    desk = make_desk()
    write(desk, text)
    result = desk.cli("list", "--org", "acme")
    assert result.code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not desk.db_path.exists()  # nothing was created on a bad config


def test_a_config_that_is_not_utf8_is_named_as_such(make_desk: Any) -> None:
    desk = make_desk()
    desk.config_path.write_bytes(b"[orgs.acme]\nname = \"\xff\xfe\"\n")
    result = desk.cli("list", "--org", "acme")
    assert result.code == 2 and "not valid UTF-8" in result.stderr


def test_a_missing_config_tells_how_to_make_one(tmp_path: Path) -> None:
    desk = Desk.__new__(Desk)
    desk.config_path = tmp_path / "nowhere.toml"
    result = Desk.cli(desk, "list", "--org", "acme")
    assert result.code == 2 and "run `tousu init`" in result.stderr


def test_an_unknown_organization_lists_the_known_ones(make_desk: Any, deskplugin: Any) -> None:
    desk = make_desk()
    write(desk, GOOD_ORG)
    result = desk.cli("intake", "--org", "acne", "--channel", "phone", "--summary", "x")
    assert result.code == 2 and "unknown organization 'acne' (organizations in the config: acme)" in result.stderr


def test_init_writes_a_starter_config_with_every_plugins_default_settings(tmp_path: Path, deskplugin: Any) -> None:
    desk = Desk.__new__(Desk)
    desk.config_path = tmp_path / "tousu.toml"
    result = Desk.cli(desk, "init", "--org", "acme", "--plugin", "deskplugin")
    assert result.code == 0, result.stderr
    text = desk.config_path.read_text(encoding="utf-8")
    assert 'forward_within = "10m"' in text and 'resolve_within = "2d"' in text
    assert on_postgres() or (tmp_path / "tousu.db").exists()  # on PostgreSQL: $TOUSU_DATABASE
    again = Desk.cli(desk, "init", "--org", "acme", "--plugin", "deskplugin")
    assert again.code == 2 and "--force" in again.stderr
    unknown = Desk.cli(desk, "init", "--force", "--plugin", "nosuch")
    assert unknown.code == 2 and "not installed" in unknown.stderr


def test_usage_errors_exit_2(make_desk: Any, deskplugin: Any) -> None:
    desk = make_desk()
    write(desk, GOOD_ORG)
    assert desk.cli("intake", "--org", "acme").code == 2  # missing --channel / --summary
    assert desk.cli("frobnicate").code == 2
    bad_field = desk.cli("intake", "--org", "acme", "--channel", "phone", "--summary", "x", "--field", "novalue")
    # the organization is a zh one (the default language): its desk reads the line in Chinese (issue 18)
    assert bad_field.code == 2 and "--field 'novalue'：应写成 键=值" in bad_field.stderr


def test_the_installed_console_script_runs_the_lifecycle_as_a_separate_process(make_desk: Any) -> None:
    from tousu.testing import org

    desk = make_desk(org("estate", ["property_mgmt"], language="zh"))
    made = desk.subprocess(
        "intake", "--org", "estate", "--channel", "phone", "--summary", "楼道灯坏了", "--actor", "wang",
        "--at", "2026-10-01T09:00:00+08:00", "--json",
    )
    assert made.code == 0, made.stderr
    import json

    cid = json.loads(made.stdout)["id"]
    refused = desk.subprocess("act", cid, "close", "--at", "2026-10-01T10:00:00+08:00")
    assert refused.code == 1 and refused.stderr.startswith("tousu: 错误: 投诉 C00000001 现为已受理，不能结案")  # zh deployment (issue 18)
    missing = desk.subprocess("show", "C77777777")
    assert missing.code == 2 and "Traceback" not in missing.stderr
    shown = desk.subprocess("show", cid)
    assert shown.code == 0 and "楼道灯坏了" in shown.stdout


def test_text_output_neutralises_terminal_escape_sequences_from_user_data(make_desk: Any) -> None:
    from tousu.testing import org

    desk = make_desk(org("estate", ["property_mgmt"]))
    hostile = "lift\x1b[2J\x1b]0;pwned\x07 broken'; DROP TABLE events; --"
    cid = desk.json(
        "intake", "--org", "estate", "--channel", "phone", "--summary", hostile, "--actor", "wang",
        "--at", "2026-10-01T09:00:00+08:00",
    )["id"]
    assert desk.json("show", cid)["summary"] == hostile  # stored verbatim
    text = desk.cli("show", cid).stdout
    assert "\x1b" not in text and "\x07" not in text and "\\x1b[2J" in text
    assert desk.json("show", cid)["history"][0]["action"] == "intake"  # the events table is still there


def test_load_plugins_env_var_restricts_loading_for_emergencies(make_desk: Any) -> None:
    desk = make_desk()
    listing = desk.subprocess("plugins", "--json", env={"TOUSU_LOAD_PLUGINS": "retail"})
    import json

    status = {p["name"]: p["status"] for p in json.loads(listing.stdout)}
    assert status["retail"] == "ok" and status["property_mgmt"] == "blocked"
    none = desk.subprocess("plugins", "--json", env={"TOUSU_LOAD_PLUGINS": ""})
    assert all(p["status"] == "blocked" for p in json.loads(none.stdout))


@pytest.mark.parametrize("domain", ["retail", "property_mgmt", "city_enforcement"])
def test_every_shipped_domain_still_takes_a_clerk_on_its_staff(make_desk: Any, domain: str) -> None:
    """clerk left the core's roles for the domains' data (accepted_roles); a desk of any of the
    three shipped domains that lists a clerk (接待员, DOMAIN.md §0) keeps working as before."""
    from tousu.testing import org

    desk = make_desk(org("desk", [domain], staff={"xiao": "clerk", "li": "manager"}, language="zh"))
    cid = desk.json(
        "intake", "--org", "desk", "--channel", "phone", "--summary", "投诉", "--actor", "xiao",
        "--at", "2026-10-01T09:00:00+08:00",
    )["id"]
    assert desk.json("show", cid)["owner"] == "xiao"


def test_staff_may_be_listed_as_clerks_and_callbacks_read_chinese_satisfaction(make_desk: Any) -> None:
    from tousu.testing import org

    desk = make_desk(org("estate", ["property_mgmt"], staff={"xiao": "clerk", "li": "manager"}))
    cid = desk.json(
        "intake", "--org", "estate", "--channel", "phone", "--summary", "漏水", "--actor", "xiao",
        "--at", "2026-10-01T09:00:00+08:00",
    )["id"]
    assert desk.json("show", cid)["owner"] == "xiao"
    for action, at in (("resolve", "10:00"), ("notify", "11:00")):
        actor = "li" if action == "resolve" else "xiao"  # the department's side, not the clerk's (tousu.permissions)
        assert desk.cli("act", cid, action, "--actor", actor, "--at", f"2026-10-01T{at}:00+08:00").code == 0
    done = desk.json("act", cid, "callback", "--field", "satisfied=满意", "--actor", "xiao", "--at", "2026-10-02T09:00:00+08:00")
    assert done["fields"]["satisfied"] is True
