"""Changing an organization's timezone after it has complaints is refused, unless the
operator runs ``tousu rezone`` (which recomputes its months, audited): complaints never
move between months behind the register's back."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest

from tousu.testing import org

# 00:30 on 1 November in Shanghai is still 31 October in London
LATE = "2026-11-01T00:30:00+08:00"


@pytest.fixture
def desk(make_desk: Any) -> Any:
    return make_desk(org("shop", ["retail"]), org("quiet", ["retail"], staff={"ma": "manager"}))


def set_zone(desk: Any, org_id: str, zone: str) -> None:
    document = tomllib.loads(desk.config_path.read_text(encoding="utf-8"))
    document["orgs"][org_id]["timezone"] = zone
    desk.write_config(document)


def test_a_timezone_changed_under_complaints_is_refused_until_rezoned(desk: Any, figures: Any) -> None:
    cid = desk.json("intake", "--org", "shop", "--channel", "phone", "--summary", "s", "--actor", "wang", "--at", LATE)["id"]
    set_zone(desk, "quiet", "Europe/London")  # no complaints yet: a plain edit
    assert desk.cli("list", "--org", "quiet", "--actor", "ma").code == 0
    set_zone(desk, "shop", "Europe/London")
    attempts = [["list", "--org", "shop", "--actor", "li"], ["show", cid, "--actor", "li"],
                ["intake", "--org", "shop", "--channel", "phone", "--summary", "s", "--actor", "wang"],
                ["act", cid, "note", "--note", "n", "--actor", "wang"],
                ["report", "--org", "shop", "--month", "2026-10", "--actor", "li"]]
    before = desk.db_bytes()
    for attempt in attempts:
        error = desk.fails(*attempt, code=2)
        assert "orgs.shop.timezone is Europe/London" in error and "recorded in Asia/Shanghai" in error, error
        assert "tousu rezone --org shop" in error
    assert desk.db_bytes() == before
    assert desk.cli("list", "--org", "quiet", "--actor", "ma").code == 0  # the other organization works on
    # the operator migrates: without a name, as a receptionist, then as the manager
    assert "--actor" in desk.fails("rezone", "--org", "shop", code=2, env={"TOUSU_ACTOR": ""})
    assert "manager, general_manager" in desk.fails("rezone", "--org", "shop", "--actor", "wang", code=1)
    moved = desk.json("rezone", "--org", "shop", "--actor", "li")
    assert moved == {"org": "shop", "from": "Asia/Shanghai", "to": "Europe/London", "moved": 1}
    assert desk.json("show", cid, "--actor", "li")["id"] == cid
    assert desk.app.store.conn.execute("SELECT month FROM complaints WHERE id = ?", (cid,)).fetchone()[0] == "2026-10"
    assert desk.cli("rebuild").code == 0  # a rebuild keeps the migrated months
    desk.close()
    assert desk.app.store.conn.execute("SELECT month FROM complaints WHERE id = ?", (cid,)).fetchone()[0] == "2026-10"
    audit = desk.app.store.conn.execute("SELECT actor, action FROM audit WHERE org = 'shop'").fetchall()
    assert ("li", "rezone") in audit
    assert desk.cli("verify").code == 0
    figures(f"timezone: {len(attempts)} commands on an organization whose zone changed under its complaints refused "
            "(exit 2, database unchanged) until `tousu rezone`; 1 complaint moved from November to October")


def test_putting_the_timezone_back_is_enough(desk: Any) -> None:
    desk.json("intake", "--org", "shop", "--channel", "phone", "--summary", "s", "--actor", "wang", "--at", LATE)
    set_zone(desk, "shop", "UTC")
    desk.fails("list", "--org", "shop", "--actor", "li", code=2)
    set_zone(desk, "shop", "Asia/Shanghai")
    assert desk.cli("list", "--org", "shop", "--actor", "li").code == 0
