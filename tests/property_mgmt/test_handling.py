"""Handling rules: corrective action, stop-harm first, invalid complaints, notify and callback before close."""

from __future__ import annotations

import json
from typing import Any

from tests.property_mgmt.conftest import deadline, file, form


def _to_resolved(desk: Any, cid: str, at: str = "2026-10-02T15:00:00+08:00") -> None:
    desk.json("act", cid, "forward", "--to", "工程部", "--at", "2026-10-01T09:05:00+08:00")
    desk.json("act", cid, "sign", "--actor", "zhao", "--at", "2026-10-01T09:08:00+08:00")
    desk.json("act", cid, "resolve", "--actor", "zhao", "--at", at)


def test_an_important_complaint_cannot_close_until_its_corrective_action_is_recorded(desk: Any) -> None:
    cid = file(desk, "--tier", "important")["id"]
    _to_resolved(desk, cid)
    desk.json("act", cid, "notify", "--at", "2026-10-02T16:00:00+08:00")
    desk.json("act", cid, "callback", "--field", "satisfied=true", "--actor", "sun", "--at", "2026-10-03T10:00:00+08:00")
    refused = desk.cli("act", cid, "close", "--at", "2026-10-03T10:05:00+08:00")
    assert refused.code == 1 and "required steps still open: corrective_action" in refused.stderr
    desk.json("act", cid, "step", "--field", "name=corrective_action", "--note", "patrol rota changed",
              "--actor", "zhao", "--at", "2026-10-03T11:00:00+08:00")
    assert desk.json("act", cid, "close", "--at", "2026-10-03T11:05:00+08:00")["status"] == "closed"


def test_harm_in_progress_is_stopped_before_the_complaint_may_be_resolved(desk: Any) -> None:
    cid = file(desk, "--tier", "minor", "--urgent")["id"]
    desk.json("act", cid, "forward", "--to", "工程部", "--at", "2026-10-01T09:02:00+08:00")
    desk.json("act", cid, "sign", "--actor", "zhao", "--at", "2026-10-01T09:05:00+08:00")
    refused = desk.cli("act", cid, "resolve", "--actor", "zhao", "--at", "2026-10-01T09:30:00+08:00")
    assert refused.code == 1
    assert f"stop the harm first (SOP 1.9): {cid} is urgent; record `tousu act {cid} stop_harm`" in refused.stderr
    desk.json("act", cid, "stop_harm", "--note", "main valve closed", "--actor", "zhao", "--at", "2026-10-01T09:40:00+08:00")
    assert desk.json("act", cid, "resolve", "--actor", "zhao", "--at", "2026-10-01T11:00:00+08:00")["status"] == "resolved"


def test_the_callback_comes_after_the_resident_is_told_and_the_close_after_the_callback(desk: Any) -> None:
    cid = file(desk, "--tier", "minor")["id"]
    _to_resolved(desk, cid)
    early_call = desk.cli("act", cid, "callback", "--field", "satisfied=true", "--at", "2026-10-02T15:30:00+08:00")
    assert early_call.code == 1 and f"record `tousu act {cid} notify` first" in early_call.stderr
    desk.json("act", cid, "notify", "--field", "method=phone", "--at", "2026-10-02T16:00:00+08:00")
    early_close = desk.cli("act", cid, "close", "--at", "2026-10-02T16:05:00+08:00")
    assert early_close.code == 1
    assert f"cannot close {cid} before the callback (回访, SOP 1.6)" in early_close.stderr


def test_a_reopened_complaint_needs_a_fresh_callback_before_it_closes_again(desk: Any) -> None:
    cid = file(desk, "--tier", "minor")["id"]
    _to_resolved(desk, cid)
    desk.json("act", cid, "notify", "--at", "2026-10-02T16:00:00+08:00")
    desk.json("act", cid, "callback", "--field", "satisfied=false", "--actor", "sun", "--at", "2026-10-02T17:00:00+08:00")
    desk.json("act", cid, "reopen", "--note", "still stops", "--at", "2026-10-02T17:05:00+08:00")
    desk.json("act", cid, "resolve", "--actor", "zhao", "--at", "2026-10-03T08:00:00+08:00")
    assert desk.cli("act", cid, "close", "--at", "2026-10-03T08:05:00+08:00").code == 1


def test_an_unknown_notify_method_is_bad_input(desk: Any) -> None:
    cid = file(desk, "--tier", "minor")["id"]
    _to_resolved(desk, cid)
    result = desk.cli("act", cid, "notify", "--field", "method=pigeon", "--at", "2026-10-02T16:00:00+08:00")
    assert result.code == 2 and "--field method=pigeon: expected one of phone, visit, letter, message" in result.stderr


def test_an_invalid_complaint_is_answered_kept_and_never_deleted(desk: Any) -> None:
    cid = file(desk, "--tier", "minor")["id"]
    desk.json("act", cid, "invalid", "--note", "the gas supply is the gas company's; we gave the resident its number",
              "--at", "2026-10-01T09:20:00+08:00")
    desk.json("act", cid, "reply", "--note", "called the gas company on the resident's behalf",
              "--at", "2026-10-01T09:40:00+08:00")
    shown = desk.json("show", cid, "--at", "2026-10-01T10:00:00+08:00")
    assert shown["status"] == "invalid"
    assert [e["action"] for e in shown["history"]] == ["intake", "invalid", "reply"]
    assert all(d["state"] in ("cancelled", "met") for d in shown["deadlines"])
    assert deadline(shown, "resolve")["state"] == "cancelled"


def test_a_minor_complaint_from_intake_to_close_with_every_deadline_met_as_a_separate_process(desk: Any) -> None:
    made = desk.subprocess(*form("--field", "cause=facility", "--json"))
    assert made.code == 0, made.stderr
    cid = json.loads(made.stdout)["id"]
    for step in (
        ("forward", "--to", "工程部", "--at", "2026-10-01T09:05:00+08:00"),
        ("sign", "--actor", "zhao", "--at", "2026-10-01T09:09:00+08:00"),
        ("resolve", "--actor", "zhao", "--at", "2026-10-02T15:00:00+08:00"),
        ("return_form", "--actor", "zhao", "--at", "2026-10-02T15:10:00+08:00"),  # SOP 1.4.1 (round 2)
        ("report_to_supervisor", "--at", "2026-10-02T15:20:00+08:00"),  # SOP 1.5 (round 2)
        ("notify", "--field", "method=phone", "--at", "2026-10-02T16:00:00+08:00"),
        ("callback", "--field", "satisfied=true", "--actor", "sun", "--at", "2026-10-04T10:00:00+08:00"),
        ("close", "--at", "2026-10-04T10:05:00+08:00"),
    ):
        result = desk.subprocess("act", cid, *step)
        assert result.code == 0, result.stderr
    shown = desk.json("show", cid)
    assert shown["status"] == "closed"
    assert {d["name"]: (d["state"], d["on_time"]) for d in shown["deadlines"]} == {
        "forward": ("met", True),
        "resolve": ("met", True),
        "return_form": ("met", True),
        "report_to_supervisor": ("met", True),
        "notify": ("met", True),
        "callback": ("met", True),
    }
    assert {t["name"]: (t["state"], t["on_time"]) for t in shown["timers"]} == {"one_month": ("met", True)}


def test_a_neglected_major_complaint_breaches_its_clocks_and_the_sweep_records_each(desk: Any) -> None:
    cid = file(desk, "--tier", "major")["id"]
    desk.json("act", cid, "forward", "--to", "工程部", "--at", "2026-10-01T09:30:00+08:00")
    desk.json("act", cid, "sign", "--actor", "zhao", "--at", "2026-10-01T09:40:00+08:00")
    swept = desk.json("sweep", "--org", "estate", "--at", "2026-10-12T09:00:00+08:00")
    assert [(b["deadline"], b["due_at"]) for b in swept["breaches"]] == [
        ("report_to_management", "2026-10-01T23:59:59+08:00"),
        ("reply", "2026-10-03T09:00:00+08:00"),
        ("resolve", "2026-10-11T09:00:00+08:00"),
    ]
    shown = desk.json("show", cid, "--at", "2026-10-12T09:00:00+08:00")
    assert deadline(shown, "forward")["on_time"] is False  # signed 30 minutes after receipt
    overdue = desk.json("due", "--org", "estate", "--at", "2026-10-12T09:00:00+08:00")
    assert [i["deadline"] for i in overdue if i["id"] == cid] == ["report_to_management", "reply", "resolve"]


def test_1_8_an_invalid_complaint_needs_its_reason_and_is_still_kept(desk: Any) -> None:
    """Round 2 (issue 14): marking a complaint invalid without saying why is refused (exit 2)."""
    cid = file(desk, "--tier", "minor")["id"]
    # marking invalid is a supervisor's call (issue 13: role policy), so chen, not the receptionist
    bare = desk.cli("act", cid, "invalid", "--actor", "chen", "--at", "2026-10-01T09:20:00+08:00")
    assert bare.code == 2 and "--note REASON" in bare.stderr
    shown = desk.json("act", cid, "invalid", "--note", "燃气归燃气公司,已告知电话", "--at", "2026-10-01T09:20:00+08:00")
    assert shown["status"] == "invalid"
    assert desk.json("show", cid)["history"][-1]["action"] == "invalid"


def test_1_8_a_complaint_whose_harm_is_still_being_stopped_cannot_be_marked_invalid(desk: Any) -> None:
    """1.9 before 1.8: 对正在给住户造成损害的事件,应先立即采取措施停止或挽救伤害."""
    cid = file(desk, "--tier", "minor", "--urgent")["id"]
    refused = desk.cli("act", cid, "invalid", "--note", "not ours", "--actor", "chen", "--at", "2026-10-01T09:20:00+08:00")
    assert refused.code == 1 and "stop_harm" in refused.stderr
    desk.json("act", cid, "stop_harm", "--actor", "zhao", "--at", "2026-10-01T09:30:00+08:00")
    assert desk.json("act", cid, "invalid", "--note", "not ours", "--at", "2026-10-01T09:40:00+08:00")["status"] == "invalid"


# -- round 2 (issue 14): shift cover, lowering a tier, the patrol team reaching the resident --------


def test_shift_cover_hands_the_case_to_a_colleague_and_the_first_responder_stays_visible(desk: Any) -> None:
    """替班: wang's shift ends; chen takes the case over. due --by owner follows chen."""
    cid = file(desk, "--tier", "important")["id"]
    out = desk.json("act", cid, "handover", "--to", "chen", "--note", "替班", "--actor", "wang",
                    "--at", "2026-10-01T18:00:00+08:00")
    assert (out["owner"], out["first_responder"]) == ("chen", "wang")
    shown = desk.json("show", cid)
    assert [e["action"] for e in shown["history"]][-1] == "handover"
    listed = desk.cli("due", "--org", "estate", "--by", "owner", "--within", "3d", "--at", "2026-10-01T18:05:00+08:00")
    assert listed.code == 0 and "chen" in listed.stdout
    owners = {e["owner"] for e in desk.json("due", "--org", "estate", "--within", "3d",
                                             "--at", "2026-10-01T18:05:00+08:00") if e["id"] == cid}
    assert owners == {"chen"}
    again = desk.json("act", cid, "handover", "--to", "li", "--actor", "chen", "--at", "2026-10-02T09:00:00+08:00")
    assert (again["owner"], again["first_responder"]) == ("li", "wang")  # the first responder never changes
    stranger = desk.cli("act", cid, "handover", "--to", "nobody", "--actor", "li", "--at", "2026-10-02T09:05:00+08:00")
    assert stranger.code == 2 and "not staff" in stranger.stderr


def test_a_tier_is_lowered_only_by_a_supervisor_or_above_and_with_a_reason(desk: Any) -> None:
    """降级: a receptionist cannot; a supervisor can, with the reason on record; the higher tier's clocks stop."""
    cid = file(desk, "--tier", "important")["id"]
    by_desk = desk.cli("act", cid, "downgrade", "--to", "minor", "--note", "设施老化,非人为", "--actor", "wang",
                       "--at", "2026-10-01T10:00:00+08:00")
    assert by_desk.code == 1 and "supervisor" in by_desk.stderr
    silent = desk.cli("act", cid, "downgrade", "--to", "minor", "--actor", "chen", "--at", "2026-10-01T10:00:00+08:00")
    assert silent.code == 2 and "--note REASON" in silent.stderr
    up = desk.cli("act", cid, "downgrade", "--to", "major", "--note", "x", "--actor", "chen",
                  "--at", "2026-10-01T10:00:00+08:00")
    assert up.code == 1 and "lowers the tier" in up.stderr
    out = desk.json("act", cid, "downgrade", "--to", "minor", "--note", "设施老化,非人为", "--actor", "chen",
                    "--at", "2026-10-01T10:00:00+08:00")
    assert out["tier"] == "minor"
    assert "lowered from important to minor by chen (supervisor): 设施老化,非人为" in out["classification_reason"]
    assert deadline(out, "report_to_management")["state"] == "cancelled"
    assert [e["action"] for e in desk.json("show", cid)["history"]][-1] == "downgrade"


def test_a_complaint_lowered_to_minor_no_longer_waits_for_the_corrective_procedure(desk: Any) -> None:
    """1.4.2: the 不合格纠正与预防 procedure is for major and important complaints; lowered to minor
    (设施所限, nobody's fault), the open corrective action is no longer a condition of closing."""
    cid = file(desk, "--tier", "important")["id"]
    assert "corrective_action" in desk.json("show", cid)["open_steps"]
    out = desk.json("act", cid, "downgrade", "--to", "minor", "--note", "设施老化,非人为", "--actor", "chen",
                    "--at", "2026-10-01T10:00:00+08:00")
    assert "corrective_action" not in out["open_steps"]
    assert "corrective_action" not in [s["name"] for s in out["steps"]]
    again = desk.json("act", cid, "note", "--note", "已通知工程部", "--actor", "wang", "--at", "2026-10-01T10:05:00+08:00")
    assert "corrective_action" not in again["open_steps"]  # a minor complaint does not bring it back


def test_the_patrol_team_sees_the_residents_contact_while_it_must_call_back(desk: Any) -> None:
    """由巡楼组管理员上门告之 / 巡楼组安排回访: the patrol team reaches the resident — in clear, audited."""
    cid = file(desk, "--tier", "minor")["id"]
    before = desk.json("show", cid, "--actor", "sun")
    assert before["contact"] != "13812345678"  # nothing to call about yet: masked
    for action, actor, when in (("forward", "wang", "2026-10-01T09:05"), ("sign", "zhao", "2026-10-01T09:08"),
                                ("resolve", "zhao", "2026-10-02T09:00")):
        extra = ("--to", "工程部") if action == "forward" else ()
        desk.json("act", cid, action, *extra, "--actor", actor, "--at", when)
    audits = desk.app.store.conn.execute("SELECT count(*) FROM audit WHERE actor = 'sun'").fetchone()[0]
    shown = desk.json("show", cid, "--actor", "sun")
    assert (shown["complainant"], shown["contact"]) == ("张先生", "13812345678")
    assert desk.app.store.conn.execute("SELECT count(*) FROM audit WHERE actor = 'sun'").fetchone()[0] == audits + 1
    desk.json("act", cid, "notify", "--field", "method=visit", "--actor", "sun", "--at", "2026-10-02T10:00")
    desk.json("act", cid, "callback", "--field", "satisfied=true", "--actor", "sun", "--at", "2026-10-03T10:00")
    after = desk.json("show", cid, "--actor", "sun")
    assert after["contact"] != "13812345678"  # called back: the contact is masked again
