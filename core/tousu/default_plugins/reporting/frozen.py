"""Issued reports: ``--freeze`` stores the document as issued; a fresh run says what changed since.

Issued reports are append-only (the store refuses to change or delete one), so an issued
monthly report can always be shown again exactly as it went out. Other code (a plugin's
"monthly statistics issued by the 30th" duty) reads them through the store:
``store.latest_frozen(org, period)`` and ``store.frozen_periods(org)``.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from tousu.clock import replaying
from tousu.default_plugins.reporting.periods import Selection
from tousu.errors import Forbidden, Refused
from tousu.models import Org
from tousu.timeutil import now as clock_now
from tousu.timeutil import show

if TYPE_CHECKING:
    from tousu.default_plugins.reporting.store_reads import ReportStore

#: Keys that describe the run rather than the figures; never reported as changes.
NOT_FIGURES = (
    "generated_at", "labels", "frozen_at", "frozen_by", "changes_since_frozen", "compared_with_frozen_at", "chain_head",
)


def may_freeze(config: Any, org: Org, staff: Any) -> None:
    """Only the roles of ``freeze`` issue reports (a clerk must not issue the official one):
    ``[orgs.X.permissions] freeze``, else ``freeze_roles`` (`tousu.permissions`)."""
    from tousu.permissions import action_roles

    roles, source = action_roles(org, None, "freeze", tuple(getattr(config, "freeze_roles", ("manager", "general_manager"))))
    if roles is not None and staff.role not in roles:
        raise Forbidden(
            f"{staff.id} ({staff.role}) may not freeze a report of {org.id}: only {', '.join(roles)} may ({source})"
        )


def reference_now(config: Any, at: datetime) -> datetime:
    """What "now" is for whether a period is over, to freeze it (`tousu.clock`'s policy).

    The real instant under the real clock (``--at`` cannot stretch it, not even by the
    skew); the caller's instant `at` under ``clock = "replay"``, so rehearsals can freeze
    the months they replay.
    """
    return at if replaying(config) else clock_now()


def freeze(
    store: ReportStore,
    org: Org,
    selection: Selection,
    document: dict[str, Any],
    at: datetime,
    actor: str,
    *,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Store `document` as the issued report of a closed period; refuse an open or issued one.

    A period is over when it has ended at `now` (the real clock; see `reference_now`)
    as well as at `at`: next month's report cannot be issued today, blocking the real one.
    """
    period = selection.period
    reference = min(at, now) if now is not None else at
    if period.end > reference:
        raise Refused(
            f"cannot freeze {period.label}: the period is not over until {show(period.end, org.tz)} "
            f"(it is now {show(reference, org.tz)})"
        )
    issued = dict(document)
    issued["frozen_at"] = show(at, org.tz)
    issued["frozen_by"] = actor
    with store.transaction():
        # the history as it stood when the report was issued: `tousu verify` checks it is still there
        issued["chain_head"] = store.chain_head(org.id)
        existing = store.latest_frozen(org.id, selection.key)
        if existing is not None:
            raise Refused(
                f"the report of {period.label} for {org.id} was already issued at {existing['frozen_at']}; "
                "show it with --frozen (issued reports are never replaced)"
            )
        store.freeze_report(org.id, selection.key, at, actor, issued, clock_now())
    return issued


def _leaves(value: Any, path: str) -> dict[str, Any]:
    """Every figure as ``path -> value``; tables (lists) compare whole."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, inner in value.items():
            out.update(_leaves(inner, f"{path}.{key}" if path else str(key)))
        return out
    return {path: value}


def _figures(document: dict[str, Any]) -> dict[str, Any]:
    plain = {k: v for k, v in document.items() if k not in NOT_FIGURES and k != "sections"}
    leaves = _leaves(plain, "")
    for section in document.get("sections", []):
        leaves.update(_leaves(section["figures"], f"sections.{section['domain']}"))
    return leaves


def changes(frozen: dict[str, Any], fresh: dict[str, Any]) -> list[dict[str, Any]]:
    """Figures whose value differs between the issued report and a fresh run, in a stable order."""
    before, after = _figures(frozen), _figures(fresh)
    out = []
    for key in list(dict.fromkeys([*before, *after])):
        if before.get(key) != after.get(key):
            out.append({"figure": key, "frozen": before.get(key), "now": after.get(key)})
    return out
