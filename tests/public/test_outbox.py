"""The outbox: messages written with their event, delivered at least once, each by its key."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import timedelta
from typing import Any

import pytest

from tests.public.conftest import SECRET, notifying
from tests.public.receivers import smtp_server, webhook_receiver
from tousu.default_plugins.outbox.receipts import CODE_PATTERN
from tousu.default_plugins.store.outbox import OutboxStore


def outbox(desk: Any, **filters: Any) -> list[Any]:
    desk.close()
    return OutboxStore(desk.app.store).list(**filters)


def test_the_acknowledgment_reaches_the_complainant_by_smtp_in_the_orgs_language(make_desk, clock):
    with smtp_server() as smtp:
        desk = make_desk(
            notifying("shop", "retail", "zh", smtp_port=smtp.port),
            notifying("estate", "property_mgmt", "en", smtp_port=smtp.port),
        )
        desk.complaint("shop", summary="冰箱不制冷", contact="zhang@example.com", complainant="张先生")
        desk.complaint("estate", summary="Lift stuck between floors", contact="lee@example.com",
                       complainant="Mr Lee", category="general", tier="minor")
        result = desk.json("deliver", "--at", clock.iso())
        assert result["sent"] == 2 and result["failed"] == 0
        by_to = {rcpts[0]: mail for rcpts, mail in smtp.received}
        zh, en = by_to["zhang@example.com"], by_to["lee@example.com"]
        assert "已受理" in zh["Subject"] and CODE_PATTERN.search(zh["Subject"])
        assert "您好" in zh.get_content()
        assert "received" in en["Subject"] and "Your receipt code is" in en.get_content()
        # the receiver recognises a resend by the message's key
        keys = {m.key for m in outbox(desk)}
        assert {zh["X-Tousu-Key"], en["X-Tousu-Key"]} == keys
        assert zh["Message-ID"] == f"<{zh['X-Tousu-Key']}@shop.example>"
        # only what the complainant needs: no staff name, no internal complaint id
        for mail in (zh, en):
            text = mail["Subject"] + mail.get_content()
            assert "wang" not in text and "C0000000" not in text
        assert all(m.status == "sent" for m in outbox(desk))


def test_a_message_is_written_in_the_transaction_of_its_event(make_desk, clock):
    desk = make_desk(notifying("shop", "retail", "en", webhook="http://127.0.0.1:9/none"))
    complaint = desk.complaint("shop", summary="Broken kettle", contact="13812345678")
    (ack,) = outbox(desk)
    events = desk.app.store.conn.execute("SELECT seq, action FROM events WHERE complaint_id = ?", (complaint.id,))
    assert [(ack.event_seq, "intake")] == list(events)
    assert ack.channel == "webhook" and ack.address == "13812345678" and ack.kind == "acknowledgment"
    # a refused action writes neither an event nor a message
    desk.fails("act", complaint.id, "close", "--actor", "wang", "--at", clock.iso(), code=1)
    assert len(outbox(desk)) == 1
    # an answer is told; a note is not
    clock.advance(hours=1)
    desk.cli("act", complaint.id, "note", "--note", "called the supplier", "--actor", "wang", "--at", clock.iso())
    desk.cli("act", complaint.id, "reply", "--note", "A new kettle is on its way.", "--actor", "wang", "--at", clock.iso())
    kinds = [m.kind for m in outbox(desk)]
    assert kinds == ["acknowledgment", "reply"]
    assert "A new kettle is on its way." in outbox(desk)[1].body


def test_without_a_channel_or_a_contact_nothing_is_written(make_desk):
    from tousu.testing import org

    desk = make_desk(org("plain", ["retail"]), notifying("shop", "retail", "en", webhook="http://127.0.0.1:9/x"))
    desk.complaint("plain", summary="no channels configured", contact="a@b.example")
    desk.complaint("shop", summary="no contact given")
    assert outbox(desk) == []


def test_the_webhook_is_signed_and_a_staff_alert_names_the_case_not_the_complainant(make_desk, clock):
    with webhook_receiver(SECRET) as (receiver, url):
        desk = make_desk(notifying("shop", "retail", "en", webhook=url, staff={"wang": "wang@shop.example"}))
        complaint = desk.complaint("shop", summary="Smoke from the charger", contact="13812345678",
                                   complainant="Mr Sun")
        clock.advance(days=30)
        desk.cli("sweep", "--org", "shop", "--at", clock.iso())
        result = desk.json("deliver", "--at", clock.iso())
        assert result["sent"] >= 2 and result["failed"] == 0
        assert receiver.requests and all(r["valid"] for r in receiver.requests)
        payloads = list(receiver.accepted.values())
        ack = next(p for p in payloads if p["kind"] == "acknowledgment")
        assert ack["to"] == {"channel": "webhook", "address": "13812345678"}
        assert CODE_PATTERN.fullmatch(ack["receipt"]) and "case" not in ack
        alerts = [p for p in payloads if p["kind"] == "breach"]
        assert alerts and all(p["case"] == complaint.id for p in alerts)
        for alert in alerts:
            assert alert["to"]["staff"] == "wang"
            text = str(alert)
            assert "13812345678" not in text and "Mr Sun" not in text and ack["receipt"] not in text


def test_a_tampered_body_fails_the_receivers_signature_check():
    from tousu.default_plugins.delivery.deliver import signature, verify

    body = b'{"key": "tsm_1", "text": "hello"}'
    header = signature(SECRET, body)
    assert verify(SECRET, body, header)
    assert not verify(SECRET, body.replace(b"hello", b"HELLO"), header)
    assert not verify("another secret", body, header)


def test_a_receiver_failing_three_times_then_succeeding_gets_the_message_once_by_key(make_desk, clock):
    with webhook_receiver(SECRET) as (receiver, url):
        desk = make_desk(notifying("shop", "retail", "en", webhook=url))
        desk.complaint("shop", summary="Wrong size delivered", contact="13812345678")
        receiver.fail_next = 3
        at = clock.now
        for attempt in range(1, 4):
            result = desk.json("deliver", "--at", at.isoformat())
            assert result["failed"] == 1, f"attempt {attempt}"
            # not due again before its backoff (30 s, then doubled)
            assert desk.json("deliver", "--at", (at + timedelta(seconds=1)).isoformat())["messages"] == []
            at += timedelta(hours=1)
        assert desk.json("deliver", "--at", at.isoformat())["sent"] == 1
        assert desk.json("deliver", "--at", (at + timedelta(days=1)).isoformat())["messages"] == []
        keys = [r["payload"]["key"] for r in receiver.requests]
        assert len(keys) == 4 and len(set(keys)) == 1 and len(receiver.accepted) == 1
        (sent,) = desk.json("outbox", "--status", "sent")
        assert sent["attempts"] == 4 and sent["key"] == keys[0]


def test_after_max_attempts_a_message_is_dead_until_retried(make_desk, clock):
    with webhook_receiver(SECRET) as (receiver, url):
        desk = make_desk(notifying("shop", "retail", "en", webhook=url, max_attempts=2))
        desk.complaint("shop", summary="Late delivery", contact="13812345678")
        receiver.fail_next = 2
        desk.json("deliver", "--at", clock.iso())
        result = desk.json("deliver", "--at", clock.advance(hours=1).isoformat())
        assert result["dead"] == 1
        (dead,) = desk.json("outbox", "--status", "dead")
        assert dead["attempts"] == 2 and "HTTP 500" in dead["last_error"]
        assert desk.json("outbox", "--status", "pending") == []
        assert "dead" in desk.cli("outbox").stdout
        assert desk.json("deliver", "--at", clock.advance(days=1).isoformat())["messages"] == []
        assert desk.json("outbox", "retry", str(dead["id"]), "--at", clock.iso())["status"] == "pending"
        assert desk.json("deliver", "--at", clock.iso())["sent"] == 1
        assert len(receiver.accepted) == 1
        desk.fails("outbox", "retry", str(dead["id"]), code=1)
        desk.fails("outbox", "retry", "999", code=2)
        desk.fails("outbox", "retry", "abc", code=2)


def test_kill_9_during_delivery_loses_nothing_and_the_resend_carries_the_same_key(make_desk, clock):
    with webhook_receiver(SECRET) as (receiver, url):
        desk = make_desk(notifying("shop", "retail", "en", webhook=url))
        desk.complaint("shop", summary="Counterfeit charger", contact="13812345678")
        desk.complaint("shop", summary="Missing manual", contact="13987654321")
        desk.close()
        receiver.hang_first = True  # it takes the first message, then the sender dies before the answer
        proc = subprocess.Popen(
            [sys.executable, "-m", "tousu.cli", "--config", str(desk.config_path), "deliver", "--at", clock.iso()],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ},
        )
        try:
            assert receiver.got_request.wait(30), "the sender never reached the receiver"
        finally:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(10)
        assert proc.returncode == -signal.SIGKILL
        pending = desk.json("outbox", "--status", "pending")
        assert len(pending) == 2 and desk.json("outbox", "--status", "sent") == []
        # the lease (2 minutes) protects a sender that is merely slow; after it the message is due again
        assert desk.json("deliver", "--at", clock.iso())["messages"][0]["attempts"] == 1  # the other message
        result = desk.json("deliver", "--at", (clock.now + timedelta(minutes=3)).isoformat())
        assert result["sent"] == 1
        assert len(desk.json("outbox", "--status", "sent")) == 2
        keys = [r["payload"]["key"] for r in receiver.requests]
        assert len(keys) == 3 and len(set(keys)) == 2  # one resend, recognisable by its key
        assert len(receiver.accepted) == 2


def test_purging_a_case_purges_its_messages_and_receipt(make_desk, clock):
    desk = make_desk(notifying("shop", "retail", "en", webhook="http://127.0.0.1:9/x"))
    complaint = desk.complaint("shop", summary="Refund refused", contact="13812345678")
    assert OutboxStore(desk.app.store).receipt_of(complaint.id)
    for action in ("resolve", "close"):
        clock.advance(hours=1)
        result = desk.cli("act", complaint.id, action, "--actor", "li", "--at", clock.iso())
        assert result.code == 0, result.stderr
    clock.advance(days=1)
    result = desk.cli("purge", "--org", "shop", "--before", clock.iso(), "--actor", "li", "--at", clock.iso())
    assert result.code == 0, result.stderr
    assert outbox(desk) == []
    assert OutboxStore(desk.app.store).receipt_of(complaint.id) is None


@pytest.mark.parametrize(
    "notify, message",
    [
        ({"max_attempts": 0}, "orgs.shop.notify.max_attempts: expected"),
        ({"webhook": {"url": "ftp://x", "secret": "k"}}, "orgs.shop.notify.webhook.url: expected"),
        ({"webhook": {"url": "https://x.example"}}, "orgs.shop.notify.webhook.secret"),
        ({"email": {"host": "h"}}, "orgs.shop.notify.email"),
        ({"emial": {}}, "orgs.shop.notify.emial: unknown key"),
        ({"lease": "0s"}, "orgs.shop.notify.lease: expected a duration of at least 1s"),
    ],
)
def test_a_wrong_notify_setting_is_refused_with_its_path(make_desk, notify, message):
    table = notifying("shop", "retail", "en")
    table["shop"]["notify"] = notify
    desk = make_desk(table)
    assert message in desk.fails("outbox", code=2)


def test_imported_history_is_not_told_to_anyone(make_desk, tmp_path):
    import json

    desk = make_desk(notifying("shop", "retail", "en", webhook="http://127.0.0.1:9/x"))
    source = tmp_path / "register.jsonl"
    record = {"channel": "phone", "summary": "Old case", "received_at": "2026-09-01T09:00:00+08:00",
              "contact": "13700000001", "actions": [{"action": "reply", "at": "2026-09-01T10:00:00+08:00",
                                                      "actor": "wang", "note": "answered then"}]}
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = desk.cli("import", str(source), "--org", "shop")
    assert result.code == 0, result.stderr
    assert outbox(desk) == []
    desk.complaint("shop", summary="A new case", contact="13700000002")  # and the desk still tells afterwards
    assert [m.kind for m in outbox(desk)] == ["acknowledgment"]


def test_an_extension_of_a_promised_time_and_a_callback_request_are_told(make_desk, clock):
    estate = notifying("estate", "property_mgmt", "en", webhook="http://127.0.0.1:9/x")
    desk = make_desk(estate, notifying("shop", "retail", "en", webhook="http://127.0.0.1:9/x"))
    # retail: the answer's time limit is promised to the customer; moving it is news
    complaint = desk.complaint("shop", summary="Washing machine leaks", contact="13812345678")
    due = desk.app.get(complaint.id).deadline("reply").due_at
    later = (due + timedelta(days=2)).isoformat()
    result = desk.cli("act", complaint.id, "extend", "--field", "deadline=reply", "--field", f"until={later}",
                      "--note", "waiting for the supplier", "--actor", "li", "--at", clock.advance(hours=1).isoformat())
    assert result.code == 0, result.stderr
    extend = [m for m in outbox(desk) if m.kind == "extend"]
    assert len(extend) == 1 and "waiting for the supplier" in extend[0].body
    # a reply without words is refused (a reply needs its text, issue 18) and tells nothing
    refused = desk.cli("act", complaint.id, "reply", "--actor", "wang", "--at", clock.advance(hours=1).isoformat())
    assert refused.code == 2
    assert [m.kind for m in outbox(desk, complaint_id=complaint.id)] == ["acknowledgment", "extend"]
    # property: once the resident is told the result, the callback clock starts and they are asked
    case = desk.complaint("estate", summary="Corridor light out", contact="lee@example.com",
                          fields={"cause": "facility"}, actor="wang")
    for action in (["forward", "--to", "工程部"], ["sign"], ["resolve"], ["notify", "--note", "Fixed on Tuesday"]):
        result = desk.cli("act", case.id, *action, "--actor", "zhao", "--at", clock.advance(hours=1).isoformat())
        assert result.code == 0, (action, result.stderr)
    kinds = [m.kind for m in outbox(desk, complaint_id=case.id)]
    assert kinds == ["acknowledgment", "notify", "callback_request"], kinds


def test_smtp_with_starttls_and_a_login_from_the_environment(make_desk, clock, tmp_path):
    import shutil
    import ssl

    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make the test server's certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    with smtp_server(tls=context, users={"desk": "s3cret"}) as smtp:
        table = notifying("shop", "retail", "en")
        table["shop"]["notify"] = {"email": {"host": "127.0.0.1", "port": smtp.port, "from": "desk@shop.example",
                                             "starttls": True, "ca_file": str(cert),
                                             "username_env": "SHOP_SMTP_USER", "password_env": "SHOP_SMTP_PASS"}}
        desk = make_desk(table)
        desk.complaint("shop", summary="Broken blender", contact="ann@example.com")
        # without the login the server refuses: the message waits for the next round
        assert desk.json("deliver", "--at", clock.iso())["failed"] == 1
        env = {"SHOP_SMTP_USER": "desk", "SHOP_SMTP_PASS": "s3cret"}
        result = desk.cli("deliver", "--at", clock.advance(hours=1).isoformat(), "--json", env=env)
        assert result.json["sent"] == 1, result.stdout
        ((recipients, mail),) = smtp.received
        assert recipients == ["ann@example.com"]
        assert mail["X-Test-Secure"] == "True" and mail["X-Test-User"] == "desk"
        assert "s3cret" not in desk.cli("outbox", "--json").stdout
