"""Working time as plugins write it: durations, holiday data, and what the App asks a calendar.

Durations (`Duration`, `parse`): ``10m``, ``2h``, ``3d``, ``1w`` are calendar time;
``3wd`` is working days and ``8wh`` working hours, counted on the organization's calendar.
Countries' holiday data comes from plugins as `CalendarSource` values; the kernel knows none.

The calendar itself (``[orgs.ID.calendar]``: the working week, hours, holidays and make-up
days) and its arithmetic are the ``calendars`` default plugin's
(`tousu.default_plugins.calendars`), which builds each organization's calendar and clock rules
from its tables (``org.calendar``, ``org.clocks``); the kernel asks them only what
`WorkingCalendar` and `ClockRules` say.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Protocol

import attrs

from tousu.errors import InputError
from tousu.timeutil import LONGEST

_DURATION = re.compile(r"^\s*(\d+)\s*(s|min|m|h|d|w|wd|wh)\s*$")
_SECONDS = {"s": 1, "min": 60, "m": 60, "h": 3600, "d": 86400, "w": 604800, "wd": 86400, "wh": 3600}
#: Working units: counted on the organization's calendar.
WORKING_UNITS = ("wd", "wh")


class Duration(timedelta):
    """A duration as written in a setting: an amount and a unit, calendar or working.

    A `timedelta` so that settings typed as durations keep comparing and adding as before;
    for a working unit the timedelta is only nominal (``3wd`` = 3 days) and a clock must be
    computed with `WorkingCalendar.add` on a calendar.
    """

    amount: int
    unit: str

    def __new__(cls, amount: int, unit: str) -> Duration:
        self = super().__new__(cls, seconds=amount * _SECONDS[unit])
        self.amount, self.unit = amount, "m" if unit == "min" else unit
        return self

    def __reduce__(self) -> tuple[type, tuple[int, str]]:
        return (Duration, (self.amount, self.unit))

    @property
    def working(self) -> bool:
        return self.unit in WORKING_UNITS

    @property
    def text(self) -> str:
        return f"{self.amount}{self.unit}"

    def __repr__(self) -> str:
        return f"Duration({self.text!r})"


def parse(text: str, *, what: str = "duration") -> Duration:
    """``90m``, ``2h``, ``3d``, ``1w``, ``45s``, ``3wd``, ``8wh`` → `Duration` (InputError otherwise)."""
    match = _DURATION.match(text) if isinstance(text, str) else None
    if not match:
        raise InputError(
            f"{what}: {text!r} is not a duration; use a number and a unit: 90m, 2h, 3d, 1w, "
            "or working time 3wd (working days), 8wh (working hours)"
        )
    value = Duration(int(match.group(1)), match.group(2))
    if value > LONGEST:
        raise InputError(f"{what}: {text!r} is longer than a hundred years")
    return value


def as_duration(value: timedelta) -> Duration:
    """A plain timedelta (an older setting, a default) as a calendar `Duration`."""
    if isinstance(value, Duration):
        return value
    seconds = int(value.total_seconds())
    for unit in ("w", "d", "h", "m"):
        if seconds and seconds % _SECONDS[unit] == 0:
            return Duration(seconds // _SECONDS[unit], unit)
    return Duration(seconds, "s")


@attrs.frozen
class CalendarSource:
    """Holiday data a plugin contributes (``register_calendars``): dated days off and on.

    `source` names where the facts come from (for the Chinese calendar, the State Council's
    yearly notices); `years` lists every year the data is complete for.
    """

    name: str
    title: str
    source: str
    years: tuple[int, ...]
    holidays: Mapping[date, str]
    workdays: Mapping[date, str]


class WorkingCalendar(Protocol):
    """What the App asks an organization's calendar (``org.calendar``, the ``calendars`` default
    plugin's): where a clock falls due, how much working time lies between two instants, which
    years it has no holiday data for. Instants are aware datetimes, returned in the zone given."""

    def add(self, start: datetime, duration: timedelta, *, business_hours: bool = False, end_of_day: bool = False) -> datetime:
        """`start` plus `duration`: calendar time, or working time for a working unit (or ``business_hours``)."""
        ...

    def next_working_moment(self, moment: datetime) -> datetime:
        """`moment` itself when the desk is working then, else the next opening; ValueError if none."""
        ...

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """How much working time lies between `start` and `end` (zero when `end` is not later)."""
        ...

    def add_working_time(self, start: datetime, amount: timedelta) -> datetime:
        """The instant when `amount` of working time has passed since `start`."""
        ...

    def missing_years(self, start: datetime, end: datetime) -> list[int]:
        """Years between `start` and `end` (local) that the calendar has no holiday data for."""
        ...


class ClockRules(Protocol):
    """``[orgs.ID.clocks]`` as the App reads it (``org.clocks``): the share of a clock's time after
    which it warns, the longest a pause holds, the deadlines whose ``Nwd`` ends at closing, and
    who may pause instead of the domain's roles."""

    warn_at: float
    max_pause: str
    end_of_day: tuple[str, ...]
    pause_roles: tuple[str, ...]
