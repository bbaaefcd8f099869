"""Deadlines on the organization's calendar: how a clock is set, warned, paused and resumed.

A domain sets a clock with `clock` (a duration from its settings, calendar or working
units). The event that adds it records how it was computed (``clock``: the start, the
duration as written, calendar or working time, the rule) and when it becomes a warning
(``warn_at``), so that replaying the history needs no calendar and gives the same state.
The arithmetic is the organization's calendar's (``org.calendar``, `tousu.calendar.WorkingCalendar`,
built by the ``calendars`` default plugin); pause and resume are that plugin's actions
(`tousu.default_plugins.calendars.pauses`), and an extension of a paused clock is refused
here. How a reader is told about a clock (its basis, a pause's note, the years without
holiday data) is the doors' (`tousu.default_plugins.doors.clocks`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from tousu.calendar import WorkingCalendar, as_duration, parse
from tousu.errors import Refused
from tousu.models import Complaint, Deadline, DeadlineSpec, Org
from tousu.timeutil import UTC, from_db, to_db


def clock(
    org: Org,
    name: str,
    start: datetime,
    duration: timedelta,
    *,
    met_by: tuple[str, ...] = (),
    kind: str = "deadline",
    business_hours: bool = False,
    end_of_day: bool = False,
    rule: str = "",
) -> DeadlineSpec:
    """A deadline `duration` after `start` on `org`'s calendar.

    A working unit (``15wd``, ``8wh``) counts working time; ``business_hours`` counts a
    calendar duration (``10m``) in working time too; ``end_of_day`` (or the deadline's name
    in ``orgs.ID.clocks.end_of_day``) makes ``Nwd`` end at the closing time of its last day.
    """
    span = as_duration(duration)
    whole_day = end_of_day or name in org.clocks.end_of_day
    due = org.calendar.add(start, span, business_hours=business_hours, end_of_day=whole_day)
    return DeadlineSpec(
        name, due, tuple(met_by), kind, start=start, span=span.text, business_hours=business_hours,
        end_of_day=whole_day, rule=rule,
    )


@lru_cache(maxsize=256)
def _working_span(span: str) -> bool:
    """Whether a clock's written duration counts working time: a handful of distinct texts
    (a setting's ``3wd``, ``2h``), parsed once each instead of at every clock set."""
    return as_duration(parse(span)).working


def is_working(clock_data: Any) -> bool:
    """Whether a clock (its recorded ``clock``) counts working time."""
    return bool(clock_data.get("working"))


def op_fields(spec: DeadlineSpec, complaint: Complaint, org: Org | None, at: datetime | None) -> dict[str, Any]:
    """What an ``add`` or ``move`` operation records besides the due time: ``clock`` and ``warn_at``
    (keyword arguments of `tousu.payload.DeadlineAdd` / `DeadlineMove`)."""
    if org is None or at is None:
        return {}
    start = spec.start or at
    data: dict[str, Any] = {"from": to_db(start)}
    working = False
    if spec.span:
        data["span"] = spec.span
        if spec.business_hours or _working_span(spec.span):
            data["working"] = working = True
    if spec.end_of_day:
        data["eod"] = True
    if spec.rule:
        data["rule"] = spec.rule
    else:  # the domain and the tier, those that are set, joined
        domain, tier = complaint.domain, complaint.tier or ""
        data["rule"] = f"{domain}, {tier}" if domain and tier else domain or tier
    fields: dict[str, Any] = {"clock": data}
    # from the start itself, in UTC: the very instant `warn_instant` would read back from "from"
    warn = _warn_from(org, working, start.astimezone(UTC), spec.due_at)
    if warn is not None:
        fields["warn_at"] = to_db(warn)
    return fields


def warn_instant(org: Org, clock_data: Any, due: datetime) -> datetime | None:
    """When `warn_at` (a share) of the clock's allowed time from its recorded start to `due` has passed."""
    if "from" not in clock_data:
        return None
    return _warn_from(org, is_working(clock_data), from_db(clock_data["from"]), due)


def _warn_from(org: Org, working: bool, begin: datetime, due: datetime) -> datetime | None:
    """`warn_instant` of a clock counted from `begin` (in working time when `working`)."""
    share = org.clocks.warn_at
    if not 0 < share < 1:
        return None
    if working:
        cal: WorkingCalendar = org.calendar
        try:
            begin = cal.next_working_moment(begin)
        except ValueError:
            return None
        allowed = cal.working_time_between(begin, due)
        return cal.add_working_time(begin, allowed * share) if allowed > timedelta(0) else None
    allowed = due - begin
    return begin + allowed * share if allowed > timedelta(0) else None


def open_pause(deadline: Deadline | Any) -> dict[str, Any] | None:
    """The pause holding `deadline` (or a due item: its recorded `clock`) now, not resumed, or None."""
    pauses = deadline.clock.get("pauses", []) if deadline.clock else []
    return pauses[-1] if pauses and pauses[-1].get("until") is None else None


def refuse_extending_paused(complaint: Complaint, name: str) -> None:
    """An extension of a paused clock would be undone by its resume: resume first."""
    deadline = complaint.deadline(name)
    if deadline is not None and open_pause(deadline) is not None:
        raise Refused(f"deadline {name!r} of {complaint.id} is paused; resume it before extending it")


def extended_warning(org: Org, deadline: Deadline, until: datetime) -> dict[str, Any]:
    """An extension's ``warn_at``: the share of the allowed time from the clock's start to `until`
    (keyword arguments of `tousu.payload.DeadlineExtend`; none for a clock without its basis)."""
    if not deadline.clock:
        return {}
    warn = warn_instant(org, deadline.clock, until)
    return {"warn_at": to_db(warn) if warn is not None else None}


def missing_years(org: Org, clock_data: Any, due: datetime) -> list[int]:
    """Years a working clock runs through that the org's calendar has no holiday data for."""
    if not clock_data or not is_working(clock_data) or "from" not in clock_data:
        return []
    return org.calendar.missing_years(from_db(clock_data["from"]), due)
