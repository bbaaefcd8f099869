"""Compensation (DOMAIN §1.5, §1.6, 2-1, 2-4): each item with its basis, exact to the fen.

Amounts are computed as exact fractions and rounded half-up to the fen once per item; the
total is the sum of the rounded items, which is what the desk pays. ``S`` is the city's
average annual living cost per resident (setting ``annual_living_cost``).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from tousu import Compensation, CompensationItem, Complaint, Staff
from tousu.errors import InputError
from tousu.facts import fact_amount, fact_bool, fact_int, fact_str
from tousu_retail.rules import procedure_categories
from tousu_retail.settings import (
    DEFAULT_ANNUAL_LIVING_COST,
    RetailSettings,
    authority_of,
    covers,
    yuan,
)

INJURY_FACTS = (
    "medical_cost", "nursing_days", "nursing_daily_rate", "lost_income", "lost_days", "aids_cost",
    "disability_grade", "death", "funeral_cost", "dependants",
)


def fen(value: Fraction) -> Decimal:
    """An exact non-negative amount rounded half-up to the fen."""
    cents = (value * 100 + Fraction(1, 2)).__floor__()
    return Decimal(cents) / 100


def _multiple(text: str) -> str:
    value = Fraction(text)
    return str(value) if value.denominator == 1 else f"{text} (= {float(value):.4f})"


def compute(complaint: Complaint, settings: RetailSettings, actor: Staff, facts: dict[str, Any]) -> Compensation:
    """The breakdown for `complaint` from its recorded fields overlaid with `facts`."""
    facts = {**complaint.fields, **facts}
    categories = procedure_categories(complaint)
    items: list[CompensationItem] = []
    warnings: list[str] = []
    if "counterfeit" in categories:
        items.extend(_counterfeit(settings, facts, warnings))
    if "excessive_demand" in categories or "concession" in facts:
        items.extend(_concession(settings, actor, facts, warnings))
    if "personal_injury" in categories or any(k in facts for k in INJURY_FACTS):
        injury = _injury(settings, facts, warnings)
        items.extend(injury)
        if settings.annual_living_cost == DEFAULT_ANNUAL_LIVING_COST and any("S " in i.basis for i in injury):
            warnings.append(
                f"S (本市居民年平均生活费) is the shipped default {yuan(DEFAULT_ANNUAL_LIVING_COST)}, a national "
                f"figure: set your city's in orgs.{complaint.org}.settings.retail.annual_living_cost"
            )
    if "property_damage" in categories or "loss" in facts:
        items.extend(_property(facts))
    if not items:
        raise InputError(
            f"no compensation facts for {complaint.id} ({complaint.category}): give e.g. --field price=A (2-4), "
            "--field loss=A (2-3), --field medical_cost=A (2-2), --field concession=A (2-1); see docs/retail.md"
        )
    total = sum((i.amount for i in items), Decimal("0"))
    return Compensation(
        items=tuple(items),
        needs_approval=not covers(authority_of(settings, actor), total),
        warnings=tuple(warnings),
    )


def _required(facts: dict[str, Any], key: str, why: str) -> Decimal:
    value = fact_amount(facts, key)
    if value is None:
        raise InputError(f"{why} needs --field {key}=A")
    return value


def _counterfeit(settings: RetailSettings, facts: dict[str, Any], warnings: list[str]) -> list[CompensationItem]:
    """2-4 假一赔二, and the Consumer Rights Protection Law art. 55 floor it is compared with."""
    price = _required(facts, "price", "counterfeit compensation (2-4)")
    paid = price * settings.counterfeit_multiplier
    extra = max(price * settings.statutory_multiplier, settings.statutory_minimum)
    floor = price + extra
    if paid < floor:
        warnings.append(
            f"below the statutory floor of the Consumer Rights Protection Law art. 55: refund {yuan(price)} plus "
            f"{settings.statutory_multiplier} × the price (at least {yuan(settings.statutory_minimum)}) = {yuan(floor)}; "
            f"the policy pays {yuan(paid)}, {yuan(floor - paid)} less — the customer may claim the difference"
        )
    return [
        CompensationItem(
            "counterfeit",
            paid,
            f"2-4 假一赔二: price {yuan(price)} × {settings.counterfeit_multiplier}",
        )
    ]


def _concession(
    settings: RetailSettings, actor: Staff, facts: dict[str, Any], warnings: list[str]
) -> list[CompensationItem]:
    """2-1: a goodwill concession; none beyond the staff authority when the company is not at fault."""
    amount = fact_amount(facts, "concession")
    if amount is None:
        return []
    limit = authority_of(settings, actor)
    if fact_bool(facts, "company_at_fault") is False and not covers(limit, amount):
        warnings.append(
            f"2-1: the company is not at fault; in principle no concession beyond the staff authority "
            f"({yuan(limit)}), {yuan(amount)} asked"
        )
    return [CompensationItem("concession", amount, "2-1: concession to an excessive demand (折旧退货/让步)")]


def _injury(settings: RetailSettings, facts: dict[str, Any], warnings: list[str]) -> list[CompensationItem]:
    """Items a–i of the personal-injury compensation; j: everything is paid at once."""
    s = Fraction(settings.annual_living_cost)
    s_text = yuan(settings.annual_living_cost)
    items: list[CompensationItem] = []
    medical = fact_amount(facts, "medical_cost")
    if medical:
        items.append(CompensationItem("medical", medical, "a: actual necessary treatment cost"))
    else:
        items.append(CompensationItem("medical", Decimal("0"), "a: no medical cost incurred — gifts as a goodwill gesture"))
    days = fact_int(facts, "nursing_days", low=0, high=36500)
    rate = fact_amount(facts, "nursing_daily_rate")
    if (days is None) != (rate is None):
        raise InputError("nursing (item b) needs both --field nursing_days=N and --field nursing_daily_rate=A")
    if days is not None and rate is not None:
        items.append(CompensationItem("nursing", rate * days, f"b: {days} days × {yuan(rate)} a day for a hired carer"))
    lost_income = fact_amount(facts, "lost_income")
    lost_days = fact_int(facts, "lost_days", low=0, high=36500)
    if lost_income is not None:
        items.append(CompensationItem("lost_income", lost_income, "c: actual income lost"))
    elif lost_days is not None:
        items.append(
            CompensationItem(
                "lost_income",
                fen(s * lost_days / settings.days_per_year),
                f"c: income not established: S {s_text} × {lost_days} / {settings.days_per_year} days",
            )
        )
    aids = fact_amount(facts, "aids_cost")
    if aids is not None:
        items.append(CompensationItem("disability_aids", aids, "d: a standard (普及型) disability aid"))
    grade = fact_int(facts, "disability_grade", low=1, high=10)
    death = fact_bool(facts, "death", False)
    if grade is not None and death:
        raise InputError("give either --field disability_grade=1..10 or --field death=true, not both")
    if grade is not None:
        row = settings.disability_grades[str(grade)]
        items.append(
            CompensationItem(
                "disability_living_subsidy",
                fen(s * Fraction(row.living_subsidy)),
                f"e: grade {grade}: S {s_text} × {_multiple(row.living_subsidy)}",
            )
        )
        items.append(
            CompensationItem(
                "disability_compensation",
                fen(s * Fraction(row.compensation)),
                f"f: grade {grade}: S {s_text} × {_multiple(row.compensation)}",
            )
        )
    funeral = fact_amount(facts, "funeral_cost")
    if funeral is not None and not death:
        raise InputError("--field funeral_cost is item g of a death: add --field death=true")
    if death:
        if funeral is not None:
            items.append(CompensationItem("funeral", funeral, "g: the city funeral service's basic charges"))
        else:
            warnings.append("g: funeral cost not given (--field funeral_cost=A)")
        items.append(
            CompensationItem("death_compensation", fen(s * settings.death_years), f"h: S {s_text} × {settings.death_years}")
        )
    dependants = _dependants(facts.get("dependants"))
    if dependants and grade is None and not death:
        raise InputError("dependants (item i) are supported for a disabled or deceased person: give disability_grade or death=true")
    for index, (age, unable) in enumerate(dependants, 1):
        if age is not None and age < settings.majority_age:
            years = settings.majority_age - age
            why = f"minor aged {age}, supported until {settings.majority_age}"
        elif unable:
            years = settings.dependant_years
            why = f"{'aged ' + str(age) + ', ' if age is not None else ''}unable to work, supported {settings.dependant_years} years"
        else:
            warnings.append(f"i: dependant {index} (aged {age}) is an adult able to work: no support is due")
            continue
        items.append(
            CompensationItem(f"dependant_{index}", fen(s * years), f"i: {why}: S {s_text} × {years} years")
        )
    return items


def _dependants(value: Any) -> list[tuple[int | None, bool]]:
    """``[[dependants]]`` tables (``age``, ``unable_to_work``) or ``--field dependants=12,70:unable_to_work``."""
    if value is None or value == "":
        return []
    entries: list[dict[str, Any]] = []
    if isinstance(value, str):
        for token in (t.strip() for t in value.split(",") if t.strip()):
            age_text, _, flag = token.partition(":")
            entry: dict[str, Any] = {"unable_to_work": token == "unable_to_work" or flag == "unable_to_work"}
            if age_text and age_text != "unable_to_work":
                entry["age"] = age_text
            if flag and flag != "unable_to_work":
                raise InputError(f"--field dependants: {token!r}: expected AGE, AGE:unable_to_work or unable_to_work")
            entries.append(entry)
    elif isinstance(value, list) and all(isinstance(v, dict) for v in value):
        entries = value
    else:
        raise InputError("dependants: expected [[dependants]] tables with age or unable_to_work = true")
    out = []
    for index, entry in enumerate(entries, 1):
        unknown = set(entry) - {"age", "unable_to_work", "name", "relation"}
        if unknown:
            raise InputError(f"dependants[{index}]: unknown key {sorted(unknown)[0]!r} (age, unable_to_work)")
        age = fact_int(entry, "age", low=0, high=150)
        unable = bool(fact_bool(entry, "unable_to_work", False))
        if age is None and not unable:
            raise InputError(f"dependants[{index}]: give age = N or unable_to_work = true")
        out.append((age, unable))
    return out


def _property(facts: dict[str, Any]) -> list[CompensationItem]:
    """2-3: the loss from the customer's receipts, or an estimate."""
    loss = _required(facts, "loss", "property-damage compensation (2-3)")
    basis = fact_str(facts, "loss_basis", "receipts")
    if basis not in ("receipts", "estimate"):
        raise InputError(f"--field loss_basis={basis}: expected receipts or estimate")
    return [CompensationItem("property_loss", loss, f"2-3: direct property loss from the customer's {basis}")]
