"""The desk's own monthly deadline: statistics and analysis by the 30th (SOP 1.6, 每月30日前).

A month's statistics can only be drawn up once the month is over (a report is frozen only
for a closed period), so the statistics of month M are due by the end of day 30 of month
M+1 in the organization's time zone: October's by 30 November, January's by 28 (or 29)
February, the last day of a shorter month. The day is the ``statistics_due_day`` setting.
A month counts as done once its report was frozen (``tousu report --month M --freeze``
writes a row in ``frozen_reports``). ``tousu due`` shows the next statistics deadline and
every earlier month still owed (up to a year back), from the desk's first complaint on.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from tousu import Org, OrgDeadline
from tousu.timeutil import end_of_day
from tousu_property_mgmt.domain import DOMAIN
from tousu_property_mgmt.settings import PropertySettings

LOOKBACK_MONTHS = 12


def due_at(year: int, month: int, settings: PropertySettings, org: Org) -> datetime:
    """The end of the statistics day of `month`, clamped to the month's last day."""
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    day = date(year, month, min(settings.statistics_due_day, last))
    return end_of_day(datetime.combine(day, time(12), tzinfo=org.tz), org.tz)


def statistics_due(org: Org, settings: PropertySettings, store: Any, now: datetime) -> list[OrgDeadline]:
    """The next statistics deadline, and earlier months still owed, oldest first."""
    first = store.first_month(org.id, DOMAIN)
    if first is None:
        return []
    local = now.astimezone(org.tz)
    year, month = local.year, local.month  # the month in which the next statistics fall due
    if now > due_at(year, month, settings, org):
        year, month = _next(year, month)
    frozen = _frozen_periods(store, org.id, now)
    duties: list[OrgDeadline] = []
    for back in range(LOOKBACK_MONTHS + 1):
        due_year, due_month = year, month
        for _ in range(back):
            due_year, due_month = _previous(due_year, due_month)
        period_year, period_month = _previous(due_year, due_month)
        period = f"{period_year:04d}-{period_month:02d}"
        if period < first:
            break
        met = period in frozen
        if back == 0 or not met:
            duties.append(_duty(period, due_at(due_year, due_month, settings, org), org, met=met))
    duties.reverse()
    return duties


def _duty(period: str, due: datetime, org: Org, met: bool) -> OrgDeadline:
    if org.language == "zh":
        summary = f"{period} 投诉统计、分析上呈主管经理 (次月{due.astimezone(org.tz).day}日前)"
    else:
        summary = f"complaint statistics and analysis of {period} to the manager (SOP 1.6): freeze its report"
    return OrgDeadline(f"monthly_statistics:{period}", due, summary, met=met)


def _frozen_periods(store: Any, org_id: str, now: datetime) -> set[str]:
    """Periods with a report frozen by `now`."""
    periods: set[str] = set()
    for period, frozen_at in store.frozen_periods(org_id):
        if frozen_at <= now:
            periods.add(period)
    return periods


def _next(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def _previous(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)
