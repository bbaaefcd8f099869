"""The desk's own monthly deadline: statistics and analysis by the 30th (SOP 1.6, 每月30日前).

The statistics of month M are due by the end of day 30 of M in the organization's time zone
(the last day of a shorter month; the day is the ``statistics_due_day`` setting). A month
counts as done once a report for it has been frozen: a row in ``frozen_reports`` (written by
the report command) for the organization and the period ``YYYY-MM``. ``tousu due`` shows the
next statistics deadline, and every earlier month since the desk's first complaint (up to a
year back) whose statistics were never frozen, as overdue.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from tousu import Org, OrgDeadline
from tousu.timeutil import end_of_day, from_db
from tousu_property_mgmt.domain import DOMAIN
from tousu_property_mgmt.settings import PropertySettings

LOOKBACK_MONTHS = 12


def due_at(year: int, month: int, settings: PropertySettings, org: Org) -> datetime:
    """The end of the statistics day of `month`, clamped to the month's last day."""
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    day = date(year, month, min(settings.statistics_due_day, last))
    return end_of_day(datetime.combine(day, time(12), tzinfo=org.tz), org.tz)


def statistics_due(org: Org, settings: PropertySettings, store: Any, now: datetime) -> list[OrgDeadline]:
    """The next statistics deadline, and earlier months still owed."""
    local = now.astimezone(org.tz)
    year, month = local.year, local.month
    if now > due_at(year, month, settings, org):
        year, month = _next(year, month)
    frozen = _frozen_periods(store, org.id, now)
    owed: list[OrgDeadline] = []
    first = store.conn.execute(
        "SELECT min(month) FROM complaints WHERE org = ? AND domain = ?", (org.id, DOMAIN)
    ).fetchone()[0]
    back_year, back_month = year, month
    for _ in range(LOOKBACK_MONTHS):
        back_year, back_month = _previous(back_year, back_month)
        period = f"{back_year:04d}-{back_month:02d}"
        if first is None or period < first:
            break
        if period not in frozen:
            owed.append(_duty(period, due_at(back_year, back_month, settings, org), org, met=False))
    period = f"{year:04d}-{month:02d}"
    owed.reverse()
    owed.append(_duty(period, due_at(year, month, settings, org), org, met=period in frozen))
    return owed


def _duty(period: str, due: datetime, org: Org, met: bool) -> OrgDeadline:
    if org.language == "zh":
        summary = f"{period} 投诉统计、分析上呈主管经理 (每月{due.astimezone(org.tz).day}日前)"
    else:
        summary = f"complaint statistics and analysis for {period}, to the manager (SOP 1.6)"
    return OrgDeadline(f"monthly_statistics:{period}", due, summary, met=met)


def _frozen_periods(store: Any, org_id: str, now: datetime) -> set[str]:
    """Periods with a report frozen by `now`; none while the reporting tables do not exist."""
    exists = store.conn.execute("SELECT name FROM sqlite_master WHERE name = 'frozen_reports'").fetchone()
    if exists is None:
        return set()
    periods: set[str] = set()
    for period, frozen_at in store.conn.execute("SELECT period, frozen_at FROM frozen_reports WHERE org = ?", (org_id,)):
        when = _instant(frozen_at)
        if when is None or when <= now:
            periods.add(str(period))
    return periods


def _instant(text: Any) -> datetime | None:
    """A stored instant in tousu's UTC form or any ISO-8601 with an offset; None if unreadable."""
    if not isinstance(text, str):
        return None
    try:
        return from_db(text)
    except ValueError:
        pass
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo is not None else None


def _next(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def _previous(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)
