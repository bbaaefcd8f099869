"""Repeat and multi-channel petitions (多头上访、反复上访): find the earlier case a new one repeats.

A new complaint repeats an earlier complaint of the same organization when it is the same
matter: the same contact *and* the same category, or the same place *and* the same category,
and the earlier case is still open or was closed (or transferred, or declared invalid) within
the repeat window. The same caller with a different matter (a garbage smell after an illegal
construction) is a new case. The new case is linked to the
most recent such case for each of the two reasons, flagged ``repeat`` and counted, so its
owner sees the earlier case and its handling instead of starting afresh. Consultations are
questions, not petitions: they neither repeat nor are repeated.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tousu import Complaint, Effects, Link
from tousu.models import OPEN_STATUSES
from tousu.timeutil import to_db
from tousu_city_enforcement.intake import is_consultation
from tousu_city_enforcement.vocabulary import COMPLAINT, DOMAIN, REPEAT_FLAG, REPEAT_LINK

_EARLIER = (
    "c.org = ? AND c.domain = ? AND c.id <> ? AND c.received_at <= ? "
    "AND COALESCE(json_extract(c.fields, '$.kind'), ?) = ? "
    f"AND (c.status IN ({', '.join('?' * len(OPEN_STATUSES))}) OR c.closed_at >= ?)"
)


def earlier_cases(complaint: Complaint, store: Any, window: timedelta) -> dict[str, str]:
    """Earlier case id → why it is repeated (``contact``: the same contact and category; ``place+category``), most recent first."""
    if is_consultation(complaint) or not complaint.category:
        return {}
    base = (
        complaint.org, DOMAIN, complaint.id, to_db(complaint.received_at), COMPLAINT, COMPLAINT,
        *OPEN_STATUSES, to_db(complaint.received_at - window),
    )
    found: dict[str, str] = {}
    contact = complaint.contact.strip()
    if contact:
        _most_recent(
            store, "p.contact = ? AND c.category = ?", (contact, complaint.category), base, "contact", found
        )
    place = complaint.place.strip()
    if place:
        _most_recent(store, "c.place = ? AND c.category = ?", (place, complaint.category), base, "place+category", found)
    return found


#: Where each search starts: the contact's own rows (``CROSS JOIN`` fixes the join order in
#: SQLite, so the search reads only that contact's cases), or the org's cases at that place and
#: category in time order. Either way the cost follows the matches, not the register's size.
_SOURCES = {
    "contact": "personal p CROSS JOIN complaints c ON c.id = p.complaint_id",
    "place+category": "complaints c",
}


def _most_recent(
    store: Any, condition: str, params: tuple[Any, ...], base: tuple[Any, ...], basis: str, found: dict[str, str]
) -> None:
    row = store.conn.execute(
        f"SELECT c.id FROM {_SOURCES[basis]} "
        f"WHERE {_EARLIER} AND {condition} ORDER BY c.received_at DESC, c.id DESC LIMIT 1",
        (*base, *params),
    ).fetchone()
    if row is not None:
        found[row[0]] = f"{found[row[0]]}, {basis}" if row[0] in found else basis


def repeat_effects(complaint: Complaint, store: Any, window: timedelta) -> Effects | None:
    """Link a new complaint to the case(s) it repeats and flag it; None when it repeats nothing."""
    found = earlier_cases(complaint, store, window)
    if not found:
        return None
    return Effects(
        links=tuple(Link(REPEAT_LINK, cid) for cid in found),
        flags=(REPEAT_FLAG,),
        fields={"repeat_basis": found},
    )
