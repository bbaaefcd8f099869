"""Acceptance: the city-management complaint center (source part 4; DOMAIN §3; issue 5).

The bureau works in Chinese, every day including holidays; ``noise`` is routed to 一中队 in
its hand-written config.
"""

from __future__ import annotations

from typing import Any

from tests.acceptance.conftest import due

T = "2026-10-01T09:00:00+08:00"


def intake(desk: Any, *args: str, at: str = T, actor: str = "xiao") -> dict[str, Any]:
    return desk.json("intake", "--org", "bureau", "--summary", "群众投诉", "--actor", actor, "--at", at, *args)


def act(desk: Any, cid: str, action: str, *args: str, actor: str = "xiao", at: str) -> dict[str, Any]:
    if action == "reply" and "--note" not in args:  # a reply needs its text (issue 18)
        args = (*args, "--note", "已答复")
    return desk.json("act", cid, action, *args, "--actor", actor, "--at", at)


def test_a_complaint_on_national_day_is_on_the_clock_through_the_holiday(desk: Any) -> None:
    """Acknowledge within 1 day, reply within 5, resolve within 15: calendar days, holidays included."""
    doc = intake(desk, "--channel", "phone", "--category", "noise", "--contact", "13600001111")
    assert doc["tier"] == "normal" and doc["category"] == "noise"
    assert due(doc, "acknowledge") == "2026-10-02T09:00:00+08:00"
    assert due(doc, "reply") == "2026-10-06T09:00:00+08:00"
    assert due(doc, "resolve") == "2026-10-16T09:00:00+08:00"


def test_a_form_is_routed_to_the_squadron_of_its_category(desk: Any) -> None:
    noise = intake(desk, "--channel", "phone", "--category", "noise")
    other = intake(desk, "--channel", "phone", "--category", "outdoor_barbecue")
    assert desk.json("show", noise["id"])["department"] == "一中队"
    assert desk.json("show", other["id"])["department"] == ""


def test_a_consultation_is_counted_but_is_not_a_complaint(desk: Any) -> None:
    """Its only clock is the reply (1 day); the reply answers and closes it."""
    doc = intake(desk, "--channel", "phone", "--field", "kind=consultation", "--category", "shop_signs")
    assert [d["name"] for d in doc["deadlines"]] == ["reply"]
    assert due(doc, "reply") == "2026-10-02T09:00:00+08:00"
    answered = act(desk, doc["id"], "reply", "--note", "到区城管局办理审批", at="2026-10-01T09:20")
    assert answered["status"] == "closed"


def test_no_case_closes_without_an_answer(desk: Any) -> None:
    """件件有答复: closing before the complainant has a reply is refused (exit 1)."""
    cid = intake(desk, "--channel", "phone", "--category", "noise")["id"]
    act(desk, cid, "resolve", actor="liu", at="2026-10-03T09:00")
    reason = desk.fails("act", cid, "close", "--actor", "xiao", "--at", "2026-10-03T10:00", code=1)
    assert "reply" in reason
    act(desk, cid, "reply", "--note", "已责令KTV整改", at="2026-10-03T11:00")
    assert act(desk, cid, "close", at="2026-10-03T12:00")["status"] == "closed"


def test_the_first_responder_owns_the_case_and_a_named_person_follows_it(desk: Any) -> None:
    cid = intake(desk, "--channel", "visit", "--category", "illegal_construction")["id"]
    assigned = act(desk, cid, "assign", "--to", "liu", at="2026-10-01T09:30")
    assert assigned["owner"] == "xiao" and assigned["assignee"] == "liu"
    shown = desk.json("show", cid)
    assert (shown["owner"], shown["assignee"]) == ("xiao", "liu")


def test_the_same_caller_again_within_30_days_is_linked_as_a_repeat(desk: Any) -> None:
    """Issue 14: a repeat is the same matter — the same caller *and* category (another matter is a new case)."""
    first = intake(desk, "--channel", "phone", "--category", "noise", "--contact", "13600001111")["id"]
    again = intake(desk, "--channel", "web", "--category", "noise", "--contact", "13600001111",
                   at="2026-10-10T09:00")
    assert {"kind": "repeat_of", "id": first} in [{"kind": link["kind"], "id": link["id"]} for link in again["links"]]
    assert "repeat" in desk.json("show", again["id"])["flags"]
    other = intake(desk, "--channel", "web", "--category", "street_occupation", "--contact", "13600001111",
                   at="2026-10-11T09:00")
    assert other["links"] == []


def test_the_same_place_and_category_is_a_repeat_and_a_case_closed_long_ago_is_not(desk: Any) -> None:
    first = intake(desk, "--channel", "phone", "--category", "outdoor_barbecue", "--place", "解放路12号")["id"]
    second = intake(desk, "--channel", "phone", "--category", "outdoor_barbecue", "--place", "解放路12号",
                    at="2026-10-02T21:00")
    assert first in [link["id"] for link in second["links"]]
    # close both, then a call about the same place 31 days later is a fresh case
    for cid in (first, second["id"]):
        act(desk, cid, "reply", at="2026-10-03T09:00")
        act(desk, cid, "resolve", actor="liu", at="2026-10-03T10:00")
        act(desk, cid, "close", at="2026-10-03T11:00")
    fresh = intake(desk, "--channel", "phone", "--category", "outdoor_barbecue", "--place", "解放路12号",
                   at="2026-11-03T11:00:01")
    assert fresh["links"] == []


def test_a_matter_outside_the_bureaus_remit_is_transferred_out_and_counted(desk: Any) -> None:
    cid = intake(desk, "--channel", "visit", "--category", "other")["id"]
    moved = act(desk, cid, "transfer", "--to", "区住房和城乡建设局", at="2026-10-01T10:00")
    assert moved["status"] == "transferred"
    at_intake = intake(desk, "--channel", "letter", "--category", "other", "--field", "transfer_to=区市场监管局")
    assert at_intake["status"] == "transferred"
    report = desk.json("report", "--org", "bureau", "--month", "2026-10", "--at", "2026-11-01T00:00")
    figures = next(s for s in report["sections"] if s["domain"] == "city_enforcement")["figures"]
    assert figures["transferred_out"] == 2


def test_a_complaint_that_drags_on_stands_out_after_the_sweep(desk: Any) -> None:
    """久拖不决: unresolved after 15 days the sweep raises it, and the daily list puts it first."""
    old = intake(desk, "--channel", "phone", "--category", "street_occupation")["id"]
    newer = intake(desk, "--channel", "phone", "--category", "noise", at="2026-10-16T08:00")["id"]
    swept = desk.json("sweep", "--org", "bureau", "--at", "2026-10-16T09:00:01")
    assert old in [e["id"] for e in swept["escalations"]]
    assert desk.json("show", old)["tier"] == "drag_on"
    entries = desk.json("due", "--org", "bureau", "--within", "1d", "--at", "2026-10-16T09:30")
    assert entries[0]["id"] == old and entries[0]["overdue"] is True and entries[0]["tier"] == "drag_on"
    assert newer in [e["id"] for e in entries]


def test_the_satisfaction_rate_is_satisfied_over_called_back(desk: Any) -> None:
    answers = ["true", "true", "false"]
    for i, satisfied in enumerate(answers):
        cid = intake(desk, "--channel", "phone", "--category", "noise", "--contact", f"1390000000{i}")["id"]
        act(desk, cid, "reply", at="2026-10-02T09:00")
        act(desk, cid, "resolve", actor="liu", at="2026-10-03T09:00")
        act(desk, cid, "callback", "--field", f"satisfied={satisfied}", at="2026-10-04T09:00")
    report = desk.json("report", "--org", "bureau", "--month", "2026-10", "--at", "2026-11-01T00:00")
    figures = next(s for s in report["sections"] if s["domain"] == "city_enforcement")["figures"]
    assert figures["called_back"] == 3 and figures["satisfied"] == 2
    assert figures["satisfaction_rate_percent"] == 66.7
    assert report["satisfaction_rate"] == 0.6667


def test_category_shares_are_shares_of_complaints_not_of_consultations(desk: Any) -> None:
    """4 complaints (noise 1, street occupation 3) and 2 consultations: noise is 25.0%, not 16.7%."""
    categories = ["noise", "street_occupation", "street_occupation", "street_occupation"]
    for i, category in enumerate(categories):
        intake(desk, "--channel", "phone", "--category", category, "--contact", f"1370000000{i}")
    for i in range(2):
        intake(desk, "--channel", "phone", "--category", "noise", "--field", "kind=consultation",
               "--contact", f"1380000000{i}")
    report = desk.json("report", "--org", "bureau", "--month", "2026-10", "--at", "2026-11-01T00:00")
    figures = next(s for s in report["sections"] if s["domain"] == "city_enforcement")["figures"]
    assert (figures["received"], figures["complaints"], figures["consultations"]) == (6, 4, 2)
    assert figures["category_share_percent"]["noise"] == 25.0
    assert figures["category_share_percent"]["street_occupation"] == 75.0
    assert report["received"] == 6
