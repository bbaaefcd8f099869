"""tousu (投诉): a complaint-handling framework whose domain rules live in pluggy plugins.

Plugins write ``from tousu import hookimpl`` and return the values defined in
`tousu.models`; a rule that must stop a command raises `PluginUserError`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

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
    "EscalationWatch",
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

#: Public names and the module each lives in (the rest of `__all__` are models), imported on
#: first use so that ``tousu --version`` and ``--help`` do not pay for attrs classes and pluggy.
_EXPORTS = {
    "PluginUserError": "tousu.errors",
    #: a plugin's migration: the database keeps its complaints grouped as its report reads them
    "received_rollup": "tousu.default_plugins.store.rollups",
    **{name: "tousu.models" for name in __all__ if name not in ("PluginUserError", "__version__", "hookimpl")},
}


def __getattr__(name: str) -> Any:
    if name == "hookimpl":
        import pluggy

        value: Any = pluggy.HookimplMarker("tousu")
    elif name in _EXPORTS:
        import importlib

        value = getattr(importlib.import_module(_EXPORTS[name]), name)
    else:
        raise AttributeError(f"module 'tousu' has no attribute {name!r}")
    globals()[name] = value
    return value


if TYPE_CHECKING:  # pragma: no cover
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
        EscalationWatch,
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

    hookimpl: pluggy.HookimplMarker
