"""Bad input against a real server: every malformed request is a 4xx with one line, never a 500.

The corpus throws at each endpoint what clients get wrong and what attackers try: bodies that
are not JSON, not objects, nested ten thousand deep, NaN, invalid UTF-8, unknown keys, wrong
types, bodies larger than the limit (declared and chunked), impossible instants and
parameters. The server answers each with ``{"error": "..."}``, records nothing, and keeps
serving.
"""

from __future__ import annotations

import http.client
from typing import Any

import pytest

INTAKE = "/api/v1/complaints"
OK = {"channel": "phone", "summary": "a leak"}


def corpus(cid: str) -> list[tuple[str, str, Any, bytes | None, dict[str, str]]]:
    """(method, path, JSON body, raw body, headers)."""
    act = f"/api/v1/complaints/{cid}/actions"
    json_type = {"Content-Type": "application/json"}
    cases: list[tuple[str, str, Any, bytes | None, dict[str, str]]] = []
    for raw in (
        b"{", b"}", b"not json", b"[1, 2]", b'"a string"', b"42", b"null", b"true", b"{'single': 'quotes'}",
        b'{"channel": NaN}', b'{"summary": Infinity}', b"\xff\xfe\x00", b'{"a": 1}{"b": 2}',
        b"[" * 10000 + b"]" * 10000, b'{"fields": ' + b'{"a": ' * 5000 + b"1" + b"}" * 5001,
        b'{"channel": "phone", "summary": "\\ud800"}',
    ):
        cases.append(("POST", INTAKE, None, raw, json_type))
        cases.append(("POST", act, None, raw, json_type))
        cases.append(("POST", "/api/v1/login", None, raw, json_type))
    for body in (
        {}, {"channel": "phone"}, {"summary": "x"}, {**OK, "unknown": 1}, {**OK, "summary": 5}, {**OK, "channel": None},
        {**OK, "urgent": "yes"}, {**OK, "urgent": 1}, {**OK, "fields": []}, {**OK, "fields": "x=1"},
        {**OK, "fields": {"a": None}}, {**OK, "tier": ["minor"]}, {**OK, "channel": "carrier pigeon"},
        {**OK, "tier": "apocalyptic"}, {**OK, "at": "yesterday"}, {**OK, "at": "9999-01-01T00:00:00+08:00"},
        {**OK, "at": "2026-13-40"}, {**OK, "at": 1700000000}, {**OK, "summary": "   "}, {**OK, "summary": "nul\x00"},
        {**OK, "domain": "retail"}, {**OK, "category": {"a": 1}},
    ):
        cases.append(("POST", INTAKE, body, None, {}))
    for body in (
        {}, {"action": 5}, {"action": "note", "to": []}, {"action": "teleport"}, {"action": "note", "extra": True},
        {"action": "note", "at": "soon"}, {"action": "note", "at": "2999-01-01"}, {"action": "assign", "to": "nobody"},
        {"action": "step"}, {"action": "callback"}, {"action": "sweep"}, {"action": "note", "fields": [1]},
        {"action": "extend", "fields": {"deadline": "resolve"}},
    ):
        cases.append(("POST", act, body, None, {}))
    for body in ({"org": "acme"}, {"org": 1, "staff": 2, "password": 3}, {"org": "acme", "staff": "wang", "password": "x", "otp": 1}):
        cases.append(("POST", "/api/v1/login", body, None, {}))
    cases.append(("POST", INTAKE, None, b"channel=phone&summary=x", {"Content-Type": "application/x-www-form-urlencoded"}))
    cases.append(("POST", INTAKE, None, b'{"channel": "phone"}', {"Content-Type": "text/plain"}))
    cases.append(("POST", f"/api/v1/complaints/{cid}/compensation", {"fields": "amount=5"}, None, {}))
    cases.append(("POST", "/api/v1/sweep", {"at": "2999-01-01T00:00:00Z"}, None, {}))
    cases.append(("POST", "/api/v1/sweep", {"everything": True}, None, {}))
    for path in (
        "/api/v1/complaints?limit=abc", "/api/v1/complaints?limit=0", "/api/v1/complaints?offset=-1",
        "/api/v1/complaints?limit=1&limit=2", "/api/v1/complaints?colour=red", "/api/v1/due?within=soon",
        "/api/v1/due?by=mood", "/api/v1/due?at=never", "/api/v1/reports?month=2026-13", "/api/v1/reports?format=pdf&month=2026-10",
        "/api/v1/reports", "/api/v1/reports?week=2026-W99", "/api/v1/reports?from=2026-10-05&to=2026-10-01",
        f"/api/v1/complaints/{cid}?at=tomorrow-ish", "/api/v1/complaints/%00", "/api/v1/complaints/..%2F..%2Fetc",
        "/api/v1/complaints/C99999999", "/api/v1/nothing-here", "/api/v1/me/../../etc/passwd",
    ):
        cases.append(("GET", path, None, None, {}))
    cases.append(("DELETE", f"/api/v1/complaints/{cid}", None, None, {}))
    cases.append(("PUT", INTAKE, OK, None, {}))
    return cases


def event_count(served: Any) -> int:
    conn = served.desk.connect()
    try:
        return conn.execute("SELECT count(*) FROM events").fetchone()[0]
    finally:
        conn.close()


def test_a_corpus_of_bad_requests_gets_4xx_errors_and_changes_nothing(served: Any, tokens: dict[str, str], figures: Any) -> None:
    created = served.post(INTAKE, OK, token=tokens["wang"])
    assert created.status == 201
    cid = created.json["id"]
    before = event_count(served)
    statuses: dict[int, int] = {}
    for method, path, body, raw, headers in corpus(cid):
        reply = served.request(method, path, body, raw=raw, headers=headers, token=tokens["wang"])
        assert 400 <= reply.status < 500 and reply.status != 401, (method, path, body, raw and raw[:60], reply)
        assert set(reply.json) == {"error"} and "\n" not in reply.json["error"] and "Traceback" not in reply.json["error"]
        statuses[reply.status] = statuses.get(reply.status, 0) + 1
    assert event_count(served) == before
    assert served.get("/healthz").status == 200
    assert "Traceback" not in served.output()
    figures(f"server bad input: {sum(statuses.values())} requests, answered {dict(sorted(statuses.items()))}, 0 written, 0 × 500")


def test_a_body_over_the_limit_is_refused_before_it_is_read(served: Any, tokens: dict[str, str]) -> None:
    huge = {"channel": "phone", "summary": "x" * (2 * 1024 * 1024)}
    reply = served.post(INTAKE, huge, token=tokens["wang"])
    assert reply.status == 413 and "larger than" in reply.json["error"]


@pytest.mark.parametrize("size", [2 * 1024 * 1024])
def test_a_chunked_body_over_the_limit_is_cut_off(served: Any, tokens: dict[str, str], size: int) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=60)
    try:
        conn.putrequest("POST", INTAKE)
        conn.putheader("Authorization", f"Bearer {tokens['wang']}")
        conn.putheader("Content-Type", "application/json")
        conn.putheader("Transfer-Encoding", "chunked")
        conn.endheaders()
        chunk = b'{"channel": "phone", "summary": "' + b"y" * 65536
        sent = 0
        try:
            while sent < size:
                conn.send(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                sent += len(chunk)
                chunk = b"y" * 65536
            conn.send(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server stopped reading: also a refusal
        response = conn.getresponse()
        assert response.status == 413
    finally:
        conn.close()
    assert served.get("/healthz").status == 200
