"""Complainants' personal data as the doors show it: who sees it, the masked views, and the audit of unmasked views.

The rule (docs/privacy.md): a complaint's **owner** (its first responder) and **assignee**, and
the roles the organization lists in ``personal_data_roles`` (default manager and
general_manager), see complainants' names, phone numbers and addresses; everyone else sees
them masked — in ``list``, ``show``, ``due``, ``export`` and error messages. A role that sees
them only because of ``personal_data_roles`` (not the case's own owner or assignee) leaves a
record in the append-only ``audit`` table each time it does.

Phone numbers and e-mail addresses are masked wherever they appear in free text (a summary
that quotes a number, a handling note, and any line a door writes that may quote one: the CLI's
error line, the API's error body, an import's rejected record: `mask_text`); names and
addresses where the register keeps them (the ``personal`` table, address-like domain fields).
Masking is one-way and deliberately coarse: names ``张*``, phone numbers ``138****5678``,
addresses ``北京市****``. How phone numbers are written is a country's, registered by plugins
(`tousu.locales`; China's by ``cn_calendar``); e-mail addresses look alike everywhere and stay here. Every reader here is a door (``show``,
``list``, ``due``, ``export``, ``purge``, the API, the web desk): none of it is the kernel's
(`tests/test_architecture.py`). The retention's form is the config's (`tousu.config.parse_retention`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import attrs

from tousu.config import parse_retention
from tousu.locales import PhonePattern, phone_patterns
from tousu.models import Complaint, Event, Org, Staff

if TYPE_CHECKING:
    from tousu.default_plugins.doors.store_reads import DoorStore

#: Domain field keys that hold an address.
_ADDRESS_KEY = re.compile(r"address|addr|地址|住址|住所", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s,，;；、/]+")
#: Bounded parts (RFC 5321 lengths) keep the scan linear: an unbounded local part made a
#: 100 kB value without "@" take half a minute to scan (every start backtracked to the end).
_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")


# -- masking ------------------------------------------------------------------------------


def mask_email(match: re.Match[str]) -> str:
    local, _, host = match.group().partition("@")
    return f"{local[:1]}***@{host}"


def mask_text(text: str, known: Iterable[str] = ()) -> str:
    """Free text with every phone number and e-mail address masked, and each of the `known`
    personal strings (the complainant's name, the parts of the contact) where it is quoted."""
    masked = text
    for phone in phone_patterns():  # the numbers plugins say people write (`tousu.locales`)
        masked = phone.pattern.sub(phone.mask, masked)
    masked = _EMAIL.sub(mask_email, masked) if "@" in masked else masked
    for secret in known:
        if secret in masked:
            masked = masked.replace(secret, mask_name(secret) if len(secret) <= 4 else mask_address(secret))
    return masked


def mask_name(name: str) -> str:
    """``张三`` → ``张*``: the family name (or first letter) stays, the rest and its length go."""
    name = name.strip()
    return f"{name[0]}*" if name else ""


def mask_address(text: str) -> str:
    """``北京市朝阳区建国路88号`` → ``北京市****``: the first three characters stay."""
    text = text.strip()
    if not text:
        return ""
    return text[:3] + "****" if len(text) > 3 else text[:1] + "*" * (len(text) - 1)


def mask_phone(match: re.Match[str]) -> str:
    """A matched phone number as ``138****5678``: the first three and last four digits stay
    (a country code in front is kept too; `tousu.locales.PhonePattern.mask` drops its own)."""
    return PhonePattern(re.compile("")).mask(match)


def known_personal(complainant: str, contact: str) -> tuple[str, ...]:
    """The strings of one complaint's personal data that free text may quote: the name, and
    each part of the contact (an address, a number written another way). Longest first, and
    one-character parts left out (they would mask every other word)."""
    parts = {complainant.strip(), *(t for t in _SEPARATORS.split(contact.strip()))}
    return tuple(sorted((p for p in parts if len(p) >= 2), key=len, reverse=True))


def mask_contact(contact: str) -> str:
    """Phone numbers and e-mails masked as such; any other part of a contact is an address."""
    parts = []
    for token in _SEPARATORS.split(contact.strip()):
        if not token:
            continue
        masked = mask_text(token)
        parts.append(masked if masked != token else mask_address(token))
    return " ".join(parts)


def mask_fields(fields: dict[str, Any], known: Iterable[str] = ()) -> dict[str, Any]:
    """A complaint's domain fields: address keys masked whole, phone numbers in any text."""
    known = tuple(known)
    out: dict[str, Any] = {}
    for key, value in fields.items():
        key = mask_text(key, known) if isinstance(key, str) else key  # a key is free text too
        if isinstance(value, str):
            out[key] = mask_address(value) if _ADDRESS_KEY.search(key) else mask_text(value, known)
        elif isinstance(value, dict):
            out[key] = mask_fields(value, known)
        elif isinstance(value, list):
            out[key] = [
                mask_fields(v, known) if isinstance(v, dict) else mask_text(v, known) if isinstance(v, str) else v
                for v in value
            ]
        else:
            out[key] = value
    return out


def masked_complaint(complaint: Complaint) -> Complaint:
    """The complaint as someone without the right to personal data sees it: the personal
    fields masked, and every free text (summary, request, department, the reason of its
    tier, field values) with numbers, e-mails and the complainant's own name masked."""
    known = known_personal(complaint.complainant, complaint.contact)
    return attrs.evolve(
        complaint,
        complainant=mask_name(complaint.complainant),
        contact=mask_contact(complaint.contact),
        summary=mask_text(complaint.summary, known),
        respondent=mask_text(complaint.respondent, known),
        place=mask_text(complaint.place, known),
        request=mask_text(complaint.request, known),
        department=mask_text(complaint.department, known),
        classification_reason=mask_text(complaint.classification_reason, known),
        fields=mask_fields(dict(complaint.fields), known),
    )


def masked_event(event: Event, known: Iterable[str] = ()) -> Event:
    """An event of the history with the phone numbers, e-mails, addresses and `known`
    personal strings (see `known_personal`) in its data masked."""
    return attrs.evolve(event, data=mask_fields(event.data, known))


def masked_view(complaint: Complaint, events: list[Event] | None) -> tuple[Complaint, list[Event] | None]:
    """A complaint and its history as someone without the right to personal data sees them."""
    known = known_personal(complaint.complainant, complaint.contact)
    return masked_complaint(complaint), None if events is None else [masked_event(e, known) for e in events]


# -- retention ------------------------------------------------------------------------------

def retention_cutoff(org: Org, now: datetime) -> datetime | None:
    """The instant before which closed complaints' personal data is past the org's retention."""
    from datetime import timedelta

    from tousu.timeutil import add_months

    if not org.retention:
        return None
    count, unit = parse_retention(org.retention)
    if unit == "y":
        return add_months(now, -12 * count, org.tz)
    return now - timedelta(days=count * (7 if unit == "w" else 1))


# -- who sees what ------------------------------------------------------------------------


def role_may_see(org: Org, staff: Staff | None) -> bool:
    """Whether `staff`'s role alone opens personal data (``orgs.ID.personal_data_roles``)."""
    return staff is not None and staff.role in org.personal_data_roles


def sees_as_handler(complaint: Complaint | Any, staff: Staff | None) -> bool:
    """The case's own owner (first responder) or assignee: they need the complainant's details."""
    return staff is not None and staff.id in (complaint.owner, complaint.assignee)


def must_call(staff: Staff | None, complaint: Complaint | Any, domain: Any = None) -> bool:
    """Whether `staff`'s role must reach the complainant: a clock the domain gives that role
    (``DomainSpec.callers``: the callback, the notice of the result) is open on the complaint."""
    callers = getattr(domain, "callers", None) or {}
    if staff is None or not callers:
        return False
    return any(
        staff.role in callers.get(d.name, ())
        for d in getattr(complaint, "deadlines", ())
        if d.met_at is None and d.state != "cancelled"
    )


def may_see(org: Org, staff: Staff | None, complaint: Complaint | Any, domain: Any = None) -> bool:
    """The rule: owner, assignee, a role in ``personal_data_roles``, or (given the complaint's
    `domain`) a role that must call the complainant back now; nobody unidentified."""
    return sees_as_handler(complaint, staff) or role_may_see(org, staff) or must_call(staff, complaint, domain)


def viewer(app: Any, org: Org, actor_id: str | None) -> Staff:
    """Who is looking: ``--actor``, else ``$TOUSU_ACTOR``; without a name, an anonymous viewer
    who sees personal data masked (a view in clear needs a named actor)."""
    import os

    from tousu.policy import ANONYMOUS_ID

    if not (actor_id or os.environ.get("TOUSU_ACTOR")):
        return Staff(ANONYMOUS_ID, "")
    return app.actor(org, actor_id)


def audit(store: DoorStore, org: Org, staff: Staff, at: datetime, action: str, detail: dict[str, Any]) -> None:
    """Append one record to the append-only, hash-chained ``audit`` table (in its own
    transaction if none is open). A view never waits for a writer: while another command
    holds the write lock the record is spooled and joins the chain at the next write
    (`DoorStore.audit_view`)."""
    from tousu.timeutil import now as clock_now

    store.audit_view(org.id, at, clock_now(), staff.id, staff.role, action, detail)


def now() -> datetime:
    """The instant an audited view happens (views are recorded when they happen, not --at)."""
    from tousu.timeutil import now as clock_now

    return clock_now()


def screen_rows(
    store: DoorStore, org: Org, staff: Staff | None, rows: list[Any], command: str, keys: tuple[str, ...] = ("summary",)
) -> list[Any]:
    """Rows of a list (dicts or attrs objects with ``id``, ``owner``, ``assignee``) as `staff` may see them.

    Text in `keys` is masked on the rows `staff` may not see in clear; the rows shown in clear
    only by role, where masking would have changed something, are audited in one record.
    """
    by_role: list[str] = []
    out = []
    for row in rows:
        get = row.get if isinstance(row, dict) else lambda k, r=row: getattr(r, k, None)
        known = known_personal(*store.personal(get("id"))) if get("id") else ()
        masked_values = {
            k: mask_text(get(k), known) for k in keys if isinstance(get(k), str) and mask_text(get(k), known) != get(k)
        }
        handlers = _Handlers(get("owner") or "", get("assignee") or "")
        if may_see(org, staff, handlers):
            if masked_values and not sees_as_handler(handlers, staff):
                by_role.append(get("id"))
            out.append(row)
        elif not masked_values:
            out.append(row)
        else:
            out.append({**row, **masked_values} if isinstance(row, dict) else attrs.evolve(row, **masked_values))
    if by_role and staff is not None:
        record_unmasked_view(store, org, staff, now(), command, by_role)
    return out


@attrs.frozen
class _Handlers:
    owner: str
    assignee: str


def record_unmasked_view(
    store: DoorStore, org: Org, staff: Staff | None, at: datetime, command: str, complaint_ids: Iterable[str]
) -> None:
    """Audit a view in clear that only the staff member's role allowed (nothing if there was none)."""
    ids = sorted(set(complaint_ids))
    if staff is None or not ids:
        return
    audit(store, org, staff, at, "view", {"command": command, "complaints": ids})


__all__ = [
    "audit",
    "mask_contact",
    "mask_fields",
    "mask_phone",
    "masked_complaint",
    "masked_event",
    "may_see",
    "must_call",
    "record_unmasked_view",
    "role_may_see",
    "screen_rows",
    "sees_as_handler",
    "viewer",
]
