"""The ``calendars`` default plugin: the calendar and clocks tables, and the pause and resume actions.

One of the kernel's features (`tousu.plugins.DEFAULT_FEATURE_PLUGINS`), loaded for every
organization: its tables are structured with the rest of ``tousu.toml`` (``register_settings``,
`tousu.default_plugins.calendars.tables`), and ``pause``/``resume`` record their clocks' moves
as the parts of their events (``complaint_action_parts``, `tousu.default_plugins.calendars.pauses`),
at the point of an action where the App once computed them itself, with the same refusals.
The modules doing the work are imported when first needed, so ``tousu --help`` sees none.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tousu import hookimpl
from tousu.default_plugins.features import _work
from tousu.models import Action, Complaint, Org, Staff

TABLES = "tousu.default_plugins.calendars.tables"
PAUSES = "tousu.default_plugins.calendars.pauses"


class Calendars:
    """``[orgs.ID.calendar]``, ``[orgs.ID.clocks]``, and the clocks that wait (``pause``, ``resume``)."""

    @hookimpl
    def complaint_action_scope(self) -> dict[str, tuple[str, ...]]:
        return {"complaint_action_parts": ("pause", "resume")}

    @hookimpl
    def register_settings(self, register: Any) -> None:
        tables = _work(TABLES)
        register("orgs.*.calendar", tables.CalendarTable)
        register("orgs.*.clocks", tables.ClocksTable)

    @hookimpl
    def complaint_action_parts(
        self, app: Any, complaint: Complaint, org: Org, actor: Staff, action: Action, now: datetime
    ) -> Any:
        if action.name == "pause":
            ops = _work(PAUSES).pause_ops(complaint, org, app.domain(complaint.domain), actor, action, now)
        elif action.name == "resume":
            ops = _work(PAUSES).resume_ops(complaint, org, now)
        else:
            return None
        return _work("tousu.payload").Payload(deadlines=ops)


__all__ = ["Calendars"]
