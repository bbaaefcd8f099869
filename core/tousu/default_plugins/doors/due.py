"""The daily list every door shows (``tousu due``, ``GET /api/v1/due``, the desk's front page):
clocks overdue or due by a horizon, most urgent first, and the organizations' own duties.

A read: what ran out is recorded by the App's sweep (`tousu.app_clocks`), and a clock's due
time is the one its event recorded, so the list only reads the store's clock rows
(`StoreSurface.due_list`) and asks the plugins for their duties (``report_deadlines``). The
three doors share this one function, so they list alike. Once `App.due`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from operator import attrgetter
from typing import Any

import attrs

from tousu.models import OrgDeadline
from tousu.timeutil import end_of_day
from tousu.timeutil import now as clock_now


@attrs.frozen(slots=False)
class DueItem:
    """One line of the daily list (frozen; without slots, as a list makes thousands: attrs
    then fills the instance's dict at once instead of setting each slot through the frozen guard)."""

    id: str
    deadline: str
    due_at: datetime
    overdue: bool
    owner: str
    tier: str | None
    summary: str
    department: str = ""
    assignee: str = ""
    status: str = ""
    domain: str = ""
    org: str = ""
    #: Past ``warn_at`` of its allowed time and not yet overdue (listed after the overdue items).
    warning: bool = False
    #: How the clock was computed, its pauses (tousu.calendars.deadlines).
    clock: Mapping[str, Any] = attrs.field(factory=dict)

    @property
    def paused(self) -> bool:
        pauses = self.clock.get("pauses") if self.clock else None
        return bool(pauses) and pauses[-1].get("until") is None


_BY_DUE_TIME = attrgetter("due_at", "id")


def due(
    app: Any, org_id: str | None = None, *, within: timedelta | None = None, at: datetime | None = None
) -> tuple[list[DueItem], list[OrgDeadline]]:
    """Deadlines overdue or due by the horizon, most urgent first, and the org's own duties.

    The horizon is `at` + `within`, or the end of `at`'s day in the org's time zone.
    """
    at = at or clock_now()
    orgs = [app.org(org_id)] if org_id else list(app.config.orgs.values())
    # overdue first, then warnings, then the rest of the horizon; each by due time
    overdue_items: list[DueItem] = []
    warning_items: list[DueItem] = []
    later_items: list[DueItem] = []
    duties: list[OrgDeadline] = []
    for org in orgs:
        horizon = at + within if within is not None else end_of_day(at, org.tz)
        for cid, name, due_at, owner, tier, summary, department, assignee, status, domain, warned, clock in (
            app.store.due_list(org.id, at, horizon)
        ):
            overdue = due_at < at
            warning = not overdue and warned
            (overdue_items if overdue else warning_items if warning else later_items).append(
                DueItem(
                    cid, name, due_at, overdue, owner, tier, summary, department, assignee, status, domain, org.id,
                    warning, clock,
                )
            )
        duties.extend(app.hooks.report_deadlines(org=org, store=app.store, now=at))
    for group in (overdue_items, warning_items, later_items):
        group.sort(key=_BY_DUE_TIME)  # each org's already is: a pass over them
    return overdue_items + warning_items + later_items, duties
