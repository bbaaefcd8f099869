"""Working time: business calendars and the arithmetic of clocks that count it.

Country-neutral: a `Calendar` is a working week, the day's working hours (several intervals,
so a lunch break is simply the gap between two) and dated exceptions, ``holidays`` (days off
whatever the week says) and ``workdays`` (days on whatever the week says: a make-up working
day). Countries' data comes from plugins as `tousu.calendar.CalendarSource` values; the
default plugin knows none. Each organization's `Calendar` is ``org.calendar`` (built from its
``[orgs.ID.calendar]`` table, `tousu.default_plugins.calendars.tables`), and the App asks it
what `tousu.calendar.WorkingCalendar` says: its methods below are the functions of this module.

Durations (`tousu.calendar.Duration`): ``3wd`` is working days and ``8wh`` working hours.
The conventions, pinned by ``tests/clocks``:

- A clock that counts working time starts at the *next working moment*: a complaint received
  after hours, at lunch or on a holiday starts counting when the desk next opens.
- ``Nwd`` ends at the same time of day on the Nth working day after the day counting starts
  (the start day itself is not counted, as in PRC Civil Code art. 201), or, where a domain
  reads "N个工作日内" as the whole day, at the closing time of that day (``end_of_day``).
- ``Nwh`` (and a calendar duration counted in business hours) ends when that much working
  time has passed; a budget used up exactly at closing ends *at* closing, never the next
  opening. So no clock falls due inside a lunch break or overnight.

Everything here is pure: instants are aware datetimes, compared and subtracted in UTC (an
aware subtraction in one zone would use wall time), dates are local to the calendar's zone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from itertools import pairwise

import attrs

from tousu.calendar import as_duration
from tousu.timeutil import DEFAULT_TIMEZONE, zone

#: A calendar with no working moment in this many days is refused (no clock could end).
SEARCH_DAYS = 3700
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@attrs.frozen
class Day:
    """One date of a calendar: whether it is worked, its hours and why."""

    date: date
    working: bool
    hours: tuple[str, ...]
    why: str

    def as_json(self) -> dict[str, object]:
        return {"date": self.date.isoformat(), "working": self.working, "hours": list(self.hours), "why": self.why}


def _interval_text(start: int, end: int) -> str:
    return f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"


@attrs.frozen
class Calendar:
    """An organization's business calendar (config ``[orgs.ID.calendar]``).

    `hours` are minutes after local midnight, sorted and disjoint; ``(0, 1440)`` is the
    whole day. `years` are the years with holiday data (None: the calendar claims none, so
    it never warns). `sources` describe where the dated exceptions came from.
    """

    timezone: str = DEFAULT_TIMEZONE
    workweek: frozenset[int] = frozenset({1, 2, 3, 4, 5})
    hours: tuple[tuple[int, int], ...] = ((0, 1440),)
    holidays: Mapping[date, str] = attrs.field(factory=dict)
    workdays: Mapping[date, str] = attrs.field(factory=dict)
    years: frozenset[int] | None = None
    sources: tuple[str, ...] = ()

    @property
    def tz(self) -> tzinfo:
        return zone(self.timezone)

    def is_working(self, day: date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.isoweekday() in self.workweek

    def day(self, day: date) -> Day:
        """`day` with its hours and the reason it is (not) worked, for ``tousu calendar``."""
        working = self.is_working(day)
        if day in self.workdays:
            why = "make-up working day" + (f": {self.workdays[day]}" if self.workdays[day] else "")
        elif day in self.holidays:
            why = "holiday" + (f": {self.holidays[day]}" if self.holidays[day] else "")
        elif working:
            why = "working day"
        else:
            why = "weekend"
        if self.missing(day.year):
            why += f" (no holiday data for {day.year}: the week alone)"
        hours = tuple(_interval_text(s, e) for s, e in self.hours) if working else ()
        return Day(day, working, hours, why)

    def missing(self, year: int) -> bool:
        """True when the calendar has holiday data, but not for `year`."""
        return self.years is not None and year not in self.years

    def missing_years(self, start: datetime, end: datetime) -> list[int]:
        """Years between `start` and `end` (local) that the calendar has no holiday data for."""
        if self.years is None:
            return []
        tz = self.tz
        first, last = start.astimezone(tz).year, end.astimezone(tz).year
        return [y for y in range(first, last + 1) if y not in self.years]

    # -- working intervals ---------------------------------------------------------

    def _bounds(self, day: date, start: int, end: int) -> tuple[datetime, datetime]:
        tz = self.tz
        begin = datetime.combine(day, time(start // 60, start % 60), tzinfo=tz)
        if end >= 1440:
            close = datetime.combine(day + timedelta(days=1), time(), tzinfo=tz)
        else:
            close = datetime.combine(day, time(end // 60, end % 60), tzinfo=tz)
        return begin.astimezone(UTC), close.astimezone(UTC)

    def intervals(self, moment: datetime) -> Iterator[tuple[datetime, datetime]]:
        """The working intervals (UTC) that end after `moment`, in order; `moment` clipped in."""
        at = moment.astimezone(UTC)
        day = moment.astimezone(self.tz).date() - timedelta(days=1)  # an interval may end past midnight
        for _ in range(SEARCH_DAYS):
            if self.is_working(day):
                for start, end in self.hours:
                    begin, close = self._bounds(day, start, end)
                    if close > at:
                        yield max(begin, at), close
            day += timedelta(days=1)
        raise ValueError(f"the calendar has no working time in the {SEARCH_DAYS} days after {moment.isoformat()}")

    def closing(self, day: date) -> datetime:
        """The end of `day`'s last working interval (23:59:59.999999 for a whole-day calendar)."""
        _, close = self._bounds(day, *self.hours[-1])
        if self.hours[-1][1] >= 1440:
            close -= timedelta(microseconds=1)
        return close

    # -- what the App asks (`tousu.calendar.WorkingCalendar`): this module's functions ------

    def add(self, start: datetime, duration: timedelta, *, business_hours: bool = False, end_of_day: bool = False) -> datetime:
        return add(self, start, duration, business_hours=business_hours, end_of_day=end_of_day)

    def next_working_moment(self, moment: datetime) -> datetime:
        return next_working_moment(self, moment)

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        return working_time_between(self, start, end)

    def add_working_time(self, start: datetime, amount: timedelta) -> datetime:
        return add_working_time(self, start, amount)


# --- arithmetic --------------------------------------------------------------------------


def next_working_moment(cal: Calendar, moment: datetime) -> datetime:
    """`moment` itself when the desk is working then, else the next opening (in `moment`'s zone)."""
    begin, _ = next(cal.intervals(moment))
    return begin.astimezone(moment.tzinfo)


def add_working_time(cal: Calendar, start: datetime, amount: timedelta) -> datetime:
    """The instant when `amount` of working time has passed since `start` (ends at closing, not after)."""
    left = amount
    for begin, close in cal.intervals(start):
        span = close - begin
        if left <= span:
            return (begin + left).astimezone(start.tzinfo)
        left -= span
    raise AssertionError("unreachable")  # pragma: no cover - intervals() raises first


def working_time_between(cal: Calendar, start: datetime, end: datetime) -> timedelta:
    """How much working time lies between `start` and `end` (zero when `end` is not later)."""
    total = timedelta(0)
    stop = end.astimezone(UTC)
    if stop <= start.astimezone(UTC):
        return total
    for begin, close in cal.intervals(start):
        if begin >= stop:
            break
        total += min(close, stop) - begin
    return total


def add_working_days(cal: Calendar, start: datetime, days: int, *, end_of_day: bool = False) -> datetime:
    """`days` working days after the working moment `start` counts from (see the module doc)."""
    first = next_working_moment(cal, start)
    tz = cal.tz
    local = first.astimezone(tz)
    day, counted = local.date(), 0
    for _ in range(SEARCH_DAYS):
        if counted == days:
            break
        day += timedelta(days=1)
        if cal.is_working(day):
            counted += 1
    else:
        raise ValueError(f"the calendar has fewer than {days} working days in the {SEARCH_DAYS} days after {start.isoformat()}")
    if end_of_day:
        return cal.closing(day).astimezone(start.tzinfo)
    due = datetime.combine(day, local.time(), tzinfo=tz)
    return due.astimezone(start.tzinfo)


def add(
    cal: Calendar, start: datetime, duration: timedelta, *, business_hours: bool = False, end_of_day: bool = False
) -> datetime:
    """`start` plus `duration`: calendar time, or working time on `cal` for a working unit.

    ``business_hours=True`` counts a calendar duration (``10m``) in working time instead;
    ``end_of_day`` makes ``Nwd`` end at that day's closing time.
    """
    span = as_duration(duration)
    if not (span.working or business_hours):
        return start + span
    if span.unit == "wd":
        return add_working_days(cal, start, span.amount, end_of_day=end_of_day)
    if span.unit == "wh":
        return add_working_time(cal, start, timedelta(hours=span.amount))
    return add_working_time(cal, start, timedelta(seconds=int(span.total_seconds())))


def exceptions_between(cal: Calendar, start: datetime, end: datetime) -> list[str]:
    """Dated exceptions between `start` and `end`, grouped: ``10-01…10-07 holiday: 国庆节``.

    The part of a due time's basis that says why it is not the naive count.
    """
    tz = cal.tz
    first, last = start.astimezone(tz).date(), end.astimezone(tz).date()
    notes: list[str] = []
    run: list[date] = []
    run_label = ""

    def flush() -> None:
        if run:
            span = run[0].strftime("%m-%d") if len(run) == 1 else f"{run[0]:%m-%d}…{run[-1]:%m-%d}"
            notes.append(f"{span} {run_label}")

    day = first
    while day <= last and len(notes) < 50:
        label = ""
        if day in cal.workdays:
            label = "make-up working day" + (f" ({cal.workdays[day]})" if cal.workdays[day] else "")
        elif day in cal.holidays:
            label = "holiday" + (f" ({cal.holidays[day]})" if cal.holidays[day] else "")
        if label and label == run_label and run and run[-1] == day - timedelta(days=1) and "make-up" not in label:
            run.append(day)
        else:
            flush()
            run, run_label = ([day], label) if label else ([], "")
        day += timedelta(days=1)
    flush()
    return notes


def parse_hours(values: list[str], *, what: str) -> tuple[tuple[int, int], ...]:
    """``["08:30-12:00", "13:30-17:30"]`` → minutes after midnight; ValueError naming `what`."""
    intervals: list[tuple[int, int]] = []
    for text in values:
        match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*", text) if isinstance(text, str) else None
        if not match:
            raise ValueError(f"{what}: {text!r} is not an interval such as \"08:30-12:00\"")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if h1 > 23 or m1 > 59 or m2 > 59 or end > 1440 or end <= start:
            raise ValueError(f"{what}: {text!r} must run forward within one day (00:00-24:00)")
        intervals.append((start, end))
    intervals.sort()
    for (_, end), (start, _) in pairwise(intervals):
        if start < end:
            raise ValueError(f"{what}: intervals overlap")
    if not intervals:
        raise ValueError(f"{what}: give at least one interval, e.g. [\"09:00-17:00\"]")
    return tuple(intervals)


def parse_workweek(values: list[object], *, what: str) -> frozenset[int]:
    """``["mon", ..., "fri"]`` or ISO numbers 1–7 → ISO weekday numbers."""
    days: set[int] = set()
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 7:
            days.add(value)
        elif isinstance(value, str) and value.strip().lower()[:3] in WEEKDAYS:
            days.add(WEEKDAYS.index(value.strip().lower()[:3]) + 1)
        else:
            raise ValueError(f"{what}: {value!r} is not a weekday (mon … sun, or 1–7)")
    if not days:
        raise ValueError(f"{what}: a working week needs at least one day")
    return frozenset(days)
