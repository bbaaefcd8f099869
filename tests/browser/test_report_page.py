"""The month's report, as ``tousu report --format html`` writes it, opened in real Chromium.

The desk's /reports page serves this same HTML; here it is checked on its own: the charts
are drawn (inline SVG with visible size), it reads at a desk screen and on a phone, and it
passes the accessibility pass.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser import a11y
from tests.browser.conftest import shot
from tousu.testing import org


@pytest.fixture
def report_file(make_desk: Any, tmp_path: Path) -> Path:
    desk = make_desk(org("estate", ["property_mgmt"], language="zh"))
    for hours, summary in enumerate(["电梯停在两层之间", "楼道灯不亮", "车库漏水"]):
        cid = desk.complaint("estate", summary=summary, at=desk.clock.advance(hours=hours + 1)).id
        if hours == 0:
            desk.app.act(cid, "resolve", actor="zhao", at=desk.clock.advance(hours=2))
    out = tmp_path / "report.html"
    result = desk.cli("report", "--org", "estate", "--month", "2026-10", "--format", "html", "--out", str(out))
    assert result.code == 0, result.stderr
    return out


def test_the_report_renders_its_charts_at_a_desk_screen(desk_browser: Any, report_file: Path) -> None:
    page = desk_browser.new_page()
    page.goto(report_file.as_uri())
    assert page.locator("html").get_attribute("lang") == "zh"
    charts = page.locator("svg")
    assert charts.count() >= 2  # the trend line and at least one bar chart
    for i in range(charts.count()):
        box = charts.nth(i).bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 20
    assert page.locator("svg.trend polyline, svg.trend path").count() >= 1
    assert a11y.problems(page) == []
    shot(page, "report-desk")


def test_the_report_reads_on_a_phone(phone_browser: Any, report_file: Path) -> None:
    page = phone_browser.new_page()
    page.goto(report_file.as_uri())
    assert page.locator("#headline .tile").count() >= 6
    shot(page, "report-phone")
