"""Hook implementations: China's data the core does not spell. The Chinese statutory calendar
as the calendar source ``cn``; how Chinese phone numbers are written, so free text quoting
one is masked; and the answers ``满意``/``不满意`` a follow-up call records."""

from __future__ import annotations

import re
from collections.abc import Callable

from tousu import hookimpl
from tousu.calendar import CalendarSource
from tousu.locales import Locale, PhonePattern

#: Chinese mobile numbers (optionally +86 and 3-4-4 separators) and landlines with an area code.
PHONE = re.compile(
    r"(?<![\d*])(?:\+?86[ -]?)?(?:1[3-9]\d[ -]?\d{4}[ -]?\d{4}|0\d{2,3}[ -]?\d{7,8})(?![\d*])"
)


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


@hookimpl
def register_locales(register: Callable[[Locale], None]) -> None:
    register(
        Locale(
            name="cn",
            phone_patterns=(PhonePattern(PHONE, country_code="86", national_digits=11),),
            answers={"满意": True, "不满意": False},
        )
    )
