"""Calendars for the worked examples: a Chinese desk with a lunch break, and a whole-day one."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tousu.default_plugins.calendars.tables import build_calendar, plugin_calendars
from tousu.default_plugins.calendars.working import Calendar, parse_hours
from tousu.plugins import load_registry
from tousu.timeutil import zone

SHANGHAI = zone("Asia/Shanghai")
DESK_HOURS = ["08:30-12:00", "13:30-17:30"]

_SOURCES: list[Any] = []


def sources() -> Any:
    if not _SOURCES:
        _SOURCES.append(plugin_calendars(load_registry()))
    return _SOURCES[0]


def cn_desk(**extra: Any) -> Calendar:
    """Monday–Friday, 08:30–12:00 and 13:30–17:30, with the Chinese statutory calendar."""
    table = {"hours": DESK_HOURS, "source": "cn", **extra}
    return build_calendar(table, where="orgs.t.calendar", timezone="Asia/Shanghai", sources=sources, base=None)  # type: ignore[arg-type]


def cn_whole_days() -> Calendar:
    return build_calendar({"source": "cn"}, where="orgs.t.calendar", timezone="Asia/Shanghai", sources=sources, base=None)  # type: ignore[arg-type]


def week_only(hours: list[str] | None = None) -> Calendar:
    return Calendar(timezone="Asia/Shanghai", hours=parse_hours(hours or DESK_HOURS, what="hours"))


def at(text: str) -> datetime:
    """A local Shanghai instant, ``"2026-09-30 16:00"``."""
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)
