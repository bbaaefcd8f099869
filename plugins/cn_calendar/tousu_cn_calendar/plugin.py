"""Hook implementation: contribute the Chinese statutory calendar as the calendar source ``cn``."""

from __future__ import annotations

from collections.abc import Callable

from tousu import hookimpl
from tousu.calendar import CalendarSource


@hookimpl
def register_calendars(register: Callable[[CalendarSource], None]) -> None:
    from tousu_cn_calendar import data  # the holiday tables, only once a calendar is wanted

    register(
        CalendarSource(
            name="cn",
            title="中华人民共和国法定节假日及调休 (Chinese public holidays and make-up working days)",
            source="; ".join(notice for notice, _, _ in data.NOTICES.values()),
            years=tuple(sorted(data.NOTICES)),
            holidays=data.holidays(),
            workdays=data.workdays(),
        )
    )
