"""The complaint center's section of a period report: the figures of the source's yearly report.

Everything is counted over the cases *received* in the period (the cohort), as the register
stands, with SQL doing the counting: received; complaints and consultations; by channel and
by channel and kind (the source's "438 phone complaints, 147 phone consultations, 50 visits,
11 transferred from superiors"); category counts and shares **of complaints** (consultations
are questions, not complaints, and are left out of the shares); by district; transferred out
and to whom; handled (resolved, closed, transferred, declared invalid or withdrawn before the
period ended, and answered — every exit records its answer) and the processing rate handled /
received; answered (a reply, a notice, or the answer an exit gave); the satisfaction rate
satisfied / called back; repeat petitions; complaints dragging on; and weekly and monthly
tables for the leadership (每周一小结,每月一汇总). Rates are percentages rounded half-up to one
decimal, or null when nothing was counted.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from tousu import Org, Period, ReportSection
from tousu_city_enforcement.vocabulary import (
    ANSWERS,
    CATEGORIES,
    CHANNELS,
    COMPLAINT,
    DOMAIN,
    DRAG_ON,
    EXIT_ANSWER,
    EXITS,
    KINDS,
    REPEAT_LINK,
    TITLES,
)

#: What each case of the cohort is read with: its columns, then its fields.
_COLUMNS = ("id", "channel", "category", "status", "tier", "month", "received_at", "resolved_at", "closed_at")
_FIELDS = ("kind", "district", "satisfied", "transferred_to")


def _cohort(store: Any, org: Org, period: Period) -> list[dict[str, Any]]:
    """The cases received in the period, each with every per-case measure the figures sum."""
    rows = store.received(org.id, DOMAIN, period.start, period.end, columns=_COLUMNS, fields=_FIELDS)
    ids = [row[0] for row in rows]
    repeats = store.linked(ids, REPEAT_LINK)
    answered = store.with_actions(ids, tuple(ANSWERS), period.end)
    # an exit (transfer, invalid, withdraw) answers the caller as the case leaves (件件有答复)
    cohort = set(ids)
    answered |= {
        row[0]
        for row in store.events_in(org.id, period.start, period.end, tuple(EXITS), domain=DOMAIN, data=(f"fields.{EXIT_ANSWER}",))
        if row[0] in cohort and row[3] is not None
    }
    cases = []
    for cid, channel, category, status, tier, month, received_at, resolved_at, closed_at, kind, district, satisfied, to in rows:
        left = (resolved_at is not None and resolved_at < period.end) or (closed_at is not None and closed_at < period.end)
        cases.append({
            "kind": kind if kind is not None else "complaint",
            "channel": channel,
            "category": category,
            "district": _district(district),
            "month": month,
            "received_at": received_at,
            "transferred": status == "transferred",
            "transferred_to": to if to is not None else "unspecified",
            # handled (processed): left the desk and answered, so 100% with nothing answered cannot be
            "handled": left and cid in answered,
            "left": left,
            "answered": cid in answered,
            "called_back": satisfied is not None,
            "satisfied": satisfied in (1, "1"),  # a JSON true: 1 on SQLite, "1" on PostgreSQL
            "repeat": cid in repeats,
            "drag_on": tier == DRAG_ON,
        })
    return cases


def _district(value: Any) -> str:
    """The district as written, trimmed; ``unspecified`` when there is none."""
    text = value.strip() if isinstance(value, str) else "" if value is None else str(value)
    return text or "unspecified"


def percent(part: int, whole: int) -> float | None:
    """``part / whole`` as a percentage rounded half-up to one decimal; None when `whole` is 0."""
    if whole == 0:
        return None
    return float((Decimal(part * 100) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def section(org: Org, store: Any, period: Period) -> ReportSection:
    cases = _cohort(store, org, period)
    totals: Counter[str] = Counter()
    by_channel: Counter[str] = Counter()
    by_channel_kind: Counter[tuple[str, str]] = Counter()
    by_category: Counter[str] = Counter()
    consult_topics: Counter[str] = Counter()
    by_district: Counter[str] = Counter()
    transferred_to: Counter[str] = Counter()
    for case in cases:
        kind, channel, category, district = case["kind"], case["channel"], case["category"] or "other", case["district"]
        totals.update(
            {
                "received": 1,
                "complaints" if kind == COMPLAINT else "consultations": 1,
                "transferred_out": case["transferred"],
                "handled": case["handled"],
                "answered": case["answered"],
                "called_back": case["called_back"],
                "satisfied": case["satisfied"],
                "repeats": case["repeat"],
                "drag_on_cases": case["drag_on"],
                "still_open": not case["left"],
            }
        )
        by_channel[channel] += 1
        by_channel_kind[(channel, kind)] += 1
        (by_category if kind == COMPLAINT else consult_topics)[category] += 1
        by_district[district] += 1
        if case["transferred"]:
            transferred_to[case["transferred_to"]] += 1
    complaints = totals["complaints"]
    figures: dict[str, Any] = {
        "received": totals["received"],
        "complaints": complaints,
        "consultations": totals["consultations"],
        "by_channel": _ordered(by_channel, CHANNELS),
        "by_channel_and_kind": {
            channel: {kind: by_channel_kind[(channel, kind)] for kind in KINDS} for channel in _ordered(by_channel, CHANNELS)
        },
        "complaints_by_category": _ordered(by_category, CATEGORIES),
        "category_share_percent": {
            category: percent(count, complaints) for category, count in _ordered(by_category, CATEGORIES).items()
        },
        "consultations_by_category": _ordered(consult_topics, CATEGORIES),
        "by_district": dict(sorted(by_district.items(), key=lambda item: (-item[1], item[0]))),
        "transferred_out": totals["transferred_out"],
        "transferred_to": dict(sorted(transferred_to.items(), key=lambda item: (-item[1], item[0]))),
        "handled": totals["handled"],
        "processing_rate_percent": percent(totals["handled"], totals["received"]),
        "answered": totals["answered"],
        "called_back": totals["called_back"],
        "satisfied": totals["satisfied"],
        "satisfaction_rate_percent": percent(totals["satisfied"], totals["called_back"]),
        "repeats": totals["repeats"],
        "drag_on_cases": totals["drag_on_cases"],
        "still_open": totals["still_open"],
    }
    weekly, monthly = _tables(cases, org.tz, period, [c for c in CATEGORIES if by_category[c]])
    figures["weekly"] = weekly
    figures["monthly"] = monthly
    language = org.language if org.language in TITLES else "en"
    return ReportSection(domain=DOMAIN, title=f"{TITLES[language]} · {period.label}", figures=figures)


def _tables(
    cases: list[dict[str, Any]], tz: tzinfo, period: Period, categories: list[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Weekly (ISO weeks, local time) and monthly rows, every week and month of the period."""
    weeks: dict[str, Counter[str]] = {}
    months: dict[str, Counter[str]] = {}
    day = period.start.astimezone(tz).date()
    last = (period.end - timedelta(microseconds=1)).astimezone(tz).date()
    while day <= last:
        weeks.setdefault(_iso_week(day), Counter())
        months.setdefault(day.strftime("%Y-%m"), Counter())
        day += timedelta(days=1)
    for case in cases:
        kind, category, count = case["kind"], case["category"], 1
        local = case["received_at"].astimezone(tz).date()
        for row in (weeks.setdefault(_iso_week(local), Counter()), months.setdefault(case["month"], Counter())):
            row["received"] += count
            row["complaints" if kind == COMPLAINT else "consultations"] += count
            row["transferred_out"] += case["transferred"]
            row["repeats"] += case["repeat"]
            if kind == COMPLAINT:
                row[category or "other"] += count
    columns = ["received", "complaints", "consultations", "transferred_out", "repeats", *categories]
    return (
        [{"week": week, **{c: row[c] for c in columns}} for week, row in sorted(weeks.items())],
        [{"month": month, **{c: row[c] for c in columns}} for month, row in sorted(months.items())],
    )


def _iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _ordered(counts: Counter[str], order: tuple[str, ...]) -> dict[str, int]:
    """Known ids in their declared order, then anything else, leaving out zeros."""
    known = {key: counts[key] for key in order if counts[key]}
    extra = {key: value for key, value in sorted(counts.items()) if key not in order and value}
    return {**known, **extra}

