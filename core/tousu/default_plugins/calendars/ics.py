"""An iCalendar (.ics) file as a calendar source: its all-day events are days off.

A public-holiday feed lists days off only. An event whose summary says it is worked
(``上班``, ``补班``, ``workday``, ``working day``) is a make-up working day instead. All-day
``DTEND`` is exclusive (an event on 28–29 March ends ``20150330``). Recurring events
(RRULE) are not expanded: a holiday feed lists each year's dates, and expanding would need
another package.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from tousu.timeutil import zone

_WORKED = ("上班", "补班", "workday", "working day", "make-up")
#: An event longer than this is not a holiday but a mistake (or a whole-year block).
_LONGEST_EVENT = 60


def read_ics(path: Path, timezone: str, *, what: str) -> tuple[dict[date, str], dict[date, str], set[int]]:
    """(days off, days on, years covered) of the file at `path`; ValueError naming `what`."""
    import icalendar

    try:
        text = path.read_bytes()
    except OSError as exc:
        raise ValueError(f"{what}: cannot read {path}: {exc.strerror}") from None
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except Exception as exc:
        raise ValueError(f"{what}: {path} is not an iCalendar file ({exc})") from None
    tz = zone(timezone)
    off: dict[date, str] = {}
    on: dict[date, str] = {}
    years: set[int] = set()
    for event in calendar.walk("VEVENT"):
        start = event.get("DTSTART")
        if start is None:
            continue
        first = _local_date(start.dt, tz)
        end = event.get("DTEND")
        last = _local_date(end.dt, tz) - timedelta(days=1) if end is not None else first
        if isinstance(start.dt, datetime) and end is not None and isinstance(end.dt, datetime):
            last = _local_date(end.dt - timedelta(microseconds=1), tz)
        last = max(last, first)
        if (last - first).days > _LONGEST_EVENT:
            raise ValueError(f"{what}: {path}: the event {event.get('SUMMARY', '')!s} lasts more than {_LONGEST_EVENT} days")
        summary = str(event.get("SUMMARY", "")).strip()
        target = on if any(word in summary.lower() for word in _WORKED) else off
        day = first
        while day <= last:
            target[day] = summary
            years.add(day.year)
            day += timedelta(days=1)
    return off, on, years


def _local_date(value: date | datetime, tz: object) -> date:
    if isinstance(value, datetime):
        return (value.astimezone(tz) if value.tzinfo else value).date()  # type: ignore[arg-type]
    return value
