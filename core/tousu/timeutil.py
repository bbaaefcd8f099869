"""Instants and durations: always timezone-aware, stored in one fixed UTC text form.

The database keeps every instant as ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` so that text comparison
in SQL (``due_at <= ?``) is time comparison. Users see instants in their organization's
offset. A naive ``--at`` is read in the organization's time zone.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tousu.errors import InputError

_DURATION = re.compile(r"^\s*(\d+)\s*(s|m|min|h|d|w)\s*$")
_UNITS = {"s": 1, "m": 60, "min": 60, "h": 3600, "d": 86400, "w": 604800}

#: The zone of an organization whose config names none, the one place it is spelled: an
#: organization's `timezone` setting (``tousu init`` writes it out) overrides it.
DEFAULT_TIMEZONE = "Asia/Shanghai"


@lru_cache(maxsize=64)
def zone(name: str) -> tzinfo:
    """The tz database zone `name`; raises ValueError naming it when it does not exist."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r} (use an IANA name such as {DEFAULT_TIMEZONE!r})") from exc


def parse_instant(text: str, tz: tzinfo, *, what: str = "--at") -> datetime:
    """Parse ISO-8601 `text`; a value without an offset is local time in `tz`.

    A bare date means midnight at the start of that day.
    """
    raw = text.strip()
    try:
        if not (raw.isascii() and raw.isprintable()):  # CPython's parser stops at a NUL and ignores the rest
            raise ValueError(raw)
        if len(raw) == 10:
            value = datetime.combine(date.fromisoformat(raw), time())
        else:
            value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(
            f"{what}: {text!r} is not an ISO-8601 instant (example: 2026-10-01T09:00:00+08:00)"
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    if not EARLIEST <= value < LATEST:  # far ends overflow later, in end_of_day or a plugin's clock
        raise InputError(
            f"{what}: {text!r} is outside the years {EARLIEST.year}–{LATEST.year - 1} that tousu records"
        )
    return value


#: Instants tousu accepts: wide enough for any register, far enough from year 9999 that
#: adding a deadline or reaching the end of a day cannot overflow.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)
#: The longest duration tousu accepts (``--within``, settings): a hundred years.
LONGEST = timedelta(days=36525)


def parse_duration(text: str, *, what: str = "--within") -> timedelta:
    """Parse ``90m``, ``2h``, ``3d``, ``1w`` (or ``45s``) into a timedelta."""
    match = _DURATION.match(text)
    if not match:
        raise InputError(f"{what}: {text!r} is not a duration; use a number and a unit: 90m, 2h, 3d, 1w")
    seconds = int(match.group(1)) * _UNITS[match.group(2)]
    if seconds > LONGEST.total_seconds():
        raise InputError(f"{what}: {text!r} is longer than a hundred years")
    return timedelta(seconds=seconds)


def to_db(value: datetime) -> str:
    """The stored form of an aware instant: UTC, fixed width, sortable as text."""
    if value.tzinfo is UTC:  # most instants written are read back or made in UTC (a fixed offset: no fold)
        text = _UTC_TEXTS.get(value)
        return text if text is not None else _utc_text(value)
    if value.tzinfo is None:  # pragma: no cover - a programming error, not user input
        raise ValueError("naive datetime reached storage")
    if value.fold:  # the repeated hour of a DST change: equal to its fold=0 twin, so never cached
        return _utc_text(value)
    return _cached_utc_text(value)


def _utc_text(value: datetime) -> str:
    """``value.astimezone(UTC).isoformat(timespec="microseconds")`` less its ``+00:00``, plus ``Z``:
    spelled by ``%`` from the fields, about twice as fast (an aware ``isoformat`` formats the
    offset only for it to be cut off; tests/perf/test_import_shortcuts.py holds them equal)."""
    u = value if value.tzinfo is UTC else value.astimezone(UTC)
    text = _UTC_FORMAT % (u.year, u.month, u.day, u.hour, u.minute, u.second, u.microsecond)
    if len(_UTC_TEXTS) >= _UTC_KEPT:
        _UTC_TEXTS.clear()
    _UTC_TEXTS[u] = text
    return text


_UTC_FORMAT = "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ"
#: The texts of recent instants by their UTC value (every text made is kept, whatever zone it was
#: asked in): an intake's clocks are set in the organization's offset, folded back in UTC and
#: written from that, and `lru_cache` would find such a UTC value only by comparing it with the
#: local one it keeps (offsets subtracted: as slow as spelling it again). Keys all in UTC compare
#: by their fields; the dict is emptied when full (a batch's instants fit several times).
_UTC_TEXTS: dict[datetime, str] = {}
_UTC_KEPT = 8192


#: One write formats the same instants several times (its receipt, the clocks it sets, then
#: the rows it writes), so recent ones are kept. Equal aware values with ``fold=0`` are the
#: same instant (within a zone they compare by wall time, which only the fold makes ambiguous).
_cached_utc_text = lru_cache(maxsize=4096)(_utc_text)


def from_db(text: str) -> datetime:
    """Read a stored instant back as an aware UTC datetime.

    ``fromisoformat`` reads the ``Z`` itself (Python 3.11), ten times faster than cutting it
    off and replacing the zone; a report reads tens of thousands of instants. Anything else
    is read the way it always was.
    """
    value = datetime.fromisoformat(text)
    return value if value.tzinfo is UTC else datetime.fromisoformat(text[:-1]).replace(tzinfo=UTC)


def show(value: datetime | None, tz: tzinfo) -> str | None:
    """ISO-8601 in the organization's offset, in whole seconds (the JSON contract's precision).

    Sub-second parts are dropped, never rounded up: an end-of-day clock (stored as
    23:59:59.999999 local) reads ``23:59:59``, so a shown instant is never later than the real one.
    """
    if value is None:
        return None
    return value.astimezone(tz).isoformat(timespec="seconds")


def end_of_day(value: datetime, tz: tzinfo) -> datetime:
    """The last instant of `value`'s calendar day in `tz` (23:59:59.999999 local)."""
    local = value.astimezone(tz)
    midnight = datetime.combine(local.date() + timedelta(days=1), time(), tzinfo=tz)
    return midnight - timedelta(microseconds=1)


def add_months(value: datetime, months: int, tz: tzinfo) -> datetime:
    """`value` plus calendar months in `tz`, clamping to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    local = value.astimezone(tz)
    month_index = local.month - 1 + months
    year, month = local.year + month_index // 12, month_index % 12 + 1
    last = (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)).day
    return local.replace(year=year, month=month, day=min(local.day, last))


def now() -> datetime:
    """The current instant, aware, in UTC (the default for every ``--at``)."""
    return datetime.now(UTC)
