"""Public holidays and make-up working days, one year per notice of the State Council's General Office.

Transcribed by hand from each 《国务院办公厅关于YYYY年部分节假日安排的通知》: every day off of
an arrangement (weekend days inside it included) is a holiday named after its festival;
every weekend day the notice says is worked (上班) is a make-up working day. A new year is
added by appending its notice here, after the notice is published (usually in November);
until then a clock that runs into that year is computed on the week alone, with a warning.
"""

from __future__ import annotations

from datetime import date, timedelta

#: year → (the notice, its days off as (first, last, festival), its make-up days as (day, festival)).
NOTICES: dict[int, tuple[str, list[tuple[str, str, str]], list[tuple[str, str]]]] = {
    2025: (
        "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024年11月12日）",
        [
            ("2025-01-01", "2025-01-01", "元旦"),
            ("2025-01-28", "2025-02-04", "春节"),
            ("2025-04-04", "2025-04-06", "清明节"),
            ("2025-05-01", "2025-05-05", "劳动节"),
            ("2025-05-31", "2025-06-02", "端午节"),
            ("2025-10-01", "2025-10-08", "国庆节、中秋节"),
        ],
        [
            ("2025-01-26", "春节"),
            ("2025-02-08", "春节"),
            ("2025-04-27", "劳动节"),
            ("2025-09-28", "国庆节、中秋节"),
            ("2025-10-11", "国庆节、中秋节"),
        ],
    ),
    2026: (
        "国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号，2025年11月4日）",
        [
            ("2026-01-01", "2026-01-03", "元旦"),
            ("2026-02-15", "2026-02-23", "春节"),
            ("2026-04-04", "2026-04-06", "清明节"),
            ("2026-05-01", "2026-05-05", "劳动节"),
            ("2026-06-19", "2026-06-21", "端午节"),
            ("2026-09-25", "2026-09-27", "中秋节"),
            ("2026-10-01", "2026-10-07", "国庆节"),
        ],
        [
            ("2026-01-04", "元旦"),
            ("2026-02-14", "春节"),
            ("2026-02-28", "春节"),
            ("2026-05-09", "劳动节"),
            ("2026-09-20", "国庆节"),
            ("2026-10-10", "国庆节"),
        ],
    ),
}


def holidays() -> dict[date, str]:
    """Every day off of every notice: date → festival."""
    days: dict[date, str] = {}
    for _, ranges, _ in NOTICES.values():
        for first, last, name in ranges:
            day, end = date.fromisoformat(first), date.fromisoformat(last)
            while day <= end:
                days[day] = name
                day += timedelta(days=1)
    return days


def workdays() -> dict[date, str]:
    """Every make-up working day of every notice: date → the festival it makes up for."""
    return {date.fromisoformat(day): name for _, _, worked in NOTICES.values() for day, name in worked}
