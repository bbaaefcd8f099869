"""The complaint center read sentence by sentence (issue 14): every exit answered, 一抓到底, shift
cover, the operator reaching the caller."""

from __future__ import annotations

from typing import Any

from tests.city_enforcement.helpers import STAFF, act, center, intake
from tousu.testing import org


def states(doc: dict[str, Any]) -> dict[str, str]:
    return {d["name"]: d["state"] for d in doc["deadlines"]}


def test_every_exit_answers_the_caller_before_the_case_leaves_the_desk(make_desk: Any, clock: Any) -> None:
    """件件有答复: transferred out, found invalid or withdrawn — the caller is still answered."""
    desk = make_desk(center(language="zh"))
    moved = intake(desk, clock, "--channel", "phone", "--category", "other")["id"]
    out = act(desk, moved, "transfer", clock.advance(hours=1), "--to", "区住房和城乡建设局")
    assert out["fields"]["exit_answer"] == "已移送区住房和城乡建设局处理"
    assert states(out)["reply"] == "met" and states(out)["acknowledge"] == "met"
    bad = intake(desk, clock, "--channel", "phone", "--category", "other")["id"]
    # marking invalid is a supervisor's or manager's call (issue 13 role policy)
    invalid = act(desk, bad, "invalid", clock.advance(hours=1), "--note", "属物业管理范围,已告知物业电话", actor="li")
    assert invalid["fields"]["exit_answer"] == "不属于本局受理范围: 属物业管理范围,已告知物业电话"
    gone = intake(desk, clock, "--channel", "phone", "--category", "noise")["id"]
    assert act(desk, gone, "withdraw", clock.advance(hours=1))["fields"]["exit_answer"] == "投诉人撤回,已确认"
    at_intake = intake(desk, clock, "--channel", "letter", "--category", "other", "--field", "transfer_to=区市场监管局")
    assert at_intake["fields"]["exit_answer"] == "已移送区市场监管局处理"
    month = clock.now.strftime("%Y-%m")
    report = desk.json("report", "--org", "bureau", "--month", month, "--at", clock.advance(days=40).isoformat())
    figures = next(s for s in report["sections"] if s["domain"] == "city_enforcement")["figures"]
    assert figures["answered"] == 4 and figures["handled"] == 4


def test_a_processing_rate_of_100_percent_with_nothing_answered_is_impossible(desk: Any, clock: Any) -> None:
    """A case resolved but never answered is not processed: handled counts answered cases only."""
    cid = intake(desk, clock, "--channel", "phone", "--category", "noise")["id"]
    act(desk, cid, "resolve", clock.advance(days=1), actor="liu")
    month = clock.now.strftime("%Y-%m")
    report = desk.json("report", "--org", "bureau", "--month", month, "--at", clock.advance(days=40).isoformat())
    figures = next(s for s in report["sections"] if s["domain"] == "city_enforcement")["figures"]
    assert (figures["answered"], figures["handled"], figures["processing_rate_percent"]) == (0, 0, 0.0)


def test_a_visit_without_a_designated_person_by_the_end_of_its_first_day_is_on_the_daily_list(
    desk: Any, clock: Any
) -> None:
    """现场解决不了的指定专人负责一抓到底: the designate clock runs to the end of the visit's day."""
    visit = intake(desk, clock, "--channel", "visit", "--category", "illegal_construction")
    designate = next(d for d in visit["deadlines"] if d["name"] == "designate")
    assert designate["due_at"].startswith(clock.now.strftime("%Y-%m-%d")) and "23:59:59" in designate["due_at"]
    phoned = intake(desk, clock, "--channel", "phone", "--category", "illegal_construction")
    assert "designate" not in {d["name"] for d in phoned["deadlines"]}
    next_morning = clock.advance(days=1).isoformat()
    listed = desk.json("due", "--org", "bureau", "--at", next_morning)
    assert any(e["id"] == visit["id"] and e["deadline"] == "designate" and e["overdue"] for e in listed)
    act(desk, visit["id"], "assign", clock.advance(minutes=5), "--to", "liu")
    listed = desk.json("due", "--org", "bureau", "--at", clock.now.isoformat())
    assert not any(e["id"] == visit["id"] and e["deadline"] == "designate" for e in listed)


def test_shift_cover_passes_ownership_and_the_first_responder_stays_on_record(desk: Any, clock: Any) -> None:
    """首问负责 and 替班: chen covers wang's shift; the case is chen's, wang is still its first responder."""
    cid = intake(desk, clock, "--channel", "phone", "--category", "noise")["id"]
    out = act(desk, cid, "handover", clock.advance(hours=8), "--to", "chen", "--note", "替班")
    assert (out["owner"], out["first_responder"]) == ("chen", "wang")
    entries = desk.json("due", "--org", "bureau", "--within", "30d", "--at", clock.now.isoformat())
    assert {e["owner"] for e in entries if e["id"] == cid} == {"chen"}
    text = desk.cli("show", cid, "--actor", "chen")
    assert text.code == 0 and "wang" in text.stdout


def test_the_operator_sees_the_callers_contact_while_the_caller_is_owed_an_answer(make_desk: Any, clock: Any) -> None:
    """The operator must answer the caller: the contact is in clear for them until the answer, and audited."""
    desk = make_desk(org("bureau", ["city_enforcement"], staff={**STAFF, "zhou": "operator"}))
    cid = intake(desk, clock, "--channel", "phone", "--category", "noise", "--contact", "13900009999",
                 "--complainant", "赵女士")["id"]
    shown = desk.json("show", cid, "--actor", "zhou")
    assert shown["contact"] == "13900009999"
    assert desk.app.store.conn.execute("SELECT count(*) FROM audit WHERE actor = 'zhou'").fetchone()[0] == 1
    act(desk, cid, "reply", clock.advance(hours=1), "--note", "已转一中队", actor="zhou")
    assert desk.json("show", cid, "--actor", "zhou")["contact"] != "13900009999"
    assert desk.json("show", cid, "--actor", "liu")["contact"] != "13900009999"  # a squadron leader is not a caller
