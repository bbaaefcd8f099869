"""Delisting (撤场): each criterion found on generated data, with its evidence; nothing on clean data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.retail.conftest import act, at, intake


def delisting(desk: Any, month: str = "2026-10", when: str = "2026-11-01T09:00:00+08:00") -> list[dict[str, Any]]:
    doc = desk.json("retail", "delisting", "--org", "store", "--month", month, "--at", when)
    assert (doc["org"], doc["month"]) == ("store", month)
    return doc["candidates"]


def sold(desk: Any, tmp_path: Path, rows: list[str], name: str = "sales.csv") -> Any:
    path = tmp_path / name
    path.write_text("month,product,supplier,sold,quality_returns\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return desk.cli("retail", "sales", "import", str(path), "--org", "store", "--at", at(1))


def product_complaint(
    desk: Any, product: str, supplier: str, *args: str, when: str = at(1), channel: str = "phone"
) -> str:
    return intake(
        desk, "--field", f"product={product}", "--field", f"supplier={supplier}", *args, when=when, channel=channel
    )["id"]


def clean_month(desk: Any, tmp_path: Path) -> None:
    """A month of ordinary trouble that meets no criterion."""
    cid = product_complaint(desk, "TV-1", "创维")
    act(desk, cid, "ask_supplier", "--note", "is the panel 4K?", when=at(5, "10:00"))
    act(desk, cid, "supplier_answer", when=at(7, "09:00"))  # within the 2 days, to the minute
    act(desk, cid, "unacceptable_service", when=at(8))  # once in the month
    fake = product_complaint(desk, "PH-2", "某数码", "--category", "counterfeit", "--field", "price=999")
    act(desk, fake, "step", "--field", "name=verify_authenticity", "--field", "result=genuine", when=at(9))
    assert sold(desk, tmp_path, [
        "2026-08,TV-1,创维,1000,20", "2026-09,TV-1,创维,1000,20", "2026-10,TV-1,创维,1000,20",  # exactly 2%: not above
        "2026-08,AC-3,格力,500,15", "2026-09,AC-3,格力,500,5", "2026-10,AC-3,格力,500,15",  # one good month between
    ]).code == 0


def test_clean_data_has_no_candidates(desk: Any, tmp_path: Path) -> None:
    clean_month(desk, tmp_path)
    assert delisting(desk) == []
    text = desk.cli("retail", "delisting", "--org", "store", "--month", "2026-10", "--at", at(31, "23:00"))
    assert text.code == 0 and "no delisting candidates" in text.stdout


def test_proven_counterfeit_flags_the_product_with_the_complaint_as_evidence(desk: Any, tmp_path: Path) -> None:
    clean_month(desk, tmp_path)
    cid = product_complaint(desk, "PH-9", "某数码", "--category", "counterfeit", "--field", "price=2999")
    act(desk, cid, "step", "--field", "name=verify_authenticity", "--field", "result=counterfeit", when=at(12))
    [row] = delisting(desk)
    assert (row["number"], row["criterion"], row["target"], row["product"], row["supplier"]) == (
        1, "counterfeit", "product", "PH-9", "某数码",
    )
    assert row["evidence"] == [{"complaint": cid, "at": "2026-10-12T09:00:00+08:00"}]
    assert delisting(desk, "2026-09") == [] and delisting(desk, "2026-11", "2026-12-01T00:00:00+08:00") == []


def test_a_regulator_finding_flags_the_product(desk: Any) -> None:
    cid = product_complaint(desk, "HT-4", "美的", channel="quality_bureau")
    act(desk, cid, "regulator_finding", "--field", "agency=quality_bureau", "--note", "抽检不合格", when=at(6))
    [row] = delisting(desk)
    assert (row["criterion"], row["product"]) == ("regulator_finding", "HT-4")
    assert row["evidence"][0]["agency"] == "quality_bureau"


def test_a_question_unanswered_for_two_days_flags_the_product(desk: Any) -> None:
    silent = product_complaint(desk, "FR-5", "海尔")
    act(desk, silent, "ask_supplier", "--note", "标签与实物不符?", when=at(5, "10:00"))
    doc = desk.json("show", silent)
    assert next(d for d in doc["deadlines"] if d["name"] == "supplier_answer")["due_at"] == "2026-10-07T10:00:00+08:00"
    late = product_complaint(desk, "WM-6", "小天鹅")
    act(desk, late, "ask_supplier", "--note", "不是样品的颜色", when=at(5, "10:00"))
    act(desk, late, "supplier_answer", when=at(7, "10:01"))
    assert delisting(desk, when=at(7, "09:59")) == []  # nobody is late yet
    rows = delisting(desk, when=at(8))
    assert [(r["criterion"], r["product"]) for r in rows] == [("no_supplier_answer", "WM-6"), ("no_supplier_answer", "FR-5")]
    by_product = {r["product"]: r["evidence"][0] for r in rows}
    assert by_product["FR-5"]["answered_at"] is None
    assert by_product["WM-6"]["answered_at"] == "2026-10-07T10:01:00+08:00"


def test_quality_returns_above_two_percent_for_three_months_flag_the_product(desk: Any, tmp_path: Path) -> None:
    assert sold(desk, tmp_path, [
        "2026-08,MW-7,格兰仕,1000,30", "2026-09,MW-7,格兰仕,800,20", "2026-10,MW-7,格兰仕,1000,21",
        "2026-09,KT-8,苏泊尔,100,10", "2026-10,KT-8,苏泊尔,100,10",  # only two months of data
    ]).code == 0
    [row] = delisting(desk)
    assert (row["criterion"], row["product"], row["supplier"]) == ("quality_returns", "MW-7", "格兰仕")
    assert [e["rate"] for e in row["evidence"]] == ["3.00%", "2.50%", "2.10%"]
    assert delisting(desk, "2026-11", "2026-12-01T00:00:00+08:00") == []


def test_two_unacceptable_services_in_one_month_flag_the_supplier(desk: Any) -> None:
    """一个月内出现2次: within any 30 days (round 2), not a calendar month; 30 days apart is too far."""
    first = product_complaint(desk, "AC-1", "奥克斯", when=at(1))
    second = product_complaint(desk, "AC-2", "奥克斯", when=at(1))
    act(desk, first, "unacceptable_service", "--note", "installer rude", when=at(3))
    august = product_complaint(desk, "AC-9", "志高", when=at(20, month=8))
    act(desk, august, "unacceptable_service", when=at(28, month=8))
    other = product_complaint(desk, "AC-8", "志高", when=at(1))
    act(desk, other, "unacceptable_service", when=at(2))
    assert delisting(desk) == []  # 志高's two are 35 days apart; 奥克斯 has one so far
    act(desk, second, "unacceptable_service", when=at(25))
    [row] = delisting(desk)
    assert (row["criterion"], row["target"], row["supplier"], row["product"]) == (
        "unacceptable_service", "supplier", "奥克斯", None,
    )
    assert [e["complaint"] for e in row["evidence"]] == [first, second]


def test_two_unacceptable_services_on_31_october_and_1_november_are_within_a_month(desk: Any) -> None:
    """Criterion 5 counts any 30 days: the November list flags the supplier, October's alone does not."""
    first = product_complaint(desk, "AC-1", "奥克斯", when=at(30))
    second = product_complaint(desk, "AC-2", "奥克斯", when=at(31))
    act(desk, first, "unacceptable_service", when=at(31, "20:00"))
    act(desk, second, "unacceptable_service", when=at(1, "09:00", month=11))
    assert delisting(desk, "2026-10", "2026-12-01T00:00:00+08:00") == []
    [row] = delisting(desk, "2026-11", "2026-12-01T00:00:00+08:00")
    assert (row["criterion"], row["supplier"]) == ("unacceptable_service", "奥克斯")
    assert [e["complaint"] for e in row["evidence"]] == [first, second]


def test_an_answer_that_is_not_correct_and_reasonable_counts_like_a_late_one(desk: Any) -> None:
    """Criterion 3: 未能就顾客问题做出正确合理答复 — answered in time but unreasonably (reasonable=false)."""
    cid = product_complaint(desk, "FR-7", "北方冰箱")
    act(desk, cid, "ask_supplier", "--note", "实物与样品不符", when=at(5, "10:00"))
    act(desk, cid, "supplier_answer", "--field", "reasonable=false", "--note", "就是这样", when=at(6, "10:00"))
    [row] = delisting(desk)
    assert (row["criterion"], row["product"], row["supplier"]) == ("no_supplier_answer", "FR-7", "北方冰箱")
    assert row["evidence"][0]["reasonable"] is False
    fine = product_complaint(desk, "FR-8", "北方冰箱")
    act(desk, fine, "ask_supplier", "--note", "保修几年?", when=at(5, "10:00"))
    act(desk, fine, "supplier_answer", "--field", "reasonable=true", when=at(6, "10:00"))
    assert [r["product"] for r in delisting(desk)] == ["FR-7"]


def test_a_supplier_refusing_to_cooperate_is_flagged(desk: Any) -> None:
    cid = product_complaint(desk, "TV-3", "某电子")
    act(desk, cid, "supplier_refused", "--note", "拒绝上门", when=at(4))
    [row] = delisting(desk)
    assert (row["number"], row["target"], row["supplier"]) == (6, "supplier", "某电子")


def test_supplier_actions_need_a_supplier(desk: Any) -> None:
    cid = intake(desk)["id"]
    result = desk.cli("act", cid, "supplier_refused", "--actor", "wang", "--at", at(2))
    assert result.code == 2 and "--field supplier=NAME" in result.stderr
    act(desk, cid, "supplier_refused", "--field", "supplier=某电子", when=at(2))
    assert delisting(desk)[0]["supplier"] == "某电子"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (["2026-13,A,B,1,0"], "sales.csv: line 3: month '2026-13'"),
        (["2026-10,A,B,ten,0"], "line 3: sold 'ten'"),
        (["2026-10,A,B,10,-1"], "quality_returns '-1'"),
        (["2026-10,A,B,10,1", "2026-10,A,B,10,2"], "line 4: 2026-10 A / B appears twice"),
        (["2026-10,,B,10,1"], "must not be empty"),
    ],
)
def test_a_bad_sales_file_is_refused_whole(desk: Any, tmp_path: Path, rows: list[str], message: str) -> None:
    assert sold(desk, tmp_path, ["2026-09,OK,Fine,10,0"], "first.csv").code == 0
    before = desk.db_bytes()
    result = sold(desk, tmp_path, ["2026-08,OK,Fine,10,0", *rows])
    assert result.code == 2 and message in result.stderr
    assert desk.db_bytes() == before


def test_a_sales_file_with_wrong_columns_names_them(desk: Any, tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("month,product,sold,returns\n2026-10,A,1,0\n", encoding="utf-8")
    result = desk.cli("retail", "sales", "import", str(path), "--org", "store")
    assert result.code == 2 and "missing supplier, quality_returns" in result.stderr and "unknown returns" in result.stderr


def test_importing_a_month_again_replaces_it(desk: Any, tmp_path: Path) -> None:
    months = ["2026-08,MW-7,格兰仕,1000,30", "2026-09,MW-7,格兰仕,1000,30"]
    assert sold(desk, tmp_path, [*months, "2026-10,MW-7,格兰仕,1000,30"]).code == 0
    assert len(delisting(desk)) == 1
    corrected = desk.json("retail", "sales", "import", str(_write(tmp_path, "2026-10,MW-7,格兰仕,1000,5")), "--org", "store")
    assert corrected["imported"] == 1
    assert delisting(desk) == []


def _write(tmp_path: Path, row: str) -> Path:
    path = tmp_path / "fix.csv"
    path.write_text("\ufeffmonth,product,supplier,sold,quality_returns\r\n" + row + "\r\n", encoding="utf-8")
    return path


def test_delisting_checks_its_options(desk: Any) -> None:
    bad = desk.cli("retail", "delisting", "--org", "store", "--month", "October")
    assert bad.code == 2 and "YYYY-MM" in bad.stderr
    unknown = desk.cli("retail", "delisting", "--org", "nowhere", "--month", "2026-10")
    assert unknown.code == 2 and "unknown organization" in unknown.stderr


def test_delisting_runs_as_a_separate_process(desk: Any) -> None:
    cid = product_complaint(desk, "TV-3", "某电子")
    act(desk, cid, "supplier_refused", when=at(4))
    result = desk.subprocess("retail", "delisting", "--org", "store", "--month", "2026-10", "--at", at(31))
    assert result.code == 0, result.stderr
    assert "6. supplier_refused: supplier 某电子" in result.stdout and f"complaint={cid}" in result.stdout
