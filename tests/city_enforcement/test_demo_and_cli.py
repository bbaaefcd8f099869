"""The complaint center from the outside: its demo, and the real command as a separate process."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomli_w

from tests.city_enforcement.helpers import center


def test_the_demo_shows_the_complaint_center(tmp_path: Path) -> None:
    from tousu.demo import DemoScript
    from tousu_city_enforcement.demo import demo

    spec = demo()
    config = tmp_path / "tousu.toml"
    org = {
        "name": spec.title, "language": spec.language, "plugins": ["city_enforcement"],
        "staff": {sid: {"role": role} for sid, role in spec.staff.items()},
        "settings": {"city_enforcement": spec.settings},
    }
    config.write_text(tomli_w.dumps({"database": "demo.db", "orgs": {"center": org}}), encoding="utf-8")
    lines: list[str] = []
    spec.run(DemoScript(config, "center", echo=lines.append))
    out = "\n".join(lines)
    assert "重复投诉自 C00000001" in out  # the KTV again, linked to the open case
    assert "已移送" in out  # transferred out at intake
    assert "件件有答复" in out and "请先答复" in out  # the refused close, in the desk's language (issue 18)
    assert "一般 → 久拖不决" in out  # sweep raised the dragging complaint (labels of the zh org, issue 18)
    due = [line for line in lines if line.startswith("  ! ")]
    assert "C00000002" in due[0] and "久拖不决" in due[0]  # and due shows it first
    assert "城管执法局投诉中心 · 2026-10" in out and "投诉类别占比(%)" in out


def test_repeats_and_the_answer_rule_hold_across_separate_processes_and_reach_the_report(make_desk: Any) -> None:
    desk = make_desk(center())
    first = desk.subprocess(
        "intake", "--org", "bureau", "--channel", "phone", "--category", "noise", "--summary", "夜市噪声",
        "--contact", "13900001111", "--at", "2026-10-01T09:00:00+08:00", "--json",
    )
    assert first.code == 0, first.stderr
    again = desk.subprocess(
        "intake", "--org", "bureau", "--channel", "letter", "--category", "noise", "--summary", "夜市噪声又来了",
        "--contact", "13900001111", "--at", "2026-10-03T09:00:00+08:00", "--json",
    )
    assert again.json["links"] == [{"kind": "repeat_of", "id": first.json["id"]}]
    report = desk.cli("report", "--org", "bureau", "--month", "2026-10", "--format", "json")
    assert report.code == 0, report.stderr
    [section] = [s for s in report.json["sections"] if s["domain"] == "city_enforcement"]
    figures = section["figures"]
    assert (figures["received"], figures["repeats"]) == (2, 1)
    assert figures["category_share_percent"] == {"noise": 100.0}
    refused = desk.subprocess("act", first.json["id"], "close", "--at", "2026-10-04T09:00:00+08:00")
    assert refused.code == 1 and "Traceback" not in refused.stderr
