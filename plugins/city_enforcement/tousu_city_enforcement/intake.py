"""What the center decides when a case comes in: its kind, its category, where it is routed.

A case is a complaint unless the intake says ``--field kind=consultation``. The category is
the one given with ``--category`` (``other`` when none is given: the desk still records it,
and the shares show how much could not be placed). Complaints are routed to the squadron or
department that handles their category, in the complaint's district when one is given;
consultations stay with the center, which answers them itself.
"""

from __future__ import annotations

from typing import Any

from tousu import Classification, Complaint
from tousu.errors import InputError
from tousu.facts import fact_str
from tousu_city_enforcement.settings import CityEnforcementSettings
from tousu_city_enforcement.vocabulary import (
    COMPLAINT,
    CONSULTATION,
    DEFAULT_CATEGORY,
    KINDS,
    NORMAL,
)


def kind_from_facts(facts: dict[str, Any]) -> str:
    """The case's kind from ``--field kind=...``; an unknown kind is an input error."""
    kind = (fact_str(facts, "kind") or COMPLAINT).strip().lower()
    if kind not in KINDS:
        raise InputError(f"--field kind={facts.get('kind')}: expected one of {', '.join(KINDS)}")
    return kind


def kind_of(complaint: Complaint) -> str:
    """The kind recorded on a case (cases recorded without one are complaints)."""
    return str(complaint.fields.get("kind") or COMPLAINT).strip().lower()


def is_consultation(complaint: Complaint) -> bool:
    return kind_of(complaint) == CONSULTATION


def classify(complaint: Complaint, facts: dict[str, Any], language: str) -> Classification:
    """Every new case starts at the `normal` tier; the category is the intake's, or `other`."""
    kind = kind_from_facts(facts)
    category = complaint.category or DEFAULT_CATEGORY
    given = complaint.category is not None
    if language == "zh":
        what = "咨询" if kind == CONSULTATION else "投诉"
        reason = f"{what}，类别按受理登记" if given else f"{what}，受理时未注明类别，归入其他"
    else:
        reason = f"{kind}, category as given at intake" if given else f"{kind}, no category given at intake: other"
    return Classification(tier=complaint.tier or NORMAL, category=category, reason=reason)


def district_of(facts_or_fields: Any) -> str:
    return str(facts_or_fields.get("district") or "").strip()


def route(complaint: Complaint, settings: CityEnforcementSettings) -> tuple[str, str] | None:
    """(department, the rule that chose it) for a complaint, or None when no route applies.

    Order: the district's route for the category, the district's catch-all ``"*"``, the
    general route for the category, the general catch-all.
    """
    category = complaint.category or DEFAULT_CATEGORY
    district = district_of(complaint.fields)
    by_district = settings.district_routes.get(district, {}) if district else {}
    for table, key, where in (
        (by_district, category, f"district_routes.{district}.{category}"),
        (by_district, "*", f"district_routes.{district}.*"),
        (settings.routes, category, f"routes.{category}"),
        (settings.routes, "*", "routes.*"),
    ):
        department = table.get(key)
        if department:
            return department, where
    return None
