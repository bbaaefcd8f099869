"""The desk's text screens: header rows, aligned columns, labels in the org's language."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tousu.default_plugins.doors import tables
from tousu.testing import org

AT = "2026-10-01T18:00:00+08:00"


@pytest.fixture
def estate(make_desk: Any) -> Any:
    desk = make_desk(org("estate", ["property_mgmt"], language="zh"), org("sunny", ["property_mgmt"], language="en"))
    for org_id in ("estate", "sunny"):
        desk.cli("intake", "--org", org_id, "--channel", "phone", "--summary", "3栋电梯停在两层之间" * 8,
                 "--tier", "important", "--contact", "13812345678", "--at", "2026-10-01T09:00:00+08:00")
    return desk


def test_list_prints_a_header_row_and_fits_120_columns(estate: Any) -> None:
    lines = estate.cli("list", "--org", "estate").stdout.splitlines()
    assert lines[0].split()[:3] == ["编号", "受理时间", "状态"]
    assert "2026-10-01 09:00" in lines[1] and lines[1].endswith("…")
    assert all(tables.width(line) <= 120 for line in lines)
    english = estate.cli("list", "--org", "sunny").stdout.splitlines()
    assert english[0].split()[:3] == ["id", "received", "status"]


def test_due_prints_a_header_row_and_how_late_in_the_orgs_language(estate: Any) -> None:
    zh = estate.cli("due", "--org", "estate", "--at", AT).stdout.splitlines()
    assert "编号" in zh[0] and "到期时间" in zh[0]
    assert any(line.startswith("!") and "超时 8小时50分钟" in line for line in zh)
    assert any("2026-10-01 24:00" in line for line in zh)  # the same-day report, not 23:59:59.999999
    en = estate.cli("due", "--org", "sunny", "--at", AT).stdout.splitlines()
    assert "deadline" in en[0] and any("late by 8h 50m" in line for line in en)
    assert all(tables.width(line) <= 120 for line in zh + en)


def test_show_aligns_its_labels_in_every_language(estate: Any) -> None:
    for complaint_id in ("C00000001", "C00000002"):  # zh, then en
        head = estate.cli("show", complaint_id, "--at", AT).stdout.split("\n\n")[0].splitlines()
        value_columns = {tables.width(re.match(r"^(.+?) {2,}", line).group(0)) for line in head}
        assert len(value_columns) == 1, head


def test_sweep_and_act_speak_the_orgs_language(estate: Any) -> None:
    assert estate.cli("act", "C00000001", "acknowledge", "--at", AT).stdout.strip() == "C00000001：确认 → 已确认"
    assert estate.cli("act", "C00000002", "acknowledge", "--at", AT).stdout.strip() == "C00000002: acknowledge → acknowledged"
    swept = estate.cli("sweep", "--org", "estate", "--at", "2026-10-02T09:00:00+08:00").stdout.splitlines()
    assert swept[0].startswith("到期检查 2026-10-02 09:00：超时")
    assert any("当天上报总经理/主管经理（到期 2026-10-01 24:00）" in line for line in swept)


def test_the_demo_prints_the_command_whose_output_follows() -> None:
    from click.testing import CliRunner

    from tousu.cli import cli

    out = CliRunner().invoke(cli, ["demo"]).output
    assert "--json" not in out
    lines = out.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("$ tousu compensate"):
            assert lines[index + 1].strip(), "a compensate step printed nothing"
