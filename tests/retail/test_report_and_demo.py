"""The retail section of the month-end report, the config, and the demo."""

from __future__ import annotations

from typing import Any

from tests.retail.conftest import act, at, intake


def section(desk: Any, month: str = "2026-10") -> dict[str, Any]:
    doc = desk.json("report", "--org", "store", "--month", month, "--format", "json")
    [retail] = [s for s in doc["sections"] if s["domain"] == "retail"]
    return retail


def test_the_october_section_counts_major_complaints_money_approvals_and_open_steps(desk: Any) -> None:
    injury = intake(desk, "--category", "personal_injury", when=at(2))["id"]
    fake = intake(desk, "--category", "counterfeit", "--field", "price=300", "--field", "product=P-1",
                  "--field", "supplier=某数码", when=at(3))["id"]
    intake(desk, when=at(4))
    intake(desk, when=at(30, month=9))  # September: not counted
    act(desk, injury, "approve", "--field", "amount=1500", actor="li", when=at(5))
    act(desk, injury, "settle", "--field", "amount=1500.50", actor="zhou", when=at(5, "10:00"))
    act(desk, fake, "step", "--field", "name=verify_authenticity", "--field", "result=counterfeit", actor="qian", when=at(6))
    act(desk, fake, "settle", "--field", "amount=600", actor="li", when=at(6, "10:00"))
    desk.json("sweep", "--org", "store", "--at", at(20))
    figures = section(desk)["figures"]
    assert figures["major_complaints"] == 2
    assert figures["by_category"]["personal_injury"] == 1 and figures["by_category"]["general"] == 1
    assert figures["by_tier"] == {"level1": 1, "level2": 0, "level3": 0, "level4": 2}
    assert figures["escalated_to_level4"] == 2  # both majors ran out of time before 20 October
    assert (figures["settlements"], figures["compensation_paid"]) == (2, "2100.50")
    assert (figures["approvals"], figures["approved_amount"]) == (1, "1500.00")
    assert figures["open_steps"]["resolution_plan"] == 1 and figures["open_steps"]["customer_receipt"] == 2
    assert "verify_authenticity" not in figures["open_steps"]
    assert figures["delisting_candidates"] == [
        {"criterion": "counterfeit", "target": "product", "product": "P-1", "supplier": "某数码", "evidence": 1}
    ]
    assert section(desk, "2026-09")["figures"]["major_complaints"] == 0


def test_the_section_title_is_in_the_organizations_language(make_desk: Any) -> None:
    from tests.retail.conftest import store_org

    table = store_org()
    table["store"]["language"] = "zh"
    desk = make_desk(table)
    intake(desk)
    assert section(desk)["title"] == "零售重大投诉"


def test_every_channel_tier_category_step_and_deadline_has_zh_and_en_labels() -> None:
    from tousu_retail.domain import CATEGORIES, CHANNELS, DEADLINES, LABELS, ROLES, STEPS, TIERS

    for language in ("zh", "en"):
        missing = [k for k in (*CHANNELS, *TIERS, *CATEGORIES, *STEPS, *DEADLINES, *ROLES) if k not in LABELS[language]]
        assert missing == [], f"{language}: {missing}"


def test_init_writes_the_default_settings_and_they_load_back(tmp_path: Any) -> None:
    from click.testing import CliRunner

    from tousu.cli import cli

    config = tmp_path / "tousu.toml"
    result = CliRunner().invoke(cli, ["--config", str(config), "init", "--org", "shop", "--plugin", "retail"])
    assert result.exit_code == 0, result.output
    text = config.read_text(encoding="utf-8")
    assert 'annual_living_cost = "32994.00"' in text and 'living_subsidy = "140/9"' in text
    listed = CliRunner().invoke(cli, ["--config", str(config), "plugins", "--json"])
    assert listed.exit_code == 0


def test_a_broken_grade_table_is_a_config_error_with_its_path(make_desk: Any) -> None:
    from tests.retail.conftest import store_org

    desk = make_desk(store_org(disability_grades={"1": {"living_subsidy": "twenty", "compensation": "10"}}))
    result = desk.cli("show", "C00000001")
    assert result.code == 2 and "orgs.store.settings.retail" in result.stderr and "disability_grades" in result.stderr


def test_the_demo_shows_a_major_complaint_with_its_compensation() -> None:
    from click.testing import CliRunner

    from tousu.cli import cli

    result = CliRunner().invoke(cli, ["demo"])
    assert result.exit_code == 0, result.output
    retail = result.output.split("organization retail-demo")[1]
    # the demo prints each command's own text: labels of the zh org, money as ¥ with separators (issue 18)
    lines = retail.splitlines()
    assert any("级别" in line and "三级投诉(重大)" in line for line in lines)
    assert any("类别" in line and "人身伤害(2-2)" in line for line in lines)
    assert any("残疾生活补助费" in line and "¥329,940.00" in line for line in lines)
    assert any("合计" in line and "¥503,282.34" in line for line in lines)
    assert "超出wang的权限" in retail  # a zh desk reads the refusal in Chinese (issue 18)
    assert "三级投诉(重大) → 四级投诉(重大·升级)" in retail and "《消费者权益保护法》第五十五条" in retail
