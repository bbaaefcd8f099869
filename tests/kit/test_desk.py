"""The test kit's desk reads its own database through one opener, `Desk.store`, on either store."""

from __future__ import annotations

from typing import Any

from tousu.testing import org


def test_the_desk_opens_the_database_its_commands_write(make_desk: Any) -> None:
    desk = make_desk(
        org("first", ["property_mgmt"], staff={"ma": "receptionist"}),
        org("second", ["property_mgmt"], staff={"wang": "receptionist", "li": "manager"}),
    )
    cid = desk.json(
        "intake",
        "--org",
        "second",
        "--channel",
        "phone",
        "--summary",
        "电梯停了",
        "--actor",
        "li",
        "--at",
        "2026-10-01T09:00:00+08:00",
    )["id"]
    with desk.store() as store:
        assert store.org_of(cid) == "second"
        assert store.load(cid).summary == "电梯停了"
    # without --org or --actor the kit names a member of the complaint's own organization (read
    # through the same opener): first's receptionist would be told the case does not exist
    assert desk.json("show", cid)["id"] == cid
    # and for an act, the first of them the role policy lets take it (invalid: not the receptionist)
    done = desk.json("act", cid, "invalid", "--note", "打错了", "--at", "2026-10-01T09:10:00+08:00")
    assert done["status"] == "invalid"
