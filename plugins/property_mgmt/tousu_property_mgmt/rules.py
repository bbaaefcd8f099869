"""The SOP's guards and consequences: what may happen when, and what an action sets in motion.

- intake needs a complete form and a tier (SOP 1.1, 1.2.1);
- going over time needs the tier's approver (SOP 1.10, `tousu_property_mgmt.approvals`);
- harm in progress is stopped before the complaint is handled (SOP 1.9);
- the report to management goes through the public-affairs supervisor (SOP 1.3);
- once resolved, the supervisor is told, the resident is told the result and the form comes
  back, each the same day; then the callback, and only then the close (SOP 1.4.1, 1.5, 1.6);
- major and important complaints run the corrective and preventive action procedure (SOP 1.4.2);
- an invalid complaint needs its reason and is answered and kept; a complaint still causing
  harm cannot be declared invalid (SOP 1.8, 1.9).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tousu import Action, Complaint, Effects, Org, Staff
from tousu.errors import InputError
from tousu.facts import fact_str
from tousu.timeutil import show
from tousu_property_mgmt import approvals, clocks, form
from tousu_property_mgmt.domain import CORRECTIVE_ACTION, REPORTING_ROLES, SERIOUS
from tousu_property_mgmt.settings import PropertySettings

NOTIFY_METHODS = ("phone", "visit", "letter", "message")


def check(
    complaint: Complaint,
    org: Org,
    settings: PropertySettings,
    actor: Staff,
    action: Action,
    facts: dict[str, Any],
    store: Any,
) -> str | None:
    """The reason to refuse `action`, or None."""
    name = action.name
    if name == "intake":
        return form.check_form(complaint, org, settings)
    if name in ("extend", "approve"):  # the SOP's one approval: going over time (1.10), by the tier's approver
        return approvals.check_extension(complaint, actor, facts, settings)
    if name == "report" and actor.role not in REPORTING_ROLES:
        return (
            f"a major or important complaint reaches management through the public-affairs supervisor "
            f"(经公共事务部主管当天转呈, SOP 1.3): the report is recorded by a {', '.join(REPORTING_ROLES)}; "
            f"{actor.id} is {actor.role} — report to the supervisor with "
            f"`tousu act {complaint.id} report_to_supervisor`"
        )
    if name == "invalid":
        harm = complaint.deadline("stop_harm")
        if harm is not None and harm.met_at is None and harm.state != "cancelled":
            return (
                f"{complaint.id} is still causing harm (SOP 1.9: stop it first): record "
                f"`tousu act {complaint.id} stop_harm` before marking it invalid"
            )
        if not (action.note or "").strip():
            raise InputError(
                "invalid needs the reason the complaint is invalid: --note REASON (SOP 1.8: it is answered and kept)"
            )
    if name == "resolve":
        harm = complaint.deadline("stop_harm")
        if harm is not None and harm.met_at is None:
            return (
                f"stop the harm first (SOP 1.9): {complaint.id} is urgent; record "
                f"`tousu act {complaint.id} stop_harm` before resolving it"
            )
    if name == "notify":
        method = fact_str(facts, "method")
        if method is not None and method not in NOTIFY_METHODS:
            raise InputError(f"--field method={method}: expected one of {', '.join(NOTIFY_METHODS)}")
    if name == "callback" and not _since_last_resolve(store, complaint.id, "notify"):
        return f"call back after the resident is told the result: record `tousu act {complaint.id} notify` first"
    if name == "close" and not _since_last_resolve(store, complaint.id, "callback"):
        return (
            f"cannot close {complaint.id} before the callback (回访, SOP 1.6): record "
            f"`tousu act {complaint.id} callback --field satisfied=true|false`"
        )
    return None


def consequences(
    complaint: Complaint, org: Org, settings: PropertySettings, action: Action, facts: dict[str, Any], now: datetime
) -> Effects | None:
    """The steps, clocks and form fields an action sets in motion."""
    steps: tuple[str, ...] = ()
    if complaint.is_open and complaint.tier in SERIOUS and complaint.step(CORRECTIVE_ACTION) is None:
        # Also reached on the first action after ``sweep`` raised the tier, since sweep runs no consequences.
        steps = (CORRECTIVE_ACTION,)
    name = action.name
    if name == "downgrade" and complaint.tier not in SERIOUS:
        # lowered to minor (a supervisor's call, with the reason): the corrective procedure of
        # 1.4.2 is for major and important complaints only; done already, it stays on record
        return Effects(drop_steps=(CORRECTIVE_ACTION,))
    if name == "intake":
        # the form's times are written in the organization's offset, whether typed with one or not
        written = {"event_at": show(form.event_at(complaint, org), org.tz)}
        asked = clocks.requested_by(complaint, org)
        if asked is not None:
            written["requested_by"] = show(asked, org.tz)
        changed = {key: value for key, value in written.items() if complaint.fields.get(key) != value}
        if changed:
            return Effects(steps=steps, fields=changed)
        return Effects(steps=steps) if steps else None
    if name == "resolve":
        return Effects(steps=steps, deadlines=clocks.after_resolve_clocks(org, now))
    if name == "reopen":
        return Effects(steps=steps, deadlines=tuple(clocks.reopened(complaint, org, settings, now)))
    if name == "notify":
        method = fact_str(facts, "method") or "phone"
        return Effects(steps=steps, deadlines=(clocks.callback_clock(settings, now, org),), fields={"notify_method": method})
    return Effects(steps=steps) if steps else None


def _since_last_resolve(store: Any, complaint_id: str, action: str) -> bool:
    """Whether `action` was recorded after the complaint was last reported resolved."""
    actions = store.actions_of(complaint_id)
    last_resolve = max((n for n, done in enumerate(actions) if done == "resolve"), default=-1)
    return action in actions[last_resolve + 1 :]
