"""The action buttons of a complaint page: what this staff member may do to it now, and nothing else.

An action is offered when the lifecycle allows it at the complaint's status, the domain's
guards (``complaint_check_action``, asked without facts) do not refuse it for this staff
member, and what it needs exists (an open step to complete, a pending deadline to extend,
a higher tier to escalate to). Each offered action becomes a small form whose inputs come
from the action's own declaration: ``--to``, and the ``--field NAME=…`` its help names.
Submitting it calls `App.act`, which checks everything again: the page only spares staff
the buttons that would surely be refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from tousu import lifecycle
from tousu.default_plugins.doors.command_permissions import may_act
from tousu.default_plugins.words.labels import label
from tousu.errors import Refused, TousuError
from tousu.models import Action, ActionSpec, Complaint, DomainSpec, Org, Staff

#: Actions with a page of their own (intake: the form; attach: the upload) or none (sweep).
NOT_BUTTONS = frozenset({"intake", "sweep", "attach"})
_FIELD = re.compile(r"--field\s+([a-z_]+)=([A-Za-z_|.]+)")


def offered(app: Any, complaint: Complaint, org: Org, staff: Staff, at: datetime) -> list[ActionSpec]:
    """The actions `staff` may take on `complaint` now, in the lifecycle's order."""
    domain = app.domain(complaint.domain)
    specs: dict[str, ActionSpec] = dict(lifecycle.CORE_ACTIONS)
    for spec in domain.actions if domain else ():
        specs[spec.name] = spec
    result = []
    for name, spec in specs.items():
        if name in NOT_BUTTONS or complaint.status not in spec.statuses:
            continue
        if not _has_object(complaint, domain, name):
            continue
        if not may_act(org, domain, staff, name, complaint):  # the role policy table
            continue
        try:
            reason = app.hooks.complaint_check_action(
                complaint=complaint, org=org, actor=staff, action=Action(name), facts={}, store=app.store, now=at
            )
        except Refused:
            continue
        except TousuError:  # it needs facts the form will ask for
            reason = None
        if reason:
            continue
        result.append(spec)
    return result


def _has_object(complaint: Complaint, domain: Any, name: str) -> bool:
    if name == "step":
        return bool(complaint.open_steps)
    if name == "extend":
        return any(d.kind == "deadline" and d.state == "pending" and d.met_at is None for d in complaint.deadlines)
    if name == "escalate":
        tiers = domain.tiers if domain else ()
        return bool(tiers) and complaint.tier in tiers and tiers.index(complaint.tier) < len(tiers) - 1
    return True


def action_forms(app: Any, complaint: Complaint, org: Org, staff: Staff, at: datetime) -> list[dict[str, Any]]:
    """One small form per offered action: its label, help and inputs."""
    lang = org.language
    domain = app.domain(complaint.domain)
    forms = []
    for spec in offered(app, complaint, org, staff, at):
        inputs: list[dict[str, Any]] = []
        if spec.name in lifecycle.NEEDS_TO:
            inputs.append(_to_input(app, complaint, org, spec.name))
        for field, shape in _FIELD.findall(spec.help):
            inputs.append(_field_input(complaint, domain, lang, field, shape))
        inputs.append({"name": "note", "label": label("note", lang), "kind": "textarea", "required": False,
                       "options": [], "value": ""})
        forms.append(
            {"name": spec.name, "label": label(spec.name, lang, domain), "help": spec.help, "inputs": inputs}
        )
    return forms


def _to_input(app: Any, complaint: Complaint, org: Org, action: str) -> dict[str, Any]:
    if action == "assign":
        domains = [app.domain(complaint.domain)]
        options = [(sid, f"{sid} ({role_label(s.role, org.language, domains)})") for sid, s in org.staff.items()]
        return {"name": "to", "label": label("assignee", org.language), "kind": "select", "required": True,
                "options": options, "value": complaint.assignee}
    from tousu.default_plugins.web.strings import text

    default = complaint.department or complaint.respondent if action == "forward" else ""
    return {"name": "to", "label": label("department", org.language) if action == "forward" else text(org.language, "to"),
            "kind": "text", "required": True, "options": [], "value": default}


def _field_input(complaint: Complaint, domain: Any, lang: str, field: str, shape: str) -> dict[str, Any]:
    item: dict[str, Any] = {"name": f"field_{field}", "label": label(field, lang, domain), "kind": "text",
                            "required": True, "options": [], "value": ""}
    if field == "tier" and domain is not None and complaint.tier in domain.tiers:
        higher = domain.tiers[domain.tiers.index(complaint.tier) + 1 :]
        item.update(kind="select", options=[(t, label(t, lang, domain)) for t in higher])
    elif field == "deadline":
        pending = [d.name for d in complaint.deadlines if d.kind == "deadline" and d.state == "pending" and d.met_at is None]
        item.update(kind="select", options=[(n, label(n, lang, domain)) for n in pending])
    elif field == "name":
        item.update(kind="select", options=[(s, label(s, lang, domain)) for s in complaint.open_steps])
    elif field == "until":
        item.update(kind="datetime-local")
    elif "|" in shape:
        item.update(kind="select", options=[(v, label(v, lang, domain)) for v in shape.split("|")])
    elif field in ("amount", "price"):
        item.update(kind="number")
    return item


def fields_from_form(form: dict[str, str]) -> dict[str, str]:
    """The ``--field`` facts a submitted action form carries (inputs named ``field_NAME``)."""
    return {k[len("field_"):]: v for k, v in form.items() if k.startswith("field_") and v != ""}


def role_label(role: str, language: str, domains: Iterable[DomainSpec | None]) -> str:
    """A staff member's role as a page names it where no one domain is in view: a domain's
    other word for a core role (`DomainSpec.accepted_roles`: retail's for the front line) by that domain's
    labels, every other role as `label` names it without a domain."""
    for domain in domains:
        if domain is not None and role in domain.accepted_roles:
            return label(role, language, domain)
    return label(role, language)
