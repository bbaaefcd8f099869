"""Every due time explained: the rule, the arithmetic, the calendar's exceptions, pauses and extensions.

``show --json`` carries it as each deadline's ``basis``; ``show`` prints it under the
deadline. Example: ``resolve: 3 working days (property_mgmt, important) from 2026-09-30
16:00; 10-01…10-07 holiday (国庆节); 10-10 make-up working day (国庆节) → due 2026-10-10
16:00``.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from functools import lru_cache
from typing import Any

from tousu.calendar import exceptions_between, next_working_moment, parse
from tousu.calendars.deadlines import is_working, paused_time
from tousu.models import Deadline, Org
from tousu.timeutil import from_db, humanize


def _at(value: datetime, tz: tzinfo) -> str:
    local = value.astimezone(tz)
    return local.strftime("%Y-%m-%d %H:%M:%S" if local.second or local.microsecond else "%Y-%m-%d %H:%M")


@lru_cache(maxsize=256)
def _span_words(span: str, working: bool, eod: bool) -> str:
    """How a clock's written duration reads (``3 working days``): a handful of distinct texts
    per deployment, worded once each instead of for every clock of every document."""
    duration = parse(span)
    words = duration.words()
    if working and not duration.working:
        words += " of working time"
    if eod:
        words += ", to the end of the working day"
    return words


def basis(d: Deadline, org: Org) -> str:
    """The explanation of `d`'s due time (see the module doc)."""
    tz, clock = org.tz, d.clock or {}
    parts: list[str] = []
    if "from" in clock:
        start = from_db(clock["from"])
        rule = f" ({clock['rule']})" if clock.get("rule") else ""
        span = clock.get("span", "")
        if span:
            words = _span_words(span, is_working(clock), bool(clock.get("eod")))
            parts.append(f"{d.name}: {words}{rule} from {_at(start, tz)}")
        else:
            parts.append(f"{d.name}: set{rule} at {_at(start, tz)}")
        if is_working(clock):
            cal = org.calendar
            try:
                first = next_working_moment(cal, start)
            except ValueError:
                first = start
            if first != start:
                parts.append(f"counting from the next working moment {_at(first, tz)}")
            parts.extend(exceptions_between(cal, start, max(d.due_at, start)))
            parts.extend(
                f"no holiday data for {year}: the week alone (orgs.{org.id}.calendar)"
                for year in cal.missing_years(start, max(d.due_at, start))
            )
    else:
        parts.append(f"{d.name}")
    for pause in clock.get("pauses", []):
        until = pause.get("until")
        end = _at(from_db(until), tz) if until else f"(open; runs again at {_at(from_db(pause['cap']), tz)} at the latest)"
        parts.append(f"paused {_at(from_db(pause['at']), tz)} – {end} by {pause.get('by', '')} ({pause.get('role', '')}): {pause.get('reason', '')}")
    for e in d.extensions:
        reason = f": {e.reason}" if e.reason else ""
        parts.append(f"extended from {_at(e.previous, tz)} to {_at(e.until, tz)} by {e.approved_by} ({e.role}){reason}")
    return "; ".join(parts) + f" → due {_at(d.due_at, tz)}"


def clock_json(d: Deadline, org: Org, at: datetime) -> dict[str, Any]:
    """What ``show --json`` adds to a deadline: ``basis``, ``pauses``, ``paused``, ``paused_for``, ``warning``."""
    tz = org.tz
    pauses = []
    for pause in (d.clock or {}).get("pauses", []):
        pauses.append({
            "at": _iso(pause["at"], tz), "until": _iso(pause.get("until"), tz), "cap": _iso(pause["cap"], tz),
            "by": pause.get("by", ""), "role": pause.get("role", ""), "reason": pause.get("reason", ""),
        })
    open_ = bool(pauses) and pauses[-1]["until"] is None and from_db((d.clock or {})["pauses"][-1]["cap"]) > at
    spent = paused_time(d, at)
    return {
        "basis": basis(d, org),
        "pauses": pauses,
        "paused": open_,
        "paused_for": humanize(spent) if spent.total_seconds() else "",
        "warning": d.warn_at is not None and d.warn_at <= at < d.due_at and d.met_at is None and d.state == "pending",
    }


def _iso(text: str | None, tz: tzinfo) -> str | None:
    return from_db(text).astimezone(tz).isoformat(timespec="seconds") if text else None
