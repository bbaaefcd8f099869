"""What an event tells whom: messages written to the outbox in the event's own transaction.

`record` is called after the App appends an event (``complaint_event_recorded``). It decides from data only:
the domain's `DomainSpec.tell` (which actions reach the complainant) and
`DomainSpec.public_deadlines`, the organization's ``[orgs.X.notify]`` (channels and staff
addresses), and the event's payload. Each message carries what its recipient needs and no
more: the complainant gets the receipt code and the answer, never a staff name or the
internal complaint id; a staff alert gets the complaint id and the clock, never the
complainant's name or contact.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tousu.default_plugins.outbox.receipts import receipt_for
from tousu.default_plugins.outbox.settings import NotifyConfig
from tousu.default_plugins.outbox.templates import render, template
from tousu.default_plugins.words.labels import label
from tousu.models import Complaint, DomainSpec, Org
from tousu.payload import (
    ABSENT,
    DeadlineAdd,
    DeadlineBreach,
    DeadlineExtend,
    DeadlineWarn,
    Input,
    Payload,
)
from tousu.serialize import to_json

if TYPE_CHECKING:
    from tousu.default_plugins.store_needs import SharedStore

_ACK = frozenset({"intake", "acknowledge"})


def active(org: Org) -> bool:
    """Whether any message of `org` can leave (a channel is configured): else nothing is written."""
    notify = org.notify
    return notify is not None and (notify.email is not None or notify.webhook is not None)


def record(
    store: SharedStore,
    before: Complaint | None,
    after: Complaint,
    org: Org,
    domain: DomainSpec | None,
    action: str,
    data: Payload,
    seq: int,
    at: datetime,
) -> None:
    """Write the messages the event `seq` (action `action`, payload `data`) calls for."""
    if not active(org):
        return
    notify: NotifyConfig = org.notify
    outbox = store.outbox()
    rows = []
    for audience, kind, recipient, address, values in _messages(before, after, org, domain, action, data, notify):
        channel = _channel(notify, address)
        if channel is None:
            continue
        if audience == "complainant":
            code = receipt_for(outbox, after.id, org.id, at)
            values = {**values, "code": code, "status_url": _status_url(org, code)}
        subject, body = template(kind, org.language, domain)
        values = {"org": org.name, **values}
        subject, body = render(subject, values), render(body, values)
        payload = {
            "org": org.id,
            "kind": kind,
            "audience": audience,
            "to": {"channel": channel, "address": address, **({"staff": recipient} if audience == "staff" else {})},
            "language": org.language,
            "subject": subject,
            "text": body,
        }
        if audience == "complainant":
            payload["receipt"] = values["code"]
            if values.get("status_url"):
                payload["status_url"] = values["status_url"]
        else:
            payload["case"] = after.id
        rows.append(
            {
                "key": f"tsm_{secrets.token_hex(16)}",
                "org": org.id,
                "complaint_id": after.id,
                "event_seq": seq,
                "kind": kind,
                "audience": audience,
                "recipient": recipient,
                "channel": channel,
                "address": address,
                "language": org.language,
                "subject": subject,
                "body": body,
                "payload": to_json(payload, sort_keys=True),
                "next_at": at,
                "created_at": at,
            }
        )
    if rows:
        outbox.add(rows)


def _channel(notify: NotifyConfig, address: str) -> str | None:
    """E-mail for an e-mail address when SMTP is set up; anything else goes to the webhook."""
    if "@" in address and notify.email is not None:
        return "email"
    if notify.webhook is not None:
        return "webhook"
    return None


def _status_url(org: Org, code: str) -> str:
    public = org.public
    if public is None or not public.enabled or not public.base_url:
        return ""
    return f"{public.base_url.rstrip('/')}/public/status/{code}"


def _messages(
    before: Complaint | None,
    after: Complaint,
    org: Org,
    domain: DomainSpec | None,
    action: str,
    data: Payload,
    notify: NotifyConfig,
) -> Iterator[tuple[str, str, str, str, dict[str, Any]]]:
    """(audience, kind, recipient, address, values) for each message the event calls for."""
    tell = domain.tell if domain is not None else ()
    lang = org.language
    entered = data.input if isinstance(data.input, Input) else Input()
    text = (entered.note or "").strip()
    contact = after.contact.strip()
    if contact and notify.complainants:
        if action in _ACK and action in tell:
            yield "complainant", "acknowledgment", "", contact, {"deadlines": _promised(after, org, domain)}
        elif action in tell and action not in ("extend", "callback_request"):
            kind = action if action in ("reply", "notify", "transfer") else "update"
            values: dict[str, Any] = {"text": text}
            if action == "transfer":
                values["agency"] = entered.to or ""
            if text or action == "transfer":  # an answer recorded without its words tells nobody anything
                yield "complainant", kind, "", contact, values
        if "extend" in tell:
            for op in () if data.deadlines is ABSENT else data.deadlines:
                if isinstance(op, DeadlineExtend) and domain is not None and op.name in domain.public_deadlines:
                    deadline = after.deadline(op.name)
                    if deadline is not None:
                        yield "complainant", "extend", "", contact, {
                            "deadline": label(op.name, lang, domain),
                            "until": _local(deadline.due_at, org),
                            "text": text,
                        }
        if "callback_request" in tell:
            for op in () if data.deadlines is ABSENT else data.deadlines:
                if isinstance(op, DeadlineAdd) and "callback" in (op.met_by or ()):
                    yield "complainant", "callback_request", "", contact, {}
                    break
    for op in () if data.deadlines is ABSENT else data.deadlines:
        kind = "breach" if isinstance(op, DeadlineBreach) else "warning" if isinstance(op, DeadlineWarn) else None
        if kind is None:
            continue
        deadline = after.deadline(op.name)
        if deadline is None or deadline.kind != "deadline":
            continue
        values = {"case": after.id, "deadline": label(op.name, lang, domain), "due": _local(deadline.due_at, org)}
        for recipient, address in _staff_of(after, notify):
            yield "staff", kind, recipient, address, values


def _staff_of(complaint: Complaint, notify: NotifyConfig) -> Iterator[tuple[str, str]]:
    """The owner and the department of a complaint, with their addresses (may be empty)."""
    if complaint.owner and complaint.owner != "public":  # a complaint filed by its complainant has no staff owner yet
        yield complaint.owner, notify.staff.get(complaint.owner, "")
    if complaint.department:
        yield f"department:{complaint.department}", notify.departments.get(complaint.department, "")


def _promised(complaint: Complaint, org: Org, domain: DomainSpec | None) -> str:
    names = domain.public_deadlines if domain is not None else ()
    lines = [
        f"- {label(d.name, org.language, domain)}: {_local(d.due_at, org)}"
        for d in complaint.deadlines
        if d.name in names and d.kind == "deadline" and d.state == "pending"
    ]
    return "".join(f"\n{line}" for line in lines)


def _local(at: datetime, org: Org) -> str:
    return at.astimezone(org.tz).strftime("%Y-%m-%d %H:%M")
