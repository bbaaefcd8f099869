"""Dates, periods, durations and money as a desk reads them, in the organization's
language: ``2026-11-01 – 2026-11-30``, ``1天2小时``, ``¥503,282.34``.

JSON keeps ISO-8601 and plain numbers; the doors' text screens write them through here. An
instant and a count are `humanize`'s, beside it (a reply template fills in the first, the
import's progress line the second).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal

from tousu.money import to_fen

#: Currency signs for the codes tousu's domains use; any other code is written after the amount.
SIGNS = {"CNY": "¥", "RMB": "¥", "JPY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "HKD": "HK$"}

def day(value: date | datetime, tz: tzinfo | None = None) -> str:
    """A calendar date, ``2026-11-09`` (an instant is read in `tz`)."""
    if isinstance(value, datetime):
        value = value.astimezone(tz).date() if tz is not None else value.date()
    return value.isoformat()


def period(start: date | datetime, end: date | datetime, tz: tzinfo | None = None, *, end_exclusive: bool = True) -> str:
    """``2026-11-01 – 2026-11-30``: both ends inclusive as people say them.

    Reports hold periods as ``[start, end)``; an exclusive end at midnight is the day before.
    """
    first = start.astimezone(tz) if isinstance(start, datetime) and tz is not None else start
    last = end.astimezone(tz) if isinstance(end, datetime) and tz is not None else end
    first_day = first.date() if isinstance(first, datetime) else first
    if isinstance(last, datetime):
        at_midnight = last.timetz().replace(tzinfo=None) == time()
        last_day = last.date() - timedelta(days=1) if end_exclusive and at_midnight else last.date()
    else:
        last_day = last - timedelta(days=1) if end_exclusive else last
    last_day = max(last_day, first_day)
    return f"{first_day.isoformat()} – {last_day.isoformat()}"


_UNITS = {
    "zh": ("天", "小时", "分钟", "秒"),
    "en": ("d", "h", "m", "s"),
}


def duration(delta: timedelta, lang: str = "en") -> str:
    """``1天2小时`` / ``1d 2h``: the two largest units (minutes dropped once days show)."""
    seconds = int(abs(delta).total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    d, h, m, s = _UNITS.get(lang, _UNITS["en"])
    parts = []
    if days:
        parts.append(f"{days}{d}")
    if hours:
        parts.append(f"{hours}{h}")
    if minutes and not days:
        parts.append(f"{minutes}{m}")
    if not parts:
        parts.append(f"{secs}{s}")
    return ("" if lang == "zh" else " ").join(parts)


def money(amount: Decimal | int | str, currency: str = "CNY") -> str:
    """``¥503,282.34``: exact to the fen (half-up), thousands separated, the currency's sign."""
    value = to_fen(Decimal(str(amount)))
    sign = "-" if value < 0 else ""
    body = f"{abs(value):,.2f}"
    symbol = SIGNS.get(currency.upper())
    return f"{sign}{symbol}{body}" if symbol else f"{sign}{body} {currency}"


__all__ = ["SIGNS", "day", "duration", "money", "period"]
