"""Identity through the server: the actor is who logged in, their role is what tousu.toml says,
and another organization's complaints do not exist for them.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tousu.timeutil import zone

SHANGHAI = zone("Asia/Shanghai")


def intake(served: Any, token: str, **extra: Any) -> dict[str, Any]:
    body = {"channel": "phone", "summary": "water leaking, call me on 13812345678", "tier": "minor",
            "complainant": "Mr Zhang", "contact": "13812345678", "again": True, **extra}
    reply = served.post("/api/v1/complaints", body, token=token)
    assert reply.status == 201, reply
    return reply.json


def events(served: Any) -> int:
    conn = served.desk.connect()
    try:
        return conn.execute("SELECT count(*) FROM events").fetchone()[0]
    finally:
        conn.close()


def test_the_actor_recorded_is_the_staff_member_logged_in(served: Any, tokens: dict[str, str]) -> None:
    cid = intake(served, tokens["wang"])["id"]
    served.post(f"/api/v1/complaints/{cid}/actions", {"action": "forward", "to": "Engineering"}, token=tokens["wang"])
    history = served.get(f"/api/v1/complaints/{cid}", token=tokens["wang"]).json["history"]
    assert [(e["actor"], e["role"]) for e in history] == [("wang", "receptionist"), ("wang", "receptionist")]


def test_a_body_naming_another_actor_is_refused_and_records_nothing(served: Any, tokens: dict[str, str]) -> None:
    cid = intake(served, tokens["wang"])["id"]
    before = events(served)
    for path, body in (
        ("/api/v1/complaints", {"channel": "phone", "summary": "x", "actor": "zhou"}),
        ("/api/v1/complaints", {"channel": "phone", "summary": "x", "org": "other"}),
        (f"/api/v1/complaints/{cid}/actions", {"action": "note", "note": "n", "actor": "zhou"}),
        (f"/api/v1/complaints/{cid}/actions", {"action": "note", "note": "n", "role": "general_manager"}),
    ):
        reply = served.post(path, body, token=tokens["wang"])
        assert reply.status == 400, reply
        assert "you act as wang of acme" in reply.json["error"]
    assert events(served) == before


def test_a_receptionists_token_cannot_approve_going_over_time(served: Any, tokens: dict[str, str]) -> None:
    document = intake(served, tokens["wang"])
    cid = document["id"]
    resolve = next(d for d in document["deadlines"] if d["name"] == "resolve")
    until = (datetime.fromisoformat(resolve["due_at"]) + timedelta(days=2)).isoformat()
    body = {"action": "extend", "fields": {"deadline": "resolve", "until": until}, "note": "parts on order"}
    refused = served.post(f"/api/v1/complaints/{cid}/actions", body, token=tokens["wang"])
    assert refused.status == 403, refused
    assert "needs the approval of the manager" in refused.json["error"] and "wang is receptionist" in refused.json["error"]
    approved = served.post(f"/api/v1/complaints/{cid}/actions", body, token=tokens["li"])
    assert approved.status == 200, approved
    extension = next(d for d in approved.json["deadlines"] if d["name"] == "resolve")["extensions"][-1]
    assert (extension["approved_by"], extension["role"]) == ("li", "manager")


def test_a_rule_refusal_is_409_in_the_clis_words(served: Any, tokens: dict[str, str]) -> None:
    cid = intake(served, tokens["wang"])["id"]
    reply = served.post(f"/api/v1/complaints/{cid}/actions", {"action": "close"}, token=tokens["wang"])
    assert reply.status == 409
    cli = served.desk.cli("act", cid, "close", "--actor", "wang")
    assert cli.code == 1 and reply.json["error"] in cli.stderr


def test_another_organizations_ids_answer_exactly_like_missing_ones(served: Any, tokens: dict[str, str]) -> None:
    cid = intake(served, tokens["wang"])["id"]
    missing = "C09999999"
    for method, suffix, body in (
        ("GET", "", None),
        ("POST", "/actions", {"action": "note", "note": "peek"}),
        ("POST", "/compensation", {}),
    ):
        theirs = served.request(method, f"/api/v1/complaints/{cid}{suffix}", body, token=tokens["sun"])
        nobodys = served.request(method, f"/api/v1/complaints/{missing}{suffix}", body, token=tokens["sun"])
        assert theirs.status == nobodys.status == 404, (theirs, nobodys)
        assert theirs.body.replace(cid.encode(), b"ID") == nobodys.body.replace(missing.encode(), b"ID")
    assert all(e["actor"] != "sun" for e in served.get(f"/api/v1/complaints/{cid}", token=tokens["wang"]).json["history"])


def test_personal_data_is_masked_for_those_the_rule_does_not_open_it_to(served: Any, tokens: dict[str, str]) -> None:
    cid = intake(served, tokens["wang"])["id"]
    owner = served.get(f"/api/v1/complaints/{cid}", token=tokens["wang"]).json
    assert (owner["complainant"], owner["contact"]) == ("Mr Zhang", "13812345678")
    head = served.get(f"/api/v1/complaints/{cid}", token=tokens["zhao"]).json
    assert head["complainant"] == "M*" and head["contact"] == "138****5678"
    assert "13812345678" not in head["summary"]


def test_a_view_in_clear_by_role_is_audited_with_the_logged_in_actor(served: Any, tokens: dict[str, str]) -> None:
    cid = intake(served, tokens["wang"])["id"]
    conn = served.desk.connect()
    try:
        before = conn.execute("SELECT count(*) FROM audit").fetchone()[0]
        shown = served.get(f"/api/v1/complaints/{cid}", token=tokens["li"]).json
        assert shown["contact"] == "13812345678"
        rows = conn.execute("SELECT actor, role, action, detail FROM audit ORDER BY seq").fetchall()[before:]
    finally:
        conn.close()
    assert [(r[0], r[1], r[2]) for r in rows] == [("li", "manager", "view")]
    assert cid in rows[0][3]


def test_the_access_log_names_staff_and_routes_but_no_personal_data(served: Any, tokens: dict[str, str]) -> None:
    canary = "13987654321"
    cid = intake(served, tokens["wang"], contact=canary, summary=f"canary {canary}")["id"]
    served.get(f"/api/v1/complaints/{cid}?at=2026-12-01", token=tokens["li"])
    served.get("/api/v1/due?within=3d&by=owner", token=tokens["wang"])
    output = served.output()
    assert canary not in output and tokens["wang"] not in output and tokens["li"] not in output
    lines = served.access_log()
    shown = [entry for entry in lines if entry.get("route") == "/api/v1/complaints/{id}" and entry.get("staff") == "li"]
    assert shown and shown[-1]["status"] == 200 and shown[-1]["org"] == "acme" and shown[-1]["request_id"]
    assert all("?" not in entry["route"] for entry in lines)


def test_a_future_instant_is_refused_and_a_past_one_recorded_as_given(served: Any, tokens: dict[str, str]) -> None:
    cid = intake(served, tokens["wang"])["id"]
    future = (datetime.now(SHANGHAI) + timedelta(days=1)).isoformat()
    refused = served.post(f"/api/v1/complaints/{cid}/actions", {"action": "note", "note": "n", "at": future}, token=tokens["wang"])
    assert refused.status == 400 and "future" in refused.json["error"]
    refused = served.post("/api/v1/complaints", {"channel": "phone", "summary": "s", "at": future}, token=tokens["wang"])
    assert refused.status == 400
    past = (datetime.now(SHANGHAI) - timedelta(hours=2)).replace(microsecond=0)
    made = served.post("/api/v1/complaints", {"channel": "phone", "summary": "s", "at": past.isoformat()}, token=tokens["wang"])
    assert made.status == 201 and made.json["received_at"] == past.isoformat()


def test_sweep_and_due_work_on_the_staff_members_own_organization(served: Any, tokens: dict[str, str]) -> None:
    intake(served, tokens["sun"])
    swept = served.post("/api/v1/sweep", {}, token=tokens["sun"])
    assert swept.status == 200 and set(swept.json) == {"at", "breaches", "escalations"}
    due = served.get("/api/v1/due?within=30d", token=tokens["sun"]).json
    assert due and all(item["id"] is None or item["owner"] == "sun" for item in due)


def test_the_register_lists_the_own_organization_as_the_cli_does(served: Any, tokens: dict[str, str]) -> None:
    import json

    mine = intake(served, tokens["wang"])["id"]
    theirs = intake(served, tokens["sun"])["id"]
    listed = served.get("/api/v1/complaints?status=received&limit=500", token=tokens["zhao"])
    assert listed.status == 200
    ids = [row["id"] for row in listed.json]
    assert mine in ids and theirs not in ids
    assert all("13812345678" not in row["summary"] for row in listed.json)  # masked for a department head
    typed = served.desk.cli("list", "--org", "acme", "--status", "received", "--limit", "500", "--actor", "zhao", "--json")
    assert listed.json == json.loads(typed.stdout)
    assert served.get("/api/v1/complaints?limit=1", token=tokens["wang"]).json[0]["id"] == max(ids)


def test_the_register_searches_and_pages_like_the_cli(served: Any, tokens: dict[str, str]) -> None:
    import json

    for n in range(3):
        intake(served, tokens["wang"], summary=f"elevator squeak number {n}")
    page = served.get("/api/v1/complaints?q=squeak&limit=2&offset=1", token=tokens["wang"])
    assert page.status == 200 and len(page.json) == 2 and page.headers["x-total-count"] == "3"
    typed = served.desk.cli("list", "--org", "acme", "--q", "squeak", "--limit", "2", "--offset", "1", "--actor", "wang", "--json")
    assert page.json == json.loads(typed.stdout)
    assert served.get("/api/v1/complaints?status=bogus", token=tokens["wang"]).status == 400
