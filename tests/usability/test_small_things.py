"""Small things that stop people: what a domain accepts, CSV that Excel opens."""

from __future__ import annotations

from typing import Any

import pytest

from tousu.testing import org


@pytest.fixture
def estate(make_desk: Any) -> Any:
    desk = make_desk(org("estate", ["property_mgmt"], language="zh"))
    desk.cli("intake", "--org", "estate", "--channel", "phone", "--summary", "电梯故障", "--tier", "minor",
             "--at", "2026-10-01T09:00:00+08:00")
    return desk


def test_domains_lists_channels_categories_tiers_actions_and_labels(estate: Any) -> None:
    listing = {d["domain"]: d for d in estate.json("domains")}
    pm = listing["property_mgmt"]
    assert [t["id"] for t in pm["tiers"]] == ["minor", "important", "major"]
    assert pm["tiers"][0]["labels"]["zh"] == "轻微投诉"
    assert "phone" in [c["id"] for c in pm["channels"]]
    assert {"forward", "void", "report"} <= {a["id"] for a in pm["actions"]}
    text = estate.cli("domains").stdout
    assert "minor (轻微投诉)" in text and "级别" in text


def test_excel_csv_has_a_bom_and_crlf(estate: Any, tmp_path: Any) -> None:
    out = tmp_path / "export.csv"
    assert estate.cli("export", "--org", "estate", "--format", "csv", "--excel", "--out", str(out)).code == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    report = tmp_path / "report.csv"
    assert estate.cli("report", "--org", "estate", "--month", "2026-10", "--format", "csv", "--excel",
                      "--out", str(report)).code == 0
    data = report.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\n" not in data.replace(b"\r\n", b"")
    estate.fails("report", "--org", "estate", "--month", "2026-10", "--excel", code=2)


def test_domains_tells_which_fields_an_action_takes_and_when_it_is_allowed(make_desk: Any) -> None:
    """What a desk needs before ``act ID ACTION --field K=V``: every installed domain, each
    action with the statuses allowing it, where it leads, and the fields it reads."""
    desk = make_desk(org("shop", ["retail"], language="zh"))
    listing = {d["domain"]: d for d in desk.json("domains")}
    assert {"retail", "property_mgmt", "city_enforcement"} <= set(listing)  # installed, enabled or not
    actions = {a["id"]: a for a in listing["retail"]["actions"]}
    assert "--field amount=" in actions["settle"]["help"]
    assert "--field event=N" in actions["void"]["help"] and "--note" in actions["void"]["help"]
    assert "--field satisfied=" in actions["callback"]["help"]
    assert actions["reopen"]["leads_to"] == "in_progress" and "withdrawn" in actions["reopen"]["allowed_when"]
    assert [c["id"] for c in listing["retail"]["categories"]][:2] == ["general", "excessive_demand"]
    text = desk.cli("domains").stdout
    assert "类别" in text and "property_damage (财产损失(2-3))" in text and "settle" in text
