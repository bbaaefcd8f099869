"""The public form and status page, served by a real `tousu serve` on a loopback port."""

from __future__ import annotations

import re
import time
import urllib.parse
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.server.harness import Served, server_config
from tousu.default_plugins.outbox.receipts import CODE_PATTERN, new_code
from tousu.testing import org

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def deployment(make_desk: Any, **public: Any) -> Any:
    shop = org("shop", ["retail"], language="en", name="Hypermart")
    shop["shop"]["public"] = {"enabled": True, "min_fill_seconds": 0, **public}
    shop["shop"]["notify"] = {"webhook": {"url": "http://127.0.0.1:9/none", "secret": "k"}}
    estate = org("estate", ["property_mgmt"], language="zh", name="阳光花园物业")
    estate["estate"]["public"] = {"enabled": True, "min_fill_seconds": 0, **public}
    closed = org("quiet", ["retail"], language="en")  # public pages off (the default)
    desk = make_desk(shop, estate, closed)
    server_config(desk)
    return desk


@pytest.fixture
def served(make_desk: Any) -> Iterator[tuple[Any, Served]]:
    desk = deployment(make_desk)
    server = Served.start(desk)
    yield desk, server
    server.kill()


def token_of(page: bytes) -> str:
    return re.search(r'name="started" value="([^"]+)"', page.decode()).group(1)


def post(server: Served, path: str, form: dict[str, str], **headers: str) -> Any:
    return server.request("POST", path, raw=urllib.parse.urlencode(form).encode(), headers={**FORM, **headers})


def file_complaint(server: Served, org_id: str = "shop", **values: str) -> Any:
    page = server.get(f"/public/{org_id}/new")
    assert page.status == 200, page
    return post(server, f"/public/{org_id}/new", {"started": token_of(page.body), **values})


def code_of(reply: Any) -> str:
    assert reply.status == 303, reply
    location = reply.headers["location"]
    assert location.startswith("/public/status/")
    code = location.rsplit("/", 1)[1]
    assert CODE_PATTERN.fullmatch(code)
    return code


def only_complaint(desk: Any, org_id: str = "shop") -> dict[str, Any]:
    (row,) = desk.json("list", "--org", org_id)
    return desk.json("show", row["id"])


def test_a_complaint_filed_on_the_form_gets_a_receipt_code_and_a_status_page(served):
    desk, server = served
    form = server.get("/public/shop/new")
    html = form.body.decode()
    for name in ("summary", "place", "request", "contact", "complainant", "category"):
        assert f'name="{name}"' in html
    assert form.headers["cache-control"] == "no-store"
    reply = file_complaint(server, summary="The kettle leaks", place="Store 3", request="A new kettle",
                           contact="ann@example.com", complainant="Ann Lee", category="general")
    code = code_of(reply)
    complaint = only_complaint(desk)
    assert complaint["channel"] == "web" and complaint["category"] == "general"
    assert complaint["history"][0]["actor"] == "public"
    page = server.get(f"/public/status/{code}")
    text = page.body.decode()
    assert page.status == 200 and code in text and 'data-state="received"' in text
    assert 'data-deadline="reply"' in text and 'data-deadline="resolve"' in text  # what happens next, by when
    assert page.headers["referrer-policy"] == "same-origin"  # the code never leaves for another site
    # the code went out by the complainant's channel too
    (message,) = desk.json("outbox")
    assert message["kind"] == "acknowledgment" and code in message["subject"] and message["address"] == "ann@example.com"
    # the form of a Chinese organization is in Chinese
    assert "在线投诉" in server.get("/public/estate/new").body.decode()


def test_the_status_page_shows_the_answer_and_takes_information_and_the_verdict(served, clock):
    desk, server = served
    code = code_of(file_complaint(server, summary="Fridge not cooling", contact="13812345678"))
    cid = only_complaint(desk)["id"]
    for args in (("reply", "--note", "A technician comes on Monday."), ("note", "--note", "supplier slow, ask purchasing")):
        result = desk.cli("act", cid, *args, "--actor", "wang")
        assert result.code == 0, result.stderr
    page = server.get(f"/public/status/{code}").body.decode()
    assert "A technician comes on Monday." in page
    assert "supplier slow" not in page and "wang" not in page and cid not in page
    token = token_of(server.get(f"/public/status/{code}").body)
    added = post(server, f"/public/status/{code}", {"started": token, "do": "inform", "text": "It is model FX-200."})
    assert added.status == 303 and added.headers["location"] == f"/public/status/{code}?done=inform"
    assert desk.json("show", cid)["history"][-1]["action"] == "inform"
    assert "FX-200" in server.get(f"/public/status/{code}").body.decode()
    assert "callback" not in server.get(f"/public/status/{code}").body.decode()  # not before it is resolved
    assert desk.cli("act", cid, "resolve", "--actor", "li").code == 0
    page = server.get(f"/public/status/{code}").body.decode()
    assert 'data-state="answered"' in page and 'class="callback"' in page
    verdict = post(server, f"/public/status/{code}",
                   {"started": token_of(page.encode()), "do": "callback", "satisfied": "no", "text": "Still warm"})
    assert verdict.status == 303
    last = desk.json("show", cid)["history"][-1]
    assert last["action"] == "callback" and last["actor"] == "public"
    assert 'class="callback"' not in server.get(f"/public/status/{code}").body.decode()


def test_one_cases_status_page_never_shows_another_case_or_the_desks_inside(served):
    desk, server = served
    mine = code_of(file_complaint(server, summary="CANARY-MINE broken toaster", contact="mine@example.com",
                                  complainant="Mina Canary"))
    theirs = code_of(file_complaint(server, summary="CANARY-THEIRS wrong invoice", contact="13900000000",
                                    complainant="Theo Other", place="CANARY-PLACE"))
    ids = {row["summary"].split()[0]: row["id"] for row in desk.json("list", "--org", "shop")}
    desk.cli("act", ids["CANARY-THEIRS"], "reply", "--note", "CANARY-REPLY-THEIRS", "--actor", "wang")
    desk.cli("act", ids["CANARY-MINE"], "forward", "--to", "CANARY-DEPT", "--actor", "wang")
    desk.cli("act", ids["CANARY-MINE"], "note", "--note", "CANARY-INTERNAL", "--actor", "wang")
    page = server.get(f"/public/status/{mine}").body.decode()
    assert "CANARY-MINE" in page
    for secret in ("CANARY-THEIRS", "CANARY-PLACE", "Theo", "13900000000", "CANARY-REPLY-THEIRS", theirs,
                   "CANARY-DEPT", "CANARY-INTERNAL", "wang", "receptionist", *ids.values(),
                   "mine@example.com", "Mina Canary"):
        assert secret not in page, secret
    # a receipt code is not an id anywhere else, and no complaint id opens a status page
    assert server.get(f"/api/v1/complaints/{mine}").status in (401, 404)
    assert server.get(f"/public/status/{ids['CANARY-MINE']}").status == 404


def test_the_honeypot_oversize_bodies_and_forged_forms_are_refused_and_nothing_is_recorded(make_desk):
    desk = deployment(make_desk, max_body_bytes=2048)
    server = Served.start(desk)
    try:
        assert file_complaint(server, summary="bot", website="http://spam.example").status == 400
        assert file_complaint(server, summary="x" * 5000).status == 413
        forged = post(server, "/public/shop/new", {"started": "1700000000.000.0000", "summary": "forged"})
        assert forged.status == 400
        cross = server.get("/public/shop/new")
        other_site = post(server, "/public/shop/new", {"started": token_of(cross.body), "summary": "csrf"},
                          Origin="https://evil.example")
        assert other_site.status == 403
        assert desk.json("list", "--org", "shop") == []
    finally:
        server.kill()


def test_a_form_sent_sooner_than_min_fill_seconds_is_refused(make_desk):
    import time

    desk = deployment(make_desk, min_fill_seconds=1)
    server = Served.start(desk)
    try:
        page = server.get("/public/shop/new")
        quick = post(server, "/public/shop/new", {"started": token_of(page.body), "summary": "too quick"})
        assert quick.status == 400 and b"quick" in quick.body
        assert 'value="too quick"' in quick.body.decode() or "too quick" in quick.body.decode()  # the text is kept
        time.sleep(1.1)
        assert post(server, "/public/shop/new", {"started": token_of(page.body), "summary": "a person"}).status == 303
    finally:
        server.kill()


def test_requests_beyond_the_rate_limit_get_429(make_desk):
    desk = deployment(make_desk, rate_limit=3)
    server = Served.start(desk)
    try:
        statuses = [server.get("/public/shop/new").status for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        codes = [server.get(f"/public/status/{new_code()}").status for _ in range(4)]
        assert codes == [404, 404, 404, 429]
        assert server.get("/public/status/AAAA-AAAA-AAAA").headers.get("retry-after") == "60"
    finally:
        server.kill()


def test_unknown_purged_and_closed_codes_all_get_the_same_not_found(served, clock):
    desk, server = served
    code = code_of(file_complaint(server, summary="Refund refused", contact="a@example.com"))
    cid = only_complaint(desk)["id"]
    unknown = server.get(f"/public/status/{new_code()}")
    assert unknown.status == 404
    for action in ("resolve", "close"):
        assert desk.cli("act", cid, action, "--actor", "li").code == 0
    assert server.get(f"/public/status/{code}").status == 200
    time.sleep(0.01)
    after_closing = datetime.now(UTC).isoformat()  # the server keeps real time: closed a moment ago
    result = desk.cli("purge", "--org", "shop", "--before", after_closing, "--actor", "li")
    assert result.code == 0, result.stderr
    purged = server.get(f"/public/status/{code}")
    assert (purged.status, purged.body) == (unknown.status, unknown.body)
    assert (server.get("/public/quiet/new").status, server.get("/public/quiet/new").body) == (404, unknown.body)
    assert server.get("/public/nowhere/new").body == unknown.body
    assert server.get("/public/status/not-a-code").body == unknown.body


def test_ten_thousand_guessed_codes_find_nothing(make_desk):
    from tousu.default_plugins.public.pages import find_case

    desk = deployment(make_desk)
    for n in range(200):
        desk.complaint("shop", summary=f"case {n}", contact=f"1380000{n:04d}")
    app = desk.app
    real = app.store.conn.execute("SELECT count(*) FROM receipts").fetchone()[0]
    assert real == 200
    hits = sum(find_case(app, new_code()) is not None for _ in range(10_000))
    assert hits == 0


def test_tousu_serve_delivers_the_outbox_in_the_background(make_desk):
    import time

    from tests.public.conftest import SECRET
    from tests.public.receivers import webhook_receiver

    with webhook_receiver(SECRET) as (receiver, url):
        desk = deployment(make_desk)
        import tomllib

        import tomli_w

        document = tomllib.loads(desk.config_path.read_text(encoding="utf-8"))
        document["orgs"]["shop"]["notify"] = {"webhook": {"url": url, "secret": SECRET}, "deliver_every": "1s"}
        desk.config_path.write_text(tomli_w.dumps(document), encoding="utf-8")
        server = Served.start(desk)
        try:
            code = code_of(file_complaint(server, summary="Delivered by the server", contact="13812345678"))
            deadline = time.monotonic() + 60
            while not receiver.accepted and time.monotonic() < deadline:
                time.sleep(0.2)
            (payload,) = receiver.accepted.values()
            assert payload["receipt"] == code and payload["kind"] == "acknowledgment"
        finally:
            server.stop()
        assert desk.json("outbox", "--status", "sent")[0]["key"] == payload["key"]


def test_the_property_desk_asks_for_the_verdict_once_the_resident_was_told_the_result(served):
    desk, server = served
    code = code_of(file_complaint(server, "estate", summary="楼道灯不亮", contact="13812345678"))
    cid = only_complaint(desk, "estate")["id"]
    for action in (["forward", "--to", "工程部"], ["sign"], ["resolve"]):
        result = desk.cli("act", cid, *action, "--actor", "zhao")
        assert result.code == 0, (action, result.stderr)
    assert 'class="callback"' not in server.get(f"/public/status/{code}").body.decode()  # not before notify
    assert desk.cli("act", cid, "notify", "--note", "已更换灯泡", "--actor", "zhao").code == 0
    page = server.get(f"/public/status/{code}").body.decode()
    assert 'class="callback"' in page and "已更换灯泡" in page
    verdict = post(server, f"/public/status/{code}", {"started": token_of(page.encode()), "do": "callback", "satisfied": "yes"})
    assert verdict.status == 303
    assert desk.json("show", cid)["history"][-1]["action"] == "callback"
