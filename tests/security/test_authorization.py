"""The authorization matrix: every command × every role × the other organization's ids.

Staff of `alpha` aim every command at `beta`: its complaints by id (direct and the guessed
next id), its organization through ``--org`` (``list``, ``due``, ``sweep``, ``report``,
``export``, ``import``, ``purge``, ``retail …``), its staff through ``--to``. Not one attempt
succeeds, each answers exactly as a missing id or an unknown organization does, and the
database is unchanged. Every command has a declared permission (`tousu.permissions`); roles
come only from tousu.toml; nobody approves their own settlement.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import pytest

from tests.security.conftest import ALPHA_STAFF, BETA_STAFF, two_orgs
from tousu.default_plugins.doors.command_permissions import CORE_PERMISSIONS, permission_for
from tousu.testing import registered

T0 = "2026-10-01T09:00:00+08:00"
T1 = "2026-10-02T09:00:00+08:00"
ACTIONS = ["acknowledge", "forward", "reply", "resolve", "close", "reopen", "escalate", "extend", "approve",
           "settle", "step", "transfer", "note", "callback", "assign", "invalid", "withdraw", "report", "stop_harm"]


def leaf_commands(group: click.Group, ctx: click.Context, prefix: str = "") -> dict[str, click.Command]:
    """Every runnable command under `group`, by its path (``"retail sales import"``)."""
    found: dict[str, click.Command] = {}
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None:
            continue
        path = f"{prefix}{name}"
        if isinstance(command, click.Group):
            found.update(leaf_commands(command, click.Context(command, parent=ctx), f"{path} "))
        else:
            found[path] = command
    return found


def undeclared(config_path: Path) -> list[str]:
    """Commands of ``tousu`` (core, lazy and plugin ones) without a declared permission."""
    from tousu.cli import cli
    from tousu.door import Env

    ctx = click.Context(cli, obj=Env(str(config_path)))
    return sorted(path for path, command in leaf_commands(cli, ctx).items() if permission_for(path, command) is None)


@pytest.fixture
def desk(make_desk: Any) -> Any:
    return make_desk(*two_orgs())


def test_every_command_has_a_declared_permission(desk: Any, figures: Any) -> None:
    from tousu.cli import cli
    from tousu.door import Env

    paths = leaf_commands(cli, click.Context(cli, obj=Env(str(desk.config_path))))
    assert {"retail delisting", "retail sales import", "purge", "export", "report"} <= set(paths)
    assert undeclared(desk.config_path) == []
    figures(f"authorization: {len(paths)} commands, each with a declared permission ({', '.join(sorted(paths))})")


def test_a_plugin_command_without_a_declared_permission_is_caught(desk: Any) -> None:
    class Sneaky:
        from tousu import hookimpl

        @hookimpl
        def register_commands(self, cli: Any) -> None:
            @click.command("peek")
            def peek() -> None:
                """Print the whole register."""

            cli.add_command(peek)

    with registered(Sneaky(), "sneaky"):
        assert undeclared(desk.config_path) == ["peek"]
    assert set(CORE_PERMISSIONS) >= {"show", "act", "list", "due", "sweep", "report", "export", "import", "purge"}


def _error(desk: Any, *args: str, env: dict[str, str] | None = None) -> str:
    result = desk.cli(*args, env=env)
    assert result.code in (1, 2), f"tousu {' '.join(args)} succeeded: {result.stdout[:300]}"
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stdout == "", result.stdout
    return f"{result.code} {lines[0]}"


def test_no_staff_of_one_organization_reaches_another(desk: Any, figures: Any, tmp_path: Path) -> None:
    """7 roles of alpha × every command aimed at beta: 0 succeed, each answers like a missing id."""
    mine = desk.json("intake", "--org", "alpha", "--domain", "retail", "--channel", "phone", "--summary", "x",
                     "--actor", "wang", "--at", T0)["id"]
    beta_ids = []
    for domain, channel in (("retail", "phone"), ("property_mgmt", "phone"), ("city_enforcement", "web")):
        made = desk.json("intake", "--org", "beta", "--domain", domain, "--channel", channel, "--summary", "漏水",
                         "--complainant", "王五", "--contact", "13700000001", "--actor", "qian", "--at", T0)
        beta_ids.append(made["id"])
    missing = f"C{int(beta_ids[-1][1:]) + 1:08d}"  # the guessed next id
    sales = tmp_path / "sales.csv"
    sales.write_text("month,product,supplier,sold,quality_returns\n2026-10,MW-7,格兰仕,1000,21\n", encoding="utf-8")
    record = tmp_path / "one.jsonl"
    record.write_text('{"domain": "retail", "channel": "phone", "summary": "x", "received_at": "' + T0 + '"}\n',
                      encoding="utf-8")
    before = desk.db_bytes()
    attempts = 0

    def org_commands(org_id: str, actor: str) -> list[tuple[list[str], dict[str, str] | None]]:
        as_actor = {"TOUSU_ACTOR": actor}
        return [
            (["intake", "--org", org_id, "--domain", "retail", "--channel", "phone", "--summary", "x",
              "--actor", actor, "--at", T1], None),
            (["list", "--org", org_id, "--actor", actor], None),
            (["list", "--org", org_id], as_actor),
            (["due", "--org", org_id, "--actor", actor, "--at", T1], None),
            (["sweep", "--org", org_id, "--actor", actor, "--at", T1], None),
            (["report", "--org", org_id, "--month", "2026-10", "--actor", actor], None),
            (["report", "--org", org_id, "--month", "2026-10", "--freeze", "--actor", actor], None),
            (["export", "--org", org_id, "--actor", actor], None),
            (["export", "--org", org_id, "--unmask", "--actor", actor], None),
            (["import", str(record), "--org", org_id], as_actor),
            (["purge", "--org", org_id, "--before", T1, "--actor", actor, "--at", T1], None),
            (["retail", "delisting", "--org", org_id, "--month", "2026-10"], as_actor),
            (["retail", "sales", "import", str(sales), "--org", org_id], as_actor),
        ]

    for actor in sorted(ALPHA_STAFF):
        for target in beta_ids:
            for command in (["show", "{id}", "--at", T1], ["show", "{id}", "--json"], ["compensate", "{id}"],
                            *(["act", "{id}", action, "--at", T1] for action in ACTIONS)):
                args = [a.replace("{id}", target) for a in command]
                got = _error(desk, *args, "--actor", actor)
                expected = _error(desk, *[a.replace(target, missing) for a in args], "--actor", actor)
                assert got == expected.replace(missing, target), (args, got, expected)
                assert got.endswith(f"complaint {target} not found or unknown staff member {actor!r}")
                attempts += 1
            env_got = _error(desk, "show", target, env={"TOUSU_ACTOR": actor})
            assert env_got == f"2 tousu: error: complaint {target} not found or unknown staff member {actor!r}"
            attempts += 1
        # another organization named in a filter answers like one that does not exist
        for (args, env), (ghost_args, ghost_env) in zip(
            org_commands("beta", actor), org_commands("nosuch", actor), strict=True
        ):
            got = _error(desk, *args, env=env)
            assert got == _error(desk, *ghost_args, env=ghost_env).replace("nosuch", "beta"), (args, got)
            assert "unknown organization 'beta'" in got
            attempts += 1
        # another organization's complaint as the --org of one's own, and its staff as --to
        assert _error(desk, "show", mine, "--org", "beta", "--actor", actor).endswith(f"complaint {mine} not found or unknown staff member {actor!r}")
        stranger = _error(desk, "act", mine, "assign", "--to", "qian", "--actor", actor, "--at", T1)
        assert stranger == _error(desk, "act", mine, "assign", "--to", "ghost", "--actor", actor, "--at", T1).replace(
            "ghost", "qian"
        )
        attempts += 2
    assert desk.db_bytes() == before, "a refused cross-organization attempt changed the database"
    figures(
        f"authorization: {attempts} cross-organization attempts by {len(ALPHA_STAFF)} roles "
        f"({', '.join(sorted(set(ALPHA_STAFF.values())))}) on {len(beta_ids)} complaints and 13 org-scoped commands: "
        "0 succeeded, each answered exactly like a missing id or an unknown organization, database unchanged"
    )


def test_roles_come_only_from_the_config(desk: Any, tmp_path: Path) -> None:
    """No command writes tousu.toml or records a role other than the one the config gives."""
    config_before = desk.config_path.read_bytes()
    cid = desk.json("intake", "--org", "alpha", "--domain", "retail", "--channel", "phone", "--summary", "x",
                    "--actor", "wang", "--field", "role=general_manager", "--at", T0)["id"]
    for args in (
        ["act", cid, "assign", "--to", "wang", "--field", "role=general_manager", "--actor", "wang"],
        ["act", cid, "note", "--field", "role=general_manager", "--note", "I am the manager now", "--actor", "wang"],
        ["act", cid, "escalate", "--field", "tier=level2", "--note", "raise", "--actor", "wang"],
        ["act", cid, "approve", "--field", "amount=45000.00", "--field", "role=general_manager", "--actor", "wang"],
        ["sweep", "--org", "alpha", "--actor", "wang"],
        ["report", "--org", "alpha", "--month", "2026-10", "--freeze", "--actor", "wang"],
        ["export", "--org", "alpha", "--out", str(tmp_path / "out.jsonl"), "--actor", "wang"],
        ["purge", "--org", "alpha", "--before", T0, "--actor", "li"],
    ):
        desk.cli(*args, "--at", T1)
    assert desk.config_path.read_bytes() == config_before
    roles = dict(desk.app.store.conn.execute("SELECT DISTINCT actor, role FROM events WHERE actor != 'system'").fetchall())
    assert roles == {"wang": "receptionist"}
    refused = desk.fails("act", cid, "settle", "--field", "amount=45000.00", "--actor", "wang", "--at", T1, code=1)
    assert "limit ¥500.00" in refused  # the typed role=general_manager changed nothing
    assert desk.app.config.org("alpha").staff["wang"].role == "receptionist"


def test_nobody_approves_their_own_settlement(desk: Any) -> None:
    cid = desk.json("intake", "--org", "alpha", "--domain", "retail", "--channel", "phone", "--summary", "x",
                    "--actor", "wang", "--at", T0)["id"]
    own = desk.fails("act", cid, "approve", "--field", "amount=1500.00", "--field", "for=zhou", "--actor", "zhou",
                     "--at", T1, code=1)
    assert "nobody approves their own settlement" in own
    # zhao (department head, ¥2,000) approves for himself nothing; his approval serves wang once
    desk.json("act", cid, "approve", "--field", "amount=1500.00", "--actor", "zhao", "--at", T1)
    desk.json("act", cid, "settle", "--field", "amount=1500.00", "--actor", "wang", "--at", T1)
    again = desk.fails("act", cid, "settle", "--field", "amount=1500.00", "--actor", "wang", "--at", T1, code=1)
    # authority is cumulative and the compensation paid once (issue 13/14): the approval needed is the total
    assert "already been paid ¥1,500.00" in again and "at least ¥3,000.00 by someone else" in again
    # a manager's approval for a receptionist does not let a supervisor (no authority) pay
    desk.json("act", cid, "approve", "--field", "amount=2400.00", "--field", "for=wang", "--actor", "li", "--at", T1)
    desk.fails("act", cid, "settle", "--field", "amount=900.00", "--actor", "chen", "--at", T1, code=1)
    assert BETA_STAFF  # beta's staff exist only in beta (used by the matrix above)
