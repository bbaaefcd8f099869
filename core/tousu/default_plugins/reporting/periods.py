"""Reporting periods: which complaints a report counts, chosen so SQL can use an index.

A period is ``[start, end)`` in the organization's time zone. Months and years select by the
``complaints.month`` column (``YYYY-MM`` in the org's zone, indexed with the org); weeks and
arbitrary ranges select by ``received_at``, stored as sortable UTC text.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, tzinfo

import attrs

from tousu.default_plugins.store.reports import Cohort
from tousu.errors import InputError
from tousu.models import Period

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


@attrs.frozen
class Selection:
    """A period and which complaints it counts (`tousu.default_plugins.store.reports.Cohort`: by month or by receipt)."""

    period: Period
    kind: str  # month | week | year | range
    cohort: Cohort

    @property
    def key(self) -> str:
        """The period's name in ``frozen_reports.period``: ``2026-10``, ``2026-W41``, ``2026``."""
        return self.period.label


def midnight(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=tz)


def _received_between(start: datetime, end: datetime) -> Cohort:
    return Cohort(start, end)


def select_period(
    tz: tzinfo,
    *,
    month: str | None = None,
    week: str | None = None,
    year: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> Selection:
    """Exactly one of month, week, year, or from+to; a malformed value is an input error."""
    chosen = [name for name, value in (("--month", month), ("--week", week), ("--year", year)) if value]
    if date_from or date_to:
        chosen.append("--from/--to")
    if len(chosen) != 1:
        raise InputError(
            "choose one period: --month YYYY-MM, --week YYYY-Www, --year YYYY or --from DATE --to DATE"
            + (f" (got {', '.join(chosen)})" if chosen else "")
        )
    if month:
        match = _MONTH.match(month)
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise InputError(f"--month {month!r}: expected YYYY-MM, e.g. 2026-10")
        y, m = int(match.group(1)), int(match.group(2))
        start = midnight(date(y, m, 1), tz)
        end = midnight(date(y + (m == 12), m % 12 + 1, 1), tz)
        return Selection(Period(start, end, month), "month", Cohort(start, end, (month, month)))
    if week:
        match = _WEEK.match(week)
        try:
            monday = date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1) if match else None
        except ValueError:
            monday = None
        if monday is None:
            raise InputError(f"--week {week!r}: expected an ISO week YYYY-Www, e.g. 2026-W41")
        start, end = midnight(monday, tz), midnight(monday + timedelta(days=7), tz)
        return Selection(Period(start, end, week), "week", _received_between(start, end))
    if year:
        if not _YEAR.match(year):
            raise InputError(f"--year {year!r}: expected YYYY, e.g. 2026")
        y = int(year)
        start, end = midnight(date(y, 1, 1), tz), midnight(date(y + 1, 1, 1), tz)
        return Selection(Period(start, end, year), "year", Cohort(start, end, (f"{y}-01", f"{y}-12")))
    if not (date_from and date_to):
        raise InputError("--from and --to go together: --from 2026-10-01 --to 2026-10-15 (both days included)")
    first, last = parse_day(date_from, "--from"), parse_day(date_to, "--to")
    if last < first:
        raise InputError(f"--to {date_to} is before --from {date_from}")
    start, end = midnight(first, tz), midnight(last + timedelta(days=1), tz)
    return Selection(Period(start, end, f"{first.isoformat()}..{last.isoformat()}"), "range", _received_between(start, end))


def parse_day(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"{what} {text!r}: expected a date YYYY-MM-DD") from None
