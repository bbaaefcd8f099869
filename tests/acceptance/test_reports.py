"""Acceptance: month-end reports, the daily list and the bulk paths (DESIGN §6; issue 6).

Each month's figures: received, by channel, category and tier, processing rate, on-time
rate, satisfaction rate, and one section per domain; formats text, json, csv, md, html; the
register exported with personal data masked and imported back through the real lifecycle.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any

from tests.acceptance.conftest import CONFIG
from tousu.testing import org

REPORT_KEYS = {"received", "by_channel", "by_category", "by_tier", "processing_rate", "on_time_rate",
               "satisfaction_rate", "sections"}


def estate_month(desk: Any) -> list[str]:
    """Three October complaints at the estate: one handled to close on time, one late, one open."""
    ids = []
    for tier, at in (("minor", "2026-10-01T09:00"), ("important", "2026-10-02T09:00"), ("minor", "2026-10-03T09:00")):
        ids.append(desk.json("intake", "--org", "estate", "--channel", "phone", "--summary", f"{tier} complaint",
                             "--tier", tier, "--contact", "13812345678", "--complainant", "张先生",
                             "--actor", "reception", "--at", at)["id"])
    first, second, _ = ids
    for action, extra, actor, at in (
        ("forward", ["--to", "Engineering"], "reception", "2026-10-01T09:05"),
        ("sign", [], "head", "2026-10-01T09:08"),
        ("resolve", [], "head", "2026-10-02T09:00"),
        ("notify", [], "reception", "2026-10-02T10:00"),
        ("callback", ["--field", "satisfied=true"], "patrol", "2026-10-03T10:00"),
        ("close", [], "reception", "2026-10-03T11:00"),
    ):
        desk.json("act", first, action, *extra, "--actor", actor, "--at", at)
    desk.json("act", second, "forward", "--to", "Security", "--actor", "reception", "--at", "2026-10-02T09:30")
    return ids


def test_a_months_report_has_every_figure_the_contract_names(desk: Any) -> None:
    estate_month(desk)
    report = desk.json("report", "--org", "estate", "--month", "2026-10", "--at", "2026-11-01T00:00")
    assert set(report) >= REPORT_KEYS
    assert report["received"] == 3
    assert report["by_channel"] == {"phone": 3}
    assert report["by_tier"] == {"minor": 2, "important": 1}
    assert sum(report["by_category"].values()) == 3
    assert report["processing_rate"] == 0.3333
    assert report["satisfaction_rate"] == 1.0
    assert 0 <= report["on_time_rate"] < 1
    assert [s["domain"] for s in report["sections"]] == ["property_mgmt"]


def test_an_empty_month_has_zero_received_and_no_rates(desk: Any) -> None:
    report = desk.json("report", "--org", "estate", "--month", "2026-09", "--at", "2026-11-01T00:00")
    assert report["received"] == 0
    assert report["processing_rate"] is None and report["satisfaction_rate"] is None


def test_a_complaint_belongs_to_the_month_of_its_receipt_in_local_time(desk: Any) -> None:
    """23:30 on 31 October in Shanghai is October's; 16:30 UTC that day is 00:30 on 1 November there."""
    desk.json("intake", "--org", "hypermart", "--channel", "phone", "--summary", "a",
              "--at", "2026-10-31T23:30:00+08:00")
    desk.json("intake", "--org", "hypermart", "--channel", "phone", "--summary", "b",
              "--at", "2026-10-31T16:30:00Z")  # 00:30 on 1 November in Shanghai
    october = desk.json("report", "--org", "hypermart", "--month", "2026-10", "--at", "2026-11-02T00:00")
    november = desk.json("report", "--org", "hypermart", "--month", "2026-11", "--at", "2026-11-02T00:00")
    assert (october["received"], november["received"]) == (1, 1)


def test_a_date_range_report_includes_both_days(desk: Any) -> None:
    estate_month(desk)
    report = desk.json("report", "--org", "estate", "--from", "2026-10-02", "--to", "2026-10-03",
                       "--at", "2026-11-01T00:00")
    assert report["received"] == 2


def test_every_format_renders(desk: Any) -> None:
    estate_month(desk)
    base = ("report", "--org", "estate", "--month", "2026-10", "--at", "2026-11-01T00:00")
    text = desk.cli(*base)
    assert text.code == 0 and "2026-10" in text.stdout
    csv = desk.cli(*base, "--format", "csv")
    assert csv.code == 0 and "received" in csv.stdout
    md = desk.cli(*base, "--format", "md")
    assert md.code == 0 and "|" in md.stdout
    html = desk.cli(*base, "--format", "html")
    assert html.code == 0
    tags: list[str] = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag: str, attrs: Any) -> None:
            tags.append(tag)

    Tags().feed(html.stdout)
    assert "svg" in tags and "table" in tags and "script" not in tags
    as_json = desk.cli(*base, "--format", "json")
    assert json.loads(as_json.stdout)["received"] == 3


def test_a_chinese_desks_report_speaks_chinese(desk: Any) -> None:
    desk.json("intake", "--org", "bureau", "--channel", "phone", "--category", "noise", "--summary", "噪音",
              "--at", "2026-10-01T09:00")
    text = desk.cli("report", "--org", "bureau", "--month", "2026-10", "--at", "2026-11-01T00:00")
    assert text.code == 0 and "受理" in text.stdout


def test_a_frozen_report_stays_as_issued(desk: Any) -> None:
    estate_month(desk)
    frozen = desk.cli("report", "--org", "estate", "--month", "2026-10", "--freeze", "--actor", "manager",
                      "--at", "2026-11-02T09:00")
    assert frozen.code == 0, frozen.stderr
    desk.json("intake", "--org", "estate", "--channel", "phone", "--summary", "late entry", "--tier", "minor",
              "--at", "2026-10-20T09:00")
    issued = desk.json("report", "--org", "estate", "--month", "2026-10", "--frozen")
    fresh = desk.json("report", "--org", "estate", "--month", "2026-10", "--at", "2026-11-03T09:00")
    assert (issued["received"], fresh["received"]) == (3, 4)
    assert any(c["figure"] == "received" for c in fresh["changes_since_frozen"])
    desk.fails("report", "--org", "estate", "--month", "2026-10", "--freeze", "--actor", "manager",
               "--at", "2026-11-03T09:00", code=1)


def test_the_export_masks_phone_numbers_and_imports_back_to_the_same_figures(desk: Any, make_desk: Any,
                                                                             tmp_path: Any) -> None:
    estate_month(desk)
    exported = desk.cli("export", "--org", "estate", "--format", "jsonl")
    assert exported.code == 0, exported.stderr
    assert "13812345678" not in exported.stdout and "138****5678" in exported.stdout
    register = tmp_path / "register.jsonl"
    register.write_text(exported.stdout, encoding="utf-8")
    other = make_desk(org("placeholder", ["retail"]))
    other.close()
    other.config_path.write_text(CONFIG, encoding="utf-8")
    imported = other.cli("import", str(register), "--org", "estate")
    assert imported.code == 0, imported.stderr
    before = desk.json("report", "--org", "estate", "--month", "2026-10", "--at", "2026-11-01T00:00")
    after = other.json("report", "--org", "estate", "--month", "2026-10", "--at", "2026-11-01T00:00")
    for key in REPORT_KEYS - {"sections"}:
        assert before[key] == after[key], key


def test_an_import_with_one_bad_line_reports_it_and_imports_the_rest(desk: Any, tmp_path: Any) -> None:
    lines = [
        {"channel": "phone", "summary": "一", "received_at": "2026-10-01T09:00:00+08:00", "tier": "minor"},
        {"channel": "pigeon", "summary": "二", "received_at": "2026-10-01T10:00:00+08:00"},
        {"channel": "letter", "summary": "三", "received_at": "2026-10-01T11:00", "tier": "important",
         "actions": [{"action": "forward", "at": "2026-10-01T11:05", "to": "Security"}]},
    ]
    register = tmp_path / "legacy.jsonl"
    register.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    result = desk.cli("import", str(register), "--org", "estate")
    assert result.code == 1
    assert "2" in result.stderr and "pigeon" in result.stderr
    listed = desk.json("list", "--org", "estate")
    assert sorted(c["summary"] for c in listed) == ["一", "三"]
    forwarded = next(c for c in listed if c["summary"] == "三")
    assert forwarded["status"] == "forwarded"
