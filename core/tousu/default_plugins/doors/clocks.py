"""A clock explained to whoever reads it: its basis, its pause, the years its calendar lacks.

Every due time explained: the rule, the arithmetic, the calendar's exceptions, pauses and
extensions. ``show --json`` carries it as each deadline's ``basis``; ``show`` prints it under
the deadline. Example: ``resolve: 3 working days (property_mgmt, important) from 2026-09-30
16:00; 10-01…10-07 holiday (国庆节); 10-10 make-up working day (国庆节) → due 2026-10-10
16:00``. A due item held by a pause carries a ``note`` (``due --json``), and a clock that runs
into a year without holiday data is told as one warning line per organization (``show``,
``due``, ``sweep``, ``calendar``). The clocks themselves are set and moved by the App
(`tousu.calendars.deadlines`) and paused by the ``calendars`` default plugin
(`tousu.default_plugins.calendars`), which record how; these only read what they recorded.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from functools import lru_cache
from typing import Any

from tousu.calendar import Duration, parse
from tousu.calendars.deadlines import is_working, missing_years
from tousu.default_plugins.calendars.pauses import paused_time
from tousu.default_plugins.calendars.working import exceptions_between, next_working_moment
from tousu.default_plugins.doors.humanize import span
from tousu.models import Complaint, Deadline, Org
from tousu.timeutil import from_db


def _at(value: datetime, tz: tzinfo) -> str:
    local = value.astimezone(tz)
    return local.strftime("%Y-%m-%d %H:%M:%S" if local.second or local.microsecond else "%Y-%m-%d %H:%M")


_UNIT_WORDS = {
    "s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks",
    "wd": "working days", "wh": "working hours",
}


def duration_words(duration: Duration) -> str:
    """``3 working days``, ``10 minutes``: a duration as the basis of a due time reads it (once
    `tousu.calendar.Duration.words`; ``90min`` is kept as ``90m``, so ``m`` is the minutes)."""
    word = _UNIT_WORDS[duration.unit]
    return f"{duration.amount} {word[:-1] if duration.amount == 1 else word}"


@lru_cache(maxsize=256)
def _span_words(span: str, working: bool, eod: bool) -> str:
    """How a clock's written duration reads (``3 working days``): a handful of distinct texts
    per deployment, worded once each instead of for every clock of every document."""
    duration = parse(span)
    words = duration_words(duration)
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
        "paused_for": span(spent) if spent.total_seconds() else "",
        "warning": d.warn_at is not None and d.warn_at <= at < d.due_at and d.met_at is None and d.state == "pending",
    }


def _iso(text: str | None, tz: tzinfo) -> str | None:
    return from_db(text).astimezone(tz).isoformat(timespec="seconds") if text else None


def no_data_warning(org_id: str, years: list[int], lang: str = "en") -> str:
    """The one warning for clocks that run into years without holiday data, naming the setting,
    in the organization's language (here, not in ``tousu calendar``'s module: ``show``, ``due``
    and ``sweep`` tell it too)."""
    from tousu.messages import has, register, text

    if not has("calendar.no_data"):
        register({
            "calendar.no_data": {
                "en": "tousu: warning: the calendar of {org} has no holiday data for {years}; clocks there count "
                "the working week alone (add the dates to orgs.{org}.calendar.holidays / workdays, "
                "or a source that covers the year)",
                "zh": "tousu: 提示: {org} 的日历没有 {years} 年的节假日数据；这些年份的时限只按每周工作日计算"
                "（请在 orgs.{org}.calendar.holidays / workdays 中补上日期，或使用涵盖该年份的日历来源）",
            },
        })
    return text(lang, "calendar.no_data", org=org_id, years=", ".join(map(str, years)))


def warning_lines(found: dict[str, set[int]], languages: dict[str, str] | None = None) -> list[str]:
    """One warning line per organization whose clocks ran into years without holiday data,
    in that organization's language when `languages` names it (issue 18)."""
    said = languages or {}
    return [
        no_data_warning(org_id, sorted(years), said.get(org_id, "en"))
        for org_id, years in sorted(found.items())
        if years
    ]


def year_warnings(app: Any, items: list[Any]) -> list[str]:
    """The warnings for `due`'s items (each with ``org``, ``clock`` and ``due_at``)."""
    found: dict[str, set[int]] = {}
    for item in items:
        clock_data = getattr(item, "clock", None)
        if clock_data:
            found.setdefault(item.org, set()).update(missing_years(app.org(item.org), clock_data, item.due_at))
    return warning_lines(found, {oid: app.org(oid).language for oid in found})


def complaint_year_warnings(org: Org, complaint: Complaint) -> list[str]:
    """The warning for `show`: the complaint's running working clocks that reach uncovered years."""
    years: set[int] = set()
    for d in complaint.deadlines:
        if d.state == "pending" and d.met_at is None:
            years.update(missing_years(org, d.clock, d.due_at))
    return warning_lines({org.id: years}, {org.id: org.language})


def due_notes(item: Any, org: Org, at: datetime) -> dict[str, Any]:
    """``paused`` and a ``note`` for a due item held by a pause (or whose pause ran out)."""
    pauses = item.clock.get("pauses") if item.clock else None
    if not pauses or pauses[-1].get("until") is not None:
        return {}
    pause = pauses[-1]
    cap = from_db(pause["cap"])
    tz = org.tz
    if cap <= at:
        return {
            "paused": False,
            "note": (
                f"the pause of {from_db(pause['at']).astimezone(tz):%Y-%m-%d %H:%M} ran out at "
                f"{cap.astimezone(tz):%Y-%m-%d %H:%M} (orgs.{org.id}.clocks.max_pause = {org.clocks.max_pause!r}): "
                "the clock runs again"
            ),
        }
    return {
        "paused": True,
        "note": (
            f"paused since {from_db(pause['at']).astimezone(tz):%Y-%m-%d %H:%M} by {pause.get('by', '')}: "
            f"{pause.get('reason', '')}; runs again at {cap.astimezone(tz):%Y-%m-%d %H:%M} unless resumed sooner"
        ),
    }
