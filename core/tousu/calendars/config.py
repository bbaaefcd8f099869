"""``[orgs.ID.calendar]``: the working week, hours and dated exceptions of one organization.

Keys: ``workweek`` (default Monday–Friday), ``hours`` (default the whole day), ``holidays``
and ``workdays`` (a list of dates, or a table date → name), ``source`` (a calendar name a
plugin contributes, such as ``"cn"``, or an ``.ics`` file; a list for several). Later
entries win over earlier ones, and the org's own ``holidays``/``workdays`` over every source.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tousu.calendar import Calendar, CalendarSource, ClockPolicy, parse, parse_hours, parse_workweek
from tousu.errors import InputError

KEYS = ("workweek", "hours", "holidays", "workdays", "source")


def plugin_calendars(registry: Any) -> tuple[dict[str, CalendarSource], dict[str, str]]:
    """Every calendar the installed plugins contribute (name → source), and plugins that failed."""
    found: dict[str, CalendarSource] = {}
    failed: dict[str, str] = {}
    for name in registry.ok():
        def register(item: CalendarSource, plugin: str = name) -> None:
            if not isinstance(item, CalendarSource):
                raise TypeError(f"register() expects a CalendarSource, got {type(item).__name__}")
            if item.name in found:
                raise ValueError(f"calendar {item.name!r} is already registered")
            found[item.name] = item

        try:
            registry.register_hook("register_calendars", name, register=register)
        except Exception as exc:  # a broken calendar plugin must not stop organizations without it
            failed[name] = getattr(exc, "detail", f"{type(exc).__name__}: {exc}")
    return found, failed


def build_calendar(
    raw: dict[str, Any],
    *,
    where: str,
    timezone: str,
    sources: Callable[[], tuple[dict[str, CalendarSource], dict[str, str]]],
    base: Path,
) -> Calendar:
    """Structure one ``[orgs.ID.calendar]`` table; ValueError lines name the key (``where.key: ...``)."""
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: expected a table")
    unknown = sorted(set(raw) - set(KEYS))
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {', '.join(unknown)} (keys: {', '.join(KEYS)})")
    workweek = parse_workweek(_list(raw, "workweek", where), what=f"{where}.workweek") if "workweek" in raw else None
    hours = parse_hours(_list(raw, "hours", where), what=f"{where}.hours") if "hours" in raw else ((0, 1440),)
    holidays: dict[date, str] = {}
    workdays: dict[date, str] = {}
    years: set[int] = set()
    described: list[str] = []
    names = raw.get("source", [])
    names = [names] if isinstance(names, str) else names
    if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
        raise ValueError(f"{where}.source: expected a calendar name such as \"cn\", an .ics file, or a list of them")
    for name in names:
        if name.lower().endswith(".ics"):
            from tousu.calendars.ics import read_ics

            path = Path(name) if Path(name).is_absolute() else base / name
            off, on, covered = read_ics(path, timezone, what=f"{where}.source")
            holidays.update(off)
            workdays.update(on)
            years.update(covered)
            described.append(f"{name} (iCalendar)")
            continue
        known, failed = sources()
        if name not in known:
            broken = "; ".join(f"{p}: {e}" for p, e in failed.items())
            raise ValueError(
                f"{where}.source: no calendar {name!r} (installed: {', '.join(sorted(known)) or 'none'}"
                + (f"; failed: {broken}" if broken else "") + ")"
            )
        item = known[name]
        for day in item.holidays:
            workdays.pop(day, None)
        for day in item.workdays:
            holidays.pop(day, None)
        holidays.update(item.holidays)
        workdays.update(item.workdays)
        years.update(item.years)
        described.append(f"{name}: {item.title}, from {item.source}; years {', '.join(map(str, item.years))}")
    own_off = _dates(raw, "holidays", where)
    own_on = _dates(raw, "workdays", where)
    both = sorted(set(own_off) & set(own_on))
    if both:
        raise ValueError(f"{where}: {both[0].isoformat()} is both in holidays and in workdays")
    for day in own_off:
        workdays.pop(day, None)
    for day in own_on:
        holidays.pop(day, None)
    holidays.update(own_off)
    workdays.update(own_on)
    if not names and (own_off or own_on):
        years.update(d.year for d in (*own_off, *own_on))
    if own_off or own_on:
        described.append(f"{where}.holidays/workdays")
    kwargs: dict[str, Any] = {}
    if workweek is not None:
        kwargs["workweek"] = workweek
    return Calendar(
        timezone=timezone, hours=hours, holidays=holidays, workdays=workdays,
        years=frozenset(years) if (names or own_off or own_on) else None, sources=tuple(described), **kwargs,
    )


def _list(raw: dict[str, Any], key: str, where: str) -> list[Any]:
    value = raw[key]
    if not isinstance(value, list):
        raise ValueError(f"{where}.{key}: expected a list")
    return value


def _dates(raw: dict[str, Any], key: str, where: str) -> dict[date, str]:
    """A list of dates, or a table date → name (TOML may give the keys or values as dates)."""
    value = raw.get(key, [])
    items: list[tuple[Any, Any]]
    if isinstance(value, list):
        items = [(v, "") for v in value]
    elif isinstance(value, dict):
        items = list(value.items())
    else:
        raise ValueError(f"{where}.{key}: expected a list of dates or a table date → name")
    days: dict[date, str] = {}
    for day, name in items:
        try:
            parsed = day if isinstance(day, date) else date.fromisoformat(str(day).strip())
        except ValueError:
            raise ValueError(f"{where}.{key}: {day!r} is not a date (YYYY-MM-DD)") from None
        if not isinstance(name, str):
            raise ValueError(f"{where}.{key}.{day}: expected a name (text)")
        days[parsed] = name
    return days


POLICY_KEYS = ("warn_at", "max_pause", "end_of_day", "pause_roles")


def build_policy(raw: dict[str, Any], *, where: str) -> ClockPolicy:
    """Structure ``[orgs.ID.clocks]``; ValueError naming the key."""
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: expected a table")
    unknown = sorted(set(raw) - set(POLICY_KEYS))
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {', '.join(unknown)} (keys: {', '.join(POLICY_KEYS)})")
    kwargs: dict[str, Any] = {}
    if "warn_at" in raw:
        share = raw["warn_at"]
        if isinstance(share, bool) or not isinstance(share, int | float) or not 0 < share <= 1:
            raise ValueError(f"{where}.warn_at: expected a share of the allowed time above 0 and at most 1 (0.8), got {share!r}")
        kwargs["warn_at"] = float(share)
    if "max_pause" in raw:
        try:
            span = parse(raw["max_pause"], what=f"{where}.max_pause")
        except InputError as exc:
            raise ValueError(str(exc)) from None
        if span <= timedelta(0):
            raise ValueError(f"{where}.max_pause: expected a positive duration such as \"30d\"")
        kwargs["max_pause"] = span.text
    for key in ("end_of_day", "pause_roles"):
        if key in raw:
            value = raw[key]
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                raise ValueError(f"{where}.{key}: expected a list of names")
            kwargs[key] = tuple(value)
    return ClockPolicy(**kwargs)
