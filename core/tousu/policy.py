"""The register's trust rules that every door meets through `App`: whose rules apply to a
complaint, and who may record what when (late entries).

Kept apart from `tousu.app` so the rules read in one place and the App only calls them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tousu.clock import replaying
from tousu.errors import InputError, Refused
from tousu.models import Staff
from tousu.permissions import SUPERVISOR_AND_ABOVE
from tousu.timeutil import now

#: The refusal of a recorded command nobody signed.
NO_ACTOR = (
    "who is acting? name yourself with --actor STAFF or $TOUSU_ACTOR "
    "(a recorded command never assumes a staff member)"
)
#: Who looks when nobody is named: sees personal data masked, like any other staff member would.
ANONYMOUS_ID = "(anonymous)"

#: Who a compensation is reckoned for when nobody is named: the least authority of all.
ANONYMOUS_EVALUATOR = Staff(ANONYMOUS_ID, "receptionist")


def require_rules(enabled: list[str], org: Any, complaint: Any) -> None:
    """Rules stay with the data: a complaint of a domain the organization no longer enables
    (`enabled`: the domains its installed, working plugins serve) cannot be acted on (it would
    be acted on with no rules at all)."""
    if complaint.domain and complaint.domain not in enabled:
        raise Refused(
            f"the {complaint.domain} rules are not enabled for org {org.id}; enable the plugin or ask an operator"
        )


def before_receipt(complaint: Any, org: Any, at: datetime) -> None:
    """Nothing happens to a complaint before it was received: that is a mistyped --at, not a late entry."""
    if at < complaint.received_at:
        raise InputError(
            f"--at {at.astimezone(org.tz).isoformat()} is before the last recorded event of {complaint.id} that "
            f"matters here, its intake at {complaint.received_at.astimezone(org.tz).isoformat()}: "
            "nothing happens to a complaint before it is received"
        )


def check_late_entry(config: Any, org: Any, staff: Any, at: datetime, last: datetime | None, what: str) -> bool:
    """Whether recording at `at` is a late entry (earlier than the last recorded event), and
    refuse it when it is older than ``late_entry_window`` and `staff` is below a supervisor.

    Older is measured from the real clock; under ``clock = "replay"`` from the last recorded
    event (the replay's present), so rehearsals keep the same rule.
    """
    if last is None or at >= last:
        return False
    window = getattr(config, "late_entry_window", None)
    present = last if replaying(config) else now()
    if window is not None and present - at > window and getattr(staff, "role", "") not in SUPERVISOR_AND_ABOVE:
        raise Refused(
            f"{what} at {at.astimezone(org.tz).isoformat()} is a late entry older than late_entry_window "
            f"({_span(window)}): only {', '.join(SUPERVISOR_AND_ABOVE)} may record it "
            f"({getattr(staff, 'id', '?')} is {getattr(staff, 'role', '?')})"
        )
    return True


def _span(delta: Any) -> str:
    seconds = int(delta.total_seconds())
    if seconds % 86400 == 0:
        return f"{seconds // 86400}d"
    if seconds % 3600 == 0:
        return f"{seconds // 3600}h"
    return f"{seconds // 60}m"
