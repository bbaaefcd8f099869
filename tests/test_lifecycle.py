"""The lifecycle from the desk's side: intake to closing, every step on the clock and in the history."""

from __future__ import annotations

from typing import Any

T0 = "2026-10-01T09:00:00+08:00"


def intake(desk: Any, *extra: str, org: str = "acme", at: str = T0) -> dict[str, Any]:
    return desk.json(
        "intake", "--org", org, "--channel", "phone", "--summary", "路灯不亮", "--actor",
        "wang" if org == "acme" else "sun", "--at", at, *extra,
    )


def test_a_complaint_received_at_nine_is_forwarded_within_ten_minutes_and_due_two_days_later(two_orgs: Any) -> None:
    doc = intake(two_orgs)
    assert doc["status"] == "received"
    assert doc["owner"] == "wang"  # whoever records the intake is the first responder
    assert doc["tier"] == "low" and doc["classification_reason"] == "domain default"
    deadlines = {d["name"]: d for d in doc["deadlines"] if d["kind"] == "deadline"}
    assert deadlines["forward"]["due_at"] == "2026-10-01T09:10:00+08:00"
    assert deadlines["resolve"]["due_at"] == "2026-10-03T09:00:00+08:00"
    assert all(d["state"] == "pending" and d["met_at"] is None for d in deadlines.values())


def test_the_whole_procedure_from_intake_to_close_meets_each_clock_and_is_in_the_history(two_orgs: Any) -> None:
    cid = intake(two_orgs)["id"]
    steps = [
        ("forward", "--to", "工程部", "--actor", "wang", "--at", "2026-10-01T09:05:00+08:00"),
        ("sign", "--actor", "zhao", "--at", "2026-10-01T09:08:00+08:00"),
        ("resolve", "--actor", "zhao", "--at", "2026-10-02T15:00:00+08:00"),
        ("notify", "--actor", "wang", "--at", "2026-10-02T16:00:00+08:00"),
        ("callback", "--field", "satisfied=true", "--actor", "chen", "--at", "2026-10-03T10:00:00+08:00"),
        ("close", "--actor", "wang", "--at", "2026-10-03T10:05:00+08:00"),
    ]
    for action, *rest in steps:
        result = two_orgs.cli("act", cid, action, *rest)
        assert result.code == 0, result.stderr
    doc = two_orgs.json("show", cid, "--at", "2026-10-04T00:00:00+08:00")
    assert doc["status"] == "closed"
    assert doc["department"] == "工程部"
    assert doc["closed_at"] == "2026-10-03T10:05:00+08:00"
    assert doc["fields"]["satisfied"] is True
    clocks = {d["name"]: d for d in doc["deadlines"]}
    assert clocks["forward"]["state"] == "met" and clocks["forward"]["met_at"] == "2026-10-01T09:08:00+08:00"
    assert clocks["forward"]["on_time"] is True
    assert clocks["resolve"]["met_at"] == "2026-10-02T15:00:00+08:00"
    timers = {t["name"]: t for t in doc["timers"]}
    assert "escalation" not in clocks and timers["escalation"]["state"] == "met"  # stopped by resolve
    history = [(e["action"], e["actor"], e["at"]) for e in doc["history"]]
    assert history == [
        ("intake", "wang", "2026-10-01T09:00:00+08:00"),
        ("forward", "wang", "2026-10-01T09:05:00+08:00"),
        ("sign", "zhao", "2026-10-01T09:08:00+08:00"),
        ("resolve", "zhao", "2026-10-02T15:00:00+08:00"),
        ("notify", "wang", "2026-10-02T16:00:00+08:00"),
        ("callback", "chen", "2026-10-03T10:00:00+08:00"),
        ("close", "wang", "2026-10-03T10:05:00+08:00"),
    ]
    text = two_orgs.cli("show", cid).stdout
    for action in ("intake", "forward", "sign", "resolve", "notify", "callback", "close"):
        assert action in text


def test_show_gives_deadline_states_as_of_the_requested_instant(two_orgs: Any) -> None:
    cid = intake(two_orgs)["id"]
    before = two_orgs.json("show", cid, "--at", "2026-10-01T09:10:00+08:00")
    after = two_orgs.json("show", cid, "--at", "2026-10-01T09:10:01+08:00")
    assert {d["name"]: d["state"] for d in before["deadlines"]}["forward"] == "pending"
    assert {d["name"]: d["state"] for d in after["deadlines"]}["forward"] == "breached"


def test_a_status_that_does_not_allow_an_action_is_refused_with_exit_1_and_nothing_written(two_orgs: Any) -> None:
    cid = intake(two_orgs)["id"]
    before = two_orgs.db_bytes()
    result = two_orgs.cli("act", cid, "close", "--at", "2026-10-01T10:00:00+08:00")
    assert result.code == 1
    assert "cannot close" in result.stderr and "allowed when resolved" in result.stderr
    assert "Traceback" not in result.stderr
    assert two_orgs.db_bytes() == before


def test_a_complaint_with_an_open_required_step_cannot_close_until_the_step_is_done(two_orgs: Any) -> None:
    doc = intake(two_orgs, "--category", "safety")
    cid = doc["id"]
    assert doc["tier"] == "high" and "S1" in doc["classification_reason"]
    assert doc["steps"] == [{"name": "inspect_site", "done": False, "done_at": None, "done_by": None}]
    two_orgs.cli("act", cid, "resolve", "--at", "2026-10-01T12:00:00+08:00")
    refused = two_orgs.cli("act", cid, "close", "--at", "2026-10-01T12:30:00+08:00")
    assert refused.code == 1 and "inspect_site" in refused.stderr
    unknown = two_orgs.cli("act", cid, "step", "--field", "name=no_such_step", "--at", "2026-10-01T12:31:00+08:00")
    assert unknown.code == 1 and "no required step" in unknown.stderr
    done = two_orgs.cli("act", cid, "step", "--field", "name=inspect_site", "--actor", "zhao", "--at", "2026-10-01T12:40:00+08:00")
    assert done.code == 0, done.stderr
    assert two_orgs.cli("act", cid, "close", "--at", "2026-10-01T13:00:00+08:00").code == 0


def test_an_extension_needs_the_role_the_domain_requires_and_records_its_approver(two_orgs: Any) -> None:
    cid = intake(two_orgs)["id"]
    args = ("act", cid, "extend", "--field", "deadline=resolve", "--field", "until=2026-10-05T09:00:00+08:00")
    refused = two_orgs.cli(*args, "--actor", "wang", "--at", "2026-10-02T09:00:00+08:00")
    assert refused.code == 1 and "needs a manager" in refused.stderr
    granted = two_orgs.json(*args, "--actor", "li", "--note", "parts on order", "--at", "2026-10-02T09:00:00+08:00")
    resolve = next(d for d in granted["deadlines"] if d["name"] == "resolve")
    assert resolve["due_at"] == "2026-10-05T09:00:00+08:00"
    assert resolve["extensions"][0]["approved_by"] == "li" and resolve["extensions"][0]["role"] == "manager"
    assert resolve["extensions"][0]["previous"] == "2026-10-03T09:00:00+08:00"
    earlier = two_orgs.cli("act", cid, "extend", "--field", "deadline=resolve", "--field", "until=2026-10-04T09:00:00+08:00", "--actor", "li", "--at", "2026-10-02T10:00:00+08:00")
    assert earlier.code == 2 and "later than the current due time" in earlier.stderr


def test_escalating_by_hand_raises_the_tier_with_a_reason_and_gives_the_new_tiers_clocks(two_orgs: Any) -> None:
    cid = intake(two_orgs)["id"]
    doc = two_orgs.json("act", cid, "escalate", "--field", "tier=high", "--note", "resident is elderly", "--actor", "chen", "--at", "2026-10-01T10:00:00+08:00")
    assert doc["tier"] == "high" and "resident is elderly" in doc["classification_reason"]
    resolve = next(d for d in doc["deadlines"] if d["name"] == "resolve")
    assert resolve["due_at"] == "2026-10-03T10:00:00+08:00"  # a high complaint's clock runs from the escalation
    lower = two_orgs.cli("act", cid, "escalate", "--field", "tier=low", "--note", "x", "--at", "2026-10-01T11:00:00+08:00")
    assert lower.code == 1 and "raises the tier" in lower.stderr


def test_sweep_records_breaches_once_and_escalates_by_the_domains_timer(two_orgs: Any) -> None:
    cid = intake(two_orgs)["id"]
    first = two_orgs.json("sweep", "--org", "acme", "--at", "2026-10-06T09:00:01+08:00")
    assert {(b["id"], b["deadline"]) for b in first["breaches"]} == {(cid, "forward"), (cid, "resolve")}
    assert first["escalations"] == [{"id": cid, "from": "low", "to": "high", "rule": "not resolved within 5 days (test rule E1)"}]
    snapshot = two_orgs.db_bytes()
    again = two_orgs.json("sweep", "--org", "acme", "--at", "2026-10-06T09:00:01+08:00")
    assert again["breaches"] == [] and again["escalations"] == []
    assert two_orgs.db_bytes() == snapshot  # running it twice at the same instant records nothing new
    doc = two_orgs.json("show", cid)
    assert doc["tier"] == "high" and "E1" in doc["classification_reason"]
    assert [e["action"] for e in doc["history"]] == ["intake", "sweep"]


def test_a_deadline_is_not_breached_at_its_due_instant_only_after_it(two_orgs: Any) -> None:
    intake(two_orgs)
    at_due = two_orgs.json("sweep", "--org", "acme", "--at", "2026-10-01T09:10:00+08:00")
    assert at_due["breaches"] == []
    after = two_orgs.json("sweep", "--org", "acme", "--at", "2026-10-01T09:10:01+08:00")
    assert [b["deadline"] for b in after["breaches"]] == ["forward"]


def test_actions_are_recorded_in_order_and_an_earlier_instant_is_refused(two_orgs: Any) -> None:
    cid = intake(two_orgs)["id"]
    result = two_orgs.cli("act", cid, "note", "--note", "called back", "--at", "2026-09-30T09:00:00+08:00")
    assert result.code == 2 and "before the last recorded event" in result.stderr


def test_plugin_actions_run_through_the_same_lifecycle(two_orgs: Any) -> None:
    cid = intake(two_orgs)["id"]
    doc = two_orgs.json("act", cid, "inspect", "--actor", "zhao", "--at", "2026-10-01T09:30:00+08:00")
    assert doc["fields"]["inspected"] is True
    unknown = two_orgs.cli("act", cid, "teleport", "--at", "2026-10-01T09:31:00+08:00")
    assert unknown.code == 2 and "unknown action 'teleport'" in unknown.stderr


def test_assign_keeps_the_first_responder_as_owner(two_orgs: Any) -> None:
    cid = intake(two_orgs)["id"]
    doc = two_orgs.json("act", cid, "assign", "--to", "zhao", "--actor", "wang", "--at", "2026-10-01T09:30:00+08:00")
    assert doc["owner"] == "wang" and doc["assignee"] == "zhao"
    stranger = two_orgs.cli("act", cid, "assign", "--to", "nobody", "--at", "2026-10-01T09:31:00+08:00")
    assert stranger.code == 2 and "not staff" in stranger.stderr


def test_intake_refuses_unknown_channels_tiers_and_missing_summary(two_orgs: Any) -> None:
    base = ("intake", "--org", "acme", "--at", T0)
    cases = [
        (("--channel", "pigeon", "--summary", "x"), "--channel 'pigeon' is not one of"),
        (("--channel", "phone", "--summary", "x", "--tier", "cosmic"), "--tier 'cosmic'"),
        (("--channel", "phone", "--summary", "  "), "needs a summary"),
        (("--channel", "phone", "--summary", "x", "--at", "yesterday"), "not an ISO-8601 instant"),
        (("--channel", "phone", "--summary", "x", "--actor", "ghost"), "unknown staff member 'ghost'"),
    ]
    for extra, message in cases:
        result = two_orgs.cli(*base, *extra)
        assert result.code == 2, (extra, result.stderr)
        assert message in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert two_orgs.json("list", "--org", "acme") == []


def test_an_escalation_by_sweep_brings_the_new_tiers_required_steps(two_orgs: Any) -> None:
    cid = intake(two_orgs)["id"]
    assert intake(two_orgs)["steps"] == []
    two_orgs.json("sweep", "--org", "acme", "--at", "2026-10-06T09:00:01+08:00")
    doc = two_orgs.json("show", cid)
    assert doc["tier"] == "high" and doc["open_steps"] == ["inspect_site"]
    assert [e["action"] for e in doc["history"]] == ["intake", "sweep"]  # one event says all of it


def test_a_clock_started_by_an_action_starts_afresh_when_the_action_happens_again(two_orgs: Any) -> None:
    cid = intake(two_orgs)["id"]
    for action, at in (("resolve", "10:00"), ("notify", "10:30"), ("reopen", "11:00"), ("resolve", "12:00")):
        assert two_orgs.cli("act", cid, action, "--note", "x", "--at", f"2026-10-01T{at}:00+08:00").code == 0
    tell = next(d for d in two_orgs.json("show", cid, "--at", "2026-10-01T12:30:00+08:00")["deadlines"] if d["name"] == "tell")
    assert tell["due_at"] == "2026-10-01T13:00:00+08:00" and tell["state"] == "pending"
    first = two_orgs.json("show", cid)["history"][1]
    started = [op for op in first["data"]["deadlines"] if op["name"] == "tell"]
    contract = ("op", "name", "due_at", "met_by", "kind")  # besides how it was computed: clock, warn_at (issue 17)
    assert [{k: op[k] for k in contract} for op in started] == [
        {"op": "add", "name": "tell", "due_at": "2026-10-01T11:00:00+08:00", "met_by": ["notify"], "kind": "deadline"}
    ]


def test_an_escalation_without_a_reason_is_recorded_as_such(two_orgs: Any) -> None:
    cid = intake(two_orgs)["id"]
    doc = two_orgs.json("act", cid, "escalate", "--field", "tier=high", "--actor", "chen", "--at", "2026-10-01T10:00:00+08:00")
    assert doc["tier"] == "high" and doc["classification_reason"] == "escalated by chen (no reason given)"


def test_a_sweep_at_a_local_time_without_org_reads_it_in_the_deployments_zone(two_orgs: Any) -> None:
    intake(two_orgs)
    early = two_orgs.json("sweep", "--at", "2026-10-01T09:10:00")  # 09:10 Shanghai, not UTC
    assert early["breaches"] == []
    late = two_orgs.json("sweep", "--at", "2026-10-01T09:10:01")
    assert [b["deadline"] for b in late["breaches"]] == ["forward"]
