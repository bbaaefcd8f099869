"""Acceptance: the core lifecycle through the CLI contract (DESIGN §2, §5, §6; DOMAIN §0).

Every complaint is recorded with who received it and when, put on the clock, moved through
received → acknowledged → forwarded → in_progress → resolved → closed, and kept for ever
(exits, reopening, history). Exit codes: 0 done, 1 refused by a rule, 2 bad usage/input.
"""

from __future__ import annotations

import json
from typing import Any

from tests.acceptance.conftest import CONFIG, due

COMPLAINT_KEYS = {
    "id", "org", "domain", "channel", "category", "tier", "status", "received_at", "summary",
    "owner", "assignee", "links", "deadlines", "steps",
}


def test_an_intake_prints_every_key_the_contract_promises(desk: Any) -> None:
    doc = desk.json(
        "intake", "--org", "hypermart", "--channel", "phone", "--summary", "冰箱不制冷",
        "--complainant", "刘女士", "--contact", "13900000000", "--respondent", "售后服务部",
        "--request", "上门维修", "--actor", "wang", "--at", "2026-10-01T09:00:00+08:00",
    )
    assert set(doc) >= COMPLAINT_KEYS
    assert doc["org"] == "hypermart" and doc["domain"] == "retail" and doc["channel"] == "phone"
    assert doc["status"] == "received" and doc["owner"] == "wang"
    assert doc["received_at"] == "2026-10-01T09:00:00+08:00"
    assert doc["links"] == []
    for entry in doc["deadlines"]:
        assert {"name", "due_at", "state", "met_at"} <= set(entry)
        assert entry["state"] == "pending" and entry["met_at"] is None
    for entry in doc["steps"]:
        assert {"name", "done"} <= set(entry)


def test_an_at_without_offset_is_read_in_the_organizations_zone(desk: Any) -> None:
    """09:00 typed at the Shanghai desk is 09:00+08:00; at the New York desk 09:00-04:00."""
    shanghai = desk.json("intake", "--org", "hypermart", "--channel", "phone", "--summary", "a",
                         "--at", "2026-10-01T09:00")
    new_york = desk.json("intake", "--org", "nystore", "--channel", "phone", "--summary", "b",
                         "--at", "2026-10-01T09:00")
    assert shanghai["received_at"] == "2026-10-01T09:00:00+08:00"
    assert new_york["received_at"] == "2026-10-01T09:00:00-04:00"
    # a level1 reply within 1 day, printed in New York's offset
    assert due(new_york, "reply") == "2026-10-02T09:00:00-04:00"


def test_an_instant_given_in_utc_is_printed_back_in_the_organizations_offset(desk: Any) -> None:
    doc = desk.json("intake", "--org", "hypermart", "--channel", "phone", "--summary", "a",
                    "--at", "2026-10-01T01:00:00Z")
    assert doc["received_at"] == "2026-10-01T09:00:00+08:00"
    shown = desk.json("show", doc["id"])
    assert shown["received_at"] == "2026-10-01T09:00:00+08:00"


def test_without_actor_nobody_is_assumed_and_whoever_records_it_owns_it(desk: Any) -> None:
    # requirement changed (issue 13, "no silent actor"): the first listed staff member is
    # never assumed; a recorded command names its actor, and whoever records the intake owns it
    unnamed = desk.fails("intake", "--org", "estate", "--channel", "phone", "--summary", "lift stuck",
                         "--at", "2026-10-01T09:00", env={"TOUSU_ACTOR": ""}, code=2)
    assert "--actor" in unnamed and "TOUSU_ACTOR" in unnamed
    doc = desk.json("intake", "--org", "estate", "--channel", "phone", "--summary", "lift stuck",
                    "--at", "2026-10-01T09:00", env={"TOUSU_ACTOR": "reception"})
    assert doc["owner"] == "reception"
    by_manager = desk.json("intake", "--org", "estate", "--channel", "phone", "--summary", "noise",
                           "--actor", "manager", "--at", "2026-10-01T09:00")
    assert by_manager["owner"] == "manager"


def test_a_complaint_goes_from_receipt_to_close_and_every_step_is_in_its_history(desk: Any) -> None:
    doc = desk.json("intake", "--org", "hypermart", "--channel", "letter", "--summary", "送货迟到",
                    "--actor", "wang", "--at", "2026-10-01T09:00:00+08:00")
    cid = doc["id"]
    steps = [
        ("acknowledge", [], "acknowledged", "2026-10-01T09:30:00+08:00"),
        ("forward", ["--to", "物流部"], "forwarded", "2026-10-01T10:00:00+08:00"),
        ("start", [], "in_progress", "2026-10-01T11:00:00+08:00"),
        ("reply", ["--note", "已安排重新配送"], "in_progress", "2026-10-01T12:00:00+08:00"),
        ("resolve", [], "resolved", "2026-10-02T12:00:00+08:00"),
        ("close", [], "closed", "2026-10-02T13:00:00+08:00"),
    ]
    for action, extra, status, at in steps:
        after = desk.json("act", cid, action, *extra, "--actor", "zhao", "--at", at)
        assert after["status"] == status, action
    shown = desk.json("show", cid)
    assert shown["status"] == "closed" and shown["owner"] == "wang"
    assert {d["name"]: d["state"] for d in shown["deadlines"]} == {"reply": "met", "resolve": "met"}
    assert next(d for d in shown["deadlines"] if d["name"] == "reply")["met_at"] == "2026-10-01T12:00:00+08:00"
    history = json.dumps(shown, ensure_ascii=False)
    for action in ("intake", "acknowledge", "forward", "start", "reply", "resolve", "close"):
        assert f'"{action}"' in history


def test_a_closed_complaint_can_be_reopened_and_closed_again(desk: Any) -> None:
    cid = desk.json("intake", "--org", "hypermart", "--channel", "phone", "--summary", "a",
                    "--at", "2026-10-01T09:00")["id"]
    desk.json("act", cid, "resolve", "--at", "2026-10-01T10:00")
    desk.json("act", cid, "close", "--at", "2026-10-01T11:00")
    assert desk.json("act", cid, "reopen", "--note", "顾客说还是坏的", "--at", "2026-10-03T09:00")["status"] != "closed"
    desk.json("act", cid, "resolve", "--at", "2026-10-04T09:00")
    assert desk.json("act", cid, "close", "--at", "2026-10-04T10:00")["status"] == "closed"


def test_the_exits_keep_the_complaint_and_refuse_further_handling(desk: Any) -> None:
    """An invalid complaint is marked, never deleted; a withdrawn one cannot be resolved (exit 1)."""
    bad = desk.json("intake", "--org", "hypermart", "--channel", "phone", "--summary", "a",
                    "--at", "2026-10-01T09:00")["id"]
    gone = desk.json("intake", "--org", "hypermart", "--channel", "phone", "--summary", "b",
                     "--at", "2026-10-01T09:00")["id"]
    assert desk.json("act", bad, "invalid", "--note", "非本店商品", "--at", "2026-10-01T10:00")["status"] == "invalid"
    assert desk.json("act", gone, "withdraw", "--at", "2026-10-01T10:00")["status"] == "withdrawn"
    assert desk.json("show", bad)["status"] == "invalid"
    # a zh organization: the refusal names the status in Chinese (issue 18)
    assert "已撤回" in desk.fails("act", gone, "resolve", "--at", "2026-10-01T11:00", code=1)
    listed = desk.json("list", "--org", "hypermart")
    assert {bad, gone} <= {c["id"] for c in listed}


def test_invalid_and_escalate_need_no_reason_on_the_command_line(desk: Any) -> None:
    cid = desk.json("intake", "--org", "hypermart", "--channel", "phone", "--summary", "a",
                    "--at", "2026-10-01T09:00")["id"]
    assert desk.json("act", cid, "escalate", "--field", "tier=level2", "--at", "2026-10-01T10:00")["tier"] == "level2"
    assert desk.json("act", cid, "invalid", "--at", "2026-10-01T11:00")["status"] == "invalid"


def test_bad_usage_and_bad_input_exit_2_with_one_line(desk: Any) -> None:
    cid = desk.json("intake", "--org", "hypermart", "--channel", "phone", "--summary", "a",
                    "--at", "2026-10-01T09:00")["id"]
    assert "C99999999" in desk.fails("show", "C99999999", code=2)
    assert "frobnicate" in desk.fails("act", cid, "frobnicate", code=2)
    assert "nowhere" in desk.fails("intake", "--org", "nowhere", "--channel", "phone", "--summary", "x", code=2)
    assert "pigeon" in desk.fails("intake", "--org", "hypermart", "--channel", "pigeon", "--summary", "x", code=2)
    assert "--at" in desk.fails("intake", "--org", "hypermart", "--channel", "phone", "--summary", "x",
                                "--at", "yesterday", code=2)
    desk.fails("intake", "--org", "hypermart", "--channel", "phone", code=2)  # --summary is required
    assert "nobody" in desk.fails("act", cid, "note", "--note", "x", "--actor", "nobody", code=2)


def test_an_action_the_status_does_not_allow_is_refused_with_exit_1(desk: Any) -> None:
    cid = desk.json("intake", "--org", "hypermart", "--channel", "phone", "--summary", "a",
                    "--at", "2026-10-01T09:00")["id"]
    reason = desk.fails("act", cid, "close", "--at", "2026-10-01T10:00", code=1)
    assert "结案" in reason  # hypermart is a zh organization: its refusal is Chinese (issue 18)


def test_show_at_a_time_gives_the_deadlines_state_as_of_then(desk: Any) -> None:
    """A level1 reply due 09:00 on 2 October is pending at 08:59 and overdue at 09:01."""
    cid = desk.json("intake", "--org", "hypermart", "--channel", "phone", "--summary", "a",
                    "--at", "2026-10-01T09:00")["id"]
    before = desk.json("show", cid, "--at", "2026-10-02T08:59")
    after = desk.json("show", cid, "--at", "2026-10-02T09:01")
    assert next(d for d in before["deadlines"] if d["name"] == "reply")["state"] == "pending"
    assert next(d for d in after["deadlines"] if d["name"] == "reply")["state"] == "breached"


def test_sweep_records_each_breach_once(desk: Any) -> None:
    desk.json("intake", "--org", "hypermart", "--channel", "phone", "--summary", "a", "--at", "2026-10-01T09:00")
    first = desk.json("sweep", "--org", "hypermart", "--at", "2026-10-02T10:00")
    again = desk.json("sweep", "--org", "hypermart", "--at", "2026-10-02T10:00")
    assert [b["deadline"] for b in first["breaches"]] == ["reply"]
    assert again["breaches"] == [] and again["escalations"] == []


def test_the_daily_list_shows_what_is_overdue_first(desk: Any) -> None:
    late = desk.json("intake", "--org", "hypermart", "--channel", "phone", "--summary", "old",
                     "--at", "2026-09-29T09:00")["id"]
    fresh = desk.json("intake", "--org", "hypermart", "--channel", "phone", "--summary", "new",
                      "--at", "2026-10-01T09:00")["id"]
    entries = desk.json("due", "--org", "hypermart", "--within", "1d", "--at", "2026-10-01T10:00")
    assert entries[0]["id"] == late and entries[0]["overdue"] is True
    assert {"id", "deadline", "due_at", "overdue", "owner", "tier", "summary"} <= set(entries[0])
    assert any(e["id"] == fresh and e["overdue"] is False for e in entries)
    assert all(e["due_at"].endswith("+08:00") for e in entries)


def test_a_wrong_setting_is_reported_with_its_path_and_exit_2(desk: Any) -> None:
    desk.config_path.write_text(CONFIG.replace('"500.00"', '"five hundred"'), encoding="utf-8")
    line = desk.fails("intake", "--org", "hypermart", "--channel", "phone", "--summary", "x", code=2)
    assert "orgs.hypermart.settings.retail.staff_authority" in line


def test_the_plugin_listing_names_each_domain_and_the_organizations_enabling_it(desk: Any) -> None:
    listing = desk.json("plugins")
    by_name = {p["name"]: p for p in listing}
    assert {"retail", "property_mgmt", "city_enforcement"} <= set(by_name)
    for plugin in by_name.values():
        assert {"name", "version", "domain", "hooks", "orgs"} <= set(plugin)
    assert set(by_name["retail"]["orgs"]) == {"hypermart", "nystore"}


def test_init_writes_a_starter_config_that_takes_a_complaint_at_once(tmp_path: Any) -> None:
    import subprocess
    import sys

    def tousu(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "tousu.cli", *args], cwd=tmp_path,
                              capture_output=True, text=True, timeout=60)

    made = tousu("init", "--org", "estate", "--plugin", "property_mgmt")
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "tousu.toml").exists()
    doc = tousu("intake", "--org", "estate", "--channel", "phone", "--summary", "电梯故障",
                "--actor", "reception", "--at", "2026-10-01T09:00", "--json")
    assert doc.returncode == 0, doc.stderr
    assert due(json.loads(doc.stdout), "forward") == "2026-10-01T09:10:00+08:00"
    assert tousu("init", "--org", "estate", "--plugin", "property_mgmt").returncode != 0  # no --force


def test_the_demo_runs_on_a_fresh_install(desk: Any) -> None:
    result = desk.subprocess("demo", timeout=120)
    assert result.code == 0, result.stderr
    assert result.stderr == ""
    for shown in ("tousu intake", "tousu due", "tousu sweep", "tousu compensate", "tousu report"):
        assert shown in result.stdout, shown


def test_escalate_takes_the_new_tier_as_its_target(desk: Any) -> None:
    """``act ID ACTION --to X`` names the target: for escalate that is the tier (same as --field tier=)."""
    cid = desk.json("intake", "--org", "estate", "--channel", "phone", "--summary", "a", "--tier", "minor",
                    "--at", "2026-10-01T09:00")["id"]
    raised = desk.json("act", cid, "escalate", "--to", "important", "--note", "second time this week",
                       "--actor", "manager", "--at", "2026-10-01T10:00")
    assert raised["tier"] == "important"
    assert "important" in desk.fails("act", cid, "escalate", "--to", "minor", "--actor", "manager",
                                     "--at", "2026-10-01T11:00", code=1)


def test_forward_without_to_sends_the_form_to_the_department_complained_about(desk: Any) -> None:
    """每诉一表 sent to the department concerned: the routed squadron, else the respondent."""
    estate = desk.json("intake", "--org", "estate", "--channel", "phone", "--summary", "guard rude",
                       "--respondent", "Security", "--tier", "important", "--at", "2026-10-01T09:00")["id"]
    bureau = desk.json("intake", "--org", "bureau", "--channel", "phone", "--category", "noise",
                       "--summary", "KTV", "--at", "2026-10-01T09:00")["id"]
    nobody = desk.json("intake", "--org", "hypermart", "--channel", "phone", "--summary", "x",
                       "--at", "2026-10-01T09:00")["id"]
    assert desk.json("act", estate, "forward", "--at", "2026-10-01T09:05")["department"] == "Security"
    assert desk.json("act", bureau, "forward", "--at", "2026-10-01T09:05")["department"] == "一中队"
    assert "--to" in desk.fails("act", nobody, "forward", "--at", "2026-10-01T09:05", code=2)
