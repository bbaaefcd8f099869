"""tousu (投诉): a complaint-handling framework whose domain rules live in pluggy plugins.

Plugins write ``from tousu import hookimpl`` and return the values defined in
`tousu.models`; a rule that must stop a command raises `PluginUserError`.
"""

from __future__ import annotations

import pluggy

from tousu.errors import PluginUserError
from tousu.models import (
    Action,
    ActionSpec,
    Classification,
    Compensation,
    CompensationItem,
    Complaint,
    Deadline,
    DeadlineSpec,
    DomainSpec,
    Effects,
    Escalation,
    Event,
    FollowUp,
    Link,
    Org,
    OrgDeadline,
    Period,
    ReportSection,
    Staff,
    Step,
)

__version__ = "0.1.0"

hookimpl = pluggy.HookimplMarker("tousu")

__all__ = [
    "Action",
    "ActionSpec",
    "Classification",
    "Compensation",
    "CompensationItem",
    "Complaint",
    "Deadline",
    "DeadlineSpec",
    "DomainSpec",
    "Effects",
    "Escalation",
    "Event",
    "FollowUp",
    "Link",
    "Org",
    "OrgDeadline",
    "Period",
    "PluginUserError",
    "ReportSection",
    "Staff",
    "Step",
    "__version__",
    "hookimpl",
]
