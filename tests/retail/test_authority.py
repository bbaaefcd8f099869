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
    """Round 2 (item j, cumulative authority): after a payment even ¥300 needs a new approval."""
    act(desk, claim, "approve", "--field", "amount=2400", actor="li", when=at(2, "10:00"))
    assert settle(desk, claim, "1800.00", when=at(2, "10:05")).code == 0
    again = settle(desk, claim, "600.00", when=at(2, "10:10"))
    assert again.code == 1 and "already been paid ¥1,800.00" in again.stderr
    assert settle(desk, claim, "300.00", when=at(2, "10:15")).code == 1  # within her own ¥500, but paid once
    assert desk.json("show", claim)["fields"]["paid_total"] == "1800.00"


def test_an_approval_smaller_than_the_settlement_does_not_count(desk: Any, claim: str) -> None:
    act(desk, claim, "approve", "--field", "amount=1000", actor="zhao", when=at(2, "10:00"))
    assert settle(desk, claim, "1000.01", when=at(2, "10:05")).code == 1


def test_a_department_head_cannot_approve_beyond_2000(desk: Any, claim: str) -> None:
    result = desk.cli("act", claim, "approve", "--field", "amount=2000.01", "--actor", "zhao", "--at", at(2))
    assert result.code == 1 and "limit ¥2,000.00" in result.stderr
    act(desk, claim, "approve", "--field", "amount=2000.00", actor="zhao", when=at(2))


def test_a_manager_pays_up_to_10000_and_the_general_manager_without_limit(desk: Any, claim: str) -> None:
    over = settle(desk, claim, "10000.01", actor="li", when=at(2, "10:00"))
    assert over.code == 1 and "limit ¥10,000.00" in over.stderr
    assert settle(desk, claim, "10000.00", actor="li", when=at(2, "10:01")).code == 0
    other = intake(desk, "--category", "property_damage", "--field", "loss=300000")["id"]
    assert settle(desk, other, "250000.00", actor="zhou", when=at(2, "10:00")).code == 0


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

    def claim() -> str:
        return intake(desk, "--category", "property_damage")["id"]

    cid = claim()
    refused = settle(desk, cid, "300.01")
    assert refused.code == 1 and "limit ¥300.00" in refused.stderr
    assert settle(desk, cid, "300.00").code == 0
    assert settle(desk, claim(), "300.00", actor="sun").code == 0  # finance is staff too
    assert settle(desk, claim(), "300.01", actor="sun").code == 1
    assert settle(desk, claim(), "9000.00", actor="li").code == 0  # the higher roles keep their defaults


def test_staff_authority_given_as_words_is_named_with_its_path(make_desk: Any) -> None:
    desk = make_desk(store_org(staff_authority="five hundred"))
    result = desk.cli("show", "C00000001")
    assert result.code == 2
    assert "orgs.store.settings.retail.staff_authority: expected a decimal amount" in result.stderr


# -- round 2: authority per complaint, cumulative (issue 13), paid once (item j, issue 14) --------


def test_ten_settlements_of_500_are_held_against_the_authority_like_one_of_5000(desk: Any) -> None:
    """Splitting a payment does not get round the ¥500: the second ¥500 makes the complaint's total ¥1,000."""
    cid = intake(desk, "--category", "property_damage", "--field", "loss=5000")["id"]
    assert settle(desk, cid, "500.00", when=at(2, "10:00")).code == 0
    second = settle(desk, cid, "500.00", when=at(2, "10:01"))
    assert second.code == 1
    assert "already been paid ¥500.00" in second.stderr and "¥1,000.00" in second.stderr
    by_colleague = settle(desk, cid, "500.00", actor="zhang", when=at(2, "10:02"))  # another receptionist: the same
    assert by_colleague.code == 1 and "already been paid ¥500.00" in by_colleague.stderr
    assert desk.json("show", cid)["fields"]["paid_total"] == "500.00"


def test_compensation_is_paid_once_and_a_further_settlement_needs_a_new_approval_of_the_total(desk: Any) -> None:
    """Item j (一次性支付): a second payment needs an approval covering what was paid plus the new amount."""
    cid = intake(desk, "--category", "property_damage", "--field", "loss=3000")["id"]
    act(desk, cid, "approve", "--field", "amount=2000", actor="li", when=at(2, "10:00"))
    assert settle(desk, cid, "2000.00", when=at(2, "10:05")).code == 0
    refused = settle(desk, cid, "1000.00", when=at(2, "10:10"))
    assert refused.code == 1 and "already been paid ¥2,000.00" in refused.stderr and "¥3,000.00" in refused.stderr
    # an approval of the new amount alone is not enough, nor one at or below what was paid
    too_low = desk.cli("act", cid, "approve", "--field", "amount=2000", "--actor", "li", "--at", at(2, "10:15"))
    assert too_low.code == 1 and "already been paid ¥2,000.00" in too_low.stderr
    act(desk, cid, "approve", "--field", "amount=3000", actor="li", when=at(2, "10:20"))
    assert settle(desk, cid, "1000.00", when=at(2, "10:25")).code == 0
    doc = desk.json("show", cid)
    assert doc["fields"]["paid_total"] == "3000.00"
    assert [s["approved_by"] for s in doc["fields"]["settlements"]] == ["li", "li"]


def test_two_staff_cannot_both_pay_the_same_approved_loss(desk: Any, claim: str) -> None:
    """One approval of ¥3,000: the first receptionist pays it, the second is refused with the paid total."""
    act(desk, claim, "approve", "--field", "amount=3000", actor="li", when=at(2, "10:00"))
    assert settle(desk, claim, "3000.00", actor="wang", when=at(2, "10:05")).code == 0
    second = settle(desk, claim, "3000.00", actor="zhang", when=at(2, "10:06"))
    assert second.code == 1 and "already been paid ¥3,000.00" in second.stderr
    assert desk.json("show", claim)["fields"]["paid_total"] == "3000.00"


def test_an_approval_by_the_settler_does_not_count_even_when_cumulative(desk: Any, claim: str) -> None:
    act(desk, claim, "approve", "--field", "amount=1500", actor="zhao", when=at(2, "10:00"))
    assert settle(desk, claim, "1500.00", actor="zhao", when=at(2, "10:05")).code == 0  # within his ¥2,000
    act(desk, claim, "approve", "--field", "amount=1800", actor="zhao", when=at(2, "10:10"))
    own = settle(desk, claim, "300.00", actor="zhao", when=at(2, "10:15"))
    assert own.code == 1 and "nobody approves their own settlement" in own.stderr
    assert settle(desk, claim, "300.00", actor="wang", when=at(2, "10:20")).code == 0  # zhao's approval serves wang


def test_the_customer_service_department_holds_the_500_authority_by_default(make_desk: Any) -> None:
    """客服部 handles complaints: its staff concede up to ¥500 without changing any setting."""
    from tousu.testing import org

    table = org("store", ["retail"], staff={"kefu": "customer_service", "xu": "supervisor", "li": "manager"})
    table["store"]["staff"]["xu"]["department"] = "客服部"
    desk = make_desk(table)
    for actor in ("kefu", "xu"):
        cid = intake(desk, "--category", "property_damage", actor="kefu")["id"]
        assert settle(desk, cid, "500.00", actor=actor).code == 0, actor
        cid = intake(desk, "--category", "property_damage", actor="kefu")["id"]
        over = settle(desk, cid, "500.01", actor=actor)
        assert over.code == 1 and "limit ¥500.00" in over.stderr
