"""The conventions of working-time clocks, pinned by worked examples (see docs/clocks.md).

The desk works Monday–Friday 08:30–12:00 and 13:30–17:30 (7.5 hours a day) on the Chinese
statutory calendar: 2025 National Day 10-01…10-08 with make-up days Sun 09-28 and Sat
10-11; 2026 Spring Festival 02-15…02-23 with make-up Saturdays 02-14 and 02-28; 2026
National Day 10-01…10-07 with make-up days Sun 09-20 and Sat 10-10.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.clocks.helpers import at, cn_desk, cn_whole_days, week_only
from tousu.calendar import Duration, parse
from tousu.default_plugins.calendars.working import (
    add,
    add_working_days,
    add_working_time,
    exceptions_between,
    next_working_moment,
    working_time_between,
)
from tousu.default_plugins.doors.clocks import duration_words
from tousu.errors import InputError

DESK = cn_desk()


@pytest.mark.parametrize(
    ("received", "days", "due"),
    [
        # an ordinary week: same time of day, the receipt day not counted
        ("2026-09-14 10:00", 3, "2026-09-17 10:00"),
        # 2026 National Day: Wed 09-30 16:00 + 3wd → Thu 10-08, Fri 10-09, Sat 10-10 (make-up)
        ("2026-09-30 16:00", 3, "2026-10-10 16:00"),
        # 2025 National Day: Tue 09-30 16:00 + 3wd → Thu 10-09, Fri 10-10, Sat 10-11 (make-up)
        ("2025-09-30 16:00", 3, "2025-10-11 16:00"),
        # the make-up Sunday 2025-09-28 is a working day
        ("2025-09-26 09:00", 1, "2025-09-28 09:00"),
        # 2026 Spring Festival: Fri 02-13 + 1wd = make-up Saturday 02-14; + 2wd = Tue 02-24
        ("2026-02-13 11:00", 1, "2026-02-14 11:00"),
        ("2026-02-13 11:00", 2, "2026-02-24 11:00"),
        # 2025 Spring Festival: 01-28…02-04 off, make-up Sun 01-26 and Sat 02-08
        ("2025-01-24 15:00", 1, "2025-01-26 15:00"),
        ("2025-01-27 15:00", 1, "2025-02-05 15:00"),
        ("2025-02-07 15:00", 1, "2025-02-08 15:00"),
        # received after hours: counting starts at the next opening (Mon 08:30)
        ("2026-09-11 18:00", 1, "2026-09-15 08:30"),
        # received on a holiday: counting starts when the desk reopens after it
        ("2026-10-03 10:00", 1, "2026-10-09 08:30"),
        # received in the lunch break: counting starts at 13:30
        ("2026-09-14 12:15", 1, "2026-09-15 13:30"),
        # 15 working days across 2026 National Day (the 12345 complaint limit)
        ("2026-09-28 09:00", 15, "2026-10-23 09:00"),
    ],
)
def test_working_days_end_at_the_same_time_of_day(received: str, days: int, due: str) -> None:
    assert add_working_days(DESK, at(received), days) == at(due)
    assert add(DESK, at(received), Duration(days, "wd")) == at(due)


@pytest.mark.parametrize(
    ("received", "days", "due"),
    [
        ("2026-09-30 16:00", 3, "2026-10-10 17:30"),
        ("2026-09-11 18:00", 1, "2026-09-15 17:30"),
        ("2026-02-13 11:00", 1, "2026-02-14 17:30"),
    ],
)
def test_working_days_to_the_end_of_the_day_end_at_closing(received: str, days: int, due: str) -> None:
    assert add(DESK, at(received), parse("3wd" if days == 3 else "1wd"), end_of_day=True) == at(due)


def test_a_whole_day_calendar_ends_the_day_at_its_last_instant() -> None:
    due = add(cn_whole_days(), at("2026-09-30 16:00"), parse("3wd"), end_of_day=True)
    assert due == at("2026-10-10 23:59:59.999999")


@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        # 09:00–12:00 (3h) + 13:30–17:30 (4h) = 7h on Monday, 1h on Tuesday
        ("2026-09-14 09:00", 8, "2026-09-15 09:30"),
        # a budget used up exactly at closing ends at closing, not at the next opening
        ("2026-09-14 13:30", 4, "2026-09-14 17:30"),
        ("2026-09-14 08:30", 3, "2026-09-14 11:30"),
        # used up exactly at noon: due at 12:00, not inside the lunch break
        ("2026-09-14 09:00", 3, "2026-09-14 12:00"),
        # received at 23:00 on the eve of National Day 2026: starts Thu 10-08 08:30
        ("2026-09-30 23:00", 2, "2026-10-08 10:30"),
        # a make-up Saturday counts hours like any working day
        ("2026-10-09 16:30", 2, "2026-10-10 09:30"),
    ],
)
def test_working_hours(start: str, hours: int, due: str) -> None:
    assert add(DESK, at(start), parse(f"{hours}wh")) == at(due)


def test_a_calendar_duration_in_business_hours() -> None:
    # the property desk's 10-minute forwarding clock for a call at 23:00 runs from 08:30
    assert add(DESK, at("2026-09-14 23:00"), parse("10m"), business_hours=True) == at("2026-09-15 08:40")
    assert add(DESK, at("2026-09-14 11:55"), parse("10m"), business_hours=True) == at("2026-09-14 13:35")
    # without business hours it is calendar time
    assert add(DESK, at("2026-09-14 23:00"), parse("10m")) == at("2026-09-14 23:10")


def test_calendar_units_ignore_the_calendar() -> None:
    assert add(DESK, at("2026-09-30 16:00"), parse("3d")) == at("2026-10-03 16:00")
    assert add(DESK, at("2026-09-30 16:00"), timedelta(hours=2)) == at("2026-09-30 18:00")


def test_next_working_moment() -> None:
    assert next_working_moment(DESK, at("2026-09-14 10:00")) == at("2026-09-14 10:00")
    assert next_working_moment(DESK, at("2026-09-14 12:00")) == at("2026-09-14 13:30")
    assert next_working_moment(DESK, at("2026-09-14 17:30")) == at("2026-09-15 08:30")
    assert next_working_moment(DESK, at("2026-09-19 10:00")) == at("2026-09-20 08:30")  # make-up Sunday
    assert next_working_moment(DESK, at("2026-10-01 00:00")) == at("2026-10-08 08:30")


def test_working_time_between() -> None:
    assert working_time_between(DESK, at("2026-09-14 09:00"), at("2026-09-15 09:30")) == timedelta(hours=8)
    assert working_time_between(DESK, at("2026-09-30 17:00"), at("2026-10-08 09:00")) == timedelta(hours=1)
    assert working_time_between(DESK, at("2026-10-02 09:00"), at("2026-10-01 09:00")) == timedelta(0)


def test_the_exceptions_of_a_span_are_grouped() -> None:
    notes = exceptions_between(DESK, at("2026-09-30 16:00"), at("2026-10-10 16:00"))
    assert notes == ["10-01…10-07 holiday (国庆节)", "10-10 make-up working day (国庆节)"]


def test_durations_parse_with_working_units() -> None:
    assert parse("3wd").working and duration_words(parse("3wd")) == "3 working days"
    assert parse("8wh").unit == "wh" and duration_words(parse("1wd")) == "1 working day"
    assert duration_words(parse("90min")) == "90 minutes" and duration_words(parse("1m")) == "1 minute"
    assert parse("10m") == timedelta(minutes=10) and not parse("10m").working
    assert parse("90min").text == "90m"
    for bad in ("3", "wd", "3 weeks", "-1d", "1.5wd"):
        with pytest.raises(InputError):
            parse(bad)


def test_a_week_without_working_days_is_refused_not_looped() -> None:
    from tousu.default_plugins.calendars.working import Calendar

    closed = Calendar(workweek=frozenset({1}), holidays={})
    with pytest.raises(ValueError, match="working"):
        add_working_days(closed, at("2026-09-14 10:00"), 1000000)


instants = st.datetimes(
    min_value=at("2025-01-01 00:00").replace(tzinfo=None), max_value=at("2026-12-20 00:00").replace(tzinfo=None)
).map(lambda d: d.replace(second=0, microsecond=0, tzinfo=at("2025-01-01 00:00").tzinfo))


@given(start=instants, minutes=st.integers(min_value=1, max_value=60 * 200))
def test_measure_undoes_add(start: object, minutes: int) -> None:
    amount = timedelta(minutes=minutes)
    due = add_working_time(DESK, start, amount)  # type: ignore[arg-type]
    assert working_time_between(DESK, start, due) == amount  # type: ignore[arg-type]
    assert DESK.is_working(due.astimezone(DESK.tz).date())


@given(start=instants, days=st.integers(min_value=1, max_value=30))
def test_working_days_never_fall_due_outside_working_hours(start: object, days: int) -> None:
    due = add_working_days(DESK, start, days).astimezone(DESK.tz)  # type: ignore[arg-type]
    minute = due.hour * 60 + due.minute
    assert DESK.is_working(due.date())
    assert 8 * 60 + 30 <= minute < 12 * 60 or 13 * 60 + 30 <= minute < 17 * 60 + 30


def test_week_only_calendar_has_no_year_warnings() -> None:
    assert week_only().missing_years(at("2027-01-01 00:00"), at("2030-01-01 00:00")) == []
    assert DESK.missing_years(at("2026-12-01 00:00"), at("2027-02-01 00:00")) == [2027]
