"""Every core figure of a month, a week, a day and an empty period, against the hand count in `october`."""

from __future__ import annotations

import json
from typing import Any

from tests.reporting.october import AT, build_october, intake
from tousu.testing import org


def report(desk: Any, *period: str, org: str = "city") -> dict[str, Any]:
    return desk.json("report", "--org", org, *period, "--at", AT)


def test_october_at_the_city_hotline_counts_as_by_hand(hotline_desk: Any) -> None:
    build_october(hotline_desk)
    doc = report(hotline_desk, "--month", "2026-10")
    assert doc["period"] == {
        "label": "2026-10", "kind": "month",
        "start": "2026-10-01T00:00:00+08:00", "end": "2026-11-01T00:00:00+08:00",
    }
    # A, B, C, D were received in October; E on 30 September, F by another organization
    assert doc["received"] == 4
    assert doc["by_channel"] == {"phone": 3, "visit": 1}
    assert doc["by_category"] == {"noise": 2, "consultation": 1, "street": 1}
    assert doc["by_tier"] == {"high": 2, "low": 2}  # B raised by hand, C by the sweep
    assert doc["by_status"] == {"in_progress": 1, "invalid": 1, "received": 1, "resolved": 1}
    assert doc["processed"] == 2 and doc["processing_rate"] == 0.5  # A resolved, D invalid
    # clocks due in October: replies of E A B C D (B late, C breached), resolves of E A B C (C breached);
    # D's resolve was cancelled when it was marked invalid; B's was met within its extension
    assert doc["deadlines_due"] == 9 and doc["deadlines_on_time"] == 6
    assert doc["on_time_rate"] == 0.6667
    assert doc["on_time_by_deadline"] == {
        "reply": {"due": 5, "on_time": 3, "rate": 0.6},
        "resolve": {"due": 4, "on_time": 3, "rate": 0.75},
    }
    assert doc["overdue_open"] == 1  # C
    assert doc["extensions"] == 1 and doc["escalations"] == 2 and doc["reopened"] == 1
    assert (doc["called_back"], doc["satisfied"], doc["satisfaction_rate"]) == (2, 1, 0.5)
    assert doc["average_hours_to_resolve"] == 30.0  # A: 1 Oct 09:00 → 2 Oct 15:00; B was reopened
    assert doc["trend"]["unit"] == "day" and len(doc["trend"]["points"]) == 31
    assert doc["trend"]["points"][1] == {"start": "2026-10-02", "received": 0, "resolved": 2}  # A and E
    assert sum(p["received"] for p in doc["trend"]["points"]) == 4


def test_each_domain_section_comes_with_its_figures_and_labels_in_the_orgs_language(hotline_desk: Any) -> None:
    build_october(hotline_desk)
    doc = report(hotline_desk, "--month", "2026-10")
    assert doc["sections"] == [
        {
            "domain": "hotline",
            "title": "hotline section",
            "figures": {
                "complaints": 3,
                "complaint_categories": {"noise": 2, "street": 1},
                "top_places": [{"place": "3号楼", "count": 2}],
            },
        }
    ]
    assert doc["labels"]["by_category:noise"] == "噪声扰民"  # the domain's own label
    assert doc["labels"]["by_status:invalid"] == "无效投诉"  # the core's label
    assert doc["labels"]["complaints"] == "投诉(不含咨询)"
    assert doc["labels"]["received"] == "受理投诉"


def test_an_empty_period_reports_zeros_and_no_rates(hotline_desk: Any) -> None:
    build_october(hotline_desk)
    doc = report(hotline_desk, "--month", "2026-12")
    assert doc["received"] == 0 and doc["processed"] == 0 and doc["overdue_open"] == 0
    assert doc["by_channel"] == {} and doc["on_time_by_deadline"] == {}
    assert doc["processing_rate"] is None and doc["on_time_rate"] is None and doc["satisfaction_rate"] is None
    assert doc["average_hours_to_resolve"] is None
    assert doc["sections"][0]["figures"]["complaints"] == 0


def test_a_day_with_only_a_consultation_counts_it_received_but_not_as_a_complaint(hotline_desk: Any) -> None:
    build_october(hotline_desk)
    doc = report(hotline_desk, "--from", "2026-10-25", "--to", "2026-10-25")
    assert doc["period"]["label"] == "2026-10-25..2026-10-25"
    assert doc["received"] == 1 and doc["by_category"] == {"consultation": 1}
    assert doc["processed"] == 1 and doc["processing_rate"] == 1.0  # answered, then marked invalid
    assert doc["sections"][0]["figures"]["complaints"] == 0
    assert doc["sections"][0]["figures"]["complaint_categories"] == {}


def test_a_week_and_a_year_select_by_receipt_in_the_org_time_zone(hotline_desk: Any) -> None:
    build_october(hotline_desk)
    week = report(hotline_desk, "--week", "2026-W40")  # Monday 28 Sep – Sunday 4 Oct, Shanghai
    assert week["period"]["start"] == "2026-09-28T00:00:00+08:00"
    assert week["received"] == 2  # E (30 Sep 23:00) and A
    year = report(hotline_desk, "--year", "2026")
    assert year["received"] == 5 and year["trend"]["unit"] == "week"
    assert report(hotline_desk, "--month", "2026-10", org="town")["received"] == 1


def test_a_complaint_received_at_23_30_on_31_october_shanghai_time_belongs_to_october(hotline_desk: Any) -> None:
    intake(hotline_desk, "city", "phone", "noise", "2026-10-31T23:30:00+08:00")  # 15:30 UTC
    assert report(hotline_desk, "--month", "2026-10")["received"] == 1
    assert report(hotline_desk, "--month", "2026-11")["received"] == 0
    assert report(hotline_desk, "--from", "2026-10-31", "--to", "2026-10-31")["received"] == 1


def test_a_period_must_be_chosen_once_and_well_formed(hotline_desk: Any) -> None:
    for args, message in (
        ((), "choose one period"),
        (("--month", "2026-13"), "expected YYYY-MM"),
        (("--month", "2026-10", "--year", "2026"), "choose one period"),
        (("--week", "2026-W60"), "ISO week"),
        (("--from", "2026-10-05"), "go together"),
        (("--from", "2026-10-05", "--to", "2026-10-01"), "before --from"),
    ):
        result = hotline_desk.cli("report", "--org", "city", *args)
        assert result.code == 2, args
        assert message in result.stderr and "Traceback" not in result.stderr
    assert hotline_desk.cli("report", "--org", "nowhere", "--month", "2026-10").code == 2


def test_report_runs_as_a_separate_process_with_an_installed_domain(make_desk: Any) -> None:
    desk = make_desk(org("mall", ["retail"]))
    result = desk.subprocess("report", "--org", "mall", "--month", "2026-10", "--at", AT, "--format", "json")
    assert result.code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["received"] == 0 and doc["period"]["label"] == "2026-10"
    assert [s["domain"] for s in doc["sections"]] == ["retail"] or doc["sections"] == []
    bad = desk.subprocess("report", "--org", "mall", "--month", "October")
    assert bad.code == 2 and "expected YYYY-MM" in bad.stderr and "Traceback" not in bad.stderr
