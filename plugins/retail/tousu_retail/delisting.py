"""Delisting (撤场, DOMAIN §1.8): products and suppliers that meet a criterion in a month.

Every criterion is read from recorded facts — the history of the complaints and the imported
sales — and every candidate carries the evidence that put it on the list:

1. ``counterfeit`` — step verify_authenticity completed with ``result=counterfeit``;
2. ``regulator_finding`` — a ``regulator_finding`` action (工商局、技术监督局 …);
3. ``no_supplier_answer`` — a customer's question (``ask_supplier``) not answered within 2 days, or
   answered but not correctly and reasonably (``supplier_answer --field reasonable=false``);
4. ``quality_returns`` — quality returns above 2% of sales for 3 consecutive months;
5. ``unacceptable_service`` — 2 unacceptable after-sales services by one supplier within any 30 days;
6. ``supplier_refused`` — the supplier refused to cooperate on a customer's case.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from tousu import Org
from tousu.timeutil import add_months, show
from tousu_retail.settings import RetailSettings

CRITERIA = {
    "counterfeit": (1, "product", {"en": "fake or grey-import goods found", "zh": "发现假货、水货"}),
    "regulator_finding": (2, "product", {"en": "a regulator found it substandard", "zh": "社会监督机构检查不合格"}),
    "no_supplier_answer": (
        3, "product",
        {"en": "a customer's question not answered within the time limit", "zh": "采购部或供应商未在2天内答复顾客疑问"},
    ),
    "quality_returns": (
        4, "product",
        {"en": "quality returns above the limit for consecutive months", "zh": "连续3个月因质量问题退换货比例超过2%"},
    ),
    "unacceptable_service": (
        5, "supplier", {"en": "unacceptable after-sales services in one month", "zh": "一个月内出现2次不合格售后服务"},
    ),
    "supplier_refused": (6, "supplier", {"en": "the supplier refused to cooperate", "zh": "供应商不配合解决顾客问题"}),
}


def month_bounds(month: str, org: Org) -> tuple[datetime, datetime]:
    """The first instant of `month` and of the next one, in the organization's time zone."""
    year, number = (int(x) for x in month.split("-"))
    start = datetime(year, number, 1, tzinfo=org.tz)
    return start, add_months(start, 1, org.tz)


def _previous_months(month: str, count: int) -> list[str]:
    year, number = (int(x) for x in month.split("-"))
    index = year * 12 + number - 1
    return [f"{(i // 12):04d}-{(i % 12) + 1:02d}" for i in range(index - count + 1, index + 1)]


def candidates(store: Any, org: Org, settings: RetailSettings, start: datetime, end: datetime, at: datetime) -> list[dict[str, Any]]:
    """Everything that meets a criterion within ``[start, end)``, as seen at `at`."""
    cutoff = min(end, at)
    found: dict[tuple[str, str | None, str | None], list[dict[str, Any]]] = {}

    def add(criterion: str, product: str | None, supplier: str | None, evidence: dict[str, Any]) -> None:
        target = CRITERIA[criterion][1]
        key = (criterion, product if target == "product" else None, supplier)
        found.setdefault(key, []).append(evidence)

    tz = org.tz
    for cid, when, _, name, result, product, supplier in store.events_in(
        org.id, start, cutoff, ("step",), domain="retail",
        data=("input.fields.name", "input.fields.result"), fields=("product", "supplier"),
    ):
        if name == "verify_authenticity" and result == "counterfeit":
            add("counterfeit", product, supplier, {"complaint": cid, "at": show(when, tz)})
    for cid, when, _, found_product, agency, product, supplier in store.events_in(
        org.id, start, cutoff, ("regulator_finding",), domain="retail",
        data=("input.fields.product", "input.fields.agency"), fields=("product", "supplier"),
    ):
        product = found_product if found_product is not None else product
        add("regulator_finding", product, supplier, {"complaint": cid, "at": show(when, tz), "agency": agency})
    for cid, when, _, reasonable, product, supplier in store.events_in(
        org.id, start, cutoff, ("supplier_answer",), domain="retail",
        data=("input.fields.reasonable",), fields=("product", "supplier"),
    ):
        if _unreasonable(reasonable):  # 未能就顾客问题做出正确合理答复: an answer that is not correct and reasonable
            add("no_supplier_answer", product, supplier, {
                "complaint": cid, "answered_at": show(when, tz), "reasonable": False,
            })
    for cid, due, met, state, closed, product, supplier in store.deadlines_named(
        org.id, "supplier_answer", start, cutoff, domain="retail", fields=("product", "supplier")
    ):
        if (met is None and (state != "cancelled" or (closed is not None and closed > due))) or (met is not None and met > due):
            add("no_supplier_answer", product, supplier, {
                "complaint": cid, "due_at": show(due, tz),
                "answered_at": show(met, tz) if met else None,
            })
    _quality_returns(store, org, settings, end, add)
    by_supplier: dict[str, list[tuple[datetime, dict[str, Any]]]] = {}
    window = settings.unacceptable_services_window
    for action, since in (("unacceptable_service", start - window), ("supplier_refused", start)):
        for cid, when, _, named_supplier, product, supplier in store.events_in(
            org.id, since, cutoff, (action,), domain="retail", data=("input.fields.supplier",), fields=("product", "supplier"),
        ):
            supplier = named_supplier if named_supplier is not None else supplier
            evidence = {"complaint": cid, "at": show(when, tz), "product": product}
            if action == "supplier_refused":
                add(action, None, supplier, evidence)
            else:
                by_supplier.setdefault(supplier, []).append((when, evidence))
    for supplier, services in by_supplier.items():
        for evidence in _within_any_window(services, start, window, settings.unacceptable_services_per_month):
            add("unacceptable_service", None, supplier, evidence)
    rows = []
    for (criterion, product, supplier), evidence in found.items():
        number, target, text = CRITERIA[criterion]
        rows.append({
            "criterion": criterion,
            "number": number,
            "target": target,
            "product": product,
            "supplier": supplier,
            "rule": text.get(org.language, text["en"]),
            "evidence": evidence,
        })
    rows.sort(key=lambda r: (r["number"], r["supplier"] or "", r["product"] or ""))
    return rows


def _unreasonable(value: Any) -> bool:
    """Whether a supplier's answer was recorded as not correct and reasonable (``--field reasonable=false``)."""
    from tousu.errors import TousuError
    from tousu.facts import fact_bool

    if value is None:
        return False
    try:
        return fact_bool({"reasonable": value}, "reasonable", True) is False
    except (TousuError, ValueError, TypeError):  # a malformed old record is not evidence
        return False


def _within_any_window(
    services: list[tuple[datetime, dict[str, Any]]], start: datetime, window: timedelta, count: int
) -> list[dict[str, Any]]:
    """Criterion 5 (一个月内出现2次): services that, with others, make `count` within any `window`.

    A run of `count` services whose last one falls in the period and whose first lies within
    `window` before it flags the supplier; two services on 31 October and 1 November are
    within a month even though they fall in two calendar months.
    """
    services = sorted(services, key=lambda s: s[0])
    flagged: dict[int, dict[str, Any]] = {}
    for last in range(count - 1, len(services)):
        first = last - count + 1
        if services[last][0] >= start and services[last][0] - services[first][0] <= window:
            for index in range(first, last + 1):
                flagged[index] = services[index][1]
    return [flagged[i] for i in sorted(flagged)]


def _quality_returns(store: Any, org: Org, settings: RetailSettings, end: datetime, add: Any) -> None:
    """Criterion 4: every one of the N months up to the period's last month above the limit."""
    last = (end - timedelta(microseconds=1)).astimezone(org.tz).strftime("%Y-%m")
    months = _previous_months(last, settings.quality_return_months)
    series: dict[tuple[str, str], dict[str, tuple[int, int]]] = {}
    for month, product, supplier, sold, returned in store.own_rows(
        "retail_sales", ("month", "product", "supplier", "sold", "quality_returns"),
        equal={"org": org.id}, among={"month": months}, order=("month",),
    ):
        series.setdefault((product, supplier), {})[month] = (sold, returned)
    limit = settings.quality_return_rate
    for (product, supplier), by_month in sorted(series.items()):
        above = [m for m in months if m in by_month and Decimal(by_month[m][1]) > limit * by_month[m][0]]
        if len(above) == len(months):
            for month in months:
                sold, returned = by_month[month]
                rate = f"{Decimal(returned) * 100 / sold:.2f}%" if sold else "no sales"
                add("quality_returns", product, supplier, {"month": month, "sold": sold, "quality_returns": returned, "rate": rate})
