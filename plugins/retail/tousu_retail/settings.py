"""The retail desk's settings: every number of the procedure, with its documented default.

An organization overrides any of them under ``[orgs.ID.settings.retail]`` in ``tousu.toml``.
Money is a decimal string ("500.00"), a duration a string such as "3d".
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any, NewType

import attrs

from tousu.models import Staff
from tousu.money import parse_amount
from tousu.serialize import converter

#: Disability grades run 1 (most severe) to 10.
GRADES = tuple(range(1, 11))


@attrs.frozen
class GradeMultiples:
    """How many years of living cost items e and f pay for one disability grade.

    Written as a decimal ("15.5") or an exact fraction ("140/9") so that the default linear
    table stays exact to the fen.
    """

    living_subsidy: str
    compensation: str


def _linear(top: int, bottom: int, grade: int) -> str:
    """Grade 1 → `top`, grade 10 → `bottom`, linear between, as an exact fraction."""
    return str(Fraction(top) - Fraction(grade - 1, 9) * (top - bottom))


def default_grades() -> dict[str, GradeMultiples]:
    """DOMAIN §1.5: item e is 20× … 10× and item f 10× … 5× of S, grade 1 at the top."""
    return {str(g): GradeMultiples(_linear(20, 10, g), _linear(10, 5, g)) for g in GRADES}


def default_authority() -> dict[str, Decimal]:
    """利用500元的权限: the complaint desk's ¥500 (客服部 and the front line), and the higher roles' limits."""
    return {
        "receptionist": Decimal("500.00"),
        "clerk": Decimal("500.00"),
        "customer_service": Decimal("500.00"),
        "department_head": Decimal("2000.00"),
        "manager": Decimal("10000.00"),
    }


#: S as shipped (national urban per-capita consumption expenditure 2023, NBS): a city sets its own.
DEFAULT_ANNUAL_LIVING_COST = Decimal("32994.00")


def default_step_roles() -> dict[str, list[str]]:
    """Steps another department does (2-4 理财部冻结, 通知采购部; 2-6 知会市场部; 2-7 通知防损部)."""
    return {
        "freeze_supplier_payments": ["finance"],
        "notify_purchasing": ["purchasing"],
        "notify_marketing": ["marketing"],
        "notify_loss_prevention": ["loss_prevention"],
    }


#: Role → amount; the config may also give one amount (see `RetailSettings.staff_authority`).
AuthorityTable = NewType("AuthorityTable", dict)


def authority_table(value: Any, _type: Any = None) -> AuthorityTable:
    """Read ``staff_authority``: a table of role → amount (``"*"``: roles not listed), or one amount."""
    if isinstance(value, dict):
        table = {}
        for role, amount in value.items():
            try:
                table[str(role)] = parse_amount(amount)
            except ValueError as exc:
                raise ValueError(f"{role}: {exc}") from None
        return AuthorityTable(table)
    # "Staff may concede up to ¥500 on their own": one amount is every staff member's limit
    # ("*": roles not listed), the higher roles keeping their own
    amount = parse_amount(value)
    front_line = default_authority()["receptionist"]
    higher = {role: limit for role, limit in default_authority().items() if limit > max(amount, front_line)}
    return AuthorityTable({"*": amount, **higher})


converter.register_structure_hook(AuthorityTable, authority_table)


def default_reply() -> dict[str, timedelta]:
    """Time to give the customer an answer, per tier (anchored at receipt or the tier change)."""
    return {"level1": timedelta(days=1), "level2": timedelta(days=2), "level3": timedelta(days=1), "level4": timedelta(days=1)}


def default_resolve() -> dict[str, timedelta]:
    """Time to resolve, per tier; an escalated (level4) complaint gets less time, not more."""
    return {"level1": timedelta(days=3), "level2": timedelta(days=7), "level3": timedelta(days=15), "level4": timedelta(days=10)}


@attrs.frozen
class RetailSettings:
    """Settings of the retail plugin (``orgs.ID.settings.retail``)."""

    #: S, 本市居民年平均生活费: default = national urban per-capita consumption expenditure 2023 (NBS).
    #: The shipped figure is national; ``compensate`` warns until the organization sets its city's.
    annual_living_cost: Decimal = attrs.field(
        default=DEFAULT_ANNUAL_LIVING_COST,
        metadata={"comment": "S, 本市居民年平均生活费: the shipped figure is national (NBS 2023); set your city's.\n"
                             "tousu compensate warns while it is the shipped figure."},
    )
    #: How much each role may concede or pay on its own; roles not listed have none (or the
    #: ``"*"`` entry's amount). One amount (``staff_authority = "500.00"``, as in the deployment
    #: guide) is every staff member's limit — 利用500元的权限 — the higher roles keeping theirs.
    staff_authority: AuthorityTable = attrs.field(factory=lambda: AuthorityTable(default_authority()))
    #: Roles whose authority has no limit.
    unlimited_authority: list[str] = attrs.field(factory=lambda: ["general_manager"])
    #: 2-1: roles that may approve a goodwill concession to a demand found unreasonable.
    goodwill_roles: list[str] = attrs.field(factory=lambda: ["manager", "general_manager"])
    #: Steps that belong to another department's role: only that role records them — unless the
    #: organization lists nobody in that role, when a department head or above records them for it.
    step_roles: dict[str, list[str]] = attrs.field(factory=default_step_roles)
    #: 假一赔二: a proven counterfeit pays this many times the price.
    counterfeit_multiplier: int = 2
    #: Consumer Rights Protection Law art. 55: refund plus this many times the price ...
    statutory_multiplier: int = 3
    #: ... and at least this much on top of the refund.
    statutory_minimum: Decimal = Decimal("500.00")
    #: Item h: death compensation, years of S.
    death_years: int = 20
    #: Item i: an adult dependant unable to work is supported for this many years.
    dependant_years: int = 20
    #: Item i: a minor is supported until this age.
    majority_age: int = 18
    #: Items e and f per disability grade "1" … "10".
    disability_grades: dict[str, GradeMultiples] = attrs.field(factory=default_grades)
    #: Days in the year for lost income pro rata of S (item c).
    days_per_year: int = 365
    #: 2-1 and 2-3 are major only from this loss or cost upward.
    major_loss_threshold: Decimal = Decimal("500.00")
    #: Tier deadlines.
    reply_within: dict[str, timedelta] = attrs.field(factory=default_reply)
    resolve_within: dict[str, timedelta] = attrs.field(factory=default_resolve)
    #: 2-2 and 2-3: 尽快(3天内)给出处理方案.
    plan_within: timedelta = timedelta(days=3)
    #: A complaint from 消委会/工商局/技术监督局: thank them and answer the agency.
    acknowledge_agency_within: timedelta = timedelta(hours=4)
    #: Harm still happening (--urgent): stop it first.
    stop_harm_within: timedelta = timedelta(hours=1)
    #: 2-6 ③: a published story is verified, its impact assessed and the general manager told
    #: within this time (the source sets no limit: the desk's choice).
    media_response_within: timedelta = attrs.field(
        default=timedelta(days=1),
        metadata={"comment": "2-6 ③ (已在媒体爆光): the source sets no limit; 1 day is this desk's choice."},
    )
    #: Delisting 3: purchasing or the supplier answers a customer's question within 2 days.
    supplier_answer_within: timedelta = timedelta(days=2)
    #: Delisting 4: quality returns above this share of sales ...
    quality_return_rate: Decimal = Decimal("0.02")
    #: ... for this many consecutive months.
    quality_return_months: int = 3
    #: Delisting 5: this many unacceptable after-sales services by one supplier within one month ...
    unacceptable_services_per_month: int = 2
    #: ... counted over any window of this length (一个月内: any 30 days, not a calendar month).
    unacceptable_services_window: timedelta = timedelta(days=30)
    #: Product remedy: without --field warranty_until, the warranty runs this many months.
    default_warranty_months: int = 12
    #: Product remedy (2-3): within this many months of purchase the customer may also choose a refund.
    refund_window_months: int = 3
    #: sweep: a level3 complaint with a breached deadline becomes level4.
    escalate_level3_on_breach: bool = True


def validate(settings: RetailSettings) -> None:
    """Reject values the rules cannot work with (the config loader reports them with their path)."""
    grades = settings.disability_grades
    if sorted(grades, key=lambda k: (len(k), k)) != [str(g) for g in GRADES]:
        raise ValueError(f"disability_grades: expected the grades 1 to 10, got {', '.join(sorted(grades)) or 'none'}")
    for grade, row in grades.items():
        for name in ("living_subsidy", "compensation"):
            text = getattr(row, name)
            try:
                value = Fraction(text)
            except (ValueError, ZeroDivisionError):
                raise ValueError(f"disability_grades.{grade}.{name}: expected a number such as \"15\" or \"140/9\", got {text!r}") from None
            if value < 0:
                raise ValueError(f"disability_grades.{grade}.{name}: must not be negative")
    for name in ("counterfeit_multiplier", "statutory_multiplier", "death_years", "dependant_years", "majority_age",
                 "days_per_year", "quality_return_months", "unacceptable_services_per_month"):
        if getattr(settings, name) < 1:
            raise ValueError(f"{name}: must be at least 1")
    for table in ("reply_within", "resolve_within"):
        unknown = set(getattr(settings, table)) - {"level1", "level2", "level3", "level4"}
        if unknown:
            raise ValueError(f"{table}: unknown tier {sorted(unknown)[0]!r} (tiers: level1, level2, level3, level4)")
    for name in ("media_response_within", "unacceptable_services_window"):
        if getattr(settings, name) <= timedelta(0):
            raise ValueError(f"{name}: expected a positive duration such as \"1d\"")
    if not Decimal("0") < settings.quality_return_rate < Decimal("1"):
        raise ValueError("quality_return_rate: expected a share between 0 and 1, e.g. \"0.02\"")


#: Department names that mean the customer-service department (客服部) in ``staff.department``.
CUSTOMER_SERVICE_DEPARTMENTS = ("customer_service", "客服部", "customer service")


def authority_of(settings: RetailSettings, staff: Staff) -> Decimal | None:
    """What `staff` may pay or approve on their own; None means no limit.

    A staff member of the customer-service department (``department = "客服部"``) whose role
    the table does not list has the customer-service role's limit: the desk that handles
    complaints holds the ¥500.
    """
    if staff.role in settings.unlimited_authority:
        return None
    table = settings.staff_authority
    desk = staff.department.strip().lower() in CUSTOMER_SERVICE_DEPARTMENTS
    if desk and staff.role not in table and "customer_service" in table:
        return table["customer_service"]
    return table.get(staff.role, table.get("*", Decimal("0.00")))


def approval_cases(settings: RetailSettings | None, staff_roles: tuple[str, ...] = ()) -> dict[str, dict[str, list[str]]]:
    """Who may approve (and settle alone) how much, as role lists (``tousu plugins --json``):
    ``{"up to ¥500.00": [roles], ..., "any amount": [roles]}`` from ``staff_authority`` and
    ``unlimited_authority`` (a customer-service desk member of an unlisted role: see `authority_of`)."""
    settings = settings or RetailSettings()
    table = settings.staff_authority
    roles = list(dict.fromkeys([*(role for role in table if role != "*"), *staff_roles, *settings.unlimited_authority]))
    limits: dict[str, Decimal | None] = {
        role: None if role in settings.unlimited_authority else table.get(role, table.get("*", Decimal("0.00")))
        for role in roles
    }
    amounts = sorted({limit for limit in limits.values() if limit is not None and limit > 0})
    cases = {f"up to {yuan(amount)}": [r for r, limit in limits.items() if covers(limit, amount)] for amount in amounts}
    cases["any amount"] = [role for role, limit in limits.items() if limit is None]
    return {"approve": cases, "settle": cases}


def covers(limit: Decimal | None, amount: Decimal) -> bool:
    return limit is None or amount <= limit


def yuan(amount: Decimal | None) -> str:
    """Money as the desk reads it: ``¥1,234.50``; no limit reads ``unlimited``."""
    return "unlimited" if amount is None else f"¥{amount:,.2f}"
