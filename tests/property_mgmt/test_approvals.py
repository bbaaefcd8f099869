"""Going over time needs the manager (minor) or the general manager (important, major) — SOP 1.10."""

from __future__ import annotations

from typing import Any

import pytest

from tests.property_mgmt.conftest import deadline, estate_org, file

EXTEND = ("extend", "--field", "deadline=resolve", "--field", "until=2026-10-20T09:00:00+08:00",
          "--note", "parts on order", "--at", "2026-10-02T10:00:00+08:00")


def test_a_receptionist_may_not_extend_a_minor_complaint_and_is_told_the_manager_must(desk: Any) -> None:
    cid = file(desk, "--tier", "minor")["id"]
    before = desk.db_bytes()
    result = desk.cli("act", cid, *EXTEND, "--actor", "wang")
    assert result.code == 1
    assert f"going over time on resolve of minor complaint {cid} needs the approval of the manager (SOP 1.10.1)" in (
        result.stderr
    )
    assert "wang is receptionist" in result.stderr
    assert desk.db_bytes() == before


def test_the_manager_extends_a_minor_complaint_and_the_approval_is_in_the_history(desk: Any) -> None:
    cid = file(desk, "--tier", "minor")["id"]
    desk.json("act", cid, *EXTEND, "--actor", "li")
    shown = desk.json("show", cid, "--at", "2026-10-02T10:00:00+08:00")
    resolve = deadline(shown, "resolve")
    assert resolve["due_at"] == "2026-10-20T09:00:00+08:00"
    assert resolve["extensions"] == [
        {
            "until": "2026-10-20T09:00:00+08:00",
            "previous": "2026-10-03T09:00:00+08:00",
            "approved_by": "li",
            "role": "manager",
            "at": "2026-10-02T10:00:00+08:00",
            "reason": "parts on order",
        }
    ]
    event = shown["history"][-1]
    assert (event["action"], event["actor"], event["role"]) == ("extend", "li", "manager")


@pytest.mark.parametrize("tier", ["important", "major"])
def test_the_manager_may_not_extend_an_important_or_major_complaint(desk: Any, tier: str) -> None:
    cid = file(desk, "--tier", tier)["id"]
    result = desk.cli("act", cid, *EXTEND, "--actor", "li")
    assert result.code == 1
    assert f"{tier} complaint {cid} needs the approval of the general_manager" in result.stderr
    assert "li is manager" in result.stderr


@pytest.mark.parametrize("tier", ["minor", "important", "major"])
def test_the_general_manager_may_extend_any_complaint(desk: Any, tier: str) -> None:
    cid = file(desk, "--tier", tier)["id"]
    desk.json("act", cid, *EXTEND, "--actor", "zhou")
    extension = deadline(desk.json("show", cid), "resolve")["extensions"][0]
    assert (extension["approved_by"], extension["role"]) == ("zhou", "general_manager")


def test_a_company_may_insist_on_exactly_the_named_approver(make_desk: Any) -> None:
    desk = make_desk(estate_org(higher_role_may_approve=False))
    cid = file(desk, "--tier", "minor")["id"]
    result = desk.cli("act", cid, *EXTEND, "--actor", "zhou")
    assert result.code == 1 and "needs the approval of the manager" in result.stderr


def test_every_time_limit_needs_the_same_approval_not_only_resolve(desk: Any) -> None:
    cid = file(desk, "--tier", "minor")["id"]
    result = desk.cli("act", cid, "extend", "--field", "deadline=forward", "--field",
                      "until=2026-10-01T09:30:00+08:00", "--actor", "zhao", "--at", "2026-10-01T09:05:00+08:00")
    assert result.code == 1 and "going over time on forward" in result.stderr


def test_an_extended_resolve_is_met_on_time_inside_the_new_limit(desk: Any) -> None:
    cid = file(desk, "--tier", "minor")["id"]
    desk.json("act", cid, *EXTEND, "--actor", "li")
    desk.json("act", cid, "resolve", "--actor", "zhao", "--at", "2026-10-05T09:00:00+08:00")
    assert deadline(desk.json("show", cid), "resolve")["on_time"] is True
