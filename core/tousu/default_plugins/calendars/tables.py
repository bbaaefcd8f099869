"""``[orgs.ID.calendar]`` and ``[orgs.ID.clocks]``: an organization's calendar and clock rules.

``[orgs.ID.calendar]`` keys: ``workweek`` (default Monday–Friday), ``hours`` (default the
whole day), ``holidays`` and ``workdays`` (a list of dates, or a table date → name),
``source`` (a calendar name a plugin contributes, such as ``"cn"``, or an ``.ics`` file; a
list for several). Later entries win over earlier ones, and the org's own
``holidays``/``workdays`` over every source. ``[orgs.ID.clocks]``: `ClockPolicy`.

Both are registered through ``register_settings`` (`tousu.default_plugins.calendars.plugin`)
as `CalendarTable` and `ClocksTable`: the one converter takes each as the table it is (any
keys; not a table is its error, as for any table), and `tousu.config` asks each for what it
stands for with the organization's context (``built``: its zone, the config's folder, the
installed plugins' calendars), where the lines naming a wrong key come from. An organization
without a ``[calendar]`` table gets the whole-day Monday–Friday `Calendar` in its zone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import attrs

from tousu.calendar import CalendarSource, parse
from tousu.default_plugins.calendars.working import Calendar, parse_hours, parse_workweek
from tousu.errors import InputError
from tousu.serialize import converter


@attrs.frozen
class ClockPolicy:
    """``[orgs.ID.clocks]``: when a clock warns, how long a pause may last, which clocks end at closing.

    - ``warn_at``: the share of a clock's allowed time after which it is a warning (0.8);
    - ``max_pause``: the longest a pause holds a clock (then it runs again), "" for no cap;
    - ``end_of_day``: deadline names whose ``Nwd`` ends at the closing time of the Nth day;
    - ``pause_roles``: who may pause, instead of the domain's roles (empty: the domain's).

    What the App reads of it is `tousu.calendar.ClockRules` (``org.clocks``).
    """

    warn_at: float = 0.8
    max_pause: str = "30d"
    end_of_day: tuple[str, ...] = ()
    pause_roles: tuple[str, ...] = ()


@attrs.frozen
class CalendarTable:
    """``[orgs.ID.calendar]`` as written (`raw`), until `built` with the organization's context."""

    raw: dict[str, Any] = attrs.field(factory=dict)

    def built(self, context: Any) -> Calendar | None:
        """The organization's `Calendar` (None while its zone is wrong: that is the error then);
        ValueError naming the key. The plugins' calendars are collected once per config read,
        and only when an organization names one (`context.shared`)."""
        if context.timezone is None:
            return None
        if "calendars" not in context.shared:
            context.shared["calendars"] = _collected(context.registry)
        return build_calendar(
            self.raw, where=context.where, timezone=context.timezone, sources=context.shared["calendars"], base=context.base
        )


@attrs.frozen
class ClocksTable:
    """``[orgs.ID.clocks]`` as written (`raw`), until `built` into its `ClockPolicy`."""

    raw: dict[str, Any] = attrs.field(factory=dict)

    def built(self, context: Any) -> ClockPolicy:
        return build_policy(self.raw, where=context.where)


def _as_table(cls: type) -> Callable[[Any, Any], Any]:
    """Structure a table into `cls` holding it whole: what is not a table fails as a table does."""
    def structure(value: Any, _type: Any) -> Any:
        return cls(converter.structure(value, dict[str, Any]))

    return structure


converter.register_structure_hook(CalendarTable, _as_table(CalendarTable))
converter.register_structure_hook(ClocksTable, _as_table(ClocksTable))


def _collected(registry: Any) -> Callable[[], tuple[dict[str, CalendarSource], dict[str, str]]]:
    """`plugin_calendars` of `registry`, asked the first time an organization names a source."""
    found: list[tuple[dict[str, CalendarSource], dict[str, str]]] = []

    def sources() -> tuple[dict[str, CalendarSource], dict[str, str]]:
        if not found:
            found.append(plugin_calendars(registry))
        return found[0]

    return sources


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
            from tousu.default_plugins.calendars.ics import read_ics

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
