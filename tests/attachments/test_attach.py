"""Evidence on a complaint: a desk attaches the photo and the receipt, the history vouches for them.

The files live content-addressed beside the database; the ``attach`` event names each by
its SHA-256, so a file swapped or damaged on disk is found by `verify_files`.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from tousu.default_plugins.attachments import sniff
from tousu.default_plugins.verify import verify_files
from tousu.default_plugins.web.views import fetch
from tousu.errors import NotFound
from tousu.testing import org

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4
PDF = b"%PDF-1.4\n% a receipt\n"


@pytest.fixture
def desk(make_desk: Any) -> Any:
    return make_desk(org("estate", ["property_mgmt"]), org("other", ["property_mgmt"], staff={"liu": "receptionist"}))


def _file(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_a_receptionist_attaches_a_site_photo_and_the_event_names_its_hash(desk: Any, tmp_path: Path) -> None:
    cid = desk.complaint("estate", actor="wang").id
    photo = _file(tmp_path, "lift.jpg", JPEG)
    shown = desk.json("attach", cid, str(photo), "--actor", "wang", "--note", "the lift stuck between floors")
    digest = hashlib.sha256(JPEG).hexdigest()
    assert shown["sha256"] == digest and shown["name"] == "lift.jpg" and shown["type"] == "image/jpeg"
    stored = desk.folder / "tousu.files" / digest[:2] / digest
    assert stored.read_bytes() == JPEG
    event = desk.app.history(cid)[-1]
    assert event.action == "attach" and event.actor == "wang"
    assert event.data["attachment"] == {"sha256": digest, "name": "lift.jpg", "size": len(JPEG), "type": "image/jpeg"}
    history = desk.json("show", cid)["history"]
    assert history[-1]["action"] == "attach"


def test_the_same_file_twice_is_stored_once_and_recorded_twice(desk: Any, tmp_path: Path) -> None:
    cid = desk.complaint("estate").id
    desk.json("attach", cid, str(_file(tmp_path, "a.pdf", PDF)), "--actor", "wang")
    desk.json("attach", cid, str(_file(tmp_path, "b.pdf", PDF)), "--actor", "wang")
    assert len(list((desk.folder / "tousu.files").rglob("*"))) == 2  # one folder, one blob
    assert [e.data["attachment"]["name"] for e in desk.app.history(cid) if e.action == "attach"] == ["a.pdf", "b.pdf"]


@pytest.mark.parametrize(
    ("name", "content", "why"),
    [
        ("virus.exe", b"MZ\x90\x00\x03" + b"\x00" * 50, "application/octet-stream, not an accepted type"),
        ("photo.jpg", PDF, "the name says image/jpeg but the content is application/pdf"),
        ("empty.txt", b"", "is empty"),
    ],
)
def test_a_file_of_a_refused_type_or_a_lying_name_is_refused_and_nothing_is_written(
    desk: Any, tmp_path: Path, name: str, content: bytes, why: str
) -> None:
    cid = desk.complaint("estate").id
    error = desk.fails("attach", cid, str(_file(tmp_path, name, content)), "--actor", "wang", code=2)
    assert why in error
    assert not (desk.folder / "tousu.files").exists()


def test_the_size_limit_comes_from_tousu_toml(desk: Any, tmp_path: Path) -> None:
    orgs = {**org("estate", ["property_mgmt"])}
    desk.write_config({"database": "tousu.db", "orgs": orgs, "attachments": {"max_bytes": 100}})
    cid = desk.complaint("estate").id
    error = desk.fails("attach", cid, str(_file(tmp_path, "big.jpg", JPEG)), "--actor", "wang", code=2)
    assert "larger than the limit of 100 bytes (attachments.max_bytes in tousu.toml)" in error


def test_a_bad_attachments_setting_is_named_by_its_path(desk: Any) -> None:
    desk.write_config({"database": "tousu.db", "orgs": org("estate", ["property_mgmt"]), "attachments": {"types": ["jpeg"]}})
    assert "attachments.types: expected MIME types like 'image/jpeg', got 'jpeg'" in desk.fails("list", "--org", "estate", code=2)


def test_another_organizations_staff_cannot_attach_or_download(desk: Any, tmp_path: Path) -> None:
    cid = desk.complaint("estate").id
    photo = _file(tmp_path, "lift.jpg", JPEG)
    error = desk.fails("attach", cid, str(photo), "--actor", "liu", code=2)
    assert error == f"tousu: error: complaint {cid} not found or unknown staff member 'liu'"
    digest = desk.json("attach", cid, str(photo), "--actor", "wang")["sha256"]
    with pytest.raises(NotFound):
        fetch(desk.app, cid, digest, org_id="other", actor="liu")
    item, content = fetch(desk.app, cid, digest, org_id="estate", actor="wang")
    assert content == JPEG and item.name == "lift.jpg"


def test_a_digest_the_complaint_does_not_name_is_not_found_even_if_the_folder_holds_it(desk: Any, tmp_path: Path) -> None:
    first, second = desk.complaint("estate").id, desk.complaint("estate").id
    digest = desk.json("attach", first, str(_file(tmp_path, "lift.jpg", JPEG)), "--actor", "wang")["sha256"]
    with pytest.raises(NotFound):
        fetch(desk.app, second, digest, org_id="estate", actor="wang")


def test_an_attachment_typed_by_hand_must_name_a_stored_file(desk: Any) -> None:
    cid = desk.complaint("estate").id
    error = desk.fails("act", cid, "attach", "--field", "sha256=" + "0" * 64, "--field", "name=x.jpg", "--actor", "wang", code=2)
    assert "no stored file has sha256" in error


def test_verify_finds_a_swapped_and_a_missing_file(desk: Any, tmp_path: Path) -> None:
    cid = desk.complaint("estate").id
    photo = desk.json("attach", cid, str(_file(tmp_path, "lift.jpg", JPEG)), "--actor", "wang")["sha256"]
    receipt = desk.json("attach", cid, str(_file(tmp_path, "receipt.pdf", PDF)), "--actor", "wang")["sha256"]
    assert verify_files(desk.app) == []
    files = desk.folder / "tousu.files"
    (files / photo[:2] / photo).write_bytes(JPEG + b"tampered")
    (files / receipt[:2] / receipt).unlink()
    problems = verify_files(desk.app)
    assert problems == [
        f"{cid} event 2: attached file 'lift.jpg' ({photo[:12]}) does not match its hash",
        f"{cid} event 3: attached file 'receipt.pdf' ({receipt[:12]}) is missing",
    ]


def test_rebuild_replays_an_attachment_like_any_other_event(desk: Any, tmp_path: Path) -> None:
    cid = desk.complaint("estate").id
    desk.json("attach", cid, str(_file(tmp_path, "lift.jpg", JPEG)), "--actor", "wang")
    before = json.dumps(desk.json("show", cid), sort_keys=True)
    desk.cli("rebuild")
    assert json.dumps(desk.json("show", cid), sort_keys=True) == before


def test_content_decides_the_type() -> None:
    assert sniff(JPEG) == "image/jpeg"
    assert sniff(PDF) == "application/pdf"
    assert sniff("收据:已付款".encode()) == "text/plain"
    assert sniff(b"\x00\x01binary") == "application/octet-stream"


def test_a_step_the_domain_says_needs_evidence_waits_for_the_file(make_desk: Any, tmp_path: Path) -> None:
    """2-4: the authenticity finding is recorded with the authentication report attached."""
    desk = make_desk(org("store", ["retail"]))
    cid = desk.complaint("store", actor="wang", category="counterfeit", fields={"price": "1299"}).id
    step = ("act", cid, "step", "--field", "name=verify_authenticity", "--field", "result=counterfeit", "--actor", "zhao")
    error = desk.fails(*step, code=1)
    assert "needs evidence attached first (authentication_report)" in error
    assert f"tousu attach {cid} FILE --step verify_authenticity" in error
    report = _file(tmp_path, "report.pdf", PDF)
    wrong = desk.fails("attach", cid, str(report), "--step", "no_such_step", "--actor", "zhao", code=1)
    assert "has no required step 'no_such_step'" in wrong
    desk.json("attach", cid, str(report), "--step", "verify_authenticity", "--actor", "zhao")
    assert desk.cli(*step).code == 0
    assert "verify_authenticity" not in desk.json("show", cid)["open_steps"]


def test_tousu_verify_checks_every_attached_file_against_its_hash(desk: Any, tmp_path: Path) -> None:
    cid = desk.complaint("estate", actor="wang").id
    digest = desk.json("attach", cid, str(_file(tmp_path, "lift.jpg", JPEG)), "--actor", "wang")["sha256"]
    assert desk.cli("verify").code == 0
    (desk.folder / "tousu.files" / digest[:2] / digest).write_bytes(JPEG + b"swapped")
    error = desk.fails("verify", code=1)
    assert f"{cid} event 2: attached file 'lift.jpg' ({digest[:12]}) does not match its hash" in error
