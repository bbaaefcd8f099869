"""The core figures of a period report, each from one store aggregate (never a Python loop over complaints).

Cohort figures (``received``, the breakdowns, ``processed``, ``overdue_open``,
``satisfaction_rate``, ``average_hours_to_resolve``) count the complaints *received in the
period*, as they stand now. Clock figures (``on_time_rate``) count the deadlines *due in the
period*. Activity figures (``extensions``, ``escalations``, ``reopened``) count the events
*recorded with a time in the period*. docs/reports.md defines each one precisely.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from tousu.default_plugins.reporting.periods import Selection
from tousu.models import FINAL_STATUSES

if TYPE_CHECKING:
    from tousu.default_plugins.reporting.store_reads import ReportStore

#: Statuses that count as "processed": the desk has finished its work on the complaint.
PROCESSED_STATUSES = ("resolved", *FINAL_STATUSES)
#: Breakdowns of the received complaints, by a column of ``complaints``.
BREAKDOWNS = (("by_channel", "channel"), ("by_category", "category"), ("by_tier", "tier"), ("by_status", "status"))
#: The grouping columns of the one pass over a period's complaints, in index order.
_GROUP_COLUMNS = ("tier", "category", "channel", "status")
def rate(part: int, whole: int) -> float | None:
    """A share from 0 to 1 with four decimals; None when there is nothing to divide by."""
    return round(part / whole, 4) if whole else None


def core_figures(store: ReportStore, org: str, selection: Selection, at: datetime) -> dict[str, Any]:
    """Every core figure of `selection` for `org`; `at` decides which open clocks are already late."""
    cohort = selection.cohort
    figures: dict[str, Any] = {}
    # One pass over the period's complaints: the counts, every breakdown, processed, and the
    # callbacks, summed up in Python from the groups.
    # a duplicate merged into another complaint is part of that matter: counted once (tousu.default_plugins.merging)
    groups = _without(store.cohort_groups(org, cohort), store.merged_groups(org, cohort))
    received = sum(row[4] for row in groups)
    figures["received"] = received
    for name, column in BREAKDOWNS:
        position = _GROUP_COLUMNS.index(column)
        counts: dict[str, int] = {}
        for row in groups:
            key = row[position] or ""
            counts[key] = counts.get(key, 0) + row[4]
        figures[name] = {key or "-": count for key, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))}
    processed = sum(row[4] for row in groups if row[3] in PROCESSED_STATUSES)
    figures["processed"] = processed
    figures["processing_rate"] = rate(processed, received)
    figures.update(_on_time(store, org, selection, at))
    figures["overdue_open"] = store.overdue_open(org, cohort, at)
    figures.update(store.activity(org, selection.period.start, selection.period.end))
    called = sum(row[4] for row in groups if row[5])
    satisfied = sum(row[6] for row in groups if row[5])
    figures["called_back"] = called
    figures["satisfied"] = satisfied
    figures["satisfaction_rate"] = rate(satisfied, called)
    resolved, hours = store.resolution_hours(org, cohort)
    figures["resolved_with_time"] = resolved
    figures["average_hours_to_resolve"] = round(hours, 1) if hours is not None else None
    return figures


def _without(groups: list[tuple[Any, ...]], merged: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """`groups` less the merged duplicates' groups (same key: tier, category, channel, status, called)."""
    if not merged:
        return groups
    less = {(*row[:4], row[5]): (row[4], row[6]) for row in merged}
    out = []
    for row in groups:
        count, satisfied = less.get((*row[:4], row[5]), (0, 0))
        if row[4] - count > 0:
            out.append((*row[:4], row[4] - count, row[5], row[6] - satisfied))
    return out


def _paused(store: ReportStore, org: str, selection: Selection, at: datetime) -> dict[str, float]:
    """Hours paused per deadline name, of the deadlines due in the period (issue 17): a pause
    counts until its resume, else until its cap or `at`, whichever comes first."""
    from tousu.timeutil import from_db

    hours: dict[str, float] = {}
    for name, clock in store.paused_clocks(org, selection.period.start, selection.period.end):
        for pause in clock.get("pauses", []):
            begun = from_db(pause["at"])
            ended = from_db(pause["until"]) if pause.get("until") else min(from_db(pause["cap"]), at)
            if ended > begun:
                hours[name] = hours.get(name, 0.0) + (ended - begun).total_seconds() / 3600
    return {name: round(value, 1) for name, value in sorted(hours.items())}


def _on_time(store: ReportStore, org: str, selection: Selection, at: datetime) -> dict[str, Any]:
    """Deadlines due in the period: met by their (possibly extended) due time, out of those judged.

    A deadline is judged once it is met or its due time has passed by `at`; cancelled clocks
    (the complaint left the desk before they ran out) and timers are not counted.
    """
    period = selection.period
    rows = _judged(store.clocks_due_tally(org, period.start, period.end, at))
    due = sum(r[1] for r in rows)
    on_time = sum(r[2] for r in rows)
    by_deadline: dict[str, dict[str, Any]] = {
        name: {"due": count, "on_time": met, "rate": rate(met, count)} for name, count, met in rows
    }
    # time paused never counts as late (due times move by it); the report says how much there was
    paused = _paused(store, org, selection, at)
    for name, hours in paused.items():
        by_deadline.setdefault(name, {"due": 0, "on_time": 0, "rate": None})["paused_hours"] = hours
    figures: dict[str, Any] = {
        "deadlines_due": due,
        "deadlines_on_time": on_time,
        "on_time_rate": rate(on_time, due),
        "on_time_by_deadline": by_deadline,
    }
    if paused:
        figures["paused_hours"] = round(sum(paused.values()), 1)
    return figures


def _judged(tally: list[tuple[str, str, bool, str | None, int]]) -> list[tuple[str, int, int]]:
    """(name, judged, met on time) per deadline name, in name order, from the store's tally of the
    clocks due: judged = met or past due (``on_time`` or ``late``), timers and cancelled clocks
    left out (`Store.deadlines_judged`'s rule)."""
    counts: dict[str, list[int]] = {}
    for name, kind, cancelled, verdict, count in tally:
        if kind != "deadline" or cancelled or verdict not in ("on_time", "late"):
            continue
        tally_of = counts.setdefault(name, [0, 0])
        tally_of[0] += count
        tally_of[1] += count if verdict == "on_time" else 0
    return [(name, judged, met) for name, (judged, met) in sorted(counts.items())]


def trend(store: ReportStore, org: str, selection: Selection, tz: tzinfo) -> dict[str, Any]:
    """Received and resolved per day (periods up to 62 days) or per week, for the line chart.

    ``resolved`` counts complaints whose (current) resolution time falls in the bucket,
    whenever they were received. Each bucket is two index range counts.
    """
    period = selection.period
    days = (period.end.astimezone(tz).date() - period.start.astimezone(tz).date()).days
    unit = "day" if days <= 62 else "week"
    step = timedelta(days=1 if unit == "day" else 7)
    points: list[dict[str, Any]] = []
    cursor = period.start.astimezone(tz).date()
    if unit == "week":
        cursor -= timedelta(days=cursor.weekday())
    last = period.end.astimezone(tz).date()
    while cursor < last:
        start = max(datetime.combine(cursor, datetime.min.time(), tzinfo=tz), period.start)
        end = min(datetime.combine(cursor + step, datetime.min.time(), tzinfo=tz), period.end)
        got, done = store.received_and_resolved(org, start, end)
        points.append({"start": cursor.isoformat(), "received": got, "resolved": done})
        cursor += step
    return {"unit": unit, "points": points}
