"""Staff logins against a real server: who you are is what you logged in as, nothing else.

A password opens a session; a wrong password, an unknown staff member and an unknown
organization answer with the same 401 body; guessing is throttled per staff member and per
client address (429 with Retry-After); logout, revocation, expiry and removal from
tousu.toml each end access at once.
"""

from __future__ import annotations

import json
import time
from typing import Any

from tests.server.harness import PASSWORD, api_token, tousu
from tousu.default_plugins.server.auth import LOGIN_FAILED


def test_healthz_answers_without_login(served: Any) -> None:
    reply = served.get("/healthz")
    assert reply.status == 200 and reply.json["status"] == "ok"


def test_a_login_gives_a_token_that_says_who_you_are_until_logout(served: Any) -> None:
    reply = served.post("/api/v1/login", {"org": "acme", "staff": "wang", "password": PASSWORD})
    assert reply.status == 200, reply
    assert {k: reply.json[k] for k in ("org", "staff", "role")} == {"org": "acme", "staff": "wang", "role": "receptionist"}
    assert reply.json["token"].startswith("tsk_") and reply.json["expires_at"]
    token = reply.json["token"]
    me = served.get("/api/v1/me", token=token)
    assert me.status == 200 and {k: me.json[k] for k in ("org", "staff", "role")} == {
        "org": "acme", "staff": "wang", "role": "receptionist"
    }
    assert served.post("/api/v1/logout", token=token).status == 200
    assert served.get("/api/v1/me", token=token).status == 401


def test_every_endpoint_but_healthz_and_login_needs_a_token(served: Any) -> None:
    for method, path in (("GET", "/api/v1/me"), ("POST", "/api/v1/logout")):
        for token in (None, "", "tsk_made-up", "not even a token", "x" * 5000):
            reply = served.request(method, path, token=token) if token is not None else served.request(method, path)
            assert reply.status == 401, (method, path, token, reply)
            assert "error" in reply.json


def test_wrong_password_unknown_staff_and_unknown_org_answer_alike(serve: Any) -> None:
    server = serve()
    attempts = [
        {"org": "acme", "staff": "wang", "password": "wrong password"},
        {"org": "acme", "staff": "nobody", "password": PASSWORD},
        {"org": "nowhere", "staff": "wang", "password": PASSWORD},
        {"org": "other", "staff": "wang", "password": PASSWORD},  # wang is staff of acme only
    ]
    replies = [server.post("/api/v1/login", body) for body in attempts]
    assert {r.status for r in replies} == {401}
    assert {r.body for r in replies} == {replies[0].body}
    assert replies[0].json == {"error": LOGIN_FAILED}


def test_a_staff_member_without_a_password_cannot_log_in(serve: Any) -> None:
    server = serve()
    assert tousu(server.desk, "staff", "revoke", "--org", "acme", "chen").exit_code == 0
    reply = server.post("/api/v1/login", {"org": "acme", "staff": "chen", "password": PASSWORD})
    assert reply.status == 401 and reply.json == {"error": LOGIN_FAILED}


def test_guessing_one_staff_members_password_is_throttled_from_any_address(serve: Any) -> None:
    server = serve(trusted_proxies=["127.0.0.1"])  # so each guess can come from its own address
    for n in range(5):
        reply = server.post(
            "/api/v1/login", {"org": "acme", "staff": "zhou", "password": f"guess {n}"},
            headers={"X-Forwarded-For": f"10.0.0.{n + 1}"},
        )
        assert reply.status == 401, (n, reply)
    for password in ("guess 6", PASSWORD):  # the sixth try is refused unchecked, even the right one
        reply = server.post(
            "/api/v1/login", {"org": "acme", "staff": "zhou", "password": password},
            headers={"X-Forwarded-For": "10.0.0.99"},
        )
        assert reply.status == 429, reply
        assert 0 < int(reply.headers["retry-after"]) <= 15 * 60
    # another staff member is not locked out by it
    assert server.post(
        "/api/v1/login", {"org": "acme", "staff": "li", "password": PASSWORD}, headers={"X-Forwarded-For": "10.0.0.99"}
    ).status == 200


def test_guessing_many_staff_members_from_one_address_is_throttled(serve: Any) -> None:
    server = serve(trusted_proxies=["127.0.0.1"])
    spoofed = {"X-Forwarded-For": "10.9.9.9"}
    for n in range(5):
        reply = server.post("/api/v1/login", {"org": "acme", "staff": f"guess{n}", "password": "x"}, headers=spoofed)
        assert reply.status == 401
    reply = server.post("/api/v1/login", {"org": "acme", "staff": "wang", "password": PASSWORD}, headers=spoofed)
    assert reply.status == 429 and int(reply.headers["retry-after"]) > 0
    assert server.post(
        "/api/v1/login", {"org": "acme", "staff": "wang", "password": PASSWORD}, headers={"X-Forwarded-For": "10.1.1.1"}
    ).status == 200


def test_x_forwarded_for_is_not_believed_unless_the_proxy_is_trusted(serve: Any) -> None:
    server = serve()
    for n in range(5):
        reply = server.post(
            "/api/v1/login", {"org": "acme", "staff": f"guess{n}", "password": "x"},
            headers={"X-Forwarded-For": f"10.0.0.{n}"},
        )
        assert reply.status == 401
    reply = server.post(
        "/api/v1/login", {"org": "acme", "staff": "wang", "password": PASSWORD}, headers={"X-Forwarded-For": "10.7.7.7"}
    )
    assert reply.status == 429


def test_revoked_and_expired_api_tokens_are_refused(served: Any) -> None:
    desk = served.desk
    hotline = api_token(desk, "acme", "wang", "hotline")
    assert served.get("/api/v1/me", token=hotline).json["staff"] == "wang"
    assert tousu(desk, "staff", "revoke", "--org", "acme", "wang", "--name", "hotline").exit_code == 0
    assert served.get("/api/v1/me", token=hotline).status == 401

    brief = api_token(desk, "acme", "wang", "brief", expires="2s")
    issued = time.monotonic()
    first = served.get("/api/v1/me", token=brief)
    assert first.status == 200 or time.monotonic() - issued >= 2
    time.sleep(max(0.0, 2.2 - (time.monotonic() - issued)))
    assert served.get("/api/v1/me", token=brief).status == 401


def test_removing_a_staff_member_from_tousu_toml_ends_their_access_at_once(serve: Any) -> None:
    import tomllib

    import tomli_w

    server = serve()
    desk = server.desk
    session = server.login("acme", "li")
    hotline = api_token(desk, "acme", "li", "hotline")
    assert server.get("/api/v1/me", token=session).status == 200
    document = tomllib.loads(desk.config_path.read_text(encoding="utf-8"))
    del document["orgs"]["acme"]["staff"]["li"]
    desk.config_path.write_text(tomli_w.dumps(document), encoding="utf-8")
    for token in (session, hotline):
        assert server.get("/api/v1/me", token=token).status == 401
    reply = server.post("/api/v1/login", {"org": "acme", "staff": "li", "password": PASSWORD})
    assert reply.status == 401 and reply.json == {"error": LOGIN_FAILED}
    listing = tousu(desk, "staff", "list", "--org", "acme", "--json")
    entry = next(e for e in json.loads(listing.stdout) if e["staff"] == "li")
    assert entry["in_config"] is False and entry["tokens"][0]["state"] == "disabled"


def test_a_new_password_ends_open_sessions(serve: Any) -> None:
    from tests.server.harness import set_password

    server = serve()
    session = server.login("acme", "zhao")
    set_password(server.desk, "acme", "zhao", "a brand new password")
    assert server.get("/api/v1/me", token=session).status == 401
    assert server.login("acme", "zhao", "a brand new password")


def test_a_role_change_in_tousu_toml_applies_to_an_open_session(serve: Any) -> None:
    import tomllib

    import tomli_w

    server = serve()
    desk = server.desk
    session = server.login("acme", "wang")
    document = tomllib.loads(desk.config_path.read_text(encoding="utf-8"))
    document["orgs"]["acme"]["staff"]["wang"]["role"] = "manager"
    desk.config_path.write_text(tomli_w.dumps(document), encoding="utf-8")
    assert server.get("/api/v1/me", token=session).json["role"] == "manager"
