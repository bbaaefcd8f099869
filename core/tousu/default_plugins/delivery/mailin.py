"""``tousu mail-in``: e-mails become complaints, or information on the case they answer.

Each ``.eml`` file, or each message of a Maildir folder (``new/`` and ``cur/``), is read with
the standard library's e-mail parser. A message whose subject carries a receipt code of a
case of the organization (``Re: [K7Q4-M2XD-9FJP] …``, as every message tousu sends is
titled) is added to that case as information from the complainant (action ``inform``, actor
``public``); any other message becomes a new complaint on channel ``email``, its sender the
complainant and contact. A message is taken in once: its Message-ID is remembered with the
case, in the same transaction, so running the command again over the same files changes
nothing. Automatic mail (``Auto-Submitted``, bounces) is skipped, so tousu never answers
itself. Messages of a Maildir's ``new/`` move to ``cur/`` once taken in.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import html
import re
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path
from typing import Any

import click

from tousu.default_plugins.outbox.receipts import find_code
from tousu.door import AT_OPTION, JSON_OPTION, Env, emit
from tousu.errors import InputError, Refused, TousuError
from tousu.permissions import Permission, declare
from tousu.timeutil import now

#: The longest text taken from one message (the rest is cut, and the cut is said).
MAX_TEXT = 20_000
MAX_FILE_BYTES = 10 * 1024 * 1024
PUBLIC_ACTOR = "public"


def messages_in(paths: list[Path]) -> list[Path]:
    """The message files named: `.eml` files as given, Maildir folders expanded (new/, then cur/)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            if not ((path / "new").is_dir() or (path / "cur").is_dir()):
                raise InputError(f"{path}: a folder that is not a Maildir (no new/ or cur/ inside)")
            for sub in ("new", "cur"):
                folder = path / sub
                if folder.is_dir():
                    found.extend(sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")))
        elif path.is_file():
            found.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return found


def _text(message: EmailMessage) -> str:
    """The message's own words: the plain part (or the HTML one, untagged), quoted lines left out."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, ValueError):  # an unknown charset, a broken encoding
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else str(payload)
    if part.get_content_subtype() == "html":
        content = html.unescape(re.sub(r"<[^>]*>", " ", re.sub(r"(?is)<(script|style).*?</\1>", "", content)))
    lines = []
    for line in content.splitlines():
        if line.lstrip().startswith(">"):
            continue
        if re.match(r"^\s*(On .+ wrote:|在.+写道[:：]?)\s*$", line):
            break
        lines.append(line.rstrip())
    text = "\n".join(lines).strip()
    if len(text) > MAX_TEXT:
        text = text[:MAX_TEXT] + "\n[…]"
    return text


def _automatic(message: EmailMessage) -> bool:
    auto = str(message.get("Auto-Submitted", "no")).strip().lower()
    if auto and auto != "no":
        return True
    sender = parseaddr(str(message.get("From", "")))[1].lower()
    return sender.startswith(("mailer-daemon@", "postmaster@")) or bool(message.get("X-Tousu-Key"))


def take_in(app: Any, org_id: str, raw: bytes, *, domain: str | None = None, at: Any = None) -> dict[str, Any]:
    """One e-mail into the register; returns what became of it (``new``, ``information``, ``skipped``)."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    org = app.org(org_id)
    outbox = app.store.outbox()
    message_id = str(message.get("Message-ID", "")).strip() or "sha256:" + hashlib.sha256(raw).hexdigest()
    seen = outbox.mail_seen(org.id, message_id)
    if seen is not None:
        return {"result": "skipped", "reason": "already taken in", "id": seen}
    if _automatic(message):
        return {"result": "skipped", "reason": "automatic message (auto-reply, bounce or tousu's own)"}
    name, address = parseaddr(str(message.get("From", "")))
    if "@" not in address:
        return {"result": "skipped", "reason": "no sender address"}
    subject = " ".join(str(message.get("Subject", "")).split())
    text = _text(message)
    code = find_code(subject)
    case = outbox.case_of(code) if code else None
    with app.store.transaction():
        if case is not None and case[1] == org.id:
            complaint = app.act(
                case[0], "inform", actor=PUBLIC_ACTOR, note=text or subject, fields={"via": "email"}, at=at,
                org_id=org.id,
            )
            result = "information"
        else:
            summary = "\n".join(part for part in (subject, text) if part) or "(an e-mail without text)"
            complaint = app.intake(
                org.id, channel="email", summary=summary, domain=domain, complainant=name.strip(),
                contact=address.strip(), actor=PUBLIC_ACTOR, at=at,
            )
            result = "new"
        outbox.add_mail(org.id, message_id, complaint.id, at or now())
    return {"result": result, "id": complaint.id}


@click.command("mail-in")
@click.option("--org", "org_id", required=True, metavar="ORG")
@click.option("--domain", metavar="D", help="The domain of new complaints (when the organization has several).")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@AT_OPTION
@JSON_OPTION
@click.pass_obj
def mail_in_command(
    env: Env, org_id: str, domain: str | None, files: tuple[Path, ...], at_text: str | None, as_json: bool
) -> None:
    """Take in e-mails (.eml files or Maildir folders): new complaints, or information on a case."""
    app = env.app
    app.org(org_id)
    at = env.instant(at_text, org_id) if at_text else None
    done = []
    for path in messages_in(list(files)):
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise InputError(f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
            outcome = take_in(app, org_id, path.read_bytes(), domain=domain, at=at)
        except (TousuError, OSError) as exc:
            outcome = {"result": "failed", "reason": str(exc)}
        done.append({"file": str(path), **outcome})
        if path.parent.name == "new" and outcome["result"] != "failed":
            _to_cur(path)
    if as_json:
        emit(done)
        return
    for item in done:
        detail = item.get("id") or ""
        reason = f" ({item['reason']})" if item.get("reason") else ""
        click.echo(f"{item['result']:11} {detail:10} {item['file']}{reason}")
    if any(item["result"] == "failed" for item in done):
        raise Refused(f"{sum(i['result'] == 'failed' for i in done)} of {len(done)} message(s) could not be taken in")


def _to_cur(path: Path) -> None:
    """Maildir: a message seen moves from new/ to cur/ with the "seen" flag."""
    target = path.parent.parent / "cur" / (path.name if ":2," in path.name else f"{path.name}:2,S")
    try:
        target.parent.mkdir(exist_ok=True)
        path.rename(target)
    except OSError:  # a read-only Maildir is still read; the Message-ID keeps the second run a no-op
        pass


declare(
    mail_in_command,
    Permission("org", "the operator takes in e-mails: new complaints, or information from the complainant",
               writes=True),
)
