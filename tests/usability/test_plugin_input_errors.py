"""A zh retail desk's input errors read in Chinese (issue 18): the sales CSV, the delisting
list and ``--field`` values of the wrong type or for a field the action does not take.

Each refusal is still one line with exit 2; the ids and what the user typed stay as typed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.usability.test_plugin_texts import ALLOWED_RE, english_left
from tousu.testing import org

AT = "2026-10-01T10:00+08:00"


def zh_line(result: Any, *typed: str) -> str:
    """The one line a zh desk printed, checked for English besides ids and typed text."""
    line = (result.stdout + result.stderr).strip()
    rest = re.sub(r"（[a-z0-9_]+）", " ", ALLOWED_RE.sub(" ", line))  # an id after its label, as zh desks show them
    for word in sorted((*typed, "shop", "UTF-8"), key=len, reverse=True):
        rest = rest.replace(word, " ")
    assert english_left(rest) is None, line
    return line


@pytest.fixture
def shop(make_desk: Any) -> Any:
    return make_desk(org("shop", ["retail"], language="zh"))


CSV_ERRORS = {
    "month,product,supplier,sold\n2026-10,kettle,acme,3\n": "缺少",
    "month,product,supplier,sold,quality_returns,colour\n": "未知",
    "month,product,supplier,sold,quality_returns\n2026/10,kettle,acme,3,0\n": "第 2 行",
    "month,product,supplier,sold,quality_returns\n2026-10,,acme,3,0\n": "不能为空",
    "month,product,supplier,sold,quality_returns\n2026-10,kettle,acme,three,0\n": "整数",
    "month,product,supplier,sold,quality_returns\n2026-10,kettle,acme,3,0,9\n": "多于",
    "month,product,supplier,sold,quality_returns\n2026-10,kettle,acme,3,0\n2026-10,kettle,acme,4,1\n": "两次",
}


@pytest.mark.parametrize("content", list(CSV_ERRORS))
def test_a_bad_sales_file_is_refused_in_chinese(shop: Any, tmp_path: Path, content: str) -> None:
    path = tmp_path / "sales.csv"
    path.write_text(content, encoding="utf-8")
    result = shop.cli("retail", "sales", "import", str(path), "--org", "shop", "--at", AT)
    assert result.code == 2 and result.stderr.count("\n") == 1, result.stderr
    line = zh_line(result, str(path), "kettle", "acme", "three", "colour", "2026/10", "sold", "quality_returns",
                   "month", "product", "supplier")
    assert CSV_ERRORS[content] in line, line


def test_a_sales_file_that_is_missing_or_not_utf8_is_refused_in_chinese(shop: Any, tmp_path: Path) -> None:
    missing = shop.cli("retail", "sales", "import", str(tmp_path / "none.csv"), "--org", "shop")
    assert missing.code == 2 and "找不到文件" in zh_line(missing, str(tmp_path / "none.csv"))
    latin = tmp_path / "gbk.csv"
    latin.write_bytes("month,product\n十月".encode("gbk"))
    wrong = shop.cli("retail", "sales", "import", str(latin), "--org", "shop")
    assert wrong.code == 2 and "UTF-8" in zh_line(wrong, str(latin), "UTF-8")


def test_the_sales_import_and_the_delisting_list_report_in_chinese(shop: Any, tmp_path: Path) -> None:
    path = tmp_path / "sales.csv"
    path.write_text("month,product,supplier,sold,quality_returns\n2026-10,电水壶,甲厂,3,0\n", encoding="utf-8")
    done = shop.cli("retail", "sales", "import", str(path), "--org", "shop", "--at", AT)
    assert done.code == 0 and "1" in zh_line(done)
    empty = shop.cli("retail", "delisting", "--org", "shop", "--month", "2026-10", "--at", AT)
    assert empty.code == 0 and "撤场" in zh_line(empty)
    bad_month = shop.cli("retail", "delisting", "--org", "shop", "--month", "October")
    assert bad_month.code == 2 and zh_line(bad_month, "October")
    other = shop.cli("retail", "delisting", "--org", "shop", "--month", "2026-13")
    assert other.code == 2 and zh_line(other, "2026-13")


def test_a_field_of_the_wrong_type_or_unknown_reads_in_chinese(shop: Any) -> None:
    made = shop.json("intake", "--org", "shop", "--channel", "phone", "--summary", "冰箱漏水泡坏地板", "--actor", "wang",
                     "--category", "property_damage", "--contact", "13800000000", "--at", AT)
    cid = made["id"]
    cases = [
        (("settle", "--field", "amount=lots"), "amount", "lots"),
        (("settle", "--field", "amount=1.001"), "amount", "1.001"),
        (("settle",), "amount"),
        (("note", "--field", "nonsense"), "nonsense"),
        (("step", "--field", "name=polish"), "polish"),
        (("extend", "--field", "deadline=bogus", "--field", "until=2026-10-09", "--note", "等"), "bogus"),
        (("choose_remedy", "--field", "remedy=magic"), "remedy", "magic"),
        (("void", "--field", "event=x", "--note", "错了"), "event", "x"),
        (("extend", "--field", "deadline=resolve", "--field", "until=someday", "--note", "等"), "until", "someday"),
        (("callback", "--field", "satisfied=maybe"), "satisfied=maybe"),
    ]
    for args, *typed in cases:
        result = shop.cli("act", cid, *args, "--actor", "zhou", "--at", AT)
        assert result.code in (1, 2) and result.stderr.count("\n") == 1, (args, result.stderr)
        zh_line(result, *typed, cid)
    assert re.search(r"C\d{8}", cid)


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("--field satisfied=maybe: expected true or false", "--field satisfied=maybe：应为 true（是）或 false（否）"),
        ("--field event=x: expected a whole number", "--field event=x：应为整数"),
        ("--field score=9: expected a whole number from 1 to 5", "--field score=9：应为 1 到 5 之间的整数"),
        ("--field amount: expected a decimal amount, got 'lots'", "--field amount：应为金额（如 500.00），收到的是 'lots'"),
        ("--field amount: expected an amount of zero or more, got '-1'", "--field amount：金额不能为负，收到的是 '-1'"),
        ("--within: '3x' is not a duration; use a number and a unit: 90m, 2h, 3d, 1w",
         "--within：'3x' 不是时长；请写数字加单位：90m（分钟）、2h（小时）、3d（天）、1w（周）"),
        ("--at: 'soon' is not an ISO-8601 instant (example: 2026-10-01T09:00:00+08:00)",
         "--at：'soon' 不是有效的时间（例如 2026-10-01 09:00）"),
    ],
)
def test_the_cores_value_refusals_read_in_chinese(english: str, chinese: str) -> None:
    from tousu.messages.said import localize

    assert localize("zh", english) == chinese
    assert localize("en", english) == english
