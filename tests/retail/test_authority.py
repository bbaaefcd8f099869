"""The ¥500 staff authority (利用500元的权限), approvals by higher roles, and the history of both."""

from __future__ import annotations

from typing import Any

import pytest

from tests.retail.conftest import act, at, intake, store_org


@pytest.fixture
def claim(desk: Any) -> str:
    return intake(desk, "--category", "property_damage", "--field", "loss=3000")["id"]


def settle(desk: Any, cid: str, amount: str, actor: str = "wang", when: str | None = None) -> Any:
    return desk.cli("act", cid, "settle", "--field", f"amount={amount}", "--actor", actor, "--at", when or at(2))


@pytest.mark.parametrize(("amount", "code"), [("499.99", 0), ("500.00", 0), ("500.01", 1)])
def test_a_receptionist_settles_up_to_500_on_her_own(desk: Any, claim: str, amount: str, code: int) -> None:
    result = settle(desk, claim, amount)
    assert result.code == code, result.stderr
    if code:
        assert "limit ¥500.00" in result.stderr and "¥500.01" in result.stderr


def test_a_refused_settlement_changes_nothing(desk: Any, claim: str) -> None:
    before = desk.db_bytes()
    assert settle(desk, claim, "500.01").code == 1
    assert desk.db_bytes() == before


def test_a_manager_approves_and_the_receptionist_then_pays(desk: Any, claim: str) -> None:
    act(desk, claim, "approve", "--field", "amount=2400", actor="li", when=at(2, "10:00"))
    result = settle(desk, claim, "2400.00", when=at(2, "10:05"))
    assert result.code == 0, result.stderr
    doc = desk.json("show", claim)
    assert doc["fields"]["settlements"] == [
        {"amount": "2400.00", "by": "wang", "role": "receptionist", "at": "2026-10-02T10:05:00+08:00", "approved_by": "li"}
    ]
    assert doc["fields"]["paid_total"] == "2400.00"
    history = [(e["action"], e["actor"], e["role"]) for e in doc["history"]]
    assert ("approve", "li", "manager") in history and ("settle", "wang", "receptionist") in history


def test_an_approval_covers_smaller_amounts_and_is_used_up_by_one_settlement(desk: Any, claim: str) -> None:
    act(desk, claim, "approve", "--field", "amount=2400", actor="li", when=at(2, "10:00"))
    assert settle(desk, claim, "1800.00", when=at(2, "10:05")).code == 0
    again = settle(desk, claim, "600.00", when=at(2, "10:10"))
    assert again.code == 1 and "no approval of at least ¥600.00" in again.stderr
    assert settle(desk, claim, "300.00", when=at(2, "10:15")).code == 0  # within her own ¥500
    assert desk.json("show", claim)["fields"]["paid_total"] == "2100.00"


def test_an_approval_smaller_than_the_settlement_does_not_count(desk: Any, claim: str) -> None:
    act(desk, claim, "approve", "--field", "amount=1000", actor="zhao", when=at(2, "10:00"))
    assert settle(desk, claim, "1000.01", when=at(2, "10:05")).code == 1


def test_a_department_head_cannot_approve_beyond_2000(desk: Any, claim: str) -> None:
    result = desk.cli("act", claim, "approve", "--field", "amount=2000.01", "--actor", "zhao", "--at", at(2))
    assert result.code == 1 and "limit ¥2,000.00" in result.stderr
    act(desk, claim, "approve", "--field", "amount=2000.00", actor="zhao", when=at(2))


def test_a_manager_pays_up_to_10000_and_the_general_manager_without_limit(desk: Any, claim: str) -> None:
    assert settle(desk, claim, "10000.00", actor="li").code == 0
    over = settle(desk, claim, "10000.01", actor="li", when=at(2, "10:00"))
    assert over.code == 1 and "limit ¥10,000.00" in over.stderr
    assert settle(desk, claim, "250000.00", actor="zhou", when=at(2, "10:00")).code == 0


def test_nobody_approves_their_own_settlement(desk: Any, claim: str) -> None:
    own = desk.cli("act", claim, "approve", "--field", "amount=900", "--field", "for=li", "--actor", "li", "--at", at(2))
    assert own.code == 1 and "nobody approves their own settlement" in own.stderr
    act(desk, claim, "approve", "--field", "amount=900", "--field", "for=zhang", actor="li", when=at(2))
    assert settle(desk, claim, "900.00", actor="wang", when=at(2, "10:00")).code == 1  # approved for zhang only
    assert settle(desk, claim, "900.00", actor="zhang", when=at(2, "10:00")).code == 0


def test_roles_without_a_limit_in_the_table_have_no_authority(desk: Any, claim: str) -> None:
    result = settle(desk, claim, "0.01", actor="sun")
    assert result.code == 1 and "finance, limit ¥0.00" in result.stderr


def test_the_authority_table_is_a_setting(make_desk: Any) -> None:
    desk = make_desk(store_org(staff_authority={"receptionist": "800.00", "finance": "100.00"}))
    cid = intake(desk, "--category", "property_damage")["id"]
    assert settle(desk, cid, "800.00").code == 0
    assert settle(desk, cid, "100.01", actor="sun").code == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "settle needs --field amount=A"),
        (("--field", "amount=five hundred"), "expected a decimal amount"),
        (("--field", "amount=1.001"), "2 decimal places"),
    ],
)
def test_a_settlement_needs_a_well_formed_amount(desk: Any, claim: str, args: tuple[str, ...], message: str) -> None:
    result = desk.cli("act", claim, "settle", *args, "--actor", "wang", "--at", at(2))
    assert result.code == 2 and message in result.stderr


def test_a_bad_authority_setting_is_reported_with_its_path(make_desk: Any) -> None:
    desk = make_desk(store_org(staff_authority={"receptionist": "five hundred"}))
    result = desk.cli("show", "C00000001")
    assert result.code == 2
    assert "orgs.store.settings.retail.staff_authority" in result.stderr and "five hundred" in result.stderr


def test_one_amount_for_staff_authority_as_in_the_deployment_guide_is_every_staff_members_limit(make_desk: Any) -> None:
    desk = make_desk(store_org(staff_authority="300.00"))
    cid = intake(desk, "--category", "property_damage")["id"]
    refused = settle(desk, cid, "300.01")
    assert refused.code == 1 and "limit ¥300.00" in refused.stderr
    assert settle(desk, cid, "300.00").code == 0
    assert settle(desk, cid, "300.00", actor="sun").code == 0  # finance is staff too
    assert settle(desk, cid, "300.01", actor="sun").code == 1
    assert settle(desk, cid, "9000.00", actor="li").code == 0  # the higher roles keep their defaults


def test_staff_authority_given_as_words_is_named_with_its_path(make_desk: Any) -> None:
    desk = make_desk(store_org(staff_authority="five hundred"))
    result = desk.cli("show", "C00000001")
    assert result.code == 2
    assert "orgs.store.settings.retail.staff_authority: expected a decimal amount" in result.stderr
