"""Compensation against hand-computed cases, to the fen (S = ¥32,994.00 unless a test sets it).

Items e and f: grade 1 pays 20 × S and 10 × S, grade 10 pays 10 × S and 5 × S, linear
between — grade 5 is 20 − 4 × 10/9 = 140/9 years of S and half of that.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.retail.conftest import intake, store_org


def compensate(desk: Any, cid: str, *facts: str, actor: str = "wang") -> dict[str, Any]:
    args: list[str] = []
    for fact in facts:
        args += ["--field", fact]
    return desk.json("compensate", cid, *args, "--actor", actor)


def items(doc: dict[str, Any]) -> dict[str, str]:
    return {item["name"]: item["amount"] for item in doc["items"]}


@pytest.fixture
def injury(desk: Any) -> str:
    return intake(desk, "--category", "personal_injury")["id"]


@pytest.mark.parametrize(
    ("grade", "living", "compensation"),
    [
        (1, "659880.00", "329940.00"),  # 20 × S, 10 × S
        (5, "513240.00", "256620.00"),  # 140/9 × S = 32994 / 9 × 140 = 3666 × 140; half of it
        (10, "329940.00", "164970.00"),  # 10 × S, 5 × S
    ],
)
def test_disability_items_e_and_f_by_grade(desk: Any, injury: str, grade: int, living: str, compensation: str) -> None:
    doc = compensate(desk, injury, "medical_cost=1000", f"disability_grade={grade}")
    found = items(doc)
    assert found["disability_living_subsidy"] == living
    assert found["disability_compensation"] == compensation
    assert Decimal(doc["total"]) == 1000 + Decimal(living) + Decimal(compensation)
    assert f"grade {grade}" in next(i["basis"] for i in doc["items"] if i["name"] == "disability_living_subsidy")


def test_a_fractional_multiple_is_rounded_half_up_to_the_fen(make_desk: Any) -> None:
    desk = make_desk(store_org(annual_living_cost="40000.00"))
    cid = intake(desk, "--category", "personal_injury")["id"]
    two = items(compensate(desk, cid, "disability_grade=2"))
    assert two["disability_living_subsidy"] == "755555.56"  # 40000 × 170/9 = 755555.555…
    assert two["disability_compensation"] == "377777.78"  # 40000 × 85/9 = 377777.777…
    five = items(compensate(desk, cid, "disability_grade=5"))
    assert five["disability_living_subsidy"] == "622222.22"  # 40000 × 140/9 = 622222.222…


def test_items_a_to_d_from_the_facts(desk: Any, injury: str) -> None:
    doc = compensate(
        desk, injury, "medical_cost=3860.50", "nursing_days=12", "nursing_daily_rate=150.50",
        "lost_days=30", "aids_cost=1280",
    )
    assert items(doc) == {
        "medical": "3860.50",
        "nursing": "1806.00",  # 12 × 150.50
        "lost_income": "2711.84",  # 32994 × 30 / 365 = 2711.8356…
        "disability_aids": "1280.00",
    }
    assert doc["total"] == "9658.34"
    assert doc["currency"] == "CNY"
    assert doc["needs_approval"] is True  # more than the receptionist's ¥500


def test_actual_lost_income_wins_over_the_pro_rata_living_cost(desk: Any, injury: str) -> None:
    doc = compensate(desk, injury, "medical_cost=100", "lost_income=4200", "lost_days=30")
    assert items(doc)["lost_income"] == "4200.00"
    assert "actual income" in doc["items"][1]["basis"]


def test_no_medical_cost_means_a_goodwill_gift_not_money(desk: Any, injury: str) -> None:
    doc = compensate(desk, injury, "nursing_days=2", "nursing_daily_rate=100")
    assert items(doc)["medical"] == "0.00" and "goodwill" in doc["items"][0]["basis"]
    assert doc["total"] == "200.00" and doc["needs_approval"] is False


def test_a_death_with_two_dependants_from_a_facts_file(desk: Any, injury: str, tmp_path: Path) -> None:
    facts = tmp_path / "death.toml"
    facts.write_text(
        'medical_cost = "12000.00"\n'
        "death = true\n"
        'funeral_cost = "8000.00"\n'
        "[[dependants]]\nname = \"daughter\"\nage = 10\n"
        "[[dependants]]\nname = \"father\"\nage = 68\nunable_to_work = true\n",
        encoding="utf-8",
    )
    doc = desk.json("compensate", injury, "--facts", str(facts), "--actor", "zhou")
    assert items(doc) == {
        "medical": "12000.00",
        "funeral": "8000.00",
        "death_compensation": "659880.00",  # h: 20 × S
        "dependant_1": "263952.00",  # i: minor aged 10 → 8 years × S
        "dependant_2": "659880.00",  # i: unable to work → 20 years × S
    }
    assert doc["total"] == "1603712.00"
    assert doc["needs_approval"] is False  # the general manager's authority has no limit


def test_dependants_can_be_typed_on_the_command_line(desk: Any, injury: str) -> None:
    doc = compensate(desk, injury, "disability_grade=10", "dependants=17,45:unable_to_work,40")
    found = items(doc)
    assert found["dependant_1"] == "32994.00" and found["dependant_2"] == "659880.00"
    assert "dependant_3" not in found
    assert any("able to work" in w for w in doc["warnings"])


def test_a_counterfeit_pays_twice_the_price_and_warns_below_the_statutory_floor(desk: Any) -> None:
    cid = intake(desk, "--category", "counterfeit", "--field", "price=99.00")["id"]
    doc = compensate(desk, cid, actor="li")
    assert items(doc) == {"counterfeit": "198.00"}
    assert "假一赔二" in doc["items"][0]["basis"]
    assert len(doc["warnings"]) == 1
    warning = doc["warnings"][0]
    assert "art. 55" in warning and "¥599.00" in warning  # 99 refund + max(3 × 99, 500)
    assert "¥401.00 less" in warning


def test_a_counterfeit_at_the_statutory_floor_gets_no_warning(make_desk: Any) -> None:
    desk = make_desk(store_org(counterfeit_multiplier=4))
    at_floor = intake(desk, "--category", "counterfeit", "--field", "price=200")["id"]
    assert compensate(desk, at_floor, actor="li")["warnings"] == []  # 800 = 200 + max(600, 500)
    below = intake(desk, "--category", "counterfeit", "--field", "price=100")["id"]
    assert "¥600.00" in compensate(desk, below, actor="li")["warnings"][0]  # 400 < 100 + 500


def test_a_counterfeit_adds_the_injury_and_property_items_given(desk: Any) -> None:
    cid = intake(desk, "--category", "counterfeit", "--field", "price=1000")["id"]
    doc = compensate(desk, cid, "medical_cost=500", "loss=650.25", actor="li")
    assert items(doc) == {"counterfeit": "2000.00", "medical": "500.00", "property_loss": "650.25"}
    assert doc["total"] == "3150.25"


def test_property_damage_pays_the_loss_from_receipts_or_an_estimate(desk: Any) -> None:
    cid = intake(desk, "--category", "property_damage", "--field", "loss=2400")["id"]
    doc = compensate(desk, cid)
    assert items(doc) == {"property_loss": "2400.00"} and "receipts" in doc["items"][0]["basis"]
    estimated = compensate(desk, cid, "loss=3100.10", "loss_basis=estimate")
    assert estimated["total"] == "3100.10" and "estimate" in estimated["items"][0]["basis"]


@pytest.mark.parametrize(("loss", "needs"), [("499.99", False), ("500.00", False), ("500.01", True)])
def test_needs_approval_exactly_above_the_receptionists_500(desk: Any, loss: str, needs: bool) -> None:
    cid = intake(desk, "--category", "property_damage")["id"]
    assert compensate(desk, cid, f"loss={loss}")["needs_approval"] is needs
    assert compensate(desk, cid, f"loss={loss}", actor="zhao")["needs_approval"] is False


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        (("nursing_days=3",), "nursing_daily_rate"),
        (("disability_grade=11",), "from 1 to 10"),
        (("medical_cost=12.345",), "2 decimal places"),
        (("medical_cost=-5",), "zero or more"),
        (("death=true", "disability_grade=3"), "not both"),
        (("funeral_cost=5000",), "death=true"),
        (("medical_cost=100", "dependants=12"), "disabled or deceased"),
        (("dependants=twelve", "death=true"), "whole number"),
    ],
)
def test_malformed_facts_are_one_line_and_exit_2(desk: Any, injury: str, facts: tuple[str, ...], message: str) -> None:
    args = [a for f in facts for a in ("--field", f)]
    result = desk.cli("compensate", injury, *args, "--actor", "wang")
    assert result.code == 2 and message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_complaint_without_compensation_facts_says_which_to_give(desk: Any) -> None:
    cid = intake(desk)["id"]
    result = desk.cli("compensate", cid, "--actor", "wang")
    assert result.code == 2 and "--field price=A" in result.stderr


def test_the_grade_table_is_a_setting(make_desk: Any) -> None:
    from tousu_retail.settings import default_grades

    grades = {g: {"living_subsidy": row.living_subsidy, "compensation": row.compensation} for g, row in default_grades().items()}
    grades["3"] = {"living_subsidy": "16", "compensation": "8.5"}
    desk = make_desk(store_org(disability_grades=grades))
    cid = intake(desk, "--category", "personal_injury")["id"]
    found = items(compensate(desk, cid, "disability_grade=3"))
    assert found["disability_living_subsidy"] == "527904.00"  # 16 × 32994
    assert found["disability_compensation"] == "280449.00"  # 8.5 × 32994
