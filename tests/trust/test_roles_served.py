"""The role policy through a real `tousu serve`: the API refuses a receptionist's sign with 403
and the roles that may, and the web desk neither shows her the buttons the policy keeps for
the department nor takes the action when its form is posted anyway."""

from __future__ import annotations

import http.client
import re
import urllib.parse
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.server.conftest import make_deployment
from tests.server.harness import PASSWORD, Served
from tousu.timeutil import zone

SHANGHAI = zone("Asia/Shanghai")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    desk = make_deployment(tmp_path / "served")
    server = Served.start(desk)
    yield server
    server.stop()
    desk.close()


def cookie(reply: Any, name: str) -> str:
    found = re.search(rf"{name}=([^;]+)", reply.headers.get("set-cookie", ""))
    assert found, reply.headers
    return found.group(1)


def web_login(served: Served, org: str, staff: str) -> str:
    """Sign in on the desk's login form as a browser would; returns the session cookie header."""
    form = served.get("/login")
    token = cookie(form, "tousu_login_csrf")
    body = urllib.parse.urlencode({"csrf": token, "org": org, "staff": staff, "password": PASSWORD})
    conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=60)
    try:  # the answer sets two cookies: read every Set-Cookie header
        conn.request("POST", "/login", body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"tousu_login_csrf={token}",
        })
        answer = conn.getresponse()
        answer.read()
        assert answer.status == 303, answer.status
        sessions = [v for k, v in answer.getheaders() if k.lower() == "set-cookie" and v.startswith("tousu_session=")]
    finally:
        conn.close()
    assert sessions
    return sessions[0].split(";", 1)[0]


def buttons(html: str) -> set[str]:
    return set(re.findall(r'data-action="([a-z_]+)"', html))


def test_the_api_and_the_web_desk_refuse_what_the_role_may_not_do(served: Served, figures: Any) -> None:
    wang, zhao = served.login("acme", "wang"), served.login("acme", "zhao")
    start = datetime.now(SHANGHAI) - timedelta(hours=1)
    created = served.post("/api/v1/complaints", {"channel": "phone", "summary": "lift stuck", "tier": "minor",
                                                 "at": start.isoformat()}, token=wang)
    assert created.status == 201, created
    cid = created.json["id"]
    forwarded = served.post(f"/api/v1/complaints/{cid}/actions", {"action": "forward", "to": "Engineering"}, token=wang)
    assert forwarded.status == 200, forwarded

    refused = served.post(f"/api/v1/complaints/{cid}/actions", {"action": "sign"}, token=wang)
    assert refused.status == 403, refused
    assert "sign needs one of the roles department_head, supervisor, manager, general_manager" in refused.json["error"]

    # the desk page: the receptionist sees no sign, start or resolve; the department's head does
    session = web_login(served, "acme", "wang")
    page = served.get(f"/complaints/{cid}", headers={"Cookie": session})
    assert page.status == 200, page
    # an id with a NUL is a page that does not exist, on either store (PostgreSQL's text cannot hold one)
    for path in (f"/complaints/{cid}%00", f"/complaints/{cid}%00/files/ab", f"/complaints/{cid}/files/ab%00"):
        assert served.get(path, headers={"Cookie": session}).status == 404, path
    html = page.body.decode()
    shown = buttons(html)
    assert "note" in shown and not shown & {"sign", "start", "resolve", "invalid"}, shown
    head = buttons(served.get(f"/complaints/{cid}", headers={"Cookie": web_login(served, "acme", "zhao")}).body.decode())
    assert {"sign", "start"} <= head and "invalid" not in head, head

    # posting the hidden form anyway is refused by the App, as on the command line
    csrf = re.search(r'name="csrf" value="([^"]+)"', html)
    assert csrf
    posted = served.request("POST", f"/complaints/{cid}/act", raw=urllib.parse.urlencode(
        {"csrf": csrf.group(1), "action": "sign"}).encode(), headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": session})
    assert posted.status == 403 and "sign needs one of the roles" in posted.body.decode(), posted
    shown_doc = served.get(f"/api/v1/complaints/{cid}", token=zhao).json
    assert shown_doc["status"] == "forwarded" and [e["action"] for e in shown_doc["history"]] == ["intake", "forward"]
    assert served.post(f"/api/v1/complaints/{cid}/actions", {"action": "sign"}, token=zhao).status == 200
    figures("roles: a receptionist's sign refused by the real server's API (403) and its desk (403, no button), "
            "the department head's accepted")
