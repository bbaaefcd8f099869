"""The utilities plugin, tested from outside the core with tousu's test kit (`tousu.testing`).

The kit's fixtures (`make_desk`, `clock`) come with tousu through its pytest plugin; nothing
here imports the core's internals.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tousu import DomainSpec, hookimpl
from tousu.testing import org, registered

T0 = "2026-10-01T09:00:00+08:00"


class Gas:
    """Another domain, for an organization that does not enable utilities."""

    @hookimpl
    def register_domains(self, register: Any) -> None:
        register(DomainSpec(name="gas", plugin="gas", channels=("hotline",), categories=("outage",), tiers=("normal",)))


@pytest.fixture
def desk(make_desk: Any) -> Iterator[Any]:
    with registered(Gas(), "gas"):
        yield make_desk(org("water-co", ["utilities"]), org("gas-co", ["gas"], staff={"ma": "receptionist"}))


def intake(desk: Any, category: str, *extra: str, channel: str = "hotline", at: str = T0) -> dict[str, Any]:
    return desk.json(
        "intake", "--org", "water-co", "--channel", channel, "--category", category,
        "--summary", "投诉", "--actor", "wang", "--at", at, *extra,
    )


def clocks(doc: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {d["name"]: (d["due_at"], d["state"]) for d in doc["deadlines"]}


# -- outages --------------------------------------------------------------------------------


def test_an_outage_of_80_households_received_0900_is_critical_and_must_be_restored_by_1300(desk: Any) -> None:
    doc = intake(desk, "outage", "--field", "households=80")
    assert doc["tier"] == "critical"
    assert doc["classification_reason"] == "outage: 80 households cut off (critical from 50)"
    assert clocks(doc) == {
        "reply": ("2026-10-02T09:00:00+08:00", "pending"),
        "restore": ("2026-10-01T13:00:00+08:00", "pending"),
    }


def test_a_small_outage_is_priority_unless_someone_relies_on_medical_equipment(desk: Any) -> None:
    small = intake(desk, "outage", "--field", "households=3")
    assert (small["tier"], clocks(small)["restore"][0]) == ("priority", "2026-10-02T09:00:00+08:00")
    oxygen = intake(desk, "outage", "--field", "medical_equipment=true")
    assert oxygen["tier"] == "critical"
    assert oxygen["classification_reason"] == "outage: a customer relies on medical equipment"


def test_the_organizations_settings_set_the_thresholds_and_clocks(make_desk: Any) -> None:
    desk = make_desk(
        org("water-co", ["utilities"], settings={"utilities": {"critical_households": 10, "restore_critical": "2h"}})
    )
    doc = intake(desk, "outage", "--field", "households=12")
    assert doc["tier"] == "critical" and clocks(doc)["restore"][0] == "2026-10-01T11:00:00+08:00"


def test_settings_that_make_a_critical_outage_wait_longer_are_a_config_error(make_desk: Any) -> None:
    desk = make_desk(org("water-co", ["utilities"], settings={"utilities": {"restore_critical": "30h"}}))
    error = desk.fails("intake", "--org", "water-co", "--channel", "hotline", "--summary", "x", code=2)
    assert error == (
        "tousu: error: orgs.water-co.settings.utilities: restore_critical must not be longer than restore_priority"
    )


def test_an_outage_cannot_be_resolved_before_supply_is_restored(desk: Any) -> None:
    cid = intake(desk, "outage", "--field", "households=80")["id"]
    error = desk.fails("act", cid, "resolve", "--actor", "zhao", "--at", "2026-10-01T11:00:00+08:00", code=1)
    assert error == f"tousu: error: cannot resolve {cid}: supply is not restored yet (record `restore` first)"
    restored = desk.json("act", cid, "restore", "--actor", "zhao", "--at", "2026-10-01T12:10:00+08:00")
    clock = next(d for d in restored["deadlines"] if d["name"] == "restore")
    expected = {
        "name": "restore", "due_at": "2026-10-01T13:00:00+08:00", "state": "met",
        "met_at": "2026-10-01T12:10:00+08:00", "on_time": True, "kind": "deadline", "extensions": [],
    }
    assert {key: clock[key] for key in expected} == expected  # the core may add keys (basis, pauses)
    assert restored["fields"]["restored_at"] == "2026-10-01T12:10:00+08:00"
    assert "already recorded as restored" in desk.fails(
        "act", cid, "restore", "--actor", "zhao", "--at", "2026-10-01T12:20:00+08:00", code=1
    )
    assert desk.json("act", cid, "resolve", "--actor", "zhao", "--at", "2026-10-01T12:30:00+08:00")["status"] == "resolved"


def test_restore_is_refused_for_anything_but_an_outage(desk: Any) -> None:
    cid = intake(desk, "billing_dispute", "--field", "disputed_amount=100")["id"]
    assert "restore applies to outages" in desk.fails("act", cid, "restore", "--at", "2026-10-01T10:00:00+08:00", code=1)


def test_a_priority_outage_not_restored_in_24_hours_becomes_critical_at_the_sweep(desk: Any) -> None:
    cid = intake(desk, "outage", "--field", "households=2")["id"]
    assert desk.json("sweep", "--at", "2026-10-02T08:59:00+08:00")["escalations"] == []
    swept = desk.json("sweep", "--at", "2026-10-02T10:00:00+08:00")
    assert swept["escalations"] == [
        {"id": cid, "from": "priority", "to": "critical", "rule": "supply not restored within the restore clock"}
    ]
    shown = desk.json("show", cid, "--at", "2026-10-02T10:00:00+08:00")
    # the breached clock keeps the time it ran out at; the reply clock tightens to one day
    assert clocks(shown) == {
        "reply": ("2026-10-02T09:00:00+08:00", "breached"),
        "restore": ("2026-10-02T09:00:00+08:00", "breached"),
    }
    assert desk.json("sweep", "--at", "2026-10-02T10:00:00+08:00")["escalations"] == []


# -- billing disputes and meters ----------------------------------------------------------------


def test_a_billing_dispute_of_820_is_priority_and_holds_disconnection(desk: Any) -> None:
    doc = intake(desk, "billing_dispute", "--field", "disputed_amount=820.00", channel="app")
    assert (doc["tier"], doc["flags"]) == ("priority", ["hold_disconnection"])
    assert clocks(doc) == {"reply": ("2026-10-03T09:00:00+08:00", "pending")}
    assert intake(desk, "billing_dispute", "--field", "disputed_amount=120")["tier"] == "routine"
    referred = intake(desk, "billing_dispute", "--field", "disputed_amount=120", channel="regulator")
    assert (referred["tier"], referred["classification_reason"]) == (
        "priority", "referred by the regulator: at least priority"
    )


def test_a_disputed_amount_that_is_not_money_is_bad_input(desk: Any) -> None:
    error = desk.fails(
        "intake", "--org", "water-co", "--channel", "app", "--category", "billing_dispute", "--summary", "x",
        "--field", "disputed_amount=a lot", code=2,
    )
    assert error.startswith("tousu: error: --field disputed_amount:")


def test_a_meter_fault_needs_its_meter_test_before_closing(desk: Any, clock: Any) -> None:
    complaint = desk.complaint("water-co", category="meter_fault", channel="counter")
    cid = complaint.id
    assert complaint.open_steps == ("meter_test",) and complaint.tier == "routine"
    desk.json("act", cid, "resolve", "--actor", "zhao", "--at", clock.advance(hours=1))
    assert "required steps still open: meter_test" in desk.fails(
        "act", cid, "close", "--at", clock.advance(minutes=5), code=1
    )
    assert "needs --field result=accurate|fast|slow" in desk.fails(
        "act", cid, "step", "--field", "name=meter_test", "--at", clock.advance(minutes=5), code=2
    )
    done = desk.json(
        "act", cid, "step", "--field", "name=meter_test", "--field", "result=fast", "--actor", "zhao",
        "--at", clock.advance(days=2),
    )
    assert done["flags"] == ["refund_due"] and done["fields"]["meter_result"] == "fast"
    assert clocks(done)["meter_test"] == ("2026-10-08T09:00:00+08:00", "met")
    assert desk.json("act", cid, "close", "--at", clock.advance(minutes=5))["status"] == "closed"


# -- one organization only, the report, the listing, the demo -------------------------------------


def test_utilities_runs_only_for_the_organization_that_enables_it(desk: Any) -> None:
    assert "--domain 'utilities' is not enabled for organization gas-co" in desk.fails(
        "intake", "--org", "gas-co", "--domain", "utilities", "--channel", "hotline", "--summary", "x", code=2
    )
    traced = desk.cli(
        "intake", "--org", "gas-co", "--channel", "hotline", "--category", "outage", "--summary", "no gas",
        "--field", "households=500", "--actor", "ma", "--at", T0, env={"TOUSU_TRACE_PLUGINS": "1"},
    )
    assert traced.code == 0, traced.stderr
    hook_calls = [line for line in traced.stderr.splitlines() if " complaint_" in line]
    assert hook_calls == []  # gas implements no complaint hook, and utilities is never asked
    water = desk.cli(
        "intake", "--org", "water-co", "--channel", "hotline", "--category", "outage", "--summary", "no water",
        "--field", "households=500", "--at", T0, env={"TOUSU_TRACE_PLUGINS": "1"},
    )
    assert "[tousu trace] done complaint_classify: utilities returned Classification(tier='critical'" in water.stderr
    listing = {p["name"]: p for p in desk.json("plugins")}
    assert listing["utilities"]["orgs"] == ["water-co"] and listing["utilities"]["status"] == "ok"


def test_the_month_report_has_a_utilities_section(desk: Any) -> None:
    big = intake(desk, "outage", "--field", "households=80")["id"]
    intake(desk, "outage", "--field", "households=2", at="2026-10-01T10:00:00+08:00")
    intake(desk, "billing_dispute", "--field", "disputed_amount=820.00", at="2026-10-02T09:00:00+08:00")
    intake(desk, "billing_dispute", "--field", "disputed_amount=0.50", at="2026-10-02T09:30:00+08:00")
    intake(desk, "billing_dispute", "--field", "disputed_amount=99", at="2026-11-01T09:30:00+08:00")
    desk.json("act", big, "restore", "--at", "2026-10-01T12:00:00+08:00")
    result = desk.cli("report", "--org", "water-co", "--month", "2026-10", "--format", "json")
    assert result.code == 0, result.stderr
    (section,) = [s for s in result.json["sections"] if s["domain"] == "utilities"]
    assert section["figures"] == {
        "outages": 2,
        "households_cut_off": 82,
        "restored": 1,
        "restored_on_time": 1,
        "restore_on_time_rate": 0.5,
        "average_hours_to_restore": 3.0,
        "meter_tests_done": 0,
        "meters_found_fast": 0,
        "billing_disputes": 2,
        "disputed_amount": "820.50",
    }


def test_tousu_plugins_in_a_real_process_lists_utilities_with_what_it_contributes(desk: Any) -> None:
    result = desk.subprocess("plugins", "--json")
    assert result.code == 0, result.stderr
    utilities = next(p for p in result.json if p["name"] == "utilities")
    assert (utilities["status"], utilities["version"], utilities["orgs"]) == ("ok", "0.1.0", ["water-co"])
    assert utilities["contributes"]["actions"] == ["restore"]
    assert utilities["contributes"]["deadlines"] == ["meter_test", "reply", "restore"]
    assert utilities["contributes"]["settings"]["restore_critical"] == "4h"


def test_the_demo_runs(desk: Any) -> None:
    result = desk.subprocess("demo", env={"TOUSU_LOAD_PLUGINS": "utilities"}, timeout=120)
    assert result.code == 0, result.stderr
    escalation = re.search(r"escalated +C00000004 +priority → critical +\(supply not restored within the restore clock\)", result.stdout)
    assert escalation, result.stdout
    assert "cannot resolve C00000001: supply is not restored yet" in result.stdout
