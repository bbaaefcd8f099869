"""Each format renders the same figures; an issued (frozen) report stays as issued and shows what changed."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from html.parser import HTMLParser
from typing import Any

import pytest

from tests.reporting.october import AT, build_october, intake

MONTH = ("--org", "city", "--month", "2026-10")


class Page(HTMLParser):
    """Collects what the tests look at in the html page: tags, tile values, text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[dict[str, str | None]] = []
        self.tiles: dict[str, str] = {}
        self.text: list[str] = []
        self._tile: str | None = None
        self._value = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        found = dict(attrs)
        self.attrs.append(found)
        if found.get("data-figure"):
            self._tile = found["data-figure"]
        self._value = found.get("class") == "v"

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._value and self._tile:
            self.tiles[self._tile] = data
            self._value = False


def test_the_text_report_is_aligned_and_labelled_in_chinese(hotline_desk: Any) -> None:
    build_october(hotline_desk)
    out = hotline_desk.cli("report", *MONTH, "--at", AT).stdout
    assert out.startswith("投诉统计报表 · city · 2026-10")
    lines = out.splitlines()
    assert "  受理投诉                4" in lines
    assert "  处理率              50.0%" in lines
    assert any(line.split() == ["噪声扰民", "2", "50.0%"] for line in lines)
    assert any(line.split() == ["答复", "5", "3", "60.0%"] for line in lines)
    assert "hotline section" in out and "3号楼" in out


def test_the_csv_report_has_one_row_per_figure(hotline_desk: Any) -> None:
    build_october(hotline_desk)
    out = hotline_desk.cli("report", *MONTH, "--at", AT, "--format", "csv").stdout
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["section", "figure", "key", "value"]
    assert ["core", "received", "", "4"] in rows
    assert ["core", "on_time_rate", "", "0.6667"] in rows
    assert ["core", "by_channel", "visit", "1"] in rows
    assert ["core", "on_time_by_deadline", "reply.due", "5"] in rows
    assert ["hotline", "complaint_categories", "street", "1"] in rows
    assert ["hotline", "top_places", "1.place", "3号楼"] in rows


def test_the_markdown_report_has_a_table_per_breakdown(hotline_desk: Any) -> None:
    build_october(hotline_desk)
    out = hotline_desk.cli("report", *MONTH, "--at", AT, "--format", "md").stdout
    assert out.startswith("# 投诉统计报表")
    assert "## 按渠道" in out and "| 电话 | 3 | 75.0% |" in out
    assert "### complaint categories" in out


def test_the_html_page_is_self_contained_and_shows_every_headline_figure(hotline_desk: Any, tmp_path: Any) -> None:
    build_october(hotline_desk)
    target = tmp_path / "october.html"
    result = hotline_desk.cli("report", *MONTH, "--at", AT, "--format", "html", "--out", str(target))
    assert result.code == 0 and result.stdout == ""
    html = target.read_text(encoding="utf-8")
    page = Page()
    page.feed(html)
    assert page.tiles == {
        "received": "4", "processed": "2", "processing_rate": "50.0%", "on_time_rate": "66.7%",
        "overdue_open": "1", "extensions": "1", "escalations": "2", "reopened": "1",
        "satisfaction_rate": "50.0%", "average_hours_to_resolve": "30",
    }
    assert "script" not in page.tags and "link" not in page.tags and "img" not in page.tags
    assert "http" not in html  # nothing to fetch: it renders the same offline
    charts = [a.get("class") for tag, a in zip(page.tags, page.attrs, strict=True) if tag == "svg"]
    assert charts.count("bars") >= 2 and "trend" in charts  # categories, channels, received vs resolved
    assert page.tags.count("polyline") == 2
    assert "噪声扰民" in page.text and "hotline section" in page.text


def test_a_frozen_month_is_shown_as_issued_and_a_fresh_run_says_what_changed(hotline_desk: Any) -> None:
    build_october(hotline_desk)
    issued = hotline_desk.cli("report", *MONTH, "--at", AT, "--freeze", "--actor", "li")
    assert issued.code == 0, issued.stderr
    # a late entry for October arrives after the report went out
    intake(hotline_desk, "city", "letter", "street", "2026-10-30T09:00:00+08:00")
    later = "2026-11-05T00:00:00+08:00"
    again = hotline_desk.cli("report", *MONTH, "--at", later, "--frozen")
    assert again.stdout == issued.stdout  # exactly as issued
    frozen = hotline_desk.json("report", *MONTH, "--at", later, "--frozen")
    assert frozen["received"] == 4 and frozen["frozen_at"] == AT and frozen["frozen_by"] == "li"
    fresh = hotline_desk.json("report", *MONTH, "--at", later)
    assert fresh["received"] == 5 and fresh["compared_with_frozen_at"] == AT
    changes = {c["figure"]: (c["frozen"], c["now"]) for c in fresh["changes_since_frozen"]}
    assert changes["received"] == (4, 5)
    assert changes["by_category.street"] == (1, 2)
    assert changes["by_channel.letter"] == (None, 1)
    assert changes["sections.hotline.complaints"] == (3, 4)
    text = hotline_desk.cli("report", *MONTH, "--at", later).stdout
    assert "签发后的变化" in text


def test_the_issued_report_is_in_frozen_reports_and_cannot_be_changed(hotline_desk: Any) -> None:
    build_october(hotline_desk)
    assert hotline_desk.cli("report", *MONTH, "--at", AT, "--freeze", "--actor", "li").code == 0
    conn = hotline_desk.connect()
    org, period, document = conn.execute("SELECT org, period, document FROM frozen_reports").fetchone()
    assert (org, period, json.loads(document)["received"]) == ("city", "2026-10", 4)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE frozen_reports SET document = '{}'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM frozen_reports")
    conn.close()


def test_a_month_cannot_be_frozen_before_it_ends_nor_twice(hotline_desk: Any) -> None:
    build_october(hotline_desk)
    before = hotline_desk.db_bytes()
    early = hotline_desk.cli("report", *MONTH, "--at", "2026-10-31T12:00:00+08:00", "--freeze", "--actor", "li")
    assert early.code == 1 and "到 2026-11-01 00:00 才结束" in early.stderr  # a zh organization (issue 18)
    assert hotline_desk.db_bytes() == before
    assert hotline_desk.cli("report", *MONTH, "--at", AT, "--freeze", "--actor", "li").code == 0
    twice = hotline_desk.cli("report", *MONTH, "--at", AT, "--freeze", "--actor", "li")
    assert twice.code == 1 and "already issued" in twice.stderr
    missing = hotline_desk.cli("report", "--org", "city", "--month", "2026-09", "--frozen")
    assert missing.code == 2 and "no report of 2026-09 was issued" in missing.stderr
