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
from tousu_city_enforcement.intake import is_consultation
from tousu_city_enforcement.vocabulary import COMPLAINT, DOMAIN, REPEAT_FLAG, REPEAT_LINK


def earlier_cases(complaint: Complaint, store: Any, window: timedelta) -> dict[str, str]:
    """Earlier case id → why it is repeated (``contact``: the same contact and category; ``place+category``), most recent first."""
    if is_consultation(complaint) or not complaint.category:
        return {}
    found: dict[str, str] = {}
    common = {
        "before": complaint.id, "received_by": complaint.received_at, "still_open": OPEN_STATUSES,
        "closed_since": complaint.received_at - window, "field": ("kind", COMPLAINT, COMPLAINT),
    }
    contact = complaint.contact.strip()
    if contact:
        _most_recent(store, complaint, {"contact": contact, "category": complaint.category}, common, "contact", found)
    place = complaint.place.strip()
    if place:
        _most_recent(store, complaint, {"place": place, "category": complaint.category}, common, "place+category", found)
    return found


def _most_recent(
    store: Any, complaint: Complaint, same: dict[str, str], common: dict[str, Any], basis: str, found: dict[str, str]
) -> None:
    cid = store.latest_earlier(complaint.org, DOMAIN, same=same, **common)
    if cid is not None:
        found[cid] = f"{found[cid]}, {basis}" if cid in found else basis


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
