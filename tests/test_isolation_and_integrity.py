"""What the register promises: per-organization plugins and data, append-only history,
projections equal to a replay, and a plugin failure that leaves the database as it was."""

from __future__ import annotations

import sqlite3
import tomllib
from typing import Any

import pytest

from tests.core_plugin import CoreTestPlugin

T0 = "2026-10-01T09:00:00+08:00"


def _intake(desk: Any, org: str, actor: str, at: str = T0, *extra: str) -> str:
    return desk.json(
        "intake", "--org", org, "--channel", "phone", "--summary", "噪音扰民", "--actor", actor, "--at", at, *extra
    )["id"]


def test_a_plugin_an_organization_does_not_enable_is_never_called_for_it(
    two_orgs: Any, deskplugin: CoreTestPlugin
) -> None:
    cid = two_orgs.json(
        "intake", "--org", "quiet", "--channel", "phone", "--summary", "漏水", "--actor", "ma", "--at", T0
    )["id"]
    two_orgs.cli("act", cid, "forward", "--to", "工程部", "--actor", "ma", "--at", "2026-10-01T09:05:00+08:00")
    two_orgs.cli("sweep", "--at", "2026-12-01T00:00:00+08:00")
    assert [call for call in deskplugin.calls if call[1] == "quiet"] == []
    _intake(two_orgs, "acme", "wang")
    assert ("complaint_deadlines", "acme") in deskplugin.calls


@pytest.mark.parametrize(
    "hook, action",
    [
        ("complaint_after_action", ("forward", "--to", "工程部")),
        ("complaint_check_action", ("resolve",)),
        ("complaint_deadlines", ("escalate", "--field", "tier=high", "--note", "urgent")),
    ],
)
def test_a_plugin_raising_inside_an_action_leaves_the_database_byte_for_byte_unchanged(
    two_orgs: Any, deskplugin: CoreTestPlugin, hook: str, action: tuple[str, ...]
) -> None:
    cid = _intake(two_orgs, "acme", "wang")
    before = two_orgs.db_bytes()
    deskplugin.fail_in = hook
    result = two_orgs.cli("act", cid, *action, "--at", "2026-10-01T09:30:00+08:00")
    assert result.code == 2
    assert f"plugin deskplugin failed in hook {hook}: RuntimeError: deliberate failure" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert two_orgs.db_bytes() == before


def test_a_plugin_raising_at_intake_writes_no_complaint(two_orgs: Any, deskplugin: CoreTestPlugin) -> None:
    assert two_orgs.app.store is not None  # the database exists, migrated
    before = two_orgs.db_bytes()
    deskplugin.fail_in = "complaint_classify"
    result = two_orgs.cli("intake", "--org", "acme", "--channel", "phone", "--summary", "x", "--at", T0)
    assert result.code == 2 and "complaint_classify" in result.stderr
    assert two_orgs.db_bytes() == before
    deskplugin.fail_in = None
    assert _intake(two_orgs, "acme", "wang") == "C00000001"  # no id was burnt either


def test_the_database_itself_refuses_to_update_or_delete_an_event(two_orgs: Any) -> None:
    _intake(two_orgs, "acme", "wang")
    conn = two_orgs.connect()
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE events SET actor = 'mallory'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM events")
    assert conn.execute("SELECT count(*), min(actor) FROM events").fetchone() == (1, "wang")
    conn.close()


def test_rebuild_from_the_events_reproduces_every_projection_table(two_orgs: Any) -> None:
    a = _intake(two_orgs, "acme", "wang")
    b = _intake(two_orgs, "acme", "wang", T0, "--category", "safety", "--urgent")
    c = _intake(two_orgs, "other", "sun")
    for args in (
        (a, "forward", "--to", "工程部", "--at", "2026-10-01T09:05:00+08:00"),
        (a, "sign", "--actor", "zhao", "--at", "2026-10-01T09:07:00+08:00"),
        (a, "extend", "--field", "deadline=resolve", "--field", "until=2026-10-09T00:00:00+08:00", "--actor", "li", "--at", "2026-10-02T00:00:00+08:00"),
        (b, "step", "--field", "name=inspect_site", "--at", "2026-10-01T10:00:00+08:00"),
        (b, "resolve", "--at", "2026-10-01T11:00:00+08:00"),
        (b, "close", "--at", "2026-10-01T12:00:00+08:00"),
        (b, "reopen", "--note", "came back", "--at", "2026-10-02T12:00:00+08:00"),
        (c, "transfer", "--to", "环保局", "--actor", "sun", "--at", "2026-10-01T09:30:00+08:00"),
    ):
        assert two_orgs.cli("act", *args).code == 0
    two_orgs.cli("sweep", "--at", "2026-10-20T00:00:00+08:00")
    store = two_orgs.app.store
    live = store.snapshot()
    assert sum(len(rows) for rows in live.values()) > 10
    assert two_orgs.json("rebuild") == {"rebuilt": 3}
    assert store.snapshot() == live


def test_another_organizations_complaint_answers_exactly_like_a_missing_one(two_orgs: Any) -> None:
    theirs = _intake(two_orgs, "other", "sun")
    missing = two_orgs.cli("show", "C09999999", "--actor", "wang")
    for command in (
        ("show", theirs, "--actor", "wang"),
        ("show", theirs, "--org", "acme"),
        ("act", theirs, "note", "--note", "peek", "--actor", "wang"),
        ("act", theirs, "close", "--org", "acme"),
        ("compensate", theirs, "--actor", "wang"),
    ):
        result = two_orgs.cli(*command)
        assert result.code == missing.code == 2
        assert result.stderr.replace(theirs, "ID") == missing.stderr.replace("C09999999", "ID")
    assert two_orgs.json("show", theirs, "--actor", "sun")["org"] == "other"
    assert [e["action"] for e in two_orgs.json("show", theirs)["history"]] == ["intake"]


def test_links_added_by_a_rule_never_cross_into_another_organization(two_orgs: Any, deskplugin: CoreTestPlugin) -> None:
    from tousu import Effects, Link, hookimpl
    from tousu.testing import registered

    theirs = _intake(two_orgs, "other", "sun")
    ours = _intake(two_orgs, "acme", "wang")

    class Linker:
        @hookimpl
        def complaint_after_action(self, action: Any) -> Effects | None:
            return Effects(links=(Link("related", theirs), Link("related", ours))) if action.name == "note" else None

    with registered(Linker(), "linker"):
        config = tomllib.loads(two_orgs.config_path.read_text(encoding="utf-8"))
        config["orgs"]["acme"]["plugins"] = ["deskplugin", "linker"]
        two_orgs.write_config(config)
        doc = two_orgs.json("act", ours, "note", "--note", "x", "--at", "2026-10-01T10:00:00+08:00")
    assert doc["links"] == [{"kind": "related", "id": ours}]
