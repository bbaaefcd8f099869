"""Mail in: an e-mail becomes a complaint; a reply quoting a receipt code adds to its case."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path
from typing import Any

from tests.public.conftest import notifying
from tousu.default_plugins.store.outbox import OutboxStore


def eml(folder: Path, name: str, *, sender: str, subject: str, body: str, **headers: str) -> Path:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "desk@shop.example"
    message["Subject"] = subject
    message["Message-ID"] = f"<{name}@mail.example>"
    for key, value in headers.items():
        message[key.replace("_", "-")] = value
    message.set_content(body)
    path = folder / f"{name}.eml"
    path.write_bytes(bytes(message))
    return path


def shop(make_desk: Any) -> Any:
    return make_desk(
        notifying("shop", "retail", "zh", webhook="http://127.0.0.1:9/x"),
        notifying("other", "retail", "en", webhook="http://127.0.0.1:9/x"),
    )


def test_a_new_email_becomes_a_complaint_and_a_reply_with_its_code_adds_to_the_case(make_desk, tmp_path, clock):
    desk = shop(make_desk)
    first = eml(tmp_path, "m1", sender="张先生 <zhang@example.com>", subject="洗衣机漏水",
                body="上周买的洗衣机漏水，请尽快处理。")
    (taken,) = desk.json("mail-in", "--org", "shop", str(first), "--at", clock.iso())
    assert taken["result"] == "new"
    complaint = desk.json("show", taken["id"])
    assert complaint["channel"] == "email" and complaint["status"] == "received"
    assert "洗衣机漏水" in complaint["summary"] and "请尽快处理" in complaint["summary"]
    app = desk.app
    assert app.get(taken["id"]).contact == "zhang@example.com"
    assert app.get(taken["id"]).complainant == "张先生"
    (ack,) = OutboxStore(app.store).list()
    code = OutboxStore(app.store).receipt_of(taken["id"])
    assert ack.kind == "acknowledgment" and code in ack.subject and ack.address == "zhang@example.com"
    desk.close()

    clock.advance(hours=2)
    reply = eml(tmp_path, "m2", sender="zhang@example.com", subject=f"Re: {ack.subject}",
                body="补充：型号是 XQG-100。\n\n> 您好，已受理您的投诉\n> 受理编号 ...")
    (added,) = desk.json("mail-in", "--org", "shop", str(reply), "--at", clock.iso())
    assert added == {"file": str(reply), "result": "information", "id": taken["id"]}
    history = desk.json("show", taken["id"])["history"]
    last = history[-1]
    assert last["action"] == "inform" and last["actor"] == "public"
    assert "XQG-100" in str(last) and "已受理您的投诉" not in str(last)  # quoted lines are not information
    assert len(desk.json("list", "--org", "shop")) == 1

    # the same files again: nothing new
    again = desk.json("mail-in", "--org", "shop", str(first), str(reply), "--at", clock.advance(hours=1).isoformat())
    assert [a["result"] for a in again] == ["skipped", "skipped"]
    assert len(desk.json("show", taken["id"])["history"]) == len(history)


def test_a_maildir_is_read_and_its_new_messages_move_to_cur(make_desk, tmp_path, clock):
    desk = shop(make_desk)
    maildir = tmp_path / "Maildir"
    for sub in ("new", "cur", "tmp"):
        (maildir / sub).mkdir(parents=True)
    eml(maildir / "new", "a", sender="li@example.com", subject="Broken kettle", body="It leaks.")
    eml(maildir / "new", "b", sender="zhou@example.com", subject="Late delivery", body="Three weeks late.")
    taken = desk.json("mail-in", "--org", "other", str(maildir), "--at", clock.iso())
    assert [t["result"] for t in taken] == ["new", "new"]
    assert list((maildir / "new").iterdir()) == []
    assert sorted(p.name for p in (maildir / "cur").iterdir()) == ["a.eml:2,S", "b.eml:2,S"]
    again = desk.json("mail-in", "--org", "other", str(maildir), "--at", clock.iso())
    assert [t["result"] for t in again] == ["skipped", "skipped"]


def test_automatic_mail_and_tousus_own_messages_are_not_taken_in(make_desk, tmp_path, clock):
    desk = shop(make_desk)
    auto = eml(tmp_path, "auto", sender="li@example.com", subject="Out of office", body="Away.",
               Auto_Submitted="auto-replied")
    own = eml(tmp_path, "own", sender="desk@shop.example", subject="[K7Q4-M2XD-9FJP] received", body="x",
              X_Tousu_Key="tsm_1")
    bounce = eml(tmp_path, "bounce", sender="MAILER-DAEMON@mx.example", subject="Undelivered", body="x")
    taken = desk.json("mail-in", "--org", "shop", str(auto), str(own), str(bounce), "--at", clock.iso())
    assert [t["result"] for t in taken] == ["skipped"] * 3
    assert desk.json("list", "--org", "shop") == []


def test_a_code_of_another_organization_opens_a_new_complaint_instead(make_desk, tmp_path, clock):
    desk = shop(make_desk)
    theirs = desk.complaint("other", summary="Their case", contact="x@example.com")
    code = OutboxStore(desk.app.store).receipt_of(theirs.id)
    desk.close()
    mail = eml(tmp_path, "m", sender="y@example.com", subject=f"Re: [{code}] hello", body="About my case")
    (taken,) = desk.json("mail-in", "--org", "shop", str(mail), "--at", clock.iso())
    assert taken["result"] == "new" and taken["id"] != theirs.id
    assert len(desk.json("show", theirs.id)["history"]) == 1


def test_mail_in_refuses_a_missing_file_and_the_public_actor_cannot_act_as_staff(make_desk, tmp_path, clock):
    desk = shop(make_desk)
    assert "no such file" in desk.fails("mail-in", "--org", "shop", str(tmp_path / "none.eml"), code=2)
    (tmp_path / "plain").mkdir()
    assert "not a Maildir" in desk.fails("mail-in", "--org", "shop", str(tmp_path / "plain"), code=2)
    complaint = desk.complaint("shop", summary="A case")
    desk.close()
    assert "recorded by staff" in desk.fails("act", complaint.id, "close", "--actor", "public", code=1)
    assert "投诉人补充须写明内容：--note" in desk.fails("act", complaint.id, "inform", "--actor", "public", code=2)  # zh org


def test_an_html_only_message_is_read_as_text(make_desk, tmp_path, clock):
    desk = shop(make_desk)
    message = EmailMessage()
    message["From"] = "Wu <wu@example.com>"
    message["Subject"] = "Noise at night"
    message["Message-ID"] = "<html-1@mail.example>"
    message.set_content("<html><body><p>Loud music <b>every night</b> after 23:00.</p>"
                        "<script>alert(1)</script></body></html>", subtype="html")
    path = tmp_path / "html.eml"
    path.write_bytes(bytes(message))
    (taken,) = desk.json("mail-in", "--org", "other", str(path), "--at", clock.iso())
    summary = desk.json("show", taken["id"])["summary"]
    assert "every night" in summary and "<b>" not in summary and "alert" not in summary


def test_the_outbox_listing_masks_addresses_in_text_and_gives_them_whole_in_json(make_desk):
    desk = shop(make_desk)
    desk.complaint("shop", summary="A case", contact="13812345678")
    desk.close()
    text = desk.cli("outbox").stdout
    assert "13812345678" not in text and "acknowledgment" in text
    assert desk.json("outbox")[0]["address"] == "13812345678"
