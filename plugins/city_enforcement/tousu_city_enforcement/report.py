"""The complaint center's section of a period report: the figures of the source's yearly report.

Everything is counted over the cases *received* in the period (the cohort), as the register
stands, with SQL doing the counting: received; complaints and consultations; by channel and
by channel and kind (the source's "438 phone complaints, 147 phone consultations, 50 visits,
11 transferred from superiors"); category counts and shares **of complaints** (consultations
are questions, not complaints, and are left out of the shares); by district; transferred out
and to whom; handled (resolved, closed, transferred, declared invalid or withdrawn before the
period ended) and the processing rate handled / received; answered; the satisfaction rate
satisfied / called back; repeat petitions; complaints dragging on; and weekly and monthly
tables for the leadership (每周一小结,每月一汇总). Rates are percentages rounded half-up to one
decimal, or null when nothing was counted.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from tousu import Org, Period, ReportSection
from tousu.timeutil import to_db
from tousu_city_enforcement.vocabulary import (
    ANSWERS,
    CATEGORIES,
    CHANNELS,
    COMPLAINT,
    DOMAIN,
    DRAG_ON,
    KINDS,
    REPEAT_LINK,
    TITLES,
)

_KIND = "COALESCE(json_extract(c.fields, '$.kind'), 'complaint')"
_COHORT = "c.org = :org AND c.domain = :domain AND c.received_at >= :start AND c.received_at < :end"
_HANDLED = "((c.resolved_at IS NOT NULL AND c.resolved_at < :end) OR (c.closed_at IS NOT NULL AND c.closed_at < :end))"
_REPEAT = f"EXISTS (SELECT 1 FROM links l WHERE l.complaint_id = c.id AND l.kind = '{REPEAT_LINK}')"
_ANSWERED = (
    "EXISTS (SELECT 1 FROM events e WHERE e.complaint_id = c.id AND e.at < :end "
    f"AND e.action IN ({', '.join(repr(a) for a in ANSWERS)}))"
)
_SATISFIED = "json_extract(c.fields, '$.satisfied')"

#: One grouped pass over the cohort: every per-case measure summed by kind, channel, category, district.
_GROUPED = f"""
SELECT {_KIND} AS kind, c.channel, c.category,
       COALESCE(NULLIF(TRIM(json_extract(c.fields, '$.district')), ''), 'unspecified') AS district,
       COUNT(*) AS received,
       COALESCE(SUM(c.status = 'transferred'), 0) AS transferred,
       COALESCE(SUM({_HANDLED}), 0) AS handled,
       COALESCE(SUM({_ANSWERED}), 0) AS answered,
       COALESCE(SUM({_SATISFIED} IS NOT NULL), 0) AS called_back,
       COALESCE(SUM({_SATISFIED} = 1), 0) AS satisfied,
       COALESCE(SUM({_REPEAT}), 0) AS repeats,
       COALESCE(SUM(c.tier = '{DRAG_ON}'), 0) AS drag_on,
       COALESCE(SUM(NOT {_HANDLED}), 0) AS still_open
FROM complaints c WHERE {_COHORT}
GROUP BY 1, 2, 3, 4
"""

#: Receipts per quarter hour (UTC) and kind/category: every real time zone offset is a whole
#: number of quarter hours, so these buckets map exactly onto local days and ISO weeks.
_BUCKETS = f"""
SELECT substr(c.received_at, 1, 14) || printf('%02d', (CAST(substr(c.received_at, 15, 2) AS INTEGER) / 15) * 15),
       {_KIND}, c.category, c.month, COUNT(*), COALESCE(SUM(c.status = 'transferred'), 0), COALESCE(SUM({_REPEAT}), 0)
FROM complaints c WHERE {_COHORT}
GROUP BY 1, 2, 3, 4
"""

_TRANSFERRED_TO = f"""
SELECT COALESCE(json_extract(c.fields, '$.transferred_to'), 'unspecified'), COUNT(*)
FROM complaints c WHERE {_COHORT} AND c.status = 'transferred'
GROUP BY 1 ORDER BY 2 DESC, 1
"""


def percent(part: int, whole: int) -> float | None:
    """``part / whole`` as a percentage rounded half-up to one decimal; None when `whole` is 0."""
    if whole == 0:
        return None
    return float((Decimal(part * 100) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def section(org: Org, store: Any, period: Period) -> ReportSection:
    params = {"org": org.id, "domain": DOMAIN, "start": to_db(period.start), "end": to_db(period.end)}
    totals: Counter[str] = Counter()
    by_channel: Counter[str] = Counter()
    by_channel_kind: Counter[tuple[str, str]] = Counter()
    by_category: Counter[str] = Counter()
    consult_topics: Counter[str] = Counter()
    by_district: Counter[str] = Counter()
    for row in store.conn.execute(_GROUPED, params):
        kind, channel, category, district = row[0], row[1], row[2] or "other", row[3]
        received = row[4]
        totals.update(
            {
                "received": received,
                "complaints" if kind == COMPLAINT else "consultations": received,
                "transferred_out": row[5],
                "handled": row[6],
                "answered": row[7],
                "called_back": row[8],
                "satisfied": row[9],
                "repeats": row[10],
                "drag_on_cases": row[11],
                "still_open": row[12],
            }
        )
        by_channel[channel] += received
        by_channel_kind[(channel, kind)] += received
        (by_category if kind == COMPLAINT else consult_topics)[category] += received
        by_district[district] += received
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
        "transferred_to": {agency: count for agency, count in store.conn.execute(_TRANSFERRED_TO, params)},
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
    weekly, monthly = _tables(store, params, org.tz, period, [c for c in CATEGORIES if by_category[c]])
    figures["weekly"] = weekly
    figures["monthly"] = monthly
    language = org.language if org.language in TITLES else "en"
    return ReportSection(domain=DOMAIN, title=f"{TITLES[language]} · {period.label}", figures=figures)


def _tables(
    store: Any, params: dict[str, str], tz: tzinfo, period: Period, categories: list[str]
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
    for bucket, kind, category, month, count, transferred, repeats in store.conn.execute(_BUCKETS, params):
        local = datetime.strptime(bucket, "%Y-%m-%dT%H:%M").replace(tzinfo=UTC).astimezone(tz).date()
        for row in (weeks.setdefault(_iso_week(local), Counter()), months.setdefault(month, Counter())):
            row["received"] += count
            row["complaints" if kind == COMPLAINT else "consultations"] += count
            row["transferred_out"] += transferred
            row["repeats"] += repeats
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

