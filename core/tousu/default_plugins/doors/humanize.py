"""Instants as a desk reads them, in the organization's zone and language.

JSON keeps ISO-8601 (see `tousu.timeutil.show`); text goes through here so that no screen and
no reply shows ``2026-11-09T23:59:59.999999+08:00``: an instant reads ``2026-11-09 17:30`` in
the organization's zone, seconds only when asked for and non-zero, never microseconds; the
last instant of a day (how a "same day" clock is stored) reads ``24:00`` of that day. A reply
template's ``{received}`` and ``{due_NAME}`` are filled with it (the replies feature,
`tousu.default_plugins.replies`). A count (``13,204``: the import's progress) too; periods,
durations and money are `figures`'; a span (``2d 3h``: the daily list, a clock's paused time) too.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

_EDGE = time(23, 59, 59, 999999)


def is_end_of_day(local: datetime) -> bool:
    """True for the stored form of "by the end of the day" (23:59:59.999999 local)."""
    return local.timetz().replace(tzinfo=None) == _EDGE


def instant(
    value: datetime | None,
    tz: tzinfo,
    lang: str = "en",
    *,
    seconds: bool = False,
    same_day_as: date | None = None,
) -> str:
    """``2026-11-09 17:30`` in `tz`; ``24:00`` for an end-of-day clock; ``-`` for none.

    `seconds` adds ``:SS`` when they are not zero (history lines, where order within a minute
    matters). With `same_day_as`, an instant on that local date reads ``当天 17:30`` / ``same day 17:30``.
    """
    if value is None:
        return "-"
    local = value.astimezone(tz)
    if is_end_of_day(local):
        day, clock = local.date(), "24:00"
    else:
        day = local.date()
        clock = f"{local.hour:02d}:{local.minute:02d}"
        if seconds and local.second:
            clock += f":{local.second:02d}"
    if same_day_as is not None and day == same_day_as:
        return f"{'当天' if lang == 'zh' else 'same day'} {clock}"
    return f"{day.isoformat()} {clock}"


def number(value: int) -> str:
    """``13,204``: a count with thousands separators."""
    return f"{value:,}"


def span(delta: timedelta) -> str:
    """A short span for the daily list: ``2d 3h``, ``45m``, ``10s``."""
    seconds = int(abs(delta).total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{days}d" if days else "", f"{hours}h" if hours else "", f"{minutes}m" if minutes and not days else ""]
    text = " ".join(p for p in parts if p)
    return text or f"{secs}s"


__all__ = ["instant", "is_end_of_day", "number", "span"]
